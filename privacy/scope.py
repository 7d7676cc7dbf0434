"""Which tables hold a family's data, and which of their rows belong to one case.

Found by walking the model's foreign keys, not from a hand-made list, so that a new table
is exported and destroyed as soon as a foreign key ties it to a case or a family. A table
is covered when a key leads from it, directly or through other covered tables, to
``cases`` (then it is part of the case: meetings, maps, plans, the network) or else to
``families`` (then it is part of the family: people, relationships, households). Every
other table must be named in ``EXEMPT`` with the reason; a test holds ``uncovered()`` at
empty.

A case's rows: the case itself, and every row of a case table whose key points at one of
the case's rows. A family's rows: the family, its people and households, every row that
points at one of those, and the people from outside the family that the case's rows name
(its network members), as long as they belong to no other family.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Column, MetaData, Table, delete, or_, select, tuple_
from sqlalchemy.orm import Session

from storage.models import Base

CASES = "cases"
FAMILIES = "families"

# Tables that hold no data about a family, each with the reason. Reviewed: add a table here
# only when it says nothing about the people of a case.
EXEMPT: dict[str, str] = {
    "users": "the professionals' accounts; the case names its counsellors, consultants and "
             "authors through covered tables, and the export shows their names",
    "teams": "the organisation's teams of counsellors; a case names its team by reference",
    "audit_events": "the append-only trail of who did what to which case: ids and codes "
                    "only, never case text, and kept after destruction as the organisation's "
                    "account of its processing",
    "audit_chain_head": "the seal of the audit trail's newest line (an id and a hash)",
    "login_throttles": "wrong logins per client address, to slow down password guessing",
    "app_meta": "facts about the installation (such as whether it holds the demo data)",
}

Row = dict[str, Any]
Keep = Callable[[str, Row], bool]
CHUNK = 500  # keys per IN list, far below any database's limit on parameters


@dataclass(frozen=True)
class Link:
    """A foreign key that puts a row of ``table`` in scope when its parent row is."""

    column: str
    parent: str
    parent_column: str


@dataclass(frozen=True)
class Covered:
    name: str
    of_case: bool  # part of the case (else part of the family)
    depth: int  # keys between the table and its root
    links: tuple[Link, ...]

    @property
    def primary(self) -> Link:
        """The link to the parent nearest the root (the first declared among equals)."""
        if not self.links:
            raise ValueError(f"{self.name} is a root")
        return self.links[0]

    def hangs_from(self, table: str) -> bool:
        return bool(self.links) and self.primary.parent == table


def _keys_to(table: Table, covered: dict[str, Covered], of_case: bool) -> list[Link]:
    links = [Link(str(fk.parent.name), fk.column.table.name, str(fk.column.name))
             for column in table.columns for fk in column.foreign_keys
             if fk.column.table.name in covered and fk.column.table.name != table.name
             and covered[fk.column.table.name].of_case is of_case]
    return sorted(links, key=lambda link: covered[link.parent].depth)  # stable: declared order


def walk(metadata: MetaData | None = None) -> dict[str, Covered]:
    """Every covered table, parents before children: first the case's, then the family's.

    Breadth first, so a table's depth is its shortest way to the root; a table that reaches
    both roots (a network role names a case and a person) is the case's.
    """
    metadata = metadata or Base.metadata
    tables = [t for t in metadata.sorted_tables if t.name not in EXEMPT]
    covered: dict[str, Covered] = {}
    for root, of_case in ((CASES, True), (FAMILIES, False)):
        covered[root] = Covered(root, of_case, 0, ())
        depth = 0
        while True:
            depth += 1
            found = [Covered(t.name, of_case, depth, ()) for t in tables
                     if t.name not in covered and _keys_to(t, covered, of_case)]
            if not found:
                break
            covered.update((c.name, c) for c in found)
    # Links are taken once the walk is done: every key to a covered table of the same root.
    # Parents before children: the case's tables, then the family's, each in the model's
    # dependency order.
    ordered = sorted((t for t in tables if t.name in covered),
                     key=lambda t: not covered[t.name].of_case)
    return {t.name: Covered(t.name, covered[t.name].of_case, covered[t.name].depth,
                            () if covered[t.name].depth == 0
                            else tuple(_keys_to(t, covered, covered[t.name].of_case)))
            for t in ordered}


def uncovered(metadata: MetaData | None = None) -> set[str]:
    """Tables that are neither covered nor exempt: each is data the export would miss."""
    metadata = metadata or Base.metadata
    return set(metadata.tables) - set(walk(metadata)) - set(EXEMPT)


@dataclass
class Scoped:
    """The rows of one case and its family, per covered table (parents first).

    ``borrowed`` holds the keys of rows that are in scope only because the case names them
    (people from outside the family); ``dropped`` the keys of rows left out on purpose.
    """

    rows: dict[str, list[Row]] = field(default_factory=dict)
    borrowed: dict[str, set[Any]] = field(default_factory=dict)
    dropped: dict[str, set[Any]] = field(default_factory=dict)

    def keys(self, table: str, column: str) -> set[Any]:
        return {row[column] for row in self.rows.get(table, ()) if row[column] is not None}


def _chunks(values: Iterable[Any]) -> Iterator[list[Any]]:
    items = sorted(values, key=repr)
    for start in range(0, len(items), CHUNK):
        yield items[start:start + CHUNK]


def _in(column: Column[Any], values: set[Any]) -> Any:
    """``column IN values`` in pieces the database accepts; false for no values."""
    if not values:
        return column.in_([])
    return or_(*(column.in_(part) for part in _chunks(values)))


def _fetch(session: Session, table: Table, where: Any) -> list[Row]:
    order = [*table.primary_key.columns]
    return [dict(r) for r in session.execute(select(table).where(where).order_by(*order))
            .mappings()]


def _referenced(metadata: MetaData, table: Table, covered: dict[str, Covered], scoped: Scoped
                ) -> dict[str, set[Any]]:
    """Per column of ``table``: the values the case's rows point at."""
    wanted: dict[str, set[Any]] = {}
    for name, info in covered.items():
        if not info.of_case:
            continue
        for column in metadata.tables[name].columns:
            for fk in column.foreign_keys:
                if fk.column.table is table:
                    wanted.setdefault(str(fk.column.name), set()).update(
                        scoped.keys(name, str(column.name)))
    return wanted


