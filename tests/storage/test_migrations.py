"""The Alembic migrations and the SQLAlchemy models describe the same schema."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, inspect

from storage.db import migrate
from storage.models import Base


def test_migrations_match_the_models(engine: Engine) -> None:
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
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
    from alembic import command

    from storage.db import alembic_config, schema_is_current

    assert schema_is_current(engine)
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0001")
    assert not schema_is_current(engine)
    migrate(engine)
    assert schema_is_current(engine)


def test_upgrading_recomputes_search_text_written_in_the_old_format(engine: Engine) -> None:
    from alembic import command
    from sqlalchemy import text

    from storage.db import alembic_config

    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0003")
        connection.execute(text(
            "INSERT INTO families (id, name, search_text, version, created_at, updated_at) "
            "VALUES (1, 'Gezin Van den Broeck', 'gezin van den broeck', 1, "
            "CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"))
    migrate(engine)
    with engine.connect() as connection:
        stored = connection.execute(text("SELECT search_text FROM families")).scalar_one()
    assert "vandenbroeck" in stored
