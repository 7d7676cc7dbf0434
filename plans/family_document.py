"""The family plan: the paper a family keeps on the fridge.

Written for a parent with little schooling who may read Dutch as a second language: big
letters (at least 14 pt), short lines, plain words on every label, and why the plan exists
in the family's own words. Who to call comes first. Each agreement, and each danger
statement in the family's words, prints in the family's other language under the Dutch
when someone typed it. The genogram comes only when asked for, and never with how people
get on (``plans.printouts.without_emotional_lines``).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, PageBreak, Paragraph

from genograms.drawing import Drawing
from genograms.network import NetworkMember
from genograms.paper import MIN_NAME_PT, smallest_name
from genograms.render import to_reportlab
from i18n import Words
from i18n.catalogue import right_to_left as written_right_to_left
from plans.printouts import PlanPrint
from plans.versions import DangerRef, PlanView, RuleView
from printing.document import (
    FRAME_W,
    INK,
    PAGE_H,
    SOFT,
    Furniture,
    build,
    draft_mark,
    fitted,
    gap,
    grid,
    labelled,
    mirroring,
    para,
    style,
    writing,
)
from printing.fonts import BOLD, draw_text, markup, wrap
from sofs_core.codes import NetworkRoleKind, PlanStatus, RuleKind

# The smallest letters on the plan (its page header and footer aside).
BODY = 14
# Less room above and below than other documents: two pages hold a plan of five agreements.
MARGIN_Y = 13 * mm
# The genogram's page: the frame less the heading above the picture.
GENOGRAM_HEIGHT = PAGE_H - 2 * MARGIN_Y - 56
# Lines close enough to keep two pages, far enough apart to follow with a finger.
LEADING = 1.2
# The body's lines stop this far before the right margin: shorter lines read easier.
SHORT = 0


def day(value: object) -> str:
    return f"{value:%d/%m/%Y}" if value else ""


def right_to_left(text: str) -> bool:
    """True when the first letter with a direction is Arabic, Hebrew or another
    right-to-left script."""
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind in ("R", "AL"):
            return True
        if kind == "L":
            return False
    return False


def _body(*, bold: bool = False, size: float = BODY, indent: float = 0, after: float = 3,
          color: str = INK) -> ParagraphStyle:
    base = style(size, bold=bold, space_after=after, indent=indent, color=color,
                 leading=size * LEADING)
    base.rightIndent = SHORT
    return base


def _translation(text: str, indent: float) -> list[Flowable]:
    """The family's other language, under the Dutch: right-aligned for a right-to-left
    script, in a softer colour so the two are told apart."""
    if not text.strip():
        return []
    if right_to_left(text):
        return [_RightToLeft(text, indent)]
    return [para(text, _body(indent=indent, color=SOFT, after=5))]


class _RightToLeft(Flowable):  # type: ignore[misc]  # reportlab has no type hints
    """Arabic or Hebrew text, each line set against the right margin. A paragraph would
    measure its letters before they are joined (shaped), and so stop short of the margin."""

    def __init__(self, text: str, indent: float) -> None:
        super().__init__()
        self.text, self.indent = text, indent
        self.leading = BODY * LEADING
        self.lines: list[str] = []

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        room = available_width - self.indent
        self.lines = [line for paragraph in self.text.splitlines() or [""]
                      for line in wrap(paragraph, room, size=BODY)]
        self.width = available_width
        self.height = len(self.lines) * self.leading + 5
        return self.width, self.height

    def draw(self) -> None:
        self.canv.setFillColor(colors.HexColor(SOFT))
        for number, line in enumerate(self.lines, start=1):
            draw_text(self.canv, self.width, self.height - 5 - number * self.leading + 3.5,
                      line, size=BODY, anchor="end")


def status_lines(words: Words, plan: PlanView) -> list[str]:
    """Whether the plan is agreed, by whom and when, and the consultant's approval."""
    if not plan.frozen:
        return [words("doc.family_status_draft")]
    lines = [words("doc.family_status_agreed", date=day(plan.agreed_on), who=plan.agreed_by)]
    if plan.status is PlanStatus.APPROVED:
        lines.append(words("doc.family_status_approved", date=day(plan.approved_on),
                           who=plan.approved_by))
    return lines


def _why(words: Words, plan: PlanView) -> list[Flowable]:
    """Why the plan exists, in the family's words; the safety goal alone where a danger
    statement has no family version (the plan page warns about those)."""
    served = [d for d in plan.dangers if any(d.lineage in r.danger_lineages for r in plan.rules)]
    dangers: Iterable[DangerRef] = served or plan.dangers
    parts: list[Flowable] = []
    for danger in dangers:
        item: list[Flowable] = []
        if danger.family_words.strip():
            item.append(para(danger.family_words, _body(indent=BODY, after=2), label="•"))
            item += _translation(danger.family_words_translation, BODY * 1.6)
        elif danger.goal.strip():
            item.append(para(danger.goal, _body(indent=BODY, after=4), label="•"))
        if item:
            parts.append(item)
    if not parts:
        return []
    # Never a KeepTogether inside another: reportlab takes the inner one for endless and
    # breaks the page before the outer one.
    return [KeepTogether([_heading(words("doc.why")), *parts[0]]),
            *(KeepTogether(item) for item in parts[1:])]


