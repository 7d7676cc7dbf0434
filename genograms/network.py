"""The safety network of a case: who holds which role, with their JIM, chair and trusted
people (domain brief, section 3).

A JIM (Jouw Ingebrachte Mentor) is chosen by a young person of 12 to 23 from their own
surroundings, is not one of their parents, and the parents agree; a trusted person belongs
to one child. Network members may come from outside the family.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session, aliased
from sqlalchemy.orm.exc import StaleDataError

from auth import Actor
from auth.access import Need, case_of_role, check_any, check_case
from genograms.people import PersonDetail, PersonInput, new_outsider
from sofs_core.clock import today
from sofs_core.codes import NetworkRoleKind, Sex, SupportDirection, TieStrength
from sofs_core.errors import Conflict, FieldError, NotFound, ValidationFailed
from sofs_core.text import full_name
from storage.models import Case, NetworkRole, ParentLink, Person

JIM_AGES = (12, 23)
FOR_SOMEONE = {NetworkRoleKind.JIM, NetworkRoleKind.TRUSTED_PERSON}


@dataclass(frozen=True)
class NetworkRoleInput:
    person_id: int
    kind: NetworkRoleKind
    for_person_id: int | None = None
    phone: str = ""
    commitment: str = ""
    told_danger_statements_on: date | None = None
    chosen_on: date | None = None
    parents_consent: bool = False
    tie: TieStrength = TieStrength.STRONG
    support: SupportDirection = SupportDirection.TO_FAMILY


@dataclass(frozen=True)
class NetworkMember:
    role_id: int
    person_id: int
    name: str
    sex: Sex
    in_family: bool
    kind: NetworkRoleKind
    for_person_id: int | None
    for_name: str
    phone: str
    commitment: str
    told_danger_statements_on: date | None
    chosen_on: date | None
    parents_consent: bool
    tie: TieStrength
    support: SupportDirection
    version: int


def add_outside_person(*, session: Session, actor: Actor, case_id: int, data: PersonInput
                       ) -> PersonDetail:
    """Someone outside the family (a neighbour, a teacher) to join the case's network."""
    check_case(session, actor, case_id, Need.EDIT, "network/add_outside_person")
    return new_outsider(session, data)


def _check_outsider(session: Session, actor: Actor, person: Person) -> None:
    """Someone from outside this family joins the network: another family's member never;
    someone already in other networks only if the actor may read one of those cases."""
    if person.family_id is not None:
        raise ValidationFailed([FieldError("person_id", "error.person_removed")])
    cases = list(session.scalars(select(NetworkRole.case_id).where(
        NetworkRole.person_id == person.id).distinct()))
    if cases:
        check_any(session, actor, cases, Need.READ, "network/add_role")


def _age(person: Person, on: date) -> int | None:
    if person.birth_date is not None:
        born = person.birth_date
        return on.year - born.year - ((on.month, on.day) < (born.month, born.day))
    return on.year - person.birth_year if person.birth_year is not None else None


def add_role(*, session: Session, actor: Actor, case_id: int, data: NetworkRoleInput) -> int:
    """Give a person a role in the case's network; refuse what the practice rules out."""
    case = session.get(Case, case_id)
    if case is None:
        raise NotFound()
    check_case(session, actor, case_id, Need.EDIT, "network/add_role")
    errors: list[FieldError] = []
    person = session.get(Person, data.person_id)
    if person is None:
        raise ValidationFailed([FieldError("person_id", "error.person_removed")])
    if person.family_id != case.family_id:
        _check_outsider(session, actor, person)
    for_person_id = data.for_person_id if data.kind in FOR_SOMEONE else None
    young = session.get(Person, for_person_id) if for_person_id is not None else None
    if data.kind in FOR_SOMEONE:
        if for_person_id is None:
            errors.append(FieldError("for_person_id", "error.required"))
        elif young is None or young.family_id != case.family_id:
            errors.append(FieldError("for_person_id", "error.person_removed"))
        elif for_person_id == person.id:
            errors.append(FieldError("for_person_id", "error.role_self"))
    if data.kind is NetworkRoleKind.JIM and young is not None and not errors:
        age = _age(young, today())
        if age is not None and not JIM_AGES[0] <= age <= JIM_AGES[1]:
            errors.append(FieldError("for_person_id", "error.jim_age",
                                     {"min": JIM_AGES[0], "max": JIM_AGES[1]}))
        if session.scalar(select(ParentLink.id).where(
                ParentLink.parent_id == person.id, ParentLink.child_id == young.id)):
            errors.append(FieldError("person_id", "error.jim_is_parent"))
    if not errors and session.scalar(select(NetworkRole.id).where(
            NetworkRole.case_id == case_id, NetworkRole.person_id == person.id,
            NetworkRole.kind == data.kind, NetworkRole.for_person_id.is_(None)
            if for_person_id is None else NetworkRole.for_person_id == for_person_id)):
        errors.append(FieldError("kind", "error.role_exists"))
    if errors:
        raise ValidationFailed(errors)
    role = NetworkRole(
        case_id=case_id, person_id=person.id, kind=data.kind, for_person_id=for_person_id,
        phone=data.phone.strip(), commitment=data.commitment,
        told_danger_statements_on=data.told_danger_statements_on,
        chosen_on=data.chosen_on if data.kind is NetworkRoleKind.JIM else None,
        parents_consent=data.parents_consent and data.kind is NetworkRoleKind.JIM,
        tie=data.tie, support=data.support,
    )
    session.add(role)
    session.flush()
    return role.id


