"""`sofs backup` and `sofs restore`: a round trip, refusals, and no case data printed."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from sofs_admin.cli import main
from storage.db import make_engine, session_factory
from storage.models import Family


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SOFS_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("SOFS_DATABASE_URL", raising=False)
    monkeypatch.delenv("SOFS_MIGRATION_DATABASE_URL", raising=False)
    assert main(["prepare", "--demo-if-empty"]) == 0
    return tmp_path / "data"


def _families(data_dir: Path) -> int:
    engine = make_engine(f"sqlite:///{data_dir / 'sofs.sqlite3'}")
    try:
        with session_factory(engine)() as s:
            return int(s.scalar(select(func.count(Family.id))) or 0)
    finally:
        engine.dispose()


def test_backup_and_restore_round_trip_printing_no_case_data(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    backups = tmp_path / "backups"
    backups.mkdir()
    capsys.readouterr()
    assert main(["backup", str(backups)]) == 0
    (made,) = backups.iterdir()
    assert made.name.startswith("sofs-") and made.suffix == ".sqlite3"
    assert main(["restore", str(made)]) == 0
    printed = capsys.readouterr()
    assert "kept at" in printed.out and "Restored into" in printed.out
    for name in ("Yılmaz", "Kowalski", "Peeters", "Lotte"):  # the demo family and counsellor
        assert name not in printed.out + printed.err
    assert _families(data_dir) == 1
    assert len(list(data_dir.glob("sofs.replaced-*.sqlite3"))) == 1
    assert main(["verify-audit"]) == 0


def test_restore_into_a_running_app_needs_the_flag(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    backup_file = tmp_path / "one.sqlite3"
    assert main(["backup", str(backup_file)]) == 0
    app = make_engine(f"sqlite:///{data_dir / 'sofs.sqlite3'}")
    try:
        with app.connect() as connection:  # a running app holds its connections open
            connection.execute(select(1)).all()
        capsys.readouterr()
        assert main(["restore", str(backup_file)]) == 1
        assert "--while-running" in capsys.readouterr().err
        assert list(data_dir.glob("sofs.replaced-*")) == []
        assert main(["restore", "--while-running", str(backup_file)]) == 0
        assert "Restart the app" in capsys.readouterr().out
    finally:
        app.dispose()


def test_restore_into_postgresql_points_at_pg_restore(
    data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str]
) -> None:
    backup_file = tmp_path / "one.sqlite3"
    assert main(["backup", str(backup_file)]) == 0
    monkeypatch.setenv("SOFS_DATABASE_URL", "postgresql+psycopg://sofs:x@127.0.0.1:1/sofs")
    capsys.readouterr()
    assert main(["restore", str(backup_file)]) == 1
    assert "pg_restore" in capsys.readouterr().err
