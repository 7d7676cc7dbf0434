"""The genogram drawn to the McGoldrick standard (domain brief, section 6), as a Drawing.

Male = square, female = circle, other or unknown = diamond (or as configured); the index
child has a double outline; deceased people carry an X; a pregnancy is a triangle. Couple
lines run below the partners: married solid, living together dashed, separated one slash,
divorced two. Children hang from their parents' line, oldest left; adopted and foster
children by a dashed line, stepchildren by a dotted one; twins fork from one point.
Households are a dotted outline; emotional lines are an overlay in their own colour.
"""

from __future__ import annotations

import re
import textwrap
from bisect import bisect_left, bisect_right
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise

from genograms.drawing import (
    DANGER,
    INK,
    OVERLAY,
    Drawing,
    Group,
    Label,
    Part,
    Path,
    Shape,
    ShapeKind,
    Stroke,
    arrow_head,
    parallel,
    shorten,
    wrap,
    zigzag,
)
from genograms.graph import (
    CoupleTie,
    EmotionalTie,
    ParentTie,
    TwinTie,
    household_names,
    links,
    links_into,
    person_node,
    person_nodes,
)
from genograms.layout import Layout
from genograms.quality import TEXT_CLASSES, label_box
from genograms.relations import FamilyGraph
from i18n import Words
from printing.fonts import REGULAR, text_width
from sofs_core.codes import CoupleStatus, EmotionalKind, ParentKind, Sex

SLOT = 64.0  # points between partners
SYMBOL = 28.0
ROW = 156.0
MARGIN = 16.0
NAME_SIZE = 11.0
COUPLE_DROP = 10.0  # the couple line, below the partners' symbols
# First line of a name (its baseline), below the symbol: under the lowest couple line
# (two levels down) and its slashes, so that no line runs through a name.
NAME_DROP = 36.0
TEXT_BLOCK = 78.0  # name (up to three lines) and years under a symbol
COUPLE_YEARS = 11.0  # "getr. 2009" between the partners: as large as names, printed as large
YEARS_GAP = 34.0  # a couple's years wrap to this width (the room between two symbols)
YEARS_PAD = 1.0  # room between a couple's years and the symbols beside them
YEARS_LINES = 4  # lines of years between two symbols, from above them to the couple line
BAR_RISE = 26.0  # a sibling bar, above its children's symbols (couples' years stand below)
HOUSEHOLD_RISE = 23.0  # a household's outline, above its symbols and the years between them
NAME_WIDTH = SLOT - 5  # the widest line of a name: neighbours' names stay apart
NAME_LINES = 3
NAME_LINES_MOST = 5  # a very long name, in the smallest size, before it is cut
NAME_FLOOR = 0.625  # a long name's size, at the smallest, against a short one's
NAME_CHARS_MOST = 12  # no line of a name holds more characters than about this
SMALL = 8.5
INDEX_RING = 9.0  # the index child's outer outline, wider than a symbol by this
# A line that passes rows (relations no row can show) runs sideways this far above the next
# row's symbols: below the name blocks, above the sibling bars; and down through gaps at
# least this far from any name, year, number or symbol.
CORRIDOR = 38.0
ROUTE_CLEAR = 2.0
# The line between parents on two rows runs sideways this far below their symbols: under
# every couple line (two levels down), above the names.
ACROSS_DROP = COUPLE_DROP + 2 * 4 + 4
_RTL_FIRST = re.compile(r"^[^A-Za-z\u00c0-\u024f\u0370-\u04ff]*[\u0590-\u08ff\ufb1d-\ufefc]")

SEX_SHAPES = {Sex.MALE: ShapeKind.SQUARE, Sex.FEMALE: ShapeKind.CIRCLE}
CHILD_STROKES = {
    ParentKind.BIOLOGICAL: Stroke.SOLID,
    ParentKind.ADOPTIVE: Stroke.DASHED,
    ParentKind.FOSTER: Stroke.DASHED,
    ParentKind.STEP: Stroke.DOTTED,
}
COUPLE_STROKES = {
    CoupleStatus.MARRIED: Stroke.SOLID,
    CoupleStatus.LIVING_TOGETHER: Stroke.DASHED,
    CoupleStatus.SEPARATED: Stroke.SOLID,
    CoupleStatus.DIVORCED: Stroke.SOLID,
}
SLASHES = {CoupleStatus.SEPARATED: 1, CoupleStatus.DIVORCED: 2}


@dataclass(frozen=True)
class Options:
    """What an organisation may choose: the symbol for people neither male nor female."""

    other_shape: ShapeKind = ShapeKind.DIAMOND


def is_rtl(text: str) -> bool:
    """True when the first letter of ``text`` belongs to a right-to-left script."""
    return bool(_RTL_FIRST.match(text))


def person_symbol(*, kind: ShapeKind, cx: float, cy: float, size: float, deceased: bool,
                  index: bool, color: str = INK, width: float = 1.6) -> list[Part]:
    parts: list[Part] = []
    if index:
        parts.append(Shape(kind, cx, cy, size + INDEX_RING, width=width, color=color,
                           cls="index-ring"))
    parts.append(Shape(kind, cx, cy, size, width=width, color=color, cls="symbol"))
    if deceased:
        h = size / 2 - (4 if kind is not ShapeKind.SQUARE else 0)
        parts.append(Path(((cx - h, cy - h), (cx + h, cy + h)), width=1.4, cls="deceased-x"))
        parts.append(Path(((cx - h, cy + h), (cx + h, cy - h)), width=1.4, cls="deceased-x"))
    return parts


