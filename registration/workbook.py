"""The annual figures as a spreadsheet: one sheet per table, numbers as numbers (so the
report's author can chart them), the case numbers behind each figure in the last column."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal
from io import BytesIO

from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from sqlalchemy.orm import Session

from auth import Actor
from i18n import Words
from registration.figures import AnnualFigures, Period, Share, checked_figures
from registration.wording import form_title
from sofs_core.codes import AuditAction, ProcedureKind

Cell = str | int | float | None


def _number(value: Decimal | None, places: int = 1) -> float | None:
    return None if value is None else round(float(value), places)


def _hours(minutes: Decimal | None) -> float | None:
    return None if minutes is None else round(float(minutes) / 60, 2)


def _cases(cases: Iterable[int]) -> str:
    return ", ".join(str(c) for c in cases)


def _sheet(book: Workbook, title: str, header: Sequence[str], rows: Iterable[Sequence[Cell]]
           ) -> None:
    sheet: Worksheet = book.create_sheet(title[:31])
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    sheet.freeze_panes = "A2"
    for index, name in enumerate(header, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = max(12, min(60, len(name) + 4))


def _share_row(form: str, what: str, share: Share) -> list[Cell]:
    return [form, what, share.count, share.total, share.percent, _cases(share.cases)]


def workbook(figures: AnnualFigures, words: Words) -> bytes:
    book = Workbook()
    if book.active is not None:
        book.remove(book.active)
    forms = [figures.total, *figures.forms]
    w = words
    _sheet(book, w("figures_page.sheet_summary"), [
        w("figures_page.form"), w("figures_page.col_counted"), w("figures_page.col_started"),
        w("figures_page.col_ended"), w("figures_page.col_days"), w("figures_page.col_weeks"),
        w("figures_page.col_hours_case"), w("figures_page.col_hours_week"),
        w("figures_page.col_external")],
        ([form_title(f, w), len(f.counted), len(f.started), len(f.ended),
          _number(f.duration_days.value),
          _number(None if f.duration_days.value is None else f.duration_days.value / 7),
          _hours(f.direct_minutes_per_case.value), _hours(f.direct_minutes_per_week.value),
          _hours(f.external_minutes_per_case.value)] for f in forms))
    share_header = [w("figures_page.form"), w("figures_page.col_what"),
                    w("figures_page.col_count"), w("figures_page.col_total"),
                    w("figures_page.col_percent"), w("figures_page.col_cases")]
    _sheet(book, w("figures_page.sheet_referrers"), share_header,
           (_share_row(form_title(f, w), w(f"referrerbody.{r.value}"), s)
            for f in forms for r, s in f.referrers.items()))
    _sheet(book, w("figures_page.sheet_minors"), share_header,
           (_share_row(form_title(f, w), w(key), s) for f in forms
            for key, s in (("figures_page.col_girls", f.girls),
                           ("figures_page.col_boys", f.boys),
                           ("figures_page.col_older", f.older_than_12),
                           ("figures_page.col_adults", f.adults))))
    _sheet(book, w("figures_page.sheet_outcomes"), share_header, (
        row for f in forms for row in (
            *(_share_row(form_title(f, w), w(f"outcome.{o.value}"), s)
              for o, s in f.outcomes.items()),
            _share_row(form_title(f, w), w("figures_page.col_early_stop"), f.early_stop),
            *(_share_row(form_title(f, w), w(f"procedurekind.{k.value}"), f.procedures[k])
              for k in ProcedureKind))))
    _sheet(book, w("figures_page.sheet_survey"), [*share_header[:5], w("figures_page.col_score")],
           ([form_title(f, w), w(f"respondent.{who}"), s.count, s.total, s.percent,
             _number(score.value)] for f in forms
            for who, s, score in (("parent", f.parents_responded, f.parents_score),
                                  ("young_person", f.young_responded, f.young_score))))
    _sheet(book, w("figures_page.sheet_missing"),
           [w("figures_page.col_what"), w("figures_page.col_count"),
            w("figures_page.col_cases")],
           ([w(f"figures_page.missing.{name}", count=len(cases)), len(cases), _cases(cases)]
            for name, cases in figures.missing.items()))
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def figures_workbook(*, session: Session, actor: Actor, period: Period, words: Words) -> bytes:
    """The spreadsheet of the figures ``actor`` may read; recorded as an export."""
    figures = checked_figures(session, actor, period, "figures/xlsx", AuditAction.EXPORT)
    return workbook(figures, words)
