"""All data of one family's case, as JSON and as a PDF (the right of access).

What is exported is found by walking the model (``privacy.scope``): every row of every
table that hangs from the case or the family, so a new table is in the export the day it is
made. The JSON holds every column; the PDF shows the same facts in the reader's words and
leaves out only bookkeeping (ids, version counters, sort positions, search text).

A minor of 12 or older may read their own dossier, except information about third
parties, information given in confidence and documents for the court (decreet
rechtspositie minderjarige). Their export leaves out the rows marked so (and whatever hangs
from them), the notes about people (they are about others), and the professionals' review
thread.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterable
from datetime import date, datetime
from enum import StrEnum
from string import Formatter
from typing import Any

from reportlab.platypus import Flowable
from sqlalchemy import (
    Column,
    Date,
    DateTime,
    Enum,
    LargeBinary,
    MetaData,
    Table,
    TypeDecorator,
    select,
)
from sqlalchemy.orm import Session

from auth import Actor
from auth.access import Need, check_case
from i18n import Words
from printing.document import Furniture, build, para, style
from privacy.scope import CASES, EXEMPT, FAMILIES, Row, collect, walk
from sofs_core.codes import AuditAction, Restriction
from storage.models import Base

FORMAT = "sofs-family-export/2"

# What the minor's version leaves out, beyond rows whose ``restriction`` is not "none".
MINOR_LEAVES_OUT: dict[str, str] = {
    "review_comments": "the professionals' review thread",
}
MINOR_LEAVES_OUT_COLUMNS: dict[str, frozenset[str]] = {
    "persons": frozenset({"notes"}),  # notes about people are about others
}
# The rows of tables outside the family's data that the export names (by these columns).
NAMED_BY: dict[str, tuple[str, ...]] = {"users": ("display_name",), "teams": ("name",)}


def _value(value: object) -> object:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, bytes):  # a drawing or photo: kept whole, as base64 text
        return base64.b64encode(value).decode("ascii")
    if isinstance(value, StrEnum):  # a coded value
        return value.value
    return value


def _jsonable(row: Row, left_out: frozenset[str] = frozenset()) -> dict[str, object]:
    return {key: _value(value) for key, value in row.items() if key not in left_out}


def _minor_keeps(table: str, row: Row) -> bool:
    return (table not in MINOR_LEAVES_OUT
            and row.get("restriction", Restriction.NONE) == Restriction.NONE)


def _named(session: Session, metadata: MetaData, tables: dict[str, list[Row]]
           ) -> dict[str, list[dict[str, object]]]:
    """The users and teams the family's rows point at, by name only."""
    wanted: dict[str, set[Any]] = {}
    for name, rows in tables.items():
        for column in metadata.tables[name].columns:
            for fk in column.foreign_keys:
                if fk.column.table.name in NAMED_BY:
                    wanted.setdefault(fk.column.table.name, set()).update(
                        r[str(column.name)] for r in rows if r[str(column.name)] is not None)
    named: dict[str, list[dict[str, object]]] = {}
    for name, ids in sorted(wanted.items()):
        table = metadata.tables[name]
        columns = [table.c.id, *(table.c[c] for c in NAMED_BY[name])]
        named[name] = [_jsonable(dict(r)) for r in session.execute(
            select(*columns).where(table.c.id.in_(sorted(ids))).order_by(table.c.id)).mappings()]
    return named


def family_export(*, session: Session, actor: Actor, case_id: int, for_minor: bool = False
                  ) -> dict[str, Any]:
    """Everything stored about the case and its family, as plain data (recorded as an
    export)."""
    subject = "privacy/export_minor" if for_minor else "privacy/export"
    check_case(session, actor, case_id, Need.EXPORT, subject, action=AuditAction.EXPORT)
    metadata = Base.metadata
    scoped = collect(session, case_id, metadata=metadata,
                     keep=_minor_keeps if for_minor else None)
    rows = {name: found for name, found in scoped.rows.items()
            if not (for_minor and name in MINOR_LEAVES_OUT)}
    return {
        "format": FORMAT,
        "for_minor": for_minor,
        "family": str(rows[FAMILIES][0]["name"]),
        "tables": {name: [_jsonable(r, MINOR_LEAVES_OUT_COLUMNS.get(name, frozenset())
                                    if for_minor else frozenset()) for r in found]
                   for name, found in rows.items()},
        "named": _named(session, metadata, rows),
    }


def to_json(data: dict[str, Any]) -> bytes:
    return json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8")


