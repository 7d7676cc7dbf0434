"""Backups while counsellors save, and checked restores (storage/backup.py)."""

from __future__ import annotations

import shutil
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, select, text

from auth import Actor
from sofs_core.codes import Role
from storage.audit import verify
from storage.backup import BackupRefused, backup, check_backup, database_in_use, restore
from storage.db import SCHEMA_HEAD, make_engine, migrate, session_factory, transaction
from storage.models import Case
from tests.conftest import make_case, make_user


@pytest.fixture
def live(tmp_path: Path, sqlite_template: Path) -> Iterator[tuple[str, Engine]]:
    """The URL and engine of a migrated SQLite database, as the app would have it open."""
    path = tmp_path / "live" / "sofs.sqlite3"
    path.parent.mkdir()
    shutil.copy(sqlite_template, path)
    url = f"sqlite:///{path}"
    engine = make_engine(url)
    yield url, engine
    engine.dispose()


def _counsellor(engine: Engine) -> Actor:
    with transaction(session_factory(engine)) as s:
        return make_user(s, "lotte", Role.COUNSELLOR, "Lotte Peeters")


def _save_cases(engine: Engine, actor: Actor, count: int, prefix: str = "Gezin") -> list[int]:
    ids = []
    for number in range(count):
        with transaction(session_factory(engine)) as s:
            ids.append(make_case(s, actor, family_name=f"{prefix} {number}"))
    return ids


def _case_ids(path: Path) -> set[int]:
    with sqlite3.connect(path) as db:
        return {row[0] for row in db.execute("SELECT id FROM cases")}


def _audit_head(path: Path) -> int:
    with sqlite3.connect(path) as db:
        return int(db.execute("SELECT max(id) FROM audit_events").fetchone()[0])


def _chain_intact(path: Path) -> bool:
    engine = make_engine(f"sqlite:///{path}")
    try:
        with engine.connect() as connection:
            return verify(connection).intact
    finally:
        engine.dispose()


def test_a_plain_copy_misses_saves_still_in_the_log_and_the_backup_has_them(
    live: tuple[str, Engine], tmp_path: Path
) -> None:
    url, engine = live
    saved = _save_cases(engine, _counsellor(engine), 3)
    # The app keeps its connections open, so the saves wait in the write-ahead log.
    with engine.connect() as connection:
        connection.execute(select(Case.id)).all()
        plain = tmp_path / "plain.sqlite3"
        shutil.copy(engine.url.database or "", plain)
        report = backup(url, tmp_path)
    assert not set(saved) <= _case_ids(plain)
    assert _case_ids(report.path) == set(saved)
    assert report.schema_revision == SCHEMA_HEAD
    assert report.path.stat().st_mode & 0o077 == 0  # special-category data: owner only


def test_a_backup_during_a_burst_of_saves_restores_every_acknowledged_save(
    live: tuple[str, Engine], tmp_path: Path
) -> None:
    url, engine = live
    actor = _counsellor(engine)
    acknowledged: list[int] = []
    failures: list[BaseException] = []
    enough = threading.Condition()
    stop = threading.Event()

    def counsellor_saving(writer: int) -> None:
        factory = session_factory(engine)
        number = 0
        while not stop.is_set():
            try:
                with transaction(factory) as s:
                    case_id = make_case(s, actor, family_name=f"Gezin {writer}-{number}")
            except BaseException as error:
                failures.append(error)
                return
            number += 1
            with enough:
                acknowledged.append(case_id)  # the save returned: it is acknowledged
                enough.notify_all()

    writers = [threading.Thread(target=counsellor_saving, args=(n,)) for n in range(4)]
    for writer in writers:
        writer.start()
    try:
        with enough:
            enough.wait_for(lambda: len(acknowledged) >= 30 or bool(failures))
            before_backup = set(acknowledged)
        report = backup(url, tmp_path)
        with enough:
            # The burst goes on after the backup: the writers were never held up for good.
            enough.wait_for(lambda: len(acknowledged) >= len(before_backup) + 20
                            or bool(failures))
    finally:
        stop.set()
        for writer in writers:
            writer.join()
    assert failures == []
    assert len(before_backup) >= 30

    target = tmp_path / "restored" / "sofs.sqlite3"
    restored = restore(report.path, f"sqlite:///{target}")

    assert before_backup <= _case_ids(target)
    assert _case_ids(target) <= set(acknowledged) | _case_ids(Path(engine.url.database or ""))
    assert restored.replaced_kept_at is None
    assert restored.schema_revision == SCHEMA_HEAD
    assert _chain_intact(target)
    assert _chain_intact(Path(engine.url.database or ""))


