"""The safety network and the JIM, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy.orm import Session, sessionmaker

from auth import Actor
from genograms.network import (
    NetworkRoleInput,
    add_outside_person,
    add_role,
    list_network,
    remove_role,
    update_role,
)
from genograms.people import PersonInput, add_family_member
from genograms.relations import add_parent
from sofs_core.codes import NetworkRoleKind, ParentKind, Role, Sex, SupportDirection, TieStrength
from sofs_core.errors import Conflict, FieldError, ValidationFailed
from storage.db import transaction
from storage.models import Case
from tests.conftest import make_case

J, T = NetworkRoleKind.JIM, NetworkRoleKind.TRUSTED_PERSON


@pytest.fixture
def family(factory: sessionmaker[Session], counsellor: Actor) -> dict[str, int]:
    with transaction(factory) as s:
        case_id = make_case(s, counsellor)
        family_id = s.get_one(Case, case_id).family_id
        ids = {name: add_family_member(session=s, actor=counsellor, family_id=family_id,
                                       data=PersonInput(name, birth=birth)).id
               for name, birth in (("Elif", "1986"), ("Zeynep", "08/03/2012"),
                                   ("Yasmina", "2020"), ("Małgorzata", "1988"))}
        ids["neighbour"] = add_outside_person(session=s, actor=counsellor, case_id=case_id,
                                              data=PersonInput("Marleen", "De Vos")).id
        add_parent(session=s, actor=counsellor, parent_id=ids["Elif"], child_id=ids["Zeynep"],
                   kind=ParentKind.BIOLOGICAL)
    return {**ids, "case": case_id}


def _add(factory: sessionmaker[Session], actor: Actor, case_id: int, data: NetworkRoleInput
         ) -> int:
    with transaction(factory) as s:
        return add_role(session=s, actor=actor, case_id=case_id, data=data)


def _refusal(factory: sessionmaker[Session], actor: Actor, case_id: int,
             data: NetworkRoleInput) -> list[FieldError]:
    with pytest.raises(ValidationFailed) as refused:
        _add(factory, actor, case_id, data)
    return list(refused.value.errors)


def test_the_network_lists_the_jim_chair_and_outsiders_with_what_they_do(
    factory: sessionmaker[Session], counsellor: Actor, family: dict[str, int]
) -> None:
    f = family
    _add(factory, counsellor, f["case"], NetworkRoleInput(
        f["Małgorzata"], J, for_person_id=f["Zeynep"], phone="0470 12 34 56",
        chosen_on=date(2026, 10, 6), parents_consent=True,
        commitment="Denkt mee met Zeynep en belt Lotte als het thuis onveilig wordt."))
    _add(factory, counsellor, f["case"], NetworkRoleInput(
        f["neighbour"], NetworkRoleKind.MONITOR, tie=TieStrength.WEAK,
        told_danger_statements_on=date(2026, 10, 6)))
    _add(factory, counsellor, f["case"], NetworkRoleInput(f["Elif"], NetworkRoleKind.CHAIR))
    with factory() as s:
        network = list_network(session=s, actor=counsellor, case_id=f["case"])
    assert [(m.name, m.kind) for m in network] == [
        ("Elif", NetworkRoleKind.CHAIR), ("Małgorzata", J), ("Marleen De Vos",
                                                             NetworkRoleKind.MONITOR)]
    jim = network[1]
    assert (jim.for_name, jim.chosen_on, jim.parents_consent) == ("Zeynep", date(2026, 10, 6),
                                                                  True)
    assert not network[2].in_family and network[2].tie is TieStrength.WEAK


def test_a_jim_or_trusted_person_names_whose(
    factory: sessionmaker[Session], counsellor: Actor, family: dict[str, int]
) -> None:
    assert _refusal(factory, counsellor, family["case"],
                    NetworkRoleInput(family["Małgorzata"], T)) == [
        FieldError("for_person_id", "error.required")]


def test_a_jim_belongs_to_a_young_person_of_twelve_to_twenty_three(
    factory: sessionmaker[Session], counsellor: Actor, family: dict[str, int]
) -> None:
    assert _refusal(factory, counsellor, family["case"], NetworkRoleInput(
        family["Małgorzata"], J, for_person_id=family["Yasmina"])) == [
        FieldError("for_person_id", "error.jim_age", {"min": 12, "max": 23})]


def test_a_parent_cannot_be_their_childs_jim(
    factory: sessionmaker[Session], counsellor: Actor, family: dict[str, int]
) -> None:
    assert _refusal(factory, counsellor, family["case"], NetworkRoleInput(
        family["Elif"], J, for_person_id=family["Zeynep"])) == [
        FieldError("person_id", "error.jim_is_parent")]


def test_the_same_role_twice_and_a_role_for_oneself_are_refused(
    factory: sessionmaker[Session], counsellor: Actor, family: dict[str, int]
) -> None:
    role = NetworkRoleInput(family["Małgorzata"], T, for_person_id=family["Yasmina"])
    _add(factory, counsellor, family["case"], role)
    assert _refusal(factory, counsellor, family["case"], role) == [
        FieldError("kind", "error.role_exists")]
    assert _refusal(factory, counsellor, family["case"], NetworkRoleInput(
        family["Zeynep"], T, for_person_id=family["Zeynep"])) == [
        FieldError("for_person_id", "error.role_self")]


def test_the_demo_network_has_a_jim_aunt_a_chair_a_neighbour_and_the_school(
    demo_db: str,
) -> None:
    from sqlalchemy import select

    from storage.db import make_engine, session_factory

    with session_factory(make_engine(demo_db))() as s:
        case_id = s.scalars(select(Case.id)).one()
        actor = Actor(1, "begeleider", "Lotte Peeters", Role.COUNSELLOR, None)
        network = list_network(session=s, actor=actor, case_id=case_id)
    kinds = [(m.name, m.kind) for m in network]
    assert kinds[0] == ("Ayşe Yılmaz", NetworkRoleKind.CHAIR)
    jim = next(m for m in network if m.kind is J)
    assert (jim.name, jim.for_name, jim.parents_consent) == (
        "Małgorzata Kowalska", "Zeynep Kowalska", True)
    outsiders = {m.name for m in network if not m.in_family}
    assert outsiders == {"Marleen De Vos", "An Claes"}


def test_a_role_is_updated_with_its_version_and_removed(
    factory: sessionmaker[Session], counsellor: Actor, family: dict[str, int]
) -> None:
    f = family
    role_id = _add(factory, counsellor, f["case"], NetworkRoleInput(
        f["neighbour"], NetworkRoleKind.MONITOR, tie=TieStrength.WEAK))
    with factory() as s:
        member = list_network(session=s, actor=counsellor, case_id=f["case"])[0]
    assert member.support is SupportDirection.TO_FAMILY
    changed = NetworkRoleInput(f["neighbour"], NetworkRoleKind.MONITOR, phone=" 0486 ",
                               commitment="Kijkt 's avonds of het licht brandt.",
                               tie=TieStrength.STRESSFUL, support=SupportDirection.BOTH_WAYS)
    with transaction(factory) as s:
        update_role(session=s, actor=counsellor, role_id=role_id,
                    expected_version=member.version, data=changed)
    with pytest.raises(Conflict), transaction(factory) as s:  # a stale form
        update_role(session=s, actor=counsellor, role_id=role_id,
                    expected_version=member.version, data=changed)
    with factory() as s:
        after = list_network(session=s, actor=counsellor, case_id=f["case"])[0]
    assert (after.phone, after.tie, after.support) == ("0486", TieStrength.STRESSFUL,
                                                       SupportDirection.BOTH_WAYS)
    assert after.sex is Sex.UNKNOWN
    with transaction(factory) as s:
        remove_role(session=s, actor=counsellor, role_id=role_id)
    with factory() as s:
        assert list_network(session=s, actor=counsellor, case_id=f["case"]) == []
    with pytest.raises(Conflict), transaction(factory) as s:
        remove_role(session=s, actor=counsellor, role_id=role_id)
