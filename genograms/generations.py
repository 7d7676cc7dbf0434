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

from genograms.graph import (
    CoupleTie,
    FamilyNetwork,
    ParentTie,
    links,
    links_from,
    links_into,
    person_nodes,
)


@dataclass(frozen=True)
class Conflict:
    """``above`` stands above ``below`` (their descendant) and beside them through ``via``,
    their common partner: no row fits; ``via`` is drawn twice."""

    above: int
    below: int
    via: int


def _parent_links(graph: FamilyNetwork) -> list[ParentTie]:
    return [link for link in links(graph) if isinstance(link, ParentTie)]


def start_year(couple: CoupleTie) -> int:
    return couple.start_year if couple.start_year is not None else 9999


def couples_of(graph: FamilyNetwork) -> list[CoupleTie]:
    """One couple per pair of people (the earliest), earliest first."""
    seen: set[frozenset[int]] = set()
    out = []
    for couple in sorted((link for link in links(graph) if isinstance(link, CoupleTie)),
                         key=lambda c: (start_year(c), c.source, c.target)):
        pair = frozenset((couple.source, couple.target))
        if couple.source != couple.target and pair not in seen:
            seen.add(pair)
            out.append(couple)
    return out


def parents_of(graph: FamilyNetwork, person: int) -> Iterable[int]:
    return (link.source for link in links_into(graph, person) if isinstance(link, ParentTie))


class _Groups:
    """People who must share a row (siblings, partners), kept free of parent-child cycles."""

    def __init__(self, graph: FamilyNetwork) -> None:
        self.root = {p: p for p in graph.nodes}
        self.members = {p: [p] for p in graph.nodes}
        self.children: dict[int, list[int]] = defaultdict(list)
        for link in _parent_links(graph):
            if link.source != link.target:
                self.children[link.source].append(link.target)

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
    apart: tuple[CoupleTie, ...]  # couples that cannot share a row
    conflicts: tuple[Conflict, ...]


def _joins(graph: FamilyNetwork) -> list[tuple[int, int, CoupleTie | None]]:
    """Who should share a row: the children of each parent, then partners."""
    out: list[tuple[int, int, CoupleTie | None]] = []
    kids: dict[int, list[int]] = defaultdict(list)
    for link in _parent_links(graph):
        kids[link.source].append(link.target)
    for parent in sorted(kids):
        first, *rest = sorted(set(kids[parent]))
        out += [(first, other, None) for other in rest]
    out += [(couple.source, couple.target, couple) for couple in couples_of(graph)]
    return out


def find_rows(graph: FamilyNetwork) -> Rows:
    joins = _joins(graph)
    groups = _Groups(graph)
    for a, b, _ in joins:
        groups.join(a, b)
    apart: list[CoupleTie] = []
    conflicts: list[Conflict] = []
    if not groups.acyclic():
        # Some relations contradict each other: join one at a time, leaving out each that
        # would put someone on the row of their own ancestor.
        groups = _Groups(graph)
        for a, b, couple in joins:
            if groups.find(a) == groups.find(b):
                continue
            found = groups.path(a, b) or groups.path(b, a)
            if found is None:
                groups.join(a, b)
            elif couple is not None:
                apart.append(couple)
                above, below = found
                via, _ = drawn_twice(graph, a, b)
                conflicts.append(Conflict(_nearest(graph, via, above, below), below, via))
    gen = _levels(graph, groups)
    return Rows(gen, tuple(apart), tuple(conflicts))


def drawn_twice(graph: FamilyNetwork, a: int, b: int) -> tuple[int, int]:
    """Of partners who cannot share a row: (the one drawn again, the one they stand beside).
    The one without recorded parents is copied (they are not tied to their own row)."""
    return (a, b) if not any(True for _ in parents_of(graph, a)) else (b, a)


def _nearest(graph: FamilyNetwork, via: int, above: int, below: int) -> int:
    """Of ``via``'s partners, one that ``below`` descends from (else ``above``): the name
    that makes the conflict plain ("the father stands above and beside his son")."""
    ancestors = nx.ancestors(nx.DiGraph([(link.source, link.target)
                                         for link in _parent_links(graph)]), below)
    if via in ancestors:
        return via
    partners = sorted({link.target for link in links_from(graph, via)
                       if isinstance(link, CoupleTie)}
                      | {link.source for link in links_into(graph, via)
                         if isinstance(link, CoupleTie)})
    return next((p for p in partners if p in ancestors), above)


def _levels(graph: FamilyNetwork, groups: _Groups) -> dict[int, int]:
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


def generations(graph: FamilyNetwork) -> dict[int, int]:
    """Row of each person: children below parents, siblings and partners on one row."""
    return find_rows(graph).gen


def _place_loners(graph: FamilyNetwork, gen: dict[int, int], linked: set[int]) -> None:
    """People with no parent or partner link go to the row of their age-mates."""
    born = {node.id: node.birth_year for node in person_nodes(graph)}
    years: dict[int, list[int]] = defaultdict(list)
    for person in linked:
        year = born[person]
        if year:
            years[gen[person]].append(year)
    if not years:
        return
    middle = {g: sorted(ys)[len(ys) // 2] for g, ys in years.items()}
    for person in graph.nodes:
        year = born[person]
        if person not in linked and year:
            gen[person] = min(middle, key=lambda g: (abs(middle[g] - year), g))
