"""A hand-counted year: 28 cases of team A over four care forms (and one of team B), entered
through the registration services. The expected figures for 2022 are counted by hand in
test_figures.py from the table below, not computed."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy.orm import Session, sessionmaker

from auth import Actor
from genograms.people import PersonInput, add_family_member
from registration.records import (
    ContactInput,
    SurveyInput,
    add_contact,
    add_procedure,
    add_survey_response,
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
    ReferrerBody,
    Respondent,
    Role,
    Sex,
)
from storage.db import transaction
from storage.models import Case, Team
from tests.conftest import make_case, make_user

CI, IKT, CBAW, TB = (Hulpvorm.CRISIS_INTERVENTION, Hulpvorm.IKT, Hulpvorm.CBAW,
                     Hulpvorm.HOME_SUPPORT)
F, M, U = Sex.FEMALE, Sex.MALE, Sex.UNKNOWN
FACE, PHONE, EXTERNAL = ContactKind.FACE_TO_FACE, ContactKind.PHONE, \
    ContactKind.EXTERNAL_CONSULTATION
PARENT, YOUNG = Respondent.PARENT, Respondent.YOUNG_PERSON
P = Outcome


@dataclass(frozen=True)
class Row:
    name: str
    form: Hulpvorm
    referrer: ReferrerBody
    start: date
    end: date | None = None
    reason: ClosureReason | None = None
    minors: tuple[tuple[Sex, str], ...] = ()  # sex and the birth as typed
    contacts: tuple[tuple[ContactKind, int], ...] = ()
    procedures: tuple[tuple[ProcedureKind, date], ...] = ()
    outcomes: dict[Outcome, bool] = field(default_factory=dict)
    surveys: tuple[tuple[Respondent, float | None], ...] = ()  # None: handed out, not filled


D = date
GOALS, ON, DROP = (ClosureReason.GOALS_REACHED, ClosureReason.REFERRED_ON,
                   ClosureReason.UNPLANNED_DROPOUT)
POLICE, CLIENT, HOTLINE, SDJ, CLB, OCJ, VK, INTERNAL = (
    ReferrerBody.POLICE_PROSECUTOR, ReferrerBody.CLIENT, ReferrerBody.CRISIS_HOTLINE,
    ReferrerBody.SDJ, ReferrerBody.CLB, ReferrerBody.OCJ, ReferrerBody.VK, ReferrerBody.INTERNAL)
CRISIS_ALL = (P.CRISIS_RESOLVED, P.SAFE_ENOUGH, P.ROUTINES_RESTORED, P.PLACEMENT_AVOIDED)


def _crisis(*answers: bool) -> dict[Outcome, bool]:
    return dict(zip(CRISIS_ALL, answers, strict=True))


ROWS: tuple[Row, ...] = (
    # Crisisinterventie
    Row("A1", CI, POLICE, D(2022, 1, 10), D(2022, 1, 12), GOALS, ((F, "01/05/2008"),),
        ((FACE, 120), (PHONE, 60)), ((ProcedureKind.M_DOCUMENT, D(2022, 1, 11)),),
        _crisis(True, True, True, True), ((PARENT, 8.0), (YOUNG, 9.5))),
    Row("A2", CI, POLICE, D(2022, 2, 1), D(2022, 2, 4), ON, ((M, "01/03/2015"),),
        ((FACE, 240),), (), _crisis(False, True, False, True), ((PARENT, None),)),
    Row("A3", CI, CLIENT, D(2022, 3, 1), D(2022, 3, 3), DROP,
        ((F, "01/01/2009"), (M, "01/06/2011")), ((FACE, 180), (EXTERNAL, 60)), (),
        _crisis(False, False, False, False)),
    Row("A4", CI, HOTLINE, D(2021, 12, 30), D(2022, 1, 2), GOALS, ((F, "01/01/2006"),),
        ((PHONE, 30), (FACE, 90))),  # closed without an outcome answered
    Row("A5", CI, POLICE, D(2022, 12, 20), minors=((M, "2010"),)),
    Row("A6", CI, CLB, D(2021, 6, 1), D(2021, 6, 3), GOALS),  # ended before 2022
    Row("A7", CI, POLICE, D(2023, 1, 5)),  # starts after 2022
    Row("A8", CI, SDJ, D(2021, 11, 1),
        procedures=((ProcedureKind.VIST, D(2021, 11, 5)),)),  # no minors; VIST in 2021
    # IKT
    Row("B1", IKT, SDJ, D(2021, 9, 1), D(2022, 2, 28), GOALS, ((F, "10/10/2014"),),
        ((FACE, 600),), (), {P.PLACEMENT_AVOIDED: True, P.NO_OR_LIGHT_HELP: True},
        ((PARENT, 9.0), (PARENT, 8.0))),
    Row("B2", IKT, CLB, D(2022, 4, 1), D(2022, 9, 30), ON, ((M, "01/04/2008"),),
        ((PHONE, 300), (FACE, 420)), (),
        {P.PLACEMENT_AVOIDED: True, P.NO_OR_LIGHT_HELP: False}, ((PARENT, None), (YOUNG, 7.5))),
    Row("B3", IKT, SDJ, D(2022, 5, 1), minors=((F, "2012"),),
        procedures=((ProcedureKind.M_DOCUMENT, D(2022, 6, 1)),)),
    Row("B4", IKT, OCJ, D(2022, 10, 1), D(2022, 12, 31), DROP,
        outcomes={P.PLACEMENT_AVOIDED: False, P.NO_OR_LIGHT_HELP: False}),
    # CBAW
    Row("C1", CBAW, INTERNAL, D(2022, 1, 15), D(2022, 11, 30), GOALS, ((M, "01/03/2004"),),
        ((FACE, 90), (FACE, 90), (FACE, 90)), (),
        {P.STABLE_HOUSING: True, P.LIVING_ALONE: True, P.WORK_OR_DAY_ACTIVITY: False,
         P.BALANCED_FINANCES: True, P.SUPPORTIVE_NETWORK: True, P.NO_OR_LIGHT_HELP: True}),
    Row("C2", CBAW, CLIENT, D(2022, 6, 1), minors=((F, "01/01/2003"), (U, ""))),
    # Thuisbegeleiding: twelve alike, one starting each month; two outside 2022
    *(Row(f"T{i + 1}", TB, VK if i < 3 else OCJ, D(2022, i + 1, 1),
          minors=((F, "2010"),) if i % 2 == 0 else ((M, "2016"),)) for i in range(12)),
    Row("T13", TB, OCJ, D(2020, 1, 1), D(2020, 12, 31), GOALS),
    Row("T14", TB, OCJ, D(2023, 2, 1)),
)


@dataclass(frozen=True)
class Year:
    counsellor: Actor
    lead: Actor  # team lead of team A
    management: Actor
    other_lead: Actor  # team lead of team B
    admin: Actor
    case_ids: dict[str, int]  # row name -> case id
    other_team_case: int


def _register(s: Session, actor: Actor, row: Row) -> int:
    closed = row.end is not None
    case_id = make_case(
        s, actor, family_name=f"Gezin {row.name}", hulpvorm=row.form, referrer_body=row.referrer,
        start_date=row.start, status=CaseStatus.CLOSED if closed else CaseStatus.ACTIVE,
        end_date=row.end, closure_reason=row.reason)
    family_id = s.get_one(Case, case_id).family_id
    minors = [add_family_member(session=s, actor=actor, family_id=family_id, data=PersonInput(
        f"Kind{n}", row.name, sex=sex, birth=birth)).id for n, (sex, birth) in enumerate(
        row.minors)]
    if minors:
        set_minors(session=s, actor=actor, case_id=case_id, person_ids=minors,
                   expected_version=s.get_one(Case, case_id).version)
    for n, (kind, minutes) in enumerate(row.contacts):
        add_contact(session=s, actor=actor, case_id=case_id,
                    data=ContactInput(row.start + timedelta(days=n % 2), kind, minutes,
                                      actor.id))
    for kind_, on in row.procedures:
        add_procedure(session=s, actor=actor, case_id=case_id, kind=kind_, started_on=on)
    if row.outcomes:
        set_outcomes(session=s, actor=actor, case_id=case_id, answers=row.outcomes,
                     expected_version=s.get_one(Case, case_id).version)
    for respondent, score in row.surveys:
        add_survey_response(session=s, actor=actor, case_id=case_id, data=SurveyInput(
            respondent, score is not None, score))
    return case_id


def build_year(factory: sessionmaker[Session]) -> Year:
    with transaction(factory) as s:
        team_a, team_b = Team(name="Team A"), Team(name="Team B")
        s.add_all([team_a, team_b])
        s.flush()
        lotte = make_user(s, "lotte", Role.COUNSELLOR, "Lotte Peeters", team_id=team_a.id)
        jan = make_user(s, "jan", Role.COUNSELLOR, "Jan Claes", team_id=team_b.id)
        lead = make_user(s, "hilde", Role.TEAM_LEAD, "Hilde Maes", team_id=team_a.id)
        other_lead = make_user(s, "bart", Role.TEAM_LEAD, "Bart Maes", team_id=team_b.id)
        management = make_user(s, "directie", Role.MANAGEMENT, "Directie")
        admin = make_user(s, "admin", Role.ADMIN, "Beheerder")
        ids = {row.name: _register(s, lotte, row) for row in ROWS}
        other = _register(s, jan, Row("Z1", CI, POLICE, D(2022, 5, 5), D(2022, 5, 6), GOALS,
                                      ((F, "2009"),), ((FACE, 60),), (),
                                      _crisis(True, True, True, True)))
    return Year(lotte, lead, management, other_lead, admin, ids, other)
