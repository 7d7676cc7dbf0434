"""The export and the destruction are driven by the model: every table that holds data about
a family is covered (or exempt for a stated reason), a family's export holds a row of every
kind in the JSON and in the PDF, and destroying a case removes all of it and nothing of
another family."""

from __future__ import annotations

import json
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import (
    Column,
    Engine,
    ForeignKey,
    Integer,
    MetaData,
    Table,
    Text,
    func,
    insert,
    select,
)
from sqlalchemy.orm import Session, sessionmaker

from genograms.people import PersonInput, add_family_member
from genograms.relations import add_emotional_line, add_parent, add_twins
from i18n import LOCALES, load_catalogue
from mapping.consultation import add_comment
from mapping.meetings import ParticipantInput, open_meeting
from plans.versions import ChildPage, update_child_page
from privacy.export import BOOKKEEPING, LABELS, NAMED_BY, family_export, to_json, to_pdf
from privacy.retention import destroy_expired
from privacy.scope import CASES, EXEMPT, FAMILIES, Row, collect, destroy_case, uncovered, walk
from sofs_core.codes import (
    AuditAction,
    CaseStatus,
    EmotionalKind,
    MeetingKind,
    NetworkRoleKind,
    ParentKind,
    ParticipantRole,
    TieStrength,
)
from storage.db import transaction
from storage.models import AuditEvent, Base, Case, NetworkRole, SafetyPlan
from tests.auth.world import World, build_world
from tests.printing.pdf import assert_valid, pdf_text

CATALOGUE = load_catalogue(None)
DUTCH = partial(CATALOGUE.text, "nl-BE")


@pytest.fixture
def world(factory: sessionmaker[Session]) -> World:
    return build_world(factory)


# -- coverage over the model -------------------------------------------------------------

def test_every_table_is_covered_by_the_export_and_destruction_or_exempt_with_a_reason(
) -> None:
    assert uncovered() == set(), "add the table to a family's data, or to EXEMPT with a reason"
    covered = walk()
    assert not set(covered) & set(EXEMPT)
    assert set(EXEMPT) <= set(Base.metadata.tables), "an exempt table no longer exists"
    assert all(len(reason) > 20 for reason in EXEMPT.values())
    # The family's data as the issue names it, found without being listed.
    assert {"persons", "parent_links", "couples", "twins", "emotional_lines", "households",
            "household_members", "network_roles", "meetings", "map_entries", "ratings",
            "safety_plans", "plan_rules", "plan_rule_members", "plan_rule_dangers",
            "review_comments", "case_counsellors", "case_shares"} <= set(covered)
    assert covered["network_roles"].of_case and not covered["couples"].of_case


def _copy() -> MetaData:
    copy = MetaData()
    for table in Base.metadata.sorted_tables:
        table.to_metadata(copy)
    return copy


def test_the_coverage_check_fails_for_a_table_that_is_neither_tied_nor_exempt() -> None:
    copy = _copy()
    Table("sticky_notes", copy, Column("id", Integer, primary_key=True),
          Column("text", Text))  # case text with no key to anything: the export would miss it
    Table("person_notes", copy, Column("id", Integer, primary_key=True),
          Column("person_id", ForeignKey("persons.id")), Column("text", Text))
    Table("entry_notes", copy, Column("id", Integer, primary_key=True),
          Column("entry_id", ForeignKey("map_entries.id")), Column("text", Text))
    assert uncovered(copy) == {"sticky_notes"}
    covered = walk(copy)
    assert not covered["person_notes"].of_case and covered["entry_notes"].of_case
    assert covered["entry_notes"].primary.parent == "map_entries"


