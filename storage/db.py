"""Engines, sessions and migrations."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine, create_engine, event, inspect, select, text
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.orm import Session, sessionmaker

from sofs_core.errors import PermissionDenied
from storage.audit import append_refusal
from storage.faults import storage_fault
from storage.guard import guard_text
from storage.models import AppMeta

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
DEMO_MARKER = "demo_data_loaded_at"
# The newest migration. Starting the app checks it with one query instead of loading
# Alembic (a fifth of a second); a test fails when a new migration is not named here.
SCHEMA_HEAD = "0024"
# How long a page may wait for the database before the user is told it is unreachable
# (storage/faults.py) instead of watching a spinner: to connect (a stopped or frozen
# server), for a lock another save holds, for one statement. SQLite's busy timeout is its
# lock wait. Migrations lift the statement limit (migration_connection).
CONNECT_TIMEOUT_S = 5
PING_TIMEOUT_S = 3
LOCK_TIMEOUT_MS = 10_000
STATEMENT_TIMEOUT_MS = 15_000
SQLITE_BUSY_TIMEOUT_S = 15


def make_engine(url: str) -> Engine:
    """An engine for either backend, with SQLite made safe for several sessions at once.

    hide_parameters keeps the values of a failed statement (names, case texts) out of
    exception messages and so out of the server's log. Each pooled PostgreSQL connection
    is pinged when taken (``_ping``): one a restarted server dropped is replaced, so the
    first rerun after it returns works.
    """
    if url.startswith("sqlite"):
        path = url.removeprefix("sqlite:///")
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(
            url, connect_args={"check_same_thread": False, "timeout": SQLITE_BUSY_TIMEOUT_S},
            hide_parameters=True,
        )
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    options = f"-c statement_timeout={STATEMENT_TIMEOUT_MS} -c lock_timeout={LOCK_TIMEOUT_MS}"
    engine = create_engine(
        url, hide_parameters=True,
        connect_args={"connect_timeout": CONNECT_TIMEOUT_S, "options": options},
    )
    event.listen(engine, "checkout", _ping)
    return engine


def _ping(dbapi_connection: Any, _record: Any, _proxy: Any) -> None:
    """SQLAlchemy's pool_pre_ping, with a time limit: a frozen server (stopped process,
    lost network) never answers, and a page would wait for ever. A connection that does
    not answer within PING_TIMEOUT_S is dropped; the pool then connects afresh, which
    gives up after CONNECT_TIMEOUT_S."""
    import psycopg
    from psycopg import generators
    from psycopg.pq import ExecStatus

    pgconn = dbapi_connection.pgconn
    try:
        pgconn.send_query(b"SELECT 1")
        results = dbapi_connection.wait(generators.execute(pgconn), timeout=PING_TIMEOUT_S)
    except (psycopg.Error, OSError) as error:
        raise DisconnectionError("no answer to the ping") from error
    if not results or results[-1].status != ExecStatus.TUPLES_OK:
        raise DisconnectionError("the ping failed")


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    # SQLite keeps 2 MB of pages per connection by default: a search in a register of
    # 20,000 cases reads more than that, so each rerun read them from the file again (about
    # 1 ms of its 10; issue 19). 32 MB holds the list's indexes of such a register, and a
    # connection only takes what it reads.
    cursor.execute("PRAGMA cache_size=-32000")
    cursor.close()


def session_factory(engine: Engine) -> sessionmaker[Session]:
    # Text PostgreSQL cannot store is refused on every backend alike (storage/guard.py).
    return guard_text(sessionmaker(engine, expire_on_commit=False))


@contextmanager
def transaction(factory: sessionmaker[Session]) -> Iterator[Session]:
    """A short-lived session that commits on success and rolls back on any error.

    A refused action (``PermissionDenied`` with an audit event) is rolled back whole, and
    the refusal is then written to the audit trail in a transaction of its own.
    """
    try:
        with factory() as session, session.begin():
            yield session
    except PermissionDenied as refused:
        if refused.event is not None:
            with factory() as session, session.begin():
                append_refusal(session, refused.event)
        raise
    except Exception as error:
        # A database that is down, frozen or full is a fault to tell the user about, with
        # the driver's error kept as the cause for the log (storage/faults.py).
        fault = storage_fault(error)
        if fault is None:
            raise
        raise fault from error


def alembic_config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def schema_is_current(engine: Engine) -> bool:
    """True when the database is at SCHEMA_HEAD, so there is nothing to migrate."""
    if not inspect(engine).has_table("alembic_version"):
        return False
    with engine.connect() as connection:
        versions = connection.execute(text("SELECT version_num FROM alembic_version")).all()
    return [row[0] for row in versions] == [SCHEMA_HEAD]


@contextmanager
def migration_connection(engine: Engine) -> Iterator[Connection]:
    """A connection for Alembic, in one transaction.

    On SQLite, batch migrations rebuild a table (copy, drop, rename). With foreign keys on,
    dropping the old table would cascade and delete the rows that point at it (a family's
    people), so they are off while migrating; the keys are checked before they go back on.
    """
    sqlite = engine.dialect.name == "sqlite"
    with engine.connect() as connection:
        if sqlite:
            # Outside any transaction, or SQLite ignores it.
            connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
            connection.commit()
        try:
            with connection.begin():
                if not sqlite:
                    # Rewriting a large table may take longer than a page may wait.
                    connection.exec_driver_sql("SET LOCAL statement_timeout = 0")
                yield connection
                if sqlite:
                    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").all()
                    if broken:
                        raise RuntimeError(f"migration broke {len(broken)} foreign key(s)")
        finally:
            if sqlite:
                connection.exec_driver_sql("PRAGMA foreign_keys=ON")
                connection.commit()


def migrate(engine: Engine, revision: str = "head") -> None:
    """Bring the database to ``revision`` (the newest by default); idempotent."""
    if revision == "head" and schema_is_current(engine):
        return
    from alembic import command

    config = alembic_config()
    with migration_connection(engine) as connection:
        config.attributes["connection"] = connection
        if revision == "head":
            command.upgrade(config, revision)
        else:
            command.downgrade(config, revision)


def is_empty(engine: Engine) -> bool:
    """True when the database has no families and no users yet."""
    if not inspect(engine).has_table("users"):
        return True
    from storage.models import Family, User

    with Session(engine) as session:
        return (
            session.scalar(select(User.id).limit(1)) is None
            and session.scalar(select(Family.id).limit(1)) is None
        )


def holds_demo_data(session: Session) -> bool:
    return session.get(AppMeta, DEMO_MARKER) is not None
