"""Case list: search and filters, then open a case."""

import streamlit as st

from auth import list_counsellors
from mapping.cases import CaseFilter, CaseRow, OpenState, list_cases
from sofs_app.components.case_state import open_case
from sofs_app.components.text import fmt_date_short
from sofs_app.context import db, label, labeller, t
from sofs_app.gate import require_actor
from storage.enums import CaseStatus, Hulpvorm, ReferrerBody

actor = require_actor()
st.title(t("case_list.title"))

with db() as session:
    counsellors = {c.id: c.display_name for c in list_counsellors(session=session)}

search_col, open_col = st.columns([3, 2], vertical_alignment="bottom")
text = search_col.text_input(t("case_list.search"), placeholder=t("case_list.search_hint"),
                             key="case_list_search")
open_state = open_col.segmented_control(
    t("case_list.open_state_label"),
    [OpenState.OPEN, OpenState.CLOSED, OpenState.ALL],
    default=OpenState.OPEN,
    format_func=labeller("case_list.open_state"),
    key="case_list_open_state",
    required=True,
)
with st.expander(t("case_list.filters"), icon=":material/filter_list:"):
    c1, c2 = st.columns(2)
    hulpvormen = c1.multiselect(t("field.hulpvorm"), list(Hulpvorm), format_func=label,
                                key="case_list_hulpvorm", placeholder=t("common.all"))
    referrers = c2.multiselect(t("field.referrer_body"), list(ReferrerBody), format_func=label,
                               key="case_list_referrer", placeholder=t("common.all"))
    counsellor_ids = c1.multiselect(t("field.counsellor_ids"), list(counsellors),
                                    format_func=counsellors.__getitem__,
                                    key="case_list_counsellor", placeholder=t("common.all"))
    statuses = c2.multiselect(t("field.status"), list(CaseStatus), format_func=label,
                              key="case_list_status", placeholder=t("common.all"))

filters = CaseFilter(
    text=text,
    hulpvormen=tuple(hulpvormen),
    referrers=tuple(referrers),
    counsellor_ids=tuple(counsellor_ids),
    statuses=tuple(statuses),
    open_state=open_state or OpenState.OPEN,
)
with db() as session:
    rows: list[CaseRow] = list_cases(session=session, actor=actor, filters=filters)

st.caption(t("case_list.count", count=len(rows)))
if not rows:
    st.info(t("case_list.empty"), icon=":material/search_off:")
    st.stop()

table = {
    t("case_list.col.family"): [r.family_name for r in rows],
    t("field.hulpvorm"): [label(r.hulpvorm) for r in rows],
    t("field.referrer_body"): [label(r.referrer_body) for r in rows],
    t("field.counsellor_ids"): [", ".join(r.counsellor_names) for r in rows],
    t("field.start_date"): [fmt_date_short(r.start_date) for r in rows],
    t("field.planned_end_date"): [fmt_date_short(r.planned_end_date) for r in rows],
    t("field.status"): [label(r.status) for r in rows],
}
event = st.dataframe(
    table,
    hide_index=True,
    on_select="rerun",
    selection_mode="single-row",
    key="case_list_table",
    width="stretch",
)
st.caption(t("case_list.open_hint"))
selected = event.selection.rows if event is not None else []
if selected:
    open_case(rows[selected[0]].id)

choices = {i: f"{row.family_name} · {label(row.hulpvorm)}" for i, row in enumerate(rows)}
# Keyboard and screen-reader route to the same place as clicking a row.
with st.form("case_list_open", border=False):
    choice = st.selectbox(
        t("case_list.open_label"),
        list(choices),
        format_func=choices.__getitem__,
        index=None,
        placeholder=t("case_list.open_placeholder"),
    )
    opened = st.form_submit_button(t("case_list.open_button"), icon=":material/folder_open:")
    if opened and choice is not None:
        open_case(rows[choice].id)