def test_a_new_table_is_collected_and_destroyed_without_being_named(
    engine: Engine, factory: sessionmaker[Session], world: World
) -> None:
    copy = _copy()
    # No ON DELETE: if destruction forgot this table, deleting the people would fail.
    notes = Table("person_notes", copy, Column("id", Integer, primary_key=True),
                  Column("person_id", ForeignKey("persons.id"), nullable=False),
                  Column("text", Text))
    notes.create(engine)
    try:
        with transaction(factory) as s:
            s.execute(insert(notes), [{"person_id": world.own.mother, "text": "Van Peeters"},
                                      {"person_id": world.other.mother, "text": "Van Claes"}])
            assert [r["text"] for r in collect(s, world.own.case_id, metadata=copy)
                    .rows["person_notes"]] == ["Van Peeters"]
            destroy_case(s, world.own.case_id, metadata=copy)
        with factory() as s:
            assert list(s.scalars(select(notes.c.text))) == ["Van Claes"]
    finally:
        notes.drop(engine)


# -- the export holds every kind of fact ---------------------------------------------------

def _everything(factory: sessionmaker[Session], world: World) -> None:
    """Add to the world's Peeters family what it lacks: parents, twins, emotional lines
    (abuse included), a participant and a review comment."""
    own = world.own
    with transaction(factory) as s:
        family = s.get_one(Case, own.case_id).family_id
        twin = add_family_member(session=s, actor=world.lotte, family_id=family,
                                 data=PersonInput("Yusuf", "Peeters", birth="2012")).id
        add_parent(session=s, actor=world.lotte, parent_id=own.mother, child_id=own.child,
                   kind=ParentKind.BIOLOGICAL)
        add_twins(session=s, actor=world.lotte, first_id=own.child, second_id=twin)
        add_emotional_line(session=s, actor=world.lotte, from_id=own.partner,
                           to_id=own.child, kind=EmotionalKind.ABUSE)
        add_emotional_line(session=s, actor=world.lotte, from_id=own.mother,
                           to_id=own.aunt, kind=EmotionalKind.CLOSE)
        open_meeting(session=s, actor=world.lotte, case_id=own.case_id,
                     kind=MeetingKind.FOLLOW_UP, held_on=date(2026, 11, 16),
                     participants=(ParticipantInput("Elif", ParticipantRole.FAMILY,
                                                    own.mother),))
        add_comment(session=s, actor=world.consultant, case_id=own.case_id,
                    body="Vraag over de veiligheidsdoelen")
        update_child_page(session=s, actor=world.lotte, plan_id=own.draft_plan,
                          expected_version=s.get_one(SafetyPlan, own.draft_plan).version,
                          data=ChildPage(own.child, safety_object="Een ster op de deur"))
        _registration(s, world)
        _childs_voice(s, world)
        _safety_house(s, world)
        _trajectory_and_journal(s, world)
        _words_and_pictures(s, world)


def _childs_voice(s: Session, world: World) -> None:
    """The child's Three Houses, with a drawing and words placed on the map (issue 15)."""
    import io

    from PIL import Image

    from mapping.child_voice import HousesInput, ItemInput, add_drawing, place_on_map, save_houses
    from sofs_core.codes import HouseKind, Sharing, VoiceTool

    own = world.own
    houses = save_houses(session=s, actor=world.lotte, meeting_id=own.meeting,
                         child_id=own.child, tool=VoiceTool.THREE_HOUSES, expected_version=0,
                         data=HousesInput("Lotte", (ItemInput(
                             HouseKind.GOOD_THINGS, "Zwemmen met mama", Sharing.SHARE),)))
    place_on_map(session=s, actor=world.lotte, item_id=houses.items[0].id)
    picture = io.BytesIO()
    Image.new("RGB", (20, 20)).save(picture, format="PNG")
    assert houses.id is not None
    add_drawing(session=s, actor=world.lotte, houses_id=houses.id,
                expected_version=houses.version + 1, content=picture.getvalue(),
                sharing=Sharing.SHARE)


