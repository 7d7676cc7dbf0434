"""The child's version: one page (or two) for one child, spoken to that child.

People are named as the children call them ("oma Rita"); the child's own trusted people,
safety object and, for a young person of 12 or more, their JIM. A younger child's page has
big letters (at least 16 pt) and a simple picture, drawn here, for each part of the story;
a young person's page is plainer and grown-up.
"""

from __future__ import annotations

from reportlab.graphics.shapes import Circle, Drawing, Ellipse, Line, Polygon, PolyLine, Rect
from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, KeepTogether, Table, TableStyle

from i18n import Words
from i18n.catalogue import right_to_left as written_right_to_left
from mapping.safety_house import SharedHouse
from plans.contacts import Phone
from plans.family_document import day
from plans.printouts import Child, PlanPrint
from printing.document import (
    FRAME_W,
    LINE,
    PAGE_H,
    Furniture,
    build,
    draft_mark,
    gap,
    mirroring,
    para,
    style,
    writing,
)
from printing.mirrored import starts_right_to_left
from sofs_core.codes import NetworkRoleKind

# Letters: a young child reads (or is read) big ones; a young person, ordinary ones.
CHILD_TEXT, CHILD_HEADING = 17, 21
YOUNG_TEXT, YOUNG_HEADING = 13, 16
ICON = 64
# The page's words: to a younger child, and plainer ones to a young person.
CHILD_WORDS = {
    "heading": "doc.child_heading", "worries": "doc.child_worries", "next": "doc.child_next",
    "trusted": "doc.child_trusted", "no_trusted": "doc.child_no_trusted",
    "object": "doc.child_object", "object_help": "doc.child_object_help",
    "call": "doc.child_call", "draw": "doc.child_draw"}
YOUNG_PERSON_WORDS = {
    "heading": "doc.teen_heading", "worries": "doc.teen_worries", "next": "doc.teen_next",
    "trusted": "doc.teen_trusted", "no_trusted": "doc.teen_no_trusted",
    "object": "doc.teen_object", "object_help": "doc.teen_object_help",
    "call": "doc.teen_call", "draw": "doc.teen_notes"}
INK_LINE = colors.HexColor("#1f2933")
SKY, SUN, HEART, GRASS = (colors.HexColor(c) for c in ("#5b8def", "#f5b700", "#e2445c",
                                                       "#3aa655"))


def _figure(drawing: Drawing, x: float, y: float, height: float, color: colors.Color) -> None:
    """A stick figure standing at (x, y)."""
    head = height * 0.16
    neck = y + height - 2 * head
    drawing.add(Circle(x, neck + head, head, strokeColor=color, strokeWidth=2,
                       fillColor=colors.white))
    hip = y + height * 0.35
    for part in ((x, neck, x, hip), (x, hip, x - height * 0.16, y),
                 (x, hip, x + height * 0.16, y), (x - height * 0.22, neck - height * 0.12,
                                                  x + height * 0.22, neck - height * 0.12)):
        drawing.add(Line(*part, strokeColor=color, strokeWidth=2))


def worries_picture() -> Drawing:
    """A grey cloud with rain: something was not good."""
    d = Drawing(ICON, ICON)
    grey = colors.HexColor("#8a99a8")
    for cx, cy, r in ((22, 40, 12), (36, 46, 15), (48, 38, 11), (34, 34, 12)):
        d.add(Circle(cx, cy, r, fillColor=grey, strokeColor=grey))
    for x in (20, 32, 44):
        d.add(Line(x, 20, x - 4, 8, strokeColor=SKY, strokeWidth=2.5))
    return d


def next_picture() -> Drawing:
    """A house with a heart in it, and the sun: what happens now keeps home safe."""
    d = Drawing(ICON, ICON)
    d.add(Circle(52, 54, 8, fillColor=SUN, strokeColor=SUN))
    d.add(Rect(10, 6, 36, 28, fillColor=colors.white, strokeColor=INK_LINE, strokeWidth=2))
    d.add(Polygon([6, 34, 28, 54, 50, 34], fillColor=colors.HexColor("#f3d9b1"),
                  strokeColor=INK_LINE, strokeWidth=2))
    d.add(Circle(24, 22, 4.5, fillColor=HEART, strokeColor=HEART))
    d.add(Circle(32, 22, 4.5, fillColor=HEART, strokeColor=HEART))
    d.add(Polygon([19.8, 20, 36.2, 20, 28, 11], fillColor=HEART, strokeColor=HEART))
    return d


def trusted_picture() -> Drawing:
    """Two people holding hands: someone you can go to."""
    d = Drawing(ICON, ICON)
    _figure(d, 20, 6, 52, GRASS)
    _figure(d, 44, 6, 40, SKY)
    d.add(Line(29, 33, 36, 27, strokeColor=INK_LINE, strokeWidth=2))
    return d