def shape_for(sex: Sex, pregnancy: bool, options: Options) -> ShapeKind:
    if pregnancy:
        return ShapeKind.TRIANGLE
    return SEX_SHAPES.get(sex, options.other_shape)


@lru_cache(maxsize=65_536)
def _width(text: str) -> float:
    """Width of ``text`` in the drawing's font at 1 pt (widths grow with the size)."""
    return text_width(text, REGULAR, 1.0)


def _wrap(words: list[str], size: float, most: float) -> list[str]:
    """Words on lines no wider than ``most`` points where each word fits alone."""
    lines: list[str] = []
    for word in words:
        if lines and _width(f"{lines[-1]} {word}") * size <= most:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines


def name_lines(name: str) -> tuple[list[str], float]:
    """A name on at most three lines no wider than ``NAME_WIDTH``, so that neighbours'
    names never run together, in its size; a longer name in a smaller size, down to
    ``NAME_FLOOR`` of it, then on up to five lines: a name of up to some 60 characters is
    never shortened. Only a longer one is cut, with "…" (the full name stays in the
    picture's title and in the text list)."""
    # More than five lines at the smallest size can hold is cut anyway: measure no more.
    words = " ".join(name.split())[: 8 * NAME_LINES_MOST * NAME_CHARS_MOST // 2].split(" ")
    if words == [""]:
        return [], NAME_SIZE
    size = NAME_SIZE
    while size >= NAME_SIZE * NAME_FLOOR - 1e-9:
        lines = _wrap(words, size, NAME_WIDTH)
        if len(lines) <= NAME_LINES and all(_width(line) * size <= NAME_WIDTH
                                            for line in lines):
            return lines, size
        size -= 0.25
    size = NAME_SIZE * NAME_FLOOR
    # Longer still: more lines rather than a shorter name; a word too long for a line is
    # broken where it must.
    pieces: list[str] = []
    for word in words:
        while _width(word) * size > NAME_WIDTH and len(word) > 1:
            cut = max((k for k in range(1, min(len(word), 2 * NAME_CHARS_MOST) + 1)
                       if _width(word[:k]) * size <= NAME_WIDTH), default=1)
            pieces.append(word[:cut])
            word = word[cut:]
        pieces.append(word)
    lines = _wrap(pieces, size, NAME_WIDTH)
    if len(lines) > NAME_LINES_MOST:
        lines = lines[:NAME_LINES_MOST]
        last = lines[-1]
        while last and _width(last + "…") * size > NAME_WIDTH:
            last = last[:-1]
        lines[-1] = last.rstrip() + "…"
    return lines, size


def years_text(words: Words, birth_year: int | None, death_year: int | None,
               deceased: bool) -> str:
    born = words("genogram.born", year=birth_year) if birth_year else ""
    died = ""
    if deceased:
        died = words("genogram.died", year=death_year) if death_year else \
            words("genogram.died_unknown")
    return " ".join(p for p in (born, died) if p)


class _Builder:
    def __init__(self, family: FamilyGraph, lay: Layout, words: Words, options: Options) -> None:
        self.graph = family.graph
        self.lay = lay
        self.words = words
        self.options = options
        self.groups: list[Group] = []
        self.used: set[str] = {"male", "female", "other"}
        self.copies = {copy.entry: copy for copy in lay.copies}
        # Couples' years, in the gap beside a partner that they widen: (row, left slot of
        # the gap) -> each couple's lines; the picture's x of each slot after widening.
        # A couple is known by its line's place among the graph's lines (two people may have
        # been a couple twice).
        self.gaps: dict[tuple[int, float], list[tuple[int, list[list[str]]]]] = {}
        self.gap_of: dict[int, tuple[int, float]] = {}
        self.pads: dict[tuple[int, float], tuple[float, float]] = {}
        self.row_xs: dict[int, list[float]] = defaultdict(list)
        self.stretch_at: dict[float, float] = {}
        self.widen()
        # What a line passing rows keeps clear of (left, top, right, bottom): couples' years
        # as couples() draws them; people's text and symbols when first needed.
        self.years_boxes: list[tuple[float, float, float, float]] = []
        self._obstacles: list[tuple[float, float, float, float]] | None = None

    def slot_x(self, x: float) -> float:
        return MARGIN + SLOT / 2 + self.stretch_at.get(x, x * SLOT)

    def xy(self, person: int) -> tuple[float, float]:
        return (self.slot_x(self.lay.x[person]),
                MARGIN + SYMBOL / 2 + 14 + self.lay.row[person] * ROW)

    def at(self, entry: int) -> tuple[float, float]:
        """Where an entry stands: a person's own symbol, or a copy of it."""
        if entry >= 0:
            return self.xy(entry)
        copy = self.copies[entry]
        return (self.slot_x(copy.x), MARGIN + SYMBOL / 2 + 14 + copy.row * ROW)

    def widen(self) -> None:
        """Room for each couple's years between the symbols, in readable type.

        Adjacent partners' years stand between them; a partner further away has theirs in
        the gap beside that partner. A gap too narrow for what stands in it is widened
        for the whole picture (every row alike), so children stay under their parents.
        """
        row_xs = self.row_xs
        who: dict[tuple[int, float], int] = {}  # a copy as -1: no outline, no double ring
        for person, x in self.lay.x.items():
            row_xs[self.lay.row[person]].append(x)
            who[(self.lay.row[person], x)] = person
        for copy in self.lay.copies:
            row_xs[copy.row].append(copy.x)
            who[(copy.row, copy.x)] = -1
        for xs in row_xs.values():
            xs.sort()
        for key, couple in enumerate(links(self.graph)):
            if not isinstance(couple, CoupleTie):
                continue
            a, b = couple.source, couple.target
            if a not in self.lay.x or b not in self.lay.x:
                continue
            texts = self.couple_years(couple.kind, couple.start_year, couple.end_year)
            if not texts:
                continue
            # Each year under its word ("getr." over "2009"), the end under the start.
            lines = [line for text in texts
                     for line in _wrap(text.split(), COUPLE_YEARS, YEARS_GAP - 2 * YEARS_PAD)]
            columns = [lines[i:i + YEARS_LINES] for i in range(0, len(lines), YEARS_LINES)]
            ends = self.lay.couple_entries.get(frozenset((a, b)), {a: a, b: b})
            (xa, ra), (xb, rb) = self.lay.at(ends[a]), self.lay.at(ends[b])
            if ra != rb:
                continue
            left, right = sorted((xa, xb))
            xs = row_xs[ra]
            before = xs[bisect_left(xs, right) - 1] if bisect_left(xs, right) > 0 else left
            gap = (ra, max(left, before))
            self.gaps.setdefault(gap, []).append((key, columns))
            self.gap_of[key] = gap
        extras: list[tuple[float, float, float]] = []
        for (row, left), blocks in self.gaps.items():
            xs = row_xs[row]
            right = xs[bisect_right(xs, left)]
            homes = [person_node(self.graph, who[(row, x)]).households
                     if who[(row, x)] >= 0 else frozenset[int]() for x in (left, right)]
            # A household's outline passes beside the symbol of whoever lives there alone.
            pads = (self.pad(who[(row, left)], bool(homes[0] - homes[1])),
                    self.pad(who[(row, right)], bool(homes[1] - homes[0])))
            self.pads[(row, left)] = pads
            needed = sum(self.block_width(columns) for _, columns in blocks) + \
                sum(pads) + YEARS_PAD * 2 * (len(blocks) - 1)
            extra = needed - ((right - left) * SLOT - SYMBOL)
            if extra > 0:
                extras.append((left, right, extra))
        if not extras:
            return
        # The least widening that gives every gap its room, spread evenly over the gap;
        # gaps of different rows one above the other share it.
        slots = sorted({*self.lay.x.values(), *(c.x for c in self.lay.copies)})
        extras.sort()
        added: dict[float, float] = {}
        active: list[tuple[float, float, float]] = []
        last, k = 0.0, 0
        for x in slots:
            while k < len(extras) and extras[k][0] < x:
                active.append(extras[k])
                k += 1
            active = [c for c in active if c[1] >= x]
            last = max([last, *(added[left] + extra * (x - left) / (right - left)
                                for left, right, extra in active)])
            added[x] = last
        self.stretch_at = {x: x * SLOT + added[x] for x in slots}

    def pad(self, person: int, outline: bool) -> float:
        """Room beside a symbol for couples' years: clear of its double outline (the index
        child) and of a household's outline passing there."""
        ring = INDEX_RING / 2 if person >= 0 and person_node(self.graph, person).index else 0.0
        if outline:
            return self.outline_pad(person) - SYMBOL / 2 + 2
        return YEARS_PAD + ring

    def outline_pad(self, person: int) -> float:
        """How far from a person's centre a household's outline passes: clear of the name."""
        lines, size = name_lines(self.name(person))
        node = person_node(self.graph, person)
        years = years_text(self.words, node.birth_year, node.death_year, node.deceased)
        widest = max((_width(line) * size for line in lines), default=0.0)
        return max(SYMBOL / 2 + 6, widest / 2 + 2, _width(years) * SMALL / 2 + 2)

    @staticmethod
    def column_width(lines: list[str]) -> float:
        return max(_width(line) for line in lines) * COUPLE_YEARS

    def block_width(self, columns: list[list[str]]) -> float:
        return sum(map(self.column_width, columns)) + YEARS_PAD * 2 * (len(columns) - 1)

    def name(self, person: int) -> str:
        return person_node(self.graph, person).name

    # -- people -----------------------------------------------------------------------------
    def people(self) -> None:
        for node in person_nodes(self.graph):
            person = node.id
            if person not in self.lay.x:
                continue
            cx, cy = self.xy(person)
            kind = shape_for(node.sex, node.pregnancy, self.options)
            cls = ["person", {ShapeKind.SQUARE: "male", ShapeKind.CIRCLE: "female",
                              ShapeKind.TRIANGLE: "pregnancy"}.get(kind, "other")]
            self.used.add(cls[1])
            if node.deceased:
                cls.append("deceased")
                self.used.add("deceased")
            if node.index:
                cls.append("index")
                self.used.add("index")
            parts = self.person_parts(person, kind, cx, cy, index=node.index)
            number = self.lay.birth_order.get(person)
            if number is not None:
                self.used.add("birth-order")
                parts.append(self.birth_order_label(cx, cy, number))
            self.groups.append(Group(" ".join(cls), self.name(person), tuple(parts),
                                     ref=f"person-{person}"))
        for copy in self.lay.copies:
            self.same_person(copy.entry, copy.person)

    @staticmethod
    def birth_order_label(cx: float, cy: float, number: int) -> Label:
        # Above the symbol, beside the line from the parents: the gaps beside the symbol
        # hold couples' years.
        return Label(cx - 4, cy - SYMBOL / 2 - 8, str(number), SMALL, anchor="end", bold=True,
                     cls="birth-order")

    def person_parts(self, person: int, kind: ShapeKind, cx: float, cy: float, *,
                     index: bool) -> list[Part]:
        node = person_node(self.graph, person)
        parts = person_symbol(kind=kind, cx=cx, cy=cy, size=SYMBOL, deceased=node.deceased,
                              index=index)
        y = cy + SYMBOL / 2 + NAME_DROP
        lines, size = name_lines(self.name(person))
        for line in lines:
            parts.append(Label(cx, y, line, size, cls="name"))
            y += size + 2
        years = years_text(self.words, node.birth_year, node.death_year, node.deceased)
        if years:
            parts.append(Label(cx, y, years, SMALL, cls="years"))
        return parts

    def same_person(self, entry: int, person: int) -> None:
        """A person drawn a second time, joined to their own symbol by a dashed arc."""
        node = person_node(self.graph, person)
        kind = shape_for(node.sex, node.pregnancy, self.options)
        cx, cy = self.at(entry)
        parts = self.person_parts(person, kind, cx, cy, index=False)
        (ox, oy), top = self.xy(person), cy - SYMBOL / 2 - 4
        high = min(top, oy - SYMBOL / 2 - 4) - 22
        arc = ((cx, top), (cx, high), (ox, high), (ox, oy - SYMBOL / 2 - 4))
        parts.append(Path(arc, stroke=Stroke.DASHED, width=1.1, color=OVERLAY,
                          cls="same-person"))
        self.used.add("same-person")
        self.groups.append(Group("copy", self.words("genogram.copy_title", name=self.name(person)),
                                 tuple(parts), ref=f"copy-{person}"))

    # -- couples ----------------------------------------------------------------------------
    @staticmethod
    def couple_y(xa: float, xb: float, ya: float) -> float:
        span = abs(xa - xb) / SLOT
        level = 0 if span <= 1.01 else min(2, int(span))
        return ya + SYMBOL / 2 + COUPLE_DROP + level * 4

    def couples(self) -> dict[frozenset[int], tuple[float, float]]:
        """Draws the couple lines; returns where each couple's children hang from."""
        anchors: dict[frozenset[int], tuple[float, float]] = {}
        for key, couple in enumerate(links(self.graph)):
            if not isinstance(couple, CoupleTie):
                continue
            a, b = couple.source, couple.target
            if a not in self.lay.x or b not in self.lay.x:
                continue
            status = couple.kind
            self.used.add(f"couple-{status.value}")
            ends = self.lay.couple_entries.get(frozenset((a, b)), {a: a, b: b})
            (xa, ya), (xb, yb) = self.at(ends[a]), self.at(ends[b])
            left, right = sorted((xa, xb))
            y = self.couple_y(xa, xb, max(ya, yb))
            parts: list[Part] = [Path(((xa, ya + SYMBOL / 2), (xa, y), (xb, y),
                                       (xb, yb + SYMBOL / 2)),
                                      stroke=COUPLE_STROKES[status], width=1.6, cls="couple-line")]
            mid = (left + right) / 2
            for i in range(SLASHES.get(status, 0)):
                dx = (i - (SLASHES[status] - 1) / 2) * 6 - 8
                parts.append(Path(((mid + dx - 4, y + 5), (mid + dx + 4, y - 5)), width=1.6,
                                  cls="slash"))
            parts += self.years_labels(key, ya)
            title = self.words("genogram.couple_title", first=self.name(a), second=self.name(b),
                               status=self.words(f"couplestatus.{status.value}"))
            self.groups.append(Group(f"couple {status.value}", title, tuple(parts),
                                     ref=f"couple-{couple.link_id}"))
            anchors[frozenset((a, b))] = (self.between_names(mid, left, right, ya), y)
        return anchors

    def years_labels(self, couple: int, y: float) -> list[Part]:
        """The couple's years in their gap between two symbols, above the couple line;
        several couples sharing a gap stand side by side."""
        if couple not in self.gap_of:
            return []
        row, left = self.gap_of[couple]
        blocks = self.gaps[(row, left)]
        pad = self.pads[(row, left)]
        keys = [key for key, _ in blocks]
        xs = self.row_xs[row]
        right = xs[bisect_right(xs, left)]
        start = self.slot_x(left) + SYMBOL / 2 + pad[0]
        end = self.slot_x(right) - SYMBOL / 2 - pad[1]
        widths = [self.block_width(columns) for _, columns in blocks]
        room = max(0.0, (end - start - sum(widths)) / max(1, len(blocks) - 1)) \
            if len(blocks) > 1 else 0.0
        at = keys.index(couple)
        x = start + room * at + sum(widths[:at])
        if len(blocks) == 1:
            x = (start + end - widths[0]) / 2
        parts: list[Part] = []
        step = COUPLE_YEARS + 2
        for column in blocks[at][1]:
            width = self.column_width(column)
            # Between the sibling bar above the symbols and the couple line's slashes.
            top, bottom = y - SYMBOL / 2 - HOUSEHOLD_RISE + 2, y + SYMBOL / 2 + COUPLE_DROP - 6.5
            height = COUPLE_YEARS * 1.05 + (len(column) - 1) * step
            first = max(top, min(y - 4.5 - height / 2, bottom - height)) + COUPLE_YEARS * 0.8
            labels = [Label(x + width / 2, first + i * step, text, COUPLE_YEARS,
                            cls="couple-years") for i, text in enumerate(column)]
            self.years_boxes += map(label_box, labels)
            parts += labels
            x += width + 2 * YEARS_PAD
        return parts

    def couple_years(self, status: CoupleStatus, start: object, end: object) -> list[str]:
        texts = []
        if isinstance(start, int):
            married = status in (CoupleStatus.MARRIED, CoupleStatus.DIVORCED)
            key = "genogram.married_year" if married else "genogram.together_year"
            texts.append(self.words(key, year=start))
        if isinstance(end, int):
            key = "genogram.divorced_year" if status is CoupleStatus.DIVORCED else \
                "genogram.separated_year"
            texts.append(self.words(key, year=end))
        return texts

    # -- children ---------------------------------------------------------------------------
    def children(self, anchors: dict[frozenset[int], tuple[float, float]]) -> None:
        families: dict[frozenset[int], list[tuple[int, ParentKind]]] = defaultdict(list)
        for child in self.graph.nodes:
            ups = [(link.source, link.kind) for link in links_into(self.graph, child)
                   if isinstance(link, ParentTie) and link.source in self.lay.x]
            if child not in self.lay.x or not ups:
                continue
            parents = frozenset(p for p, _ in ups)
            kinds = {k for _, k in ups}
            kind = next(iter(kinds)) if len(kinds) == 1 else ParentKind.BIOLOGICAL
            if len(parents) > 2:  # a child with more than two drawn parents: by the first two
                parents = frozenset(sorted(parents, key=self.lay.x.__getitem__)[:2])
            families[parents].append((child, kind))
        twins = {frozenset((link.source, link.target)): link.identical
                 for link in links(self.graph) if isinstance(link, TwinTie)}
        lanes: dict[int, list[float]] = defaultdict(list)  # row -> right end of each lane
        for parents, kids in sorted(families.items(),
                                    key=lambda item: min(self.lay.x[c] for c, _ in item[1])):
            anchor = anchors.get(parents)
            parts: list[Part] = []
            if anchor is None:
                anchor = self.hang_point(parents, parts)
            kids.sort(key=lambda ck: self.lay.x[ck[0]])
            child_row = min(self.lay.row[c] for c, _ in kids)
            xs = [self.xy(c)[0] for c, _ in kids]
            # The highest a sibling bar stands (its lowest lane): lines that pass rows are
            # routed to it, then to the bar's lane (no text stands between).
            low_bar = self.row_top(child_row) - BAR_RISE
            # Children on a lower row than their brothers and sisters, and children more
            # than a row below their parents' line (relations no row can show): their lines
            # pass the rows between, through the gaps between people.
            below = {c: self.route((self.xy(c)[0], low_bar),
                                   (self.xy(c)[0], self.xy(c)[1] - SYMBOL / 2))
                     for c, _ in kids if self.lay.row[c] > child_row}
            far = low_bar - anchor[1] > ROW or len({self.lay.row[p] for p in parents}) > 1
            down = self.route(anchor, (min(max(anchor[0], min(xs)), max(xs)), low_bar),
                              free_end=True) if far else [anchor, (anchor[0], low_bar)]
            xs += [down[-1][0]] + [line[1][0] for line in below.values()]
            lane = self.lane(lanes[child_row], min(xs), max(xs))
            bar_y = low_bar - lane * 8
            parts.append(Path((*down[:-1], (down[-1][0], bar_y)), width=1.4, cls="descent"))
            parts.append(Path(((min(xs), bar_y), (max(xs), bar_y)), width=1.4, cls="sibling-bar"))
            self.child_lines(kids, bar_y, twins, parts, {
                c: [(x, bar_y if y == low_bar else y) for x, y in line]
                for c, line in below.items()})
            names = ", ".join(self.name(c) for c, _ in kids)
            title = self.words("genogram.children_title", parents=" & ".join(
                self.name(p) for p in sorted(parents, key=self.lay.x.__getitem__)), children=names)
            self.groups.append(Group("children", title, tuple(parts)))

    def hang_point(self, parents: frozenset[int], parts: list[Part]) -> tuple[float, float]:
        """Where children hang from when their parents are not drawn as a couple."""
        points = sorted(self.xy(p) for p in parents)
        if len(points) == 1:
            x, y = points[0]
            return (x, y + SYMBOL / 2 + TEXT_BLOCK)
        (xa, ya), (xb, yb) = points
        if ya == yb:
            y = ya + SYMBOL / 2 + 12
            parts.append(Path(((xa, ya + SYMBOL / 2), (xa, y), (xb, y), (xb, yb + SYMBOL / 2)),
                              stroke=Stroke.DOTTED, width=1.2, cls="parents-line"))
            return (self.between_names((xa + xb) / 2, xa, xb, ya), y)
        # Parents on two rows (relations no row can show): the line leaves the upper one
        # under their symbol, runs sideways below the couple lines and above the names to a
        # gap, down through the gaps between the rows' people, and sideways again to the
        # lower one; the children hang from its last stretch.
        (ux, uy), (lx, ly) = sorted(points, key=lambda point: point[1])
        y = ly + SYMBOL / 2 + ACROSS_DROP
        line = self.route((ux, uy + SYMBOL / 2 + ACROSS_DROP), (lx, y), free_end=True)
        end = line[-1][0]
        parts.append(Path(((ux, uy + SYMBOL / 2), *line, (lx, y), (lx, ly + SYMBOL / 2)),
                          stroke=Stroke.DOTTED, width=1.2, cls="parents-line across-rows"))
        return (self.between_names((end + lx) / 2, min(end, lx), max(end, lx), ly), y)

    def between_names(self, mid: float, left: float, right: float, y: float) -> float:
        """Where children's line leaves a line from ``left`` to ``right``: its middle, or,
        when someone stands there (a partner further away), the nearest gap between two
        people, so that it runs down between their names rather than through one."""
        row = round((y - MARGIN - SYMBOL / 2 - 14) / ROW)
        xs = [self.slot_x(x) for x in self.row_xs.get(row, ())]
        if not any(abs(x - mid) < SLOT / 2 for x in xs):
            return mid
        gaps = [(a + b) / 2 for a, b in pairwise(xs) if left <= (a + b) / 2 <= right]
        return min(gaps, key=lambda g: abs(g - mid), default=mid)

    @staticmethod
    def lane(lanes: list[float], left: float, right: float) -> int:
        for i, end in enumerate(lanes):
            if left > end + 6:
                lanes[i] = right
                return i
        lanes.append(right)
        return len(lanes) - 1

    def child_lines(self, kids: list[tuple[int, ParentKind]], bar_y: float,
                    twins: dict[frozenset[int], bool], parts: list[Part],
                    routed: dict[int, list[tuple[float, float]]]) -> None:
        done: set[int] = set()
        for i, (child, kind) in enumerate(kids):
            if child in done:
                continue
            twin = next((c for c, _ in kids[i + 1:] if frozenset((child, c)) in twins), None)
            if twin is not None:
                done |= {child, twin}
                (x1, y1), (x2, y2) = self.xy(child), self.xy(twin)
                fork = ((x1 + x2) / 2, bar_y)
                top1, top2 = (x1, y1 - SYMBOL / 2), (x2, y2 - SYMBOL / 2)
                parts.append(Path((fork, top1), stroke=CHILD_STROKES[kind], cls="twin-line"))
                parts.append(Path((fork, top2), stroke=CHILD_STROKES[kind], cls="twin-line"))
                self.used.add("twins")
                if twins[frozenset((child, twin))]:  # identical twins
                    m1 = ((fork[0] + top1[0]) / 2, (fork[1] + top1[1]) / 2)
                    m2 = ((fork[0] + top2[0]) / 2, (fork[1] + top2[1]) / 2)
                    parts.append(Path((m1, m2), cls="identical-bar"))
                continue
            x, y = self.xy(child)
            self.used.add(f"child-{kind.value}")
            line = routed.get(child, [(x, bar_y), (x, y - SYMBOL / 2)])
            parts.append(Path(tuple(line), stroke=CHILD_STROKES[kind],
                              cls=f"child-line {kind.value}"))

    # -- lines that pass rows ---------------------------------------------------------------
    @staticmethod
    def row_top(row: int) -> float:
        """The top of a row's symbols."""
        return MARGIN + 14 + row * ROW

    def obstacles(self) -> list[tuple[float, float, float, float]]:
        """Every name, year, number and symbol as a box (computed once, when needed)."""
        if self._obstacles is None:
            boxes = list(self.years_boxes)
            drawn = [(p, self.xy(p), person_node(self.graph, p).index,
                      self.lay.birth_order.get(p)) for p in self.lay.x]
            drawn += [(c.person, self.at(c.entry), False, None) for c in self.lay.copies]
            for person, (cx, cy), index, number in drawn:
                node = person_node(self.graph, person)
                parts = self.person_parts(person, shape_for(node.sex, node.pregnancy,
                                                            self.options), cx, cy, index=index)
                if number is not None:
                    parts.append(self.birth_order_label(cx, cy, number))
                for part in parts:
                    if isinstance(part, Label) and TEXT_CLASSES & set(part.cls.split()):
                        boxes.append(label_box(part))
                    elif isinstance(part, Shape):
                        h = part.size / 2
                        boxes.append((part.cx - h, part.cy - h, part.cx + h, part.cy + h))
            self._obstacles = boxes
        return self._obstacles

    def column(self, top: float, bottom: float, here: float, goal: float) -> float:
        """Where a line can run down from ``top`` to ``bottom`` clear of every obstacle:
        the place nearest the way from ``here`` to ``goal`` (the gaps between people)."""
        blocked = sorted((left - ROUTE_CLEAR, right + ROUTE_CLEAR)
                         for left, up, right, down in self.obstacles()
                         if up < bottom + ROUTE_CLEAR and down > top - ROUTE_CLEAR)
        merged: list[list[float]] = []
        for left, right in blocked:
            if merged and left <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], right)
            else:
                merged.append([left, right])
        options = [x for x in (goal, here) if not any(a < x < b for a, b in merged)]
        options += [(a[1] + b[0]) / 2 for a, b in pairwise(merged)]
        if merged:
            options += [merged[0][0] - 4, merged[-1][1] + 4]
        return min(options, key=lambda x: (abs(x - here) + abs(x - goal), x != here,
                                            abs(x - goal)))

    def route(self, start: tuple[float, float], end: tuple[float, float], *,
              free_end: bool = False) -> list[tuple[float, float]]:
        """A line from ``start`` down to ``end`` past the rows between: down through gaps
        between people's names and symbols, sideways below the name blocks (above the next
        row's sibling bars). With ``free_end`` it ends wherever it comes down nearest
        ``end`` (on a sibling bar that reaches it); a clear straight line stays straight."""
        (x0, y0), (x1, y1) = start, end
        if (free_end or x0 == x1) and self.column(y0, y1, x0, x0) == x0:
            return [start, (x0, y1)]
        rows = max(self.lay.row.values(), default=0) + 1
        levels = [y0, *(y for r in range(1, rows + 1)
                        if y0 + 1 < (y := self.row_top(r) - CORRIDOR) < y1 - 1), y1]
        points = [(x0, y0)]
        here = x0
        for i, (top, bottom) in enumerate(pairwise(levels)):
            last = i == len(levels) - 2
            x = x1 if last and not free_end else self.column(top, bottom, here, x1)
            if x != here:
                points.append((x, top))
            points.append((x, bottom))
            here = x
        return points

    # -- overlays ---------------------------------------------------------------------------
    def households(self) -> None:
        names = household_names(self.graph)
        members: dict[int, list[int]] = defaultdict(list)
        for node in person_nodes(self.graph):
            for household in node.households:
                if node.id in self.lay.x:
                    members[household].append(node.id)
        for household, people in sorted(members.items()):
            self.used.add("household")
            by_row: dict[int, list[tuple[float, float]]] = defaultdict(list)
            for person in people:
                by_row[self.lay.row[person]].append((self.xy(person)[0], self.outline_pad(person)))
            # One outline per run of neighbouring rows: an outline never runs down through
            # a row where no one of the household stands (through names there).
            runs: list[list[int]] = []
            for r in sorted(by_row):
                if runs and runs[-1][-1] == r - 1:
                    runs[-1].append(r)
                else:
                    runs.append([r])
            name = str(names.get(household, ""))
            parts: list[Part] = []
            for run in runs:
                spans = [(min(x - pad for x, pad in by_row[r]),
                          max(x + pad for x, pad in by_row[r]),
                          MARGIN + 14 + r * ROW - HOUSEHOLD_RISE,
                          MARGIN + 14 + r * ROW + SYMBOL + TEXT_BLOCK + 4) for r in run]
                right: list[tuple[float, float]] = [(spans[0][1], spans[0][2])]
                left: list[tuple[float, float]] = [(spans[0][0], spans[0][2])]
                for (l1, r1, _, bottom), (l2, r2, top, _) in pairwise(spans):
                    between = (bottom + top) / 2
                    right += [(r1, between), (r2, between)]
                    left += [(l1, between), (l2, between)]
                right.append((spans[-1][1], spans[-1][3]))
                left.append((spans[-1][0], spans[-1][3]))
                parts.append(Path(tuple(right + list(reversed(left))), stroke=Stroke.DOTTED,
                                  width=1.3, closed=True, color="#4d4d4d", cls="household-line"))
                if name:
                    parts.append(Label(spans[0][0] + 4, spans[0][2] - 4, wrap(name, 24, 1)[0],
                                       SMALL, anchor="start", color="#4d4d4d",
                                       cls="household-name"))
            title = self.words("genogram.household_title", name=name, people=", ".join(
                self.name(p) for p in sorted(people, key=self.lay.x.__getitem__)))
            self.groups.append(Group("household", title, tuple(parts)))

    def emotional(self) -> None:
        for line in links(self.graph):
            if not isinstance(line, EmotionalTie):
                continue
            a, b = line.source, line.target
            if a not in self.lay.x or b not in self.lay.x:
                continue
            kind = line.kind
            self.used.add(f"emotional-{kind.value}")
            start, end = shorten(self.xy(a), self.xy(b), SYMBOL / 2 + 4, SYMBOL / 2 + 4)
            parts = emotional_parts(kind, start, end)
            title = self.words("genogram.emotional_title", first=self.name(a),
                               second=self.name(b), kind=self.words(f"emotionalkind.{kind.value}"))
            self.groups.append(Group(f"emotional {kind.value}", title, tuple(parts)))