def _words_and_pictures(s: Session, world: World) -> None:
    """A Words and Pictures story with a drawing (issue 15)."""
    import io

    from PIL import Image

    from mapping.words_pictures import set_picture, start_story

    story = start_story(session=s, actor=world.lotte, case_id=world.own.case_id)
    picture = io.BytesIO()
    Image.new("RGB", (20, 20)).save(picture, format="PNG")
    set_picture(session=s, actor=world.lotte, part_id=story.parts[0].id,
                expected_version=story.version, content=picture.getvalue())


def _trajectory_and_journal(s: Session, world: World) -> None:
    """The trajectory with a step, and a safety journal report (issue 15)."""
    from plans.journal import JournalInput, add_journal_entry
    from plans.trajectory import StepInput, add_trajectory_step, save_trajectory
    from sofs_core.codes import StepKind
    from storage.models import PlanRule

    own, on = world.own, date(2026, 12, 1)
    save_trajectory(session=s, actor=world.lotte, case_id=own.case_id, expected_version=0,
                    works_weeks=12, closure_words="Als Zeynep zich veilig voelt", on=on)
    add_trajectory_step(session=s, actor=world.lotte, case_id=own.case_id, data=StepInput(
        date(2026, 12, 15), StepKind.NETWORK_MEETING, "Met de school"))
    rule = s.scalars(select(PlanRule.id).where(PlanRule.plan_id == own.submitted_plan)).one()
    add_journal_entry(session=s, actor=world.lotte, case_id=own.case_id, data=JournalInput(
        date(2026, 11, 25), rule, False, "Karim bleef binnen", own.aunt), on=on)


def _safety_house(s: Session, world: World) -> None:
    """A child's Safety House with a rule on the roof (issue 15.2)."""
    from mapping.safety_house import HouseItemInput, SafetyHouseInput, save_safety_house
    from sofs_core.codes import SafetyHousePart, Sharing

    own = world.own
    save_safety_house(session=s, actor=world.lotte, case_id=own.case_id, child_id=own.child,
                      expected_version=0, data=SafetyHouseInput((HouseItemInput(
                          SafetyHousePart.ROOF_RULE, "Niemand roept", Sharing.SHARE),), 5))


def _registration(s: Session, world: World) -> None:
    """The registration for the annual figures (issue 16); the outcome directly, as the
    world's case is not closed."""
    from registration.records import (
        ContactInput,
        SurveyInput,
        add_contact,
        add_procedure,
        add_survey_response,
        set_minors,
    )
    from sofs_core.codes import ContactKind, Outcome, ProcedureKind, Respondent
    from storage.models import CaseOutcome

    own = world.own
    set_minors(session=s, actor=world.lotte, case_id=own.case_id, person_ids=(own.child,),
               expected_version=s.get_one(Case, own.case_id).version)
    add_contact(session=s, actor=world.lotte, case_id=own.case_id,
                data=ContactInput(date(2026, 9, 2), ContactKind.FACE_TO_FACE, 90, world.lotte.id))
    add_procedure(session=s, actor=world.lotte, case_id=own.case_id,
                  kind=ProcedureKind.M_DOCUMENT, started_on=date(2026, 9, 3))
    add_survey_response(session=s, actor=world.lotte, case_id=own.case_id,
                        data=SurveyInput(Respondent.PARENT, True, 8.5, "Goed geholpen"))
    s.add(CaseOutcome(case_id=own.case_id, outcome=Outcome.PLACEMENT_AVOIDED, reached=True))


def test_the_export_has_a_row_of_every_kind_of_fact_and_nothing_of_another_family(
    factory: sessionmaker[Session], world: World
) -> None:
    _everything(factory, world)
    with transaction(factory) as s:
        data = json.loads(to_json(family_export(session=s, actor=world.lotte,
                                                case_id=world.own.case_id)))
    assert sorted(data["tables"]) == sorted(walk())
    assert [t for t, rows in data["tables"].items() if not rows] == []
    kinds = {r["kind"] for r in data["tables"]["emotional_lines"]}
    assert kinds == {"abuse", "close"}
    assert {r["kind"] for r in data["tables"]["parent_links"]} == {"biological"}
    assert data["tables"]["households"][0]["name"] == "Thuis"
    assert {r["display_name"] for r in data["named"]["users"]} >= {"Lotte Peeters",
                                                                   "Sofie Van den Broeck"}
    assert "password_hash" not in json.dumps(data)
    dumped = json.dumps(data, ensure_ascii=False)
    assert "Claes" not in dumped  # the other family, and its counsellor Jan Claes


