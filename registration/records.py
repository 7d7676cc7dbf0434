"""Registration on the case, as the work happens: the registered minors, the quick contact
log, the procedures started, the outcome indicators answered at closure, and the client
satisfaction survey typed in from paper. The annual figures (registration.figures) are
counted from these and from the case's own care form, referrer and dates.

Services take the session and the actor as keyword arguments, check access on the case and
record it, flush but never commit. Whatever is impossible is refused with a field error
(a catalogue key), and nothing of the refused call is saved.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TypeVar

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from auth import Actor
from auth.access import Need, check_case
from registration.care_forms import care_forms
from sofs_core.clock import today as local_today
from sofs_core.clock import utcnow
from sofs_core.codes import CaseStatus, ContactKind, Outcome, ProcedureKind, Respondent
from sofs_core.errors import Conflict, FieldError, NotFound, ValidationFailed
from sofs_core.text import full_name
from storage.models import (
    Case,
    CaseContact,
    CaseOutcome,
    CaseProcedure,
    Person,
    SurveyResponse,
    case_minors,
)

# One contact longer than this is a typing error (a night of crisis work is 12 hours).
MAX_CONTACT_MINUTES = 12 * 60



@dataclass(frozen=True)
class ContactInput:
    held_on: date | None
    kind: ContactKind
    minutes: int | None
    user_id: int | None = None  # the professional who had the contact


@dataclass(frozen=True)
class SurveyInput:
    respondent: Respondent
    filled_in: bool
    score: float | None = None  # 0 to 10, one decimal
    remarks: str = ""


@dataclass(frozen=True)
class Contact:
    id: int
    held_on: date
    kind: ContactKind
    minutes: int
    user_id: int | None


@dataclass(frozen=True)
class Procedure:
    id: int
    kind: ProcedureKind
    started_on: date


@dataclass(frozen=True)
class Survey:
    id: int
    respondent: Respondent
    filled_in: bool
    score: float | None
    remarks: str


@dataclass(frozen=True)
class Candidate:
    """A family member who may be registered as one of the case's minors."""

    person_id: int
    name: str
    registered: bool


@dataclass(frozen=True)
class Registration:
    """What the case has registered, for the registration page."""

    case_id: int
    version: int
    hulpvorm: str
    listed: bool  # False: its care form is no longer in the organisation's list
    closed: bool
    start_date: date
    end_date: date | None
    candidates: tuple[Candidate, ...]
    contacts: tuple[Contact, ...]
    procedures: tuple[Procedure, ...]
    questions: tuple[Outcome, ...]
    answers: Mapping[Outcome, bool]
    surveys: tuple[Survey, ...]

    @property
    def direct_minutes(self) -> int:
        return sum(c.minutes for c in self.contacts if c.kind is not
                   ContactKind.EXTERNAL_CONSULTATION)


def _case(session: Session, case_id: int) -> Case:
    case = session.get(Case, case_id)
    if case is None:
        raise NotFound()
    return case


def _touch(case: Case, expected_version: int) -> None:
    """Refuse a stale form, and move the case's version on so the next stale one is too."""
    if case.version != expected_version:
        raise Conflict(None)
    case.updated_at = utcnow()


def questions_of(session: Session, case: Case) -> tuple[Outcome, ...]:
    """The closure questions of the case's care form (registration.care_forms); for a form
    known nowhere any more, the questions it was answered on (so they stay shown)."""
    asked = care_forms().questions(case.hulpvorm)
    if asked is not None:
        return asked
    answered = set(session.scalars(select(CaseOutcome.outcome)
                                   .where(CaseOutcome.case_id == case.id)))
    return tuple(o for o in Outcome if o in answered)