def emotional_parts(kind: EmotionalKind, start: tuple[float, float],
                    end: tuple[float, float]) -> list[Part]:
    color = DANGER if kind is EmotionalKind.ABUSE else OVERLAY
    cls = f"emotional-line {kind.value}"
    if kind is EmotionalKind.CLOSE:
        return [Path(parallel(start, end, o), color=color, cls=cls) for o in (-2.2, 2.2)]
    if kind is EmotionalKind.FUSED:
        return [Path(parallel(start, end, o), color=color, cls=cls) for o in (-3.5, 0, 3.5)]
    if kind is EmotionalKind.DISTANT:
        return [Path((start, end), stroke=Stroke.DOTTED, width=1.8, color=color, cls=cls)]
    if kind is EmotionalKind.CUT_OFF:
        mid = ((start[0] + end[0]) / 2, (start[1] + end[1]) / 2)
        a = shorten(start, mid, 0, 5)
        b = shorten(mid, end, 5, 0)
        bars: list[Part] = [Path(_perpendicular(point, start, end, 6), width=1.8, color=color,
                                 cls="cut-bar") for point in (a[1], b[0])]
        return [Path(a, color=color, cls=cls), Path(b, color=color, cls=cls), *bars]
    points = zigzag(start, end)
    parts: list[Part] = [Path(points, color=color, cls=cls)]
    if kind is EmotionalKind.ABUSE:
        parts.append(arrow_head(end, points[-2], color=color))
    return parts


