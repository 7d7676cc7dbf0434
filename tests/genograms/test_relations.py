"""Relationship rules and the family graph, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from auth import Actor
from genograms.graph import CoupleTie, ParentTie, TwinTie, links, links_from, person_node
from genograms.people import PersonInput, add_family_member, remove_person
from genograms.relations import (
    Relation,
    Relative,
    add_couple,
    add_emotional_line,
    add_parent,
    add_relative,
    add_twins,
    family_graph,
    leave_household,
    live_together,
    nudge,
    remove_relationship,
    set_household,
    update_couple,
)
from sofs_core.codes import CoupleStatus, EmotionalKind, ParentKind, Role
from sofs_core.errors import Conflict, FieldError, ValidationFailed
from storage.db import transaction
from storage.models import Case, ParentLink, Person
from tests.conftest import make_case

B = ParentKind.BIOLOGICAL


@pytest.fixture
def people(factory: sessionmaker[Session], counsellor: Actor) -> dict[str, int]:
    """A small blended family: Ayşe → Elif; Elif + Tomasz → twins; Elif + Karim → Yasmina."""
    births = {"ayse": "1958", "elif": "14/05/1986", "tomasz": "1983", "karim": "1984",
              "zeynep": "08/03/2012", "emre": "08/03/2012", "yasmina": "2020", "jonas": "2015"}
    with transaction(factory) as s:
        family_id = s.get_one(Case, make_case(s, counsellor)).family_id
        ids = {name: add_family_member(session=s, actor=counsellor, family_id=family_id,
                                       data=PersonInput(name.title(), birth=birth)).id
               for name, birth in births.items()}
    ids["family"] = family_id
    return ids


def _link(factory: sessionmaker[Session], actor: Actor, parent: int, child: int,
          kind: ParentKind = B) -> int:
    with transaction(factory) as s:
        return add_parent(session=s, actor=actor, parent_id=parent, child_id=child, kind=kind)


def _refused(factory: sessionmaker[Session], actor: Actor, parent: int, child: int,
             kind: ParentKind = B) -> list[str]:
    with pytest.raises(ValidationFailed) as refused:
        _link(factory, actor, parent, child, kind)
    return [e.message_key for e in refused.value.errors]


def _links(factory: sessionmaker[Session]) -> int:
    with factory() as s:
        return s.scalar(select(func.count(ParentLink.id))) or 0


def test_the_graph_answers_who_are_parents_partners_and_who_lives_with_whom(
    factory: sessionmaker[Session], counsellor: Actor, people: dict[str, int]
) -> None:
    p = people
    for parent, child in [("ayse", "elif"), ("elif", "zeynep"), ("tomasz", "zeynep"),
                          ("elif", "emre"), ("tomasz", "emre"), ("elif", "yasmina"),
                          ("karim", "yasmina")]:
        _link(factory, counsellor, p[parent], p[child])
    _link(factory, counsellor, p["elif"], p["jonas"], ParentKind.FOSTER)
    with transaction(factory) as s:
        add_couple(session=s, actor=counsellor, first_id=p["elif"], second_id=p["tomasz"],
                   status=CoupleStatus.DIVORCED, start_year=2009, end_year=2018)
        add_couple(session=s, actor=counsellor, first_id=p["karim"], second_id=p["elif"],
                   status=CoupleStatus.LIVING_TOGETHER, start_year=2019)
        add_twins(session=s, actor=counsellor, first_id=p["zeynep"], second_id=p["emre"])
        add_emotional_line(session=s, actor=counsellor, from_id=p["karim"], to_id=p["emre"],
                           kind=EmotionalKind.CONFLICT)
        set_household(session=s, actor=counsellor, family_id=p["family"], name="Thuis",
                      person_ids=(p["elif"], p["karim"], p["yasmina"], p["jonas"]))
        graph = family_graph(session=s, actor=counsellor, family_id=p["family"])
    assert graph.parents_of(p["zeynep"]) == sorted([p["elif"], p["tomasz"]])
    assert graph.children_of(p["elif"]) == sorted(
        [p["zeynep"], p["emre"], p["yasmina"], p["jonas"]])
    assert graph.partners_of(p["elif"]) == sorted([p["tomasz"], p["karim"]])
    assert graph.lives_with(p["jonas"]) == sorted([p["elif"], p["karim"], p["yasmina"]])
    kinds = {link.kind for link in links(graph.graph) if isinstance(link, ParentTie)}
    assert kinds == {ParentKind.BIOLOGICAL, ParentKind.FOSTER}


def test_a_person_cannot_be_their_own_parent(
    factory: sessionmaker[Session], counsellor: Actor, people: dict[str, int]
) -> None:
    assert _refused(factory, counsellor, people["elif"], people["elif"]) == ["error.parent_self"]
    assert _links(factory) == 0


def test_a_cycle_of_parentage_is_refused(
    factory: sessionmaker[Session], counsellor: Actor, people: dict[str, int]
) -> None:
    _link(factory, counsellor, people["ayse"], people["elif"])
    _link(factory, counsellor, people["elif"], people["zeynep"])
    assert "error.parent_cycle" in _refused(
        factory, counsellor, people["zeynep"], people["ayse"], ParentKind.STEP)
    assert _links(factory) == 2


def test_a_cycle_through_another_familys_person_is_refused_and_shared_lines_are_not(
    factory: sessionmaker[Session], counsellor: Actor, people: dict[str, int]
) -> None:
    """The cycle check walks the child's own line, across families, not the whole table."""
    p = people
    with transaction(factory) as s:
        other_family = s.get_one(Case, make_case(s, counsellor)).family_id
        outsider = add_family_member(session=s, actor=counsellor, family_id=other_family,
                                     data=PersonInput("Dirk")).id
        unrelated = add_family_member(session=s, actor=counsellor, family_id=other_family,
                                      data=PersonInput("Mona")).id
    _link(factory, counsellor, unrelated, outsider, ParentKind.FOSTER)
    _link(factory, counsellor, p["ayse"], p["elif"])
    _link(factory, counsellor, p["elif"], p["zeynep"])
    _link(factory, counsellor, p["zeynep"], outsider, ParentKind.ADOPTIVE)
    # Ayşe → Elif → Zeynep → Dirk (other family): Dirk cannot become Ayşe's parent.
    assert _refused(factory, counsellor, outsider, p["ayse"], ParentKind.STEP) == [
        "error.parent_cycle"]
    # Nor can Zeynep (two generations down) become Ayşe's.
    assert "error.parent_cycle" in _refused(
        factory, counsellor, p["zeynep"], p["ayse"], ParentKind.STEP)
    # Two lines meeting again below (Ayşe is also Zeynep's foster parent) is no cycle.
    _link(factory, counsellor, p["ayse"], p["zeynep"], ParentKind.FOSTER)
    # A person outside the line may still become a parent of someone in it.
    _link(factory, counsellor, unrelated, p["ayse"], ParentKind.STEP)
    assert _links(factory) == 6