def test_restore_refuses_a_database_in_use_unless_asked_and_keeps_the_replaced_one(
    live: tuple[str, Engine], tmp_path: Path
) -> None:
    url, engine = live
    actor = _counsellor(engine)
    first = _save_cases(engine, actor, 2, "Gezin eerst")
    report = backup(url, tmp_path)
    later = _save_cases(engine, actor, 2, "Gezin later")
    live_path = Path(engine.url.database or "")

    assert database_in_use(live_path)  # the engine's pool holds a connection
    with pytest.raises(BackupRefused) as refused:
        restore(report.path, url)
    assert refused.value.message_key == "backup.in_use"
    assert _case_ids(live_path) == set(first + later)

    done = restore(report.path, url, while_in_use=True)
    # The open app sees the restored database, whole.
    with engine.connect() as connection:
        assert set(connection.execute(select(Case.id)).scalars()) == set(first)
    assert done.replaced_kept_at is not None
    assert _case_ids(done.replaced_kept_at) == set(first + later)
    assert done.replaced_kept_at.stat().st_mode & 0o077 == 0
    assert _chain_intact(live_path)

    engine.dispose()
    assert not database_in_use(live_path)
    again = restore(report.path, url)  # the app stopped: no flag needed
    assert again.replaced_kept_at is not None and again.replaced_kept_at.is_file()


def test_restore_migrates_an_older_backup_up_and_leaves_the_backup_alone(
    live: tuple[str, Engine], tmp_path: Path
) -> None:
    url, engine = live
    _save_cases(engine, _counsellor(engine), 1)
    migrate(engine, "0010")
    engine.dispose()
    report = backup(url, tmp_path)
    assert report.schema_revision == "0010"

    target = tmp_path / "new" / "sofs.sqlite3"
    done = restore(report.path, f"sqlite:///{target}")
    assert (done.from_revision, done.schema_revision) == ("0010", SCHEMA_HEAD)
    with sqlite3.connect(target) as db:  # the restored trail says so, in its newest line
        newest = db.execute("SELECT actor_name, action, subject FROM audit_events "
                            "ORDER BY id DESC LIMIT 1").fetchone()
    assert newest == ("(server)", "change", "server/restore:0010")
    assert done.audit_lines == _audit_head(target)
    assert check_backup(report.path) == "0010"
    assert len(_case_ids(target)) == 1


def _not_sqlite(path: Path) -> None:
    path.write_text("case notes, not a database\n")


def _empty_sqlite(path: Path) -> None:
    path.unlink()
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE notes (x TEXT)")


def _from_the_future(path: Path) -> None:
    with sqlite3.connect(path) as db:
        db.execute("UPDATE alembic_version SET version_num = '9999'")


@pytest.mark.parametrize("spoil,reason", [
    (_not_sqlite, "backup.not_sofs"),
    (_empty_sqlite, "backup.not_sofs"),
    (_from_the_future, "backup.unknown_revision"),
    (Path.unlink, "backup.no_file"),
])
def test_restore_refuses_anything_but_a_known_sofs_database_and_changes_nothing(
    live: tuple[str, Engine], tmp_path: Path, spoil: object, reason: str
) -> None:
    url, engine = live
    saved = _save_cases(engine, _counsellor(engine), 1)
    engine.dispose()
    candidate = backup(url, tmp_path).path
    assert callable(spoil)
    spoil(candidate)
    with pytest.raises(BackupRefused) as refused:
        restore(candidate, url)
    assert refused.value.message_key == reason
    assert _case_ids(Path(engine.url.database or "")) == set(saved)
    assert list(Path(engine.url.database or "").parent.glob("*replaced*")) == []


def test_restore_refuses_a_backup_whose_audit_chain_is_broken(
    live: tuple[str, Engine], tmp_path: Path
) -> None:
    url, engine = live
    _save_cases(engine, _counsellor(engine), 2)
    engine.dispose()
    report = backup(url, tmp_path)
    assert report.audit_lines
    with sqlite3.connect(report.path) as db:  # around the app: triggers off, a line changed
        for (trigger,) in db.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall():
            db.execute(f'DROP TRIGGER "{trigger}"')
        db.execute("UPDATE audit_events SET subject = 'changed' WHERE id = 1")
    target = tmp_path / "new" / "sofs.sqlite3"
    with pytest.raises(BackupRefused) as refused:
        restore(report.path, f"sqlite:///{target}")
    assert refused.value.message_key == "backup.audit_broken"
    assert not target.exists()
    restore(report.path, f"sqlite:///{target}", allow_broken_audit=True)
    assert not _chain_intact(target)


def test_a_backup_never_overwrites_a_file(live: tuple[str, Engine], tmp_path: Path) -> None:
    url, _engine = live
    existing = tmp_path / "kept.sqlite3"
    existing.write_text("an older backup")
    with pytest.raises(BackupRefused) as refused:
        backup(url, existing)
    assert refused.value.message_key == "backup.exists"
    assert existing.read_text() == "an older backup"


def test_postgresql_is_backed_up_with_pg_dump(pg_engine: Engine, tmp_path: Path) -> None:
    import subprocess

    if shutil.which("pg_dump") is None:
        pytest.skip("pg_dump is not installed")
    with pg_engine.begin() as connection:
        connection.execute(text("SELECT 1"))
    report = backup(pg_engine.url.render_as_string(hide_password=False), tmp_path)
    assert report.path.suffix == ".dump" and report.path.stat().st_mode & 0o077 == 0
    listing = subprocess.run(["pg_restore", "--list", str(report.path)],
                             capture_output=True, text=True, check=True).stdout
    assert "TABLE DATA public audit_events" in listing
    assert "TABLE DATA public cases" in listing
