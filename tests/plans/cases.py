"""A case with a map and a safety network, ready for a plan."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session, sessionmaker

from auth import Actor
from genograms.network import NetworkRoleInput, add_outside_person, add_role
from genograms.people import PersonInput, add_family_member
from mapping.map import EntryInput, add_entry
from mapping.meetings import open_meeting
from sofs_core.codes import EntryCategory, MeetingKind, NetworkRoleKind
from storage.db import transaction
from storage.models import Case
from tests.conftest import make_case


@dataclass(frozen=True)
class PlannedCase:
    case_id: int
    dangers: tuple[str, ...]  # lineages of the two danger statements
    child: int
    aunt: int  # trusted person of the child, in the network
    neighbour: int  # monitor, from outside the family


def planned_case(factory: sessionmaker[Session], actor: Actor) -> PlannedCase:
    with transaction(factory) as s:
        return _build(s, actor)


def _build(s: Session, actor: Actor) -> PlannedCase:
    case_id = make_case(s, actor, family_name="Gezin Yılmaz")
    family_id = s.get_one(Case, case_id).family_id
    child = add_family_member(session=s, actor=actor, family_id=family_id,
                              data=PersonInput("Zeynep", "Yılmaz", birth="08/03/2016")).id
    aunt = add_family_member(session=s, actor=actor, family_id=family_id,
                             data=PersonInput("Hatice", "Yılmaz", birth="1979")).id
    neighbour = add_outside_person(session=s, actor=actor, case_id=case_id,
                                   data=PersonInput("Marleen", "De Vos")).id
    add_role(session=s, actor=actor, case_id=case_id, data=NetworkRoleInput(
        aunt, NetworkRoleKind.TRUSTED_PERSON, for_person_id=child, phone="0470 12 34 56"))
    add_role(session=s, actor=actor, case_id=case_id, data=NetworkRoleInput(
        neighbour, NetworkRoleKind.MONITOR, phone="03 123 45 67"))
    meeting = open_meeting(session=s, actor=actor, case_id=case_id,
                           kind=MeetingKind.INTAKE_MAPPING, held_on=date(2026, 11, 2))
    dangers = tuple(
        add_entry(session=s, actor=actor, meeting_id=meeting, data=EntryInput(
            EntryCategory.DANGER_STATEMENT, text)).lineage
        for text in ("We zijn bang dat Zeynep gekwetst raakt als papa en mama ruziemaken.",
                     "We zijn bang dat niemand voor de kinderen zorgt als papa drinkt."))
    add_entry(session=s, actor=actor, meeting_id=meeting, data=EntryInput(
        EntryCategory.SAFETY_GOAL, "Zeynep is veilig als er ruzie is.",
        danger_lineage=dangers[0]))
    return PlannedCase(case_id, dangers, child, aunt, neighbour)