def test_a_cycle_stored_by_hand_does_not_hang_the_check(
    factory: sessionmaker[Session], counsellor: Actor, people: dict[str, int]
) -> None:
    p = people
    with transaction(factory) as s:  # past the rules, as an old import might have
        s.add_all([ParentLink(parent_id=p["elif"], child_id=p["karim"], kind=B),
                   ParentLink(parent_id=p["karim"], child_id=p["elif"], kind=B)])
    _link(factory, counsellor, p["ayse"], p["elif"])  # the walk below Elif goes round
    assert "error.parent_cycle" in _refused(
        factory, counsellor, p["karim"], p["ayse"], ParentKind.STEP)


def test_no_more_than_two_biological_parents(
    factory: sessionmaker[Session], counsellor: Actor, people: dict[str, int]
) -> None:
    _link(factory, counsellor, people["elif"], people["yasmina"])
    _link(factory, counsellor, people["karim"], people["yasmina"])
    assert _refused(factory, counsellor, people["tomasz"], people["yasmina"]) == [
        "error.too_many_biological_parents"]
    _link(factory, counsellor, people["tomasz"], people["yasmina"], ParentKind.STEP)  # allowed
    assert _links(factory) == 3


def test_a_child_born_before_its_parent_is_refused(
    factory: sessionmaker[Session], counsellor: Actor, people: dict[str, int]
) -> None:
    assert _refused(factory, counsellor, people["zeynep"], people["elif"]) == [
        "error.child_born_before_parent"]


