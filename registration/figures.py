"""The annual figures, counted from the cases themselves (issue 16).

Which cases count, as the annual report counts them:
- a case counts in a period when it ran in it: it started on or before the last day and did
  not end before the first (begeleide gezinnen / jongeren);
- it started in the period when its start date is in it, it ended ("beëindigde
  begeleidingen") when it is closed with an end date in it;
- shares of referrers, minors and procedures are over the cases that count;
- duration (in calendar days, the first and the last day included), contact hours, outcomes,
  early stops and the satisfaction survey are over the ended cases only;
- a registered minor's age is taken at the case's start; "ouder dan 12" means 12 or older.

Nothing is left out silently: cases that lack what a figure needs are listed in ``Missing``.
Percentages round half up to a whole percent, as the report prints them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import ColumnElement, and_, func, select
from sqlalchemy.orm import Session

from auth import Actor
from auth.access import AccessRefused, record, require_confirmed
from registration.care_forms import care_forms
from sofs_core.codes import (
    AuditAction,
    CaseStatus,
    ClosureReason,
    ContactKind,
    Outcome,
    ProcedureKind,
    ReferrerBody,
    Respondent,
    Role,
    Sex,
)
from storage.models import (
    Case,
    CaseContact,
    CaseOutcome,
    CaseProcedure,
    Family,
    Person,
    SurveyResponse,
    case_minors,
)

FIGURE_READERS = (Role.TEAM_LEAD, Role.MANAGEMENT)
OLDER_AGE = 12
ADULT_AGE = 18
DIRECT = (ContactKind.FACE_TO_FACE, ContactKind.PHONE)


@dataclass(frozen=True)
class Period:
    first: date
    last: date

    @classmethod
    def year(cls, year: int) -> Period:
        return cls(date(year, 1, 1), date(year, 12, 31))


@dataclass(frozen=True)
class Share:
    """``count`` of ``total``, with the case numbers behind the count."""

    count: int
    total: int
    cases: tuple[int, ...] = ()

    @property
    def percent(self) -> int | None:
        """A whole percent, rounded half up (12,5% is 13%); None when there is no total."""
        if self.total == 0:
            return None
        exact = Decimal(self.count * 100) / Decimal(self.total)
        return int(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP))


@dataclass(frozen=True)
class Average:
    """A mean with the case numbers it is taken over; None when there is nothing to average."""

    value: Decimal | None
    cases: tuple[int, ...] = ()


@dataclass(frozen=True)
class FormFigures:
    """Every figure of one care form, or of all of them (``hulpvorm`` None)."""

    hulpvorm: str | None  # a key of the care forms
    counted: tuple[int, ...]
    started: tuple[int, ...]
    ended: tuple[int, ...]
    referrers: Mapping[ReferrerBody, Share]
    minors: int
    girls: Share
    boys: Share
    older_than_12: Share
    adults: Share  # 18 or older at the start (CBAW's young adults)
    procedures: Mapping[ProcedureKind, Share]
    duration_days: Average  # ended cases
    direct_minutes_per_case: Average  # ended cases
    direct_minutes_per_week: Average  # ended cases: all their minutes over all their weeks
    external_minutes_per_case: Average
    outcomes: Mapping[Outcome, Share]  # of the ended cases that answered the question
    early_stop: Share  # ended cases closed as an unplanned drop-out
    parents_responded: Share  # surveys filled in of those handed out, ended cases
    parents_score: Average
    young_responded: Share
    young_score: Average
    listed: bool = True  # False: a care form no longer in the list, still on these cases


@dataclass(frozen=True)
class Missing:
    """Cases that count but lack what a figure needs."""

    ended_without_outcome: tuple[int, ...] = ()
    without_minors: tuple[int, ...] = ()
    ended_without_contacts: tuple[int, ...] = ()
    minors_without_age: tuple[int, ...] = ()

    def items(self) -> list[tuple[str, tuple[int, ...]]]:
        return [(name, cases) for name, cases in (
            ("ended_without_outcome", self.ended_without_outcome),
            ("without_minors", self.without_minors),
            ("ended_without_contacts", self.ended_without_contacts),
            ("minors_without_age", self.minors_without_age)) if cases]


@dataclass(frozen=True)
class AnnualFigures:
    period: Period
    # The care forms that have cases, in the list's order; after them, marked, those taken
    # out of the list that old cases still have.
    forms: tuple[FormFigures, ...]
    total: FormFigures
    missing: Missing = field(default_factory=Missing)


@dataclass
class _Case:
    id: int
    hulpvorm: str
    referrer: ReferrerBody
    start: date
    end: date | None
    closed: bool
    reason: ClosureReason | None
    minors: list[tuple[Sex, int | None]] = field(default_factory=list)
    direct: int = 0
    external: int = 0
    contacts: int = 0
    procedures: set[ProcedureKind] = field(default_factory=set)
    outcomes: dict[Outcome, bool] = field(default_factory=dict)
    surveys: list[tuple[Respondent, bool, int | None]] = field(default_factory=list)


def _scope(actor: Actor) -> ColumnElement[bool]:
    """The cases whose figures ``actor`` reads: a team lead their team's, management all."""
    if actor.role is Role.MANAGEMENT:
        return Case.id.is_not(None)
    if actor.role is Role.TEAM_LEAD and actor.team_id is not None:
        return Case.team_id == actor.team_id
    raise AccessRefused(actor, None, "figures/annual")