def object_picture() -> Drawing:
    """A teddy bear: the thing you show when you need help."""
    d = Drawing(ICON, ICON)
    brown = colors.HexColor("#a0682d")
    for cx, cy, r in ((22, 52, 6), (42, 52, 6)):
        d.add(Circle(cx, cy, r, fillColor=brown, strokeColor=brown))
    d.add(Ellipse(32, 18, 15, 14, fillColor=brown, strokeColor=brown))
    d.add(Circle(32, 42, 12, fillColor=brown, strokeColor=brown))
    d.add(Circle(32, 38, 4.5, fillColor=colors.HexColor("#e8c9a0"), strokeColor=brown))
    for x in (27, 37):
        d.add(Circle(x, 45, 1.6, fillColor=INK_LINE, strokeColor=INK_LINE))
    return d


def phone_picture() -> Drawing:
    """A telephone: numbers you can call."""
    d = Drawing(ICON, ICON)
    d.add(Rect(20, 4, 26, 54, rx=5, ry=5, fillColor=colors.HexColor("#dde3ea"),
               strokeColor=INK_LINE, strokeWidth=2))
    d.add(Rect(24, 16, 18, 34, fillColor=colors.white, strokeColor=INK_LINE, strokeWidth=1))
    d.add(Circle(33, 10, 2.5, fillColor=INK_LINE, strokeColor=INK_LINE))
    return d


def pencil_picture() -> Drawing:
    """A pencil: room to draw."""
    d = Drawing(ICON, ICON)
    d.add(Polygon([10, 14, 44, 48, 54, 38, 20, 4], fillColor=SUN, strokeColor=INK_LINE,
                  strokeWidth=2))
    d.add(Polygon([10, 14, 20, 4, 4, 2], fillColor=colors.HexColor("#f3d9b1"),
                  strokeColor=INK_LINE, strokeWidth=2))
    d.add(PolyLine([44, 48, 54, 38], strokeColor=HEART, strokeWidth=4))
    return d


def _section(heading: str, lines: list[Flowable], picture: Drawing | None,
             size: float, heading_size: float) -> Flowable:
    head = para(heading, style(heading_size, bold=True, space_after=4, heading=True))
    if picture is None:
        return KeepTogether([head, *lines, gap(size * 0.6)])
    if mirroring():  # the picture at the right, where the reader starts
        table = Table([[[head, *lines], picture]], colWidths=[FRAME_W - ICON - 14, ICON + 14])
        edge: tuple[str, tuple[int, int], tuple[int, int], float] = (
            "RIGHTPADDING", (1, 0), (1, 0), 0)
        table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                                   ("ALIGN", (1, 0), (1, 0), "RIGHT"), edge,
                                   ("BOTTOMPADDING", (0, 0), (-1, -1), size * 0.7)]))
        return table
    table = Table([[picture, [head, *lines]]], colWidths=[ICON + 14, FRAME_W - ICON - 14])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("LEFTPADDING", (0, 0), (0, 0), 0),
                               ("BOTTOMPADDING", (0, 0), (-1, -1), size * 0.7)]))
    return table


class _Room(Flowable):  # type: ignore[misc]  # reportlab has no type hints
    """Its heading and a framed, empty box below it for the rest of the page, room to draw
    or to write; nothing at all (no second page) when less than ``least`` is left."""

    def __init__(self, heading: Flowable, least: float) -> None:
        super().__init__()
        self.heading, self.least = heading, least
        self.head_height = 0.0

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = available_width
        if available_height < self.least:
            self.height = 0.0
            return self.width, 0.0
        self.head_height = self.heading.wrapOn(self.canv, available_width,
                                               available_height)[1]
        self.height = available_height - 4
        return self.width, self.height

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        return []  # never carried over to another page: it is only the rest of this one

    def draw(self) -> None:
        if self.height <= 0:
            return
        self.heading.drawOn(self.canv, 0, self.height - self.head_height)
        box = self.height - self.head_height
        self.canv.setStrokeColor(colors.HexColor(LINE))
        self.canv.setLineWidth(1.5)
        self.canv.setDash(6, 4)
        self.canv.roundRect(0, 0, self.width, box, 12)


def _people(data: PlanPrint, child: Child, kind: NetworkRoleKind) -> list[tuple[str, str]]:
    """The child's own trusted people (or JIM), as the children call them, with phone."""
    seen: dict[int, tuple[str, str]] = {}
    for member in data.network:
        if member.kind is kind and member.for_person_id == child.person_id:
            # The number on one line: a phone number broken in two gets dialled wrong.
            seen.setdefault(member.person_id,
                            (data.child_word(member.person_id, member.name),
                             member.phone.strip().replace(" ", "\u00a0")))
    return list(seen.values())


