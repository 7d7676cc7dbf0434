"""The Alembic migrations and the SQLAlchemy models describe the same schema."""

from __future__ import annotations

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, inspect

from storage.db import make_engine, migrate
from storage.models import Base
from storage.search import include_object


def test_migrations_match_the_models(engine: Engine) -> None:
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={
            "compare_type": True, "include_object": include_object})
        differences = compare_metadata(context, Base.metadata)
    assert differences == []


def test_migrating_twice_changes_nothing(engine: Engine) -> None:
    before = sorted(inspect(engine).get_table_names())
    migrate(engine)
    assert sorted(inspect(engine).get_table_names()) == before
    assert {"users", "families", "persons", "cases", "case_counsellors"} <= set(before)


def test_schema_head_names_the_newest_migration() -> None:
    from alembic.script import ScriptDirectory

    from storage.db import SCHEMA_HEAD, alembic_config

    assert ScriptDirectory.from_config(alembic_config()).get_heads() == [SCHEMA_HEAD]


def test_a_current_database_is_recognised_and_an_old_one_is_not(engine: Engine) -> None:

    from storage.db import schema_is_current

    assert schema_is_current(engine)
    migrate(engine, "0001")
    assert not schema_is_current(engine)
    migrate(engine)
    assert schema_is_current(engine)


def test_upgrading_recomputes_search_text_written_in_the_old_format(engine: Engine) -> None:
    from sqlalchemy import text


    migrate(engine, "0003")
    with engine.begin() as connection:
        connection.execute(text(
            "INSERT INTO families (id, name, search_text, version, created_at, updated_at) "
            "VALUES (1, 'Gezin Van den Broeck', 'gezin van den broeck', 1, "
            "CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"))
    migrate(engine)
    with engine.connect() as connection:
        stored = connection.execute(text("SELECT search_text FROM families")).scalar_one()
    assert "vandenbroeck" in stored


def test_upgrading_a_database_that_holds_the_demo_keeps_its_people(engine: Engine) -> None:
    from sqlalchemy.orm import Session

    from sofs_admin.demo import load_demo
    from storage.db import schema_is_current

    migrate(engine, "0004")
    with engine.begin() as connection:
        # The demo as it was before the genogram columns: loaded through plain SQL rows.
        connection.exec_driver_sql(
            "INSERT INTO families (id, name, search_text, version, created_at, updated_at) "
            "VALUES (7, 'Gezin Test', 'gezin test', 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)")
        connection.exec_driver_sql(
            "INSERT INTO persons (family_id, first_name, last_name, sex, gender, notes, "
            "version, created_at, updated_at) VALUES (7, 'Elif', 'Yılmaz', 'female', "
            "'woman', '', 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)")
    migrate(engine)
    assert schema_is_current(engine)
    with Session(engine) as session:
        from storage.models import Person

        elif_ = session.query(Person).one()
        assert (elif_.first_name, elif_.deceased, elif_.is_pregnancy) == ("Elif", False, False)
    assert load_demo  # the demo loader still imports against the new models
    if engine.dialect.name == "sqlite":  # the pooled connection has its foreign keys back
        with engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_upgrading_indexes_the_families_already_there_for_the_search(engine: Engine) -> None:
    from sqlalchemy import select, text
    from sqlalchemy.orm import Session

    from storage.models import Family
    from storage.search import family_matches

    migrate(engine, "0011")
    with engine.begin() as connection:
        connection.execute(text(
            "INSERT INTO families (id, name, search_text, version, created_at, updated_at) "
            "VALUES (3, 'Gezin Kowalski', 'gezin kowalski gezinkowalski', 1, "
            "CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"))
    migrate(engine)
    with Session(engine) as session:
        found = session.scalars(select(Family.name).where(family_matches(session, "owals")))
        assert list(found) == ["Gezin Kowalski"]


def test_the_search_can_be_answered_from_its_trigram_index(engine: Engine) -> None:
    """The index fits the query the search sends (not a plan choice: with a few rows the
    planner may rightly read the table, so PostgreSQL is told not to here)."""
    from sqlalchemy import select, text
    from sqlalchemy.orm import Session

    from storage.models import Family
    from storage.search import FTS_TABLE, TRIGRAM_INDEX, family_matches

    with engine.connect() as connection, Session(bind=connection) as session:
        query = select(Family.id).where(family_matches(session, "kowal"))
        sql = str(query.compile(connection, compile_kwargs={"literal_binds": True}))
        if engine.dialect.name == "postgresql":
            connection.execute(text("SET LOCAL enable_seqscan = off"))
            plan = " ".join(connection.execute(text(f"EXPLAIN {sql}")).scalars())
            assert TRIGRAM_INDEX in plan
        else:
            # SQLite: the index is asked once for the families (search_plan), and the
            # list's statements read that list.
            from storage.search import _index_matches

            asked = str(_index_matches("kowal").compile(
                connection, compile_kwargs={"literal_binds": True}))
            plan = " ".join(str(row[-1]) for row in connection.execute(
                text(f"EXPLAIN QUERY PLAN {asked}")))
            assert f"SCAN {FTS_TABLE} VIRTUAL TABLE" in plan
            assert "json_each" in sql


def test_upgrading_gives_the_drawings_already_stored_their_screen_versions(
    engine: Engine
) -> None:
    """0023: the demo's drawings, stored before the screen column, get the version the page
    shows (the same bytes the app makes when a drawing is stored), in their format."""
    from sqlalchemy import select
    from sqlalchemy.orm import Session

    from mapping.child_voice import screen_picture
    from sofs_admin.demo import load_demo
    from storage.db import session_factory, transaction
    from storage.models import ChildDrawing

    with transaction(session_factory(engine)) as s:
        load_demo(s)
    migrate(engine, "0022")
    assert "screen" not in {c["name"] for c in inspect(engine).get_columns("child_drawings")}
    migrate(engine)
    with Session(engine) as s:
        drawings = s.execute(select(ChildDrawing.content, ChildDrawing.screen,
                                    ChildDrawing.screen_format)).all()
    assert len(drawings) >= 2
    for content, screen, kind in drawings:
        made = screen_picture(content)
        assert (screen, kind) == (made.content, made.kind)


def test_every_sqlite_connection_is_set_for_several_sessions_and_a_large_register(
    tmp_path: Path,
) -> None:
    """WAL (readers beside a writer), foreign keys, and a page cache that holds the list's
    indexes of a 20,000-case register (bench.case_list), on every pooled connection."""
    engine = make_engine(f"sqlite:///{tmp_path / 'pragmas.sqlite3'}")
    migrate(engine)
    with engine.connect() as first, engine.connect() as second:
        for connection in (first, second):
            pragma = connection.exec_driver_sql
            assert pragma("PRAGMA journal_mode").scalar() == "wal"
            assert pragma("PRAGMA foreign_keys").scalar() == 1
            assert pragma("PRAGMA cache_size").scalar() == -32000
    engine.dispose()
