"""The layers hold: app -> domain -> storage -> core, and only sofs_app/ knows Streamlit, so
the domain can be driven by tests or another front end. The packages and their layers are
listed once, in pyproject.toml ([tool.sofs.layers]); everything here reads that list."""

from __future__ import annotations

import ast
import subprocess
import sys
import tomllib
from pathlib import Path

import networkx as nx
from setuptools import find_packages

from tests.packages import layers, packages

ROOT = Path(__file__).resolve().parents[2]
NOT_SHIPPED = {"tests", "bench", "tools", "build"}


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def _package_imports() -> dict[str, set[str]]:
    """Package -> the other project packages its modules import."""
    known = set(packages())
    return {
        package: {name.split(".")[0] for path in (ROOT / package).rglob("*.py")
                  for name in _imports(path)} & known - {package}
        for package in known
    }


def test_every_package_is_in_exactly_one_layer() -> None:
    on_disk = {path.parent.name for path in ROOT.glob("*/__init__.py")} - NOT_SHIPPED
    listed = packages()
    assert len(listed) == len(set(listed)), "a package is in two layers"
    assert sorted(on_disk) == sorted(listed), "add the new package to [tool.sofs.layers]"
    assert list(layers()) == ["app", "domain", "storage", "core"]


def test_the_wheel_ships_exactly_the_listed_packages() -> None:
    with (ROOT / "pyproject.toml").open("rb") as file:
        find = tomllib.load(file)["tool"]["setuptools"]["packages"]["find"]
    assert find.pop("namespaces") is False  # else every folder would be a package
    shipped = {name.split(".")[0] for name in find_packages(str(ROOT), **find)}
    assert sorted(shipped) == sorted(packages())


def test_each_package_imports_only_its_own_layer_and_those_below() -> None:
    rank = {package: index for index, members in enumerate(layers().values())
            for package in members}
    upward = sorted(f"{package} imports {other}"
                    for package, others in _package_imports().items() for other in others
                    if rank[other] < rank[package])
    assert upward == []


def test_the_packages_import_each_other_without_cycles() -> None:
    graph = nx.DiGraph([(package, other) for package, others in _package_imports().items()
                        for other in others])
    assert nx.is_directed_acyclic_graph(graph), nx.find_cycle(graph)


def test_no_module_outside_sofs_app_imports_streamlit() -> None:
    offenders = []
    for path in ROOT.rglob("*.py"):
        relative = path.relative_to(ROOT)
        if relative.parts[0] in {"sofs_app", "tests", "bench", ".venv", "node_modules"}:
            continue
        if any(name == "streamlit" or name.startswith("streamlit.") for name in _imports(path)):
            offenders.append(str(relative))
    assert offenders == []


def test_importing_every_module_but_the_app_loads_no_streamlit() -> None:
    modules = sorted(
        ".".join(path.relative_to(ROOT).with_suffix("").parts)
        for package in packages() if package != "sofs_app"
        for path in (ROOT / package).rglob("*.py")
        if "migrations" not in path.parts and path.name != "__main__.py"
    )
    code = "import importlib, sys\n" + "".join(
        f"importlib.import_module({m!r})\n" for m in modules
    ) + "print('streamlit' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            cwd=ROOT, check=True)
    assert result.stdout.strip() == "False"