def registration_of_case(*, session: Session, actor: Actor, case_id: int) -> Registration:
    check_case(session, actor, case_id, Need.READ, "registration")
    case = _case(session, case_id)
    forms = care_forms()
    registered = set(session.scalars(select(case_minors.c.person_id)
                                     .where(case_minors.c.case_id == case_id)))
    people = session.execute(select(Person.id, Person.first_name, Person.last_name)
                             .where(Person.family_id == case.family_id,
                                    Person.is_pregnancy.is_(False)).order_by(Person.id))
    return Registration(
        case_id=case.id, version=case.version, hulpvorm=case.hulpvorm,
        listed=case.hulpvorm in forms, closed=case.status is CaseStatus.CLOSED,
        start_date=case.start_date, end_date=case.end_date,
        candidates=tuple(Candidate(pid, full_name(first, last), pid in registered)
                         for pid, first, last in people),
        contacts=tuple(Contact(c.id, c.held_on, c.kind, c.minutes, c.user_id)
                       for c in session.scalars(select(CaseContact).where(
                           CaseContact.case_id == case_id)
                           .order_by(CaseContact.held_on.desc(), CaseContact.id.desc()))),
        procedures=tuple(Procedure(p.id, p.kind, p.started_on) for p in session.scalars(
            select(CaseProcedure).where(CaseProcedure.case_id == case_id)
            .order_by(CaseProcedure.started_on, CaseProcedure.id))),
        questions=questions_of(session, case),
        answers={o.outcome: o.reached for o in session.scalars(
            select(CaseOutcome).where(CaseOutcome.case_id == case_id))},
        surveys=tuple(Survey(r.id, r.respondent, r.filled_in,
                             None if r.score_tenths is None else r.score_tenths / 10,
                             r.remarks)
                      for r in session.scalars(select(SurveyResponse).where(
                          SurveyResponse.case_id == case_id).order_by(SurveyResponse.id))),
    )


def set_minors(*, session: Session, actor: Actor, case_id: int, expected_version: int,
               person_ids: Sequence[int]) -> None:
    """Register which of the family's members are the case's registered minors."""
    check_case(session, actor, case_id, Need.EDIT, "registration/minors")
    case = _case(session, case_id)
    wanted = set(person_ids)
    family = set(session.scalars(select(Person.id).where(Person.family_id == case.family_id,
                                                         Person.id.in_(wanted))))
    if family != wanted:
        raise ValidationFailed([FieldError("minors", "error.registration.not_in_family")])
    _touch(case, expected_version)
    session.execute(delete(case_minors).where(case_minors.c.case_id == case_id))
    if wanted:
        session.execute(insert(case_minors), [{"case_id": case_id, "person_id": p}
                                              for p in sorted(wanted)])
    session.flush()


def _last_day(case: Case) -> date:
    # The service's own day (sofs_core.clock): after midnight in Ghent a contact of today
    # is not in the future, though UTC still says yesterday.
    today = local_today()
    return min(case.end_date, today) if case.end_date is not None else today


