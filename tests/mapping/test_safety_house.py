"""A child's Safety House: people picked from the family and network or named, the rules
on the roof, the path with steps done or not yet, the red zone, the place on the path and
the safety object, each with what the child shares; on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from auth import Actor
from genograms.network import NetworkRoleInput, add_outside_person, add_role
from genograms.people import PersonInput, add_family_member
from mapping.cases import family_of_case
from mapping.safety_house import (
    HouseItemInput,
    SafetyHouseInput,
    SafetyHouseView,
    get_safety_house,
    save_safety_house,
    shared_safety_houses,
)
from privacy.export import family_export
from privacy.scope import collect, destroy_case
from sofs_core.codes import NetworkRoleKind, SafetyHousePart, Sharing
from sofs_core.errors import Conflict, NotFound, ValidationFailed
from storage.db import transaction
from storage.models import Person, SafetyHouse, SafetyHouseItem
from tests.conftest import make_case

P, S = SafetyHousePart, Sharing


@dataclass(frozen=True)
class Family:
    case_id: int
    wout: int  # 9 years old
    lien: int  # 14
    mother: int
    father: int
    neighbour: int  # in the network, from outside the family
    stranger: int  # a person of another family


@pytest.fixture
def family(factory: sessionmaker[Session], counsellor: Actor) -> Family:
    with transaction(factory) as s:
        case_id = make_case(s, counsellor)
        family_id, _ = family_of_case(session=s, actor=counsellor, case_id=case_id)

        def member(first: str, birth: str, on: int = family_id) -> int:
            return add_family_member(session=s, actor=counsellor, family_id=on,
                                     data=PersonInput(first, "Peeters", birth=birth)).id

        mother, father = member("Els", "1985"), member("Bart", "1983")
        wout, lien = member("Wout", "2017"), member("Lien", "14/03/2012")
        neighbour = add_outside_person(session=s, actor=counsellor, case_id=case_id,
                                       data=PersonInput("Karim", "Aziz")).id
        add_role(session=s, actor=counsellor, case_id=case_id,
                 data=NetworkRoleInput(neighbour, NetworkRoleKind.MONITOR))
        other_case = make_case(s, counsellor, family_name="Gezin Janssens")
        other_family, _ = family_of_case(session=s, actor=counsellor, case_id=other_case)
        stranger = member("Mia", "1990", on=other_family)
    return Family(case_id, wout, lien, mother, father, neighbour, stranger)


def _save(factory: sessionmaker[Session], actor: Actor, family: Family, version: int,
          *items: HouseItemInput, position: int | None = None,
          child: int | None = None) -> int:
    with transaction(factory) as s:
        return save_safety_house(session=s, actor=actor, case_id=family.case_id,
                                 child_id=child or family.wout, expected_version=version,
                                 data=SafetyHouseInput(items, position)).version


def _house(factory: sessionmaker[Session], actor: Actor, family: Family,
           child: int | None = None) -> SafetyHouseView:
    with transaction(factory) as s:
        return get_safety_house(session=s, actor=actor, case_id=family.case_id,
                                child_id=child or family.wout)


def _whole(family: Family) -> tuple[HouseItemInput, ...]:
    return (
        HouseItemInput(P.INSIDE, "mama", S.SHARE, family.mother),
        HouseItemInput(P.VISITOR, "Karim van hiernaast", S.SHARE, family.neighbour),
        HouseItemInput(P.VISITOR, "juf Ann", S.LATER_OWN_WORDS),
        HouseItemInput(P.ROOF_RULE, "Niemand roept. <b>Nooit</b> slaan.", S.SHARE),
        HouseItemInput(P.ROOF_RULE, "Papa drinkt geen bier als ik thuis ben.", S.PRIVATE),
        HouseItemInput(P.PATH_STEP, "Papa gaat naar de cursus", S.SHARE, done=True),
        HouseItemInput(P.PATH_STEP, "Eerst bezoek met Karim erbij", S.SHARE),
        HouseItemInput(P.RED_ZONE, "papa als hij gedronken heeft", S.PRIVATE, family.father),
        HouseItemInput(P.SAFETY_OBJECT, "mijn blauwe armbandje", S.SHARE),
    )


def test_a_new_house_is_empty_and_offers_the_family_and_network_but_not_the_child(
    factory: sessionmaker[Session], counsellor: Actor, family: Family
) -> None:
    house = _house(factory, counsellor, family)
    assert (house.id, house.version, house.items, house.path_position) == (None, 0, (), None)
    assert [c.name for c in house.choices] == ["Bart Peeters", "Els Peeters", "Karim Aziz",
                                               "Lien Peeters"]


def test_the_whole_house_is_kept_exactly_in_order_with_the_place_on_the_path(
    factory: sessionmaker[Session], counsellor: Actor, family: Family
) -> None:
    items = _whole(family)
    version = _save(factory, counsellor, family, 0, *items, position=4)
    house = _house(factory, counsellor, family)
    assert (house.version, house.path_position) == (version, 4)
    assert [(i.part, i.words, i.sharing, i.person_id, i.done) for i in house.items] == [
        (i.part, i.words, i.sharing, i.person_id, i.done) for i in items]
    assert [i.words for i in house.of(P.PATH_STEP) if i.done] == ["Papa gaat naar de cursus"]
    with factory() as s:
        restrictions = {i.words: i.restriction for i in s.scalars(select(SafetyHouseItem))}
    assert restrictions["papa als hij gedronken heeft"] == "confidential"
    assert restrictions["mama"] == "none"


def test_a_step_done_and_a_new_place_keep_the_items_and_only_steps_are_done(
    factory: sessionmaker[Session], counsellor: Actor, family: Family
) -> None:
    version = _save(factory, counsellor, family, 0, *_whole(family), position=4)
    house = _house(factory, counsellor, family)
    ids = [i.id for i in house.items]
    kept = [i.as_input() for i in house.items]
    step = next(n for n, i in enumerate(kept) if i.words.startswith("Eerst bezoek"))
    kept[step] = HouseItemInput(P.PATH_STEP, kept[step].words, S.SHARE, done=True,
                                item_id=kept[step].item_id)
    kept.append(HouseItemInput(P.ROOF_RULE, "Ik mag altijd oma bellen", S.SHARE, done=True))
    _save(factory, counsellor, family, version, *kept, position=7)
    after = _house(factory, counsellor, family)
    assert [i.id for i in after.items][:-1] == ids  # the same rows, not new ones
    assert all(i.done for i in after.of(P.PATH_STEP))
    assert not after.of(P.ROOF_RULE)[-1].done  # a rule is not "done"
    assert after.path_position == 7


def test_two_sessions_editing_the_same_house_conflict_and_change_nothing(
    factory: sessionmaker[Session], counsellor: Actor, family: Family
) -> None:
    rule = HouseItemInput(P.ROOF_RULE, "Niemand roept", S.SHARE)
    version = _save(factory, counsellor, family, 0, rule)
    _save(factory, counsellor, family, version, rule, position=3)
    with pytest.raises(Conflict):
        _save(factory, counsellor, family, version, position=9)  # the older version
    house = _house(factory, counsellor, family)
    assert ([i.words for i in house.items], house.path_position) == (["Niemand roept"], 3)
    with pytest.raises(Conflict):  # two first saves: the second is told, not merged
        _save(factory, counsellor, family, 0, rule)


@pytest.mark.parametrize("make", [
    lambda f: SafetyHouseInput((HouseItemInput(P.ROOF_RULE, "   ", S.SHARE),)),
    lambda f: SafetyHouseInput((HouseItemInput(P.ROOF_RULE, "x" * 5001, S.SHARE),)),
    lambda f: SafetyHouseInput((HouseItemInput(P.INSIDE, "Mia", S.SHARE, f.stranger),)),
    lambda f: SafetyHouseInput((HouseItemInput(P.ROOF_RULE, "mama", S.SHARE, f.mother),)),
    lambda f: SafetyHouseInput((HouseItemInput(P.INSIDE, "mama", S.SHARE, f.wout),)),
    lambda f: SafetyHouseInput((HouseItemInput(P.INSIDE, "x", S.SHARE, item_id=999_999),)),
    lambda f: SafetyHouseInput((HouseItemInput(P.INSIDE, "mama", S.SHARE),), 11),
    lambda f: SafetyHouseInput((HouseItemInput(P.INSIDE, "mama", S.SHARE),), -1),
])
def test_bad_input_is_refused_and_nothing_is_saved(
    factory: sessionmaker[Session], counsellor: Actor, family: Family,
    make: Callable[[Family], SafetyHouseInput]
) -> None:
    with pytest.raises(ValidationFailed), transaction(factory) as s:
        save_safety_house(session=s, actor=counsellor, case_id=family.case_id,
                          child_id=family.wout, expected_version=0, data=make(family))
    with factory() as s:
        assert s.scalar(select(func.count(SafetyHouse.id))) == 0
        assert s.scalar(select(func.count(SafetyHouseItem.id))) == 0


def test_a_child_of_another_family_is_not_found(
    factory: sessionmaker[Session], counsellor: Actor, family: Family
) -> None:
    with pytest.raises(NotFound):
        _house(factory, counsellor, family, child=family.stranger)
    with pytest.raises(NotFound):
        _save(factory, counsellor, family, 0, child=family.stranger)


def test_each_child_has_its_own_house(
    factory: sessionmaker[Session], counsellor: Actor, family: Family
) -> None:
    _save(factory, counsellor, family, 0, HouseItemInput(P.SAFETY_OBJECT, "beer", S.SHARE))
    _save(factory, counsellor, family, 0, HouseItemInput(P.SAFETY_OBJECT, "gsm", S.SHARE),
          child=family.lien)
    assert [i.words for i in _house(factory, counsellor, family).items] == ["beer"]
    assert [i.words for i in _house(factory, counsellor, family, family.lien).items] == ["gsm"]


def test_the_childs_page_gets_only_what_the_child_shares_and_never_the_red_zone(
    factory: sessionmaker[Session], counsellor: Actor, family: Family
) -> None:
    _save(factory, counsellor, family, 0, *_whole(family), position=4)
    with transaction(factory) as s:
        shared = shared_safety_houses(session=s, actor=counsellor, case_id=family.case_id)
    wout = shared[family.wout]
    assert wout.inside == ("mama",)
    assert wout.visitors == ("Karim van hiernaast",)  # not juf Ann: told later by the child
    assert wout.roof_rules == ("Niemand roept. <b>Nooit</b> slaan.",)
    assert wout.safety_objects == ("mijn blauwe armbandje",)
    flat = repr(wout)
    assert "bier" not in flat and "gedronken" not in flat and "cursus" not in flat
    assert family.lien not in shared


def test_a_person_removed_from_the_family_leaves_the_name_the_child_gave(
    factory: sessionmaker[Session], counsellor: Actor, family: Family
) -> None:
    _save(factory, counsellor, family, 0,
          HouseItemInput(P.INSIDE, "oma", S.SHARE, family.mother))
    with transaction(factory) as s:
        s.delete(s.get_one(Person, family.mother))
    house = _house(factory, counsellor, family)
    assert [(i.words, i.person_id) for i in house.items] == [("oma", None)]


def test_the_house_is_exported_whole_private_parts_not_to_a_minor_and_destroyed(
    factory: sessionmaker[Session], counsellor: Actor, family: Family
) -> None:
    _save(factory, counsellor, family, 0, *_whole(family), position=4)
    with transaction(factory) as s:
        full = family_export(session=s, actor=counsellor, case_id=family.case_id)
        minor = family_export(session=s, actor=counsellor, case_id=family.case_id,
                              for_minor=True)
    assert len(full["tables"]["safety_house_items"]) == 9
    assert [h["path_position"] for h in full["tables"]["safety_houses"]] == [4]
    minor_words = [i["words"] for i in minor["tables"]["safety_house_items"]]
    assert "papa als hij gedronken heeft" not in minor_words
    assert "Papa drinkt geen bier als ik thuis ben." not in minor_words
    assert "mama" in minor_words
    with factory() as s:
        assert {"safety_houses", "safety_house_items"} <= set(collect(s, family.case_id).rows)
    with transaction(factory) as s:
        destroy_case(s, family.case_id)
    with factory() as s:
        assert s.scalar(select(func.count(SafetyHouse.id))) == 0
        assert s.scalar(select(func.count(SafetyHouseItem.id))) == 0


def test_a_name_the_children_use_is_offered_as_they_say_it(
    factory: sessionmaker[Session], counsellor: Actor, family: Family
) -> None:
    with transaction(factory) as s:
        person = s.get_one(Person, family.mother)
        person.called_by_children = "mama Els"
    assert "mama Els" in [c.name for c in _house(factory, counsellor, family).choices]
