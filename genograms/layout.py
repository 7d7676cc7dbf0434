"""The generational layout of a genogram.

One row per generation; partners side by side (a person with several partners between an
earlier and a later one); children under their parents, oldest on the left; rows ordered to
avoid crossing lines; then x positions that keep every symbol apart while hanging children
under their parents. A person's nudge moves them (with their partners) some places left or
right in their row, and is kept with the person.

Positions are in slots: one slot is the distance between two partners' symbols.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise

import networkx as nx

from genograms.relations import FamilyGraph

# Distance between neighbours who are not partners: apart enough for their names.
CLUSTER_GAP = 1.25
SWEEPS = 6
PLACEMENT_ROUNDS = 8


@dataclass(frozen=True)
class Layout:
    """Where each person stands: ``x`` in slots (0 = leftmost), ``row`` 0 = oldest."""

    x: dict[int, float]
    row: dict[int, int]
    rows: tuple[tuple[int, ...], ...]
    # Partners side by side, left to right, per row: the "clusters" of the layout.
    clusters: tuple[tuple[tuple[int, ...], ...], ...]

    @property
    def width(self) -> float:
        return max(self.x.values(), default=0.0)


def _edges(graph: nx.MultiDiGraph[int], relation: str) -> list[tuple[int, int, dict[str, object]]]:
    return [(a, b, d) for a, b, d in graph.edges(data=True) if d["relation"] == relation]


def generations(graph: nx.MultiDiGraph[int]) -> dict[int, int]:
    """Row of each person: children below parents, partners on one row, no empty rows."""
    parents = [(a, b) for a, b, _ in _edges(graph, "parent")]
    couples = [(a, b) for a, b, _ in _edges(graph, "couple")]
    children: dict[int, list[int]] = defaultdict(list)
    has_parent: set[int] = set()
    for parent, child in parents:
        children[parent].append(child)
        has_parent.add(child)
    gen = dict.fromkeys(graph.nodes, 0)
    # Generations only grow and are bounded by the number of people: this ends.
    for _ in range(len(gen) + 2):
        changed = False
        for parent, child in parents:
            if gen[child] < gen[parent] + 1:
                gen[child] = gen[parent] + 1
                changed = True
        for a, b in couples:
            if gen[a] != gen[b]:
                gen[a] = gen[b] = max(gen[a], gen[b])
                changed = True
        for person, kids in children.items():
            # Someone without parents of their own stands just above their first child.
            if person not in has_parent:
                wanted = min(gen[k] for k in kids) - 1
                if wanted > gen[person]:
                    gen[person] = wanted
                    changed = True
        if not changed:
            break
    _place_loners(graph, gen, parents, couples)
    used = sorted(set(gen.values()))
    renumber = {g: i for i, g in enumerate(used)}
    return {person: renumber[g] for person, g in gen.items()}


def _place_loners(graph: nx.MultiDiGraph[int], gen: dict[int, int],
                  parents: list[tuple[int, int]], couples: list[tuple[int, int]]) -> None:
    """People with no parent or partner link go to the row of their age-mates."""
    linked = {p for pair in parents + couples for p in pair}
    years: dict[int, list[int]] = defaultdict(list)
    for person in linked:
        year = graph.nodes[person].get("birth_year")
        if year:
            years[gen[person]].append(year)
    if not years:
        return
    middle = {g: sorted(ys)[len(ys) // 2] for g, ys in years.items()}
    for person in graph.nodes:
        year = graph.nodes[person].get("birth_year")
        if person not in linked and year:
            gen[person] = min(middle, key=lambda g: (abs(middle[g] - year), g))


def _birth_key(graph: nx.MultiDiGraph[int], person: int) -> tuple[int, str, int]:
    data = graph.nodes[person]
    born = data.get("birth_date")
    return (data.get("birth_year") or 9999, born.isoformat() if born else "", person)


def _clusters(graph: nx.MultiDiGraph[int], members: list[int],
              gen: dict[int, int]) -> list[list[int]]:
    """Partners in one row, each chain laid out left to right (earlier partner first)."""
    row = set(members)
    couples: nx.Graph[int] = nx.Graph()
    couples.add_nodes_from(members)
    start: dict[frozenset[int], int] = {}
    for a, b, data in _edges(graph, "couple"):
        if a in row and b in row:
            couples.add_edge(a, b)
            year = data.get("start_year")
            start[frozenset((a, b))] = year if isinstance(year, int) else 9999
    result = []
    for component in sorted(nx.connected_components(couples),
                            key=lambda c: min(_birth_key(graph, p) for p in c)):
        sub = couples.subgraph(component)
        result.append(_linear(sub, start, graph))
    return result


def _linear(sub: nx.Graph[int], start: dict[frozenset[int], int],
            graph: nx.MultiDiGraph[int]) -> list[int]:
    if len(sub) == 1:
        return list(sub.nodes)
    degrees = dict(sub.degree)
    if max(degrees.values()) <= 2 and not nx.cycle_basis(sub):
        # A chain: start at the end whose couple began first.
        ends = [n for n, d in degrees.items() if d == 1]

        def first_year(end: int) -> tuple[int, int]:
            other = next(iter(sub.neighbors(end)))
            return (start[frozenset((end, other))], end)

        order = [min(ends, key=first_year)]
        while len(order) < len(sub):
            order.append(next(n for n in sub.neighbors(order[-1])
                              if n not in order))
        return order
    # A person with several partners: earlier partners left, later ones right.
    hub = max(sub.nodes, key=lambda n: (degrees[n], -n))
    partners = sorted(sub.neighbors(hub),
                      key=lambda p: (start.get(frozenset((hub, p)), 9999), p))
    half = len(partners) // 2
    rest = sorted((n for n in sub.nodes if n != hub and n not in partners),
                  key=lambda n: _birth_key(graph, n))
    return [*partners[:half], hub, *partners[half:], *rest]


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
    def __init__(self, graph: nx.MultiDiGraph[int], gen: dict[int, int]) -> None:
        self.graph = graph
        self.parents: dict[int, list[int]] = defaultdict(list)
        self.children: dict[int, list[int]] = defaultdict(list)
        for parent, child, _ in _edges(graph, "parent"):
            self.parents[child].append(parent)
            self.children[parent].append(child)
        depth = max(gen.values(), default=-1) + 1
        by_row: list[list[int]] = [[] for _ in range(depth)]
        for person in sorted(gen, key=lambda p: _birth_key(graph, p)):
            by_row[gen[person]].append(person)
        self.rows = [_clusters(graph, members, gen) for members in by_row]
        self.pos: dict[int, float] = {}
        for r in range(depth):
            self._number(r)

    def _number(self, r: int) -> None:
        i = 0
        for cluster in self.rows[r]:
            for person in cluster:
                self.pos[person] = i
                i += 1

    def _key(self, cluster: list[int], towards: dict[int, list[int]]) -> float | None:
        marks = [sum(self.pos[o] for o in others) / len(others)
                 for person in cluster if (others := [o for o in towards[person]
                                                      if o in self.pos])]
        return sum(marks) / len(marks) if marks else None

    def _reorder(self, r: int, towards: dict[int, list[int]]) -> None:
        clusters = self.rows[r]
        keyed: list[_Keyed] = []
        for index, cluster in enumerate(clusters):
            self._orient(cluster, towards)
            key = self._key(cluster, towards)
            here = sum(self.pos[p] for p in cluster) / len(cluster)
            eldest = min(_birth_key(self.graph, p) for p in cluster if towards[p]) if key \
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
        end_of: dict[int, tuple[float, int]] = {}  # person -> (couple key, -1 left / +1 right)
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
        if len(marks) < 2:
            return
        forward = _inversions([m for _, m in marks])
        backward = _inversions([m for _, m in reversed(marks)])
        if backward < forward:
            cluster.reverse()

    def crossings(self) -> int:
        total = 0
        for r in range(1, len(self.rows)):
            lines = sorted((min(self.pos[p] for p in self.parents[child]), self.pos[child])
                           for cluster in self.rows[r] for child in cluster
                           if self.parents[child])
            total += _inversions([b for _, b in lines])
        return total

    def sweep(self) -> list[list[list[int]]]:
        best = [list(map(list, row)) for row in self.rows]
        best_crossings = self.crossings()
        for _ in range(SWEEPS):
            for r in range(len(self.rows) - 2, -1, -1):
                self._reorder(r, self.children)
            for r in range(1, len(self.rows)):
                self._reorder(r, self.parents)
            crossings = self.crossings()
            if crossings <= best_crossings:
                best, best_crossings = [list(map(list, row)) for row in self.rows], crossings
            if best_crossings == 0:
                break
        return best


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


def _isotonic(desired: list[float], weights: list[float], gaps: list[float]) -> list[float]:
    """Positions closest to ``desired`` (weighted least squares), in order, ``gaps`` apart.

    Pool-adjacent-violators on positions shifted by the cumulative minimum gaps.
    """
    shift = [0.0]
    for gap in gaps:
        shift.append(shift[-1] + gap)
    blocks: list[list[float]] = []  # [mean, weight, count]
    for value, weight, offset in zip(desired, weights, shift, strict=True):
        blocks.append([value - offset, weight, 1])
        while len(blocks) > 1 and blocks[-2][0] > blocks[-1][0]:
            mean2, weight2, count2 = blocks.pop()
            mean1, weight1, count1 = blocks[-1]
            total = weight1 + weight2
            blocks[-1] = [(mean1 * weight1 + mean2 * weight2) / total, total, count1 + count2]
    out: list[float] = []
    for mean, _, count in blocks:
        out.extend([mean] * int(count))
    return [value + offset for value, offset in zip(out, shift, strict=True)]


class _Placer:
    def __init__(self, rows: list[list[list[int]]], parents: dict[int, list[int]],
                 children: dict[int, list[int]]) -> None:
        self.rows = rows
        self.parents = parents
        self.children = children
        self.x: dict[int, float] = {}
        for row in rows:
            left = 0.0
            for cluster in row:
                for i, person in enumerate(cluster):
                    self.x[person] = left + i
                left += len(cluster) - 1 + CLUSTER_GAP

    def _gap(self, before: list[int], after: list[int]) -> float:
        siblings = {p for c in before for p in self.parents[c]} & \
            {p for c in after for p in self.parents[c]}
        return 1.0 if siblings else CLUSTER_GAP

    def _desire(self, cluster: list[int], up: bool, down: bool) -> tuple[float, float]:
        """Where the cluster's first person wants to stand, and how strongly."""
        wishes: list[tuple[float, float]] = []
        for i, person in enumerate(cluster):
            if down and (mine := [p for p in self.parents[person] if p in self.x]):
                wishes.append((sum(self.x[p] for p in mine) / len(mine) - i, 1.0))
            if up and (kids := [k for k in self.children[person] if k in self.x]):
                kids_mean = sum(self.x[k] for k in kids) / len(kids)
                partners = [j for j, other in enumerate(cluster) if other != person and
                            any(other in self.parents[k] for k in kids)]
                middle = (i + partners[0]) / 2 if partners else i
                wishes.append((kids_mean - middle, 0.5 * len(kids) / (1 + len(partners))))
        if not wishes:
            return self.x[cluster[0]], 0.01
        weight = sum(w for _, w in wishes)
        return sum(v * w for v, w in wishes) / weight, weight

    def place_row(self, row: list[list[int]], up: bool, down: bool) -> None:
        if not row:
            return
        wishes = [self._desire(cluster, up, down) for cluster in row]
        gaps = [len(a) - 1 + self._gap(a, b) for a, b in pairwise(row)]
        starts = _isotonic([w for w, _ in wishes], [w for _, w in wishes], gaps)
        for cluster, start in zip(row, starts, strict=True):
            for i, person in enumerate(cluster):
                self.x[person] = start + i

    def place(self) -> dict[int, float]:
        for _ in range(PLACEMENT_ROUNDS):
            for row in self.rows[1:]:
                self.place_row(row, up=True, down=True)
            for row in reversed(self.rows[:-1]):
                self.place_row(row, up=True, down=True)
        for row in self.rows[1:]:
            self.place_row(row, up=False, down=True)
        left = min(self.x.values(), default=0.0)
        return {person: x - left for person, x in self.x.items()}


def layout(family: FamilyGraph, nudges: dict[int, int] | None = None) -> Layout:
    """Lay out the family; ``nudges`` (person → places) default to the people's own."""
    graph = family.graph
    if nudges is None:
        nudges = {n: int(d.get("nudge") or 0) for n, d in graph.nodes(data=True)}
    gen = generations(graph)
    sweeper = _Sweeper(graph, gen)
    rows = sweeper.sweep()
    _apply_nudges(rows, nudges)
    x = _Placer(rows, sweeper.parents, sweeper.children).place()
    return Layout(
        x=x, row=gen,
        rows=tuple(tuple(p for cluster in row for p in cluster) for row in rows),
        clusters=tuple(tuple(tuple(c) for c in row) for row in rows),
    )


def people_in_order(layout: Layout) -> Iterable[int]:
    """Everyone row by row, left to right: the reading order of the text list."""
    for row in layout.rows:
        yield from sorted(row, key=layout.x.__getitem__)
