"""The genogram: layout, picture and SVG of a generated blended family, against Graphviz.

`synthetic_family(n)` invents a family of exactly ``n`` people from a seeded generator: 3 to 5
generations, couples married, divorced or living together, people with two or three
partners over the years and children from each, twins, adopted and foster children, partners
who marry in without parents of their own, deceased great-grandparents, a household or two
and a few emotional lines. The figure is the genogram the app draws (`layout`,
`genogram_drawing`, `to_svg`, with the real catalogue's words); the baseline is the same
people, parent and couple edges written as DOT (couples `rank=same`) and drawn by Debian's
`dot -Tsvg`, DOT text and process start included. A growth table then shows how the time
scales with the family's size, against n log n.

Targets (issue): 40 people in at most 50 ms median; 1,000 people in at most 2 s. Then the
quality figures of tricky families (`bench.genogram_quality`).
Run alone with `python -m bench.genogram`.
"""

from __future__ import annotations

import functools
import math
import random
import shutil
import subprocess
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, replace
from itertools import pairwise

from bench.common import Figure, baseline_line, figure_line, spread, target_line, time_ms
from genograms.graph import (
    CoupleTie,
    EmotionalTie,
    FamilyNetwork,
    ParentTie,
    PersonNode,
    TwinTie,
    add_link,
    add_person,
    links,
    new_network,
    person_node,
    person_nodes,
    set_household_names,
)
from genograms.layout import Layout, layout
from genograms.picture import genogram_drawing
from genograms.relations import FamilyGraph
from genograms.render import to_svg
from i18n import Words
from i18n.catalogue import load_catalogue
from sofs_core.codes import CoupleStatus, EmotionalKind, ParentKind, Sex

GROWTH_SIZES = (10, 40, 100, 300, 1000)
LAST_BIRTH_YEAR = 2014
THIS_YEAR = 2024
GENERATION_YEARS = 28

FIRST_NAMES = {
    Sex.FEMALE: ("Anna", "Sofie", "Lotte", "Fatima", "Marie", "Emma", "Nora", "Aylin", "Julie",
                 "Els", "Hilde", "Yasmina", "Lien", "Ines", "Zoë", "Maria"),
    Sex.MALE: ("Jan", "Piotr", "Mohamed", "Luc", "Tom", "Arne", "Karim", "Wout", "Pieter",
               "Jef", "Milan", "Youssef", "Bram", "Stijn", "Omar", "Rik"),
}
OTHER_NAMES = ("Sam", "Robin", "Charlie", "Alex")
LAST_NAMES = ("Peeters", "Janssens", "Maes", "El Amrani", "Nowak", "Claes", "Wouters", "Yilmaz",
              "De Smet", "Dubois", "Mertens", "Kowalski", "Vermeulen", "Benali", "Goossens")
# Share of the people in each generation, oldest first.
GENERATION_SHARES = {
    3: (0.2, 0.4, 0.4),
    4: (0.1, 0.22, 0.34, 0.34),
    5: (0.05, 0.12, 0.22, 0.31, 0.30),
}


@dataclass
class _Unit:
    """A couple (or a single parent) whose children are still to be born."""

    parents: tuple[int, ...]
    first_child_year: int
    last_child_year: int


