"""A data folder the app cannot write to, or a database that does not answer, at start:
one sentence in the installation's language for the person starting it, no traceback."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from i18n import load_catalogue
from tests.conftest import skip_or_fail

REPO_ROOT = Path(__file__).resolve().parents[2]
CATALOGUE = load_catalogue()


@pytest.fixture
def read_only_folder(tmp_path: Path) -> Iterator[Path]:
    """A folder nobody may write to: a read-only file system for root (who may write
    anywhere else), a folder without write permission for anyone else."""
    folder = tmp_path / "readonly"
    folder.mkdir()
    if os.geteuid() != 0:
        folder.chmod(0o555)
        yield folder
        folder.chmod(0o755)
        return
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "ro,size=1m", "tmpfs", str(folder)],
                             capture_output=True, check=False)
    if mounted.returncode != 0:
        skip_or_fail(f"cannot mount a read-only file system: {mounted.stderr!r}")
    yield folder
    subprocess.run(["umount", str(folder)], check=True)


def _start(*args: str, **environment: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SOFS_")}
    return subprocess.run([sys.executable, "-m", *args], cwd=REPO_ROOT, capture_output=True,
                          text=True, env={**env, "SOFS_DEFAULT_LOCALE": "nl-BE", **environment},
                          timeout=120, check=False)


@pytest.mark.parametrize("command", [
    ("sofs_admin.cli", "prepare", "--demo-if-empty"),
    ("sofs_app.serve", "--demo-if-empty", "--port", "1"),
], ids=["sofs-prepare", "make-run"])
def test_a_read_only_data_folder_is_told_in_dutch(read_only_folder: Path,
                                                  command: tuple[str, ...]) -> None:
    data_dir = read_only_folder / "data"
    started = _start(*command, SOFS_DATA_DIR=str(data_dir))
    assert started.returncode == 1
    assert started.stderr.strip() == CATALOGUE.text(
        "nl-BE", "fault.start_folder_unwritable", path=str(data_dir))
    assert "Traceback" not in started.stdout + started.stderr


def test_an_existing_database_in_a_folder_turned_read_only_is_told_in_dutch(
        read_only_folder: Path, sqlite_template: Path) -> None:
    if os.geteuid() != 0:
        pytest.skip("only root can put a database on a read-only file system")
    subprocess.run(["mount", "-o", "remount,rw", str(read_only_folder)], check=True)
    data_dir = read_only_folder / "data"
    data_dir.mkdir()
    (data_dir / "sofs.sqlite3").write_bytes(sqlite_template.read_bytes())
    subprocess.run(["mount", "-o", "remount,ro", str(read_only_folder)], check=True)
    started = _start("sofs_admin.cli", "prepare", "--demo-if-empty",
                     SOFS_DATA_DIR=str(data_dir))
    assert started.returncode == 1
    assert started.stderr.strip() == CATALOGUE.text(
        "nl-BE", "fault.start_folder_unwritable", path=str(data_dir))


def test_a_database_server_that_does_not_answer_is_told_in_dutch() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed = int(probe.getsockname()[1])
    started = _start("sofs_admin.cli", "prepare",
                     SOFS_DATABASE_URL=f"postgresql+psycopg://sofs:pw@127.0.0.1:{closed}/sofs")
    assert started.returncode == 1
    assert started.stderr.strip() == CATALOGUE.text("nl-BE", "fault.start_database_unreachable")
    assert "Traceback" not in started.stderr
