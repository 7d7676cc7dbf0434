"""The printed documents of a safety plan: for the family, for each network member, for a
child, and the consultant's case report. Each is A4 vector PDF with the family name, date,
version and page numbers on every page; labels come from the catalogue (``words``).

All user text goes through ``printing.document.para`` (escaped). Building a document reads
only the values it is given.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date

from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, PageBreak

from genograms.drawing import Drawing
from genograms.ecogram import role_text
from genograms.network import NetworkMember
from genograms.render import to_reportlab
from i18n import Words
from plans.printouts import PlanPrint
from plans.versions import PlanView, RuleView
from printing.document import (
    FRAME_W,
    PAGE_H,
    Furniture,
    draft_mark,
    fitted,
    gap,
    grid,
    para,
    style,
)
from sofs_core.codes import PlanStatus, RuleKind


def _day(value: date | None) -> str:
    return f"{value:%d/%m/%Y}" if value else ""


def _furniture(words: Words, document: str, data: PlanPrint) -> Furniture:
    return Furniture(
        title=words(f"doc.{document}_title", family=data.family_name),
        stamp=words("doc.stamp", version=data.plan.number, date=_day(data.printed_on)),
        page_of=lambda page, pages: words("doc.page_of", page=page, pages=pages),
        mark=draft_mark(words, not data.plan.frozen))


def _status(words: Words, plan: PlanView) -> str:
    if plan.status is PlanStatus.APPROVED:
        return words("doc.status_approved", date=_day(plan.approved_on), who=plan.approved_by)
    if plan.frozen:  # agreed with the family, whatever the consultant's review says yet
        return words("doc.status_agreed", date=_day(plan.agreed_on), who=plan.agreed_by)
    return words("doc.status_draft")


def _names(members: Iterable[str]) -> str:
    return ", ".join(members)


def _phones(network: Iterable[NetworkMember]) -> dict[int, str]:
    phones: dict[int, str] = {}
    for member in network:
        if member.phone and member.person_id not in phones:
            phones[member.person_id] = member.phone
    return phones


def _rule(words: Words, number: int, rule: RuleView, size: float,
          phones: dict[int, str]) -> Flowable:
    body = style(size, space_after=2, indent=size * 1.6)
    parts: list[Flowable] = [para(f"{number}. {rule.what}", style(size + 2, bold=True,
                                                                  space_after=3))]
    for key in ("who", "when", "how_we_know", "if_not_kept"):
        text = getattr(rule, key)
        if text.strip():
            parts.append(para(text, body, label=words(f"doc.rule_{key}")))
    if rule.members:
        helpers = [f"{m.name} ({phones[m.person_id]})" if m.person_id in phones else m.name
                   for m in rule.members]
        parts.append(para(_names(helpers), body, label=words("doc.rule_members")))
    parts.append(gap(size * 0.6))
    # A short rule stays on one page; a long one flows on (KeepTogether splits if it must).
    return KeepTogether(parts)


def _rules(words: Words, plan: PlanView, size: float, phones: dict[int, str],
           only: set[str] | None = None) -> list[Flowable]:
    story: list[Flowable] = []
    number = 0
    for kind in RuleKind:
        rules = [r for r in plan.of(kind) if only is None or r.lineage in only]
        if not rules:
            continue
        story += [CondPageBreak(size * 6),
                  para(words(f"doc.rules_{kind.value}"), style(size + 4, bold=True,
                                                               space_after=6, heading=True))]
        for rule in rules:
            number += 1
            story.append(_rule(words, number, rule, size, phones))
    return story


def _contacts(words: Words, network: Iterable[NetworkMember], size: float) -> list[Flowable]:
    by_person: dict[int, list[NetworkMember]] = defaultdict(list)
    for member in network:
        by_person[member.person_id].append(member)
    if not by_person:
        return []
    cell = style(size)
    head = style(size, bold=True)
    rows: list[list[Flowable | str]] = [[para(words("doc.contact_who"), head),
                                         para(words("doc.contact_role"), head),
                                         para(words("doc.contact_phone"), head)]]
    for roles in by_person.values():
        rows.append([para(roles[0].name, cell),
                     para(_names(role_text(m, words) for m in roles), cell),
                     para(next((m.phone for m in roles if m.phone), ""), cell)])
    return [CondPageBreak(size * 8),
            para(words("doc.contacts"), style(size + 4, bold=True, space_after=6)),
            grid(rows, [FRAME_W * 0.36, FRAME_W * 0.38, FRAME_W * 0.26]), gap(size)]


def _picture(drawing: Drawing | None, heading: str, size: float) -> list[Flowable]:
    if drawing is None:
        return []
    return [PageBreak(), para(heading, style(size + 4, bold=True, space_after=8)),
            fitted(to_reportlab(drawing), FRAME_W, PAGE_H * 0.7)]


# The family's documents live in their own modules; their names stay importable from here.
from plans.child_document import child_version  # noqa: E402
from plans.consultant_report import consultant_report  # noqa: E402
from plans.family_document import family_plan  # noqa: E402
from plans.network_cards import network_cards  # noqa: E402

__all__ = ["child_version", "consultant_report", "family_plan", "network_cards"]