def _running(period: Period) -> ColumnElement[bool]:
    return and_(Case.start_date <= period.last,
                (Case.end_date.is_(None)) | (Case.end_date >= period.first))


def annual_figures(*, session: Session, actor: Actor, period: Period) -> AnnualFigures:
    """Every figure of the annual report for ``period``, per care form and in total."""
    return checked_figures(session, actor, period, "figures/annual", AuditAction.READ)


def checked_figures(session: Session, actor: Actor, period: Period, subject: str,
                    action: AuditAction) -> AnnualFigures:
    """The figures ``actor`` may read, recorded as ``action`` on ``subject`` (a read of the
    page, or the export of a spreadsheet or PDF)."""
    if actor.role not in FIGURE_READERS:
        raise AccessRefused(actor, None, subject)
    require_confirmed(session, actor, subject)
    where = and_(_scope(actor), _running(period))
    record(session, actor, action,
           f"{subject}:{period.first.isoformat()}..{period.last.isoformat()}")
    return count_figures(session, where, period)


def count_figures(session: Session, where: ColumnElement[bool], period: Period) -> AnnualFigures:
    """The figures of the cases ``where`` selects (no access check: the caller's)."""
    cases = {row.id: _Case(row.id, row.hulpvorm, row.referrer_body, row.start_date,
                           row.end_date, row.status is CaseStatus.CLOSED, row.closure_reason)
             for row in session.execute(select(
                 Case.id, Case.hulpvorm, Case.referrer_body, Case.start_date, Case.end_date,
                 Case.status, Case.closure_reason).where(where))}
    ids = select(Case.id).where(where)
    for case_id, sex, born, year in session.execute(
            select(case_minors.c.case_id, Person.sex, Person.birth_date, Person.birth_year)
            .join(Person, Person.id == case_minors.c.person_id)
            .where(case_minors.c.case_id.in_(ids))):
        case = cases[case_id]
        case.minors.append((sex, _age(case.start, born, year)))
    for case_id, kind, minutes, number in session.execute(
            select(CaseContact.case_id, CaseContact.kind, func.sum(CaseContact.minutes),
                   func.count()).where(CaseContact.case_id.in_(ids))
            .group_by(CaseContact.case_id, CaseContact.kind)):
        case = cases[case_id]
        case.contacts += number
        if kind in DIRECT:
            case.direct += int(minutes)
        else:
            case.external += int(minutes)
    for case_id, procedure in session.execute(
            select(CaseProcedure.case_id, CaseProcedure.kind).where(
                CaseProcedure.case_id.in_(ids), CaseProcedure.started_on >= period.first,
                CaseProcedure.started_on <= period.last)):
        cases[case_id].procedures.add(procedure)
    for case_id, outcome, reached in session.execute(
            select(CaseOutcome.case_id, CaseOutcome.outcome, CaseOutcome.reached)
            .where(CaseOutcome.case_id.in_(ids))):
        cases[case_id].outcomes[outcome] = reached
    for case_id, respondent, filled_in, tenths in session.execute(
            select(SurveyResponse.case_id, SurveyResponse.respondent, SurveyResponse.filled_in,
                   SurveyResponse.score_tenths).where(SurveyResponse.case_id.in_(ids))):
        cases[case_id].surveys.append((respondent, filled_in, tenths))
    every = sorted(cases.values(), key=lambda c: c.id)
    by_form: dict[str, list[_Case]] = defaultdict(list)
    for case in every:
        by_form[case.hulpvorm].append(case)
    ended = [c for c in every if _ended(c, period)]
    listed = care_forms()
    return AnnualFigures(
        period=period,
        forms=tuple(_form(form, by_form[form], period, form in listed)
                    for form in listed.order(set(by_form))),
        total=_form(None, every, period),
        missing=Missing(
            ended_without_outcome=tuple(c.id for c in ended if not c.outcomes),
            without_minors=tuple(c.id for c in every if not c.minors),
            ended_without_contacts=tuple(c.id for c in ended if not c.contacts),
            minors_without_age=tuple(c.id for c in every
                                     if any(age is None for _, age in c.minors)),
        ),
    )


