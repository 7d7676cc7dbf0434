"""Which row each person stands on: the generations, from the whole family at once.

The children of one parent always share a row, and so do partners, so that a partner whose
own parents are not recorded stands beside the one they live with, not on the top row.
Rows come from joining these people into groups and numbering the groups down the
parent-child links. Where the relations make that impossible (a father and his son with
the same partner), the couple that would put someone on the row of their own ancestor is
left apart: its partner who has no recorded parents is drawn a second time beside the
other (see ``genograms.layout``), and the conflict is kept to be reported in words.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

import networkx as nx


@dataclass(frozen=True)
class Conflict:
    """``above`` stands above ``below`` (their descendant) and beside them through ``via``,
    their common partner: no row fits; ``via`` is drawn twice."""

    above: int
    below: int
    via: int


def _edges(graph: nx.MultiDiGraph[int], relation: str) -> list[tuple[int, int, dict[str, object]]]:
    return [(a, b, d) for a, b, d in graph.edges(data=True) if d["relation"] == relation]


def start_year(data: dict[str, object]) -> int:
    year = data.get("start_year")
    return year if isinstance(year, int) else 9999


def couples_of(graph: nx.MultiDiGraph[int]) -> list[tuple[int, int, dict[str, object]]]:
    """One couple per pair of people (the earliest), earliest first."""
    seen: set[frozenset[int]] = set()
    out = []
    for a, b, data in sorted(_edges(graph, "couple"), key=lambda e: (start_year(e[2]), e[0], e[1])):
        pair = frozenset((a, b))
        if a != b and pair not in seen:
            seen.add(pair)
            out.append((a, b, data))
    return out


def parents_of(graph: nx.MultiDiGraph[int], person: int) -> Iterable[int]:
    return (p for p, _, d in graph.in_edges(person, data=True) if d["relation"] == "parent")


class _Groups:
    """People who must share a row (siblings, partners), kept free of parent-child cycles."""

    def __init__(self, graph: nx.MultiDiGraph[int]) -> None:
        self.root = {p: p for p in graph.nodes}
        self.members = {p: [p] for p in graph.nodes}
        self.children: dict[int, list[int]] = defaultdict(list)
        for parent, child, _ in _edges(graph, "parent"):
            if parent != child:
                self.children[parent].append(child)

    def find(self, person: int) -> int:
        root = self.root[person]
        while root != self.root[root]:
            self.root[root] = self.root[self.root[root]]
            root = self.root[root]
        return root

    def join(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return
        if len(self.members[ra]) < len(self.members[rb]):
            ra, rb = rb, ra
        self.root[rb] = ra
        self.members[ra] += self.members.pop(rb)

    def path(self, start: int, goal: int) -> tuple[int, int] | None:
        """(ancestor in ``start``'s group, descendant in ``goal``'s group), if one exists."""
        goal_root = self.find(goal)
        origin = {m: m for m in self.members[self.find(start)]}
        stack = list(origin)
        while stack:
            person = stack.pop()
            for child in self.children[person]:
                if child in origin:
                    continue
                if self.find(child) == goal_root:
                    return origin[person], child
                # Everyone on the child's row-to-be comes along: their children are below.
                for member in self.members[self.find(child)]:
                    if member not in origin:
                        origin[member] = origin[person]
                        stack.append(member)
        return None

    def acyclic(self) -> bool:
        edges = {(self.find(p), self.find(c)) for p, kids in self.children.items() for c in kids}
        dag: nx.DiGraph[int] = nx.DiGraph()
        dag.add_nodes_from(self.members)
        dag.add_edges_from(edges)
        return all(a != b for a, b in edges) and nx.is_directed_acyclic_graph(dag)


@dataclass(frozen=True)
class Rows:
    gen: dict[int, int]
    apart: tuple[tuple[int, int, dict[str, object]], ...]  # couples that cannot share a row
    conflicts: tuple[Conflict, ...]


def _joins(graph: nx.MultiDiGraph[int]) -> list[tuple[int, int, dict[str, object] | None]]:
    """Who should share a row: the children of each parent, then partners."""
    out: list[tuple[int, int, dict[str, object] | None]] = []
    kids: dict[int, list[int]] = defaultdict(list)
    for parent, child, _ in _edges(graph, "parent"):
        kids[parent].append(child)
    for parent in sorted(kids):
        first, *rest = sorted(set(kids[parent]))
        out += [(first, other, None) for other in rest]
    out += couples_of(graph)
    return out


def find_rows(graph: nx.MultiDiGraph[int]) -> Rows:
    joins = _joins(graph)
    groups = _Groups(graph)
    for a, b, _ in joins:
        groups.join(a, b)
    apart: list[tuple[int, int, dict[str, object]]] = []
    conflicts: list[Conflict] = []
    if not groups.acyclic():
        # Some relations contradict each other: join one at a time, leaving out each that
        # would put someone on the row of their own ancestor.
        groups = _Groups(graph)
        for a, b, data in joins:
            if groups.find(a) == groups.find(b):
                continue
            found = groups.path(a, b) or groups.path(b, a)
            if found is None:
                groups.join(a, b)
            elif data is not None:
                apart.append((a, b, data))
                above, below = found
                via, _ = drawn_twice(graph, a, b)
                conflicts.append(Conflict(_nearest(graph, via, above, below), below, via))
    gen = _levels(graph, groups)
    return Rows(gen, tuple(apart), tuple(conflicts))


def drawn_twice(graph: nx.MultiDiGraph[int], a: int, b: int) -> tuple[int, int]:
    """Of partners who cannot share a row: (the one drawn again, the one they stand beside).
    The one without recorded parents is copied (they are not tied to their own row)."""
    return (a, b) if not any(True for _ in parents_of(graph, a)) else (b, a)


def _nearest(graph: nx.MultiDiGraph[int], via: int, above: int, below: int) -> int:
    """Of ``via``'s partners, one that ``below`` descends from (else ``above``): the name
    that makes the conflict plain ("the father stands above and beside his son")."""
    ancestors = nx.ancestors(nx.DiGraph([(p, c) for p, c, d in graph.edges(data=True)
                                         if d["relation"] == "parent"]), below)
    if via in ancestors:
        return via
    partners = sorted({b for _, b, d in graph.edges(via, data=True) if d["relation"] == "couple"}
                      | {a for a, _, d in graph.in_edges(via, data=True)
                         if d["relation"] == "couple"})
    return next((p for p in partners if p in ancestors), above)


def _levels(graph: nx.MultiDiGraph[int], groups: _Groups) -> dict[int, int]:
    dag: nx.DiGraph[int] = nx.DiGraph()
    dag.add_nodes_from(groups.members)
    for parent, kids in groups.children.items():
        for child in kids:
            a, b = groups.find(parent), groups.find(child)
            if a != b:
                dag.add_edge(a, b)
    order = list(nx.topological_sort(dag))
    level = dict.fromkeys(order, 0)
    for group in order:
        for child in dag.successors(group):
            level[child] = max(level[child], level[group] + 1)
    # A group with no recorded parents stands just above its highest child, not on top.
    for group in reversed(order):
        below = [level[c] for c in dag.successors(group)]
        if below and not dag.in_degree(group):
            level[group] = min(below) - 1
    gen = {p: level[groups.find(p)] for p in graph.nodes}
    linked = {p for p in graph.nodes if len(groups.members[groups.find(p)]) > 1
              or dag.degree(groups.find(p))}
    _place_loners(graph, gen, linked)
    used = sorted(set(gen.values()))
    renumber = {g: i for i, g in enumerate(used)}
    return {person: renumber[g] for person, g in gen.items()}


def generations(graph: nx.MultiDiGraph[int]) -> dict[int, int]:
    """Row of each person: children below parents, siblings and partners on one row."""
    return find_rows(graph).gen


def _place_loners(graph: nx.MultiDiGraph[int], gen: dict[int, int], linked: set[int]) -> None:
    """People with no parent or partner link go to the row of their age-mates."""
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
