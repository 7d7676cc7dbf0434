"""Only sofs_app/ knows Streamlit: the domain can be driven by tests or another front end."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOMAIN_PACKAGES = ["sofs_core", "sofs_admin", "mapping", "genograms", "storage", "auth", "i18n",
                   "printing", "plans", "privacy"]


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_no_module_outside_sofs_app_imports_streamlit() -> None:
    offenders = []
    for path in ROOT.rglob("*.py"):
        relative = path.relative_to(ROOT)
        if relative.parts[0] in {"sofs_app", "tests", "bench", ".venv", "node_modules"}:
            continue
        if any(name == "streamlit" or name.startswith("streamlit.") for name in _imports(path)):
            offenders.append(str(relative))
    assert offenders == []


def test_domain_packages_do_not_import_the_app() -> None:
    offenders = [
        str(path.relative_to(ROOT))
        for package in DOMAIN_PACKAGES
        for path in (ROOT / package).rglob("*.py")
        if any(name.split(".")[0] == "sofs_app" for name in _imports(path))
    ]
    assert offenders == []


def test_importing_every_domain_module_loads_no_streamlit() -> None:
    modules = sorted(
        ".".join(path.relative_to(ROOT).with_suffix("").parts)
        for package in DOMAIN_PACKAGES
        for path in (ROOT / package).rglob("*.py")
        if "migrations" not in path.parts and path.name != "__main__.py"
    )
    code = "import importlib, sys\n" + "".join(
        f"importlib.import_module({m!r})\n" for m in modules
    ) + "print('streamlit' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            cwd=ROOT, check=True)
    assert result.stdout.strip() == "False"
