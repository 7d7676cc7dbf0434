"""The case search's index: which families' folded names contain a search key.

`families.search_text` holds every family's folded names (sofs_core.text); the search asks
for a substring, which a b-tree index cannot answer, so a register of 20,000 cases would be
read whole on every search. Migration 0012 gives each backend a trigram index instead:

- PostgreSQL: a GIN index with pg_trgm's operator class; the planner uses it for the plain
  ``LIKE '%key%'`` when the key is rare and walks the list's own order when it is common.
- SQLite: an FTS5 table with the trigram tokenizer (``families_search``), kept in step with
  ``families`` by triggers; a phrase query on it finds exactly the rows that contain the key.
  SQLite's planner cannot tell a rare key from a common one, so this module asks the index
  how many families match (stopping early) and picks the plan itself.

Keys shorter than three letters have no trigram; they are looked up with ``LIKE``, which is
quick for them because a short key matches many families and the list stops after a page.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, column, func, literal_column, select, table
from sqlalchemy.orm import Session

from storage.models import Family

FTS_TABLE = "families_search"
TRIGRAM_INDEX = "ix_families_search_text_trgm"
# Above this many matching families, a key counts as common on SQLite: the list walks its
# start-date index and tests each family with LIKE, and stops after a page (and the capped
# count after its cap), instead of fetching and sorting every match.
COMMON_KEY_FAMILIES = 2000

_fts = table(FTS_TABLE, column("rowid"))
_COMMON_KEYS = "storage.search.common_keys"


def _phrase(key: str) -> str:
    """An FTS5 phrase that matches the key as a substring (trigram tokenizer)."""
    return '"' + key.replace('"', '""') + '"'


def family_matches(session: Session, key: str) -> ColumnElement[bool]:
    """A WHERE clause on ``Family``: its search text contains ``key`` (already folded with
    ``sofs_core.text.search_key``, so it holds only letters, digits and spaces)."""
    contains = Family.search_text.contains(key, autoescape=True)
    if session.get_bind().dialect.name != "sqlite" or len(key) < 3:
        return contains
    matches = select(_fts.c.rowid).where(literal_column(FTS_TABLE).match(_phrase(key)))
    # Asked once per key and session: the list and its count ask for the same key.
    common: dict[str, bool] = session.info.setdefault(_COMMON_KEYS, {})
    if key not in common:
        found = session.scalar(select(func.count()).select_from(
            matches.limit(COMMON_KEY_FAMILIES + 1).subquery()))
        common[key] = (found or 0) > COMMON_KEY_FAMILIES
    return contains if common[key] else Family.id.in_(matches)


def include_object(obj: Any, name: str | None, type_: str, reflected: bool,
                   compare_to: Any) -> bool:
    """For Alembic's comparison of models and database: the search index lives outside the
    models (an FTS5 table and its shadow tables; a GIN index with an operator class)."""
    if type_ == "table" and name is not None and name.startswith(FTS_TABLE):
        return False
    return not (type_ == "index" and name == TRIGRAM_INDEX)