def child_version(data: PlanPrint, words: Words, child: Child) -> bytes:
    """The story for one child: who was worried about what, what happens now, who the
    child can go to, their safety object and the numbers they may call (mirrored in a
    language written right to left)."""
    # Mirrored only where its words are in that language too (not fallen back to Dutch).
    mirrored = written_right_to_left(words) and starts_right_to_left(
        words(CHILD_WORDS["heading"] if not child.young_person
              else YOUNG_PERSON_WORDS["heading"], name=""))
    with writing(mirrored):
        return _child_version(data, words, child, mirrored)


def _child_version(data: PlanPrint, words: Words, child: Child, mirrored: bool) -> bytes:
    young = not child.young_person
    keys = CHILD_WORDS if young else YOUNG_PERSON_WORDS
    size, heading = (CHILD_TEXT, CHILD_HEADING) if young else (YOUNG_TEXT, YOUNG_HEADING)
    text = style(size, space_after=size * 0.4, leading=size * 1.45)
    page = data.plan.child_page(child.person_id)

    def section(key: str, lines: list[Flowable], picture: Drawing) -> Flowable:
        return _section(words(keys[key]), lines, picture if young else None, size, heading)

    story: list[Flowable] = [
        para(words(keys["heading"], name=child.called),
             style(heading + 9, bold=True, space_after=size)),
    ]
    if page.worries.strip():
        story.append(section("worries", [para(page.worries, text)], worries_picture()))
    if page.next.strip():
        story.append(section("next", [para(page.next, text)], next_picture()))
    # A young person's JIM first; someone who is both JIM and trusted person, once.
    jims = _people(data, child, NetworkRoleKind.JIM) if child.young_person else []
    trusted = [para(f"{name}   {phone}".strip(), text, label=words("doc.teen_jim"))
               for name, phone in jims]
    trusted += [para(f"{name}   {phone}".strip(), text)
                for name, phone in _people(data, child, NetworkRoleKind.TRUSTED_PERSON)
                if (name, phone) not in jims]
    story.append(section("trusted", trusted or [para(words(keys["no_trusted"]), text)],
                         trusted_picture()))
    house = data.safety_houses.get(child.person_id)
    if house is not None and not house.empty:
        story.append(_house_section(house, words, young, text, size, heading))
    # The child's own object on its page of the plan, else the one it shares from its
    # Safety House, else the plan's object for all the children.
    own = next((c.safety_object for c in data.plan.children
                if c.person_id == child.person_id), "")
    safety_object = (own.strip() or ", ".join(house.safety_objects if house else ())
                     or page.safety_object.strip())
    if safety_object:
        story.append(section("object", [para(words(keys["object_help"]), text),
                                        para(safety_object, style(size, bold=True,
                                                                  space_after=4))],
                             object_picture()))
    # The number first and bold: the one thing to find again in a hurry.
    calls = [para(_child_words(words, line), text, label=line.number)
             for line in data.call.emergency]
    if calls:
        story.append(section("call", calls, phone_picture()))
    # One page per child: the room to draw or write takes what is left of it, if enough is.
    draw_head = (section("draw", [], pencil_picture()) if young else
                 para(words(keys["draw"]), style(heading, bold=True, space_after=4,
                                                 heading=True)))
    story.append(_Room(draw_head, PAGE_H * 0.18))
    furniture = Furniture(
        title=words("doc.child_title", family=data.family_name),
        stamp=words("doc.stamp", version=data.plan.number, date=day(data.printed_on)),
        page_of=lambda number, pages: words("doc.page_of", page=number, pages=pages),
        mark=draft_mark(words, not data.plan.frozen), right_to_left=mirrored)
    return build(story, furniture)


def _house_section(house: SharedHouse, words: Words, young: bool, text: ParagraphStyle,
                   size: float, heading: float) -> Flowable:
    """What the child shares of its Safety House: who lives there, who visits, and the
    rules on the roof in the child's own words (never the red zone: see SharedHouse)."""
    reader = "child" if young else "teen"

    def said(part: str) -> str:
        return words(f"safety_house.doc.{reader}_{part}")

    lines = [para(", ".join(names), text, label=said(part))
             for part, names in (("inside", house.inside), ("visitors", house.visitors))
             if names]
    if house.roof_rules:
        lines.append(para(said("rules"), style(size, bold=True, space_after=2)))
        lines += [para(f"\u2022 {rule}", text) for rule in house.roof_rules]
    return _section(said("heading"), lines, next_picture() if young else None, size,
                    heading)


def _child_words(words: Words, line: Phone) -> str:
    """An emergency number in words for children, where there are such words."""
    key = line.child_key or line.label_key
    return words(key) if key else line.name
