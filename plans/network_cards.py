"""A card per network member: A6, four to an A4 sheet with cut lines (or one per A4 page).

A card holds the member's name, what they promised, the agreements they help keep (numbered
as on the family plan) and whom to call. The network's chair gets the whole plan. What does
not fit one card goes on the next card of the same person, with their name on it again:
a card never runs over the edge of its sheet, since each card is laid out on its own.
Every card's foot says whom to call for help, so a card that gets separated still does.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Frame, Paragraph
from reportlab.platypus.doctemplate import LayoutError

from genograms.ecogram import role_text
from genograms.network import NetworkMember
from i18n import Words
from plans.card_layout import pack
from plans.family_document import day, numbered_rules
from plans.printouts import PlanPrint
from plans.versions import RuleView
from printing.document import (
    INK,
    LINE,
    MARK_ALPHA,
    MARK_COLOR,
    PAGE_H,
    PAGE_W,
    SOFT,
    draft_mark,
    gap,
    grid,
    para,
    style,
)
from printing.fonts import BOLD, draw_text, register_fonts, shorten, text_width
from sofs_core.codes import NetworkRoleKind


class CardSize(StrEnum):
    A6 = "a6"  # four cards to an A4 sheet, with cut lines
    A4 = "a4"  # one card to an A4 page


@dataclass(frozen=True)
class _Format:
    card_w: float
    card_h: float
    slots: tuple[tuple[float, float], ...]  # lower-left corner of each card on the sheet
    margin: float
    body: float  # the smallest letters of a card's text


FORMATS = {
    CardSize.A6: _Format(PAGE_W / 2, PAGE_H / 2,
                         ((0, PAGE_H / 2), (PAGE_W / 2, PAGE_H / 2), (0, 0), (PAGE_W / 2, 0)),
                         7 * mm, 10),
    CardSize.A4: _Format(PAGE_W, PAGE_H, ((0, 0),), 18 * mm, 13),
}


@dataclass(frozen=True)
class _Card:
    name: str
    content: list[Flowable]
    number: int = 1  # this person's card number, and how many they have
    of: int = 1


def _optional(words: Words, key: str) -> str:
    """The catalogue's text for ``key``, or "" where it has none (an organisation's own
    emergency number may come without a short name)."""
    text = words(key)
    return "" if text == key else text


def _people(network: Sequence[NetworkMember]) -> dict[int, list[NetworkMember]]:
    people: dict[int, list[NetworkMember]] = {}
    for member in network:
        people.setdefault(member.person_id, []).append(member)
    return people


def network_cards(data: PlanPrint, words: Words, size: CardSize = CardSize.A6) -> bytes:
    """The cards of every network member, in the network's order."""
    form = FORMATS[size]
    cards: list[_Card] = []
    width = form.card_w - 2 * form.margin
    for roles in _people(data.network).values():
        name = roles[0].name
        blocks = _content(words, data, roles, form.body, width)
        packed = pack(blocks, width, _room(words, name, form, width))
        cards += [_Card(name, content, n, len(packed)) for n, content in
                  enumerate(packed, start=1)]
    if not cards:
        cards.append(_Card("", [para(words("doc.card_empty"), style(form.body + 2))]))
    return _draw(cards, data, words, form)


def _content(words: Words, data: PlanPrint, roles: list[NetworkMember], body: float,
             width: float) -> list[list[Flowable]]:
    """The blocks of one person's cards, each kept whole on a card when it fits one."""
    person = roles[0].person_id
    chair = any(m.kind is NetworkRoleKind.CHAIR for m in roles)
    text, head = style(body, space_after=2), style(body + 1.5, bold=True, space_after=2)
    blocks: list[list[Flowable]] = [[para(", ".join(dict.fromkeys(
        role_text(m, words) for m in roles)), style(body, color=SOFT, space_after=4))]]
    promises = [m.commitment for m in roles if m.commitment.strip()]
    if promises:
        blocks.append([para(words("doc.card_promise"), head),
                       *[para(p, text) for p in promises]])
    numbered = numbered_rules(data.plan)
    own = [(n, r) for n, r in numbered if any(m.person_id == person for m in r.members)]
    blocks += _call(words, data, roles, own, body, width)
    shown = numbered if chair else own
    if shown:
        rules = [_rule(words, n, r, person if chair else None, body) for n, r in shown]
        # The heading goes with the first agreement, never alone at a card's foot.
        rules[0][:0] = [para(words("card.whole_plan" if chair else "card.your_rules"), head)]
        blocks += rules
    else:
        blocks.append([para(words("doc.card_no_rules"), text)])
    return blocks


