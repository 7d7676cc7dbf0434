"""One drawing model for every picture: SVG on screen and vector PDF on paper draw the same
shapes from it, so the printed genogram is the one the family saw.

Coordinates are in points, y downwards. Text is held as typed; each renderer escapes it
and (for PDF) shapes right-to-left scripts.
"""

from __future__ import annotations

import math
import textwrap
from dataclasses import dataclass, field
from enum import StrEnum


class Stroke(StrEnum):
    SOLID = "solid"
    DASHED = "dashed"
    DOTTED = "dotted"


DASHES: dict[Stroke, tuple[float, ...]] = {
    Stroke.SOLID: (),
    Stroke.DASHED: (6.0, 4.0),
    Stroke.DOTTED: (1.5, 3.0),
}


class ShapeKind(StrEnum):
    SQUARE = "square"
    CIRCLE = "circle"
    DIAMOND = "diamond"
    TRIANGLE = "triangle"


INK = "#1f1f1f"
OVERLAY = "#6a3d9a"  # emotional lines: apart from the family lines
DANGER = "#b2182b"
HIGHLIGHT = "#1a6f8f"


@dataclass(frozen=True)
class Shape:
    kind: ShapeKind
    cx: float
    cy: float
    size: float
    width: float = 1.6
    fill: str = "#ffffff"
    color: str = INK
    cls: str = ""


@dataclass(frozen=True)
class Path:
    points: tuple[tuple[float, float], ...]
    stroke: Stroke = Stroke.SOLID
    width: float = 1.4
    color: str = INK
    closed: bool = False
    fill: str | None = None
    cls: str = ""


@dataclass(frozen=True)
class Label:
    x: float
    y: float  # baseline
    text: str
    size: float = 10.0
    anchor: str = "middle"  # start | middle | end
    bold: bool = False
    color: str = INK
    cls: str = ""


Part = Shape | Path | Label


@dataclass(frozen=True)
class Group:
    """What one thing on the picture is made of; ``cls`` says what it is (for tests, CSS)."""

    cls: str
    title: str
    parts: tuple[Part, ...]
    ref: str = ""


@dataclass(frozen=True)
class Drawing:
    width: float
    height: float
    title: str
    description: str
    groups: tuple[Group, ...] = field(default_factory=tuple)




def wrap(text: str, width: int = 14, lines: int = 2) -> list[str]:
    """``text`` in at most ``lines`` lines of about ``width`` characters, cut with "…"."""
    text = " ".join(text.split())
    if not text:
        return []
    wrapped = textwrap.wrap(text, width=width, break_long_words=True, break_on_hyphens=True)
    if len(wrapped) > lines:
        wrapped = wrapped[:lines]
        wrapped[-1] = wrapped[-1][: max(1, width - 1)].rstrip() + "…"
    return wrapped


def shape_points(shape: Shape) -> tuple[tuple[float, float], ...]:
    """The corners of a diamond or triangle (squares and circles draw natively)."""
    h = shape.size / 2
    x, y = shape.cx, shape.cy
    if shape.kind is ShapeKind.DIAMOND:
        return ((x, y - h), (x + h, y), (x, y + h), (x - h, y))
    if shape.kind is ShapeKind.TRIANGLE:
        return ((x, y - h), (x + h, y + h), (x - h, y + h))
    return ((x - h, y - h), (x + h, y - h), (x + h, y + h), (x - h, y + h))


def zigzag(start: tuple[float, float], end: tuple[float, float], step: float = 6.0,
           amplitude: float = 4.0) -> tuple[tuple[float, float], ...]:
    """A jagged line from ``start`` to ``end`` (conflict, abuse, stressful ties)."""
    (x1, y1), (x2, y2) = start, end
    length = math.hypot(x2 - x1, y2 - y1)
    if length < step * 2:
        return (start, end)
    ux, uy = (x2 - x1) / length, (y2 - y1) / length
    nx_, ny_ = -uy, ux
    count = int(length // step)
    points = [start]
    for i in range(1, count):
        side = amplitude if i % 2 else -amplitude
        t = i * length / count
        points.append((x1 + ux * t + nx_ * side, y1 + uy * t + ny_ * side))
    points.append(end)
    return tuple(points)


def parallel(start: tuple[float, float], end: tuple[float, float],
             offset: float) -> tuple[tuple[float, float], tuple[float, float]]:
    (x1, y1), (x2, y2) = start, end
    length = math.hypot(x2 - x1, y2 - y1) or 1.0
    ox, oy = -(y2 - y1) / length * offset, (x2 - x1) / length * offset
    return (x1 + ox, y1 + oy), (x2 + ox, y2 + oy)


def arrow_head(tip: tuple[float, float], tail: tuple[float, float], size: float = 9.0,
               color: str = INK, cls: str = "arrow") -> Path:
    """A filled arrow head at ``tip``, pointing away from ``tail``."""
    (x2, y2), (x1, y1) = tip, tail
    length = math.hypot(x2 - x1, y2 - y1) or 1.0
    ux, uy = (x2 - x1) / length, (y2 - y1) / length
    bx, by = x2 - ux * size, y2 - uy * size
    return Path(((x2, y2), (bx - uy * size / 2, by + ux * size / 2),
                 (bx + uy * size / 2, by - ux * size / 2)),
                closed=True, fill=color, color=color, width=0.8, cls=cls)


def shorten(start: tuple[float, float], end: tuple[float, float], by_start: float,
            by_end: float) -> tuple[tuple[float, float], tuple[float, float]]:
    """The segment between two symbols' edges rather than their centres."""
    (x1, y1), (x2, y2) = start, end
    length = math.hypot(x2 - x1, y2 - y1) or 1.0
    ux, uy = (x2 - x1) / length, (y2 - y1) / length
    return (x1 + ux * by_start, y1 + uy * by_start), (x2 - ux * by_end, y2 - uy * by_end)