def add_contact(*, session: Session, actor: Actor, case_id: int, data: ContactInput) -> int:
    """Log one contact; refused when it falls outside the case or lasts impossibly long."""
    check_case(session, actor, case_id, Need.EDIT, "registration/contact")
    case = _case(session, case_id)
    errors: list[FieldError] = []
    if data.held_on is None:
        errors.append(FieldError("held_on", "error.required"))
    elif data.held_on < case.start_date:
        errors.append(FieldError("held_on", "error.registration.before_start",
                                 {"date": case.start_date}))
    elif data.held_on > _last_day(case):
        errors.append(FieldError("held_on", "error.registration.after_end",
                                 {"date": _last_day(case)}))
    if data.minutes is None:
        errors.append(FieldError("minutes", "error.required"))
    elif not 1 <= data.minutes <= MAX_CONTACT_MINUTES:
        errors.append(FieldError("minutes", "error.registration.minutes",
                                 {"hours": MAX_CONTACT_MINUTES // 60}))
    if errors or data.held_on is None or data.minutes is None:
        raise ValidationFailed(errors)
    contact = CaseContact(case_id=case_id, held_on=data.held_on, kind=data.kind,
                          minutes=data.minutes, user_id=data.user_id)
    session.add(contact)
    session.flush()
    return contact.id


Row = TypeVar("Row", CaseContact, CaseProcedure, SurveyResponse)


def _remove(session: Session, actor: Actor, model: type[Row], row_id: int, subject: str
            ) -> None:
    """Remove one registered row after checking (and recording) edit access to its case."""
    row = session.get(model, row_id)
    if row is None:
        raise NotFound()
    check_case(session, actor, row.case_id, Need.EDIT, subject)
    session.delete(row)
    session.flush()


def remove_contact(*, session: Session, actor: Actor, contact_id: int) -> None:
    _remove(session, actor, CaseContact, contact_id, "registration/contact")


def add_procedure(*, session: Session, actor: Actor, case_id: int, kind: ProcedureKind,
                  started_on: date | None) -> int:
    check_case(session, actor, case_id, Need.EDIT, "registration/procedure")
    case = _case(session, case_id)
    if started_on is None:
        raise ValidationFailed([FieldError("started_on", "error.required")])
    if started_on < case.start_date:
        raise ValidationFailed([FieldError("started_on", "error.registration.before_start",
                                           {"date": case.start_date})])
    if started_on > _last_day(case):
        raise ValidationFailed([FieldError("started_on", "error.registration.after_end",
                                           {"date": _last_day(case)})])
    procedure = CaseProcedure(case_id=case_id, kind=kind, started_on=started_on)
    session.add(procedure)
    session.flush()
    return procedure.id


def remove_procedure(*, session: Session, actor: Actor, procedure_id: int) -> None:
    _remove(session, actor, CaseProcedure, procedure_id, "registration/procedure")


def set_outcomes(*, session: Session, actor: Actor, case_id: int, expected_version: int,
                 answers: Mapping[Outcome, bool | None]) -> None:
    """Answer the closure questions of the case's care form, every one of them."""
    check_case(session, actor, case_id, Need.EDIT, "registration/outcomes")
    case = _case(session, case_id)
    if case.status is not CaseStatus.CLOSED:
        raise ValidationFailed([FieldError("outcomes", "error.registration.not_closed")])
    questions = questions_of(session, case)
    if set(answers) - set(questions):
        raise ValidationFailed([FieldError("outcomes", "error.registration.wrong_question")])
    unanswered = [q for q in questions if answers.get(q) is None]
    if unanswered:
        raise ValidationFailed([FieldError("outcomes", "error.registration.unanswered",
                                           {"missing": len(unanswered)})])
    _touch(case, expected_version)
    session.execute(delete(CaseOutcome).where(CaseOutcome.case_id == case_id))
    session.add_all(CaseOutcome(case_id=case_id, outcome=q, reached=bool(answers[q]))
                    for q in questions)
    session.flush()


def add_survey_response(*, session: Session, actor: Actor, case_id: int,
                        data: SurveyInput) -> int:
    """One respondent's survey: filled in with a score, or handed out and not returned."""
    check_case(session, actor, case_id, Need.EDIT, "registration/survey")
    _case(session, case_id)
    if data.filled_in and data.score is None:
        raise ValidationFailed([FieldError("score", "error.required")])
    if data.score is not None and not (data.filled_in and 0 <= data.score <= 10):
        raise ValidationFailed([FieldError("score", "error.registration.score")])
    tenths = None if data.score is None else round(data.score * 10)
    response = SurveyResponse(case_id=case_id, respondent=data.respondent,
                              filled_in=data.filled_in, score_tenths=tenths,
                              remarks=data.remarks.strip())
    session.add(response)
    session.flush()
    return response.id


def remove_survey_response(*, session: Session, actor: Actor, response_id: int) -> None:
    _remove(session, actor, SurveyResponse, response_id, "registration/survey")
