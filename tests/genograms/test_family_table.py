"""The whole family as one table, saved together or not at all (SQLite and PostgreSQL)."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from auth import Actor
from genograms.people import list_family_members
from genograms.relations import family_graph
from genograms.table import FamilyRow, family_rows, save_family_table
from sofs_core.codes import Sex
from sofs_core.errors import Conflict, ValidationFailed
from storage.db import transaction
from storage.models import AuditEvent, Case, Couple, ParentLink, Person
from tests.conftest import make_case

F, M = Sex.FEMALE, Sex.MALE
# The family: grandparents, Elif and her ex-partner Tomasz, her partner Karim, the
# twins Zeynep and Emre, the baby Yasmina. 15 lines: 11 parent links and 4 couples.
FAMILY = [
    FamilyRow("Ayşe Yılmaz", F, "1958", partner="Mehmet"),
    FamilyRow("Mehmet Yılmaz", M, "1955"),
    FamilyRow("Elif Yılmaz", F, "14/05/1986", mother="Ayşe", father="Mehmet",
              partner="Karim"),
    FamilyRow("Tomasz Kowalski", M, "1983", mother="Halina", partner="Elif"),
    FamilyRow("Halina Kowalska", F, "1950"),
    FamilyRow("Karim El Amrani", M, "1984", mother="Fatima", father="Ahmed"),
    FamilyRow("Fatima El Amrani", F, "1960", partner="Ahmed"),
    FamilyRow("Ahmed El Amrani", M, "1957"),
    FamilyRow("Zeynep Kowalska", F, "08/03/2012", mother="Elif", father="Tomasz"),
    FamilyRow("Emre Kowalski", M, "08/03/2012", mother="Elif", father="Tomasz"),
    FamilyRow("Yasmina El Amrani", F, "2024", mother="Elif", father="Karim"),
]


@pytest.fixture
def family_id(factory: sessionmaker[Session], counsellor: Actor) -> int:
    with transaction(factory) as s:
        return s.get_one(Case, make_case(s, counsellor)).family_id


def _counts(factory: sessionmaker[Session]) -> tuple[int, int, int, int]:
    with factory() as s:
        return (s.scalar(select(func.count(Person.id))) or 0,
                s.scalar(select(func.count(ParentLink.id))) or 0,
                s.scalar(select(func.count(Couple.id))) or 0,
                s.scalar(select(func.max(AuditEvent.id))) or 0)


def _rows(factory: sessionmaker[Session], actor: Actor, family_id: int) -> list[FamilyRow]:
    with transaction(factory) as s:
        members = list_family_members(session=s, actor=actor, family_id=family_id)
        return family_rows(members, family_graph(session=s, actor=actor, family_id=family_id))


def test_the_whole_family_is_saved_in_one_go_with_one_audit_line(
    factory: sessionmaker[Session], counsellor: Actor, family_id: int
) -> None:
    people, links, couples, last = _counts(factory)
    with transaction(factory) as s:
        assert save_family_table(session=s, actor=counsellor, family_id=family_id,
                                 rows=FAMILY) == 11
    assert _counts(factory)[:3] == (people + 11, links + 11, couples + 4)
    with factory() as s:
        lines = [(e.action, e.subject) for e in s.scalars(
            select(AuditEvent).where(AuditEvent.id > last))]
    assert [subject for _, subject in lines] == ["relations/save_family_table"]
    # Read back as the table: each person's mother, father and partner by full name.
    shown = {r.name: r for r in _rows(factory, counsellor, family_id)}
    assert shown["Yasmina El Amrani"].mother == "Elif Yılmaz"
    assert shown["Yasmina El Amrani"].father == "Karim El Amrani"
    assert shown["Zeynep Kowalska"].father == "Tomasz Kowalski"
    assert shown["Ayşe Yılmaz"].partner == "Mehmet Yılmaz"
    assert shown["Elif Yılmaz"].birth == "14/05/1986"
    # Saving the table as it is shown changes nothing and adds nothing.
    before = _counts(factory)[:3]
    with transaction(factory) as s:
        assert save_family_table(session=s, actor=counsellor, family_id=family_id,
                                 rows=list(shown.values())) == 0
    assert _counts(factory)[:3] == before


def test_every_bad_row_is_named_and_nothing_is_saved(
    factory: sessionmaker[Session], counsellor: Actor, family_id: int
) -> None:
    first = [*FAMILY[:2], FamilyRow("Elif Yılmaz", F, "1986", mother="Ayşe", father="Mehmet")]
    bad = [*first,
           FamilyRow("", F, "2020"),  # row 4: no name
           FamilyRow("Noor", F, "2090", mother="Elif"),  # row 5: born in the future
           FamilyRow("Lina", F, "2015", mother="Sara"),  # row 6: no Sara in the table
           FamilyRow("Omar", M, "2016", father="Omar"),  # row 7: his own father
           FamilyRow("Oma Ayşe", F, "1930", mother="Elif")]  # row 8: born before Elif
    before = _counts(factory)
    with pytest.raises(ValidationFailed) as refused, transaction(factory) as s:
        save_family_table(session=s, actor=counsellor, family_id=family_id, rows=bad)
    found = {(e.params["row"], e.field, e.message_key) for e in refused.value.errors}
    assert (4, "table_name", "error.required") in found
    assert any(row == 5 and field == "birth" for row, field, _ in found)
    assert (6, "table_mother", "error.table_name_unknown") in found
    assert (7, "table_father", "error.table_self") in found
    assert {row for row, _, _ in found} == {4, 5, 6, 7}  # row 8's turn comes when these pass
    assert _counts(factory)[:3] == before[:3]
    fixed = [*first, FamilyRow("Oma Ayşe", F, "1930", mother="Elif")]
    with pytest.raises(ValidationFailed) as refused, transaction(factory) as s:
        save_family_table(session=s, actor=counsellor, family_id=family_id, rows=fixed)
    assert [(e.params["row"], e.field, e.message_key) for e in refused.value.errors] == [
        (4, "table_mother", "error.child_born_before_parent")]
    assert _counts(factory)[:3] == before[:3]  # the people of rows 1-3 were rolled back


def test_a_first_name_used_twice_must_be_written_in_full(
    factory: sessionmaker[Session], counsellor: Actor, family_id: int
) -> None:
    rows = [FamilyRow("Elif Yılmaz", F, "1986"), FamilyRow("Elif Kaya", F, "1990"),
            FamilyRow("Deniz", M, "2010", mother="Elif")]
    with pytest.raises(ValidationFailed) as refused, transaction(factory) as s:
        save_family_table(session=s, actor=counsellor, family_id=family_id, rows=rows)
    assert [(e.params["row"], e.message_key) for e in refused.value.errors] == [
        (3, "error.table_name_twice")]
    rows[2] = FamilyRow("Deniz", M, "2010", mother="elif kaya")  # the full name, any case
    with transaction(factory) as s:
        save_family_table(session=s, actor=counsellor, family_id=family_id, rows=rows)
    shown = {r.name: r for r in _rows(factory, counsellor, family_id)}
    assert shown["Deniz"].mother == "Elif Kaya"


def test_a_row_changed_by_someone_else_meanwhile_is_not_overwritten(
    factory: sessionmaker[Session], counsellor: Actor, family_id: int
) -> None:
    with transaction(factory) as s:
        save_family_table(session=s, actor=counsellor, family_id=family_id, rows=FAMILY[:2])
    mine = _rows(factory, counsellor, family_id)
    theirs = [r if r.name != "Mehmet Yılmaz" else FamilyRow(
        r.name, r.sex, "1954", person_id=r.person_id, version=r.version) for r in mine]
    with transaction(factory) as s:
        save_family_table(session=s, actor=counsellor, family_id=family_id, rows=theirs)
    stale = [r if r.name != "Mehmet Yılmaz" else FamilyRow(
        "Mehmet Yılmaz", r.sex, "1956", person_id=r.person_id, version=r.version) for r in mine]
    with pytest.raises(Conflict), transaction(factory) as s:
        save_family_table(session=s, actor=counsellor, family_id=family_id, rows=stale)
    shown = {r.name: r for r in _rows(factory, counsellor, family_id)}
    assert shown["Mehmet Yılmaz"].birth == "1954"


def test_what_a_row_implies_is_not_typed_twice_and_blank_rows_are_skipped(
    factory: sessionmaker[Session], counsellor: Actor, family_id: int
) -> None:
    """Parents left "unknown" get the sex their role says; a child's two parents get their
    couple line once, also when the partner column names it too; blank rows are left."""
    u = Sex.UNKNOWN
    rows = [FamilyRow("Ayşe Yılmaz", u, "1958"), FamilyRow("Mehmet Yılmaz", u, "1954"),
            FamilyRow(""),
            FamilyRow("Elif Yılmaz", u, "1986", mother="Ayşe", father="Mehmet"),
            FamilyRow("Tomasz Kowalski", u, "1983", partner="Elif"),
            FamilyRow("Sam Kowalski", Sex.INTERSEX, "1960"),
            FamilyRow("Zeynep Kowalska", F, "2011", mother="Elif", father="Tomasz"),
            FamilyRow("Emre Kowalski", u, "2014", mother="Elif", father="Tomasz"),
            FamilyRow("Noor Kowalska", u, "2016", mother="Elif", father="Sam"),
            FamilyRow(""), FamilyRow("")]
    people, links, couples, _ = _counts(factory)
    with transaction(factory) as s:
        save_family_table(session=s, actor=counsellor, family_id=family_id, rows=rows)
    assert _counts(factory)[:3] == (people + 8, links + 8, couples + 3)
    shown = {r.name: r for r in _rows(factory, counsellor, family_id)}
    assert "" not in shown
    assert {n: shown[n].sex for n in shown} == {
        "Ayşe Yılmaz": F, "Mehmet Yılmaz": M, "Elif Yılmaz": F, "Tomasz Kowalski": M,
        "Sam Kowalski": Sex.INTERSEX,  # chosen in the row: kept
        "Zeynep Kowalska": F, "Emre Kowalski": Sex.UNKNOWN, "Noor Kowalska": Sex.UNKNOWN}
    with factory() as s:
        pairs = sorted(sorted((s.get_one(Person, c.first_id).first_name,
                               s.get_one(Person, c.second_id).first_name))
                       for c in s.scalars(select(Couple)))
    assert pairs == [["Ayşe", "Mehmet"], ["Elif", "Sam"], ["Elif", "Tomasz"]]
    # Saving the same table again adds nothing.
    with transaction(factory) as s:
        save_family_table(session=s, actor=counsellor, family_id=family_id,
                          rows=[*_rows(factory, counsellor, family_id), FamilyRow("")])
    assert _counts(factory)[:3] == (people + 8, links + 8, couples + 3)
