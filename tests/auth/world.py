"""Two teams' cases with something of every kind in them, for the access tests.

Team A: counsellor Lotte works on the Peeters case, which is shared with consultant Sofie;
Hilde leads team A. Team B: counsellor Jan works on the Claes case, shared with nobody.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session, sessionmaker

from auth import Actor
from genograms.network import NetworkRoleInput, add_outside_person, add_role
from genograms.people import PersonInput, add_family_member
from genograms.relations import add_couple, set_household
from mapping.consultation import share_case
from mapping.map import EntryInput, add_entry
from mapping.meetings import open_meeting
from mapping.scaling import RatingInput, rate
from plans.review import submit_for_review
from plans.versions import PlanDetails, RuleInput, add_rule, mark_agreed, open_draft, update_details
from sofs_core.codes import (
    CoupleStatus,
    EntryCategory,
    MeetingKind,
    NetworkRoleKind,
    RaterRole,
    Role,
    RuleKind,
)
from storage.db import transaction
from storage.models import Case, Team
from tests.conftest import make_case, make_user


@dataclass(frozen=True)
class CaseWorld:
    case_id: int
    family_id: int
    mother: int
    child: int
    partner: int
    stranger: int  # a family member with no relationship yet
    couple: int
    household: int
    meeting: int
    danger: int  # map entry id
    strength: int
    danger_lineage: str
    rating: int
    role: int  # the aunt's network role
    aunt: int
    submitted_plan: int
    draft_plan: int
    rule: int


@dataclass(frozen=True)
class World:
    lotte: Actor  # counsellor, team A, works on ``own``
    jan: Actor  # counsellor, team B, works on ``other``
    lead: Actor  # team lead of team A
    consultant: Actor  # the ``own`` case is shared with her
    admin: Actor
    own: CaseWorld
    other: CaseWorld
    management: Actor  # reads the organisation's annual figures, no case content


def _case(s: Session, actor: Actor, name: str, consultant: Actor | None) -> CaseWorld:
    case_id = make_case(s, actor, family_name=name)
    family_id = s.get_one(Case, case_id).family_id

    def person(first: str, birth: str) -> int:
        return add_family_member(session=s, actor=actor, family_id=family_id,
                                 data=PersonInput(first, name, birth=birth)).id

    mother, child, partner = person("Elif", "1986"), person("Zeynep", "2012"), person("Karim",
                                                                                      "1984")
    stranger, aunt = person("Omar", "2000"), person("Hatice", "1979")
    couple = add_couple(session=s, actor=actor, first_id=mother, second_id=partner,
                        status=CoupleStatus.LIVING_TOGETHER)
    household = set_household(session=s, actor=actor, family_id=family_id, name="Thuis",
                              person_ids=(mother, child))
    meeting = open_meeting(session=s, actor=actor, case_id=case_id,
                           kind=MeetingKind.INTAKE_MAPPING, held_on=date(2026, 11, 2))
    danger = add_entry(session=s, actor=actor, meeting_id=meeting, data=EntryInput(
        EntryCategory.DANGER_STATEMENT, "We zijn bang dat Zeynep gekwetst raakt."))
    strength = add_entry(session=s, actor=actor, meeting_id=meeting, data=EntryInput(
        EntryCategory.STRENGTH, "Oma komt elke dag langs."))
    rating = rate(session=s, actor=actor, meeting_id=meeting, data=RatingInput(
        "Elif", RaterRole.PARENT, 5, "Hoe veilig?", "niet", "helemaal"))
    role = add_role(session=s, actor=actor, case_id=case_id, data=NetworkRoleInput(
        aunt, NetworkRoleKind.TRUSTED_PERSON, for_person_id=child, phone="0470 12 34 56"))
    neighbour = add_outside_person(session=s, actor=actor, case_id=case_id,
                                   data=PersonInput("Marleen", "De Vos")).id
    add_role(session=s, actor=actor, case_id=case_id,
             data=NetworkRoleInput(neighbour, NetworkRoleKind.MONITOR))
    plan = open_draft(session=s, actor=actor, case_id=case_id)
    add_rule(session=s, actor=actor, plan_id=plan.id, data=RuleInput(
        RuleKind.IMMEDIATE, "Karim gaat naar buiten als het te hoog oploopt.",
        danger_lineages=(danger.lineage,), member_ids=(aunt,)))
    plan = update_details(session=s, actor=actor, plan_id=plan.id,
                          expected_version=plan.version, data=PlanDetails(date(2027, 2, 1)))
    plan = mark_agreed(session=s, actor=actor, plan_id=plan.id, expected_version=plan.version,
                       agreed_by="Elif", agreed_on=date(2026, 11, 20))
    if consultant is not None:
        share_case(session=s, actor=actor, case_id=case_id, consultant_id=consultant.id)
        plan = submit_for_review(session=s, actor=actor, plan_id=plan.id,
                                 expected_version=plan.version)
    draft = open_draft(session=s, actor=actor, case_id=case_id)
    return CaseWorld(case_id, family_id, mother, child, partner, stranger, couple, household,
                     meeting, danger.id, strength.id, danger.lineage, rating.id, role, aunt,
                     plan.id, draft.id, draft.rules[0].id)


def build_world(factory: sessionmaker[Session]) -> World:
    with transaction(factory) as s:
        team_a, team_b = Team(name="Team A"), Team(name="Team B")
        s.add_all([team_a, team_b])
        s.flush()
        lotte = make_user(s, "lotte", Role.COUNSELLOR, "Lotte Peeters", team_id=team_a.id)
        jan = make_user(s, "jan", Role.COUNSELLOR, "Jan Claes", team_id=team_b.id)
        lead = make_user(s, "hilde", Role.TEAM_LEAD, "Hilde Maes", team_id=team_a.id)
        consultant = make_user(s, "sofie", Role.CONSULTANT, "Sofie Van den Broeck")
        admin = make_user(s, "admin", Role.ADMIN, "Beheerder")
        management = make_user(s, "directie", Role.MANAGEMENT, "Directie")
        own = _case(s, lotte, "Peeters", consultant)
        other = _case(s, jan, "Claes", None)
    return World(lotte, jan, lead, consultant, admin, own, other, management)
