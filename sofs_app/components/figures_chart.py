"""The annual figures' chart: how many cases each referrer sent, per care form."""

from __future__ import annotations

from typing import Any

import pyarrow as pa
import streamlit as st

from registration.figures import AnnualFigures
from registration.wording import form_title
from sofs_app.context import label, t

# Fixed field names: the words on screen are titles, so a care form's name with a dot or a
# bracket (which Vega-Lite reads as a path) cannot break the chart.
_FORM, _REFERRER, _COUNT = "form", "referrer", "count"


def _spec(forms: list[str], referrers: list[str]) -> dict[str, Any]:
    """A stacked horizontal bar chart, written as the Vega-Lite spec itself: st.bar_chart
    builds it with altair and validates it on every rerun, which took half of the figures
    page's time (issue 19)."""
    return {
        "mark": {"type": "bar"},
        "height": {"step": 30},  # a bar per care form, each with its name beside it
        "encoding": {
            # Room for a care form's whole name ("Contextbegeleiding 'Signs of Safety'").
            "y": {"field": _FORM, "type": "nominal", "title": None, "sort": forms,
                  "axis": {"labelLimit": 320, "labelFontSize": 13, "labelOverlap": False}},
            "x": {"field": _COUNT, "type": "quantitative", "stack": "zero",
                  "title": t("figures_page.col_count"),
                  "axis": {"tickMinStep": 1, "format": "d"}},
            "color": {"field": _REFERRER, "type": "nominal", "sort": referrers,
                      "title": t("field.referrer_body"),
                      "legend": {"labelLimit": 320, "labelFontSize": 13}},
            "tooltip": [{"field": _FORM, "type": "nominal", "title": t("figures_page.form")},
                        {"field": _REFERRER, "type": "nominal",
                         "title": t("field.referrer_body")},
                        {"field": _COUNT, "type": "quantitative",
                         "title": t("figures_page.col_count")}],
        },
    }


def referrer_chart(figures: AnnualFigures) -> None:
    """One bar per care form, stacked by referrer (only the referrers that sent cases)."""
    referrers = sorted({r for f in figures.forms for r in f.referrers})
    forms = [form_title(f, t) for f in figures.forms]
    words = [label(r) for r in referrers]
    rows = [(form, word, f.referrers[r].count)
            for f, form in zip(figures.forms, forms, strict=True)
            for r, word in zip(referrers, words, strict=True) if r in f.referrers]
    # An Arrow table: a dict would go through pandas on every rerun.
    data = pa.table({_FORM: [row[0] for row in rows], _REFERRER: [row[1] for row in rows],
                     _COUNT: [row[2] for row in rows]})
    st.vega_lite_chart(data, _spec(forms, words), width="stretch")
