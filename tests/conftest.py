"""Shared fixtures: real databases (SQLite always, PostgreSQL when configured).

Set SOFS_TEST_DATABASE_URL to a PostgreSQL database the tests may wipe (as its owner) and
SOFS_TEST_APP_DATABASE_URL to the same database as a second role, which the tests grant
what the app's role gets (`storage.roles`); `.ci/run` does both.
Every test database's audit chain is verified when the test ends: a test that breaks it on
purpose says so with ``@pytest.mark.audit_tampered``.
With SOFS_REQUIRE_ALL_TESTS=1 (CI), a missing database or browser fails instead of skipping.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.orm import Session, sessionmaker

from auth import Actor
from mapping.cases import CaseInput, create_case
from sofs_admin.demo import load_demo
from sofs_core.clock import utcnow
from sofs_core.codes import Hulpvorm, ReferrerBody, Role
from storage.audit import verify
from storage.db import make_engine, migrate, session_factory, transaction
from storage.models import Base, User

PG_URL_ENV = "SOFS_TEST_DATABASE_URL"
PG_APP_URL_ENV = "SOFS_TEST_APP_DATABASE_URL"
REQUIRE_ENV = "SOFS_REQUIRE_ALL_TESTS"


def skip_or_fail(reason: str) -> None:
    """Skip with a reason, except in CI where every test must really run."""
    if os.environ.get(REQUIRE_ENV) == "1":
        pytest.fail(f"{reason} (required because {REQUIRE_ENV}=1)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated empty SQLite file, copied for each test (migrating each time is slow)."""
    path = tmp_path_factory.mktemp("template") / "template.sqlite3"
    engine = make_engine(f"sqlite:///{path}")
    migrate(engine)
    engine.dispose()
    return path


@pytest.fixture(scope="session")
def pg_engine() -> Iterator[Engine]:
    url = os.environ.get(PG_URL_ENV)
    if not url:
        skip_or_fail(f"PostgreSQL tests need {PG_URL_ENV}")
    assert url is not None
    engine = make_engine(url)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    migrate(engine)
    yield engine
    engine.dispose()


@pytest.fixture(scope="session")
def pg_app_engine(pg_engine: Engine) -> Iterator[Engine]:
    """The same PostgreSQL database as the app's limited role (granted like production)."""
    from storage.roles import grant_app_role, login_role

    url = os.environ.get(PG_APP_URL_ENV)
    if not url:
        skip_or_fail(f"PostgreSQL role tests need {PG_APP_URL_ENV}")
    assert url is not None
    role = login_role(url)
    assert role is not None and role != login_role(str(pg_engine.url)), \
        f"{PG_APP_URL_ENV} must name another role than {PG_URL_ENV}"
    grant_app_role(pg_engine, role)
    engine = make_engine(url)
    yield engine
    engine.dispose()


def wipe(engine: Engine) -> None:
    """Empty every table. The trail refuses TRUNCATE: its owner lifts that for the wipe."""
    tables = ", ".join(t.name for t in Base.metadata.sorted_tables)
    with engine.begin() as connection:
        connection.execute(text("ALTER TABLE audit_events DISABLE TRIGGER USER"))
        connection.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
        connection.execute(text("ALTER TABLE audit_events ENABLE TRIGGER USER"))


def assert_audit_chain_intact(engine: Engine) -> None:
    with engine.connect() as connection:
        report = verify(connection)
    assert report.intact, f"audit chain broken at line {report.broken_at}: {report.problem}"


def _check_chain_unless_tampered(request: pytest.FixtureRequest, engine: Engine) -> None:
    if request.node.get_closest_marker("audit_tampered") is None:
        assert_audit_chain_intact(engine)


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request: pytest.FixtureRequest, tmp_path: Path, sqlite_template: Path
           ) -> Iterator[Engine]:
    """A migrated, empty database of each kind; its audit chain is verified afterwards."""
    if request.param == "sqlite":
        path = tmp_path / "sofs.sqlite3"
        shutil.copy(sqlite_template, path)
        sqlite = make_engine(f"sqlite:///{path}")
        yield sqlite
        _check_chain_unless_tampered(request, sqlite)
        sqlite.dispose()
    else:
        pg: Engine = request.getfixturevalue("pg_engine")
        wipe(pg)
        yield pg
        _check_chain_unless_tampered(request, pg)


@pytest.fixture
def factory(engine: Engine) -> sessionmaker[Session]:
    return session_factory(engine)


@pytest.fixture
def session(factory: sessionmaker[Session]) -> Iterator[Session]:
    with factory() as s:
        yield s


_hash_cache: dict[str, str] = {}


def make_user(session: Session, username: str = "lotte", role: Role = Role.COUNSELLOR,
              display_name: str | None = None, password: str = "geheim-wachtwoord",
              team_id: int | None = None) -> Actor:
    from auth.service import hash_password

    if password not in _hash_cache:
        _hash_cache[password] = hash_password(password)
    # Confirmed, as if a team lead (or the server's `sofs confirm-account`) had done it.
    user = User(username=username, display_name=display_name or username.title(),
                password_hash=_hash_cache[password], role=role, team_id=team_id,
                confirmed_at=utcnow())
    session.add(user)
    session.flush()
    return Actor(user.id, user.username, user.display_name, user.role, None, team_id)


def case_input(actor: Actor, **changes: object) -> CaseInput:
    values: dict[str, object] = {
        "family_name": "Gezin Peeters",
        "hulpvorm": Hulpvorm.CONTEXT_SIGNS_OF_SAFETY,
        "referrer_body": ReferrerBody.OCJ,
        "start_date": date(2026, 9, 1),
        "counsellor_ids": (actor.id,),
        "consultant_name": "An Janssens",
    }
    values.update(changes)
    return CaseInput(**values)  # type: ignore[arg-type]


def make_case(session: Session, actor: Actor, **changes: object) -> int:
    return create_case(session=session, actor=actor, data=case_input(actor, **changes))


@pytest.fixture
def counsellor(factory: sessionmaker[Session]) -> Actor:
    with transaction(factory) as s:
        return make_user(s, "lotte", Role.COUNSELLOR, "Lotte Peeters")


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory, sqlite_template: Path) -> Path:
    """The demo installation loaded once per session, copied for each test (loading it
    takes about 0.4 s, and every AppTest starts from it)."""
    path = tmp_path_factory.mktemp("demo-template") / "demo.sqlite3"
    shutil.copy(sqlite_template, path)
    engine = make_engine(f"sqlite:///{path}")
    with transaction(session_factory(engine)) as s:
        load_demo(s)
    engine.dispose()
    return path


@pytest.fixture
def demo_db(request: pytest.FixtureRequest, tmp_path: Path, demo_template: Path
            ) -> Iterator[str]:
    """URL of a SQLite database holding the demo installation; its audit chain is verified
    after the test."""
    path = tmp_path / "demo.sqlite3"
    shutil.copy(demo_template, path)
    engine = make_engine(f"sqlite:///{path}")
    yield f"sqlite:///{path}"
    _check_chain_unless_tampered(request, engine)
    engine.dispose()
