"""Generated families for the property tests: what the services accept, built as graphs.

`layered_families` keeps parents one generation above their children (as families are)
and lets couples form between anyone, across generations too (a step-mother who later
partners the son). `any_families` adds parent links between any two people, as long as
the services would take them: no cycle, at most two biological parents, no child born
before a parent.
"""

from __future__ import annotations

import networkx as nx
from hypothesis import strategies as st

from genograms.graph import ParentTie, links, links_into, new_network, person_node
from genograms.relations import FamilyGraph
from sofs_core.codes import CoupleStatus, ParentKind, Sex
from tests.genograms.pictures import couple, parent, person

# Names as families write them: several parts, accents, other scripts, hyphens.
NAME_PART = st.sampled_from((
    "Anna", "Jan", "Elif", "Karim", "Małgorzata", "Zoë", "Fitzgerald", "Yılmaz",
    "El Amrani", "De Smet", "Marie-Thérèse", "Nguyễn", "Ørsted", "Jean-Baptiste",
    "Vanden Bossche", "Mohamed", "Oğuz", "Ines", "Wout", "Aylin"))
NAMES = st.lists(NAME_PART, min_size=1, max_size=3).map(" ".join)


@st.composite
def layered_families(draw: st.DrawFn, max_people: int = 40) -> FamilyGraph:
    size = draw(st.integers(2, max_people))
    g = new_network()
    layer: dict[int, int] = {}
    for pid in range(1, size + 1):
        level = draw(st.integers(0, 4))
        layer[pid] = level
        person(g, pid, draw(NAMES), draw(st.sampled_from(list(Sex))),
               draw(st.one_of(st.none(), st.integers(1850 + 25 * level, 1860 + 30 * level))))
    for pid in range(1, size + 1):
        above = [p for p in layer if layer[p] == layer[pid] - 1]
        if above and draw(st.booleans()):
            chosen = draw(st.lists(st.sampled_from(above), min_size=1, max_size=2, unique=True))
            kind = draw(st.sampled_from(list(ParentKind)))
            for p in chosen:
                parent(g, p, pid, kind)
    pairs = draw(st.lists(st.tuples(st.integers(1, size), st.integers(1, size)), max_size=size))
    for a, b in pairs:
        if a != b:
            couple(g, a, b, draw(st.sampled_from(list(CoupleStatus))),
                   draw(st.one_of(st.none(), st.integers(1870, 2024))))
    return FamilyGraph(g)


@st.composite
def any_families(draw: st.DrawFn, max_people: int = 30) -> FamilyGraph:
    family = draw(layered_families(max_people))
    g = family.graph
    people = list(g.nodes)
    for a, b in draw(st.lists(st.tuples(st.sampled_from(people), st.sampled_from(people)),
                              max_size=len(people))):
        kind = draw(st.sampled_from(list(ParentKind)))
        biological = [link.source for link in links_into(g, b)
                      if isinstance(link, ParentTie) and link.kind is ParentKind.BIOLOGICAL]
        ya, yb = person_node(g, a).birth_year, person_node(g, b).birth_year
        if a == b or g.has_edge(a, b) or (ya and yb and yb < ya) or \
                (kind is ParentKind.BIOLOGICAL and len(biological) >= 2):
            continue
        parents_only: nx.DiGraph[int] = nx.DiGraph(
            [(link.source, link.target) for link in links(g) if isinstance(link, ParentTie)])
        if a in parents_only and b in parents_only and nx.has_path(parents_only, b, a):
            continue  # the services refuse a cycle of parentage
        parent(g, a, b, kind)
    return family


@st.composite
def tree_families(draw: st.DrawFn, max_couples: int = 12) -> FamilyGraph:
    """A family tree without blending: each person has at most one partner (who marries
    in without recorded parents), children come from couples, 2 to 5 generations."""
    g = new_network()
    next_id = 1

    def new(year: int) -> int:
        nonlocal next_id
        person(g, next_id, draw(NAMES), draw(st.sampled_from(list(Sex))), year)
        next_id += 1
        return next_id - 1

    couples = [(new(1900), new(1902))]
    couple(g, *couples[0], CoupleStatus.MARRIED, 1925)
    made = 1
    for generation in range(1, draw(st.integers(2, 5))):
        born = 1900 + 27 * generation
        later: list[tuple[int, int]] = []
        for a, b in couples:
            for _ in range(draw(st.integers(1, 4))):
                child = new(born + draw(st.integers(0, 10)))
                parent(g, a, child)
                parent(g, b, child)
                if made < max_couples and draw(st.booleans()):
                    other = new(born + draw(st.integers(0, 10)))
                    couple(g, child, other, draw(st.sampled_from(list(CoupleStatus))),
                           born + 25)
                    later.append((child, other))
                    made += 1
        couples = later
        if not couples:
            break
    return FamilyGraph(g)