def _perpendicular(point: tuple[float, float], start: tuple[float, float],
                   end: tuple[float, float], half: float) -> tuple[tuple[float, float], ...]:
    ahead = (point[0] + end[0] - start[0], point[1] + end[1] - start[1])
    return (parallel(point, ahead, half)[0], parallel(point, ahead, -half)[0])


LEGEND_ORDER = (
    "male", "female", "other", "pregnancy", "index", "deceased",
    "couple-married", "couple-living_together", "couple-separated", "couple-divorced",
    "child-biological", "child-adoptive", "child-foster", "child-step", "twins", "household",
    "emotional-close", "emotional-fused", "emotional-distant", "emotional-conflict",
    "emotional-cut_off", "emotional-abuse", "same-person", "birth-order",
)
LEGEND_CELL = (190.0, 30.0)


def legend(used: set[str], words: Words, top: float, width: float,
           options: Options) -> tuple[Group, float]:
    """The legend of what the picture uses, in columns; returns it and its height."""
    items = [key for key in LEGEND_ORDER if key in used]
    columns = max(1, int((width - 2 * MARGIN) // LEGEND_CELL[0]))
    parts: list[Part] = [Label(MARGIN, top + 12, words("genogram.legend"), 11, anchor="start",
                               bold=True, cls="legend-title")]
    for i, key in enumerate(items):
        x = MARGIN + (i % columns) * LEGEND_CELL[0]
        y = top + 34 + (i // columns) * LEGEND_CELL[1]
        parts.extend(_legend_sample(key, x, y, options))
        text = textwrap.wrap(words(f"genogram.legend_{key.replace('-', '_')}"), 26,
                             break_long_words=False)
        for i, line in enumerate(text[:2]):
            parts.append(Label(x + 48, y + 4 + (i - (len(text[:2]) - 1) / 2) * 11, line, 9,
                               anchor="start", cls="legend-text"))
    rows = (len(items) + columns - 1) // columns
    return Group("legend", words("genogram.legend"), tuple(parts)), 34 + rows * LEGEND_CELL[1]


def _legend_sample(key: str, x: float, y: float, options: Options) -> list[Part]:
    cx = x + 18
    shapes = {"male": ShapeKind.SQUARE, "female": ShapeKind.CIRCLE,
              "other": options.other_shape, "pregnancy": ShapeKind.TRIANGLE}
    if key in shapes:
        return person_symbol(kind=shapes[key], cx=cx, cy=y, size=18, deceased=False,
                             index=False)
    if key in ("index", "deceased"):
        return person_symbol(kind=ShapeKind.CIRCLE, cx=cx, cy=y, size=18,
                             deceased=key == "deceased", index=key == "index")
    line = ((x, y), (x + 36, y))
    if key.startswith("couple-"):
        status = CoupleStatus(key.removeprefix("couple-"))
        parts: list[Part] = [Path(line, stroke=COUPLE_STROKES[status], width=1.6)]
        for i in range(SLASHES.get(status, 0)):
            dx = (i - (SLASHES[status] - 1) / 2) * 6
            parts.append(Path(((cx + dx - 3, y + 6), (cx + dx + 3, y - 6)), width=1.6))
        return parts
    if key.startswith("child-"):
        kind = ParentKind(key.removeprefix("child-"))
        return [Path(((cx, y - 10), (cx, y + 10)), stroke=CHILD_STROKES[kind], width=1.4)]
    if key == "twins":
        return [Path(((cx - 8, y + 10), (cx, y - 10), (cx + 8, y + 10)))]
    if key == "same-person":
        return [Path(((x, y + 6), (x, y - 6), (x + 36, y - 6), (x + 36, y + 6)),
                     stroke=Stroke.DASHED, width=1.1, color=OVERLAY)]
    if key == "birth-order":
        return [Label(cx, y + 4, "2", SMALL, bold=True)]
    if key == "household":
        return [Path(((x, y - 9), (x + 36, y - 9), (x + 36, y + 9), (x, y + 9)),
                     stroke=Stroke.DOTTED, closed=True, color="#4d4d4d")]
    return emotional_parts(EmotionalKind(key.removeprefix("emotional-")), line[0], line[1])


def genogram_drawing(family: FamilyGraph, lay: Layout, words: Words, *, title: str,
                     options: Options | None = None) -> Drawing:
    """The family's genogram with its legend, ready for SVG or PDF."""
    builder = _Builder(family, lay, words, options or Options())
    builder.households()
    anchors = builder.couples()
    builder.children(anchors)
    builder.people()
    builder.emotional()
    rows = max(lay.row.values(), default=0) + 1 if lay.x else 0
    right = max((builder.slot_x(x) for x in (*lay.x.values(), *(c.x for c in lay.copies))),
                default=MARGIN + SLOT / 2)
    # The legend takes the family's width, in two columns at least: it never makes a
    # small family's picture wider (which would print it smaller).
    width = max(right + SLOT / 2 + MARGIN, 2 * MARGIN + 2 * LEGEND_CELL[0])
    top = MARGIN + rows * ROW
    key, legend_height = legend(builder.used, words, top, width, builder.options)
    # Households first (behind), people above lines, emotional overlay on top.
    return Drawing(width=width, height=top + legend_height + MARGIN / 2, title=title,
                   description=words("genogram.description", people=len(lay.x)),
                   groups=(*builder.groups, key))
