"""A database that is down, frozen, locked too long or full becomes a fault the app can
name (storage/faults.py); a bug in a query stays a bug.

A full disk is a real SQLITE_FULL: every connection's database may not grow
(``PRAGMA max_page_count``) and the trail is filled until no line fits.
"""

from __future__ import annotations

import shutil
import socket
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, event, exc, func, select, text

from auth.access import Need, check_case
from sofs_core.codes import AuditAction
from storage.audit import append
from storage.db import make_engine, session_factory, transaction
from storage.faults import StorageFull, StorageUnavailable
from storage.models import AuditEvent
from tests.conftest import make_case, make_user
from tests.relay import Relay


def _no_growth(dbapi_connection: Any, _record: Any) -> None:
    """The database file may not grow past its present size: the disk is full."""
    cursor = dbapi_connection.cursor()
    pages = cursor.execute("PRAGMA page_count").fetchone()[0]
    cursor.execute(f"PRAGMA max_page_count = {pages}")
    cursor.close()


@pytest.fixture
def sqlite_engine(tmp_path: Path, sqlite_template: Path) -> Iterator[Engine]:
    path = tmp_path / "sofs.sqlite3"
    shutil.copy(sqlite_template, path)
    engine = make_engine(f"sqlite:///{path}")
    yield engine
    engine.dispose()


def fill_disk(engine: Engine, actor_id: int) -> None:
    """From now on the database cannot grow; fill it with trail lines until none fits."""
    event.listen(engine, "connect", _no_growth)
    engine.dispose()
    factory = session_factory(engine)
    refused_in_a_row = 0
    while refused_in_a_row < 3:
        try:
            with transaction(factory) as s:
                append(s, AuditAction.READ, "-", actor_id=actor_id)
            refused_in_a_row = 0
        except StorageFull:
            refused_in_a_row += 1


def free_disk(engine: Engine) -> None:
    event.remove(engine, "connect", _no_growth)
    engine.dispose()


def _lines(engine: Engine, case_id: int) -> int:
    with session_factory(engine)() as s:
        return s.scalar(select(func.count()).select_from(AuditEvent)
                        .where(AuditEvent.case_id == case_id)) or 0


def test_a_read_on_a_full_disk_is_refused_until_it_can_be_recorded(sqlite_engine: Engine) -> None:
    """Decision: the trail is complete or the read does not happen. A read that cannot be
    recorded is refused (StorageFull, which the app shows in the user's words), and the
    same read works, and is recorded, as soon as there is room again."""
    factory = session_factory(sqlite_engine)
    with transaction(factory) as s:
        actor = make_user(s)
        case_id = make_case(s, actor)
    before = _lines(sqlite_engine, case_id)
    fill_disk(sqlite_engine, actor.id)

    with pytest.raises(StorageFull), transaction(factory) as s:
        check_case(s, actor, case_id, Need.READ, "case/overview")
    assert _lines(sqlite_engine, case_id) == before

    free_disk(sqlite_engine)
    with transaction(factory) as s:
        check_case(s, actor, case_id, Need.READ, "case/overview")
    assert _lines(sqlite_engine, case_id) == before + 1


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def silent_server() -> Iterator[int]:
    """A frozen database server: it accepts connections and never says a word."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                held.append(listener.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield int(listener.getsockname()[1])
    stop.set()
    thread.join()
    for connection in held:
        connection.close()
    listener.close()


@pytest.mark.parametrize("frozen", [False, True], ids=["stopped", "frozen"])
def test_an_unreachable_postgresql_is_a_fault_not_a_hang(frozen: bool,
                                                         silent_server: int) -> None:
    port = silent_server if frozen else _free_port()
    engine = make_engine(f"postgresql+psycopg://sofs:pw@127.0.0.1:{port}/sofs")
    try:
        with pytest.raises(StorageUnavailable) as raised, \
                transaction(session_factory(engine)) as s:
            s.execute(select(1))
        # The driver's error stays the cause, for the server's log.
        assert isinstance(raised.value.__cause__, exc.OperationalError)
        assert type(raised.value) is StorageUnavailable
    finally:
        engine.dispose()


def test_a_wrong_query_stays_a_bug(sqlite_engine: Engine) -> None:
    with pytest.raises(exc.OperationalError, match="no such table"), \
            transaction(session_factory(sqlite_engine)) as s:
        s.execute(text("SELECT * FROM no_such_table"))


def test_postgresql_sessions_wait_for_statements_and_locks_no_longer_than_a_page_may(
        pg_engine: Engine) -> None:
    with pg_engine.connect() as connection:
        assert connection.execute(text("SHOW statement_timeout")).scalar() == "15s"
        assert connection.execute(text("SHOW lock_timeout")).scalar() == "10s"


def test_a_lock_held_too_long_on_postgresql_is_a_fault(pg_engine: Engine) -> None:
    factory = session_factory(pg_engine)
    with pg_engine.connect() as holder:
        holder.execute(text("LOCK TABLE app_meta IN ACCESS EXCLUSIVE MODE"))
        with pytest.raises(StorageUnavailable), transaction(factory) as s:
            # The engine's own lock_timeout is 10 s; a shorter one keeps the test quick.
            s.execute(text("SET LOCAL lock_timeout = '100ms'"))
            s.execute(text("SELECT count(*) FROM app_meta"))
        holder.rollback()


@pytest.fixture
def relay(pg_engine: Engine) -> Iterator[Relay]:
    target = pg_engine.url
    relay = Relay((target.host or "127.0.0.1", target.port or 5432))
    yield relay
    relay.close()


@pytest.mark.parametrize("hang_up", [True, False], ids=["stopped", "frozen-mid-way"])
def test_postgresql_going_away_is_a_fault_and_its_return_is_noticed_without_a_restart(
        pg_engine: Engine, relay: Relay, hang_up: bool) -> None:
    """A pooled connection to a server that stopped, or froze without a word, is given up
    (the ping has a time limit); once the server answers again, the next session works."""
    engine = make_engine(pg_engine.url.set(host="127.0.0.1", port=relay.port)
                         .render_as_string(hide_password=False))
    factory = session_factory(engine)
    try:
        with transaction(factory) as s:
            assert s.scalar(select(1)) == 1
        relay.freeze(hang_up=hang_up)
        with pytest.raises(StorageUnavailable), transaction(factory) as s:
            s.execute(select(1))
        relay.thaw()
        with transaction(factory) as s:
            assert s.scalar(select(1)) == 1
    finally:
        engine.dispose()
