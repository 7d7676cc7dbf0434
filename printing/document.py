"""The frame of every printed document: A4, the shipped fonts, and on every page the family
name, the date, the version and "page 2 of 5".

User text only ever enters a document through ``para`` (or ``draw_text`` for page
furniture), which escapes it, so ``<img src=...>`` or ``<a href=...>`` prints as letters and
reportlab never reads a file or makes a link because of it.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from printing.fonts import BOLD, REGULAR, draw_text, markup, register_fonts, shorten, text_width
from printing.mirrored import RightToLeftParagraph

PAGE_W, PAGE_H = A4
MARGIN = 18 * mm
FRAME_W = PAGE_W - 2 * MARGIN
INK = "#1f2933"
SOFT = "#52606d"
LINE = "#9aa5b1"
# Room between the header's title and its date-and-version stamp.
HEADER_GAP = 12
# The draft mark: corner to corner, light enough to read the plan through.
MARK_SIZE, MARK_ANGLE, MARK_COLOR, MARK_ALPHA = 110, 54.7, "#c0392b", 0.16
MARK_ROOM = (PAGE_W ** 2 + PAGE_H ** 2) ** 0.5 * 0.72
# Set while a document in a right-to-left language (Arabic) is made: see ``writing``.
_RIGHT_TO_LEFT: ContextVar[bool] = ContextVar("sofs_right_to_left", default=False)


@contextmanager
def writing(right_to_left: bool) -> Iterator[None]:
    """Make the document's paragraphs, tables and pages inside this block right to left
    when ``right_to_left`` (``i18n.right_to_left(words)``): text set against the right
    margin, labels, bullets and numbers at the right, table columns mirrored."""
    token = _RIGHT_TO_LEFT.set(right_to_left)
    try:
        yield
    finally:
        _RIGHT_TO_LEFT.reset(token)


def mirroring() -> bool:
    """Whether the document being made runs right to left (inside ``writing(True)``)."""
    return _RIGHT_TO_LEFT.get()


@dataclass(frozen=True)
class Furniture:
    """What every page says at its top and bottom (already in the reader's language)."""

    title: str  # the document and the family, e.g. "Veiligheidsplan gezin Yılmaz"
    stamp: str  # date and version, e.g. "Versie 2 · afgedrukt op 23/11/2026"
    page_of: Callable[[int, int], str]  # (page, pages) -> "pagina 1 van 3"
    mark: str = ""  # across every page when set: "ONTWERP" on a draft (``draft_mark``)
    # Room above and below the text; a document that must fit its pages takes less.
    margin_y: float = MARGIN
    page: tuple[float, float] = A4  # (width, height); the Words and Pictures booklet: A5
    right_to_left: bool = False  # title at the right, stamp and page number at the left


def draft_mark(words: Callable[..., str], draft: bool) -> str:
    """The word printed diagonally across every page of a draft ("ONTWERP"), else ""."""
    return words("doc.draft_mark") if draft else ""


def style(size: float, *, bold: bool = False, color: str = INK, space_after: float = 0,
          leading: float | None = None, indent: float = 0, heading: bool = False
          ) -> ParagraphStyle:
    """A paragraph style in the shipped font; a ``heading`` stays on the page of what follows."""
    register_fonts()
    mirrored = mirroring()
    return ParagraphStyle(
        name=f"s{size}{bold}{color}{space_after}{indent}{heading}{'rtl' if mirrored else ''}",
        fontName=BOLD if bold else REGULAR, keepWithNext=int(heading),
        fontSize=size, leading=leading or size * 1.3, textColor=colors.HexColor(color),
        # In a right-to-left document the indent is at the right, where lines start.
        spaceAfter=space_after, alignment=TA_RIGHT if mirrored else TA_LEFT, leftIndent=indent,
        # Long words (a 200-character name, a pasted URL) break instead of running off the page.
        splitLongWords=True, wordWrap=None,
    )


def para(text: str, paragraph_style: ParagraphStyle, *, label: str = "") -> Paragraph:
    """User ``text`` as a paragraph, escaped; ``label`` (catalogue text) goes before it in bold.

    Line breaks in the text are kept. A style made inside ``writing(True)`` sets it right
    to left, the label at the right.
    """
    font = paragraph_style.fontName
    if paragraph_style.alignment == TA_RIGHT:
        return labelled([(label, text)], paragraph_style)
    body = "<br/>".join(markup(line, font) for line in text.splitlines() or [""])
    if label:
        body = f'<font face="{BOLD}">{markup(label, BOLD)}</font> {body}'
    return Paragraph(body, paragraph_style)


def labelled(pairs: Sequence[tuple[str, str]], paragraph_style: ParagraphStyle) -> Flowable:
    """(label, text) pairs in one right-to-left paragraph: each bold label (catalogue text)
    at the right of its user text."""
    parts = [(piece, face) for label, text in pairs
             for piece, face in ((label, BOLD), (text, paragraph_style.fontName)) if piece]
    return RightToLeftParagraph(parts, paragraph_style)


def grid(rows: Sequence[Sequence[Flowable | str]], widths: Sequence[float], *,
         header: bool = True, row_heights: Sequence[float | None] | None = None) -> Table:
    """A table that splits between rows across pages and repeats its header row; its
    columns mirrored (the first at the right) inside ``writing(True)``."""
    if mirroring():
        rows = [list(reversed(row)) for row in rows]
        widths = list(reversed(widths))
    table = Table([list(row) for row in rows], colWidths=list(widths),
                  rowHeights=list(row_heights) if row_heights else None,
                  repeatRows=1 if header else 0, splitInRow=1)
    commands: list[tuple[Any, ...]] = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.5, colors.HexColor(LINE)),
        ("TOPPADDING", (0, 0), (-1, -1), 4),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ]
    if header:
        commands.append(("LINEBELOW", (0, 0), (-1, 0), 1.2, colors.HexColor(INK)))
    table.setStyle(TableStyle(commands))
    return table