def collect(session: Session, case_id: int, *, metadata: MetaData | None = None,
            keep: Keep | None = None, borrow: bool = True) -> Scoped:
    """The rows of the case and of its family. ``keep`` may leave rows out (their
    children go with them); ``borrow=False`` leaves out the people from outside."""
    metadata = metadata or Base.metadata
    covered = walk(metadata)
    scoped = Scoped()
    family_id = session.execute(select(metadata.tables[CASES].c.family_id).where(
        metadata.tables[CASES].c.id == case_id)).scalar_one()
    for name, info in covered.items():
        table = metadata.tables[name]
        if info.depth == 0:
            rows = _fetch(session, table, table.c.id == (case_id if info.of_case else family_id))
        else:
            where = [_in(table.c[link.column], scoped.keys(link.parent, link.parent_column))
                     for link in info.links]
            borrowed: list[Any] = []
            if borrow and not info.of_case:
                # Rows the case names, unless they hang from another family's rows.
                for column, values in _referenced(metadata, table, covered, scoped).items():
                    loose = [table.c[link.column].is_(None) for link in info.links]
                    borrowed.append(_in(table.c[column], values) & or_(*loose, *where))
            rows = _fetch(session, table, or_(*where, *borrowed))
            if borrowed:
                own = {_key(table, r) for r in rows
                       if any(r[link.column] in scoped.keys(link.parent, link.parent_column)
                              for link in info.links)}
                scoped.borrowed[name] = {_key(table, r) for r in rows} - own
        rows = [r for r in rows if not _points_at_dropped(table, r, scoped)]
        if keep is not None:
            left_out = [r for r in rows if not keep(name, r)]
            scoped.dropped[name] = {_key(table, r) for r in left_out}
            rows = [r for r in rows if keep(name, r)]
        scoped.rows[name] = rows
    return scoped


def _key(table: Table, row: Row) -> Any:
    columns = [str(c.name) for c in table.primary_key.columns]
    return row[columns[0]] if len(columns) == 1 else tuple(row[c] for c in columns)


def _points_at_dropped(table: Table, row: Row, scoped: Scoped) -> bool:
    """A row that names a left-out row is left out too (a note on a confidential entry)."""
    for column in table.columns:
        for fk in column.foreign_keys:
            dropped = scoped.dropped.get(fk.column.table.name)
            if dropped and row[str(column.name)] in dropped:
                return True
    return False


def _delete(session: Session, table: Table, keys: Sequence[Any]) -> None:
    columns = [*table.primary_key.columns]
    target = columns[0] if len(columns) == 1 else tuple_(*columns)
    for part in _chunks(keys):
        session.execute(delete(table).where(target.in_(part)))


def _still_named(session: Session, metadata: MetaData, table: Table, keys: set[Any]
                 ) -> set[Any]:
    """The keys some row anywhere still points at."""
    named: set[Any] = set()
    for other in metadata.tables.values():
        for column in other.columns:
            for fk in column.foreign_keys:
                if fk.column.table is table and keys:
                    for part in _chunks(keys):
                        named.update(session.scalars(select(column).where(column.in_(part))
                                                     .distinct()))
    return named


def destroy_case(session: Session, case_id: int, *, metadata: MetaData | None = None) -> None:
    """Delete every row of the case; with the family's last case, every row of the family;
    and the people from outside it whom nothing else names any more. The trail stays."""
    metadata = metadata or Base.metadata
    covered = walk(metadata)
    scoped = collect(session, case_id, metadata=metadata)
    cases = metadata.tables[CASES]
    family_id = scoped.rows[FAMILIES][0]["id"]
    last = session.execute(select(cases.c.id).where(
        cases.c.family_id == family_id, cases.c.id != case_id).limit(1)).first() is None
    # The family's own rows, without the outsiders the case names (they may stay).
    own = collect(session, case_id, metadata=metadata, borrow=False) if last else None
    for of_case, source in ((True, scoped), (False, own)):
        if source is None:
            continue
        for name in reversed([n for n, c in covered.items() if c.of_case is of_case]):
            table = metadata.tables[name]  # children first
            _delete(session, table, [_key(table, r) for r in source.rows[name]])
    session.flush()
    for name, borrowed in scoped.borrowed.items():
        table = metadata.tables[name]
        _delete(session, table, sorted(borrowed - _still_named(session, metadata, table,
                                                               borrowed), key=repr))
    session.flush()
