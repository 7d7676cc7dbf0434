"""The map for the family to see: large type, read only, no sidebar; readable from 3 m."""

import html

import streamlit as st

from mapping.cases import get_case
from mapping.map import get_map
from mapping.meetings import meeting_heading
from mapping.scaling import ratings_of_meeting
from sofs_app.components.case_state import (
    MAP_PAGE,
    require_case_and_meeting,
)
from sofs_app.components.map_board import (
    COLUMNS,
    bottom_lines_html,
    column_html,
    danger_numbers,
)
from sofs_app.components.meeting_text import meeting_label
from sofs_app.context import db, t
from sofs_app.gate import require_actor

BODY = "26px"  # at least 24 px: read from across a living room or on a projector

actor = require_actor()
case_id, meeting_id = require_case_and_meeting()

st.set_page_config(initial_sidebar_state="collapsed")
with db() as session:
    case = get_case(session=session, actor=actor, case_id=case_id)
    meeting = meeting_heading(session=session, actor=actor, case_id=case_id,
                              meeting_id=meeting_id)
    view = get_map(session=session, actor=actor, meeting_id=meeting_id)
    answers = ratings_of_meeting(session=session, actor=actor, meeting_id=meeting_id)

if st.button(t("meeting_view.back"), icon=":material/close_fullscreen:"):
    st.switch_page(MAP_PAGE)
numbers = danger_numbers(view)
st.html(
    f'<h1 style="font-size:2.6rem;margin:0">{html.escape(case.family_name)}</h1>'
    f'<p style="font-size:{BODY};margin:0 0 1rem">'
    f"{html.escape(meeting_label(meeting))}</p>"
    + bottom_lines_html(view, BODY)
)
for column, (title_key, categories) in zip(st.columns(3, border=True), COLUMNS, strict=True):
    with column:
        st.html(column_html(title_key, categories, view, numbers, BODY))

subjects = {None: t("scaling.whole_case")} | {
    p.danger.lineage: t("meeting_view.pair", number=numbers[p.danger.lineage])
    for p in view.pairs
}
rows = "".join(
    f"<tr><td>{html.escape(a.rater_name)}</td>"
    f"<td>{html.escape(subjects.get(a.danger_lineage, '—'))}</td>"
    f'<td style="font-weight:700;text-align:center">{a.score}</td></tr>'
    for a in answers
)
st.html(
    f'<section style="font-size:{BODY}"><h2 style="font-size:1.4em">'
    f'{html.escape(t("meeting_view.scales"))}</h2>'
    + (f'<table style="border-collapse:collapse;width:100%"><thead><tr>'
       f'<th scope="col" style="text-align:left">{html.escape(t("scaling.col.rater"))}</th>'
       f'<th scope="col" style="text-align:left">{html.escape(t("scaling.subject"))}</th>'
       f'<th scope="col">{html.escape(t("scaling.col.score"))}</th>'
       f"</tr></thead><tbody>{rows}</tbody></table>"
       if answers else f"<p>{html.escape(t('scaling.no_answers'))}</p>")
    + "</section>"
)
