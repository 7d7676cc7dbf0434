"""The family graph's typed records: a person as the genogram draws them, the lines between
people, and the names of the family's households.

networkx holds the graph: people are its nodes, every line is an edge of a multigraph
(from parent to child, from the one who abuses to the one abused, from a couple's or
twins' first person to the second). Each node and each edge carries one frozen record
under one attribute key, and the graph carries the households' names the same way. Only
this module reads or writes that key; everything else asks the accessors below, so that no
module reads an attribute dict by a string (tests/architecture/test_typed_family_graph.py).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import ClassVar, TypeAlias, TypedDict

import networkx as nx

from sofs_core.codes import CoupleStatus, EmotionalKind, ParentKind, Sex


class Relation(StrEnum):
    """The kinds of line between two people (and that a user can remove)."""

    PARENT = "parent"
    COUPLE = "couple"
    TWIN = "twin"
    EMOTIONAL = "emotional"


@dataclass(frozen=True)
class PersonNode:
    """A person on the genogram: what the picture, the text list and the checks use."""

    id: int
    name: str
    sex: Sex = Sex.UNKNOWN
    birth_year: int | None = None
    birth_date: date | None = None
    deceased: bool = False
    death_year: int | None = None
    pregnancy: bool = False
    index: bool = False  # the child the genogram is drawn around
    in_family: bool = True  # False for someone outside the family linked to it
    nudge: int = 0  # places left (-) or right (+) in their row, kept by the counsellor
    households: frozenset[int] = frozenset()


@dataclass(frozen=True)
class ParentTie:
    """``source`` is a parent (of ``kind``) of ``target``."""

    relation: ClassVar[Relation] = Relation.PARENT
    source: int
    target: int
    kind: ParentKind
    link_id: int


@dataclass(frozen=True)
class CoupleTie:
    """Two partners; the years are when they married or moved in, and when it ended."""

    relation: ClassVar[Relation] = Relation.COUPLE
    source: int
    target: int
    kind: CoupleStatus
    link_id: int
    start_year: int | None = None
    end_year: int | None = None


@dataclass(frozen=True)
class TwinTie:
    relation: ClassVar[Relation] = Relation.TWIN
    source: int
    target: int
    identical: bool
    link_id: int


@dataclass(frozen=True)
class EmotionalTie:
    """How two people get on; for abuse, ``source`` is the one who abuses."""

    relation: ClassVar[Relation] = Relation.EMOTIONAL
    source: int
    target: int
    kind: EmotionalKind
    link_id: int


Link: TypeAlias = ParentTie | CoupleTie | TwinTie | EmotionalTie


@dataclass(frozen=True)
class _Households:
    names: tuple[tuple[int, str], ...]


class _PersonData(TypedDict):
    record: PersonNode


class _LinkData(TypedDict):
    record: Link


FamilyNetwork: TypeAlias = "nx.MultiDiGraph[int, _PersonData, _LinkData]"
"""The family as networkx holds it: read it through the accessors of this module."""

_RECORD = "record"


def new_network() -> FamilyNetwork:
    graph: FamilyNetwork = nx.MultiDiGraph()
    return graph


def add_person(graph: FamilyNetwork, node: PersonNode) -> None:
    """Adds ``node`` (or replaces the record of the person with its id)."""
    graph.add_node(node.id, **{_RECORD: node})


def add_link(graph: FamilyNetwork, link: Link) -> None:
    graph.add_edge(link.source, link.target, **{_RECORD: link})


def change_links(graph: FamilyNetwork, change: Callable[[Link], Link]) -> None:
    """Each line's record replaced by ``change(record)``, in place: the lines keep their
    order. A change may not move a line to other people."""
    for a, b, data in graph.edges(data=True):
        changed = change(data["record"])
        if (changed.source, changed.target) != (a, b):
            raise ValueError("a changed line joins the same two people")
        data["record"] = changed


def set_household_names(graph: FamilyNetwork, names: Mapping[int, str]) -> None:
    graph.graph[_RECORD] = _Households(tuple(names.items()))


def person_node(graph: FamilyNetwork, node_id: int) -> PersonNode:
    return graph.nodes[node_id]["record"]


def person_nodes(graph: FamilyNetwork) -> Iterator[PersonNode]:
    """Everyone, in the graph's order."""
    return (data["record"] for _, data in graph.nodes(data=True))


def links(graph: FamilyNetwork) -> Iterator[Link]:
    """Every line, in the graph's order."""
    return (data["record"] for _, _, data in graph.edges(data=True))


def links_from(graph: FamilyNetwork, node_id: int) -> Iterator[Link]:
    """The lines that start at ``node_id`` (as a parent, abuser, first partner or twin)."""
    return (data["record"] for _, _, data in graph.out_edges(node_id, data=True))


def links_into(graph: FamilyNetwork, node_id: int) -> Iterator[Link]:
    """The lines that end at ``node_id`` (as a child, the one abused, second partner)."""
    return (data["record"] for _, _, data in graph.in_edges(node_id, data=True))


def household_names(graph: FamilyNetwork) -> dict[int, str]:
    """Household id -> its name, for the households of the family."""
    found = graph.graph.get(_RECORD)
    return dict(found.names) if isinstance(found, _Households) else {}


def without(graph: FamilyNetwork, relation: Relation) -> FamilyNetwork:
    """A copy of the graph without the lines of ``relation`` (the people all stay)."""
    copy = graph.copy()
    copy.remove_edges_from([(a, b, key) for a, b, key, data in
                            graph.edges(keys=True, data=True)
                            if data["record"].relation is relation])
    return copy
