"""The consultant's case report: what a consultant of SDJ, OCJ or VK needs to approve or
return a plan version without opening the tool.

In this order: the case and the decision asked for; the bottom lines; the latest map once,
each entry saying whose words it is; every danger statement with its safety goal, the
family's view beside it while they dispute it, and its scaling answers (person, score,
reason, what would make it one point higher) with the chart over the meetings; the whole
case's scaling; what changed since the previous meeting; then (``plans.report_plan``) the
meetings and who came, the safety network, the plan, its versions with who agreed and the
consultant's decisions and notes, and the exchange with the consultant. The genogram and
ecogram come as an annex only when given.
"""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib import colors
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Paragraph, Table, TableStyle

from i18n import Words
from mapping.map import EntryView, MapView, Pair
from mapping.scaling import RatingView
from plans.family_document import day
from plans.printouts import PlanPrint, ReportPrint
from plans.report_changes import map_changes
from plans.report_chart import Point, scaling_chart
from plans.report_plan import annex, exchange, meetings, network, plan, versions
from plans.report_text import BODY, SHADE, SMALL, h1, h2, tagged, text_style, whose
from plans.versions import PlanView
from printing.document import FRAME_W, SOFT, Furniture, build, draft_mark, gap, grid, para, style
from sofs_core.codes import EntryCategory, PlanStatus

# The map's three columns without the danger statements and goals (they follow, with
# their scaling): each entry once.
MAP_COLUMNS = (
    ("doc.map_worries", (EntryCategory.HARM, EntryCategory.COMPLICATING_FACTOR)),
    ("doc.map_working", (EntryCategory.STRENGTH, EntryCategory.EXISTING_SAFETY)),
    ("doc.map_needs", (EntryCategory.NEXT_STEP,)),
)


def _furniture(words: Words, data: PlanPrint) -> Furniture:
    return Furniture(
        title=words("doc.report_title", family=data.family_name),
        stamp=words("doc.stamp", version=data.plan.number, date=day(data.printed_on)),
        page_of=lambda page, pages: words("doc.page_of", page=page, pages=pages),
        mark=draft_mark(words, not data.plan.frozen))


def consultant_report(data: PlanPrint, report: ReportPrint, words: Words) -> bytes:
    story: list[Flowable] = [*_opening(words, data, report), *_bottom_lines(words, report)]
    if report.map is not None:
        story += _latest_map(words, report, report.map)
        story += _dangers(words, report, report.map)
    story += _scaling(words, report, None, words("report.whole_case"))
    story += _changes(words, report)
    story += meetings(words, report)
    story += network(words, data)
    story += plan(words, data, report.journal)
    story += versions(words, report, data)
    story += exchange(words, report)
    story += annex(words, data.genogram, report.ecogram)
    return build(story, _furniture(words, data))


def _opening(words: Words, data: PlanPrint, report: ReportPrint) -> list[Flowable]:
    case = report.case
    label, cell = style(SMALL, bold=True, color=SOFT), style(BODY)
    referrer = words(f"referrerbody.{case.referrer_body.value}")
    if case.referrer_other.strip():
        referrer = f"{referrer} ({case.referrer_other})"
    facts = [
        ("report.hulpvorm", words(f"hulpvorm.{case.hulpvorm}")),
        ("report.referrer", f"{referrer}: {case.consultant_name}" if case.consultant_name
         else referrer),
        ("report.counsellors", ", ".join(case.counsellor_names)),
        ("report.started", day(case.start_date)),
        ("report.meetings", words("report.meetings_count", count=report.meetings,
                                  date=day(report.latest_meeting_on))
         if report.meetings else "0"),
    ]
    # Two facts to a row: label, value, label, value.
    cells = [[para(words(key), label), para(value, cell)] for key, value in facts]
    rows: list[list[Flowable | str]] = [[*cells[i], *(cells[i + 1] if i + 1 < len(cells)
                                                       else ["", ""])]
                                        for i in range(0, len(cells), 2)]
    return [para(words("report.heading"), style(18, bold=True, space_after=2)),
            para(data.family_name, style(14, space_after=6)),
            grid(rows, [FRAME_W * w for w in (0.2, 0.35, 0.14, 0.31)], header=False),
            gap(6),
            _decision(words, data.plan, report), gap(8)]