def fitted(drawing: Drawing, width: float = FRAME_W, height: float = PAGE_H * 0.62, *,
           grow: bool = False) -> Drawing:
    """A vector picture scaled down to fit the given room (and up to fill it if ``grow``)."""
    scale = min(width / drawing.width, height / drawing.height)
    scale = scale if grow else min(1.0, scale)
    drawing.scale(scale, scale)
    drawing.width, drawing.height = drawing.width * scale, drawing.height * scale
    return drawing


def gap(points: float) -> Spacer:
    return Spacer(1, points)


class _NumberedCanvas(Canvas):  # type: ignore[misc]  # reportlab has no type hints
    """Holds every page back until the end, so each can say how many pages there are."""

    furniture: Furniture

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._pages: list[dict[str, Any]] = []

    def showPage(self) -> None:
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for number, page in enumerate(self._pages, start=1):
            self.__dict__.update(page)
            self._furniture(number, total)
            super().showPage()
        super().save()

    def _furniture(self, number: int, total: int) -> None:
        words = self.furniture
        page_w, page_h = words.page
        self.setStrokeColor(colors.HexColor(LINE))
        self.setLineWidth(0.5)
        top, bottom = page_h - words.margin_y, words.margin_y
        self.line(MARGIN, top + 10, page_w - MARGIN, top + 10)
        self.line(MARGIN, bottom - 10, page_w - MARGIN, bottom - 10)
        self.setFillColor(colors.HexColor(SOFT))
        if words.right_to_left:  # mirrored: the title at the right
            draw_text(self, page_w - MARGIN, top + 14, header_title(words), size=9,
                      anchor="end", right_to_left=True)
            draw_text(self, MARGIN, top + 14, words.stamp, size=9, right_to_left=True)
            draw_text(self, MARGIN, bottom - 22, words.page_of(number, total), size=9,
                      right_to_left=True)
        else:
            draw_text(self, MARGIN, top + 14, header_title(words), size=9)
            draw_text(self, page_w - MARGIN, top + 14, words.stamp, size=9, anchor="end")
            draw_text(self, page_w - MARGIN, bottom - 22, words.page_of(number, total),
                      size=9, anchor="end")
        if words.mark:
            self._mark(words.mark, page_w, page_h)

    def _mark(self, mark: str, page_w: float, page_h: float) -> None:
        """The draft mark, big and light across the page: the text stays readable under it,
        and nobody takes a cut-off half page for an agreed plan."""
        room = MARK_ROOM * (page_w ** 2 + page_h ** 2) ** 0.5 / (PAGE_W ** 2 + PAGE_H ** 2) ** 0.5
        size = min(MARK_SIZE, MARK_SIZE * room / max(text_width(mark, BOLD, MARK_SIZE), 1))
        self.saveState()
        self.translate(page_w / 2, page_h / 2)
        self.rotate(MARK_ANGLE)
        self.setFillColor(colors.HexColor(MARK_COLOR))
        self.setFillAlpha(MARK_ALPHA)
        draw_text(self, 0, -size / 3, mark, font=BOLD, size=size, anchor="middle")
        self.restoreState()


def header_title(furniture: Furniture) -> str:
    """The title as the page header shows it: shortened where it would run into the stamp."""
    frame_w = furniture.page[0] - 2 * MARGIN
    room = frame_w - text_width(furniture.stamp, REGULAR, 9) - HEADER_GAP
    return shorten(furniture.title, room, size=9)


def build(story: list[Flowable], furniture: Furniture, *, subject: str = "") -> bytes:
    """The finished PDF of ``story`` with ``furniture`` on every page.

    Where the header has to shorten the title (a long family name), the first page starts
    with the title in full.
    """
    register_fonts()
    if header_title(furniture) != furniture.title:
        story = [para(furniture.title, style(9, color=SOFT, space_after=6)), *story]
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer, pagesize=furniture.page, leftMargin=MARGIN, rightMargin=MARGIN,
        topMargin=furniture.margin_y, bottomMargin=furniture.margin_y, title=furniture.title,
        subject=subject, creator="sofs", author="", pageCompression=1, invariant=1)

    def canvas_maker(*args: Any, **kwargs: Any) -> _NumberedCanvas:
        canvas = _NumberedCanvas(*args, **kwargs)
        canvas.furniture = furniture
        return canvas

    document.build(story, canvasmaker=canvas_maker)
    return buffer.getvalue()
