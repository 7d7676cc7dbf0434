"""The generational layout of a genogram.

Rows come from the whole family at once: the children of one parent always share a row, and
so do partners, so that a partner whose own parents are not recorded stands beside the one
they live with, not on the top row. Where the relations make that impossible (a father and
his son with the same partner), the partner who closes the circle is drawn a second time,
beside the other, as a marked copy of the same person, and the conflict is reported.

In a row, partners stand side by side; a person with three or more partners is drawn once
between the first two and again (as a marked copy) between the next ones, so that every
couple line is short, its years readable and its children under it (as kinship2 and
Madeline do). Rows are ordered to avoid crossing lines, siblings oldest left; then x
positions keep every symbol apart while hanging children under their parents. A person's
nudge moves them (with their partners) some places left or right in their row.

Positions are in slots: one slot is the distance between two partners' symbols. People are
"entries" of a row: a person's own entry has their id; a copy has a negative id.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import pairwise

import networkx as nx

from genograms.generations import (
    Conflict,
    Rows,
    couples_of,
    drawn_twice,
    find_rows,
    generations,
    parents_of,
    start_year,
)
from genograms.graph import FamilyNetwork, person_node, person_nodes
from genograms.placement import Placer
from genograms.relations import FamilyGraph

__all__ = ["Conflict", "Copy", "Layout", "generations", "layout", "people_in_order"]

SWEEPS = 6
TRANSPOSE_PASSES = 4
TRANSPOSE_MOST = 400  # people (and copies): beyond, the sweeps alone


@dataclass(frozen=True)
class Copy:
    """A person drawn a second time (beside another partner), marked as the same person."""

    entry: int
    person: int
    x: float
    row: int


@dataclass(frozen=True)
class Layout:
    """Where each person stands: ``x`` in slots (0 = leftmost), ``row`` 0 = oldest."""

    x: dict[int, float]
    row: dict[int, int]
    rows: tuple[tuple[int, ...], ...]
    # Entries side by side (partners), left to right, per row: the layout's "clusters".
    clusters: tuple[tuple[tuple[int, ...], ...], ...]
    copies: tuple[Copy, ...] = ()
    # Each couple (by its two people) -> the entries its line joins: {person: entry}.
    couple_entries: dict[frozenset[int], dict[int, int]] = field(default_factory=dict)
    conflicts: tuple[Conflict, ...] = ()
    # Siblings whose row order is not their birth order: their number among their siblings.
    birth_order: dict[int, int] = field(default_factory=dict)

    @property
    def width(self) -> float:
        return max([*self.x.values(), *(c.x for c in self.copies)], default=0.0)

    def at(self, entry: int) -> tuple[float, int]:
        """Slot and row of an entry (a person's own, or a copy)."""
        if entry >= 0:
            return self.x[entry], self.row[entry]
        copy = next(c for c in self.copies if c.entry == entry)
        return copy.x, copy.row


def _birth_key(graph: FamilyNetwork, node_id: int) -> tuple[int, str, int]:
    node = person_node(graph, node_id)
    born = node.birth_date
    return (node.birth_year or 9999, born.isoformat() if born else "", node_id)


class _Entries:
    """The drawn symbols: each person once, plus copies where partners need them."""

    def __init__(self, graph: FamilyNetwork, rows: Rows) -> None:
        self.graph = graph
        self.gen = rows.gen
        self.person: dict[int, int] = {p: p for p in graph.nodes}
        self.row: dict[int, int] = dict(rows.gen)
        self.couple_entries: dict[frozenset[int], dict[int, int]] = {}
        # Per row: couple edges between entries, with the couple's start year.
        self.links: dict[int, list[tuple[int, int, int]]] = defaultdict(list)
        for couple in couples_of(graph):
            a, b = couple.source, couple.target
            if self.gen[a] == self.gen[b]:
                self.links[self.gen[a]].append((a, b, start_year(couple)))
                continue
            # A couple across rows (see ``_rows``): one is drawn again beside the other.
            copied, stays = drawn_twice(graph, a, b)
            entry = self.copy(copied, self.gen[stays])
            self.links[self.gen[stays]].append((stays, entry, start_year(couple)))

    def copy(self, person: int, row: int) -> int:
        entry = -1 - len([e for e in self.person if e < 0])
        self.person[entry] = person
        self.row[entry] = row
        return entry

    def clusters(self, row: int, members: list[int]) -> list[list[int]]:
        """Partners side by side: each couple adjacent, copies where a person needs them."""
        couples: nx.MultiGraph[int] = nx.MultiGraph()
        couples.add_nodes_from(members)
        # One couple per pair of entries (``couples_of``): a pair knows its couple's year.
        years: dict[frozenset[int], int] = {}
        for a, b, year in self.links[row]:
            couples.add_edge(a, b)
            years[frozenset((a, b))] = year
        result = []
        for component in sorted(nx.connected_components(couples), key=lambda c: min(
                _birth_key(self.graph, self.person[p]) for p in c)):
            result.append(self._walks(couples.subgraph(component).copy(), years))
        return result

    def _walks(self, sub: nx.MultiGraph[int], years: dict[frozenset[int], int]) -> list[int]:
        """The couples as walks along partners, earliest couple first; a person met again
        in a later walk is a copy."""
        if sub.number_of_edges() == 0:
            return list(sub.nodes)
        order: list[int] = []
        drawn: set[int] = set()
        while sub.number_of_edges():
            def first_year(n: int) -> tuple[int, int, int]:
                first = min(years[frozenset((n, b))] for _, b in sub.edges(n))
                return (sub.degree(n) % 2 == 0, first, n)

            start = min((n for n in sub.nodes if sub.degree(n)), key=first_year)
            walk = [start]
            while sub.degree(walk[-1]):
                here = walk[-1]
                other, key, _ = min(((b, k, years[frozenset((here, b))]) for _, b, k in
                                     sub.edges(here, keys=True)),
                                    key=lambda e: (e[2], e[0]))
                sub.remove_edge(here, other, key)
                walk.append(other)
            entries = []
            for i, entry in enumerate(walk):
                if entry in drawn or entry in walk[:i]:
                    entry = self.copy(self.person[entry], self.row[entry])
                entries.append(entry)
                drawn.add(walk[i])
            for ea, eb in pairwise(entries):
                pair = frozenset((self.person[ea], self.person[eb]))
                self.couple_entries.setdefault(pair, {self.person[ea]: ea, self.person[eb]: eb})
            order += entries
        order += [n for n in sub.nodes if n not in drawn]
        return order


def _inversions(values: list[float]) -> int:
    """Pairs out of order (crossing lines), counted in O(n log n)."""
    seen: list[float] = []
    count = 0
    for value in reversed(values):
        count += bisect_right(seen, value - 1e-9)
        seen.insert(bisect_right(seen, value), value)
    return count


_Keyed = tuple[float, tuple[int, str, int], int, list[int]]


class _Sweeper:
    """Orders each row's clusters against the rows above and below (barycentres)."""

    def __init__(self, entries: _Entries) -> None:
        self.entries = entries
        graph = entries.graph
        self.graph = graph
        depth = max(entries.row.values(), default=-1) + 1
        by_row: list[list[int]] = [[] for _ in range(depth)]
        for person in sorted(graph.nodes, key=lambda p: _birth_key(graph, p)):
            by_row[entries.gen[person]].append(person)
        self.rows = [entries.clusters(r, members) for r, members in enumerate(by_row)]
        # Children hang from their parents' couple line, wherever it is drawn.
        self.parents: dict[int, list[int]] = defaultdict(list)
        self.children: dict[int, list[int]] = defaultdict(list)
        for child in graph.nodes:
            mine = sorted(set(parents_of(graph, child)) - {child})
            at = entries.couple_entries.get(frozenset(mine)) if len(mine) == 2 else None
            ups = [at[p] for p in mine] if at else mine
            self.parents[child] = ups
            for up in ups:
                self.children[up].append(child)
        self.pos: dict[int, float] = {}
        for r in range(depth):
            self._number(r)

    def birth(self, entry: int) -> tuple[int, str, int]:
        return _birth_key(self.graph, self.entries.person[entry])

    def _number(self, r: int) -> None:
        i = 0
        for cluster in self.rows[r]:
            for entry in cluster:
                self.pos[entry] = i
                i += 1

    def _key(self, cluster: list[int], towards: dict[int, list[int]]) -> float | None:
        marks = [sum(self.pos[o] for o in others) / len(others)
                 for entry in cluster if (others := [o for o in towards[entry]
                                                     if o in self.pos])]
        return sum(marks) / len(marks) if marks else None

    def _reorder(self, r: int, towards: dict[int, list[int]]) -> None:
        clusters = self.rows[r]
        keyed: list[_Keyed] = []
        for index, cluster in enumerate(clusters):
            self._orient(cluster, towards)
            key = self._key(cluster, towards)
            here = sum(self.pos[p] for p in cluster) / len(cluster)
            eldest = min(self.birth(p) for p in cluster if towards[p]) if key \
                is not None else (9999, "", index)
            keyed.append((here if key is None else key, eldest, index, cluster))
        if towards is self.parents:
            keyed = self._beside_married_siblings(keyed)
        keyed.sort(key=lambda k: (k[0], k[1], k[2]))
        self.rows[r] = [k[3] for k in keyed]
        self._number(r)

    def _beside_married_siblings(self, keyed: list[_Keyed]) -> list[_Keyed]:
        """A single person stands beside their sibling's couple, on that sibling's side.

        Without this, the brother of a man whose wife's family stands to his right would be
        drawn on the far side of the couple, and his parents' lines would cross hers.
        """
        end_of: dict[int, tuple[float, int]] = {}  # entry -> (couple key, -1 left / +1 right)
        for key, _, _, cluster in keyed:
            if len(cluster) > 1:
                end_of.setdefault(cluster[0], (key, -1))
                end_of.setdefault(cluster[-1], (key, 1))
        if not end_of:
            return keyed
        out = []
        for key, eldest, index, cluster in keyed:
            if len(cluster) == 1:
                mine = set(self.parents[cluster[0]])
                sibling = next((p for p in end_of if mine & set(self.parents[p])), None)
                if sibling is not None:
                    couple_key, side = end_of[sibling]
                    key = couple_key + side * 1e-3
            out.append((key, eldest, index, cluster))
        return out

    def _orient(self, cluster: list[int], towards: dict[int, list[int]]) -> None:
        if len(cluster) < 2:
            return
        marks = [(i, sum(self.pos[o] for o in towards[p]) / len(towards[p]))
                 for i, p in enumerate(cluster) if towards[p]]
        if len(marks) == 1 and towards is self.parents:
            self._towards_siblings(cluster, cluster[marks[0][0]])
        if len(marks) < 2:
            return
        forward = _inversions([m for _, m in marks])
        backward = _inversions([m for _, m in reversed(marks)])
        if backward < forward:
            cluster.reverse()

    def _towards_siblings(self, cluster: list[int], member: int) -> None:
        """One partner has parents here (the other married in): they stand at the end of
        the couple that faces their brothers and sisters."""
        ups = set(self.parents[member])
        siblings = [self.pos[s] for up in ups for s in self.children[up]
                    if s != member and s not in cluster and s in self.pos]
        if not siblings:
            return
        middle = sum(self.pos[e] for e in cluster) / len(cluster)
        right = sum(siblings) / len(siblings) > middle
        at = cluster.index(member)
        if (right and at < len(cluster) - 1 - at) or (not right and at > len(cluster) - 1 - at):
            cluster.reverse()

    def _into(self, r: int) -> int:
        """Crossings among the lines that come down into row ``r``."""
        if not 0 < r < len(self.rows):
            return 0
        lines = sorted((sum(self.pos[p] for p in self.parents[child])
                        / len(self.parents[child]), self.pos[child])
                       for cluster in self.rows[r] for child in cluster
                       if child >= 0 and self.parents[child])
        return _inversions([b for _, b in lines])

    def crossings(self) -> int:
        return sum(self._into(r) for r in range(1, len(self.rows)))

    def _transpose(self) -> None:
        """Neighbouring clusters change places wherever that uncrosses lines (after the
        barycentre sweeps, which leave such pairs behind)."""
        for _ in range(TRANSPOSE_PASSES):
            better = False
            for r, row in enumerate(self.rows):
                for i in range(len(row) - 1):
                    before = self._into(r) + self._into(r + 1)
                    if not before:
                        break
                    row[i], row[i + 1] = row[i + 1], row[i]
                    self._number(r)
                    if self._into(r) + self._into(r + 1) < before:
                        better = True
                    else:
                        row[i], row[i + 1] = row[i + 1], row[i]
                        self._number(r)
            if not better:
                return

    def sweep(self) -> list[list[list[int]]]:
        best = [list(map(list, row)) for row in self.rows]
        best_crossings = self.crossings()
        for _ in range(SWEEPS):
            if best_crossings == 0:
                break
            for r in range(len(self.rows) - 2, -1, -1):
                self._reorder(r, self.children)
            for r in range(1, len(self.rows)):
                self._reorder(r, self.parents)
            crossings = self.crossings()
            if crossings <= best_crossings:
                best, best_crossings = [list(map(list, row)) for row in self.rows], crossings
        self.rows = best
        for r in range(len(self.rows)):
            self._number(r)
        if best_crossings and len(self.pos) <= TRANSPOSE_MOST:
            self._transpose()
        self._eldest_left()
        return self.rows

    def _eldest_left(self) -> None:
        """Single siblings of one family change places until the eldest is on the left."""
        for r, row in enumerate(self.rows):
            families: dict[tuple[int, ...], list[int]] = defaultdict(list)
            for index, cluster in enumerate(row):
                if len(cluster) == 1 and cluster[0] >= 0 and self.parents[cluster[0]]:
                    families[tuple(sorted(self.parents[cluster[0]]))].append(index)
            for places in families.values():
                people = sorted((row[i][0] for i in places), key=self.birth)
                for i, person in zip(places, people, strict=True):
                    row[i] = [person]
            self._number(r)

    def birth_order(self) -> dict[int, int]:
        """Siblings not standing in birth order (partners forced it): their numbers."""
        families: dict[tuple[int, ...], list[int]] = defaultdict(list)
        for child, ups in self.parents.items():
            if ups and child in self.pos:
                families[tuple(sorted(ups))].append(child)
        numbers: dict[int, int] = {}
        for kids in families.values():
            by_birth = sorted(kids, key=self.birth)
            if any(person_node(self.graph, k).birth_year is None for k in kids):
                continue
            if sorted(kids, key=self.pos.__getitem__) != by_birth:
                numbers.update({k: i + 1 for i, k in enumerate(by_birth)})
        return numbers


def _apply_nudges(rows: list[list[list[int]]], nudges: dict[int, int]) -> None:
    for person in sorted(nudges):
        places = nudges[person]
        if not places:
            continue
        for row in rows:
            index = next((i for i, c in enumerate(row) if person in c), None)
            if index is not None:
                cluster = row.pop(index)
                row.insert(max(0, min(len(row), index + places)), cluster)
                break


def layout(family: FamilyGraph, nudges: dict[int, int] | None = None) -> Layout:
    """Lay out the family; ``nudges`` (person → places) default to the people's own."""
    graph = family.graph
    if nudges is None:
        nudges = {node.id: node.nudge for node in person_nodes(graph)}
    found = find_rows(graph)
    entries = _Entries(graph, found)
    sweeper = _Sweeper(entries)
    rows = sweeper.sweep()
    _apply_nudges(rows, nudges)
    sweeper.rows = rows
    for r in range(len(rows)):
        sweeper._number(r)
    x = Placer(rows, sweeper.parents, sweeper.children).place()
    copies = tuple(Copy(entry, entries.person[entry], x[entry], entries.row[entry])
                   for entry in sorted(entries.person, reverse=True) if entry < 0)
    return Layout(
        x={p: x[p] for p in graph.nodes}, row=dict(found.gen),
        rows=tuple(tuple(e for cluster in row for e in cluster if e >= 0) for row in rows),
        clusters=tuple(tuple(tuple(c) for c in row) for row in rows),
        copies=copies, couple_entries=entries.couple_entries, conflicts=found.conflicts,
        birth_order=sweeper.birth_order(),
    )


def people_in_order(layout: Layout) -> Iterable[int]:
    """Everyone row by row, left to right: the reading order of the text list."""
    for row in layout.rows:
        yield from sorted(row, key=layout.x.__getitem__)