class _Family:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.graph: FamilyNetwork = new_network()
        self.links = 0
        self.lineage: dict[int, frozenset[int]] = {}
        self.units_of: dict[int, list[_Unit]] = defaultdict(list)
        # Each kind of blending at least once, however small the family: the first chance.
        self.seen: set[str] = set()

    def first(self, what: str) -> bool:
        """True (once) if ``what`` has not happened yet."""
        if what in self.seen:
            return False
        self.seen.add(what)
        return True

    def person(self, sex: Sex, birth_year: int, last_name: str,
               lineage: frozenset[int] | None = None) -> int:
        person = len(self.graph) + 1
        names = FIRST_NAMES.get(sex, OTHER_NAMES)
        add_person(self.graph, PersonNode(person, f"{self.rng.choice(names)} {last_name}",
                                          sex=sex, birth_year=birth_year))
        self.lineage[person] = lineage if lineage is not None else frozenset((person,))
        return person

    def link_id(self) -> int:
        self.links += 1
        return self.links

    def emotional(self, a: int, b: int, kind: EmotionalKind) -> None:
        add_link(self.graph, EmotionalTie(a, b, kind, self.link_id()))

    def sex(self) -> Sex:
        roll = self.rng.random()
        if roll < 0.015:
            return self.rng.choice((Sex.INTERSEX, Sex.UNKNOWN))
        return Sex.FEMALE if roll < 0.51 else Sex.MALE

    def partner_sex(self, of: int) -> Sex:
        sex = person_node(self.graph, of).sex
        if self.rng.random() < 0.05 or sex not in (Sex.FEMALE, Sex.MALE):
            return self.rng.choice((Sex.FEMALE, Sex.MALE))
        return Sex.MALE if sex is Sex.FEMALE else Sex.FEMALE

    def year(self, person: int) -> int:
        return int(person_node(self.graph, person).birth_year or 0)

    def couple(self, a: int, b: int, status: CoupleStatus, start: int, end: int | None,
               youngest_child_year: int) -> _Unit:
        add_link(self.graph, CoupleTie(a, b, status, self.link_id(), start_year=start,
                                       end_year=end))
        last = end if end is not None else max(start + 14, youngest_child_year)
        unit = _Unit((a, b), start + 1, max(start + 1, last))
        self.units_of[a].append(unit)
        self.units_of[b].append(unit)
        return unit

    def partners(self, person: int, others: list[int], last_ones_status: CoupleStatus,
                 ) -> list[_Unit]:
        """Couples of ``person`` with each of ``others`` in turn; only the last one lasts."""
        adult = max(self.year(person), *(self.year(o) for o in others)) + 18
        spans = [self.rng.randint(3, 9) for _ in others[:-1]]
        breaks = [self.rng.randint(1, 3) for _ in others[:-1]]
        # Started early enough that the last couple began by this year, not in the future.
        latest = min(THIS_YEAR - 1 - sum(spans) - sum(breaks), adult + self.rng.randint(0, 7))
        start = max(adult, latest)
        units = []
        for i, other in enumerate(others):
            if i < len(others) - 1:
                status = self.rng.choice((CoupleStatus.DIVORCED, CoupleStatus.DIVORCED,
                                          CoupleStatus.SEPARATED))
                end = min(start + spans[i], THIS_YEAR)
                units.append(self.couple(person, other, status, start, end, end))
                start = min(end + breaks[i], THIS_YEAR)
            else:
                units.append(self.couple(person, other, last_ones_status, start, None,
                                         LAST_BIRTH_YEAR))
        return units


def _generations(n: int) -> int:
    return 3 if n < 30 else 4 if n < 200 else 5


def _sizes(n: int, generations: int) -> list[int]:
    shares = GENERATION_SHARES[generations]
    sizes = [max(2, round(share * n)) for share in shares[:-1]]
    sizes[0] += sizes[0] % 2  # founders come in couples
    sizes.append(n - sum(sizes))
    if sizes[-1] < 1:
        raise ValueError(f"a family of {n} people is too small")
    return sizes