def _rule(words: Words, number: int, rule: RuleView, person: int | None, body: float
          ) -> list[Flowable]:
    """One agreement; on the chair's card (``person``) it says which ones they help keep."""
    detail = style(body, indent=body, space_after=1)
    mine = person is not None and any(m.person_id == person for m in rule.members)
    parts: list[Flowable] = [para(f"{number}. {rule.what}",
                                  style(body + 0.5, bold=True, space_after=1))]
    for key in ("who", "when", "if_not_kept"):
        value = getattr(rule, key)
        if value.strip():
            parts.append(para(value, detail, label=words(f"card.rule_{key}")))
    if mine:
        parts.append(para(words("card.you_help"), style(body, color=SOFT, indent=body,
                                                          space_after=1)))
    parts.append(gap(body * 0.5))
    return parts


def _call(words: Words, data: PlanPrint, roles: list[NetworkMember],
          own: list[tuple[int, RuleView]], body: float, width: float
          ) -> list[list[Flowable]]:
    """Whom this member calls: the family's counsellor and the service, the chair, the
    people who keep the same agreements, and the emergency numbers."""
    person = roles[0].person_id
    partners = {m.person_id for _, r in own for m in r.members}
    rows: list[tuple[str, str, str]] = [
        (p.name, words(f"card.call_{p.label_key.removeprefix('call.')}"), p.number)
        for p in data.call.service_lines]
    for member_id, others in _people(data.network).items():
        if member_id == person:
            continue
        if member_id in partners or any(m.kind is NetworkRoleKind.CHAIR for m in others):
            phone = next((m.phone for m in others if m.phone.strip()), "")
            rows.append((others[0].name, ", ".join(dict.fromkeys(
                role_text(m, words) for m in others)), phone))
    cell, number = style(body, space_after=0), style(body, bold=True, space_after=0)
    missing = style(body, color=SOFT, space_after=0)
    block: list[Flowable] = [para(words("card.call"), style(body + 1.5, bold=True,
                                                            space_after=2))]
    # People first, then the emergency numbers, each number in bold beside its meaning.
    lines = [[para(what, cell, label=who),
              para(phone, number) if phone else para(words("card.no_phone"), missing)]
             for who, what, phone in rows]
    lines += [[para(words(line.label_key), cell,
                    label=_optional(words, f"{line.label_key}_who")),
               para(line.number, number)] for line in data.call.emergency]
    if lines:
        block += [grid(lines, [width * 0.6, width * 0.4], header=False), gap(4)]
    return [block]


def _name_paragraph(words: Words, name: str, form: _Format, number: int, of: int
                    ) -> Paragraph:
    text = words("doc.card_heading", name=name)
    if of > 1:
        text = words("card.heading_part", heading=text, number=number, of=of)
    return para(text, style(form.body + 4, bold=True, space_after=3))


def _room(words: Words, name: str, form: _Format, width: float) -> float:
    """The height of a card's text under the name (the same on each of the person's cards,
    whether or not the name says "(2/3)")."""
    tallest = max(float(_name_paragraph(words, name, form, n, n).wrap(width, form.card_h)[1])
                  for n in (1, 99))
    return form.card_h - 2 * form.margin - 14 - tallest - 3 - 16


