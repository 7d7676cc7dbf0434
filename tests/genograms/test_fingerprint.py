"""The fingerprint that lets the genogram page keep its drawing: equal for equal families,
different as soon as anything drawn changes."""

from __future__ import annotations

import networkx as nx

from genograms.fingerprint import family_fingerprint
from genograms.graph import (
    CoupleTie,
    ParentTie,
    PersonNode,
    add_link,
    add_person,
    set_household_names,
)
from genograms.relations import FamilyGraph
from sofs_core.codes import CoupleStatus, ParentKind


def _family(name: str = "Ayşe Yilmaz", households: set[int] | None = None,
            home_name: str = "Thuis", couple: str = "married") -> FamilyGraph:
    graph: nx.MultiDiGraph[int] = nx.MultiDiGraph()
    set_household_names(graph, {7: home_name})
    add_link(graph, CoupleTie(1, 2, CoupleStatus(couple), link_id=3))
    add_link(graph, ParentTie(1, 4, ParentKind.BIOLOGICAL, link_id=5))
    add_person(graph, PersonNode(1, name, households=frozenset(
        households if households is not None else {7})))
    add_person(graph, PersonNode(2, "Karim Yilmaz", households=frozenset({7, 8})))
    add_person(graph, PersonNode(4, "Elif Yilmaz"))
    return FamilyGraph(graph)


def test_the_same_family_gives_the_same_fingerprint() -> None:
    assert family_fingerprint(_family()) == family_fingerprint(_family())


def test_any_change_that_is_drawn_changes_the_fingerprint() -> None:
    first = family_fingerprint(_family())
    assert family_fingerprint(_family(name="Ayşe Peeters")) != first
    assert family_fingerprint(_family(households=set())) != first
    assert family_fingerprint(_family(home_name="Bij oma")) != first
    assert family_fingerprint(_family(couple="divorced")) != first