def _age(on: date, born: date | None, year: int | None) -> int | None:
    if born is not None:
        return on.year - born.year - ((on.month, on.day) < (born.month, born.day))
    if year is not None:
        return on.year - year  # only the year known: the age reached in the start's year
    return None


def _ended(case: _Case, period: Period) -> bool:
    return case.closed and case.end is not None and period.first <= case.end <= period.last


def _share(cases: Iterable[_Case], total: int) -> Share:
    chosen = tuple(c.id for c in cases)
    return Share(len(chosen), total, chosen)


def _mean(values: list[tuple[int, Decimal]]) -> Average:
    if not values:
        return Average(None)
    total = sum((v for _, v in values), Decimal(0))
    return Average(total / len(values), tuple(i for i, _ in values))


def _minor_share(cases: list[_Case], test: object) -> Share:
    hits = [c.id for c in cases for sex, age in c.minors if _holds(test, sex, age)]
    total = sum(len(c.minors) for c in cases)
    return Share(len(hits), total, tuple(sorted(set(hits))))


def _holds(test: object, sex: Sex, age: int | None) -> bool:
    if test == "girl":
        return sex is Sex.FEMALE
    if test == "boy":
        return sex is Sex.MALE
    if test == "older":
        return age is not None and age >= OLDER_AGE
    return age is not None and age >= ADULT_AGE


def _survey(ended: list[_Case], who: Respondent) -> tuple[Share, Average]:
    handed = [(c.id, filled, tenths) for c in ended for r, filled, tenths in c.surveys
              if r is who]
    filled = [(i, t) for i, f, t in handed if f and t is not None]
    responded = Share(len(filled), len(handed), tuple(sorted({i for i, _ in filled})))
    score = _mean([(i, Decimal(t) / 10) for i, t in filled])
    return responded, Average(score.value, tuple(sorted(set(score.cases))))


def _form(hulpvorm: str | None, cases: list[_Case], period: Period, listed: bool = True
          ) -> FormFigures:
    n = len(cases)
    ended = [c for c in cases if _ended(c, period)]
    days = [(c.id, (c.end - c.start).days + 1) for c in ended if c.end is not None]
    total_days = sum(d for _, d in days)
    direct_total = sum(c.direct for c in ended)
    parents = _survey(ended, Respondent.PARENT)
    young = _survey(ended, Respondent.YOUNG_PERSON)
    return FormFigures(
        hulpvorm=hulpvorm,
        counted=tuple(c.id for c in cases),
        started=tuple(c.id for c in cases if period.first <= c.start <= period.last),
        ended=tuple(c.id for c in ended),
        referrers={r: _share([c for c in cases if c.referrer is r], n) for r in ReferrerBody
                   if any(c.referrer is r for c in cases)},
        minors=sum(len(c.minors) for c in cases),
        girls=_minor_share(cases, "girl"),
        boys=_minor_share(cases, "boy"),
        older_than_12=_minor_share(cases, "older"),
        adults=_minor_share(cases, "adult"),
        procedures={k: _share([c for c in cases if k in c.procedures], n)
                    for k in ProcedureKind},
        duration_days=_mean([(i, Decimal(d)) for i, d in days]),
        direct_minutes_per_case=_mean([(c.id, Decimal(c.direct)) for c in ended]),
        direct_minutes_per_week=Average(
            Decimal(direct_total * 7) / total_days if total_days else None,
            tuple(c.id for c in ended)),
        external_minutes_per_case=_mean([(c.id, Decimal(c.external)) for c in ended]),
        outcomes={q: Share(sum(c.outcomes[q] for c in answered), len(answered),
                           tuple(c.id for c in answered if c.outcomes[q]))
                  for q in Outcome
                  if (answered := [c for c in ended if q in c.outcomes])},
        early_stop=_share([c for c in ended if c.reason is ClosureReason.UNPLANNED_DROPOUT],
                          len(ended)),
        parents_responded=parents[0], parents_score=parents[1],
        young_responded=young[0], young_score=young[1], listed=listed,
    )


def family_names(*, session: Session, actor: Actor, case_ids: Iterable[int]) -> dict[int, str]:
    """For a team lead checking a figure: the family name of each of their team's cases.
    Management reads figures and case numbers only, never a name."""
    if actor.role is not Role.TEAM_LEAD or actor.team_id is None:
        raise AccessRefused(actor, None, "figures/names")
    require_confirmed(session, actor, "figures/names")
    wanted = sorted(set(case_ids))
    record(session, actor, AuditAction.READ, "figures/names")
    rows = session.execute(select(Case.id, Family.name).join(Family)
                           .where(Case.id.in_(wanted), _scope(actor)))
    return {case_id: name for case_id, name in rows}
