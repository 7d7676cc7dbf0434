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

from reportlab.graphics.charts.lineplots import LinePlot
from reportlab.graphics.shapes import Drawing as RLDrawing
from reportlab.graphics.shapes import Line
from reportlab.lib import colors
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, PageBreak

from genograms.drawing import Drawing, Words
from genograms.ecogram import role_text
from genograms.network import NetworkMember
from genograms.render import to_reportlab
from plans.printouts import Child, PlanPrint, ReportPrint
from plans.versions import PlanView, RuleView
from printing.document import (
    FRAME_W,
    INK,
    LINE,
    PAGE_H,
    SOFT,
    Furniture,
    build,
    fitted,
    gap,
    grid,
    para,
    style,
)
from printing.fonts import REGULAR, graphics_text
from storage.enums import EntryCategory, NetworkRoleKind, PlanStatus, RuleKind

# The family plan hangs on the fridge: big letters.
FRIDGE = 14
SERIES = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2",
          "#17becf", "#7f7f7f", "#bcbd22"]


def _day(value: date | None) -> str:
    return f"{value:%d/%m/%Y}" if value else ""


def _furniture(words: Words, document: str, data: PlanPrint) -> Furniture:
    return Furniture(
        title=words(f"doc.{document}_title", family=data.family_name),
        stamp=words("doc.stamp", version=data.plan.number, date=_day(data.printed_on)),
        page_of=lambda page, pages: words("doc.page_of", page=page, pages=pages))


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


def _signatures(words: Words, size: float, lines: int = 5) -> list[Flowable]:
    head = style(size - 2, bold=True, color=SOFT)
    rows: list[list[Flowable | str]] = [[para(words("doc.sign_name"), head),
                                         para(words("doc.sign_signature"), head),
                                         para(words("doc.sign_date"), head)]]
    rows += [["", "", ""] for _ in range(lines)]
    table = grid(rows, [FRAME_W * 0.4, FRAME_W * 0.4, FRAME_W * 0.2],
                 row_heights=[None] + [size * 2.6] * lines)  # room to sign
    return [KeepTogether([para(words("doc.signatures"), style(size + 4, bold=True,
                                                               space_after=4)),
                          para(words("doc.signatures_help"), style(size - 2, color=SOFT,
                                                                   space_after=6)),
                          table])]


def _picture(drawing: Drawing | None, heading: str, size: float) -> list[Flowable]:
    if drawing is None:
        return []
    return [PageBreak(), para(heading, style(size + 4, bold=True, space_after=8)),
            fitted(to_reportlab(drawing), FRAME_W, PAGE_H * 0.7)]


def family_plan(data: PlanPrint, words: Words) -> bytes:
    """The plan the family keeps: their rules in big letters, who to call, when we look at
    it again, room to sign, and their genogram."""
    plan = data.plan
    big = style(FRIDGE, space_after=4)
    story: list[Flowable] = [
        para(words("doc.family_plan_heading", family=data.family_name),
             style(26, bold=True, space_after=6)),
        para(_status(words, plan), style(FRIDGE - 2, color=SOFT, space_after=4)),
    ]
    if plan.review_on:
        story.append(para(words("doc.review_on", date=_day(plan.review_on)),
                          style(FRIDGE, bold=True, space_after=12)))
    dangers = [d for d in plan.dangers
               if any(d.lineage in r.danger_lineages for r in plan.rules)] or list(plan.dangers)
    if dangers:
        story.append(para(words("doc.why"), style(FRIDGE + 4, bold=True, space_after=6)))
        for danger in dangers:
            story.append(para(danger.text, big, label="•"))
            if danger.goal:
                story.append(para(danger.goal, style(FRIDGE, indent=FRIDGE, space_after=4),
                                  label=words("doc.goal")))
        story.append(gap(FRIDGE))
    if not plan.rules:
        story.append(para(words("doc.no_rules"), big))
    story += _rules(words, plan, FRIDGE, _phones(data.network))
    story += _contacts(words, data.network, FRIDGE - 2)
    story += _signatures(words, FRIDGE)
    story += _picture(data.genogram, words("doc.our_family"), FRIDGE)
    return build(story, _furniture(words, "family_plan", data),
                 subject=words("doc.family_plan_title", family=data.family_name))


