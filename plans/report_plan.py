"""The second half of the consultant's report: the meetings and who came, the safety
network, the plan (numbered as on the family plan), its versions with who agreed and the
consultant's decisions, the exchange with the consultant, and the pictures as an annex."""

from __future__ import annotations

from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, PageBreak, Paragraph

from genograms.drawing import Drawing
from genograms.ecogram import role_text
from genograms.network import NetworkMember
from genograms.render import to_reportlab
from i18n import Words
from plans.family_document import day, numbered_rules
from plans.journal import Journal
from plans.printouts import PlanPrint, ReportPrint
from plans.report_changes import version_rows
from plans.report_journal import journal_counts, journal_intro
from plans.report_text import BODY, SMALL, h1, h2, tagged, text_style
from plans.versions import RuleView
from printing.document import FRAME_W, PAGE_H, SOFT, fitted, gap, grid, para, style
from printing.fonts import markup
from sofs_core.codes import CommentKind, ParticipantRole


def meetings(words: Words, report: ReportPrint) -> list[Flowable]:
    if not report.meeting_list:
        return []
    head, cell = style(SMALL, bold=True), style(SMALL)
    rows: list[list[Flowable | str]] = [[para(words(f"report.meeting_{k}"), head)
                                         for k in ("number", "date", "kind", "present")]]
    for meeting in report.meeting_list:
        groups = []
        for role in ParticipantRole:
            names = [p.name for p in meeting.participants if p.role is role]
            if names:
                groups.append(f"{words(f'participantrole.{role.value}')}: {', '.join(names)}")
        rows.append([para(str(meeting.number), cell), para(day(meeting.held_on), cell),
                     para(words(f"meetingkind.{meeting.kind.value}"), cell),
                     para("\n".join(groups) or "—", cell)])
    return [CondPageBreak(80), h1(words("report.meetings_heading")),
            grid(rows, [FRAME_W * w for w in (0.06, 0.13, 0.24, 0.57)]), gap(8)]


def network(words: Words, data: PlanPrint) -> list[Flowable]:
    """Who is in the safety network, what they do and promised, and since when they know
    the danger statements."""
    people: dict[int, list[NetworkMember]] = {}
    for member in data.network:
        people.setdefault(member.person_id, []).append(member)
    if not people:
        return []
    head, cell = style(SMALL, bold=True), style(SMALL)
    rows: list[list[Flowable | str]] = [[para(words(f"report.network_{k}"), head)
                                         for k in ("who", "promise", "phone", "told")]]
    for roles in people.values():
        told = min((m.told_danger_statements_on for m in roles
                    if m.told_danger_statements_on), default=None)
        rows.append([
            tagged(roles[0].name, SMALL, ", ".join(dict.fromkeys(role_text(m, words)
                                                                 for m in roles))),
            para("\n".join(m.commitment for m in roles if m.commitment.strip()) or "—", cell),
            para(next((m.phone for m in roles if m.phone.strip()), "—"), cell),
            para(day(told) or "—", cell)])
    return [CondPageBreak(80), h1(words("report.network_heading")),
            grid(rows, [FRAME_W * w for w in (0.34, 0.37, 0.15, 0.14)]), gap(8)]


def plan(words: Words, data: PlanPrint, journal: Journal | None = None) -> list[Flowable]:
    """The plan's agreements, each with how it went in the safety journal when there is one
    (``plans.report_journal``)."""
    plan = data.plan
    phones = {m.person_id: m.phone for m in data.network if m.phone.strip()}
    dangers = {d.lineage: d.number for d in plan.dangers}
    story: list[Flowable] = [CondPageBreak(60),
                             h1(words("doc.the_plan", version=plan.number))]
    if not plan.rules:
        story.append(para(words("report.no_rules"), text_style(color=SOFT)))
    if not plan.frozen:
        journal = None  # a draft is not kept yet: its journal is told with the agreed version
    if journal is not None:
        story.append(journal_intro(words, journal))
    for number, rule in numbered_rules(plan):
        story.append(_rule(words, number, rule, phones, dangers,
                           journal_counts(words, journal, rule.lineage)))
    return [*story, gap(6)]


