"""Privacy duties: the family's data for a request of access (JSON and PDF, and the
minor's version), the destruction date set at closure, and destroying expired cases."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from genograms.people import PersonInput, update_person
from i18n import load_catalogue
from mapping.cases import get_case, update_case
from mapping.consultation import add_comment
from mapping.map import EntryInput, add_entry
from mapping.meetings import open_meeting
from privacy.export import family_export, to_json, to_pdf
from privacy.retention import destroy_expired, destruction_date
from registration.care_forms import catalogue_with_care_forms
from sofs_admin.cli import main
from sofs_core.codes import (
    AuditAction,
    CaseStatus,
    ClosureReason,
    EntryCategory,
    MeetingKind,
    Restriction,
)
from storage.db import make_engine, session_factory, transaction
from storage.models import AuditEvent, Case, Family, Person
from tests.auth.world import World, build_world
from tests.printing.pdf import assert_valid, pdf_text

DUTCH = partial(load_catalogue(None).text, "nl-BE")


@pytest.fixture
def world(factory: sessionmaker[Session]) -> World:
    return build_world(factory)


def test_the_destruction_date_is_the_youngest_childs_35th_birthday() -> None:
    def person(born: date | None = None, year: int | None = None,
               pregnancy: bool = False) -> Person:
        return Person(birth_date=born, birth_year=year or (born.year if born else None),
                      is_pregnancy=pregnancy)

    assert destruction_date([person(date(1986, 5, 14)), person(date(2012, 3, 8)),
                             person(date(2015, 1, 2))]) == date(2050, 1, 2)
    assert destruction_date([person(date(2012, 2, 29))]) == date(2047, 3, 1)  # not leap
    assert destruction_date([person(date(2016, 2, 29))]) == date(2051, 3, 1)
    assert destruction_date([person(date(2013, 2, 28))]) == date(2048, 2, 28)
    # Only the year known: the last day of that year, never earlier than the rule.
    assert destruction_date([person(date(2012, 3, 8)), person(year=2015)]) == date(2050, 12, 31)
    assert destruction_date([person(pregnancy=True)]) is None
    assert destruction_date([]) is None


def _close(factory: sessionmaker[Session], world: World, status: CaseStatus) -> date | None:
    with transaction(factory) as s:
        case = get_case(session=s, actor=world.lotte, case_id=world.own.case_id)
        data = replace(case.as_input(), status=status,
                       end_date=date(2027, 1, 15) if status is CaseStatus.CLOSED else None,
                       closure_reason=ClosureReason.GOALS_REACHED
                       if status is CaseStatus.CLOSED else None)
        return update_case(session=s, actor=world.lotte, case_id=case.id,
                           expected_version=case.version,
                           expected_family_version=case.family_version, data=data).destroy_on


def test_closing_sets_the_destruction_date_and_reopening_clears_it(
    factory: sessionmaker[Session], world: World
) -> None:
    # The youngest in the world's family is Zeynep, born in 2012 (year only).
    assert _close(factory, world, CaseStatus.CLOSED) == date(2047, 12, 31)
    assert _close(factory, world, CaseStatus.ACTIVE) is None


def test_the_destroy_command_lists_in_a_dry_run_and_then_destroys(
    factory: sessionmaker[Session], world: World
) -> None:
    _close(factory, world, CaseStatus.CLOSED)
    with transaction(factory) as s:
        dry = destroy_expired(s, date(2048, 1, 1), dry_run=True)
    assert [(e.case_id, e.destroy_on) for e in dry.expired] == [
        (world.own.case_id, date(2047, 12, 31))]
    with transaction(factory) as s:
        assert destroy_expired(s, date(2047, 12, 30), dry_run=False).expired == ()
    with factory() as s:
        assert s.get(Case, world.own.case_id) is not None  # nothing destroyed yet
    with transaction(factory) as s:
        done = destroy_expired(s, date(2048, 1, 1), dry_run=False)
    assert done.destroyed and [e.case_id for e in done.expired] == [world.own.case_id]
    with factory() as s:
        assert s.get(Case, world.own.case_id) is None
        assert s.get(Family, world.own.family_id) is None
        assert s.scalar(select(func.count(Person.id)).where(
            Person.last_name == "Peeters")) == 0
        assert s.scalar(select(func.count(Person.id)).where(
            Person.first_name == "Marleen")) == 1  # the other case's neighbour stays
        assert s.get(Case, world.other.case_id) is not None
        lines = s.scalars(select(AuditEvent).where(
            AuditEvent.action == AuditAction.DESTROY)).all()
    assert [(x.case_id, x.subject) for x in lines] == [
        (None, "retention/dry_run:1"), (world.own.case_id, "retention/destroyed")]
    # The trail keeps the destroyed case's history (by number, without names).
    with factory() as s:
        assert s.scalar(select(func.count(AuditEvent.id)).where(
            AuditEvent.case_id == world.own.case_id)) > 5


def test_the_cli_dry_run_prints_numbers_and_no_names(
    tmp_path: Path, sqlite_template: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str]
) -> None:
    import shutil

    path = tmp_path / "sofs.sqlite3"
    shutil.copy(sqlite_template, path)
    url = f"sqlite:///{path}"
    factory = session_factory(make_engine(url))
    world = build_world(factory)
    _close(factory, world, CaseStatus.CLOSED)
    monkeypatch.setenv("SOFS_DATABASE_URL", url)
    assert main(["destroy-expired", "--dry-run", "--on", "2048-01-01"]) == 0
    out = capsys.readouterr().out
    assert f"case {world.own.case_id}: destruction date 2047-12-31, would be destroyed" in out
    assert "Peeters" not in out and "Zeynep" not in out
    with factory() as s:
        assert s.get(Case, world.own.case_id) is not None
    assert main(["destroy-expired", "--on", "2048-01-01"]) == 0
    assert "1 case(s) destroyed" in capsys.readouterr().out
    with factory() as s:
        assert s.get(Case, world.own.case_id) is None


def _restricted_world(factory: sessionmaker[Session], world: World) -> None:
    with transaction(factory) as s:
        for restriction in Restriction:
            add_entry(session=s, actor=world.lotte, meeting_id=world.own.meeting, data=EntryInput(
                EntryCategory.COMPLICATING_FACTOR, f"Factor {restriction.value} <b>&",
                restriction=restriction))
        mother = s.get_one(Person, world.own.mother)
        update_person(session=s, actor=world.lotte, person_id=mother.id,
                      expected_version=mother.version, data=PersonInput(
                          "Elif", "Peeters", birth="1986", notes="Notitie over Elif"))
        add_comment(session=s, actor=world.consultant, case_id=world.own.case_id,
                    body="Interne vraag van de consulent")


def _rows(data: dict[str, Any], table: str) -> list[dict[str, Any]]:
    return list(data["tables"][table])


def test_the_export_holds_everything_and_the_minors_leaves_out_what_it_must(
    factory: sessionmaker[Session], world: World
) -> None:
    _restricted_world(factory, world)
    with transaction(factory) as s:
        full = json.loads(to_json(family_export(session=s, actor=world.lotte,
                                                case_id=world.own.case_id)))
        minor = json.loads(to_json(family_export(session=s, actor=world.lotte,
                                                 case_id=world.own.case_id, for_minor=True)))
    texts = [e["text"] for e in _rows(full, "map_entries")]
    assert {f"Factor {r.value} <b>&" for r in Restriction} <= set(texts)
    assert "Notitie over Elif" in json.dumps(full, ensure_ascii=False)
    assert "Interne vraag van de consulent" in json.dumps(full, ensure_ascii=False)
    assert any(r["what"].startswith("Karim gaat") for r in _rows(full, "plan_rules"))
    assert {p["first_name"] for p in _rows(full, "persons") if p["family_id"] is None} == {
        "Marleen"}
    minor_texts = [e["text"] for e in _rows(minor, "map_entries")]
    assert "Factor none <b>&" in minor_texts
    assert not [t for t in minor_texts if t.startswith("Factor") and "none" not in t]
    dumped = json.dumps(minor, ensure_ascii=False)
    assert "Notitie over Elif" not in dumped and "Interne vraag" not in dumped
    assert minor["for_minor"] is True and "review_comments" not in minor["tables"]
    assert all("notes" not in p for p in _rows(minor, "persons"))
    # Nothing of the other family.
    assert "Claes" not in json.dumps(full, ensure_ascii=False)


def test_the_export_pdf_reads_back_with_markup_as_text(
    factory: sessionmaker[Session], world: World, tmp_path: Path
) -> None:
    _restricted_world(factory, world)
    with transaction(factory) as s:
        data = family_export(session=s, actor=world.lotte, case_id=world.own.case_id)
        open_meeting(session=s, actor=world.lotte, case_id=world.own.case_id,
                     kind=MeetingKind.FOLLOW_UP, held_on=date(2026, 11, 20))
    pdf = tmp_path / "export.pdf"
    # The app's words: the catalogue with the names of the organisation's care forms.
    words = partial(catalogue_with_care_forms(load_catalogue(None), None).text, "nl-BE")
    pdf.write_bytes(to_pdf(data, words, printed_on=date(2026, 11, 23)))
    assert_valid(pdf)
    text = pdf_text(pdf)
    assert "Alle gegevens van Peeters" in text
    assert "Factor third_party <b>&" in text
    assert "Karim gaat naar buiten" in text
    assert "pagina 1 van" in text
    # In the reader's words: labels, coded values, names and dates, no codes or ids.
    flat = " ".join(text.split())
    assert "Voornaam: Elif" in flat and "Onderdeel van de kaart: Complicerende factoren" in flat
    assert "Soort: vertrouwenspersoon" in flat
    assert "Persoon: Hatice Peeters" in flat and "Wie helpt: Hatice Peeters" in flat
    assert "Afgesproken op: 20/11/2026" in flat
    assert "Contextbegeleiding 'Signs of Safety'" in flat  # the care form, a key of a list
    for code in ("first_name", "trusted_person", "complicating_factor", "person_id", "id: ",
                 "context_signs_of_safety",
                 "_id", "lineage"):
        assert code not in flat, code
