"""Who is at a meeting: family members, network members and professionals.

Family members are picked from the family, network members from the case's network and
professionals from the accounts that work on the case; a free name stays possible for
whoever is not in the tool (a teacher who came once, a doctor). Scaling answers and the
"who" of next steps are picked from the attendees, and the consultant's report prints them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, aliased

from auth import Actor
from auth.access import Need, case_of_meeting, check_case
from sofs_core.clock import utcnow
from sofs_core.codes import ParticipantRole, RaterRole, Role
from sofs_core.errors import Conflict, FieldError, NotFound, ValidationFailed
from sofs_core.text import full_name, search_key
from storage.models import (
    Case,
    Meeting,
    MeetingParticipant,
    NetworkRole,
    ParentLink,
    Person,
    User,
    case_counsellors,
    case_shares,
)

ADULT_AGE = 18


@dataclass(frozen=True)
class ParticipantInput:
    name: str
    role: ParticipantRole
    person_id: int | None = None  # a family or network member picked by name
    user_id: int | None = None  # a professional picked from the accounts


@dataclass(frozen=True)
class Choice:
    id: int
    name: str


@dataclass(frozen=True)
class AttendanceChoices:
    """Whom the attendance form offers, by name."""

    family: tuple[Choice, ...]  # Person ids of the family
    network: tuple[Choice, ...]  # Person ids of the case's network, outside the family
    professionals: tuple[Choice, ...]  # User ids: counsellors, team, shared consultants


@dataclass(frozen=True)
class Attendee:
    """One person present at a meeting, with the role they answer a scaling question in."""

    id: int
    name: str
    role: ParticipantRole
    rater_role: RaterRole
    person_id: int | None
    user_id: int | None


def _meeting(session: Session, meeting_id: int) -> Meeting:
    meeting = session.get(Meeting, meeting_id)
    if meeting is None:
        raise NotFound()
    return meeting


def _name(person: Person) -> str:
    return full_name(person.first_name, person.last_name)


def _choices(session: Session, case: Case) -> AttendanceChoices:
    family = session.scalars(select(Person).where(Person.family_id == case.family_id)).all()
    network = session.scalars(
        select(Person).join(NetworkRole, NetworkRole.person_id == Person.id)
        .where(NetworkRole.case_id == case.id,
               or_(Person.family_id.is_(None), Person.family_id != case.family_id))
        .distinct()
    ).all()
    counsellors = select(case_counsellors.c.user_id).where(case_counsellors.c.case_id == case.id)
    shared = select(case_shares.c.user_id).where(case_shares.c.case_id == case.id)
    team = [User.team_id == case.team_id] if case.team_id is not None else []
    users = session.execute(
        select(User.id, User.display_name).where(
            User.is_active,
            or_(User.id.in_(counsellors), User.id.in_(shared),
                *(cond & User.role.in_((Role.COUNSELLOR, Role.TEAM_LEAD)) for cond in team)),
        )
    ).all()

    def by_name(items: Sequence[Choice]) -> tuple[Choice, ...]:
        return tuple(sorted(items, key=lambda c: (search_key(c.name), c.id)))

    return AttendanceChoices(
        family=by_name([Choice(p.id, _name(p)) for p in family]),
        network=by_name([Choice(p.id, _name(p)) for p in network]),
        professionals=by_name([Choice(u.id, u.display_name) for u in users]),
    )


def attendance_choices(*, session: Session, actor: Actor, case_id: int) -> AttendanceChoices:
    """The family, the network and the professionals of the case, to pick who is present."""
    case = session.get(Case, case_id)
    if case is None:
        raise NotFound()
    check_case(session, actor, case_id, Need.READ, "attendance/attendance_choices")
    return _choices(session, case)


def checked_participants(session: Session, case: Case, participants: Sequence[ParticipantInput]
                         ) -> list[MeetingParticipant]:
    """The rows to store for ``participants``; refuses a pick that is not the case's own
    (an id from another family, network or team) and a line without a name.

    A picked person or account is stored under its current name, whatever name came in.
    """
    choices = _choices(session, case)
    allowed = {
        ParticipantRole.FAMILY: {c.id: c.name for c in choices.family},
        ParticipantRole.NETWORK: {c.id: c.name for c in choices.network},
    }
    professionals = {c.id: c.name for c in choices.professionals}
    errors: list[FieldError] = []
    rows: list[MeetingParticipant] = []
    seen: set[tuple[str, int]] = set()
    for p in participants:
        name = p.name.strip()
        if p.user_id is not None:
            if p.role is not ParticipantRole.PROFESSIONAL or p.user_id not in professionals:
                errors.append(FieldError("participants", "error.participant_not_of_case"))
                continue
            name, mark = professionals[p.user_id], ("user", p.user_id)
        elif p.person_id is not None:
            known = allowed.get(p.role, {})
            if p.person_id not in known:
                errors.append(FieldError("participants", "error.participant_not_of_case"))
                continue
            name, mark = known[p.person_id], ("person", p.person_id)
        else:
            if not name:
                errors.append(FieldError("participants", "error.participant_without_name"))
                continue
            mark = ("name", 0)
        if mark[0] != "name":
            if mark in seen:
                continue  # picked twice: present once
            seen.add(mark)
        rows.append(MeetingParticipant(name=name, role=p.role, person_id=p.person_id,
                                       user_id=p.user_id))
    if errors:
        unique = {(e.field, e.message_key): e for e in errors}  # one message per kind
        raise ValidationFailed(list(unique.values()))
    return rows


def set_attendance(*, session: Session, actor: Actor, meeting_id: int, expected_version: int,
                   participants: Sequence[ParticipantInput]) -> int:
    """Replace who is present at a meeting (someone came late, or left); the meeting's
    new version. Scaling answers already given keep the name they were given under."""
    case_id = case_of_meeting(session, meeting_id)
    check_case(session, actor, case_id, Need.EDIT, "attendance/set_attendance")
    meeting = _meeting(session, meeting_id)
    if meeting.version != expected_version:
        raise Conflict(current=meeting.version)
    case = session.get(Case, case_id)
    if case is None:
        raise NotFound()
    meeting.participants = checked_participants(session, case, participants)
    # Changing the rows alone leaves the meeting's version as it was: two counsellors
    # changing the attendance at once must see each other's change, not overwrite it.
    meeting.updated_at = utcnow()
    session.flush()
    return meeting.version


@dataclass(frozen=True)
class Attendance:
    """Who is present at a meeting, and the meeting's version (to change it safely)."""

    version: int
    people: tuple[Attendee, ...]