def test_the_export_pdf_shows_every_kind_of_fact_in_words(
    factory: sessionmaker[Session], world: World, tmp_path: Path
) -> None:
    _everything(factory, world)
    with transaction(factory) as s:
        data = family_export(session=s, actor=world.lotte, case_id=world.own.case_id)
    pdf = tmp_path / "export.pdf"
    pdf.write_bytes(to_pdf(data, DUTCH, printed_on=date(2026, 11, 23)))
    assert_valid(pdf)
    flat = " ".join(pdf_text(pdf).split())
    for table in walk():
        assert DUTCH(f"export_table.{table}") in flat, table
    for fact in (
        "Huis: Huis van de leuke dingen; Woorden van het kind: Zwemmen met mama; Delen met de "
        "ouders: Mag gedeeld worden",
        "Op de kaart gezet: Zeynep: “Zwemmen met mama”",
        "Tekening: Tekening (staat in het JSON-bestand)",
        "Ouder: Elif Peeters; Kind: Zeynep Peeters; Soort: biologische ouder",
        "Eerste persoon: Zeynep Peeters; Tweede persoon: Yusuf Peeters",
        "Van: Karim Peeters; Naar: Zeynep Peeters; Soort: geweld of misbruik",
        "Van: Elif Peeters; Naar: Hatice Peeters; Soort: hecht",
        "Naam: Thuis; Wie woont er: Elif Peeters, Zeynep Peeters",
        "Eerste persoon: Elif Peeters; Tweede persoon: Karim Peeters; Status: samenwonend",
        "Persoon: Hatice Peeters; Soort: vertrouwenspersoon; Voor wie: Zeynep Peeters",
        "Persoon: Elif Peeters; Naam: Elif Peeters; Rol: Gezin",
        "Wie antwoordt: Elif; Als: Ouder; Score: 5",
        "Bij de zorg: We zijn bang dat Zeynep gekwetst raakt.; Wie helpt: Hatice Peeters",
        "Begeleiders: Lotte Peeters; Aangemelde minderjarigen: Zeynep Peeters; "
        "Gedeeld met consulent: Sofie Van den Broeck",
        "Van: Sofie Van den Broeck; Soort: Opmerking; Opmerking: Vraag over de",
        "Bijeenkomst: Opvolging, 16/11/2026",
        "Veiligheidsplan: versie 2",
        "Gemaakt vanuit: versie 1",
    ):
        assert fact in flat, fact
    for code in ("_id", "lineage", "abuse", "biological", "living_together", "True",
                 "None", "T10:", "+00:00"):
        assert code not in flat, code


def test_every_column_the_pdf_shows_has_words_in_every_language() -> None:
    metadata = Base.metadata
    for name in walk():
        table = metadata.tables[name]
        keys = [f"export_table.{name}"]
        if len(table.columns) > 2 or not all(c.primary_key for c in table.columns):
            keys += [LABELS.get(str(c.name), f"export_field.{c.name}") for c in table.columns
                     if str(c.name) not in BOOKKEEPING  # nor a key to the case or family:
                     and not {fk.column.table.name for fk in c.foreign_keys} & {CASES,
                                                                                FAMILIES}]
        for column in table.columns:
            for fk in column.foreign_keys:
                target = fk.column.table.name
                if target in (CASES, FAMILIES):
                    continue
                # A row pointed at is shown by its title, never by its id.
                keys.append(f"export_title.{target}")
                assert target in walk() or target in NAMED_BY, (name, column.name)
        for locale in LOCALES:
            assert [k for k in keys if not CATALOGUE.has(locale, k)] == [], (name, locale)


