"""Scaling answers: this meeting's as a table, each rater's scores over the meetings for
one subject as a chart and the same as a table, and who answers next."""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from typing import Any

import pyarrow as pa
import streamlit as st

from mapping.attendance import Attendee
from mapping.scaling import HistoryPoint, RatingView, spread_at
from sofs_app.context import label, t
from sofs_core.text import search_key

# Tables of names and words: lines break between words only, never inside one (a long
# word widens its column and the table scrolls sideways instead).
_TABLE = ("border-collapse:collapse;width:100%;word-break:normal;overflow-wrap:normal;"
          "hyphens:manual")
_CELL = "text-align:left;vertical-align:top;padding:0.3rem 0.6rem;border-bottom:1px solid #ddd"


def table_html(headers: Sequence[str], rows: Sequence[Sequence[str]], *,
               numeric: frozenset[int] = frozenset()) -> str:
    """An escaped HTML table whose words are never cut (user text stays text)."""
    def cell(tag: str, n: int, text: str) -> str:
        align = "text-align:right;" if n in numeric else ""
        scope = ' scope="col"' if tag == "th" else ""
        return (f'<{tag}{scope} style="{_CELL};{align}white-space:pre-wrap">'
                f"{html.escape(text)}</{tag}>")
    head = "".join(cell("th", n, h) for n, h in enumerate(headers))
    body = "".join("<tr>" + "".join(cell("td", n, v) for n, v in enumerate(row)) + "</tr>"
                   for row in rows)
    return (f'<div style="overflow-x:auto"><table style="{_TABLE}"><thead><tr>{head}</tr>'
            f"</thead><tbody>{body}</tbody></table></div>")


def answers_table(answers: Sequence[RatingView], subjects: Mapping[str, str]) -> None:
    """This meeting's answers: who, as what, about what, the score and their words."""
    headers = (t("scaling.col.rater"), t("scaling.rater_role"), t("scaling.subject"),
               t("scaling.col.score"), t("scaling.reason"), t("scaling.one_point_higher"))
    st.html(table_html(headers, [
        (a.rater_name, label(a.rater_role), subjects.get(a.danger_lineage or "", "—"),
         str(a.score), a.reason, a.one_point_higher)
        for a in answers
    ], numeric=frozenset({3})))


def first_to_answer(present: Sequence[Attendee], answers: Sequence[RatingView],
                    danger_lineage: str | None) -> int | None:
    """The first one present who has not answered about the subject yet."""
    done = {search_key(a.rater_name) for a in answers if a.danger_lineage == danger_lineage}
    return next((p.id for p in present if search_key(p.name) not in done), None)


def next_to_answer(present: Sequence[Attendee], answers: Sequence[RatingView],
                   just_answered: Attendee, danger_lineage: str | None) -> int | None:
    """Who is asked next about the same subject: the first one present after the person who
    just answered (round the table) who has not answered it yet; None when all have."""
    done = {search_key(a.rater_name) for a in answers if a.danger_lineage == danger_lineage}
    done.add(search_key(just_answered.name))
    order = list(present)
    start = next((n for n, a in enumerate(order) if a.id == just_answered.id), -1) + 1
    for person in order[start:] + order[:start]:
        if search_key(person.name) not in done:
            return person.id
    return None


def _spec(meeting_col: str, rater_col: str, score_col: str) -> dict[str, Any]:
    """A Vega-Lite line chart, written as the spec itself: building it with altair
    validated every encoding against the schema on each rerun (most of the page's time)."""
    return {
        "mark": {"type": "line", "point": {"size": 80}},
        "encoding": {
            "x": {"field": meeting_col, "type": "ordinal", "title": meeting_col,
                  "axis": {"labelAngle": 0, "labelFontSize": 14}},
            "y": {"field": score_col, "type": "quantitative", "title": score_col,
                  "scale": {"domain": [0, 10]}},
            "color": {"field": rater_col, "type": "nominal", "title": rater_col},
            "tooltip": [{"field": meeting_col, "type": "ordinal"},
                        {"field": rater_col, "type": "nominal"},
                        {"field": score_col, "type": "quantitative"}],
        },
        "height": 260,
    }


def scale_history(points: list[HistoryPoint], danger_lineage: str | None,
                  latest_meeting_id: int) -> None:
    mine = [p for p in points if p.danger_lineage == danger_lineage]
    if not mine:
        st.caption(t("scaling.no_history"))
        return
    meeting_col, rater_col, score_col = (t("scaling.col.meeting"), t("scaling.col.rater"),
                                         t("scaling.col.score"))
    data = {
        meeting_col: [p.meeting_number for p in mine],
        rater_col: [p.rater_name for p in mine],
        score_col: [p.score for p in mine],
    }
    # Arrow tables, not dicts: Streamlit would build a pandas frame from a dict on every rerun.
    st.vega_lite_chart(pa.table(data), _spec(meeting_col, rater_col, score_col), width="stretch")
    spread = spread_at(points, latest_meeting_id, danger_lineage)
    given = sum(1 for p in mine if p.meeting_id == latest_meeting_id)
    if spread is not None and given == 1:
        st.write(t("scaling.one_answer", score=spread[0]))
    elif spread is not None and spread[0] == spread[1]:
        st.write(t("scaling.all_the_same", count=given, score=spread[0]))
    elif spread is not None:
        st.write(t("scaling.spread", low=spread[0], high=spread[1], gap=spread[1] - spread[0]))
    # The same numbers as a table, for screen readers and for reading exact values.
    by_rater: dict[str, dict[int, int]] = {}
    for p in mine:
        by_rater.setdefault(p.rater_name, {})[p.meeting_number] = p.score
    numbers = sorted({p.meeting_number for p in mine})
    st.html(table_html(
        [rater_col, *(t("scaling.col.meeting_n", number=n) for n in numbers)],
        [[name, *(str(scores[n]) if n in scores else "" for n in numbers)]
         for name, scores in by_rater.items()],
        numeric=frozenset(range(1, len(numbers) + 1)),
    ))
