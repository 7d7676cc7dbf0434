"""The safety journal in the consultant's report, kept short: one line under the plan's
heading (how many reports, over which days) and, with each agreement, how often it was kept
and not kept over the last two weeks and in total (the agreement followed by its lineage
across plan versions). Catalogue words and counts only."""

from __future__ import annotations

from reportlab.platypus import Paragraph

from i18n import Words
from plans.family_document import day
from plans.journal import Journal
from plans.report_text import SMALL, text_style
from printing.document import SOFT, para


def journal_intro(words: Words, journal: Journal) -> Paragraph:
    if not journal.lines:
        return para(words("report.journal_empty"), text_style(SMALL, color=SOFT))
    return para(words("report.journal_intro", count=len(journal.lines),
                      first=day(journal.lines[-1].on), last=day(journal.lines[0].on)),
                text_style(SMALL, color=SOFT))


def journal_counts(words: Words, journal: Journal | None, lineage: str) -> str:
    """"3 kept, 1 not kept in the last 2 weeks; 5 and 2 in total", or "" without reports."""
    tally = journal.tally(lineage) if journal is not None else None
    if tally is None or not tally.kept + tally.not_kept:
        return ""
    return words("report.journal_counts", kept=tally.kept_recent,
                 not_kept=tally.not_kept_recent, kept_total=tally.kept,
                 not_kept_total=tally.not_kept)