def test_a_link_to_a_removed_person_changes_nothing(
    factory: sessionmaker[Session], counsellor: Actor, people: dict[str, int]
) -> None:
    with transaction(factory) as s:
        remove_person(session=s, actor=counsellor, person_id=people["karim"],
                      expected_version=1)
    assert _refused(factory, counsellor, people["karim"], people["yasmina"]) == [
        "error.person_removed"]
    with pytest.raises(ValidationFailed) as refused, transaction(factory) as s:
        add_couple(session=s, actor=counsellor, first_id=people["elif"],
                   second_id=people["karim"], status=CoupleStatus.MARRIED)
    assert refused.value.errors[0] == FieldError("second_id", "error.person_removed")
    assert _links(factory) == 0


def test_a_couple_ending_before_it_began_is_refused(
    factory: sessionmaker[Session], counsellor: Actor, people: dict[str, int]
) -> None:
    with pytest.raises(ValidationFailed) as refused, transaction(factory) as s:
        add_couple(session=s, actor=counsellor, first_id=people["elif"],
                   second_id=people["tomasz"], status=CoupleStatus.DIVORCED,
                   start_year=2018, end_year=2009)
    assert refused.value.errors[0].message_key == "error.end_before_start"


def test_the_demo_genogram_has_three_generations_a_divorce_twins_and_a_foster_child(
    demo_db: str,
) -> None:
    from storage.db import make_engine, session_factory
    from storage.models import Family, Person

    with session_factory(make_engine(demo_db))() as s:
        family_id = s.scalars(select(Family.id)).one()
        names = {p.first_name: p.id for p in s.scalars(select(Person))}
        actor = Actor(1, "begeleider", "Lotte Peeters", Role.COUNSELLOR, None)
        graph = family_graph(session=s, actor=actor, family_id=family_id)
        mehmet = s.get_one(Person, names["Mehmet"])
    g = graph.graph
    assert graph.parents_of(names["Elif"]) == sorted([names["Ayşe"], names["Mehmet"]])
    assert graph.partners_of(names["Elif"]) == sorted([names["Tomasz"], names["Karim"]])
    divorce = [link for link in links(g)
               if isinstance(link, CoupleTie) and link.kind is CoupleStatus.DIVORCED]
    assert [(d.start_year, d.end_year) for d in divorce] == [(2009, 2018)]
    assert any(isinstance(link, TwinTie) for link in links(g))
    first = next(link for link in links_from(g, names["Elif"]) if link.target == names["Jonas"])
    assert isinstance(first, ParentTie) and first.kind is ParentKind.FOSTER
    assert (mehmet.deceased, mehmet.death_year) == (True, 2019)
    assert person_node(g, names["Emre"]).index is True
    assert names["Jonas"] in graph.lives_with(names["Emre"])


def test_a_relative_is_added_with_their_link_or_not_at_all(
    factory: sessionmaker[Session], counsellor: Actor, people: dict[str, int]
) -> None:
    p = people
    with transaction(factory) as s:
        _link_in(s, counsellor, p["elif"], p["zeynep"])
        baby = add_relative(session=s, actor=counsellor, family_id=p["family"],
                            data=PersonInput("Baby", birth="2025"), relative=Relative.CHILD_OF,
                            of_person_id=p["elif"], other_parent_id=p["karim"])
        sister = add_relative(session=s, actor=counsellor, family_id=p["family"],
                              data=PersonInput("Zus", birth="2014"),
                              relative=Relative.SIBLING_OF, of_person_id=p["zeynep"])
        partner = add_relative(session=s, actor=counsellor, family_id=p["family"],
                               data=PersonInput("Nieuwe partner", birth="1980"),
                               relative=Relative.PARTNER_OF, of_person_id=p["tomasz"],
                               couple_status=CoupleStatus.MARRIED, start_year=2021)
        grandma = add_relative(session=s, actor=counsellor, family_id=p["family"],
                               data=PersonInput("Oma", birth="1930"),
                               relative=Relative.PARENT_OF, of_person_id=p["karim"])
    with factory() as s:
        graph = family_graph(session=s, actor=counsellor, family_id=p["family"])
    assert graph.parents_of(baby.id) == sorted([p["elif"], p["karim"]])
    assert graph.parents_of(sister.id) == [p["elif"]]
    assert graph.partners_of(p["tomasz"]) == [partner.id]
    assert graph.parents_of(p["karim"]) == [grandma.id]
    before = _people(factory)
    # A child "born" before its parent: the new person is not kept either.
    with pytest.raises(ValidationFailed), transaction(factory) as s:
        add_relative(session=s, actor=counsellor, family_id=p["family"],
                     data=PersonInput("Te oud", birth="1900"), relative=Relative.CHILD_OF,
                     of_person_id=p["elif"])
    with pytest.raises(ValidationFailed) as refused, transaction(factory) as s:
        add_relative(session=s, actor=counsellor, family_id=p["family"],
                     data=PersonInput("Broer"), relative=Relative.SIBLING_OF,
                     of_person_id=p["ayse"])
    assert refused.value.errors[0].message_key == "error.sibling_without_parents"
    assert _people(factory) == before


