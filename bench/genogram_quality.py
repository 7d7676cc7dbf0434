"""How well the genogram draws tricky families, next to Graphviz `dot` on the same family.

`tricky_family(n, seed)` invents, from a seeded generator, a family of exactly ``n`` people
over 4 to 6 generations (each about 1.7 times the one before) with what real families hold
and layouts get wrong: people with two or three partners and children from each
(half-siblings), partners who marry in without recorded parents, a marriage between
cousins (from 40 people on), single parents. Printed for each size:

    bench genogram_quality_<size>: crossings <n>, siblings_split <n>, children_off <n>,
    min_name_pt <x>; graphviz_dot crossings <n>

Run alone with `python -m bench.genogram_quality`.
"""

from __future__ import annotations

import random
import shutil
import subprocess
import sys
from collections import defaultdict

from bench.genogram import catalogue_words, to_dot
from genograms.graph import (
    CoupleTie,
    FamilyNetwork,
    ParentTie,
    PersonNode,
    add_link,
    add_person,
    new_network,
)
from genograms.layout import layout
from genograms.paper import plan
from genograms.picture import genogram_drawing
from genograms.quality import children_off, crossings, siblings_split
from genograms.relations import FamilyGraph
from sofs_core.codes import CoupleStatus, ParentKind, Sex

SIZES = (15, 40, 70, 300, 1000)
NAMES = ("Anna", "Jan", "Elif", "Karim", "Lotte", "Piotr", "Fatima", "Wout", "Ines", "Omar",
         "John Fitzgerald", "Marie-Thérèse", "Małgorzata", "Youssef", "Zoë", "Bram")
LAST = ("Peeters", "El Amrani", "Kowalski", "De Smet", "Yılmaz", "Vermeulen", "Claes")


class _Builder:
    def __init__(self, n: int, seed: int) -> None:
        self.n = n
        self.rng = random.Random(seed * 7919 + n)
        self.graph: FamilyNetwork = new_network()
        self.links = 0

    def full(self) -> bool:
        return len(self.graph) >= self.n

    def person(self, year: int) -> int:
        pid = len(self.graph) + 1
        sex = self.rng.choice((Sex.MALE, Sex.FEMALE, Sex.FEMALE, Sex.MALE, Sex.UNKNOWN))
        add_person(self.graph, PersonNode(
            pid, f"{self.rng.choice(NAMES)} {self.rng.choice(LAST)}", sex=sex,
            birth_year=year, deceased=year < 1930))
        return pid

    def link_id(self) -> int:
        self.links += 1
        return self.links

    def parent(self, parent: int, child: int, kind: ParentKind) -> None:
        add_link(self.graph, ParentTie(parent, child, kind, self.link_id()))

    def couple(self, a: int, b: int, start: int, last: bool) -> None:
        status = self.rng.choice((CoupleStatus.MARRIED, CoupleStatus.LIVING_TOGETHER)) if last \
            else self.rng.choice((CoupleStatus.DIVORCED, CoupleStatus.SEPARATED))
        add_link(self.graph, CoupleTie(a, b, status, self.link_id(), start_year=start,
                                       end_year=None if last else start + 6))


def _targets(n: int, depth: int) -> list[int]:
    """People per generation, oldest first: each generation about 1.7 times the one before."""
    weights = [1.7 ** g for g in range(depth)]
    sizes = [max(2, round(n * w / sum(weights))) for w in weights[:-1]]
    sizes[0] += sizes[0] % 2  # founders come in couples
    return [*sizes, n - sum(sizes)]


