"""Reading real PDFs in tests: poppler's pdftotext and pdfinfo, qpdf's structure check."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

from tests.conftest import skip_or_fail


def tool(name: str) -> str:
    """The path of a command-line tool, or skip (fail in CI) when it is missing."""
    found = shutil.which(name)
    if found is None:
        skip_or_fail(f"{name} is not installed")
    return str(found)


def pdf_text(pdf: Path, *, layout: bool = False) -> str:
    """The PDF's text layer, as copying it out would give it."""
    args = [tool("pdftotext"), *(["-layout"] if layout else []), str(pdf), "-"]
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout


def assert_valid(pdf: Path) -> None:
    """qpdf finds no structural problem in the file."""
    check = subprocess.run([tool("qpdf"), "--check", str(pdf)], capture_output=True, text=True,
                           check=False)
    assert check.returncode == 0, check.stdout + check.stderr


def page_count(pdf: Path) -> int:
    info = subprocess.run([tool("pdfinfo"), str(pdf)], capture_output=True, text=True,
                          check=True).stdout
    found = re.search(r"^Pages:\s+(\d+)$", info, re.MULTILINE)
    assert found, info
    return int(found[1])
