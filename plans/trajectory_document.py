"""The trajectory on one A4 page in landscape, for the family: the road from the start to
the end of the help as a line with a dot per step (filled when done, a ring when still to
come, the next one marked), the date and the words under each dot, and the closure criteria
in the family's words below. User text goes in through ``para`` only (escaped).
"""

from __future__ import annotations

import io

from reportlab.graphics.shapes import Circle, Drawing, Line
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepInFrame, SimpleDocTemplate, Table, TableStyle

from i18n import Words
from plans.family_document import day
from plans.trajectory import Point, PointKind, TrajectoryView
from printing.document import INK, LINE, SOFT, gap, para, style
from printing.fonts import register_fonts

PAGE_W, PAGE_H = landscape(A4)
MARGIN = 14 * mm
FRAME_W, FRAME_H = PAGE_W - 2 * MARGIN, PAGE_H - 2 * MARGIN
PER_ROW = 8  # dots on one stretch of the road; more go on a second stretch below
DONE, NEXT, LATER = "#2f7d4f", "#c05621", "#9aa5b1"
DOT_ROW_H = 26


def _dot(point: Point, is_next: bool, width: float, first: bool, last: bool) -> Drawing:
    drawing = Drawing(width, DOT_ROW_H)
    middle, y = width / 2, DOT_ROW_H / 2
    road = colors.HexColor(LINE)
    if not first:
        drawing.add(Line(0, y, middle, y, strokeColor=road, strokeWidth=3))
    if not last:
        drawing.add(Line(middle, y, width, y, strokeColor=road, strokeWidth=3))
    color = colors.HexColor(NEXT if is_next else DONE if point.done else LATER)
    radius = 9 if is_next else 7
    drawing.add(Circle(middle, y, radius, strokeColor=color, strokeWidth=2.5,
                       fillColor=color if point.done else colors.white))
    return drawing


def point_words(words: Words, point: Point) -> tuple[str, str]:
    """(what the point is, in the family's words; the user's own words for it)."""
    if point.kind is PointKind.MEETING and point.meeting_kind is not None:
        return words(f"trajectory.meeting_{point.meeting_kind.value}"), ""
    if point.kind is PointKind.STEP and point.step_kind is not None:
        return words(f"stepkind.{point.step_kind.value}"), point.text
    if point.kind is PointKind.PLAN_REVIEW:
        return words("trajectory.point_plan_review", number=point.plan_number), ""
    if point.kind is PointKind.WORKS_UNTIL:
        return words("trajectory.point_works_until", weeks=point.weeks), ""
    if point.kind is PointKind.CLOSURE:
        return words("trajectory.point_closure"), ""
    return words("trajectory.point_start"), ""


def status_words(words: Words, point: Point, is_next: bool) -> str:
    if is_next:
        return words("trajectory.status_next")
    return words("trajectory.status_done" if point.done else "trajectory.status_later")


def _stretch(words: Words, view: TrajectoryView, start: int, points: list[Point],
             last_stretch: bool) -> Table:
    width = FRAME_W / PER_ROW
    dates, dots, texts = [], [], []
    for n, point in enumerate(points):
        index = start + n
        is_next = index == view.next_index
        label, own = point_words(words, point)
        dates.append(para(day(point.on), style(11, bold=True)))
        dots.append(_dot(point, is_next, width, index == 0,
                         last_stretch and n == len(points) - 1))
        cell: list[Flowable] = [para(label, style(10.5, bold=True, space_after=2))]
        if own:
            cell.append(para(own, style(10, space_after=2)))
        cell.append(para(status_words(words, point, is_next),
                         style(9, color=NEXT if is_next else SOFT, bold=is_next)))
        texts.append(cell)
    table = Table([dates, dots, texts], colWidths=[width] * len(points),
                  rowHeights=[None, DOT_ROW_H, None], hAlign="LEFT")
    table.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 1), (-1, 1), 0), ("RIGHTPADDING", (0, 1), (-1, 1), 0),
        ("TOPPADDING", (0, 1), (-1, 1), 0), ("BOTTOMPADDING", (0, 1), (-1, 1), 0),
        ("LEFTPADDING", (0, 0), (-1, 0), 4), ("LEFTPADDING", (0, 2), (-1, 2), 4),
        ("RIGHTPADDING", (0, 2), (-1, 2), 6),
    ]))
    return table


def trajectory_document(family_name: str, view: TrajectoryView, words: Words,
                        printed_on: object) -> bytes:
    """One page, landscape: the road to closure of ``view``."""
    register_fonts()
    points = list(view.points)
    story: list[Flowable] = [
        para(words("trajectory.doc_title", family=family_name),
             style(20, bold=True, space_after=2)),
        para(words("trajectory.doc_intro"), style(11, color=SOFT, space_after=10)),
    ]
    for start in range(0, len(points), PER_ROW):
        chunk = points[start:start + PER_ROW]
        story += [_stretch(words, view, start, chunk, start + PER_ROW >= len(points)),
                  gap(10)]
    if view.works_weeks and view.works_from:
        story.append(para(words("trajectory.doc_works", weeks=view.works_weeks,
                                date=day(view.works_from)), style(12, space_after=6)))
    story.append(para(words("trajectory.doc_closure"), style(13, bold=True, space_after=3)))
    story.append(para(view.closure_words or words("trajectory.no_closure_words"),
                      style(12, color=INK if view.closure_words else SOFT, space_after=8)))
    story.append(para(words("trajectory.doc_printed", date=day(printed_on)),
                      style(8.5, color=SOFT)))
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer, pagesize=landscape(A4), leftMargin=MARGIN, rightMargin=MARGIN,
        topMargin=MARGIN, bottomMargin=MARGIN,
        title=words("trajectory.doc_title", family=family_name), creator="sofs", author="",
        pageCompression=1, invariant=1)
    # Everything on one page: a long road is made smaller rather than run onto a second one.
    document.build([KeepInFrame(FRAME_W, FRAME_H - 6, story, mode="shrink")])
    return buffer.getvalue()
