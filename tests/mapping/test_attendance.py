"""Who is at a meeting: picked from the case's family, network and accounts, or by name;
on SQLite and PostgreSQL."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest
from sqlalchemy.orm import Session, sessionmaker

from auth import Actor
from genograms.network import NetworkRoleInput, add_outside_person, add_role
from genograms.people import PersonInput, add_family_member
from genograms.relations import add_parent
from mapping.attendance import attendance_choices, attendees, set_attendance
from mapping.cases import family_of_case
from mapping.consultation import share_case
from mapping.meetings import ParticipantInput, list_meetings, open_meeting
from sofs_core.codes import (
    MeetingKind,
    NetworkRoleKind,
    ParentKind,
    ParticipantRole,
    RaterRole,
    Role,
)
from sofs_core.errors import Conflict, ValidationFailed
from storage.db import transaction
from tests.conftest import make_case, make_user

R = ParticipantRole


@dataclass(frozen=True)
class Family:
    case_id: int
    mother: int
    son: int
    grandmother: int
    neighbour: int
    consultant: int
    other_case_child: int
    stranger: int  # an account that has nothing to do with the case


@pytest.fixture
def family(factory: sessionmaker[Session], counsellor: Actor) -> Family:
    with transaction(factory) as s:
        case_id = make_case(s, counsellor)
        family_id, _ = family_of_case(session=s, actor=counsellor, case_id=case_id)

        def member(first: str, birth: str, on: int = family_id) -> int:
            return add_family_member(session=s, actor=counsellor, family_id=on,
                                     data=PersonInput(first, "Peeters", birth=birth)).id

        grandmother, mother, son = member("Rita", "1955"), member("Els", "1985"), member(
            "Wout", "2014")
        add_parent(session=s, actor=counsellor, parent_id=grandmother, child_id=mother,
                   kind=ParentKind.BIOLOGICAL)
        add_parent(session=s, actor=counsellor, parent_id=mother, child_id=son,
                   kind=ParentKind.BIOLOGICAL)
        neighbour = add_outside_person(session=s, actor=counsellor, case_id=case_id,
                                       data=PersonInput("Marleen", "De Vos")).id
        add_role(session=s, actor=counsellor, case_id=case_id,
                 data=NetworkRoleInput(neighbour, NetworkRoleKind.MONITOR))
        consultant = make_user(s, "sofie", Role.CONSULTANT, "Sofie Van den Broeck")
        share_case(session=s, actor=counsellor, case_id=case_id, consultant_id=consultant.id)
        stranger = make_user(s, "pieter", Role.COUNSELLOR, "Pieter Wouters")
        other_case = make_case(s, counsellor, family_name="Gezin Janssens")
        other_family, _ = family_of_case(session=s, actor=counsellor, case_id=other_case)
        other_child = member("Lien", "2016", on=other_family)
    return Family(case_id, mother, son, grandmother, neighbour, consultant.id, other_child,
                  stranger.id)


def _open(factory: sessionmaker[Session], actor: Actor, case_id: int,
          *people: ParticipantInput) -> int:
    with transaction(factory) as s:
        return open_meeting(session=s, actor=actor, case_id=case_id,
                            kind=MeetingKind.NETWORK_MEETING,
                            held_on=date(2026, 10, 6), participants=people)


def test_the_choices_are_the_family_the_outside_network_and_the_case_s_accounts(
    factory: sessionmaker[Session], counsellor: Actor, family: Family
) -> None:
    with factory() as s:
        choices = attendance_choices(session=s, actor=counsellor, case_id=family.case_id)
    assert [c.name for c in choices.family] == ["Els Peeters", "Rita Peeters", "Wout Peeters"]
    assert [c.name for c in choices.network] == ["Marleen De Vos"]
    assert [c.name for c in choices.professionals] == ["Lotte Peeters", "Sofie Van den Broeck"]


def test_attendees_are_stored_by_pick_and_by_name_each_in_the_role_they_answer_in(
    factory: sessionmaker[Session], counsellor: Actor, family: Family
) -> None:
    meeting = _open(
        factory, counsellor, family.case_id,
        ParticipantInput("typed over", R.FAMILY, person_id=family.son),
        ParticipantInput("", R.FAMILY, person_id=family.mother),
        ParticipantInput("", R.FAMILY, person_id=family.grandmother),
        ParticipantInput("", R.FAMILY, person_id=family.mother),  # twice: present once
        ParticipantInput("", R.NETWORK, person_id=family.neighbour),
        ParticipantInput("Meester Jan", R.NETWORK),
        ParticipantInput("", R.PROFESSIONAL, user_id=family.consultant),
        ParticipantInput("", R.PROFESSIONAL, user_id=counsellor.id),
        ParticipantInput("Dokter An", R.PROFESSIONAL),
    )
    with factory() as s:
        present = attendees(session=s, actor=counsellor, meeting_id=meeting)
    assert [(a.name, a.rater_role) for a in present.people] == [
        ("Wout Peeters", RaterRole.CHILD),
        ("Els Peeters", RaterRole.PARENT),  # the mother of a child under 18
        ("Rita Peeters", RaterRole.NETWORK_MEMBER),  # her children are grown up
        ("Marleen De Vos", RaterRole.NETWORK_MEMBER),
        ("Meester Jan", RaterRole.NETWORK_MEMBER),
        ("Sofie Van den Broeck", RaterRole.CONSULTANT),
        ("Lotte Peeters", RaterRole.COUNSELLOR),
        ("Dokter An", RaterRole.COUNSELLOR),
    ]


@pytest.mark.parametrize("who", [
    "other_case_child",  # a child of another family
    "stranger_as_person",  # an account id passed as a person
    "stranger",  # an account that does not work on the case
    "neighbour_as_family",  # a network member passed as family
])
def test_a_pick_that_is_not_the_case_s_own_is_refused_and_nothing_is_saved(
    factory: sessionmaker[Session], counsellor: Actor, family: Family, who: str
) -> None:
    participant = {
        "other_case_child": ParticipantInput("Lien", R.FAMILY, person_id=family.other_case_child),
        "stranger_as_person": ParticipantInput("x", R.NETWORK, person_id=family.stranger),
        "stranger": ParticipantInput("Pieter", R.PROFESSIONAL, user_id=family.stranger),
        "neighbour_as_family": ParticipantInput("M", R.FAMILY, person_id=family.neighbour),
    }[who]
    with pytest.raises(ValidationFailed) as refused:
        _open(factory, counsellor, family.case_id, participant)
    assert [e.message_key for e in refused.value.errors] == ["error.participant_not_of_case"]
    with factory() as s:
        assert list_meetings(session=s, actor=counsellor, case_id=family.case_id) == []


def test_changing_the_attendance_from_an_old_version_is_a_conflict(
    factory: sessionmaker[Session], counsellor: Actor, family: Family
) -> None:
    meeting = _open(factory, counsellor, family.case_id,
                    ParticipantInput("", R.FAMILY, person_id=family.mother))
    with factory() as s:
        seen = attendees(session=s, actor=counsellor, meeting_id=meeting).version
    late = (ParticipantInput("", R.FAMILY, person_id=family.mother),
            ParticipantInput("", R.FAMILY, person_id=family.son))
    with transaction(factory) as s:
        set_attendance(session=s, actor=counsellor, meeting_id=meeting, expected_version=seen,
                       participants=late)
    with pytest.raises(Conflict), transaction(factory) as s:  # a second counsellor, too late
        set_attendance(session=s, actor=counsellor, meeting_id=meeting, expected_version=seen,
                       participants=())
    with factory() as s:
        names = [a.name for a in attendees(session=s, actor=counsellor,
                                           meeting_id=meeting).people]
    assert names == ["Els Peeters", "Wout Peeters"]
