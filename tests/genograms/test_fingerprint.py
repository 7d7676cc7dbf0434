"""The fingerprint that lets the genogram page keep its drawing: equal for equal families,
different as soon as anything drawn changes."""

from __future__ import annotations

import networkx as nx

from genograms.fingerprint import family_fingerprint
from genograms.relations import FamilyGraph


def _family(name: str = "Ayşe Yilmaz", households: set[int] | None = None,
            home_name: str = "Thuis", couple: str = "married") -> FamilyGraph:
    graph: nx.MultiDiGraph[int] = nx.MultiDiGraph()
    graph.graph["households"] = {7: home_name}
    graph.add_edge(1, 2, relation="couple", kind=couple, link_id=3)
    graph.add_edge(1, 4, relation="parent", kind="biological", link_id=5)
    graph.add_node(1, name=name, households=households if households is not None else {7})
    graph.add_node(2, name="Karim Yilmaz", households={7, 8})
    graph.add_node(4, name="Elif Yilmaz", households=set())
    return FamilyGraph(graph)


def test_the_same_family_gives_the_same_fingerprint() -> None:
    assert family_fingerprint(_family()) == family_fingerprint(_family())


def test_any_change_that_is_drawn_changes_the_fingerprint() -> None:
    first = family_fingerprint(_family())
    assert family_fingerprint(_family(name="Ayşe Peeters")) != first
    assert family_fingerprint(_family(households=set())) != first
    assert family_fingerprint(_family(home_name="Bij oma")) != first
    assert family_fingerprint(_family(couple="divorced")) != first
