"""The audit trail is a hash chain: whoever gets around the triggers (the tables' owner)
still cannot change, remove or add a line unseen, and verification names the first broken
line; on SQLite an INSERT OR REPLACE is refused; on PostgreSQL the app's role can only read
and append the trail."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from sqlalchemy import Engine, insert, select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from sofs_admin.cli import main
from sofs_core.clock import utcnow
from sofs_core.codes import AuditAction
from storage.audit import GENESIS, Problem, append, seal, verify
from storage.db import make_engine, migrate, session_factory, transaction
from storage.models import AuditEvent


def _write(factory: sessionmaker[Session], count: int, who: str = "lotte") -> None:
    for number in range(count):
        with transaction(factory) as s:
            append(s, AuditAction.READ, f"test/{number}", actor_id=7, actor_name=who,
                   case_id=number % 2 or None)


def _verify(engine: Engine) -> tuple[int | None, Problem | None]:
    with engine.connect() as connection:
        report = verify(connection)
    return report.broken_at, report.problem


def _as_owner(engine: Engine, *statements: str) -> None:
    """What the owner of the tables can do: lift the triggers, run SQL, put them back."""
    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            connection.execute(text("ALTER TABLE audit_events DISABLE TRIGGER USER"))
        else:
            for name in ("no_update", "no_delete", "no_replace"):
                connection.execute(text(f"DROP TRIGGER audit_events_{name}"))
        for statement in statements:
            connection.execute(text(statement))
        if engine.dialect.name == "postgresql":
            connection.execute(text("ALTER TABLE audit_events ENABLE TRIGGER USER"))


def test_every_line_is_sealed_and_chained_from_the_genesis_value(
    engine: Engine, factory: sessionmaker[Session]
) -> None:
    _write(factory, 3)
    with factory() as s:
        lines = s.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()
    assert [line.id for line in lines] == [1, 2, 3]
    assert lines[0].prev_hash == GENESIS
    assert [line.prev_hash for line in lines[1:]] == [line.hash for line in lines[:-1]]
    for line in lines:
        assert line.hash == seal(id=line.id, at=line.at, actor_id=line.actor_id,
                                 actor_name=line.actor_name, case_id=line.case_id,
                                 action=line.action, subject=line.subject,
                                 prev_hash=line.prev_hash or "")
    with engine.connect() as connection:
        report = verify(connection)
    assert report.intact and report.lines == 3 and report.head_id == 3


def test_a_line_written_in_a_transaction_that_rolls_back_leaves_no_trace(
    engine: Engine, factory: sessionmaker[Session]
) -> None:
    _write(factory, 2)
    with pytest.raises(RuntimeError), transaction(factory) as s:
        append(s, AuditAction.CHANGE, "test/undone")
        raise RuntimeError("undone")
    _write(factory, 1)
    assert _verify(engine) == (None, None)


# What the owner does by hand, and the first broken line (the trail holds lines 1..5).
TAMPERING = {
    "a line rewritten": (["UPDATE audit_events SET subject = 'weggepoetst' WHERE id = 3"],
                         3, Problem.ALTERED),
    "a line rewritten with a new hash of its own": (
        ["UPDATE audit_events SET actor_name = 'x', hash = :forged WHERE id = 2"],
        3, Problem.BROKEN_LINK),
    "a line deleted": (["DELETE FROM audit_events WHERE id = 2"], 3, Problem.BROKEN_LINK),
    "the newest lines deleted": (["DELETE FROM audit_events WHERE id >= 4"],
                                 4, Problem.END_MISSING),
    "every line deleted": (["DELETE FROM audit_events"], 1, Problem.END_MISSING),
    "a line slipped in without a hash": (
        ["INSERT INTO audit_events (id, at, actor_name, action, subject) "
         "VALUES (6, CURRENT_TIMESTAMP, 'x', 'read', 'x')"], 6, Problem.UNSEALED),
    "a line slipped in with a valid seal": (
        ["INSERT INTO audit_events (id, at, actor_name, action, subject, prev_hash, hash) "
         "SELECT 6, at, 'x', action, subject, hash, :forged FROM audit_events "
         "WHERE id = 5"], 6, Problem.NOT_CHAINED),
}


@pytest.mark.audit_tampered
@pytest.mark.parametrize("case", TAMPERING, ids=list(TAMPERING))
def test_tampering_by_the_owner_is_found_at_the_first_broken_line(
    engine: Engine, factory: sessionmaker[Session], case: str
) -> None:
    statements, broken_at, problem = TAMPERING[case]
    _write(factory, 5)
    assert _verify(engine) == (None, None)
    with factory() as s:
        forged = _forged_seal(s, 6 if broken_at == 6 else 2)
    _as_owner(engine, *[s.replace(":forged", f"'{forged}'") for s in statements])
    assert _verify(engine) == (broken_at, problem)


def _forged_seal(session: Session, line_id: int) -> str:
    """A valid hash for a line rewritten (2) or copied from line 5 (6) with the name 'x',
    by someone who knows the encoding."""
    line = session.get(AuditEvent, min(line_id, 5))
    assert line is not None and line.hash is not None and line.prev_hash is not None
    return seal(id=line_id, at=line.at, actor_id=None if line_id == 6 else line.actor_id,
                actor_name="x", case_id=None if line_id == 6 else line.case_id,
                action=line.action, subject=line.subject,
                prev_hash=line.hash if line_id == 6 else line.prev_hash)


@pytest.mark.audit_tampered
def test_a_line_appended_after_lines_were_removed_does_not_hide_the_gap(
    engine: Engine, factory: sessionmaker[Session]
) -> None:
    _write(factory, 4)
    _as_owner(engine, "DELETE FROM audit_events WHERE id >= 3")
    _write(factory, 1)
    assert _verify(engine) == (5, Problem.BROKEN_LINK)


@pytest.mark.audit_tampered
def test_removing_the_record_of_the_newest_line_is_found(
    engine: Engine, factory: sessionmaker[Session]
) -> None:
    _write(factory, 2)
    with engine.begin() as connection:
        connection.execute(text("DELETE FROM audit_chain_head"))
    assert _verify(engine) == (None, Problem.HEAD_MISSING)
    _write(factory, 1)  # the next line cannot chain on silently
    assert _verify(engine) == (3, Problem.BROKEN_LINK)


@pytest.mark.parametrize("verb", ["INSERT OR REPLACE", "REPLACE"])
def test_sqlite_refuses_to_replace_a_line(
    tmp_path: Path, sqlite_template: Path, verb: str
) -> None:
    import shutil

    path = tmp_path / "sofs.sqlite3"
    shutil.copy(sqlite_template, path)
    engine = make_engine(f"sqlite:///{path}")
    factory = session_factory(engine)
    _write(factory, 3)
    with pytest.raises(DBAPIError, match="append-only"), engine.begin() as connection:
        connection.execute(text(
            f"{verb} INTO audit_events (id, at, actor_name, action, subject, prev_hash, hash) "  # noqa: S608
            "SELECT id, at, 'x', action, subject, prev_hash, hash FROM audit_events "
            "WHERE id = 2"))
    assert _verify(engine) == (None, None)
    engine.dispose()


@pytest.mark.audit_tampered
def test_sqlite_a_replace_with_the_trigger_dropped_is_found(
    tmp_path: Path, sqlite_template: Path
) -> None:
    import shutil

    path = tmp_path / "sofs.sqlite3"
    shutil.copy(sqlite_template, path)
    engine = make_engine(f"sqlite:///{path}")
    _write(session_factory(engine), 3)
    with engine.begin() as connection:
        connection.execute(text("DROP TRIGGER audit_events_no_replace"))
        connection.execute(text(
            "INSERT OR REPLACE INTO audit_events (id, at, actor_name, action, subject, "
            "prev_hash, hash) SELECT id, at, 'x', action, subject, prev_hash, hash "
            "FROM audit_events WHERE id = 2"))
    assert _verify(engine) == (2, Problem.ALTERED)
    engine.dispose()


@pytest.mark.audit_tampered
@pytest.mark.parametrize("engine", ["postgresql"], indirect=True)
def test_postgresql_truncate_is_refused_and_found_when_forced(
    engine: Engine, factory: sessionmaker[Session]
) -> None:
    _write(factory, 3)
    with pytest.raises(DBAPIError, match="append-only"), engine.begin() as connection:
        connection.execute(text("TRUNCATE audit_events"))
    assert _verify(engine) == (None, None)
    _as_owner(engine, "TRUNCATE audit_events")
    assert _verify(engine) == (1, Problem.END_MISSING)
    _write(factory, 1)
    assert _verify(engine) == (4, Problem.BROKEN_LINK)


APP_ROLE_REFUSED = [
    "UPDATE audit_events SET subject = 'x'",
    "DELETE FROM audit_events",
    "TRUNCATE audit_events",
    "ALTER TABLE audit_events DISABLE TRIGGER USER",
    "DROP TRIGGER audit_events_append_only ON audit_events",
    "INSERT INTO alembic_version VALUES ('x')",
]


@pytest.mark.parametrize("engine", ["postgresql"], indirect=True)
@pytest.mark.parametrize("statement", APP_ROLE_REFUSED)
def test_postgresql_the_app_role_can_only_read_and_append_the_trail(
    engine: Engine, pg_app_engine: Engine, statement: str
) -> None:
    app = session_factory(pg_app_engine)
    _write(app, 2)  # through the app's one writer
    with pytest.raises(DBAPIError, match=r"permission denied|must be owner"), \
            pg_app_engine.begin() as connection:
        connection.execute(text(statement))
    with app() as s:
        assert len(s.scalars(select(AuditEvent)).all()) == 2
    assert _verify(pg_app_engine) == (None, None)


def test_concurrent_appends_never_fork_the_chain(
    engine: Engine, factory: sessionmaker[Session]
) -> None:
    _write(factory, 1)

    def writer(number: int) -> None:
        _write(factory, 10, who=f"writer{number}")

    with ThreadPoolExecutor(max_workers=4) as pool:
        writing = [pool.submit(writer, number) for number in range(4)]
        while not all(job.done() for job in writing):
            # Checked while lines are appended: never a false alarm.
            assert _verify(engine) == (None, None)
        for job in writing:
            job.result()
    with engine.connect() as connection:
        report = verify(connection)
    assert report.intact and report.lines == 41


def test_migrating_seals_the_lines_written_before_the_chain(engine: Engine) -> None:
    migrate(engine, "0009")
    with engine.begin() as connection:
        for number in (1, 2, 5):  # ids with a gap, as a PostgreSQL sequence leaves them
            connection.execute(insert(_old_audit_table()).values(
                id=number, at=utcnow(), actor_id=None, actor_name="lotte", case_id=None,
                action="read", subject=f"old/{number}"))
    migrate(engine)
    with engine.connect() as connection:
        report = verify(connection)
    assert report.intact and report.lines == 3 and report.head_id == 5
    with transaction(session_factory(engine)) as s:
        assert append(s, AuditAction.READ, "new") == 6
    assert _verify(engine) == (None, None)


def _old_audit_table() -> object:
    from sqlalchemy import Column, DateTime, Integer, MetaData, String, Table

    return Table("audit_events", MetaData(), Column("id", Integer, primary_key=True),
                 Column("at", DateTime(timezone=True)), Column("actor_id", Integer),
                 Column("actor_name", String), Column("case_id", Integer),
                 Column("action", String), Column("subject", String))


@pytest.mark.audit_tampered
def test_verify_audit_command_names_the_first_broken_line_and_no_case_data(
    tmp_path: Path, sqlite_template: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str]
) -> None:
    import shutil

    path = tmp_path / "sofs.sqlite3"
    shutil.copy(sqlite_template, path)
    url = f"sqlite:///{path}"
    monkeypatch.setenv("SOFS_DATABASE_URL", url)
    engine = make_engine(url)
    _write(session_factory(engine), 4, who="Elif Yılmaz")
    assert main(["verify-audit"]) == 0
    assert "intact: 4 line(s)" in capsys.readouterr().out
    _as_owner(engine, "UPDATE audit_events SET subject = 'x' WHERE id = 3")
    engine.dispose()
    assert main(["verify-audit"]) == 1
    out = capsys.readouterr()
    assert "line 3" in out.err
    assert "Yılmaz" not in out.out + out.err and "test/" not in out.out + out.err



@pytest.mark.parametrize("engine", ["postgresql"], indirect=True)
def test_postgresql_migrate_as_the_owner_grants_the_app_role(
    engine: Engine, pg_app_engine: Engine, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str]
) -> None:
    role = pg_app_engine.url.username
    with engine.begin() as connection:
        connection.execute(text(f'REVOKE ALL ON audit_events, audit_chain_head FROM "{role}"'))
    app = session_factory(pg_app_engine)
    with pytest.raises(DBAPIError, match="permission denied"):
        _write(app, 1)
    monkeypatch.setenv("SOFS_DATABASE_URL",
                       pg_app_engine.url.render_as_string(hide_password=False))
    monkeypatch.setenv("SOFS_MIGRATION_DATABASE_URL",
                       engine.url.render_as_string(hide_password=False))
    assert main(["migrate"]) == 0
    assert f"Role {role} may read and append the audit trail" in capsys.readouterr().out
    _write(app, 2)
    with pytest.raises(DBAPIError, match="permission denied"), \
            pg_app_engine.begin() as connection:
        connection.execute(text("DELETE FROM audit_events"))
    assert _verify(pg_app_engine) == (None, None)