def _age(person: Person, on: date) -> int | None:
    if person.birth_date is not None:
        born = person.birth_date
        return on.year - born.year - ((on.month, on.day) < (born.month, born.day))
    return on.year - person.birth_year if person.birth_year is not None else None


def _rater_role(role: ParticipantRole, person: Person | None, user_role: Role | None,
                parents: set[int], on: date) -> RaterRole:
    """A child under 18 answers as a child, a parent of a child as a parent; another adult
    of the family (a grandmother) as part of the network around the children."""
    if role is ParticipantRole.PROFESSIONAL:
        return RaterRole.CONSULTANT if user_role is Role.CONSULTANT else RaterRole.COUNSELLOR
    if role is ParticipantRole.NETWORK or person is None:
        return RaterRole.NETWORK_MEMBER if role is ParticipantRole.NETWORK else RaterRole.PARENT
    age = _age(person, on)
    if age is not None and age < ADULT_AGE:
        return RaterRole.CHILD
    if person.id in parents:
        return RaterRole.PARENT
    return RaterRole.NETWORK_MEMBER


# One alias for every call: a new alias per call misses SQLAlchemy's statement cache.
_CHILD = aliased(Person)


def attendees(*, session: Session, actor: Actor, meeting_id: int) -> Attendance:
    """Who was present at the meeting, family first, then network, then professionals (in
    the order recorded), each with the role they answer a scaling question in."""
    check_case(session, actor, case_of_meeting(session, meeting_id), Need.READ,
               "attendance/attendees")
    meeting = _meeting(session, meeting_id)
    rows = session.execute(
        select(MeetingParticipant, Person, User.role)
        .outerjoin(Person, Person.id == MeetingParticipant.person_id)
        .outerjoin(User, User.id == MeetingParticipant.user_id)
        .where(MeetingParticipant.meeting_id == meeting_id)
        .order_by(MeetingParticipant.id)
    ).all()
    family_ids = [p.id for row, p, _ in rows
                  if p is not None and row.role is ParticipantRole.FAMILY]
    # A parent of someone under 18 in the family (a grandmother's children are grown up).
    child = _CHILD
    parents = set(session.scalars(
        select(ParentLink.parent_id).join(child, child.id == ParentLink.child_id)
        .where(ParentLink.parent_id.in_(family_ids),
               or_(child.birth_date > _years_before(meeting.held_on, ADULT_AGE),
                   child.birth_year > meeting.held_on.year - ADULT_AGE,
                   (child.birth_date.is_(None) & child.birth_year.is_(None))))
    )) if family_ids else set()
    order = list(ParticipantRole)
    found = [
        Attendee(id=row.id, name=row.name, role=row.role,
                 rater_role=_rater_role(row.role, person, user_role, parents, meeting.held_on),
                 person_id=row.person_id, user_id=row.user_id)
        for row, person, user_role in rows
    ]
    return Attendance(meeting.version,
                      tuple(sorted(found, key=lambda a: order.index(a.role))))


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)
