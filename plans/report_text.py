"""The letters of the consultant's report: sizes, headings, and user text with a small
grey tag after it saying whose words it is."""

from __future__ import annotations

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph

from i18n import Words
from mapping.map import EntryView
from printing.document import INK, SOFT, para, style
from printing.fonts import markup

BODY = 9.5
SMALL = 8.5
SHADE = "#eef2f6"


def text_style(size: float = BODY, *, bold: bool = False, color: str = INK,
               after: float = 2) -> ParagraphStyle:
    return style(size, bold=bold, color=color, space_after=after)


def h1(text: str) -> Paragraph:
    return para(text, style(14, bold=True, space_after=4, heading=True))


def h2(text: str) -> Paragraph:
    return para(text, style(11, bold=True, space_after=3, heading=True))


def tagged(text: str, size: float, tag: str, *, label: str = "", bold: bool = False
           ) -> Paragraph:
    """User ``text`` (escaped) with a catalogue ``tag`` after it in small grey letters."""
    paragraph = style(size, bold=bold, space_after=2)
    body = "<br/>".join(markup(line, paragraph.fontName) for line in text.splitlines() or [""])
    if label:
        body = f"<b>{markup(label)}</b> {body}"
    if tag:
        body += f' <font color="{SOFT}" size="{size - 1.5}">({markup(tag)})</font>'
    return Paragraph(body, paragraph)


def whose(words: Words, entry: EntryView) -> str:
    return words(f"report.voice_{entry.voice.value}")
