"""The map for the family to see: large type, read only, no sidebar; readable from 3 m.

Made for a 1024 x 768 projector as much as for a laptop turned round: the three columns
always side by side (one grid, not Streamlit's columns, which stack on narrow screens),
tight margins so that a map of 25 entries takes at most two screens, lines that break
between words only, and the page scrolls with Page Down / Page Up or the space bar.
"""

import html

import streamlit as st

from mapping.cases import get_case
from mapping.map import get_map
from mapping.meetings import meeting_heading
from mapping.scaling import ratings_of_meeting
from sofs_app.components.case_state import (
    MAP_PAGE,
    case_page,
    require_case_and_meeting,
)
from sofs_app.components.map_board import (
    COLUMNS,
    bottom_lines_html,
    column_html,
    danger_numbers,
)
from sofs_app.components.meeting_text import meeting_label
from sofs_app.context import locale, t
from sofs_app.gate import require_actor

BODY = "24px"  # at least 24 px: read from across a living room or on a projector

# Only this page: less white space around the map, and whole words on every line (the map
# board lets a long word break anywhere, which suits a narrow column on the work page).
# The main area takes the keyboard's focus, so Page Down pages through the map at once.
PROJECTOR_CSS = """<style>
[data-testid="stMainBlockContainer"] { padding: 0.5rem 1rem 2rem; max-width: none; }
[data-testid="stMainBlockContainer"] [data-testid="stVerticalBlock"] { gap: 0.4rem; }
.sofs-projector, .sofs-projector * {
  overflow-wrap: normal !important; word-break: normal !important; hyphens: manual;
}
.sofs-projector { line-height: 1.17; }
.sofs-projector li { margin-bottom: 0.2em !important; }
.sofs-projector ol { padding-left: 1.2em !important; }
.sofs-projector h2 { font-size: 1.1em !important; margin: 0 0 0.1rem !important; }
.sofs-projector h3 { font-size: 1em !important; margin: 0.3rem 0 0 !important; }
.sofs-projector small { font-size: 0.75em; }
.sofs-projector section { padding: 0.3rem 0.75rem !important; }
.sofs-columns {
  display: grid; grid-template-columns: repeat(3, minmax(min-content, 1fr)); gap: 0.5rem;
  align-items: start;
}
.sofs-columns > div { border: 1px solid #c8c8d0; border-radius: 0.5rem; padding: 0.3rem 0.5rem; }
.sofs-columns > div section { padding: 0 !important; }
</style>"""

actor = require_actor()
case_id, meeting_id = require_case_and_meeting()

st.set_page_config(initial_sidebar_state="collapsed")
with case_page(actor, case_id, "page/meeting_view") as session:
    case = get_case(session=session, actor=actor, case_id=case_id)
    meeting = meeting_heading(session=session, actor=actor, case_id=case_id,
                              meeting_id=meeting_id)
    view = get_map(session=session, actor=actor, meeting_id=meeting_id)
    answers = ratings_of_meeting(session=session, actor=actor, meeting_id=meeting_id)

st.html(PROJECTOR_CSS)
if st.button(t("meeting_view.back"), icon=":material/close_fullscreen:"):
    st.switch_page(MAP_PAGE)
numbers = danger_numbers(view)
columns = "".join(f"<div>{column_html(title_key, categories, view, numbers, BODY)}</div>"
                  for title_key, categories in COLUMNS)
st.html(
    f'<h1 class="sofs-projector" lang="{locale()}" '
    f'style="font-size:1.6rem;margin:0;line-height:1.2">{html.escape(case.family_name)}'
    f' <span style="font-size:{BODY};font-weight:400">· '
    f"{html.escape(meeting_label(meeting))}</span></h1>"
)
st.html(
    f'<div class="sofs-projector" lang="{locale()}">'
    + bottom_lines_html(view, BODY)
    + f'<div class="sofs-columns" style="margin-top:0.5rem">{columns}</div></div>'
)

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
    f'<section class="sofs-projector" style="font-size:{BODY}"><h2 style="font-size:1.4em">'
    f'{html.escape(t("meeting_view.scales"))}</h2>'
    + (f'<table style="border-collapse:collapse;width:100%"><thead><tr>'
       f'<th scope="col" style="text-align:left">{html.escape(t("scaling.col.rater"))}</th>'
       f'<th scope="col" style="text-align:left">{html.escape(t("scaling.subject"))}</th>'
       f'<th scope="col">{html.escape(t("scaling.col.score"))}</th>'
       f"</tr></thead><tbody>{rows}</tbody></table>"
       if answers else f"<p>{html.escape(t('scaling.no_answers'))}</p>")
    + "</section>"
)
