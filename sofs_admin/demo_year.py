"""A demo year for the annual figures (issue 16): a seeded generator that fills the demo
organisation with a year of cases across all nine care forms, registered the way a team
registers (minors, contact log, procedures, outcomes at closure, satisfaction surveys).

The cases belong to the demo team and to their own counsellor (``jaarbegeleider``), so the
demo family and what the other demo accounts see stay as they are; the team lead sees the
figures of her team and the ``directie`` account (management) those of the organisation.
The rows go in directly (a loader on the server, like the benchmark's register), with one
line in the audit trail for the whole load. Same seed, same year, same figures.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from auth.access import record
from auth.service import hash_password
from registration.care_forms import builtin_care_forms
from sofs_core.clock import today as local_today
from sofs_core.clock import utcnow
from sofs_core.codes import (
    AuditAction,
    CaseStatus,
    ClosureReason,
    ContactKind,
    Gender,
    Hulpvorm,
    Outcome,
    ProcedureKind,
    ReferrerBody,
    Respondent,
    Role,
    Sex,
)
from sofs_core.text import family_search_text
from storage.models import (
    AppMeta,
    Case,
    CaseContact,
    CaseOutcome,
    CaseProcedure,
    Family,
    Person,
    SurveyResponse,
    Team,
    User,
    case_counsellors,
    case_minors,
)

YEAR_MARKER = "demo_year"
YEAR_COUNSELLOR = ("jaarbegeleider", "Sam Jaarverslag")
MANAGEMENT_ACCOUNT = ("directie", "Directie De Cocon")

R = ReferrerBody


@dataclass(frozen=True)
class FormShape:
    """How one care form looks in the 2022 report: cases a year, days, contact minutes a
    week, who refers, how old the minors are, how often each outcome is reached."""

    cases: int
    days: tuple[int, int]
    minutes_per_week: int
    referrers: dict[ReferrerBody, int]
    age: tuple[int, int]
    reached: float  # chance an outcome question is answered yes
    dropout: float
    m_document: float = 0.0
    vist: float = 0.0
    surveys: bool = False


CRISIS_REFERRERS = {R.POLICE_PROSECUTOR: 34, R.CLIENT: 19, R.CRISIS_HOTLINE: 20, R.SDJ: 10,
                    R.OCJ: 8, R.CLB: 9}
SHAPES: dict[Hulpvorm, FormShape] = {
    Hulpvorm.CRISIS_INTERVENTION: FormShape(42, (1, 6), 600, CRISIS_REFERRERS, (6, 17), 0.6,
                                            0.1, m_document=0.14),
    Hulpvorm.RETURN_HOME: FormShape(48, (7, 28), 420, {R.OWN_CRISIS_TEAM: 28,
                                                       R.POLICE_PROSECUTOR: 17, R.SDJ: 15,
                                                       R.CRISIS_HOTLINE: 30, R.OCJ: 10},
                                    (10, 17), 0.55, 0.1, m_document=0.36, vist=0.06),
    Hulpvorm.AMBULANT_EMERGENCY: FormShape(5, (14, 35), 300, {R.CRISIS_HOTLINE: 100}, (8, 17),
                                           0.55, 0.2),
    Hulpvorm.CRISIS_HELP_AT_HOME: FormShape(58, (20, 35), 380, {R.SDJ: 29,
                                                                R.OWN_CRISIS_TEAM: 21,
                                                                R.CRISIS_HOTLINE: 42,
                                                                R.OCJ: 5, R.VK: 3},
                                            (2, 17), 0.72, 0.07),
    Hulpvorm.MOBILE_CRISIS_RADAR: FormShape(9, (1, 28), 240, {R.CRISIS_HOTLINE: 100},
                                            (8, 17), 0.6, 0.1),
    Hulpvorm.IKT: FormShape(60, (140, 200), 175, {R.SDJ: 49, R.CLB: 34, R.OCJ: 8, R.VK: 4,
                                                  R.OTHER: 5}, (2, 17), 0.8, 0.05,
                            surveys=True),
    Hulpvorm.HOME_SUPPORT: FormShape(25, (200, 340), 115, {R.SDJ: 44, R.OCJ: 37, R.VK: 13,
                                                           R.INTERNAL: 6}, (1, 17), 0.7,
                                     0.19, surveys=True),
    Hulpvorm.CONTEXT_SIGNS_OF_SAFETY: FormShape(24, (150, 300), 230, {R.SDJ: 53, R.OCJ: 33,
                                                                      R.VK: 14}, (0, 15),
                                                0.75, 0.1, surveys=True),
    Hulpvorm.CBAW: FormShape(47, (200, 330), 123, {R.SDJ: 42, R.OCJ: 15, R.VK: 4,
                                                   R.INTERNAL: 12, R.CLIENT: 27}, (17, 21),
                             0.55, 0.38, surveys=True),
}
FIRST_NAMES = ("Noor", "Lucas", "Elena", "Milan", "Yasmine", "Arthur", "Lina", "Adam", "Zoë",
               "Finn", "Sara", "Daan", "Amira", "Louis", "Mila", "Emir", "Julia", "Wout")
LAST_NAMES = ("Peeters", "Janssens", "Maes", "Jacobs", "Mertens", "Willems", "Claes",
              "Goossens", "Wouters", "De Smet", "Dubois", "Aydın", "Nowak", "El Idrissi")


def _pick(rng: random.Random, weights: dict[ReferrerBody, int]) -> ReferrerBody:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def fill_year(session: Session, *, team_id: int | None, counsellor_id: int, year: int,
              seed: int = 2022, scale: float = 1.0, contacts_per_week: float = 1.0,
              today: date | None = None) -> list[int]:
    """Cases of every care form that start over ``year`` (and some from the year before,
    so the year also holds cases that were already running); returns their ids.

    ``scale`` multiplies the number of cases (the benchmark's 2,000); contacts are spread
    over each case's weeks, their minutes adding up to the form's minutes a week."""
    rng = random.Random(seed)  # noqa: S311 - demo data, not a secret
    today = today or local_today()
    first = date(year, 1, 1)
    made: list[int] = []
    for form, shape in SHAPES.items():
        for _ in range(max(1, round(shape.cases * scale))):
            days = rng.randint(*shape.days)
            start = first + timedelta(days=rng.randint(-min(days, 180), 364))
            end = start + timedelta(days=days - 1)
            made.append(_one_case(session, rng, form, shape, start,
                                  end if end < today else None, team_id, counsellor_id,
                                  contacts_per_week))
    return made


def _one_case(session: Session, rng: random.Random, form: Hulpvorm, shape: FormShape,
              start: date, end: date | None, team_id: int | None, counsellor_id: int,
              contacts_per_week: float) -> int:
    last = rng.choice(LAST_NAMES)
    family = Family(name=f"Gezin {last}", search_text=family_search_text(f"Gezin {last}", []))
    dropout = end is not None and rng.random() < shape.dropout
    case = Case(family=family, hulpvorm=form, referrer_body=_pick(rng, shape.referrers),
                referrer_other="Huisarts" if form is Hulpvorm.IKT else "",
                start_date=start, end_date=end,
                status=CaseStatus.CLOSED if end is not None else CaseStatus.ACTIVE,
                closure_reason=None if end is None else ClosureReason.UNPLANNED_DROPOUT
                if dropout else ClosureReason.GOALS_REACHED, team_id=team_id,
                created_by_id=counsellor_id)
    if case.referrer_body is not R.OTHER:
        case.referrer_other = ""
    minors = [Person(family=family, first_name=rng.choice(FIRST_NAMES), last_name=last,
                     sex=rng.choice((Sex.FEMALE, Sex.MALE)), gender=Gender.NOT_RECORDED,
                     birth_year=start.year - rng.randint(*shape.age))
              for _ in range(1 if form is Hulpvorm.CBAW else rng.choice((1, 1, 2, 3)))]
    session.add_all([case, *minors])
    session.flush()
    session.execute(insert(case_counsellors), [{"case_id": case.id, "user_id": counsellor_id}])
    session.execute(insert(case_minors), [{"case_id": case.id, "person_id": p.id}
                                          for p in minors])
    _contacts(session, rng, case.id, shape, start, end, counsellor_id, contacts_per_week)
    _closure(session, rng, case.id, form, shape, start, end)
    return case.id


def _contacts(session: Session, rng: random.Random, case_id: int, shape: FormShape,
              start: date, end: date | None, user_id: int, per_week: float) -> None:
    last = end or start + timedelta(days=shape.days[0])
    days = (last - start).days + 1
    weeks = max(1.0, days / 7)
    count = max(1, round(weeks * per_week * (2 if days < 8 else 1)))
    minutes = max(10, round(shape.minutes_per_week * weeks / count))
    rows = [{"case_id": case_id, "held_on": start + timedelta(days=rng.randrange(days)),
             "kind": ContactKind.PHONE if rng.random() < 0.2 else ContactKind.FACE_TO_FACE,
             "minutes": min(720, max(5, round(minutes * rng.uniform(0.6, 1.4)))),
             "user_id": user_id, "created_at": utcnow()} for _ in range(count)]
    if rng.random() < 0.4:
        rows.append({"case_id": case_id, "held_on": start, "minutes": rng.randint(30, 180),
                     "kind": ContactKind.EXTERNAL_CONSULTATION, "user_id": user_id,
                     "created_at": utcnow()})
    session.execute(insert(CaseContact), rows)


def _closure(session: Session, rng: random.Random, case_id: int, form: Hulpvorm,
             shape: FormShape, start: date, end: date | None) -> None:
    for kind, chance in ((ProcedureKind.M_DOCUMENT, shape.m_document),
                         (ProcedureKind.VIST, shape.vist)):
        if rng.random() < chance:
            session.add(CaseProcedure(case_id=case_id, kind=kind, started_on=start))
    # About one closed case in twenty-five has its outcome still to answer.
    if end is None or rng.random() < 0.04:
        return
    session.add_all(CaseOutcome(case_id=case_id, outcome=q, reached=rng.random() < (
        shape.reached if q is not Outcome.LIVING_ALONE else 0.42))
        for q in builtin_care_forms().questions(form) or ())
    if shape.surveys:
        for respondent in (Respondent.PARENT, Respondent.YOUNG_PERSON):
            if respondent is Respondent.PARENT and form is Hulpvorm.CBAW:
                continue
            if rng.random() < 0.5:
                filled = rng.random() < 0.55
                session.add(SurveyResponse(
                    case_id=case_id, respondent=respondent, filled_in=filled,
                    score_tenths=rng.randint(70, 100) if filled else None, remarks=""))


def load_demo_year(session: Session, *, year: int, seed: int = 2022) -> int:
    """Add the demo year to the demo installation once; returns the number of cases."""
    if session.get(AppMeta, YEAR_MARKER) is not None:
        return 0
    team_id = session.scalar(select(Team.id).order_by(Team.id).limit(1))
    password_hash = session.scalar(select(User.password_hash).where(
        User.username == "begeleider")) or hash_password("demo")
    accounts = [User(username=username, display_name=name, password_hash=password_hash,
                     role=role, team_id=team, confirmed_at=utcnow())
                for (username, name), role, team in (
                    (YEAR_COUNSELLOR, Role.COUNSELLOR, team_id),
                    (MANAGEMENT_ACCOUNT, Role.MANAGEMENT, None))
                if session.scalar(select(User.id).where(User.username == username)) is None]
    session.add_all(accounts)
    session.flush()
    counsellor = session.scalar(select(User).where(User.username == YEAR_COUNSELLOR[0]))
    if counsellor is None:
        raise RuntimeError("the demo year's counsellor was not created")
    made = fill_year(session, team_id=team_id, counsellor_id=counsellor.id, year=year,
                     seed=seed)
    session.add(AppMeta(key=YEAR_MARKER, value=str(year)))
    record(session, None, AuditAction.CHANGE, f"server/demo_year:{year}",
           name="sofs demo-year")
    session.flush()
    return len(made)
