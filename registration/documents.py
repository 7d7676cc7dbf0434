"""The annual figures as a PDF report: per care form the report's sentences, and what is
missing, on the shared frame of every printed document (printing.document)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from reportlab.platypus import Flowable
from sqlalchemy.orm import Session

from auth import Actor
from i18n import Words
from printing.document import Furniture, build, gap, para, style
from registration.figures import AnnualFigures, Period, checked_figures
from registration.wording import form_lines, form_title, missing_lines
from sofs_core.codes import AuditAction


def _day(value: date) -> str:
    return value.strftime("%d/%m/%Y")


def report_pdf(figures: AnnualFigures, words: Words, printed_on: date) -> bytes:
    title = words("figures_page.pdf_title", first=_day(figures.period.first),
                  last=_day(figures.period.last))
    heading, body, sub = style(16, bold=True, space_after=6), style(10, space_after=3), \
        style(12, bold=True, space_after=4, heading=True)
    story: list[Flowable] = [para(title, heading), gap(4)]
    story.append(para(words("figures_page.missing_title"), sub))
    missing = missing_lines(figures, words)
    for line in missing:
        story.append(para(f"{line.text}: {', '.join(str(c) for c in line.cases)}", body))
    if not missing:
        story.append(para(words("figures_page.missing_none"), body))
    for form in (figures.total, *figures.forms):
        story.append(gap(8))
        story.append(para(form_title(form, words), sub))
        story += [para(line.text, body) for line in form_lines(form, words)]
    story.append(gap(8))
    story.append(para(words("figures_page.rules_title"), sub))
    story += [para(rule.lstrip("- "), body)
              for rule in words("figures_page.rules").strip().splitlines() if rule.strip()]
    furniture = Furniture(
        title=title, stamp=words("figures_page.pdf_stamp", date=_day(printed_on)),
        page_of=lambda page, pages: words("doc.page_of", page=page, pages=pages))
    return build(story, furniture, subject=title)


def figures_pdf(*, session: Session, actor: Actor, period: Period, words: Words,
                printed_on: date) -> Callable[[], bytes]:
    """The PDF report of the figures ``actor`` may read, recorded as an export; the file is
    made by the returned function, after the transaction."""
    figures = checked_figures(session, actor, period, "figures/pdf", AuditAction.EXPORT)
    return lambda: report_pdf(figures, words, printed_on)
