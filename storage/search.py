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

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Integer,
    Select,
    String,
    bindparam,
    column,
    func,
    literal_column,
    select,
    table,
)
from sqlalchemy.orm import InstrumentedAttribute, Session

from storage.models import Family

FTS_TABLE = "families_search"
TRIGRAM_INDEX = "ix_families_search_text_trgm"
# Above this many matching families, a key counts as common on SQLite: the list walks its
# start-date index and tests each family with LIKE, and stops after a page (and the capped
# count after its cap), instead of fetching and sorting every match.
COMMON_KEY_FAMILIES = 2000

_fts = table(FTS_TABLE, column("rowid"))
_PLANS = "storage.search.plans"  # session.info: each key's plan, asked once per session
_FOUND = "search_family_ids"


def _phrase(key: str) -> str:
    """An FTS5 phrase that matches the key as a substring (trigram tokenizer)."""
    return '"' + key.replace('"', '""') + '"'


def family_matches(session: Session, key: str) -> ColumnElement[bool]:
    """A WHERE clause on ``Family``: its search text contains ``key`` (already folded with
    ``sofs_core.text.search_key``, so it holds only letters, digits and spaces)."""
    return matches_clause(search_plan(session, key), bound=True)


@dataclass(frozen=True)
class SearchPlan:
    """How to find the families whose search text contains ``key``: the families the
    trigram index found (a rare key on SQLite), or with LIKE, which walks the list's own
    order. Plans compare by key and kind only: a statement built for one is the statement
    for all of its kind, the families found go in as a parameter (``search_parameters``)."""

    key: str
    by_index: bool
    family_ids: str = field(default="[]", compare=False)  # a JSON list, for json_each


def search_plan(session: Session, key: str) -> SearchPlan:
    """The plan for ``key`` in ``session``'s database. SQLite's index is asked once per key
    and session for the families that match (stopping when there are too many to be worth
    it): the list and its count then read that list instead of asking the index again,
    which costs about 2 ms each on 20,000 families."""
    if session.get_bind().dialect.name != "sqlite" or len(key) < 3:
        return SearchPlan(key, by_index=False)
    plans: dict[str, SearchPlan] = session.info.setdefault(_PLANS, {})
    if key not in plans:
        # SQLite hands the families found over as one JSON list: hundreds of rows read one
        # by one (and dumped again as JSON) cost more than the search itself.
        found, family_ids = session.execute(_FOUND_FAMILIES, {
            _PHRASE: _phrase(key), _LIMIT: COMMON_KEY_FAMILIES + 1}).one()
        plans[key] = (SearchPlan(key, by_index=False) if found > COMMON_KEY_FAMILIES
                      else SearchPlan(key, by_index=True, family_ids=family_ids))
    return plans[key]


def search_parameters(plan: SearchPlan | None) -> dict[str, str]:
    """The values a statement built with ``matches_clause(plan)`` is executed with."""
    return {_FOUND: plan.family_ids} if plan is not None and plan.by_index else {}


def matches_clause(plan: SearchPlan, *, bound: bool = False,
                   family_id: InstrumentedAttribute[int] | None = None
                   ) -> ColumnElement[bool]:
    """The clause; without ``bound``, the families found are a parameter to pass at each
    execution (``search_parameters``), so the statement can be built once for all keys.

    ``family_id`` is the column the families found are tested on (``Family.id`` unless
    given): a query of cases can test their own ``family_id`` and leave the families out
    (``needs_family``).
    """
    if plan.by_index:
        found = bindparam(_FOUND, value=plan.family_ids if bound else None, type_=String)
        listed = func.json_each(found).table_valued("value")
        column = Family.id if family_id is None else family_id
        return column.in_(select(listed.c.value))
    return Family.search_text.contains(plan.key, autoescape=True)


def needs_family(plan: SearchPlan | None) -> bool:
    """Whether ``matches_clause(plan)`` reads the families' own table (their search text)."""
    return plan is not None and bool(plan.key) and not plan.by_index


def _index_matches(key: str) -> Select[tuple[Any]]:
    return select(_fts.c.rowid).where(literal_column(FTS_TABLE).match(_phrase(key)))


_PHRASE, _LIMIT = "search_phrase", "search_limit"
# How many families the index finds (at most the limit) and their ids as a JSON list, for
# json_each; built once (the phrase and the limit are parameters).
_MATCHED = (select(_fts.c.rowid)
            .where(literal_column(FTS_TABLE).match(bindparam(_PHRASE, type_=String)))
            .limit(bindparam(_LIMIT, type_=Integer))
            .subquery())
_FOUND_FAMILIES = select(func.count(), func.coalesce(func.json_group_array(_MATCHED.c.rowid),
                                                     "[]"))


def include_object(obj: Any, name: str | None, type_: str, reflected: bool,
                   compare_to: Any) -> bool:
    """For Alembic's comparison of models and database: the search index lives outside the
    models (an FTS5 table and its shadow tables; a GIN index with an operator class)."""
    if type_ == "table" and name is not None and name.startswith(FTS_TABLE):
        return False
    return not (type_ == "index" and name == TRIGRAM_INDEX)