def network_cards(data: PlanPrint, words: Words) -> bytes:
    """One card per network member: only their own promises, the rules they help keep, and
    whom to call (the chair and the people who keep those rules with them)."""
    plan = data.plan
    phones = _phones(data.network)
    by_person: dict[int, list[NetworkMember]] = defaultdict(list)
    for member in data.network:
        by_person[member.person_id].append(member)
    chairs = [m for m in data.network if m.kind is NetworkRoleKind.CHAIR]
    story: list[Flowable] = []
    for person_id, roles in by_person.items():
        if story:
            story.append(PageBreak())
        own = {r.lineage for r in plan.rules if any(m.person_id == person_id for m in r.members)}
        story += [para(words("doc.card_heading", name=roles[0].name),
                       style(22, bold=True, space_after=4)),
                  para(_names(role_text(m, words) for m in roles),
                       style(13, color=SOFT, space_after=10))]
        promises = [m.commitment for m in roles if m.commitment.strip()]
        if promises:
            story.append(para(words("doc.card_promise"), style(15, bold=True, space_after=4)))
            story += [para(text, style(12, space_after=4)) for text in promises]
            story.append(gap(8))
        if own:
            story += _rules(words, plan, 12, phones, only=own)
        else:
            story.append(para(words("doc.card_no_rules"), style(12, space_after=8)))
        partners = {m.person_id for r in plan.rules if r.lineage in own for m in r.members}
        call = [m for m in data.network if m.person_id != person_id
                and (m.kind is NetworkRoleKind.CHAIR or m.person_id in partners)]
        story += _contacts(words, call or chairs, 12)
    if not story:
        story.append(para(words("doc.card_empty"), style(14)))
    return build(story, _furniture(words, "cards", data))


def child_version(data: PlanPrint, words: Words, child: Child) -> bytes:
    """Words and pictures for one child: who was worried about what, what happens now, the
    child's trusted person and safety object, and room to draw."""
    plan = data.plan
    heading = style(18, bold=True, space_after=4)
    text = style(16, space_after=10, leading=24)
    trusted = [m for m in data.network if m.kind is NetworkRoleKind.TRUSTED_PERSON
               and m.for_person_id == child.person_id]
    story: list[Flowable] = [
        para(words("doc.child_heading", name=child.name), style(30, bold=True, space_after=14)),
        para(words("doc.child_worries"), heading),
        para(plan.child_worries or words("doc.child_blank"), text),
        para(words("doc.child_next"), heading),
        para(plan.child_next or words("doc.child_blank"), text),
        para(words("doc.child_trusted"), heading),
    ]
    if trusted:
        story += [para(f"{m.name} {m.phone}".strip(), text) for m in trusted]
    else:
        story.append(para(words("doc.child_blank"), text))
    story += [para(words("doc.child_object"), heading),
              para(plan.safety_object or words("doc.child_blank"), text),
              CondPageBreak(PAGE_H * 0.3),
              para(words("doc.child_draw"), heading),
              _DrawingRoom()]
    return build(story, _furniture(words, "child", data))


class _DrawingRoom(Flowable):  # type: ignore[misc]  # reportlab has no type hints
    """A framed, empty box that takes the rest of the page: room for the child to draw."""

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width, self.height = available_width, max(available_height - 4, 120)
        return self.width, self.height

    def draw(self) -> None:
        self.canv.setStrokeColor(colors.HexColor(LINE))
        self.canv.setLineWidth(1.5)
        self.canv.setDash(6, 4)
        self.canv.roundRect(0, 0, self.width, self.height, 12)


# The report's map: the three columns, in order, with the bottom lines above them.
MAP_COLUMNS = (
    ("doc.map_worries", (EntryCategory.HARM, EntryCategory.DANGER_STATEMENT,
                         EntryCategory.COMPLICATING_FACTOR)),
    ("doc.map_working", (EntryCategory.STRENGTH, EntryCategory.EXISTING_SAFETY)),
    ("doc.map_needs", (EntryCategory.SAFETY_GOAL, EntryCategory.NEXT_STEP)),
)


