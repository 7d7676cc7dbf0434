"""The annual figures in sentences phrased like the annual report ("71% ouder dan 12
jaar"), for the page and the PDF. ``words`` is the catalogue of the reader's language."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from i18n import Words
from registration.figures import AnnualFigures, Average, FormFigures, Share
from sofs_core.codes import ProcedureKind, Respondent


@dataclass(frozen=True)
class Line:
    """One sentence, and the figure it states with the cases behind it (for checking)."""

    text: str
    cases: tuple[int, ...] = ()


def number(value: Decimal, words: Words, places: int = 1) -> str:
    """A decimal the way the reader writes it: 3,5 in Dutch."""
    step = Decimal(1).scaleb(-places)
    text = str(value.quantize(step, rounding=ROUND_HALF_UP))
    return text.replace(".", words("figures_page.decimal"))


def hours_minutes(minutes: Decimal) -> dict[str, int]:
    whole = int(minutes.quantize(Decimal(1), rounding=ROUND_HALF_UP))
    hours, rest = divmod(whole, 60)
    return {"hours": hours, "minutes": rest}


def _share(key: str, share: Share, words: Words, **extra: object) -> Line:
    return Line(words(key, percent=share.percent, count=share.count, total=share.total,
                      **extra), share.cases)


def _score(average: Average, words: Words) -> str:
    return words("figures_page.no_score") if average.value is None else number(
        average.value, words)


def care_form_name(key: str, words: Words, *, listed: bool = True) -> str:
    """A care form's name (catalogue ``hulpvorm.<key>``, from the care forms' file); a key
    without a name shows as itself, and a form no longer in the list is marked so."""
    name = words(f"hulpvorm.{key}")
    if name == f"hulpvorm.{key}":
        name = key
    return name if listed else words("care_form.unlisted", name=name)


def form_title(form: FormFigures, words: Words) -> str:
    """The heading of one care form's figures, or of all of them together."""
    if form.hulpvorm is None:
        return words("figures_page.total")
    return care_form_name(form.hulpvorm, words, listed=form.listed)


def form_lines(form: FormFigures, words: Words) -> list[Line]:
    """Every figure of one care form (or of all), in the report's order."""
    lines = [Line(words("figures_page.counts", counted=len(form.counted),
                        started=len(form.started), ended=len(form.ended)), form.counted)]
    for referrer, share in sorted(form.referrers.items(), key=lambda kv: -kv[1].count):
        lines.append(_share("figures_page.referrer_line", share, words,
                            referrer=words(f"referrerbody.{referrer.value}")))
    if form.minors:
        lines.append(_share("figures_page.girls", form.girls, words, boys=form.boys.percent))
        lines.append(_share("figures_page.older", form.older_than_12, words))
        if form.adults.count:
            lines.append(_share("figures_page.adults", form.adults, words))
    else:
        lines.append(Line(words("figures_page.minors_none")))
    for kind in ProcedureKind:
        share = form.procedures[kind]
        if share.count:
            lines.append(_share("figures_page.procedure_line", share, words,
                                procedure=words(f"procedurekind.{kind.value}")))
    if form.duration_days.value is None:
        lines.append(Line(words("figures_page.duration_none")))
    else:
        days = form.duration_days.value
        lines.append(Line(words("figures_page.duration", days=number(days, words),
                                weeks=number(days / 7, words), count=len(form.ended)),
                          form.duration_days.cases))
        if form.direct_minutes_per_case.value is not None:
            lines.append(Line(words("figures_page.contact_case", **hours_minutes(
                form.direct_minutes_per_case.value)), form.direct_minutes_per_case.cases))
        if form.direct_minutes_per_week.value is not None:
            lines.append(Line(words("figures_page.contact_week", **hours_minutes(
                form.direct_minutes_per_week.value)), form.direct_minutes_per_week.cases))
        external = form.external_minutes_per_case.value
        if external:
            lines.append(Line(words("figures_page.external", **hours_minutes(external)),
                              form.external_minutes_per_case.cases))
        lines.append(_share("figures_page.early_stop", form.early_stop, words))
    for outcome, share in form.outcomes.items():
        lines.append(_share("figures_page.outcome_line", share, words,
                            outcome=words(f"outcome.{outcome.value}")))
    for who, responded, score in ((Respondent.PARENT, form.parents_responded,
                                   form.parents_score),
                                  (Respondent.YOUNG_PERSON, form.young_responded,
                                   form.young_score)):
        if responded.total:
            key = ("figures_page.parents_survey" if who is Respondent.PARENT
                   else "figures_page.young_survey")
            lines.append(_share(key, responded, words, score=_score(score, words)))
    return lines


def missing_lines(figures: AnnualFigures, words: Words) -> list[Line]:
    return [Line(words(f"figures_page.missing.{name}", count=len(cases)), cases)
            for name, cases in figures.missing.items()]