def tricky_family(n: int, seed: int = 1) -> FamilyGraph:
    """A family of exactly ``n`` people (n >= 15), the same for the same seed."""
    b = _Builder(n, seed)
    rng = b.rng
    depth = 4 if n < 60 else 5 if n < 400 else 6
    targets = _targets(n, depth)
    year = 2015 - 27 * (depth - 1)
    units: list[tuple[int, ...]] = []
    for _ in range(targets[0] // 2):
        a, c = b.person(year - rng.randint(0, 4)), b.person(year - rng.randint(0, 4))
        b.couple(a, c, year + 22, True)
        units.append((a, c))
    cousins_done = False
    parents_of: dict[int, frozenset[int]] = {}
    for generation in range(1, depth):
        year += 27
        last = generation == depth - 1
        wanted = targets[generation] if last else max(1, round(targets[generation] * 0.6))
        # Every couple or single parent of the generation above has children, some many.
        counts = dict.fromkeys(range(len(units)), 0)
        order = list(range(len(units)))
        rng.shuffle(order)
        for k in range(wanted):
            counts[order[k] if k < len(order) else rng.choice(order)] += 1
        children: list[int] = []
        for index, unit in enumerate(units):
            for _ in range(counts[index]):
                kind = ParentKind.ADOPTIVE if rng.random() < 0.04 else ParentKind.BIOLOGICAL
                child = b.person(year + rng.randint(-6, 6))
                for p in unit:
                    b.parent(p, child, kind)
                parents_of[child] = frozenset(unit)
                children.append(child)
        if last:
            break
        budget = targets[generation] - len(children)
        units = []
        rng.shuffle(children)
        by_grandparents: dict[frozenset[int], list[int]] = defaultdict(list)
        for child in children:
            by_grandparents[frozenset(g for p in parents_of[child]
                                      for g in parents_of.get(p, ()))].append(child)
        partnered: set[int] = set()
        for child in children:
            if child in partnered:
                continue
            mine = frozenset(g for p in parents_of[child] for g in parents_of.get(p, ()))
            if not cousins_done and mine:
                # Cousins: the same grandparents, no parent in common.
                cousin = next((c for c in by_grandparents[mine]
                               if c != child and c not in partnered
                               and not parents_of[c] & parents_of[child]), None)
                if cousin is not None:
                    b.couple(child, cousin, year + 20, True)
                    units.append((child, cousin))
                    partnered |= {child, cousin}
                    cousins_done = True
                    continue
            if budget <= 0 or rng.random() < 0.12:
                if rng.random() < 0.4:
                    units.append((child,))  # a single parent
                continue
            partners = min(budget, rng.choices((1, 2, 3), weights=(6, 3, 1))[0])
            start = year + 18
            for i in range(partners):
                other = b.person(year + rng.randint(-5, 5))  # marries in, no parents known
                b.couple(child, other, start, i == partners - 1)
                units.append((child, other))
                start += 7
            budget -= partners
            partnered.add(child)
        for _ in range(budget):  # everyone has a partner: the rest are more children
            unit = rng.choice(units) if units else (rng.choice(children),)
            child = b.person(year + rng.randint(0, 8))
            for p in unit:
                b.parent(p, child, ParentKind.BIOLOGICAL)
            parents_of[child] = frozenset(unit)
        units = units or [(c,) for c in children]
    return FamilyGraph(b.graph)


def dot_crossings(dot: str, family: FamilyGraph) -> int:
    """The same crossing count on the positions Graphviz `dot` gives the same family."""
    done = subprocess.run([dot, "-Tplain"], input=to_dot(family), capture_output=True,
                          text=True, check=True)
    x: dict[int, float] = {}
    y: dict[int, float] = {}
    for line in done.stdout.splitlines():
        parts = line.split()
        if parts and parts[0] == "node":
            pid = int(parts[1].strip('"').removeprefix("p"))
            x[pid], y[pid] = float(parts[2]), float(parts[3])
    rows: dict[int, list[tuple[float, float]]] = defaultdict(list)
    groups: dict[frozenset[int], list[int]] = defaultdict(list)
    for child in family.graph.nodes:
        parents = frozenset(family.parents_of(child))
        if parents:
            groups[parents].append(child)
    for parents, kids in groups.items():
        top = sum(x[p] for p in parents) / len(parents)
        for child in kids:
            rows[round(y[child] * 100)].append((top, x[child]))
    return sum(1 for lines in rows.values() for i, (a1, b1) in enumerate(lines)
               for a2, b2 in lines[i + 1:] if (a1 - a2) * (b1 - b2) < -1e-9)


def quality_line(n: int, dot: str | None) -> str:
    family = tricky_family(n)
    lay = layout(family)
    drawing = genogram_drawing(family, lay, catalogue_words(), title="Genogram")
    line = (f"bench genogram_quality_{n}: crossings {crossings(family, lay)}, "
            f"siblings_split {siblings_split(family, lay)}, "
            f"children_off {children_off(family, lay)}, "
            f"min_name_pt {plan(drawing).name_pt:.1f}")
    if dot is not None:
        line += f"; graphviz_dot crossings {dot_crossings(dot, family)}"
    return line


def report() -> None:
    dot = shutil.which("dot")
    for n in SIZES:
        print(quality_line(n, dot))
        sys.stdout.flush()


if __name__ == "__main__":
    report()