def _decision(words: Words, plan: PlanView, report: ReportPrint) -> Table:
    """The box that says what is asked of the consultant for this version."""
    lines = [para(words("report.this_version", version=plan.number,
                        status=words(f"planstatus.{plan.status.value}")),
                  style(11, bold=True, space_after=3))]
    if plan.agreed_on:
        lines.append(para(words("report.agreed_with", who=plan.agreed_by,
                                date=day(plan.agreed_on)), text_style()))
    else:
        lines.append(para(words("report.not_agreed"), text_style()))
    if plan.status is PlanStatus.SUBMITTED:
        lines.append(para(words("report.waiting", date=day(plan.submitted_on)),
                          text_style(bold=True)))
    elif plan.status is PlanStatus.APPROVED:
        lines.append(para(words("report.approved_by", who=plan.approved_by,
                                date=day(plan.approved_on)), text_style()))
    elif plan.status is PlanStatus.RETURNED:
        lines.append(para(words("report.returned"), text_style()))
    if plan.review_on:
        lines.append(para(words("report.review_on", date=day(plan.review_on)), text_style()))
    lines += [para(d.text, text_style(), label=words("report.uncovered", number=d.number))
              for d in plan.uncovered]
    box = Table([[lines]], colWidths=[FRAME_W])
    box.setStyle(TableStyle([("BACKGROUND", (0, 0), (-1, -1), colors.HexColor(SHADE)),
                             ("BOX", (0, 0), (-1, -1), 0.8, colors.HexColor(SOFT)),
                             ("LEFTPADDING", (0, 0), (-1, -1), 8),
                             ("TOPPADDING", (0, 0), (-1, -1), 6),
                             ("BOTTOMPADDING", (0, 0), (-1, -1), 6)]))
    return box


def _bottom_lines(words: Words, report: ReportPrint) -> list[Flowable]:
    lines = report.map.of(EntryCategory.BOTTOM_LINE) if report.map else ()
    story: list[Flowable] = [h1(words("doc.bottom_lines"))]
    story += [tagged(e.text, BODY, whose(words, e), label="•") for e in lines] or [
        para(words("doc.nothing_yet"), text_style(color=SOFT))]
    return [*story, gap(6)]


def _entry(words: Words, entry: EntryView) -> Paragraph:
    text = entry.text
    if entry.category is EntryCategory.NEXT_STEP and (entry.who or entry.due_on):
        text += " — " + ", ".join(p for p in (entry.who, day(entry.due_on)) if p)
    return tagged(text, SMALL + 0.5, whose(words, entry), label="•")


def _latest_map(words: Words, report: ReportPrint, latest: MapView) -> list[Flowable]:
    head = style(BODY, bold=True)
    cells: list[list[Flowable]] = []
    for _, categories in MAP_COLUMNS:
        cell: list[Flowable] = []
        for category in categories:
            entries = latest.of(category)
            cell.append(para(words(f"entrycategory.{category.value}"),
                             style(SMALL, bold=True, color=SOFT, space_after=1)))
            cell += [_entry(words, e) for e in entries] or [
                para("—", style(SMALL, color=SOFT, space_after=3))]
            cell.append(gap(3))
        cells.append(cell)
    table = grid([[para(words(key), head) for key, _ in MAP_COLUMNS], cells],
                 [FRAME_W / 3] * 3)
    return [h1(words("doc.latest_map", date=day(report.latest_meeting_on))),
            para(words("report.map_note"), text_style(SMALL, color=SOFT, after=4)), table, gap(8)]


def _dangers(words: Words, report: ReportPrint, latest: MapView) -> list[Flowable]:
    if not latest.pairs:
        return []
    before = {e.lineage: e for e in (report.previous_map.of(EntryCategory.DANGER_STATEMENT)
                                     if report.previous_map else ())}
    story: list[Flowable] = []
    for number, pair in enumerate(latest.pairs, start=1):
        story += _pair(words, number, pair, before.get(pair.danger.lineage),
                       h1(words("doc.dangers_goals")) if number == 1 else None)
        story += _scaling(words, report, pair.danger.lineage, "")
    return story


def _pair(words: Words, number: int, pair: Pair, before: EntryView | None,
          title: Flowable | None) -> list[Flowable]:
    danger = pair.danger
    heading = para(words("report.danger_number", number=number), style(11, bold=True,
                                                                      space_after=2))
    statement = tagged(danger.text, BODY, whose(words, danger), bold=True)
    parts: list[Flowable] = [title, heading] if title else [heading]
    if danger.disputed:
        view = [para(words("report.family_disputes"), style(SMALL, bold=True, space_after=2)),
                para(danger.family_view or words("report.no_family_view"), text_style())]
        side = Table([[statement, view]], colWidths=[FRAME_W * 0.55, FRAME_W * 0.45])
        side.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                                  ("BACKGROUND", (1, 0), (1, 0), colors.HexColor(SHADE)),
                                  ("LINEBEFORE", (1, 0), (1, 0), 1.5, colors.HexColor(SOFT))]))
        parts.append(side)
    else:
        parts.append(statement)
        if before is not None and before.disputed:
            parts.append(para(before.family_view or "—", text_style(color=SOFT),
                              label=words("report.no_longer_disputed")))
    if danger.family_words:
        parts.append(para(danger.family_words, text_style(), label=words("report.family_words")))
    goal = pair.goal
    parts.append(tagged(goal.text, BODY, whose(words, goal), label=words("doc.goal"))
                 if goal else para(words("doc.no_goal"), text_style(color=SOFT)))
    return [KeepTogether(parts), gap(3)]