def _heading(text: str) -> Flowable:
    # Kept with what follows by a KeepTogether around both (a keep-with-next heading inside
    # one pushed the whole group to the next page).
    return para(text, style(BODY + 3, bold=True, space_after=4))


def _rule(words: Words, number: int, rule: RuleView, phones: dict[int, str]
          ) -> list[Flowable]:
    indent = BODY * 1.6
    head = _body(bold=True, size=BODY + 1, after=2)
    # Right to left, the number stands at the right of the agreement as typed.
    parts: list[Flowable] = [para(rule.what, head, label=f"{number}.") if mirroring()
                             else para(f"{number}. {rule.what}", head)]
    parts += _translation(rule.translation, indent)
    # Who and when share a line; the helpers' numbers are under "who to call".
    short = [(words(f"doc.rule_{key}"), getattr(rule, key)) for key in ("who", "when")]
    short = [(label, text) for label, text in short if text.strip()]
    if short:
        parts.append(_labelled(short, indent))
    for key in ("how_we_know", "if_not_kept"):
        text = getattr(rule, key)
        if text.strip():
            parts.append(para(text, _body(indent=indent, after=1),
                              label=words(f"doc.rule_{key}")))
    if rule.members:
        parts.append(para(", ".join(m.name for m in rule.members),
                          _body(indent=indent, after=1), label=words("doc.rule_members")))
    parts.append(gap(2))
    return parts


def _labelled(pairs: list[tuple[str, str]], indent: float) -> Flowable:
    """Short labelled texts on one line: "Wie: Karim   Wanneer: elke dag"."""
    if mirroring():
        return labelled(pairs, _body(indent=indent, after=1))
    body = "&nbsp;&nbsp;&nbsp; ".join(
        f'<font face="{BOLD}">{markup(label, BOLD)}</font> {markup(" ".join(text.split()))}'
        for label, text in pairs)
    return Paragraph(body, _body(indent=indent, after=1))


def numbered_rules(plan: PlanView) -> list[tuple[int, RuleView]]:
    """The agreements as every document numbers them: those that hold now, then the
    longer-term ones, counted on from 1."""
    rules = [rule for kind in RuleKind for rule in plan.of(kind)]
    return list(enumerate(rules, start=1))


def _rules(words: Words, plan: PlanView, phones: dict[int, str]) -> list[Flowable]:
    if not plan.rules:
        return [para(words("doc.no_rules"), _body())]
    story: list[Flowable] = []
    numbered = numbered_rules(plan)
    for kind in RuleKind:
        these = [(n, r) for n, r in numbered if r.kind is kind]
        if not these:
            continue
        first = _rule(words, these[0][0], these[0][1], phones)
        story.append(KeepTogether([_heading(words(f"doc.rules_{kind.value}")), *first]))
        story += [KeepTogether(_rule(words, n, r, phones)) for n, r in these[1:]]
    return story


def _phones(network: Iterable[NetworkMember]) -> dict[int, str]:
    phones: dict[int, str] = {}
    for member in network:
        if member.phone.strip() and member.person_id not in phones:
            phones[member.person_id] = member.phone
    return phones


def helper_role(words: Words, member: NetworkMember, first_names: dict[int, str]) -> str:
    """What a network member does, in plain words ("the person Lena chose herself")."""
    child = first_names.get(member.for_person_id or -1) or member.for_name
    key = f"doc.family_role_{member.kind.value}"
    return words(key, name=child) if child or member.kind not in (
        NetworkRoleKind.JIM, NetworkRoleKind.TRUSTED_PERSON) else words("doc.family_role_other")


def call_rows(words: Words, data: PlanPrint) -> list[tuple[str, str, str]]:
    """Who to call, as (who, when or why, number): the counsellor (with the service's
    number when their account has none), the service and its 24/7 line, and the helpers."""
    rows = [(p.name, words(p.label_key), p.number) for p in data.call.service_lines]
    first_names = {c.person_id: c.called for c in data.children}
    seen: dict[int, list[NetworkMember]] = {}
    for member in data.network:
        seen.setdefault(member.person_id, []).append(member)
    for roles in seen.values():
        number = next((m.phone for m in roles if m.phone.strip()), "")
        what = ", ".join(dict.fromkeys(helper_role(words, m, first_names) for m in roles))
        rows.append((roles[0].name, what, number))
    return rows