# Built once: a new alias per call would also miss SQLAlchemy's statement cache, and the
# plan page and its printouts read the network on every rerun.
_YOUNG = aliased(Person)
_NETWORK = (select(NetworkRole.id, NetworkRole.kind, NetworkRole.for_person_id,
                   NetworkRole.phone, NetworkRole.commitment,
                   NetworkRole.told_danger_statements_on, NetworkRole.chosen_on,
                   NetworkRole.parents_consent, NetworkRole.tie, NetworkRole.support,
                   NetworkRole.version, Person.id.label("person_id"), Person.first_name,
                   Person.last_name, Person.sex, Person.family_id,
                   _YOUNG.first_name.label("for_first"), _YOUNG.last_name.label("for_last"),
                   Case.family_id.label("case_family_id"))
            .join(Person, Person.id == NetworkRole.person_id)
            .join(Case, Case.id == NetworkRole.case_id)
            .outerjoin(_YOUNG, _YOUNG.id == NetworkRole.for_person_id)
            .where(NetworkRole.case_id == bindparam("case_id", type_=NetworkRole.case_id.type)))


def list_network(*, session: Session, actor: Actor, case_id: int) -> list[NetworkMember]:
    """The case's network: chair and JIMs first, then by name (NotFound: no such case)."""
    check_case(session, actor, case_id, Need.READ, "network/list_network")
    rows = session.execute(_NETWORK, {"case_id": case_id}).all()
    order = list(NetworkRoleKind)
    members = [
        NetworkMember(
            role_id=row.id, person_id=row.person_id,
            name=full_name(row.first_name, row.last_name), sex=row.sex,
            in_family=row.family_id == row.case_family_id, kind=row.kind,
            for_person_id=row.for_person_id,
            for_name=(full_name(row.for_first, row.for_last)
                      if row.for_person_id is not None else ""),
            phone=row.phone, commitment=row.commitment,
            told_danger_statements_on=row.told_danger_statements_on,
            chosen_on=row.chosen_on, parents_consent=row.parents_consent, tie=row.tie,
            support=row.support, version=row.version,
        )
        for row in rows
    ]
    return sorted(members, key=lambda m: (order.index(m.kind), m.name.casefold()))


def update_role(*, session: Session, actor: Actor, role_id: int, expected_version: int,
                data: NetworkRoleInput) -> None:
    """Change what a network member does (phone, commitment, dates, tie); who holds the
    role, which role and for whom stay: for another role, add one."""
    check_case(session, actor, case_of_role(session, role_id), Need.EDIT, "network/update_role")
    role = session.get(NetworkRole, role_id, populate_existing=True)
    if role is None:
        raise NotFound()
    if role.version != expected_version:
        raise Conflict(current=None)
    role.phone, role.commitment = data.phone.strip(), data.commitment
    role.told_danger_statements_on = data.told_danger_statements_on
    if role.kind is NetworkRoleKind.JIM:
        role.chosen_on, role.parents_consent = data.chosen_on, data.parents_consent
    role.tie, role.support = data.tie, data.support
    try:
        session.flush()
    except StaleDataError as exc:
        raise Conflict(current=None) from exc


def remove_role(*, session: Session, actor: Actor, role_id: int) -> None:
    """The person leaves this role in the network (they stay in the family or address book)."""
    role = session.get(NetworkRole, role_id)
    if role is None:
        raise Conflict(current=None)
    check_case(session, actor, role.case_id, Need.EDIT, "network/remove_role")
    session.delete(role)
    session.flush()