def _scaling(words: Words, report: ReportPrint, lineage: str | None, title: str
             ) -> list[Flowable]:
    """The answers about one danger statement (``lineage``) or the whole case (None): the
    latest meeting's table and the chart over all meetings."""
    answers = [r for r in report.latest_ratings if r.danger_lineage == lineage]
    history = [p for p in report.history if p.danger_lineage == lineage]
    story: list[Flowable] = [h2(title)] if title else []
    if not history:
        return [*story, para(words("report.no_answers"), text_style(color=SOFT)), gap(6)]
    # The title, the table and the chart of one question stay on one page when they fit.
    labels = {m.number: f"{m.number} · {m.held_on:%d/%m}" for m in report.meeting_list}
    last = max(p.meeting_number for p in history)
    earlier = {p.rater_name: p.score for p in history if p.meeting_number < last}
    reasons = any(r.reason.strip() or r.one_point_higher.strip() for r in answers)
    legend: dict[str, str] = {}
    if answers and not reasons:
        # Scores without reasons: the legend says them; a table would only repeat the chart.
        for r in answers:
            legend[r.rater_name] = f"{r.rater_name}: {r.score}"
            if r.rater_name in earlier:
                legend[r.rater_name] += " " + words("report.was", score=earlier[r.rater_name])
        story.append(para(words("report.scores_only", date=day(report.latest_meeting_on)),
                          style(SMALL, color=SOFT, space_after=2)))
    elif answers:
        story += [para(words("report.answers_of", date=day(report.latest_meeting_on)),
                       style(SMALL, color=SOFT, space_after=2)),
                  _answers(words, answers, earlier)]
    chart = scaling_chart([Point(p.meeting_number, p.rater_name, p.score) for p in history],
                          labels or {p.meeting_number: str(p.meeting_number) for p in history},
                          FRAME_W, legend)
    return [KeepTogether([*story, gap(4), chart]), gap(10)]


def _answers(words: Words, answers: Sequence[RatingView], earlier: dict[str, int]) -> Table:
    head, cell = style(SMALL, bold=True), style(SMALL)
    # A column nobody answered (no reasons given) is left out rather than printed empty.
    keys = ["who", "score", "before", *(k for k, field in (("reason", "reason"),
                                                           ("higher", "one_point_higher"))
                                        if any(getattr(r, field).strip() for r in answers))]
    widths = {"who": 0.22, "score": 0.08, "before": 0.09, "reason": 0.33, "higher": 0.28}
    total = sum(widths[k] for k in keys)
    rows: list[list[Flowable | str]] = [[para(words(f"report.answer_{k}"), head)
                                         for k in keys]]
    for r in answers:
        before = earlier.get(r.rater_name)
        row = {"who": tagged(r.rater_name, SMALL, words(f"raterrole.{r.rater_role.value}")),
               "score": para(str(r.score), style(BODY, bold=True)),
               "before": para("—" if before is None else str(before), cell),
               "reason": para(r.reason or "—", cell),
               "higher": para(r.one_point_higher or "—", cell)}
        rows.append([row[k] for k in keys])
    return grid(rows, [FRAME_W * widths[k] / total for k in keys])


def _changes(words: Words, report: ReportPrint) -> list[Flowable]:
    story: list[Flowable] = [CondPageBreak(90), h1(words("report.changes_heading"))]
    if report.map is None or report.previous_map is None:
        return [*story, para(words("report.first_meeting"), text_style()), gap(6)]
    story.append(para(words("report.changes_between", before=day(report.previous_meeting_on),
                            after=day(report.latest_meeting_on)), text_style(SMALL, color=SOFT)))
    rows = map_changes(words, report.previous_map, report.map)
    if not rows:
        return [*story, para(words("report.no_map_changes"), text_style()), gap(6)]
    cell = style(SMALL)
    table = grid([[para(what, style(SMALL, bold=True)), para(part, cell),
                   para(text, cell)] for what, part, text in rows],
                 [FRAME_W * 0.16, FRAME_W * 0.2, FRAME_W * 0.64], header=False)
    return [*story, table, gap(8)]


