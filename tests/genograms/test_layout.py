"""Layout invariants: rows per generation, partners side by side, children under their
parents (oldest left), no overlapping symbols, no crossing lines in the demo family, and
nudges that move someone and are kept."""

from __future__ import annotations

import itertools
import random
from dataclasses import replace

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from genograms.graph import (
    CoupleTie,
    ParentTie,
    add_person,
    links,
    new_network,
    person_node,
)
from genograms.layout import Layout, generations, layout
from genograms.relations import FamilyGraph
from sofs_core.codes import CoupleStatus, Sex
from tests.genograms.pictures import blended, couple, parent, person


def crossings(family: FamilyGraph, lay: Layout) -> int:
    """Parent-to-child lines (from the parents' middle) that cross between two rows."""
    lines = []
    for child in family.graph.nodes:
        parents = family.parents_of(child)
        if parents:
            top = sum(lay.x[p] for p in parents) / len(parents)
            lines.append((lay.row[child], top, lay.x[child]))
    return sum(1 for (r1, a1, b1), (r2, a2, b2) in itertools.combinations(lines, 2)
               if r1 == r2 and (a1 - a2) * (b1 - b2) < -1e-9)


def assert_sound(family: FamilyGraph, lay: Layout) -> None:
    graph = family.graph
    assert set(lay.x) == set(graph.nodes)
    for link in links(graph):
        a, b = link.source, link.target
        if isinstance(link, ParentTie):
            assert lay.row[b] > lay.row[a], "a child stands below each parent"
        if isinstance(link, CoupleTie):
            assert lay.row[a] == lay.row[b], "partners stand on one row"
    for row in lay.rows:
        xs = sorted(lay.x[p] for p in row)
        assert all(b - a >= 1.0 - 1e-9 for a, b in itertools.pairwise(xs)), "symbols overlap"
    assert min(lay.x.values()) == pytest.approx(0.0)


def test_the_demo_family_lays_out_in_three_generations_without_crossings() -> None:
    family = blended()
    lay = layout(family)
    assert_sound(family, lay)
    assert [sorted(r) for r in lay.rows] == [[1, 2, 3, 4], [5, 6, 7, 8], [9, 10, 11, 12]]
    assert crossings(family, lay) == 0
    # Elif stands between her former and her current partner.
    x = lay.x
    assert sorted((x[6], x[5], x[7])) == [x[6], x[5], x[7]] or \
        sorted((x[7], x[5], x[6])) == [x[7], x[5], x[6]]
    # Partners are one slot apart.
    assert abs(x[5] - x[6]) == pytest.approx(1.0)
    assert abs(x[5] - x[7]) == pytest.approx(1.0)
    # Tomasz's sister stands on his side, away from Elif's new partner.
    assert (x[8] < x[6] < x[7]) or (x[8] > x[6] > x[7])


def test_children_hang_under_their_parents_oldest_left() -> None:
    g: nx.MultiDiGraph[int] = nx.MultiDiGraph()
    person(g, 1, "Mama", Sex.FEMALE, 1980)
    person(g, 2, "Papa", Sex.MALE, 1979)
    for pid, year in ((3, 2012), (4, 2008), (5, 2015), (6, 2010)):
        person(g, pid, f"Kind {year}", Sex.UNKNOWN, year)
        parent(g, 1, pid)
        parent(g, 2, pid)
    couple(g, 1, 2, CoupleStatus.MARRIED)
    lay = layout(FamilyGraph(g))
    children = sorted((3, 4, 5, 6), key=lay.x.__getitem__)
    assert children == [4, 6, 3, 5], "oldest on the left"
    middle = (lay.x[1] + lay.x[2]) / 2
    assert sum(lay.x[c] for c in children) / 4 == pytest.approx(middle), "centred under them"


def test_a_person_with_three_partners_keeps_each_couples_children_under_that_couple() -> None:
    g: nx.MultiDiGraph[int] = nx.MultiDiGraph()
    person(g, 1, "Hub", Sex.MALE, 1970)
    for partner, start in ((2, 1990), (3, 2000), (4, 2010)):
        person(g, partner, f"Partner {start}", Sex.FEMALE, 1972)
        couple(g, 1, partner, CoupleStatus.DIVORCED if start < 2010 else
               CoupleStatus.MARRIED, start)
        for i in range(2):
            child = partner * 10 + i
            person(g, child, f"Kind {child}", Sex.UNKNOWN, start + 1 + i)
            parent(g, 1, child)
            parent(g, partner, child)
    family = FamilyGraph(g)
    lay = layout(family)
    assert_sound(family, lay)
    assert crossings(family, lay) == 0


def test_a_nudge_moves_someone_a_place_and_is_kept_with_the_person() -> None:
    family = blended()
    before = layout(family)
    row = sorted(before.rows[2], key=before.x.__getitem__)
    last = row[-1]
    add_person(family.graph, replace(person_node(family.graph, last), nudge=-1))  # as stored
    after = layout(family)
    moved = sorted(after.rows[2], key=after.x.__getitem__)
    assert moved.index(last) == len(row) - 2
    assert_sound(family, after)
    # An explicit nudge list overrides what is stored; no nudge gives the plain layout.
    assert layout(family, nudges={}).rows == before.rows


def test_people_without_links_stand_with_their_age_mates() -> None:
    family = blended()
    person(family.graph, 99, "Neef zonder ouders", Sex.MALE, 2013)
    gen = generations(family.graph)
    assert gen[99] == gen[9]


def random_family(seed: int, size: int) -> FamilyGraph:
    rng = random.Random(seed)
    g = new_network()
    person(g, 0, "P0", Sex.FEMALE, 1950)
    couples: list[tuple[int, int]] = []
    next_id = 1
    while next_id < size:
        if couples and rng.random() < 0.6:
            a, b = rng.choice(couples)
            person(g, next_id, f"P{next_id}", rng.choice(list(Sex)),
                   max(person_node(g, a).birth_year, person_node(g, b).birth_year) + 20)
            parent(g, a, next_id)
            parent(g, b, next_id)
        else:
            a = rng.randrange(next_id)
            person(g, next_id, f"P{next_id}", rng.choice(list(Sex)), person_node(g, a).birth_year)
            couple(g, a, next_id, rng.choice(list(CoupleStatus)))
            couples.append((a, next_id))
        next_id += 1
    return FamilyGraph(g)


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 10_000), st.integers(2, 60))
def test_any_family_lays_out_soundly(seed: int, size: int) -> None:
    family = random_family(seed, size)
    assert_sound(family, layout(family))