def _rule(words: Words, number: int, rule: RuleView, phones: dict[int, str],
          dangers: dict[str, int], journal: str = "") -> Flowable:
    serves = sorted(dangers[d] for d in rule.danger_lineages if d in dangers)
    tag = words(f"rulekind.{rule.kind.value}")
    if serves:
        tag += " · " + words("report.serves", numbers=", ".join(map(str, serves)))
    parts: list[Flowable] = [tagged(rule.what, BODY, tag, label=f"{number}.", bold=True)]
    # The four answers run on in one paragraph, each after its bold label: a consultant
    # reads them together, and a plan of many agreements stays short.
    body = style(SMALL + 0.5, indent=14, space_after=1)
    answers = "   ".join(
        f"<b>{markup(words(f'report.rule_{key}'))}</b> "
        + "<br/>".join(markup(line) for line in text.splitlines())
        for key in ("who", "when", "how_we_know", "if_not_kept")
        if (text := getattr(rule, key)).strip())
    if journal:  # catalogue words and counts only: no user text
        answers += f"   <b>{markup(words('report.journal_label'))}</b> {markup(journal)}"
    if answers:
        parts.append(Paragraph(answers, body))
    helpers = ", ".join(f"{m.name} ({phones[m.person_id]})" if m.person_id in phones
                        else m.name for m in rule.members)
    if helpers:
        parts.append(para(helpers, body, label=words("report.rule_members")))
    return KeepTogether([*parts, gap(4)])


def versions(words: Words, report: ReportPrint, data: PlanPrint) -> list[Flowable]:
    head, cell = style(SMALL, bold=True), style(SMALL)
    rows: list[list[Flowable | str]] = [[para(words(f"report.version_{k}"), head) for k in
                                         ("number", "agreed", "decision", "review")]]
    rows += [[para(number, style(SMALL, bold=True)), para(agreed, cell),
              para(decision, cell), para(review, cell)]
             for number, agreed, decision, review in version_rows(words, report)]
    story: list[Flowable] = [CondPageBreak(100), h1(words("doc.versions")),
                             grid(rows, [FRAME_W * w for w in (0.17, 0.29, 0.39, 0.15)]), gap(6)]
    changes = report.changes
    if changes is not None:
        story.append(h2(words("doc.changes", older=changes.older.number,
                               newer=changes.newer.number)))
        body = text_style(SMALL + 0.5)
        story += [para(c.after.what, body, label=words("doc.change_added"))
                  for c in changes.added if c.after]
        story += [para(c.after.what, body, label=words("doc.change_changed"))
                  for c in changes.changed if c.after]
        story += [para(c.before.what, body, label=words("doc.change_removed"))
                  for c in changes.removed if c.before]
        if changes.is_empty:
            story.append(para(words("doc.no_changes"), body))
    return [*story, gap(8)]


def exchange(words: Words, report: ReportPrint) -> list[Flowable]:
    comments = report.comments
    story: list[Flowable] = [CondPageBreak(80), h1(words("report.exchange"))]
    if not comments:
        return [*story, para(words("report.no_exchange"), text_style(color=SOFT))]
    meetings = {m.id: m for m in report.meeting_list}
    head, cell = style(SMALL, bold=True), style(SMALL)
    rows: list[list[Flowable | str]] = [[para(words(f"report.exchange_{k}"), head)
                                         for k in ("when", "who", "about", "text")]]
    for c in comments:
        if c.plan_number is not None:
            about = words("report.about_version", number=c.plan_number)
        elif c.meeting_id in meetings:
            meeting = meetings[c.meeting_id]
            about = words("report.about_meeting", number=meeting.number,
                          date=day(meeting.held_on))
        else:
            about = words("report.about_case")
        text = c.body or words(f"commentkind.{c.kind.value}")
        if c.body and c.kind is not CommentKind.COMMENT:
            text = f"{words(f'commentkind.{c.kind.value}')}: {c.body}"
        rows.append([para(day(c.created_at.date()), cell),
                     tagged(c.author, SMALL, words(f"role.{c.author_role.value}")),
                     para(about, cell), para(text, cell)])
    return [*story, grid(rows, [FRAME_W * w for w in (0.14, 0.22, 0.17, 0.47)])]


def annex(words: Words, genogram: Drawing | None, ecogram: Drawing | None
           ) -> list[Flowable]:
    story: list[Flowable] = []
    for key, drawing in (("doc.genogram", genogram), ("doc.ecogram", ecogram)):
        if drawing is not None:
            story += [PageBreak(), h1(words(key)),
                      fitted(to_reportlab(drawing), FRAME_W, PAGE_H * 0.75)]
    return story