def synthetic_family(n: int, seed: int = 1) -> FamilyGraph:
    """A blended family of exactly ``n`` people (n >= 8), the same for the same seed."""
    rng = random.Random(seed * 1_000_003 + n)
    family = _Family(rng)
    depth = _generations(n)
    sizes = _sizes(n, depth)
    base = LAST_BIRTH_YEAR - GENERATION_YEARS * (depth - 1)

    # The oldest generation: founding couples, a few of them deceased.
    units: list[_Unit] = []
    for _ in range(sizes[0] // 2):
        name = rng.choice(LAST_NAMES)
        man = family.person(Sex.MALE, base + rng.randint(-5, 3), name)
        woman = family.person(Sex.FEMALE, base + rng.randint(-4, 4), name)
        lineage = frozenset((man, woman))
        family.lineage[man] = family.lineage[woman] = lineage
        start = max(family.year(man), family.year(woman)) + rng.randint(20, 26)
        units.append(family.couple(man, woman, CoupleStatus.MARRIED, start, None, start + 18))
    founders = list(family.graph.nodes)
    old = [p for p in founders if family.year(p) < 1922]
    for person in old or rng.sample(founders, max(1, len(founders) * 2 // 5)):
        born = family.year(person)
        add_person(family.graph, replace(
            person_node(family.graph, person), deceased=True,
            death_year=rng.choice((None, min(2023, born + rng.randint(60, 92))))))

    for generation in range(1, depth):
        units = _next_generation(family, units, sizes[generation],
                                 last=generation == depth - 1)
    _overlays(family, rng)
    assert len(family.graph) == n, (len(family.graph), n)
    return FamilyGraph(family.graph)


def _next_generation(family: _Family, units: list[_Unit], size: int, *,
                     last: bool) -> list[_Unit]:
    """Children of ``units`` and the partners who marry in: ``size`` people in all."""
    rng = family.rng
    # The last generation: children only. Others: about 60% children, the rest partners.
    wanted_children = size if last else max(1, min(size - 1, round(size * 0.6)))
    counts = dict.fromkeys(range(len(units)), 0)
    # No children born in the future: parents born too late stay childless.
    order = [i for i, unit in enumerate(units)
             if max(family.year(p) for p in unit.parents) + 16 <= LAST_BIRTH_YEAR + 8] or \
        list(range(len(units)))
    rng.shuffle(order)
    for i in range(wanted_children):
        if i < len(order) and rng.random() < 0.9:
            counts[order[i]] += 1
        else:
            counts[rng.choice(order)] += 1
    children: list[int] = []
    for index, unit in enumerate(units):
        children += _children_of(family, unit, counts[index])
    if last:
        return []

    # Partners: mostly people marrying in; now and then two lines of the family join.
    budget = size - len(children)
    new_units: list[_Unit] = []
    candidates = [c for c in children
                  if family.year(c) <= LAST_BIRTH_YEAR - 14 and rng.random() < 0.85]
    rng.shuffle(candidates)
    waiting: list[int] = []
    while budget > 0 and candidates:
        person = candidates.pop()
        mate = next((w for w in waiting if not family.lineage[w] & family.lineage[person]),
                    None)
        if mate is None and rng.random() < 0.08:
            waiting.append(person)  # to be matched with someone of another line, or no one
            continue
        partners = 1
        roll = rng.random()
        if roll < 0.2 or (budget >= 2 and family.first("partners")):
            partners = 3 if roll < 0.05 else 2
        others: list[int] = []
        if mate is not None:
            waiting.remove(mate)
            others.append(mate)
            partners = 1
        while len(others) < partners and budget > 0:
            year = family.year(person) + rng.randint(-5, 5)
            others.append(family.person(family.partner_sex(person), year,
                                        rng.choice(LAST_NAMES)))
            budget -= 1
        status = rng.choice((CoupleStatus.MARRIED, CoupleStatus.MARRIED,
                             CoupleStatus.LIVING_TOGETHER))
        new_units += family.partners(person, others, status)
    # Everyone has a partner and people are left over: more children, then.
    for _ in range(budget):
        _children_of(family, rng.choice(units), 1)
    return new_units


def _children_of(family: _Family, unit: _Unit, count: int) -> list[int]:
    rng = family.rng
    children: list[int] = []
    last_name = person_node(family.graph, unit.parents[0]).name.split(" ", 1)[1]
    lineage = frozenset().union(*(family.lineage[p] for p in unit.parents))
    year = unit.first_child_year + rng.randint(0, 2)
    while len(children) < count:
        twins = count - len(children) >= 2 and (rng.random() < 0.07 or family.first("twins"))
        roll = rng.random()
        if children and "twins" in family.seen and family.first("fostered"):
            roll = 0.0 if rng.random() < 0.5 else 0.05
        kind = ParentKind.ADOPTIVE if roll < 0.04 else ParentKind.FOSTER if roll < 0.08 else \
            ParentKind.BIOLOGICAL
        # Foster and adopted children may be older than the couple's own.
        born = year - rng.randint(0, 4) if kind is not ParentKind.BIOLOGICAL else year
        born = min(born, LAST_BIRTH_YEAR + 8)
        born = max(born, max(family.year(p) for p in unit.parents) + 16)
        brood = [family.person(family.sex(), born, last_name, lineage)
                 for _ in range(2 if twins else 1)]
        for child in brood:
            for parent in unit.parents:
                add_link(family.graph, ParentTie(parent, child, kind, family.link_id()))
        if twins:
            add_link(family.graph, TwinTie(brood[0], brood[1], rng.random() < 0.3,
                                           family.link_id()))
        children += brood
        year = min(year + rng.randint(1, 4), max(unit.last_child_year, year + 1))
    return children


def _overlays(family: _Family, rng: random.Random) -> None:
    graph = family.graph
    people = list(graph.nodes)
    parents: dict[int, list[int]] = defaultdict(list)
    for link in links(graph):
        if isinstance(link, ParentTie):
            parents[link.target].append(link.source)
    youngest = max(people, key=lambda p: (person_node(graph, p).birth_year or 0, p))
    add_person(graph, replace(person_node(graph, youngest), index=True))
    # Households: the index child's, and for larger families a grandparents' home.
    homes = {1: "Thuis bij mama"}
    home = {youngest, *parents[youngest]}
    home |= {c for c in people if set(parents[c]) & set(parents[youngest])}
    grandparents = {g for p in parents[youngest] for g in parents[p]}
    lives_in: dict[int, set[int]] = defaultdict(set)
    if len(people) >= 40 and grandparents:
        homes[2] = "Bij oma en opa"
        for person in grandparents:
            lives_in[person].add(2)
    for person in home:
        lives_in[person].add(1)
    for person, households in lives_in.items():
        add_person(graph, replace(person_node(graph, person), households=frozenset(households)))
    set_household_names(graph, homes)
    # A few emotional lines: a parent and child, two siblings, former partners.
    lines = max(2, len(people) // 25)
    with_parents = [c for c in people if parents[c]]
    exes = [(link.source, link.target) for link in links(graph)
            if isinstance(link, CoupleTie) and link.end_year is not None]
    for i in range(lines):
        if i % 3 == 2 and exes:
            a, b = rng.choice(exes)
            family.emotional(a, b, rng.choice((EmotionalKind.CONFLICT, EmotionalKind.CUT_OFF)))
            continue
        child = rng.choice(with_parents)
        if i % 3 == 0:
            kind = rng.choice((EmotionalKind.CLOSE, EmotionalKind.DISTANT, EmotionalKind.FUSED,
                               EmotionalKind.ABUSE))
            family.emotional(rng.choice(parents[child]), child, kind)
        else:
            siblings = [s for s in people if s != child and set(parents[s]) & set(parents[child])]
            if siblings:
                family.emotional(child, rng.choice(siblings), rng.choice(
                    (EmotionalKind.CLOSE, EmotionalKind.CONFLICT)))


# -- the figures ------------------------------------------------------------------------------

def catalogue_words() -> Words:
    return functools.partial(load_catalogue().text, "nl-BE")


def draw(family: FamilyGraph, words: Words) -> str:
    """What the genogram page does: layout, picture, SVG."""
    return to_svg(genogram_drawing(family, layout(family), words, title="Genogram"))


def to_dot(family: FamilyGraph) -> str:
    """The same people, parent and couple edges as DOT; partners on one rank."""
    graph = family.graph
    lines = ["digraph genogram {", "  node [shape=box];"]
    for node in person_nodes(graph):
        shape = {Sex.MALE: "box", Sex.FEMALE: "ellipse"}.get(node.sex, "diamond")
        name = node.name.replace('"', "'")
        lines.append(f'  p{node.id} [label="{name}\\n{node.birth_year or ""}" shape={shape}];')
    for link in links(graph):
        if isinstance(link, ParentTie):
            lines.append(f"  p{link.source} -> p{link.target};")
        elif isinstance(link, CoupleTie):
            lines.append(f"  {{ rank=same; p{link.source} -> p{link.target} [dir=none]; }}")
    lines.append("}")
    return "\n".join(lines) + "\n"


def run_dot(dot: str, family: FamilyGraph) -> str:
    done = subprocess.run([dot, "-Tsvg"], input=to_dot(family), capture_output=True,
                          text=True, check=True)
    return done.stdout


@dataclass(frozen=True)
class GenogramFigures:
    genogram: Figure
    dot: Figure | None


def measure(n: int, *, runs: int, warmups: int = 2, budget_seconds: float = 30.0,
            dot: str | None = None) -> GenogramFigures:
    """Time the genogram of ``n`` people, alternating with `dot` when there is one."""
    family = synthetic_family(n)
    words = catalogue_words()
    for _ in range(warmups):
        draw(family, words)
    if dot is not None:
        run_dot(dot, family)
    genogram_ms: list[float] = []
    dot_ms: list[float] = []
    deadline = time.monotonic() + budget_seconds
    while len(genogram_ms) < runs and (len(genogram_ms) < 3 or time.monotonic() < deadline):
        genogram_ms.append(time_ms(lambda: draw(family, words)))
        if dot is not None:
            dot_ms.append(time_ms(lambda: run_dot(dot, family)))
    return GenogramFigures(
        genogram=Figure(f"genogram_{n}", tuple(genogram_ms)),
        dot=Figure(f"graphviz_dot_{n}", tuple(dot_ms)) if dot is not None else None,
    )


def growth(sizes: tuple[int, ...] = GROWTH_SIZES, runs: int = 5) -> dict[int, float]:
    """Median ms of layout, picture and SVG for each family size."""
    words = catalogue_words()
    medians: dict[int, float] = {}
    for n in sizes:
        family = synthetic_family(n)
        draw(family, words)
        action = functools.partial(draw, family, words)
        medians[n] = Figure(f"genogram_{n}", tuple(time_ms(action) for _ in range(runs))).median_ms
    return medians


# -- what a reader checks: spacing and crossings ----------------------------------------------

def row_gaps(lay: Layout) -> list[float]:
    """The distances (slots) between neighbours in each row."""
    gaps: list[float] = []
    for row in lay.rows:
        xs = sorted(lay.x[p] for p in row)
        gaps += [b - a for a, b in pairwise(xs)]
    return gaps


def crossings(family: FamilyGraph, lay: Layout) -> int:
    """Pairs of parent→child lines that cross: from the parents' mean x to the child's x."""
    by_row: dict[int, list[tuple[float, float]]] = defaultdict(list)
    for child in lay.x:
        mine = [p for p in family.parents_of(child) if p in lay.x]
        if mine:
            top = sum(lay.x[p] for p in mine) / len(mine)
            by_row[lay.row[child]].append((top, lay.x[child]))
    total = 0
    for lines in by_row.values():
        for i, (top1, bottom1) in enumerate(lines):
            for top2, bottom2 in lines[i + 1:]:
                if (top1 - top2) * (bottom1 - bottom2) < -1e-9:
                    total += 1
    return total


def report() -> None:
    """Prints the figures in `make bench`'s format."""
    dot = shutil.which("dot")
    if dot is None:
        print("  (Graphviz `dot` not found: the graphviz_dot baselines are skipped)")
    for n, runs, max_ms in ((40, 30, 50.0), (1000, 5, 2000.0)):
        figures = measure(n, runs=runs, dot=dot)
        if figures.dot is not None:
            print(baseline_line(figures.dot))
            print(figure_line(figures.genogram, figures.dot))
            print(spread(figures.dot))
        else:
            print(baseline_line(figures.genogram))
        print(spread(figures.genogram))
        verdict = target_line(figures.genogram, figures.dot or figures.genogram, max_ms=max_ms)
        print(verdict)
        sys.stdout.flush()
    for n in (40, 300):
        family = synthetic_family(n)
        lay = layout(family)
        gaps = row_gaps(lay)
        tight = sum(gap < 1.0 - 1e-6 for gap in gaps)
        print(f"  (layout of {n}: closest neighbours {min(gaps):.2f} slots apart, {tight} pairs "
              f"under 1 slot; {crossings(family, lay)} crossing parent-child lines)")
    medians = growth()
    unit = medians[100] / (100 * math.log(100))
    print("  growth (layout + picture + SVG, median ms; t(n) / (n log n), 1.00 at n = 100):")
    for n, ms in medians.items():
        print(f"    n = {n:>4}: {ms:8.1f} ms  {ms / (n * math.log(n)) / unit:5.2f}")
    sys.stdout.flush()
    # Imported here: the quality bench uses this module's DOT writer.
    from bench import genogram_quality
    genogram_quality.report()


if __name__ == "__main__":
    report()
