"""What a family therapist checks in a drawn genogram, counted: crossing lines, siblings on
different rows, children far from their parents, overlapping symbols, lines through names
(for the bench and the property tests)."""

from __future__ import annotations

from collections import defaultdict
from itertools import combinations, pairwise

from genograms.drawing import Drawing, Label, Path, Shape
from genograms.layout import Layout
from genograms.relations import FamilyGraph
from printing.fonts import BOLD, REGULAR, text_width

# Children stand "off" when their middle is more than this many slots from their parents'.
OFF_SLOTS = 1.0


def anchor(family: FamilyGraph, lay: Layout, parents: frozenset[int]) -> float:
    """Where children of ``parents`` hang from: their couple line's middle, else between."""
    ends = lay.couple_entries.get(parents) if len(parents) == 2 else None
    points = [lay.at(e)[0] for e in ends.values()] if ends else [lay.x[p] for p in parents]
    return sum(points) / len(points)


def sibling_groups(family: FamilyGraph) -> dict[frozenset[int], list[int]]:
    """Children by the set of their parents (full siblings together)."""
    groups: dict[frozenset[int], list[int]] = defaultdict(list)
    for child in family.graph.nodes:
        parents = frozenset(family.parents_of(child)) - {child}
        if parents:
            groups[parents].append(child)
    return groups


def crossings(family: FamilyGraph, lay: Layout) -> int:
    """Pairs of parent-to-child lines (from the couple line to the child) that cross."""
    by_row: dict[int, list[tuple[float, float]]] = defaultdict(list)
    for parents, kids in sibling_groups(family).items():
        top = anchor(family, lay, parents)
        for child in kids:
            by_row[lay.row[child]].append((top, lay.x[child]))
    return sum(1 for lines in by_row.values() for (a1, b1), (a2, b2) in combinations(lines, 2)
               if (a1 - a2) * (b1 - b2) < -1e-9)


def siblings_split(family: FamilyGraph, lay: Layout) -> int:
    """Pairs of children of one parent who stand on different rows."""
    count = 0
    for person in family.graph.nodes:
        kids = family.children_of(person)
        count += sum(1 for a, b in combinations(kids, 2) if lay.row[a] != lay.row[b])
    return count


def children_off(family: FamilyGraph, lay: Layout) -> int:
    """Sibling groups whose middle is more than a slot from their parents' couple line."""
    count = 0
    for parents, kids in sibling_groups(family).items():
        middle = sum(lay.x[k] for k in kids) / len(kids)
        if abs(middle - anchor(family, lay, parents)) > OFF_SLOTS + 1e-9:
            count += 1
    return count


def overlaps(lay: Layout) -> int:
    """Neighbours in a row (people and copies) closer than one slot."""
    by_row: dict[int, list[float]] = defaultdict(list)
    for person, x in lay.x.items():
        by_row[lay.row[person]].append(x)
    for copy in lay.copies:
        by_row[copy.row].append(copy.x)
    return sum(1 for xs in by_row.values() for a, b in pairwise(sorted(xs)) if b - a < 1 - 1e-6)


# Text a line may not cross or touch: names, years, couples' years, birth order numbers.
TEXT_CLASSES = frozenset({"name", "years", "couple-years", "birth-order"})
# Lines that may cross text where nothing else can be done: emotional lines run straight
# from one person to another, over whatever stands between, and so does the dashed arc
# that joins a person drawn twice (both are overlays in their own colour).
FREE_LINES = frozenset({"emotional-line", "cut-bar", "arrow", "same-person"})
TOUCH = 0.5  # points: closer than this counts as touching


def label_box(label: Label) -> tuple[float, float, float, float]:
    """Where a label's ink can be: left, top, right, bottom (y downwards)."""
    width = text_width(label.text, BOLD if label.bold else REGULAR, label.size)
    left = {"start": label.x, "end": label.x - width}.get(label.anchor, label.x - width / 2)
    return left, label.y - 0.8 * label.size, left + width, label.y + 0.25 * label.size


def _meets(a: tuple[float, float], b: tuple[float, float],
           box: tuple[float, float, float, float]) -> bool:
    """Whether the segment a-b passes through the box (Liang-Barsky clipping)."""
    (x1, y1), (x2, y2) = a, b
    left, top, right, bottom = box
    dx, dy = x2 - x1, y2 - y1
    low, high = 0.0, 1.0
    for p, q in ((-dx, x1 - left), (dx, right - x1), (-dy, y1 - top), (dy, bottom - y1)):
        if abs(p) < 1e-12:
            if q < 0:
                return False
            continue
        t = q / p
        if p < 0:
            low = max(low, t)
        else:
            high = min(high, t)
        if low > high:
            return False
    return True


def lines_through_text(drawing: Drawing) -> list[tuple[str, str]]:
    """Each (text, line) where a line of the genogram crosses or touches a name, a year or
    a birth order number (the legend aside), as (the text, the line's class)."""
    labels: list[tuple[str, tuple[float, float, float, float]]] = []
    segments: list[tuple[str, tuple[float, float], tuple[float, float]]] = []
    for group in drawing.groups:
        if group.cls == "legend":
            continue
        for part in group.parts:
            if isinstance(part, Label) and TEXT_CLASSES & set(part.cls.split()):
                x0, y0, x1, y1 = label_box(part)
                labels.append((part.text, (x0 - TOUCH, y0 - TOUCH, x1 + TOUCH, y1 + TOUCH)))
            elif isinstance(part, Path) and not FREE_LINES & set(part.cls.split()):
                points = (*part.points, part.points[0]) if part.closed else part.points
                segments += [(part.cls, a, b) for a, b in pairwise(points)]
    return [(text, cls) for text, box in labels for cls, a, b in segments
            if _meets(a, b, box)]


def _shape_box(shape: Shape) -> tuple[float, float, float, float]:
    h = shape.size / 2
    return shape.cx - h, shape.cy - h, shape.cx + h, shape.cy + h


def _apart(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    return a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1]


def text_on_text(drawing: Drawing) -> list[tuple[str, str]]:
    """Each (text, what) where a name, a year or a birth order number overlaps a symbol
    or another such text (the legend aside)."""
    labels: list[tuple[str, tuple[float, float, float, float]]] = []
    shapes: list[tuple[float, float, float, float]] = []
    for group in drawing.groups:
        if group.cls == "legend":
            continue
        for part in group.parts:
            if isinstance(part, Label) and TEXT_CLASSES & set(part.cls.split()):
                labels.append((part.text, label_box(part)))
            elif isinstance(part, Shape):
                shapes.append(_shape_box(part))
    found = [(text, "symbol") for text, box in labels for shape in shapes
             if not _apart(box, shape)]
    found += [(a, b) for (a, box_a), (b, box_b) in combinations(labels, 2)
              if not _apart(box_a, box_b)]
    return found
