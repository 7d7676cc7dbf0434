"""The project's packages, read from the one list in pyproject.toml ([tool.sofs.layers])."""

from __future__ import annotations

import importlib
import pkgutil
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def layers() -> dict[str, list[str]]:
    """Layer name -> its packages, top layer first (app, domain, storage, core)."""
    with (ROOT / "pyproject.toml").open("rb") as file:
        found: dict[str, list[str]] = tomllib.load(file)["tool"]["sofs"]["layers"]
    return found


def packages() -> list[str]:
    return [package for members in layers().values() for package in members]


def modules(layer: str) -> list[str]:
    """Every importable module of a layer's packages (migrations and ``__main__`` aside)."""
    found = []
    for package in layers()[layer]:
        found.append(package)
        root = importlib.import_module(package)
        for info in pkgutil.walk_packages(root.__path__, prefix=f"{package}."):
            if ".migrations" not in info.name and not info.name.endswith(".__main__"):
                found.append(info.name)
    return sorted(found)
