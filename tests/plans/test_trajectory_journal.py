"""The trajectory (the road to closure the family can see) and the safety journal (how the
agreements of an agreed plan go), on SQLite and PostgreSQL: what is done and next, the
one-page landscape print read back with pdftotext, the journal's checks and counts per
agreement across plan versions, the consultant report's section, the export, and a stale
save refused."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from datetime import date
from functools import partial
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from auth import Actor
from genograms.network import NetworkRoleInput, add_outside_person, add_role
from genograms.people import PersonInput, add_family_member
from i18n import Words, load_catalogue
from mapping.cases import family_of_case
from mapping.meetings import open_meeting
from plans.consultant_report import consultant_report
from plans.journal import (
    JournalInput,
    add_journal_entry,
    remove_journal_entry,
    safety_journal,
)
from plans.printouts import gather_plan, gather_report
from plans.trajectory import (
    PointKind,
    StepInput,
    add_trajectory_step,
    get_trajectory,
    print_trajectory,
    remove_trajectory_step,
    save_trajectory,
    update_trajectory_step,
)
from plans.trajectory_document import trajectory_document
from plans.versions import (
    PlanDetails,
    RuleInput,
    add_rule,
    get_plan,
    list_plans,
    mark_agreed,
    open_draft,
    update_details,
)
from privacy.export import family_export
from privacy.scope import collect
from sofs_core.codes import (
    AuditAction,
    JournalSource,
    MeetingKind,
    NetworkRoleKind,
    RuleKind,
    StepKind,
)
from sofs_core.errors import Conflict, ValidationFailed
from storage.db import transaction
from storage.models import AuditEvent, Case, JournalEntry, TrajectoryStep
from tests.conftest import make_case
from tests.printing.pdf import assert_valid, page_count, pdf_text, tool

DUTCH: Words = partial(load_catalogue(None).text, "nl-BE")
TODAY = date(2026, 12, 1)


@dataclass(frozen=True)
class Case_:
    case_id: int
    mother: int
    aunt: int  # a network member from outside the family
    stranger: int  # a person of another family
    agreed_plan: int
    rule: int  # of the agreed version
    draft_rule: int  # the same agreement in the next version, a draft


@pytest.fixture
def case(factory: sessionmaker[Session], counsellor: Actor) -> Case_:
    with transaction(factory) as s:
        case_id = make_case(s, counsellor, planned_end_date=date(2027, 3, 1))
        family_id, _ = family_of_case(session=s, actor=counsellor, case_id=case_id)
        mother = add_family_member(session=s, actor=counsellor, family_id=family_id,
                                   data=PersonInput("Elif", "Peeters", birth="1986")).id
        add_family_member(session=s, actor=counsellor, family_id=family_id,
                          data=PersonInput("Zeynep", "Peeters", birth="2012"))
        aunt = add_outside_person(session=s, actor=counsellor, case_id=case_id,
                                  data=PersonInput("Małgorzata", "Nowak")).id
        add_role(session=s, actor=counsellor, case_id=case_id,
                 data=NetworkRoleInput(aunt, NetworkRoleKind.MONITOR))
        other_case = make_case(s, counsellor, family_name="Gezin Janssens")
        other_family, _ = family_of_case(session=s, actor=counsellor, case_id=other_case)
        stranger = add_family_member(session=s, actor=counsellor, family_id=other_family,
                                     data=PersonInput("Mia", "Janssens")).id
        open_meeting(session=s, actor=counsellor, case_id=case_id,
                     kind=MeetingKind.INTAKE_MAPPING, held_on=date(2026, 9, 10))
        open_meeting(session=s, actor=counsellor, case_id=case_id,
                     kind=MeetingKind.NETWORK_MEETING, held_on=date(2026, 10, 15))
        plan = open_draft(session=s, actor=counsellor, case_id=case_id)
        add_rule(session=s, actor=counsellor, plan_id=plan.id, data=RuleInput(
            RuleKind.IMMEDIATE, "Karim gaat naar buiten als het te hoog oploopt."))
        plan = update_details(session=s, actor=counsellor, plan_id=plan.id,
                              expected_version=plan.version,
                              data=PlanDetails(date(2027, 1, 12)))
        plan = mark_agreed(session=s, actor=counsellor, plan_id=plan.id,
                           expected_version=plan.version, agreed_by="Elif",
                           agreed_on=date(2026, 10, 20))
        draft = open_draft(session=s, actor=counsellor, case_id=case_id)
    return Case_(case_id, mother, aunt, stranger, plan.id, plan.rules[0].id, draft.rules[0].id)


def test_the_road_shows_what_is_done_and_what_comes_next(
        factory: sessionmaker[Session], counsellor: Actor, case: Case_) -> None:
    with transaction(factory) as s:
        empty = get_trajectory(session=s, actor=counsellor, case_id=case.case_id, on=TODAY)
        view = save_trajectory(session=s, actor=counsellor, case_id=case.case_id,
                               expected_version=empty.version, works_weeks=12,
                               closure_words="Als de kinderen 3 maanden niet meer bang zijn.",
                               on=TODAY)
        add_trajectory_step(session=s, actor=counsellor, case_id=case.case_id,
                            data=StepInput(date(2026, 11, 20), StepKind.NETWORK_MEETING,
                                           "Met oma en tante", done=True))
        step = add_trajectory_step(session=s, actor=counsellor, case_id=case.case_id,
                                   data=StepInput(date(2026, 12, 15), StepKind.NETWORK_MEETING,
                                                  "Met de school"))
        view = get_trajectory(session=s, actor=counsellor, case_id=case.case_id, on=TODAY)
    assert empty.version == 0 and view.version == 1
    kinds = [p.kind for p in view.points]
    assert kinds == [PointKind.START, PointKind.MEETING, PointKind.MEETING, PointKind.STEP,
                     PointKind.STEP, PointKind.PLAN_REVIEW, PointKind.WORKS_UNTIL,
                     PointKind.CLOSURE]
    assert [p.done for p in view.points] == [True, True, True, True, False, False, False,
                                             False]
    assert view.next is not None and view.next.step_id == step
    assert view.points[6].on == date(2027, 1, 12)  # agreed 20/10 + 12 weeks
    assert view.points[-1].text == "Als de kinderen 3 maanden niet meer bang zijn."
    assert view.works_from == date(2026, 10, 20)
    # Ticked off, the next thing is the plan review.
    with transaction(factory) as s:
        update_trajectory_step(session=s, actor=counsellor, step_id=step, expected_version=1,
                               data=StepInput(date(2026, 12, 15), StepKind.NETWORK_MEETING,
                                              "Met de school", done=True))
        view = get_trajectory(session=s, actor=counsellor, case_id=case.case_id,
                              on=date(2026, 12, 20))
    assert view.next is not None and view.next.kind is PointKind.PLAN_REVIEW


def test_bad_input_and_a_stale_save_change_nothing(
        factory: sessionmaker[Session], counsellor: Actor, case: Case_) -> None:
    with transaction(factory) as s:
        save_trajectory(session=s, actor=counsellor, case_id=case.case_id, expected_version=0,
                        works_weeks=8, closure_words="Eerste", on=TODAY)
    with pytest.raises(Conflict), transaction(factory) as s:  # a second session, read before
        save_trajectory(session=s, actor=counsellor, case_id=case.case_id, expected_version=0,
                        works_weeks=9, closure_words="Tweede", on=TODAY)
    with pytest.raises(ValidationFailed) as bad, transaction(factory) as s:
        save_trajectory(session=s, actor=counsellor, case_id=case.case_id, expected_version=1,
                        works_weeks=500, closure_words="x", on=TODAY)
    assert bad.value.errors[0].message_key == "trajectory.error.weeks"
    with pytest.raises(ValidationFailed), transaction(factory) as s:
        add_trajectory_step(session=s, actor=counsellor, case_id=case.case_id,
                            data=StepInput(TODAY, StepKind.OTHER, "   "))
    with transaction(factory) as s:
        step = add_trajectory_step(session=s, actor=counsellor, case_id=case.case_id,
                                   data=StepInput(TODAY, StepKind.OTHER, "Huisbezoek"))
        update_trajectory_step(session=s, actor=counsellor, step_id=step, expected_version=1,
                               data=StepInput(TODAY, StepKind.OTHER, "Huisbezoek", True))
    with pytest.raises(Conflict), transaction(factory) as s:
        remove_trajectory_step(session=s, actor=counsellor, step_id=step, expected_version=1)
    with transaction(factory) as s:
        view = get_trajectory(session=s, actor=counsellor, case_id=case.case_id, on=TODAY)
        assert s.scalar(select(func.count(TrajectoryStep.id))) == 1
    assert (view.works_weeks, view.closure_words) == (8, "Eerste")


def test_the_trajectory_prints_on_one_landscape_page_in_the_familys_words(
        factory: sessionmaker[Session], counsellor: Actor, case: Case_, tmp_path: Path) -> None:
    with transaction(factory) as s:
        save_trajectory(session=s, actor=counsellor, case_id=case.case_id, expected_version=0,
                        works_weeks=12, closure_words="Als <b>iedereen</b> zich veilig voelt.",
                        on=TODAY)
        for n in range(14):  # a long road still fits one page
            add_trajectory_step(session=s, actor=counsellor, case_id=case.case_id,
                                data=StepInput(date(2026, 11, 1 + n), StepKind.OTHER,
                                               f"Stap {n + 1} met een wat langere uitleg"))
    with transaction(factory) as s:
        before = s.scalar(select(func.count(AuditEvent.id)))
        family, view = print_trajectory(session=s, actor=counsellor, case_id=case.case_id,
                                        on=TODAY)
        actions = list(s.scalars(select(AuditEvent.action).order_by(AuditEvent.id)
                                 .offset(before)))
    assert actions == [AuditAction.PRINT]
    pdf = tmp_path / "traject.pdf"
    pdf.write_bytes(trajectory_document(family, view, DUTCH, TODAY))
    assert_valid(pdf)
    assert page_count(pdf) == 1
    info = subprocess.run([tool("pdfinfo"), str(pdf)], capture_output=True, text=True,
                          check=True).stdout
    assert "841.89 x 595.276 pts" in info  # A4, landscape
    text = " ".join(pdf_text(pdf).split())
    for words in ("Onze weg: Gezin Peeters", "Eerste gesprek", "Samen met het netwerk",
                  "Het plan samen bekijken (versie 1)", "Het plan werkt 12 weken",
                  "Einde van de hulp", "Stap 14", "Wanneer stopt de hulp?",
                  "Als <b>iedereen</b> zich veilig voelt.", "nu aan de beurt", "01/03/2027"):
        assert words in text, words


def _entry(s: Session, actor: Actor, case: Case_, **changes: object) -> int:
    values: dict[str, object] = {"on": date(2026, 11, 25), "rule_id": case.rule, "kept": True,
                                 "person_id": case.mother}
    values.update(changes)
    return add_journal_entry(session=s, actor=actor, case_id=case.case_id,
                             data=JournalInput(**values), on=TODAY)  # type: ignore[arg-type]


def test_the_journal_checks_who_which_agreement_and_when(
        factory: sessionmaker[Session], counsellor: Actor, case: Case_) -> None:
    bad = {
        "journal.error.not_agreed": {"rule_id": case.draft_rule},
        "journal.error.before_agreed": {"on": date(2026, 10, 1)},
        "journal.error.future": {"on": date(2026, 12, 2)},
        "journal.error.not_of_case": {"person_id": case.stranger},
        "error.required": {"person_id": None, "who_name": "  "},
        "journal.error.what_happened": {"kept": False, "what_happened": " "},
    }
    for key, changes in bad.items():
        with pytest.raises(ValidationFailed) as refused, transaction(factory) as s:
            _entry(s, counsellor, case, **changes)
        assert [e.message_key for e in refused.value.errors] == [key], key
    with transaction(factory) as s:
        assert s.scalar(select(func.count(JournalEntry.id))) == 0
        _entry(s, counsellor, case, person_id=case.aunt, kept=False,
               what_happened="Karim bleef binnen, ik heb Zeynep opgehaald.",
               source=JournalSource.PAPER)
        _entry(s, counsellor, case, person_id=None, who_name="Buurvrouw Marleen")
        journal = safety_journal(session=s, actor=counsellor, case_id=case.case_id, on=TODAY)
    assert [line.who for line in journal.lines] == ["Buurvrouw Marleen", "Małgorzata Nowak"]
    assert journal.lines[1].what_happened == "Karim bleef binnen, ik heb Zeynep opgehaald."
    assert set(journal.people.values()) >= {"Elif Peeters", "Zeynep Peeters",
                                            "Małgorzata Nowak"}


def test_agreements_are_counted_over_two_weeks_and_in_total_across_versions(
        factory: sessionmaker[Session], counsellor: Actor, case: Case_) -> None:
    with transaction(factory) as s:
        for day_, kept in ((date(2026, 10, 25), False), (date(2026, 11, 16), True),
                           (date(2026, 11, 18), True), (date(2026, 11, 30), False),
                           (date(2026, 12, 1), True)):
            _entry(s, counsellor, case, on=day_, kept=kept, what_happened="Ruzie, hij bleef.")
    # The next version is agreed too: its rule has the same lineage, counted together.
    with transaction(factory) as s:
        newest = list_plans(session=s, actor=counsellor, case_id=case.case_id)[0]
        plan = get_plan(session=s, actor=counsellor, plan_id=newest.id)
        mark_agreed(session=s, actor=counsellor, plan_id=plan.id, expected_version=plan.version,
                    agreed_by="Elif", agreed_on=date(2026, 11, 28))
        _entry(s, counsellor, case, rule_id=case.draft_rule, on=date(2026, 11, 29))
        journal = safety_journal(session=s, actor=counsellor, case_id=case.case_id, on=TODAY)
        # Agreements to report on are those of the newest agreed version.
        assert list(journal.agreements) == [case.draft_rule]
    (tally,) = journal.tallies
    assert (tally.kept_recent, tally.not_kept_recent, tally.kept, tally.not_kept) == (
        3, 1, 4, 2)
    with transaction(factory) as s:
        line = journal.lines[0]
        remove_journal_entry(session=s, actor=counsellor, entry_id=line.id,
                             expected_version=line.version)
        assert safety_journal(session=s, actor=counsellor, case_id=case.case_id,
                              on=TODAY).tallies[0].kept == 3


def test_the_consultant_report_and_the_export_hold_the_journal(
        factory: sessionmaker[Session], counsellor: Actor, case: Case_, tmp_path: Path) -> None:
    with transaction(factory) as s:
        _entry(s, counsellor, case, kept=False, what_happened="Het liep uit de hand.")
        _entry(s, counsellor, case, on=date(2026, 11, 26))
        save_trajectory(session=s, actor=counsellor, case_id=case.case_id, expected_version=0,
                        works_weeks=6, closure_words="Als het rustig blijft.", on=TODAY)
        add_trajectory_step(session=s, actor=counsellor, case_id=case.case_id,
                            data=StepInput(TODAY, StepKind.PLAN_REVIEW, "Plan herbekijken"))
    with transaction(factory) as s:
        data = gather_plan(session=s, actor=counsellor, plan_id=case.agreed_plan, words=DUTCH,
                           on=TODAY, document="report", with_genogram=False)
        report = gather_report(session=s, actor=counsellor, plan=data, words=DUTCH)
        export = family_export(session=s, actor=counsellor, case_id=case.case_id)
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(consultant_report(data, report, DUTCH))
    text = " ".join(pdf_text(pdf).split())
    for words in ("Veiligheidsdagboek: 2 verslagen van het gezin en het netwerk, van "
                  "25/11/2026 tot 26/11/2026",
                  "Dagboek: laatste 2 weken 1 gelukt, 1 niet gelukt; in totaal 1 gelukt, "
                  "1 niet gelukt"):
        assert words in text, words
    tables = export["tables"]
    assert sorted(r["what_happened"] for r in tables["journal_entries"]) == [
        "", "Het liep uit de hand."]
    assert tables["trajectories"][0]["closure_words"] == "Als het rustig blijft."
    assert tables["trajectory_steps"][0]["text"] == "Plan herbekijken"


def test_the_case_is_destroyed_with_its_trajectory_and_journal(
        factory: sessionmaker[Session], counsellor: Actor, case: Case_) -> None:
    with transaction(factory) as s:
        _entry(s, counsellor, case)
        add_trajectory_step(session=s, actor=counsellor, case_id=case.case_id,
                            data=StepInput(TODAY, StepKind.OTHER, "Bezoek"))
    with transaction(factory) as s:
        scoped = collect(s, case.case_id)
        s.delete(s.get_one(Case, case.case_id))  # as destruction does, through the keys
    assert len(scoped.rows["journal_entries"]) == len(scoped.rows["trajectory_steps"]) == 1
    with transaction(factory) as s:
        assert s.scalar(select(func.count(JournalEntry.id))) == 0
        assert s.scalar(select(func.count(TrajectoryStep.id))) == 0


def test_the_demo_prints_its_road_and_reports_its_two_weeks_of_journal(
        demo_db: str, tmp_path: Path) -> None:
    from sofs_core.codes import PlanStatus
    from storage.db import make_engine, session_factory
    from storage.models import SafetyPlan, User

    engine = make_engine(demo_db)
    with transaction(session_factory(engine)) as s:
        user = s.scalars(select(User).where(User.username == "consulent")).one()
        actor = Actor(user.id, user.username, user.display_name, user.role, None, user.team_id)
        case_id = s.scalars(select(Case.id)).one()
        family, view = print_trajectory(session=s, actor=actor, case_id=case_id,
                                        on=date(2026, 11, 23))
        plan_id = s.scalars(select(SafetyPlan.id).where(
            SafetyPlan.status == PlanStatus.APPROVED)).one()
        data = gather_plan(session=s, actor=actor, plan_id=plan_id, words=DUTCH,
                           on=date(2026, 11, 23), document="report", with_genogram=False)
        report = gather_report(session=s, actor=actor, plan=data, words=DUTCH)
    engine.dispose()
    road = tmp_path / "road.pdf"
    road.write_bytes(trajectory_document(family, view, DUTCH, date(2026, 11, 23)))
    assert page_count(road) == 1
    text = " ".join(pdf_text(road).split())
    assert "Onze weg: Gezin Yılmaz-Kowalski" in text and "Met oma Ayşe" in text
    doc = tmp_path / "report.pdf"
    doc.write_bytes(consultant_report(data, report, DUTCH))
    assert page_count(doc) <= 4
    text = " ".join(pdf_text(doc).split())
    assert ("Veiligheidsdagboek: 10 verslagen van het gezin en het netwerk, van 09/11/2026 "
            "tot 22/11/2026") in text
    assert ("Dagboek: laatste 2 weken 2 gelukt, 1 niet gelukt; in totaal 3 gelukt, 1 niet "
            "gelukt") in text
