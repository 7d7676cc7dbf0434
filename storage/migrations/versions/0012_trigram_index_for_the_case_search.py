"""trigram index for the case search

The case search looks for a substring of ``families.search_text``; this gives it an index
on each backend (see storage/search.py). SQLite: an FTS5 table with the trigram tokenizer
over the families' search text (external content: the text is stored once, in
``families``), kept in step by three triggers. PostgreSQL: pg_trgm and a GIN index.

pg_trgm is a trusted extension: the database's owner may create it. Where the migrating
role may not, the index is left out with a warning and the search reads the table as
before; nothing else depends on it.

A later migration that rebuilds ``families`` in SQLite batch mode drops these triggers with
the old table: it must create them again (``_create_sqlite_triggers``).

Revision ID: 0012
Revises: 0011
"""

from collections.abc import Sequence
from logging import getLogger

from alembic import op
from sqlalchemy.exc import DBAPIError

revision: str = '0012'
down_revision: str | None = '0011'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TRIGGERS = ("families_search_after_insert", "families_search_after_delete",
            "families_search_after_update")


def _create_sqlite_triggers() -> None:
    op.execute("""
        CREATE TRIGGER families_search_after_insert AFTER INSERT ON families BEGIN
            INSERT INTO families_search (rowid, search_text) VALUES (new.id, new.search_text);
        END""")
    op.execute("""
        CREATE TRIGGER families_search_after_delete AFTER DELETE ON families BEGIN
            INSERT INTO families_search (families_search, rowid, search_text)
            VALUES ('delete', old.id, old.search_text);
        END""")
    op.execute("""
        CREATE TRIGGER families_search_after_update AFTER UPDATE OF search_text ON families
        BEGIN
            INSERT INTO families_search (families_search, rowid, search_text)
            VALUES ('delete', old.id, old.search_text);
            INSERT INTO families_search (rowid, search_text) VALUES (new.id, new.search_text);
        END""")


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        op.execute("CREATE VIRTUAL TABLE families_search USING fts5(search_text, "
                   "content='families', content_rowid='id', tokenize='trigram')")
        _create_sqlite_triggers()
        op.execute("INSERT INTO families_search (families_search) VALUES ('rebuild')")
    elif bind.dialect.name == "postgresql":
        try:
            with bind.begin_nested():
                op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        except DBAPIError:
            getLogger("alembic.runtime.migration").warning(
                "pg_trgm could not be created (the database's owner may create it): the "
                "case search works without its index, reading the families table")
            return
        op.execute("CREATE INDEX ix_families_search_text_trgm ON families "
                   "USING gin (search_text gin_trgm_ops)")


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        for trigger in TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
        op.execute("DROP TABLE IF EXISTS families_search")
    elif bind.dialect.name == "postgresql":
        # The extension stays: other objects in the database may use it.
        op.execute("DROP INDEX IF EXISTS ix_families_search_text_trgm")
