"""Registration on the case refuses what is impossible, with a field error, and saves
nothing of a refused call (SQLite and PostgreSQL)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from auth import Actor
from genograms.people import PersonInput, add_family_member
from registration.records import (
    ContactInput,
    SurveyInput,
    add_contact,
    add_procedure,
    add_survey_response,
    registration_of_case,
    remove_contact,
    set_minors,
    set_outcomes,
)
from sofs_core.codes import (
    CaseStatus,
    ClosureReason,
    ContactKind,
    Hulpvorm,
    Outcome,
    ProcedureKind,
    Respondent,
)
from sofs_core.errors import Conflict, ValidationFailed
from storage.db import transaction
from storage.models import Case, CaseContact, CaseOutcome, SurveyResponse
from tests.conftest import make_case

START, END = date(2022, 3, 1), date(2022, 6, 30)


@pytest.fixture
def closed_case(factory: sessionmaker[Session], counsellor: Actor) -> int:
    with transaction(factory) as s:
        return make_case(s, counsellor, hulpvorm=Hulpvorm.IKT, start_date=START,
                         status=CaseStatus.CLOSED, end_date=END,
                         closure_reason=ClosureReason.GOALS_REACHED)


def _version(s: Session, case_id: int) -> int:
    return int(s.get_one(Case, case_id).version)


def _refused(factory: sessionmaker[Session], call: Callable[[Session], object]) -> list[str]:
    with pytest.raises(ValidationFailed) as refused, transaction(factory) as s:
        call(s)
    return [f"{e.field}:{e.message_key}" for e in refused.value.errors]


@pytest.mark.parametrize(("held_on", "minutes", "expected"), [
    (date(2022, 4, 1), 30 * 60, ["minutes:error.registration.minutes"]),
    (date(2022, 4, 1), 0, ["minutes:error.registration.minutes"]),
    (date(2022, 2, 28), 60, ["held_on:error.registration.before_start"]),
    (date(2022, 7, 1), 60, ["held_on:error.registration.after_end"]),
    (None, None, ["held_on:error.required", "minutes:error.required"]),
])
def test_an_impossible_contact_is_refused_and_nothing_is_saved(
    factory: sessionmaker[Session], counsellor: Actor, closed_case: int,
    held_on: date | None, minutes: int | None, expected: list[str],
) -> None:
    assert _refused(factory, lambda s: add_contact(
        session=s, actor=counsellor, case_id=closed_case,
        data=ContactInput(held_on, ContactKind.FACE_TO_FACE, minutes))) == expected
    with factory() as s:
        assert s.scalar(select(func.count()).select_from(CaseContact)) == 0


def test_a_contact_of_the_services_today_is_not_in_the_future_whatever_utc_says(
    factory: sessionmaker[Session], counsellor: Actor, monkeypatch: pytest.MonkeyPatch
) -> None:
    """'Today' is the service's day (sofs_core.clock), not UTC's: after midnight in Ghent a
    contact of today was refused as in the future, since UTC still said yesterday. A zone
    whose day differs from UTC's at this very hour makes the difference show at any time."""
    from datetime import UTC, datetime, timedelta

    from sofs_core import clock

    utc_day = datetime.now(UTC).date()
    monkeypatch.setenv("SOFS_TIMEZONE",
                       "Etc/GMT-14" if datetime.now(UTC).hour >= 12 else "Etc/GMT+12")
    local_day = clock.today()
    assert local_day != utc_day
    with transaction(factory) as s:
        case_id = make_case(s, counsellor, start_date=utc_day - timedelta(days=30))
    with transaction(factory) as s:
        add_contact(session=s, actor=counsellor, case_id=case_id,
                    data=ContactInput(local_day, ContactKind.PHONE, 20))
    assert _refused(factory, lambda s: add_contact(
        session=s, actor=counsellor, case_id=case_id,
        data=ContactInput(local_day + timedelta(days=1), ContactKind.PHONE, 20))) == [
        "held_on:error.registration.after_end"]


def test_a_contact_is_logged_and_taken_off(factory: sessionmaker[Session],
                                           counsellor: Actor, closed_case: int) -> None:
    with transaction(factory) as s:
        contact = add_contact(session=s, actor=counsellor, case_id=closed_case,
                              data=ContactInput(date(2022, 4, 1), ContactKind.PHONE, 45))
        add_contact(session=s, actor=counsellor, case_id=closed_case, data=ContactInput(
            date(2022, 4, 2), ContactKind.EXTERNAL_CONSULTATION, 30))
    with transaction(factory) as s:
        registration = registration_of_case(session=s, actor=counsellor, case_id=closed_case)
        assert registration.direct_minutes == 45 and len(registration.contacts) == 2
        remove_contact(session=s, actor=counsellor, contact_id=contact)
    with factory() as s:
        assert s.scalar(select(func.count()).select_from(CaseContact)) == 1


