"""What must read the same everywhere is written in one place: the pages' paths
(sofs_app/paths.py) and a person's full name (sofs_core.text.full_name)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from sofs_app import paths
from sofs_core.text import full_name
from tests.packages import packages

ROOT = Path(__file__).resolve().parents[2]
PAGE_PATH = re.compile(r"^views/\w+\.py$")


def _sources() -> list[Path]:
    return [path for package in packages() for path in (ROOT / package).rglob("*.py")
            if "migrations" not in path.parts]


def test_every_page_path_is_written_only_in_paths_and_names_a_page() -> None:
    elsewhere = sorted(
        f"{path.relative_to(ROOT)}:{node.lineno}"
        for path in (ROOT / "sofs_app").rglob("*.py") if path.name != "paths.py"
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
        and PAGE_PATH.match(node.value)
    )
    assert elsewhere == []
    written = {value for name, value in vars(paths).items() if name.endswith("_PAGE")}
    on_disk = {f"views/{page.name}" for page in (ROOT / "sofs_app" / "views").glob("*.py")}
    assert written == on_disk


def test_a_full_name_is_put_together_only_by_full_name() -> None:
    """An f-string or join using both a first and a last name is a second formatter."""
    offenders = []
    for path in _sources():
        if path == ROOT / "sofs_core" / "text.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.JoinedStr):
                used = [n for part in node.values if isinstance(part, ast.FormattedValue)
                        for n in ast.walk(part.value)]
                attributes = {n.attr for n in used if isinstance(n, ast.Attribute)}
                variables = {n.id for n in used if isinstance(n, ast.Name)}
                if {"first_name", "last_name"} <= attributes | variables or \
                        {"first", "last"} <= variables:
                    offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert offenders == []


@pytest.mark.parametrize(("first", "last", "shown"), [
    ("Elif", "Yılmaz", "Elif Yılmaz"),
    ("Elif", "", "Elif"),
    ("", "Kowalski", "Kowalski"),
    ("", "", ""),
])
def test_full_name_leaves_no_space_for_a_missing_part(first: str, last: str, shown: str
                                                       ) -> None:
    assert full_name(first, last) == shown