# -- destruction ---------------------------------------------------------------------------

def _present(session: Session, scoped: dict[str, list[Row]]) -> dict[str, int]:
    """How many of these rows still exist, per table."""
    counts: dict[str, int] = {}
    for name, rows in scoped.items():
        table = Base.metadata.tables[name]
        key = list(table.primary_key.columns)
        found = 0
        for row in rows:
            found += session.scalar(select(func.count()).select_from(table).where(
                *(c == row[str(c.name)] for c in key))) or 0
        counts[name] = found
    return counts


def _close(session: Session, case_id: int) -> None:
    case = session.get_one(Case, case_id)
    case.status, case.destroy_on = CaseStatus.CLOSED, date(2040, 1, 1)


def test_destroying_removes_every_row_of_the_family_and_nothing_of_another(
    factory: sessionmaker[Session], world: World
) -> None:
    _everything(factory, world)
    with transaction(factory) as s:
        own_marleen = s.scalars(select(NetworkRole.person_id).where(
            NetworkRole.case_id == world.own.case_id,
            NetworkRole.kind == NetworkRoleKind.MONITOR)).one()
        # The Peeters' neighbour also helps the Claes family.
        s.add(NetworkRole(case_id=world.other.case_id, person_id=own_marleen,
                          kind=NetworkRoleKind.OTHER, tie=TieStrength.WEAK))
        s.flush()
        _close(s, world.own.case_id)
        own = collect(s, world.own.case_id).rows
        other = collect(s, world.other.case_id).rows
        trail = s.scalar(select(func.count(AuditEvent.id)))
    assert {r["id"] for r in own["persons"]} & {r["id"] for r in other["persons"]} == {
        own_marleen}
    with transaction(factory) as s:
        destroy_expired(s, date(2041, 1, 1), dry_run=False)
    with factory() as s:
        left = _present(s, own)
        assert left.pop("persons") == 1  # the neighbour, still in the Claes network
        assert {t: n for t, n in left.items() if n} == {}
        assert _present(s, other) == {t: len(rows) for t, rows in other.items()}
        assert s.scalar(select(func.count(AuditEvent.id))) == (trail or 0) + 1
        assert s.scalar(select(func.count(AuditEvent.id)).where(
            AuditEvent.case_id == world.own.case_id,
            AuditEvent.action == AuditAction.DESTROY)) == 1
    # With the Claes case gone too, the neighbour goes: nothing names her any more.
    with transaction(factory) as s:
        _close(s, world.other.case_id)
    with transaction(factory) as s:
        destroy_expired(s, date(2041, 1, 1), dry_run=False)
    with factory() as s:
        assert sum(_present(s, other).values()) == 0
        assert _present(s, {"persons": [{"id": own_marleen}]}) == {"persons": 0}


def test_destroying_one_case_keeps_the_family_for_its_other_case(
    factory: sessionmaker[Session], world: World
) -> None:
    with transaction(factory) as s:
        second = Case(family_id=world.own.family_id, hulpvorm=s.get_one(
            Case, world.own.case_id).hulpvorm, referrer_body=s.get_one(
            Case, world.own.case_id).referrer_body, start_date=date(2027, 3, 1),
            status=CaseStatus.ACTIVE)
        s.add(second)
        s.flush()
        first = collect(s, world.own.case_id).rows
        destroy_case(s, world.own.case_id)
    with factory() as s:
        left = _present(s, first)
    of_case = {name for name, info in walk().items() if info.of_case}
    assert {t: n for t, n in left.items() if t in of_case and n} == {}
    # The family, its people (the neighbour too: no case names her now, so she went),
    # relationships and households stay.
    family_rows: dict[str, Any] = {t: n for t, n in left.items() if t not in of_case}
    assert family_rows["families"] == 1 and family_rows["couples"] == 1
    assert family_rows["households"] == 1 and family_rows["persons"] == 5