def emergency_rows(words: Words, data: PlanPrint) -> list[tuple[str, str, str]]:
    """The emergency numbers, as (name, when, number)."""
    return [(line.name, words(line.label_key) if line.label_key else "", line.number)
            for line in data.call.emergency]


def _who_to_call(words: Words, data: PlanPrint) -> list[Flowable]:
    rows, emergency = call_rows(words, data), emergency_rows(words, data)
    if not rows and not emergency:
        return []
    cell, number = style(BODY, leading=BODY * LEADING), style(BODY + 2, bold=True)
    parts: list[Flowable] = [_heading(words("doc.contacts"))]
    if rows:
        table = grid([[para(what, cell, label=who), para(phone, number)]
                      for who, what, phone in rows], [FRAME_W * 0.7, FRAME_W * 0.3],
                     header=False)
        table.setStyle([("TOPPADDING", (0, 0), (-1, -1), 2),
                        ("BOTTOMPADDING", (0, 0), (-1, -1), 3)])
        parts.append(table)
    if emergency:
        # Side by side, each number big above what it is for.
        cells = [[para(phone, style(BODY + 4, bold=True, space_after=1)),
                  para(what, cell, label=who)] for who, what, phone in emergency]
        parts += [gap(BODY * 0.3), grid([cells], [FRAME_W / len(cells)] * len(cells),
                                        header=False)]
    return [KeepTogether(parts), gap(BODY * 0.4)]


def _signatures(words: Words, lines: int = 3) -> list[Flowable]:
    head = style(BODY, bold=True, color=SOFT)
    rows: list[list[Flowable | str]] = [[para(words("doc.sign_name"), head),
                                         para(words("doc.sign_signature"), head),
                                         para(words("doc.sign_date"), head)]]
    rows += [["", "", ""] for _ in range(lines)]
    table = grid(rows, [FRAME_W * 0.4, FRAME_W * 0.38, FRAME_W * 0.22],
                 row_heights=[None] + [BODY * 1.8] * lines)  # room to sign
    # Signatures stay together with what they sign for.
    return [KeepTogether([_heading(words("doc.signatures")),
                          para(words("doc.signatures_help"), _body(after=2)), table])]


def family_plan(data: PlanPrint, words: Words) -> bytes:
    """The plan the family keeps: who to call, why there is a plan, the agreements, the
    date we look at it again, room to sign, and (when chosen) who belongs to the family.

    In a language written right to left (Arabic) the whole plan is mirrored."""
    mirrored = written_right_to_left(words)
    with writing(mirrored):
        return _family_plan(data, words, mirrored)


def _family_plan(data: PlanPrint, words: Words, mirrored: bool) -> bytes:
    plan = data.plan
    story: list[Flowable] = [
        para(words("doc.family_plan_heading", family=data.family_name),
             style(BODY + 4, bold=True, space_after=4)),
        *[para(line, _body(after=2)) for line in status_lines(words, plan)],
    ]
    if plan.review_on:
        story.append(para(words("doc.review_on", date=day(plan.review_on)),
                          _body(bold=True, after=0)))
    story.append(gap(BODY * 0.4))
    # Who to call first, where the eye lands; why the plan is there just before the
    # signatures, as what everyone signs for.
    story += _who_to_call(words, data)
    story += _rules(words, plan, _phones(data.network))
    story += _why(words, plan)
    story += _signatures(words)
    if data.genogram is not None:
        story += [PageBreak(), *_genogram(words, data.genogram)]
    furniture = Furniture(
        title=words("doc.family_plan_title", family=data.family_name),
        stamp=words("doc.stamp", version=plan.number, date=day(data.printed_on)),
        page_of=lambda page, pages: words("doc.page_of", page=page, pages=pages),
        mark=draft_mark(words, not plan.frozen), margin_y=MARGIN_Y, right_to_left=mirrored)
    return build(story, furniture, subject=furniture.title)


def _genogram(words: Words, drawing: Drawing) -> list[Flowable]:
    """The family's genogram, as large as the page allows (names of 10 pt or more for most
    families); one whose names would print under 7 pt is left out, with a note."""
    scale = min(FRAME_W / drawing.width, GENOGRAM_HEIGHT / drawing.height)
    if smallest_name(drawing) * scale < MIN_NAME_PT - 1e-9:
        return [_heading(words("doc.our_family")),
                para(words("doc.genogram_too_large"), _body(after=0))]
    return [_heading(words("doc.our_family")),
            fitted(to_reportlab(drawing), FRAME_W, GENOGRAM_HEIGHT, grow=True)]


def optional(words: Words, key: str) -> str:
    """The catalogue's text for ``key``, or "" where it has none."""
    text = words(key)
    return "" if text == key else text