# How the PDF names a column when it is not "export_field.<column>" (the JSON keeps the
# column names).
LABELS = {
    "first_name": "field.first_name", "last_name": "field.last_name", "sex": "field.sex",
    "gender": "field.gender", "death_year": "field.death_year", "notes": "field.notes",
    "hulpvorm": "field.hulpvorm", "referrer_body": "field.referrer_body",
    "referrer_other": "field.referrer_other", "consultant_name": "field.consultant_name",
    "consultant_id": "field.consultant_id",
    "start_date": "field.start_date", "planned_end_date": "field.planned_end_date",
    "end_date": "field.end_date", "status": "field.status",
    "closure_reason": "field.closure_reason", "closure_note": "field.closure_note",
    "destroy_on": "field.destroy_on", "text": "field.text", "who": "field.who",
    "rater_name": "field.rater_name", "score": "field.score", "question": "field.question",
    "zero_means": "field.zero_means", "ten_means": "field.ten_means",
    "person_id": "field.person_id", "for_person_id": "field.for_person_id",
    "review_on": "field.review_on", "agreed_by": "field.agreed_by",
    "agreed_on": "field.agreed_on", "approved_by": "field.approved_by",
    "approved_on": "field.approved_on", "child_worries": "field.child_worries",
    "child_next": "field.child_next", "safety_object": "field.safety_object",
    "what": "field.what", "when": "field.when", "how_we_know": "field.how_we_know",
    "if_not_kept": "field.if_not_kept", "role": "field.role", "body": "field.body",
    "parent_id": "field.parent_id", "child_id": "field.child_id", "first_id": "field.first_id",
    "second_id": "field.second_id", "from_id": "field.from_id", "to_id": "field.to_id",
    "end_year": "field.end_year", "held_on": "field.held_on", "team_id": "field.team_id",
    "restriction": "field.restriction", "danger_lineage": "field.danger_lineage",
    "author_id": "export_field.author",
}
# Bookkeeping the PDF leaves out (the JSON has it): keys, counters, order, search text.
BOOKKEEPING = frozenset({"id", "version", "lineage", "position", "search_text",
                         "genogram_nudge", "updated_at"})
# Columns that name a map item by its lineage: shown as that item's latest text.
LINEAGES = {"danger_lineage": "map_entries", "map_lineage": "map_entries"}


def _is_association(table: Table) -> bool:
    """Two columns, both the key: a list hanging from its first (case_counsellors)."""
    columns = list(table.columns)
    return len(columns) == 2 and all(c.primary_key for c in columns)


class _Reader:
    """Turns stored rows into the reader's words: labels, coded values as words, people
    and other rows by name or title, dates as dd/mm/yyyy, a ticked box as "yes"."""

    def __init__(self, data: dict[str, Any], words: Words, metadata: MetaData) -> None:
        self.words, self.metadata = words, metadata
        self.tables: dict[str, list[Row]] = data["tables"]
        self.covered = {n: c for n, c in walk(metadata).items() if n in self.tables}
        self.rows_by_id: dict[str, dict[Any, Row]] = {
            name: {r["id"]: r for r in rows if "id" in r}
            for name, rows in [*self.tables.items(), *data.get("named", {}).items()]}
        self.lineages: dict[str, dict[str, str]] = {}
        for column, table in LINEAGES.items():
            self.lineages[column] = {r["lineage"]: str(r["text"])
                                     for r in self.tables.get(table, [])}

    def label(self, column: str) -> str:
        return self.words(LABELS.get(column, f"export_field.{column}"))

    def section(self, table: str) -> str:
        return self.words(f"export_table.{table}")

    def title(self, table: str, key: Any) -> str:
        """A row another row points at, by its title ("" when not in the export)."""
        row = self.rows_by_id.get(table, {}).get(key)
        if row is None:
            return ""
        key_ = f"export_title.{table}"
        wanted = {name for _, name, _, _ in Formatter().parse(self.words(key_)) if name}
        columns = self.metadata.tables[table].c
        values = {name: self.shown(columns[name], row.get(name)) for name in wanted}
        return " ".join(self.words(key_, **values).split()) or self.section(table)

    def shown(self, column: Column[Any], value: object) -> str:
        name = str(column.name)
        if value is None:
            return ""
        if name in LINEAGES:
            return self.lineages[name].get(str(value), "")
        if isinstance(column.type, LargeBinary):  # a picture: in the JSON, not as text here
            return self.words("export.picture_in_json")
        for fk in column.foreign_keys:
            return self.title(fk.column.table.name, value)
        if "words" in column.info:  # a key of a list kept as data, with words per key
            return self.words(f"{column.info['words']}.{value}")
        if isinstance(column.type, Enum) and column.type.enum_class is not None:
            return self.words(f"{column.type.enum_class.__name__.lower()}.{value}")
        if value is True:
            return self.words("export.yes")
        if value is False:
            return ""
        if isinstance(value, str) and _is_date(column):
            day = value[:10]
            return f"{day[8:10]}/{day[5:7]}/{day[:4]}"
        return str(value)

    def line(self, table: str, row: Row, hidden: Iterable[str] = ()) -> str:
        """One row as "Label: value; Label: value", with its lists (counsellors, members)."""
        info = self.metadata.tables[table]
        skip = {*BOOKKEEPING, *hidden}
        if "updated_at" in info.c:
            skip.add("created_at")  # when a row was made or changed is bookkeeping too
        parts: list[str] = []
        for column in info.columns:
            name = str(column.name)
            if name in skip or name not in row or self._to_root(column):
                continue
            shown = self.shown(column, row[name])
            if shown:
                parts.append(f"{self.label(name)}: {shown}")
        for child in self.lists_of(table):
            link = self.covered[child].primary
            item = next(c for c in self.metadata.tables[child].columns
                        if str(c.name) != link.column)
            items = [self.shown(item, r[str(item.name)]) for r in self.tables[child]
                     if r[link.column] == row.get(link.parent_column)]
            if [i for i in items if i]:
                parts.append(f"{self.section(child)}: {', '.join(i for i in items if i)}")
        return "; ".join(parts) or "—"

    def _to_root(self, column: Column[Any]) -> bool:
        return any(fk.column.table.name in (CASES, FAMILIES) for fk in column.foreign_keys)

    def lists_of(self, table: str) -> list[str]:
        return [name for name, c in self.covered.items()
                if c.hangs_from(table)
                and _is_association(self.metadata.tables[name])]

    def parts_of(self, table: str) -> list[str]:
        """The tables that hang from ``table`` (lists apart), those without parts first."""
        found = [name for name, c in self.covered.items()
                 if c.hangs_from(table)
                 and not _is_association(self.metadata.tables[name])]
        # Chapters last; before them, what most other tables point at (people first).
        return sorted(found, key=lambda name: (self.is_chapter(name), -self._pointed_at(name)))

    def _pointed_at(self, table: str) -> int:
        return sum(1 for t in self.metadata.tables.values() for c in t.columns
                   for fk in c.foreign_keys if fk.column.table.name == table)

    def is_chapter(self, table: str) -> bool:
        """Each row of a case table with parts of its own (a meeting, a plan version) gets
        a heading of its own."""
        info = self.covered[table]
        return info.of_case and info.depth > 0 and bool(self.parts_of(table))