def _draw(cards: list[_Card], data: PlanPrint, words: Words, form: _Format) -> bytes:
    register_fonts()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(PAGE_W, PAGE_H), invariant=1, pageCompression=1)
    canvas.setTitle(words("doc.cards_title", family=data.family_name))
    canvas.setCreator("sofs")
    per_sheet = len(form.slots)
    mark = draft_mark(words, not data.plan.frozen)
    for start in range(0, len(cards), per_sheet):
        if per_sheet > 1:
            _cut_lines(canvas)
        for (x, y), card in zip(form.slots, cards[start:start + per_sheet], strict=False):
            _card(canvas, x, y, card, data, words, form, mark)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _card(canvas: Canvas, x: float, y: float, card: _Card, data: PlanPrint, words: Words,
          form: _Format, mark: str) -> None:
    left, width = x + form.margin, form.card_w - 2 * form.margin
    top = y + form.card_h - form.margin
    canvas.setFillColor(colors.HexColor(SOFT))
    top_line = words("card.top", family=data.family_name, version=data.plan.number,
                     date=day(data.printed_on))
    draw_text(canvas, left, top - 7, shorten(top_line, width, size=7), size=7)
    heading = _name_paragraph(words, card.name, form, card.number, card.of)
    _, used = heading.wrap(width, form.card_h)
    heading.drawOn(canvas, left, top - 14 - used)
    room_h = _room(words, card.name, form, width)
    frame = Frame(left, top - 14 - used - 3 - room_h, width, room_h, leftPadding=0,
                  rightPadding=0, topPadding=0, bottomPadding=0)
    content = list(card.content)
    frame.addFromList(content, canvas)
    if content:  # ``pack`` measured wrong: fail loudly rather than drop a card's text
        raise LayoutError(f"{len(content)} parts did not fit a card")
    _foot(canvas, left, y + form.margin, width, data, words)
    if mark:
        _mark(canvas, x, y, form, mark)


def _foot(canvas: Canvas, left: float, bottom: float, width: float, data: PlanPrint,
          words: Words) -> None:
    """The line every card ends with: whom to call for help, and the emergency number."""
    first = next(iter(data.call.service_lines), None)
    urgent = next(iter(data.call.emergency), None)
    parts = [words("card.foot_help", name=first.name, phone=first.number)] if first else []
    if urgent:
        parts.append(words("card.foot_emergency", phone=urgent.number))
    canvas.setStrokeColor(colors.HexColor(LINE))
    canvas.setLineWidth(0.5)
    canvas.line(left, bottom + 11, left + width, bottom + 11)
    canvas.setFillColor(colors.HexColor(INK))
    draw_text(canvas, left, bottom + 2, shorten(" · ".join(parts), width, font=BOLD, size=8),
              font=BOLD, size=8)


def _mark(canvas: Canvas, x: float, y: float, form: _Format, mark: str) -> None:
    """The draft mark across each card, so a cut-out card of a draft still says so."""
    diagonal = (form.card_w ** 2 + form.card_h ** 2) ** 0.5 * 0.7
    size = min(form.card_h / 5, diagonal * 60 / max(text_width(mark, BOLD, 60), 1))
    canvas.saveState()
    canvas.translate(x + form.card_w / 2, y + form.card_h / 2)
    canvas.rotate(54.7)
    canvas.setFillColor(colors.HexColor(MARK_COLOR))
    canvas.setFillAlpha(MARK_ALPHA)
    draw_text(canvas, 0, -size / 3, mark, font=BOLD, size=size, anchor="middle")
    canvas.restoreState()


def _cut_lines(canvas: Canvas) -> None:
    """Light dashed lines where the sheet is cut in four, with ticks at the edges."""
    canvas.saveState()
    canvas.setStrokeColor(colors.HexColor(LINE))
    canvas.setLineWidth(0.4)
    canvas.setDash(3, 3)
    canvas.line(PAGE_W / 2, 0, PAGE_W / 2, PAGE_H)
    canvas.line(0, PAGE_H / 2, PAGE_W, PAGE_H / 2)
    canvas.setDash()
    canvas.setStrokeColor(colors.HexColor(INK))
    canvas.setLineWidth(0.6)
    # Ticks inside the printable area of most printers (from 3 mm to 9 mm in).
    near, far = 3 * mm, 9 * mm
    for x0, y0, x1, y1 in ((PAGE_W / 2, near, PAGE_W / 2, far),
                           (PAGE_W / 2, PAGE_H - far, PAGE_W / 2, PAGE_H - near),
                           (near, PAGE_H / 2, far, PAGE_H / 2),
                           (PAGE_W - far, PAGE_H / 2, PAGE_W - near, PAGE_H / 2)):
        canvas.line(x0, y0, x1, y1)
    canvas.restoreState()
