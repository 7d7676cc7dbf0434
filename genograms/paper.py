"""The genogram on paper: A4 or A3, portrait or landscape, with names of at least 7 pt.

The smallest sheet (A4 before A3) and the orientation that print every name at
``MIN_NAME_PT`` or more are chosen, unless the user chose them. When even the largest
allowed sheet cannot, the genogram prints across several sheets at that size, the pieces
overlapping a little, after an overview page that shows the whole family without text and
where each piece lies.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from enum import StrEnum

from reportlab.lib.pagesizes import A3, A4

from genograms.drawing import Drawing, Group, Label, Path, Shape

MIN_NAME_PT = 7.0
PAGE_MARGIN = 20.0
HEADING_ROOM = 44.0  # the heading line(s) above the picture
FOOTER_ROOM = 22.0
OVERLAP = 40.0  # points of the drawing that two neighbouring pieces both show


class PaperSize(StrEnum):
    AUTO = "auto"
    A4 = "a4"
    A3 = "a3"


class Orientation(StrEnum):
    AUTO = "auto"
    PORTRAIT = "portrait"
    LANDSCAPE = "landscape"


@dataclass(frozen=True)
class Paper:
    """What the user chose; ``AUTO`` lets the plan choose."""

    size: PaperSize = PaperSize.AUTO
    orientation: Orientation = Orientation.AUTO


SHEETS = {PaperSize.A4: A4, PaperSize.A3: A3}


@dataclass(frozen=True)
class Sheet:
    size: PaperSize
    orientation: Orientation
    width: float
    height: float

    @property
    def room(self) -> tuple[float, float]:
        """Width and height left for the picture."""
        return (self.width - 2 * PAGE_MARGIN,
                self.height - PAGE_MARGIN - HEADING_ROOM - FOOTER_ROOM)


@dataclass(frozen=True)
class Plan:
    sheet: Sheet
    scale: float
    # Pieces of the drawing, (left, top, width, height) in drawing points; one = one page.
    tiles: tuple[tuple[float, float, float, float], ...]

    smallest: float = 10.0  # the smallest name in the drawing, before scaling

    @property
    def name_pt(self) -> float:
        """The size the smallest name prints at."""
        return self.smallest * self.scale


def _sheets(paper: Paper) -> list[Sheet]:
    sizes = [PaperSize.A4, PaperSize.A3] if paper.size is PaperSize.AUTO else [paper.size]
    turns = [Orientation.LANDSCAPE, Orientation.PORTRAIT] \
        if paper.orientation is Orientation.AUTO else [paper.orientation]
    out = []
    for size in sizes:
        short, long = sorted(SHEETS[size])
        for turn in turns:
            w, h = (long, short) if turn is Orientation.LANDSCAPE else (short, long)
            out.append(Sheet(size, turn, w, h))
    return out


def smallest_name(drawing: Drawing) -> float:
    """The size of the smallest name (or couple's years) in the drawing (points, before
    scaling): both must print at ``MIN_NAME_PT`` or more."""
    return min((part.size for group in drawing.groups for part in group.parts
                if isinstance(part, Label) and {"name", "couple-years"} & set(part.cls.split())),
               default=10.0)


def plan(drawing: Drawing, paper: Paper | None = None) -> Plan:
    """The sheet, the scale and the pieces that print ``drawing`` with readable names."""
    sheets = _sheets(paper or Paper())
    smallest = smallest_name(drawing)
    needed = MIN_NAME_PT / smallest
    best = (0.0, sheets[-1])
    for sheet in sheets:
        room_w, room_h = sheet.room
        scale = min(1.0, room_w / drawing.width, room_h / drawing.height)
        if scale >= needed - 1e-9:
            return Plan(sheet, scale, ((0.0, 0.0, drawing.width, drawing.height),), smallest)
        if scale > best[0] + 1e-9:
            best = (scale, sheet)
    # Even the largest sheet is too small: pieces at the readable scale on the sheet that
    # needs the fewest of them.
    chosen = min((s for s in sheets if s.size is best[1].size),
                 key=lambda s: len(_tiles(drawing, s, needed)))
    return Plan(chosen, needed, _tiles(drawing, chosen, needed), smallest)


def _tiles(drawing: Drawing, sheet: Sheet, scale: float
           ) -> tuple[tuple[float, float, float, float], ...]:
    room_w, room_h = sheet.room
    most_w, most_h = room_w / scale, room_h / scale
    across = max(1, math.ceil((drawing.width - OVERLAP) / (most_w - OVERLAP)))
    down = max(1, math.ceil((drawing.height - OVERLAP) / (most_h - OVERLAP)))
    # Pieces of equal size (not full pages and a sliver), still overlapping.
    tile_w = min(most_w, (drawing.width + (across - 1) * OVERLAP) / across)
    tile_h = min(most_h, (drawing.height + (down - 1) * OVERLAP) / down)
    return tuple((col * (tile_w - OVERLAP), row * (tile_h - OVERLAP), tile_w, tile_h)
                 for row in range(down) for col in range(across))


def _bounds(group: Group) -> tuple[float, float, float, float]:
    xs: list[float] = []
    ys: list[float] = []
    for part in group.parts:
        if isinstance(part, Shape):
            h = part.size / 2
            xs += [part.cx - h, part.cx + h]
            ys += [part.cy - h, part.cy + h]
        elif isinstance(part, Path):
            xs += [x for x, _ in part.points]
            ys += [y for _, y in part.points]
        else:
            reach = len(part.text) * part.size * 0.65
            xs += [part.x - reach, part.x + reach]
            ys += [part.y - part.size, part.y + 2]
    return min(xs, default=0), min(ys, default=0), max(xs, default=0), max(ys, default=0)


def piece(drawing: Drawing, tile: tuple[float, float, float, float]) -> Drawing:
    """Only what shows in ``tile`` (a whole name is kept when part of it shows)."""
    left, top, width, height = tile
    kept = []
    for group in drawing.groups:
        x0, y0, x1, y1 = _bounds(group)
        if x1 >= left and x0 <= left + width and y1 >= top and y0 <= top + height:
            kept.append(group)
    return replace(drawing, groups=tuple(kept))


def without_text(drawing: Drawing) -> Drawing:
    """The overview: every symbol and line, no names (they would be too small to read)."""
    groups = tuple(replace(group, parts=tuple(p for p in group.parts if not isinstance(p, Label)))
                   for group in drawing.groups if group.cls != "legend")
    return replace(drawing, groups=groups)