def _scaling_chart(report: ReportPrint, words: Words) -> RLDrawing | None:
    """The whole-case scaling question over the meetings: one line per person, 0 to 10."""
    points = [p for p in report.history if p.danger_lineage is None]
    if not points:
        return None
    meetings = sorted({p.meeting_number for p in points})
    people = list(dict.fromkeys(p.rater_name for p in points))[:len(SERIES)]
    legend_rows = (len(people) + 2) // 3
    legend_h = 14 * legend_rows + 8
    width, plot_h = FRAME_W, 190
    chart = RLDrawing(width, legend_h + plot_h + 40)
    plot = LinePlot()
    plot.x, plot.y, plot.width, plot.height = 30, legend_h + 20, width - 50, plot_h
    plot.data = [[(p.meeting_number, p.score) for p in points if p.rater_name == name]
                 for name in people]
    plot.yValueAxis.valueMin, plot.yValueAxis.valueMax, plot.yValueAxis.valueStep = 0, 10, 2
    plot.xValueAxis.valueMin = min(meetings) - 0.2
    plot.xValueAxis.valueMax = max(meetings) + 0.2
    plot.xValueAxis.valueSteps = meetings
    plot.xValueAxis.labelTextFormat = "%d"
    for axis in (plot.xValueAxis, plot.yValueAxis):
        axis.labels.fontName = REGULAR
        axis.labels.fontSize = 8
    for index, _ in enumerate(people):
        plot.lines[index].strokeColor = colors.HexColor(SERIES[index])
        plot.lines[index].strokeWidth = 1.5
    chart.add(plot)
    column_w = (width - 30) / 3
    for index, name in enumerate(people):
        x = 30 + column_w * (index % 3)
        y = legend_h - 14 * (index // 3 + 1)
        chart.add(Line(x, y + 3, x + 16, y + 3, strokeColor=colors.HexColor(SERIES[index]),
                       strokeWidth=2))
        chart.add(graphics_text(x + 20, y, name[:40], font=REGULAR, size=8, anchor="start",
                                color=INK))
    chart.add(graphics_text(0, legend_h + plot_h + 28, words("doc.chart_axis"), font=REGULAR,
                            size=8, anchor="start", color=SOFT))
    return chart


def consultant_report(data: PlanPrint, report: ReportPrint, words: Words) -> bytes:
    """For the consultant: the case, bottom lines, the latest map, danger statements with
    their goals, the scaling history, the genogram and ecogram, and the plan with its
    versions and what changed since the previous one."""
    case = report.case
    h1 = style(20, bold=True, space_after=8, heading=True)
    h2 = style(14, bold=True, space_after=4, heading=True)
    body, soft = style(10, space_after=3), style(9, color=SOFT, space_after=6)
    story: list[Flowable] = [
        para(words("doc.report_heading", family=case.family_name), style(22, bold=True,
                                                                          space_after=6)),
        para(words("doc.report_case", counsellors=_names(case.counsellor_names),
                   consultant=case.consultant_name, start=_day(case.start_date),
                   meetings=report.meetings), body),
        para(_status(words, data.plan), soft),
    ]
    latest = report.map
    if latest is not None:
        story.append(para(words("doc.bottom_lines"), h1))
        lines = latest.of(EntryCategory.BOTTOM_LINE)
        story += [para(e.text, body, label="•") for e in lines] or [
            para(words("doc.nothing_yet"), soft)]
        story.append(para(words("doc.latest_map", date=_day(report.latest_meeting_on)), h1))
        for key, categories in MAP_COLUMNS:
            story.append(para(words(key), h2))
            for category in categories:
                entries = latest.of(category)
                if entries:
                    story.append(para(words(f"entrycategory.{category.value}"),
                                      style(10, bold=True, color=SOFT, space_after=2)))
                    story += [para(e.text, body, label="•") for e in entries]
        story.append(para(words("doc.dangers_goals"), h1))
        for number, pair in enumerate(latest.pairs, start=1):
            story.append(KeepTogether([
                para(pair.danger.text, style(11, bold=True, space_after=2),
                     label=f"{number}."),
                para(pair.goal.text if pair.goal else words("doc.no_goal"),
                     style(10, indent=14, space_after=8), label=words("doc.goal"))]))
    chart = _scaling_chart(report, words)
    story.append(para(words("doc.scaling_history"), h1))
    story.append(chart if chart is not None else para(words("doc.nothing_yet"), soft))
    story += _picture(data.genogram, words("doc.genogram"), 10)
    story += _picture(report.ecogram, words("doc.ecogram"), 10)
    story += _contacts(words, data.network, 10)
    story += [PageBreak(), para(words("doc.the_plan", version=data.plan.number), h1)]
    story += _rules(words, data.plan, 10, _phones(data.network))
    uncovered = data.plan.uncovered
    if uncovered:
        story.append(para(words("doc.uncovered"), h2))
        story += [para(d.text, body, label="•") for d in uncovered]
    story += _history(words, report)
    return build(story, _furniture(words, "report", data))


def _history(words: Words, report: ReportPrint) -> list[Flowable]:
    cell, head = style(9), style(9, bold=True)
    rows: list[list[Flowable | str]] = [[para(words(f"doc.version_{k}"), head) for k in
                                         ("number", "status", "agreed", "approved", "review")]]
    for v in report.versions:
        rows.append([para(str(v.number), cell), para(words(f"planstatus.{v.status.value}"), cell),
                     para(_day(v.agreed_on), cell), para(_day(v.approved_on), cell),
                     para(_day(v.review_on), cell)])
    story: list[Flowable] = [CondPageBreak(120), para(words("doc.versions"),
                                                      style(14, bold=True, space_after=4)),
                             grid(rows, [FRAME_W * w for w in (0.12, 0.28, 0.2, 0.2, 0.2)])]
    changes = report.changes
    if changes is not None:
        body = style(10, space_after=3)
        story.append(para(words("doc.changes", older=changes.older.number,
                                newer=changes.newer.number), style(12, bold=True,
                                                                    space_after=4)))
        story += [para(c.after.what, body, label=words("doc.change_added"))
                  for c in changes.added if c.after]
        story += [para(c.after.what, body, label=words("doc.change_changed"))
                  for c in changes.changed if c.after]
        story += [para(c.before.what, body, label=words("doc.change_removed"))
                  for c in changes.removed if c.before]
        if changes.is_empty:
            story.append(para(words("doc.no_changes"), body))
    return story
