"""Each rater's scores over the meetings for one subject: a chart, and the same as a table."""

from __future__ import annotations

from typing import Any

import pyarrow as pa
import streamlit as st

from mapping.scaling import HistoryPoint, spread_at
from sofs_app.context import t


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
    if spread is not None:
        st.write(t("scaling.spread", low=spread[0], high=spread[1], gap=spread[1] - spread[0]))
    # The same numbers as a table, for screen readers and for reading exact values.
    by_rater: dict[str, dict[int, int]] = {}
    for p in mine:
        by_rater.setdefault(p.rater_name, {})[p.meeting_number] = p.score
    numbers = sorted({p.meeting_number for p in mine})
    st.dataframe(
        pa.table({rater_col: list(by_rater),
                  **{t("scaling.col.meeting_n", number=n):
                     [scores.get(n) for scores in by_rater.values()] for n in numbers}}),
        hide_index=True,
    )