def _is_date(column: Column[Any]) -> bool:
    """A date or a moment (also behind a type decorator such as ``UTCDateTime``)."""
    kind = column.type
    return isinstance(kind, Date | DateTime) or (
        isinstance(kind, TypeDecorator) and isinstance(kind.impl_instance, Date | DateTime))


def to_pdf(data: dict[str, Any], words: Words, *, printed_on: date) -> bytes:
    """The same data as a readable A4 document: a heading per part, a line per item, in
    the reader's words (no codes, no ids)."""
    reader = _Reader(data, words, Base.metadata)
    heading = style(15, bold=True, space_after=6, heading=True)
    sub = style(12, bold=True, space_after=4, heading=True)
    body = style(10.5, space_after=3)
    family = str(data["family"])
    story: list[Flowable] = [
        para(words("export.heading", family=family), style(20, bold=True, space_after=6)),
        para(words("export.minor_note") if data["for_minor"] else words("export.full_note"),
             style(10.5, space_after=10)),
    ]

    def bullets(table: str, rows: list[Row], hidden: tuple[str, ...]) -> None:
        if not rows:
            story.append(para("—", body))
        for row in rows:
            story.append(para(reader.line(table, row, hidden), body, label="•"))

    def parts(table: str, within: list[Row] | None) -> None:
        """The tables hanging from ``table``; ``within``: only those of these rows."""
        for part in reader.parts_of(table):
            link = reader.covered[part].primary
            rows = reader.tables[part]
            hidden: tuple[str, ...] = ()
            if within is not None:
                keys = {r[link.parent_column] for r in within}
                rows = [r for r in rows if r[link.column] in keys]
            if reader.is_chapter(table):
                hidden = (link.column,)  # the heading above says which
            if reader.is_chapter(part):
                for row in rows:
                    story.append(para(f"{reader.section(part)}: {reader.title(part, row['id'])}",
                                      heading))
                    bullets(part, [row], (link.column,))
                    parts(part, [row])
                continue
            story.append(para(reader.section(part), sub))
            # The family's rows first, then those of people from outside the family.
            outside = [] if reader.covered[part].of_case else [
                r for r in rows if all(r[x.column] is None for x in reader.covered[part].links)]
            bullets(part, [r for r in rows if r not in outside], hidden)
            if outside:
                story.append(para(words("export.outside"), sub))
                bullets(part, outside, hidden)
            parts(part, within if within is None else rows)

    for root in (FAMILIES, CASES):
        story.append(para(reader.section(root), heading))
        bullets(root, reader.tables[root], ())
        parts(root, None)
    return build(story, Furniture(
        title=words("export.title", family=family),
        stamp=words("export.stamp", date=printed_on.strftime("%d/%m/%Y")),
        page_of=lambda page, pages: words("doc.page_of", page=page, pages=pages)),
        subject=words("export.title", family=family))


__all__ = ["EXEMPT", "FORMAT", "family_export", "to_json", "to_pdf"]