def test_outcomes_are_asked_at_closure_all_of_the_care_forms_questions(
    factory: sessionmaker[Session], counsellor: Actor, closed_case: int
) -> None:
    assert _refused(factory, lambda s: set_outcomes(
        session=s, actor=counsellor, case_id=closed_case, expected_version=_version(
            s, closed_case), answers={Outcome.PLACEMENT_AVOIDED: True})) == [
        "outcomes:error.registration.unanswered"]
    assert _refused(factory, lambda s: set_outcomes(
        session=s, actor=counsellor, case_id=closed_case, expected_version=_version(
            s, closed_case), answers={Outcome.STABLE_HOUSING: True})) == [
        "outcomes:error.registration.wrong_question"]
    with transaction(factory) as s:
        stale = _version(s, closed_case)
        set_outcomes(session=s, actor=counsellor, case_id=closed_case, expected_version=stale,
                     answers={Outcome.PLACEMENT_AVOIDED: True, Outcome.NO_OR_LIGHT_HELP: False})
    with pytest.raises(Conflict), transaction(factory) as s:  # someone saved in between
        set_outcomes(session=s, actor=counsellor, case_id=closed_case, expected_version=stale,
                     answers={Outcome.PLACEMENT_AVOIDED: False,
                              Outcome.NO_OR_LIGHT_HELP: False})
    with transaction(factory) as s:
        answers = registration_of_case(session=s, actor=counsellor,
                                       case_id=closed_case).answers
    assert answers == {Outcome.PLACEMENT_AVOIDED: True, Outcome.NO_OR_LIGHT_HELP: False}


def test_an_open_case_has_no_outcome_yet(factory: sessionmaker[Session],
                                         counsellor: Actor) -> None:
    with transaction(factory) as s:
        open_case = make_case(s, counsellor, start_date=START)
    assert _refused(factory, lambda s: set_outcomes(
        session=s, actor=counsellor, case_id=open_case, expected_version=_version(
            s, open_case), answers={})) == ["outcomes:error.registration.not_closed"]
    with factory() as s:
        assert s.scalar(select(func.count()).select_from(CaseOutcome)) == 0


@pytest.mark.parametrize(("data", "expected"), [
    (SurveyInput(Respondent.PARENT, True, 11), ["score:error.registration.score"]),
    (SurveyInput(Respondent.PARENT, True, None), ["score:error.required"]),
    (SurveyInput(Respondent.PARENT, False, 8), ["score:error.registration.score"]),
])
def test_an_impossible_survey_is_refused(factory: sessionmaker[Session], counsellor: Actor,
                                         closed_case: int, data: SurveyInput,
                                         expected: list[str]) -> None:
    assert _refused(factory, lambda s: add_survey_response(
        session=s, actor=counsellor, case_id=closed_case, data=data)) == expected
    with factory() as s:
        assert s.scalar(select(func.count()).select_from(SurveyResponse)) == 0


def test_minors_come_from_the_family_and_procedures_from_the_case_time(
    factory: sessionmaker[Session], counsellor: Actor, closed_case: int
) -> None:
    with transaction(factory) as s:
        other = make_case(s, counsellor, family_name="Gezin Anders")
        stranger = add_family_member(session=s, actor=counsellor, family_id=s.get_one(
            Case, other).family_id, data=PersonInput("Vreemd")).id
        child = add_family_member(session=s, actor=counsellor, family_id=s.get_one(
            Case, closed_case).family_id, data=PersonInput("Zeynep", birth="2012")).id
    assert _refused(factory, lambda s: set_minors(
        session=s, actor=counsellor, case_id=closed_case, person_ids=(child, stranger),
        expected_version=_version(s, closed_case))) == [
        "minors:error.registration.not_in_family"]
    assert _refused(factory, lambda s: add_procedure(
        session=s, actor=counsellor, case_id=closed_case, kind=ProcedureKind.VIST,
        started_on=date(2021, 1, 1))) == ["started_on:error.registration.before_start"]
    with transaction(factory) as s:
        set_minors(session=s, actor=counsellor, case_id=closed_case, person_ids=(child,),
                   expected_version=_version(s, closed_case))
        registration = registration_of_case(session=s, actor=counsellor, case_id=closed_case)
    assert [c.person_id for c in registration.candidates if c.registered] == [child]
