"""The scaling chart of the consultant's report: one line per person over the meetings.

A consultant reads it in black and white as well as in colour, so every person has a
colour, a line style and a marker shape of their own; every answer has a marker (one
meeting alone still shows its points), and people who gave the same score stand side by
side instead of on top of each other.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.graphics.shapes import Drawing, Line, PolyLine
from reportlab.graphics.widgets.markers import makeMarker
from reportlab.lib import colors

from printing.document import INK, LINE, SOFT
from printing.fonts import REGULAR, graphics_text, shorten, text_width

SCORE_MAX = 10
# Colour, dash pattern and marker per person, in order; after that they repeat.
STYLES = (
    ("#1f77b4", (), "FilledCircle"),
    ("#d62728", (5, 2), "FilledSquare"),
    ("#2ca02c", (1.5, 1.5), "FilledTriangle"),
    ("#9467bd", (6, 2, 1.5, 2), "FilledDiamond"),
    ("#ff7f0e", (), "Circle"),
    ("#8c564b", (5, 2), "Square"),
    ("#e377c2", (1.5, 1.5), "Triangle"),
    ("#17becf", (6, 2, 1.5, 2), "Diamond"),
    ("#52606d", (3, 3), "Cross"),
    ("#bcbd22", (8, 3), "FilledStarFive"),
)
PLOT_H = 72
LEFT, RIGHT = 26, 8
LEGEND_ROW = 12
LEGEND_COLUMNS = 3


@dataclass(frozen=True)
class Point:
    meeting: int  # the meeting's number in the case, 1 for the first
    rater: str
    score: int


def scaling_chart(points: Sequence[Point], meeting_labels: dict[int, str], width: float,
                  legend: dict[str, str] | None = None) -> Drawing:
    """The answers ``points`` about one question, across ``meeting_labels`` (number ->
    label under the axis), ``width`` points wide; ``legend`` may name a person otherwise
    than by their name alone (with their latest score)."""
    people = list(dict.fromkeys(p.rater for p in points))
    names = [(legend or {}).get(person, person) for person in people]
    meetings = sorted(meeting_labels) or sorted({p.meeting for p in points})
    # Three names to a legend row, or two where a name would not fit a third of the width.
    columns = LEGEND_COLUMNS if all(text_width(n, REGULAR, 8) + 30 <= (width - LEFT) / 3
                                    for n in names) else 2
    rows = -(-len(people) // columns)
    legend_h = rows * LEGEND_ROW + 4
    bottom = legend_h + 20  # room for the meeting labels under the axis
    chart = Drawing(width, bottom + PLOT_H + 8)
    plot_w = width - LEFT - RIGHT
    _axes(chart, meetings, meeting_labels, plot_w, bottom)
    step = plot_w / max(len(meetings), 1)

    def x_of(meeting: int, index: int) -> float:
        # People side by side around their meeting's place, a marker's width apart.
        spread = min(7.0, step * 0.6 / max(len(people), 1))
        offset = (index - (len(people) - 1) / 2) * spread
        return LEFT + step * (meetings.index(meeting) + 0.5) + offset

    def y_of(score: int) -> float:
        return bottom + PLOT_H * score / SCORE_MAX

    for index, person in enumerate(people):
        color, dashes, marker = STYLES[index % len(STYLES)]
        own = sorted((p for p in points if p.rater == person and p.meeting in meetings),
                     key=lambda p: p.meeting)
        coords = [(x_of(p.meeting, index), y_of(p.score)) for p in own]
        if len(coords) > 1:
            chart.add(PolyLine([v for xy in coords for v in xy], strokeWidth=1.3,
                               strokeColor=colors.HexColor(color),
                               strokeDashArray=list(dashes) or None))
        for x, y in coords:
            chart.add(_marker(marker, color, x, y))
        _legend_entry(chart, index, names[index], width, legend_h, columns)
    return chart


def _axes(chart: Drawing, meetings: list[int], labels: dict[int, str], plot_w: float,
          bottom: float) -> None:
    grid = colors.HexColor(LINE)
    for score in range(0, SCORE_MAX + 1, 2):
        y = bottom + PLOT_H * score / SCORE_MAX
        chart.add(Line(LEFT, y, LEFT + plot_w, y, strokeColor=grid,
                       strokeWidth=0.8 if score == 0 else 0.3))
        chart.add(graphics_text(LEFT - 4, y - 3, str(score), font=REGULAR, size=7,
                                anchor="end", color=SOFT))
    step = plot_w / max(len(meetings), 1)
    # Long cases: label every meeting only while the labels fit side by side.
    every = max(1, -(-len(meetings) * 34 // int(plot_w)))
    # Counted back from the latest meeting, which always has its label.
    shown = set(range(len(meetings) - 1, -1, -every))
    for position, meeting in enumerate(meetings):
        if position not in shown:
            continue
        x = LEFT + step * (position + 0.5)
        chart.add(graphics_text(x, bottom - 10, shorten(labels.get(meeting, str(meeting)),
                                                        step * every, size=7),
                                font=REGULAR, size=7, anchor="middle", color=SOFT))


def _marker(kind: str, color: str, x: float, y: float) -> object:
    marker = makeMarker(kind)
    marker.x, marker.y, marker.size = x, y, 5
    marker.fillColor = colors.HexColor(color)
    marker.strokeColor = colors.HexColor(color)
    marker.strokeWidth = 1
    return marker


def _legend_entry(chart: Drawing, index: int, person: str, width: float, legend_h: float,
                  columns: int) -> None:
    color, dashes, marker = STYLES[index % len(STYLES)]
    column_w = (width - LEFT) / columns
    x = LEFT + column_w * (index % columns)
    y = legend_h - LEGEND_ROW * (index // columns + 1) + 3
    chart.add(Line(x, y + 3, x + 20, y + 3, strokeColor=colors.HexColor(color),
                   strokeWidth=1.3, strokeDashArray=list(dashes) or None))
    chart.add(_marker(marker, color, x + 10, y + 3))
    chart.add(graphics_text(x + 25, y, shorten(person, column_w - 30, size=8), font=REGULAR,
                            size=8, anchor="start", color=INK))
