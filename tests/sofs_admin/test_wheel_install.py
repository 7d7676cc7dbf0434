"""A non-editable install works: the wheel holds every package and what they read at run
time (migrations, catalogue, fonts, pages), and its data folder is the working directory's,
never the installed package's (site-packages)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

from tests.packages import packages

ROOT = Path(__file__).resolve().parents[2]
NOT_SHIPPED = (".venv", "node_modules", ".git", "data", "tests", "bench", "tools", "build",
               "*.egg-info", "__pycache__", ".*_cache", ".hypothesis")


def _run(args: list[str | Path], cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("SOFS_", "PYTHON", "VIRTUAL_ENV"))}
    return subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=600, check=False)


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh virtual environment with the wheel installed (no index); the dependencies
    come from this environment's site-packages, which its own .pth points at (pip sees no
    editable sofs there: .pth files in a folder added that way are not run)."""
    work = tmp_path_factory.mktemp("wheel")
    source = work / "source"
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(*NOT_SHIPPED))
    built = _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet",
                  "--wheel-dir", work / "wheels", source], cwd=work)
    assert built.returncode == 0, built.stderr
    (wheel,) = (work / "wheels").glob("sofs-*.whl")
    env_dir = work / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    site = Path(_run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                     cwd=work).stdout.strip())
    (site / "dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    done = _run([python, "-m", "pip", "install", "--no-index", "--no-deps", "--quiet", wheel],
                cwd=work)
    assert done.returncode == 0, done.stderr
    return env_dir


def test_the_wheel_installs_every_package_outside_the_checkout(installed: Path,
                                                               tmp_path: Path) -> None:
    code = ("import importlib, sys\n"
            f"for name in {packages()!r}:\n"
            "    print(importlib.import_module(name).__file__)\n")
    found = _run([installed / "bin" / "python", "-c", code], cwd=tmp_path)
    assert found.returncode == 0, found.stderr
    files = found.stdout.split()
    assert len(files) == len(packages())
    assert all(Path(f).is_relative_to(installed) for f in files), files


def test_the_installed_command_migrates_into_data_in_the_working_directory(
    installed: Path, tmp_path: Path
) -> None:
    helped = _run([installed / "bin" / "sofs", "--help"], cwd=tmp_path)
    assert helped.returncode == 0, helped.stderr
    assert "migrate" in helped.stdout
    migrated = _run([installed / "bin" / "sofs", "migrate"], cwd=tmp_path)
    assert migrated.returncode == 0, migrated.stderr
    assert (tmp_path / "data" / "sofs.sqlite3").stat().st_size > 0
    assert list(installed.rglob("sofs.sqlite3")) == []
    # The schema it made is the newest: the migrations were shipped with the wheel.
    check = _run([installed / "bin" / "python", "-c",
                  "from storage.db import make_engine, schema_is_current\n"
                  "print(schema_is_current(make_engine('sqlite:///data/sofs.sqlite3')))"],
                 cwd=tmp_path)
    assert check.stdout.strip() == "True", check.stderr


def test_every_file_a_package_reads_is_in_the_wheel(installed: Path, tmp_path: Path) -> None:
    """The catalogues, the care forms, fonts, the icon, the migrations' template: every file
    of a package that is not Python is shipped, so an installed sofs finds its own data."""
    root = Path(__file__).resolve().parents[2]
    tracked = subprocess.run(["git", "ls-files", *packages()], cwd=root, capture_output=True,
                             text=True, check=True).stdout.split()
    data = [name for name in tracked if not name.endswith(".py")]
    assert "registration/care_forms.toml" in data  # the listing found the package data
    site = _run([installed / "bin" / "python", "-c",
                 "import sysconfig; print(sysconfig.get_paths()['purelib'])"], cwd=tmp_path)
    missing = [name for name in data if not (Path(site.stdout.strip()) / name).is_file()]
    assert missing == []
