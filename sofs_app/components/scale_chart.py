"""Each rater's scores over the meetings, one chart per subject, with the same data as a table."""

from __future__ import annotations

import altair as alt
import pyarrow as pa
import streamlit as st

from mapping.scaling import HistoryPoint, spread_at
from sofs_app.context import t


def scale_history(points: list[HistoryPoint], danger_lineage: str | None,
                  latest_meeting_id: int) -> None:
    mine = [p for p in points if p.danger_lineage == danger_lineage]
    if not mine:
        st.caption(t("scaling.no_history"))
        return
    meeting_col, rater_col, score_col = (t("scaling.col.meeting"), t("scaling.col.rater"),
                                         t("scaling.col.score"))
    data = pa.table({
        meeting_col: [p.meeting_number for p in mine],
        rater_col: [p.rater_name for p in mine],
        score_col: [p.score for p in mine],
    }).to_pandas()
    chart = (
        alt.Chart(data)
        .mark_line(point=alt.OverlayMarkDef(size=80))
        .encode(
            x=alt.X(f"{meeting_col}:O", title=meeting_col,
                    axis=alt.Axis(labelAngle=0, labelFontSize=14)),
            y=alt.Y(f"{score_col}:Q", title=score_col, scale=alt.Scale(domain=[0, 10])),
            color=alt.Color(f"{rater_col}:N", title=rater_col),
            tooltip=[meeting_col, rater_col, score_col],
        )
        .properties(height=260)
    )
    st.altair_chart(chart, width="stretch")
    spread = spread_at(points, latest_meeting_id, danger_lineage)
    if spread is not None:
        st.write(t("scaling.spread", low=spread[0], high=spread[1], gap=spread[1] - spread[0]))
    # The same numbers as a table, for screen readers and for reading exact values.
    by_rater: dict[str, dict[int, int]] = {}
    for p in mine:
        by_rater.setdefault(p.rater_name, {})[p.meeting_number] = p.score
    numbers = sorted({p.meeting_number for p in mine})
    st.dataframe(
        {rater_col: list(by_rater),
         **{t("scaling.col.meeting_n", number=n): [scores.get(n) for scores in by_rater.values()]
            for n in numbers}},
        hide_index=True,
    )
