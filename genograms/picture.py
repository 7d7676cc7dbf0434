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
from collections import defaultdict
from dataclasses import dataclass
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
    Words,
    arrow_head,
    parallel,
    shorten,
    wrap,
    zigzag,
)
from genograms.layout import Layout
from genograms.relations import FamilyGraph
from storage.enums import CoupleStatus, EmotionalKind, ParentKind, Sex

SLOT = 96.0  # points between partners
SYMBOL = 36.0
ROW = 168.0
MARGIN = 48.0
NAME_SIZE = 10.0
COUPLE_DROP = 10.0  # the couple line, below the partners' symbols
NAME_DROP = 24.0  # first line of a name, below the couple line
TEXT_BLOCK = 58.0  # name (two lines) and years under a symbol
SMALL = 8.5
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
        parts.append(Shape(kind, cx, cy, size + 9, width=width, color=color, cls="index-ring"))
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

    def xy(self, person: int) -> tuple[float, float]:
        return (MARGIN + SLOT / 2 + self.lay.x[person] * SLOT,
                MARGIN + SYMBOL / 2 + 14 + self.lay.row[person] * ROW)

    def name(self, person: int) -> str:
        return str(self.graph.nodes[person].get("name") or "")

    # -- people -----------------------------------------------------------------------------
    def people(self) -> None:
        for person, data in self.graph.nodes(data=True):
            if person not in self.lay.x:
                continue
            cx, cy = self.xy(person)
            kind = shape_for(data.get("sex", Sex.UNKNOWN), bool(data.get("pregnancy")),
                             self.options)
            cls = ["person", {ShapeKind.SQUARE: "male", ShapeKind.CIRCLE: "female",
                              ShapeKind.TRIANGLE: "pregnancy"}.get(kind, "other")]
            self.used.add(cls[1])
            if data.get("deceased"):
                cls.append("deceased")
                self.used.add("deceased")
            if data.get("index"):
                cls.append("index")
                self.used.add("index")
            parts = person_symbol(kind=kind, cx=cx, cy=cy, size=SYMBOL,
                                  deceased=bool(data.get("deceased")),
                                  index=bool(data.get("index")))
            y = cy + SYMBOL / 2 + NAME_DROP
            for line in wrap(self.name(person)):
                parts.append(Label(cx, y, line, NAME_SIZE, cls="name"))
                y += NAME_SIZE + 2
            years = years_text(self.words, data.get("birth_year"), data.get("death_year"),
                               bool(data.get("deceased")))
            if years:
                parts.append(Label(cx, y, years, SMALL, cls="years"))
            self.groups.append(Group(" ".join(cls), self.name(person), tuple(parts),
                                     ref=f"person-{person}"))

    # -- couples ----------------------------------------------------------------------------
    def couple_y(self, a: int, b: int) -> float:
        span = abs(self.lay.x[a] - self.lay.x[b])
        level = 0 if span <= 1.01 else min(2, int(span))
        return self.xy(a)[1] + SYMBOL / 2 + COUPLE_DROP + level * 4

    def couples(self) -> dict[frozenset[int], tuple[float, float]]:
        """Draws the couple lines; returns where each couple's children hang from."""
        anchors: dict[frozenset[int], tuple[float, float]] = {}
        for a, b, data in self.graph.edges(data=True):
            if data["relation"] != "couple" or a not in self.lay.x or b not in self.lay.x:
                continue
            status = CoupleStatus(data["kind"])
            self.used.add(f"couple-{status.value}")
            (xa, ya), (xb, yb) = self.xy(a), self.xy(b)
            left, right = sorted((xa, xb))
            y = self.couple_y(a, b)
            parts: list[Part] = [Path(((xa, ya + SYMBOL / 2), (xa, y), (xb, y),
                                       (xb, yb + SYMBOL / 2)),
                                      stroke=COUPLE_STROKES[status], width=1.6, cls="couple-line")]
            mid = (left + right) / 2
            for i in range(SLASHES.get(status, 0)):
                dx = (i - (SLASHES[status] - 1) / 2) * 6 - 8
                parts.append(Path(((mid + dx - 4, y + 7), (mid + dx + 4, y - 7)), width=1.6,
                                  cls="slash"))
            years = self.couple_years(status, data.get("start_year"), data.get("end_year"))
            for i, text in enumerate(years):
                parts.append(Label(mid, ya - 2 + i * 9, text, 7.5, cls="couple-years"))
            title = self.words("genogram.couple_title", first=self.name(a), second=self.name(b),
                               status=self.words(f"couplestatus.{status.value}"))
            self.groups.append(Group(f"couple {status.value}", title, tuple(parts),
                                     ref=f"couple-{data.get('link_id', '')}"))
            anchors[frozenset((a, b))] = (mid, y)
        return anchors

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
            links = [(p, ParentKind(d["kind"])) for p, _, d in self.graph.in_edges(child, data=True)
                     if d["relation"] == "parent" and p in self.lay.x]
            if child not in self.lay.x or not links:
                continue
            parents = frozenset(p for p, _ in links)
            kinds = {k for _, k in links}
            kind = next(iter(kinds)) if len(kinds) == 1 else ParentKind.BIOLOGICAL
            if len(parents) > 2:  # a child with more than two drawn parents: by the first two
                parents = frozenset(sorted(parents, key=self.lay.x.__getitem__)[:2])
            families[parents].append((child, kind))
        twins = {frozenset((a, b)): d["kind"] for a, b, d in self.graph.edges(data=True)
                 if d["relation"] == "twin"}
        lanes: dict[int, list[float]] = defaultdict(list)  # row -> right end of each lane
        for parents, kids in sorted(families.items(),
                                    key=lambda item: min(self.lay.x[c] for c, _ in item[1])):
            anchor = anchors.get(parents)
            parts: list[Part] = []
            if anchor is None:
                anchor = self.hang_point(parents, parts)
            kids.sort(key=lambda ck: self.lay.x[ck[0]])
            child_row = min(self.lay.row[c] for c, _ in kids)
            xs = [self.xy(c)[0] for c, _ in kids] + [anchor[0]]
            lane = self.lane(lanes[child_row], min(xs), max(xs))
            bar_y = MARGIN + 14 + child_row * ROW - 14 - lane * 8
            parts.append(Path((anchor, (anchor[0], bar_y)), width=1.4, cls="descent"))
            parts.append(Path(((min(xs), bar_y), (max(xs), bar_y)), width=1.4, cls="sibling-bar"))
            self.child_lines(kids, bar_y, twins, parts)
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
        y = max(ya, yb) + SYMBOL / 2 + 12
        parts.append(Path(((xa, ya + SYMBOL / 2), (xa, y), (xb, y), (xb, yb + SYMBOL / 2)),
                          stroke=Stroke.DOTTED, width=1.2, cls="parents-line"))
        return ((xa + xb) / 2, y)

    @staticmethod
    def lane(lanes: list[float], left: float, right: float) -> int:
        for i, end in enumerate(lanes):
            if left > end + 6:
                lanes[i] = right
                return i
        lanes.append(right)
        return len(lanes) - 1

    def child_lines(self, kids: list[tuple[int, ParentKind]], bar_y: float,
                    twins: dict[frozenset[int], str], parts: list[Part]) -> None:
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
                if twins[frozenset((child, twin))] == "identical":
                    m1 = ((fork[0] + top1[0]) / 2, (fork[1] + top1[1]) / 2)
                    m2 = ((fork[0] + top2[0]) / 2, (fork[1] + top2[1]) / 2)
                    parts.append(Path((m1, m2), cls="identical-bar"))
                continue
            x, y = self.xy(child)
            self.used.add(f"child-{kind.value}")
            parts.append(Path(((x, bar_y), (x, y - SYMBOL / 2)), stroke=CHILD_STROKES[kind],
                              cls=f"child-line {kind.value}"))

    # -- overlays ---------------------------------------------------------------------------
    def households(self) -> None:
        names = self.graph.graph.get("households", {})
        members: dict[int, list[int]] = defaultdict(list)
        for person, data in self.graph.nodes(data=True):
            for household in data.get("households", ()):
                if person in self.lay.x:
                    members[household].append(person)
        for household, people in sorted(members.items()):
            self.used.add("household")
            by_row: dict[int, list[float]] = defaultdict(list)
            for person in people:
                by_row[self.lay.row[person]].append(self.xy(person)[0])
            rows = sorted(by_row)
            pad = SYMBOL / 2 + 16
            spans = [(min(by_row[r]) - pad, max(by_row[r]) + pad,
                      MARGIN + 14 + r * ROW - 12, MARGIN + 14 + r * ROW + SYMBOL + TEXT_BLOCK + 4)
                     for r in rows]
            right: list[tuple[float, float]] = [(spans[0][1], spans[0][2])]
            left: list[tuple[float, float]] = [(spans[0][0], spans[0][2])]
            for (l1, r1, _, bottom), (l2, r2, top, _) in pairwise(spans):
                between = (bottom + top) / 2
                right += [(r1, between), (r2, between)]
                left += [(l1, between), (l2, between)]
            right.append((spans[-1][1], spans[-1][3]))
            left.append((spans[-1][0], spans[-1][3]))
            outline = tuple(right + list(reversed(left)))
            name = str(names.get(household, ""))
            parts: list[Part] = [Path(outline, stroke=Stroke.DOTTED, width=1.3, closed=True,
                                      color="#4d4d4d", cls="household-line")]
            if name:
                parts.append(Label(spans[0][0] + 4, spans[0][2] - 4, wrap(name, 24, 1)[0], SMALL,
                                   anchor="start", color="#4d4d4d", cls="household-name"))
            title = self.words("genogram.household_title", name=name, people=", ".join(
                self.name(p) for p in sorted(people, key=self.lay.x.__getitem__)))
            self.groups.append(Group("household", title, tuple(parts)))

    def emotional(self) -> None:
        for a, b, data in self.graph.edges(data=True):
            if data["relation"] != "emotional" or a not in self.lay.x or b not in self.lay.x:
                continue
            kind = EmotionalKind(data["kind"])
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
    "emotional-cut_off", "emotional-abuse",
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
        parts.append(Label(x + 48, y + 4, words(f"genogram.legend_{key.replace('-', '_')}"),
                           9.5, anchor="start", cls="legend-text"))
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
    width = max(2 * MARGIN + (lay.width + 1) * SLOT, 2 * MARGIN + 3 * LEGEND_CELL[0])
    top = MARGIN + rows * ROW
    key, legend_height = legend(builder.used, words, top, width, builder.options)
    # Households first (behind), people above lines, emotional overlay on top.
    return Drawing(width=width, height=top + legend_height + MARGIN / 2, title=title,
                   description=words("genogram.description", people=len(lay.x)),
                   groups=(*builder.groups, key))
