"""What the consultant's report says changed: on the map since the previous meeting (by
lineage, so an entry is followed from meeting to meeting), and per plan version who agreed
and what the consultant decided."""

from __future__ import annotations

from i18n import Words
from mapping.map import EntryView, MapView
from plans.family_document import day
from plans.printouts import ReportPrint
from sofs_core.codes import CommentKind, PlanStatus


def _entries(view: MapView) -> dict[str, EntryView]:
    return {e.lineage: e for entries in view.entries.values() for e in entries}


def map_changes(words: Words, before: MapView, after: MapView) -> list[tuple[str, str, str]]:
    """(what happened, part of the map, text) for every entry added, changed or removed
    between two meetings' maps, in the map's order."""
    old, new = _entries(before), _entries(after)

    def part(entry: EntryView) -> str:
        return words(f"entrycategory.{entry.category.value}")

    rows = [(words("report.change_added"), part(e), e.text)
            for lineage, e in new.items() if lineage not in old]
    for lineage, now in new.items():
        then = old.get(lineage)
        if then is not None and (notes := _what_changed(words, then, now)):
            rows.append((words("report.change_changed"), part(now), "\n".join([now.text,
                                                                               *notes])))
    rows += [(words("report.change_removed"), part(e), e.text)
             for lineage, e in old.items() if lineage not in new]
    return rows


def _what_changed(words: Words, then: EntryView, now: EntryView) -> list[str]:
    notes = []
    if then.text != now.text:
        notes.append(words("report.was_text", text=then.text))
    if now.disputed and not then.disputed:
        notes.append(words("report.now_disputed", view=now.family_view or "—"))
    elif then.disputed and not now.disputed:
        notes.append(words("report.now_undisputed"))
    elif now.disputed and then.family_view != now.family_view:
        notes.append(words("report.family_view_now", view=now.family_view or "—"))
    if then.voice != now.voice:
        notes.append(words("report.now_voice", voice=words(f"report.voice_{now.voice.value}")))
    if (then.who, then.due_on) != (now.who, now.due_on):
        notes.append(words("report.step_now", who=now.who or "—", date=day(now.due_on) or "—"))
    if then.danger_lineage != now.danger_lineage:
        notes.append(words("report.goal_moved"))
    return notes


def version_rows(words: Words, report: ReportPrint) -> list[tuple[str, str, str, str]]:
    """Per plan version, newest first: (version and status, who agreed and when, the
    consultant's decision with its note, review date)."""
    notes: dict[tuple[int, CommentKind], list[str]] = {}
    returned_on: dict[int, str] = {}
    for c in report.comments:
        if c.plan_number is None:
            continue
        if c.body:
            notes.setdefault((c.plan_number, c.kind), []).append(c.body)
        if c.kind is CommentKind.RETURNED:
            returned_on[c.plan_number] = day(c.created_at.date())
    rows = []
    for v in report.versions:
        agreed = words("report.agreed_cell", who=v.agreed_by or "—", date=day(v.agreed_on)) \
            if v.agreed_on else "—"
        if v.status is PlanStatus.APPROVED:
            decision = words("report.decision_approved", who=v.approved_by or "—",
                             date=day(v.approved_on))
            decision = "\n".join([decision, *notes.get((v.number, CommentKind.APPROVED), [])])
        elif v.status is PlanStatus.RETURNED:
            decision = words("report.decision_returned", date=returned_on.get(v.number, ""))
            decision = "\n".join([decision, *notes.get((v.number, CommentKind.RETURNED), [])])
        elif v.status is PlanStatus.SUBMITTED:
            decision = words("report.decision_waiting", date=day(v.submitted_on))
        else:
            decision = "—"
        rows.append((words("report.version_cell", number=v.number,
                           status=words(f"planstatus.{v.status.value}")),
                     agreed, decision, day(v.review_on) or "—"))
    return rows