def _link_in(s: Session, actor: Actor, parent: int, child: int) -> None:
    add_parent(session=s, actor=actor, parent_id=parent, child_id=child, kind=B)


def _people(factory: sessionmaker[Session]) -> int:
    with factory() as s:
        return s.scalar(select(func.count(Person.id))) or 0


def test_lines_are_removed_couples_change_and_people_move_out(
    factory: sessionmaker[Session], counsellor: Actor, people: dict[str, int]
) -> None:
    p = people
    with transaction(factory) as s:
        link = add_parent(session=s, actor=counsellor, parent_id=p["elif"],
                          child_id=p["yasmina"], kind=B)
        pair = add_couple(session=s, actor=counsellor, first_id=p["elif"], second_id=p["karim"],
                          status=CoupleStatus.LIVING_TOGETHER, start_year=2019)
        home = live_together(session=s, actor=counsellor, family_id=p["family"],
                             first_id=p["elif"], second_id=p["karim"], name="Thuis")
        same = live_together(session=s, actor=counsellor, family_id=p["family"],
                             first_id=p["elif"], second_id=p["yasmina"], name="Ander")
    assert same == home, "moving in with Elif joins her household"
    with transaction(factory) as s:
        update_couple(session=s, actor=counsellor, couple_id=pair,
                      status=CoupleStatus.MARRIED, start_year=2019, end_year=None)
        remove_relationship(session=s, actor=counsellor, relation=Relation.PARENT, link_id=link)
        leave_household(session=s, actor=counsellor, household_id=home, person_id=p["karim"])
    with factory() as s:
        graph = family_graph(session=s, actor=counsellor, family_id=p["family"])
    assert graph.parents_of(p["yasmina"]) == []
    assert [link.kind for link in links(graph.graph)
            if isinstance(link, CoupleTie)] == [CoupleStatus.MARRIED]
    assert graph.lives_with(p["elif"]) == [p["yasmina"]]
    with pytest.raises(ValidationFailed), transaction(factory) as s:
        update_couple(session=s, actor=counsellor, couple_id=pair,
                      status=CoupleStatus.DIVORCED, start_year=2019, end_year=2010)
    with pytest.raises(Conflict), transaction(factory) as s:  # removed by someone else
        remove_relationship(session=s, actor=counsellor, relation=Relation.PARENT, link_id=link)


def test_a_nudge_is_kept_bounded_reset_and_leaves_the_version_alone(
    factory: sessionmaker[Session], counsellor: Actor, people: dict[str, int]
) -> None:
    p = people
    with factory() as s:
        version = s.get_one(Person, p["jonas"]).version
    with transaction(factory) as s:
        assert nudge(session=s, actor=counsellor, person_id=p["jonas"], places=-1) == -1
    with transaction(factory) as s:
        assert nudge(session=s, actor=counsellor, person_id=p["jonas"], places=-1) == -2
    with factory() as s:
        graph = family_graph(session=s, actor=counsellor, family_id=p["family"])
        jonas = s.get_one(Person, p["jonas"])
        assert (jonas.genogram_nudge, jonas.version) == (-2, version)
    assert person_node(graph.graph, p["jonas"]).nudge == -2
    with transaction(factory) as s:
        assert nudge(session=s, actor=counsellor, person_id=p["jonas"], places=500) == 50
        assert nudge(session=s, actor=counsellor, person_id=p["jonas"], places=None) == 0
