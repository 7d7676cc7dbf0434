"""The Words and Pictures booklet: one part of the story per page, the drawing large above
its words, the words in big letters (17 pt, at least 16 everywhere a child reads), on A5
(the booklet the child keeps) or A4, chosen at print. A draft says ONTWERP across every
page, like the other documents; user text goes through ``para`` (escaped), so markup in it
prints as letters.
"""

from __future__ import annotations

import io
from datetime import date
from enum import StrEnum

from reportlab.lib.pagesizes import A4, A5
from reportlab.lib.utils import ImageReader
from reportlab.platypus import Flowable, Image, KeepTogether, PageBreak

from i18n import Words
from mapping.words_pictures import StoryPrint
from printing.document import MARGIN, Furniture, build, draft_mark, gap, para, style
from sofs_core.clock import today as local_today

TEXT, HEADING, TITLE = 17, 22, 28
# The drawing takes the frame's width and at most this share of the page's height.
PICTURE_SHARE = 0.5


class PageSize(StrEnum):
    A5 = "a5"
    A4 = "a4"


PAGES = {PageSize.A5: A5, PageSize.A4: A4}


def _day(value: date | None) -> str:
    return f"{value:%d/%m/%Y}" if value else ""


def _picture(content: bytes, page: tuple[float, float], top_margin: float) -> Image:
    """The drawing as large as the page allows, its proportions kept."""
    width, height = ImageReader(io.BytesIO(content)).getSize()
    room_w = page[0] - 2 * MARGIN
    room_h = (page[1] - 2 * top_margin) * PICTURE_SHARE
    scale = min(room_w / width, room_h / height)
    return Image(io.BytesIO(content), width=width * scale, height=height * scale)


def booklet_pdf(data: StoryPrint, words: Words, *, size: PageSize = PageSize.A5,
                printed_on: date | None = None) -> bytes:
    """The booklet of one story version, on ``size`` pages."""
    page = PAGES[size]
    text = style(TEXT, space_after=TEXT * 0.5)
    heading = style(HEADING, bold=True, space_after=HEADING * 0.4, heading=True)
    title = data.title or words("words_pictures.doc_title_default")
    story: list[Flowable] = [gap(40), para(title, style(TITLE, bold=True, space_after=20))]
    if data.agreed_by:
        story.append(para(words("words_pictures.doc_agreed", who=data.agreed_by,
                                date=_day(data.agreed_on)), text))
    for part in data.parts:
        story.append(PageBreak())
        head = part.heading or words(f"storypart.{part.kind}")
        block: list[Flowable] = [para(head, heading)]
        if part.picture is not None:
            block += [_picture(part.picture, page, MARGIN), gap(10)]
        story.append(KeepTogether(block))
        story.append(para(part.text, text))
    furniture = Furniture(
        title=words("words_pictures.doc_header", family=data.family_name),
        stamp=words("doc.stamp", version=data.number, date=_day(printed_on or local_today())),
        page_of=lambda number, pages: words("doc.page_of", page=number, pages=pages),
        mark=draft_mark(words, data.draft), page=page)
    return build(story, furniture, subject=furniture.title)
