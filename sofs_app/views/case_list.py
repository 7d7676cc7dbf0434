"""Case list: search and filters, then open a case."""

from enum import StrEnum
from typing import Any

import pyarrow as pa
import streamlit as st

from auth import list_counsellors
from mapping.cases import CaseFilter, OpenState, list_cases
from sofs_app.components.care_forms import (
    care_form_label,
    care_form_labels,
    care_forms_or_stop,
)
from sofs_app.components.case_state import open_case
from sofs_app.components.inbox import inbox_section
from sofs_app.components.panels import work_panel
from sofs_app.components.text import fmt_date_short
from sofs_app.context import db, label, labeller, t
from sofs_app.gate import require_actor
from sofs_core.codes import CaseStatus, ReferrerBody, Role

PAGE_SIZE = 50

actor = require_actor()
st.title(t("case_list.title"))
if actor.role is Role.CONSULTANT:
    inbox_section(actor)

# A row clicked in the last run refers to the cases shown then, not to a list re-read now
# (a colleague may have added a case in between): resolve it by id. A click on a cell
# selects that cell (in row-only mode it would select nothing, only the small checkbox
# would): either opens the case of its row.
picked = st.session_state.get("case_list_table", {}).get("selection", {})
clicked = [*picked.get("rows", []), *(cell[0] for cell in picked.get("cells", []))]
shown: list[int] = st.session_state.get("case_list_shown", [])
if clicked and 0 <= clicked[0] < len(shown):
    open_case(shown[clicked[0]])

# Streamlit forgets a widget's value once its page is left; these are kept for coming back.
st.session_state.setdefault("case_list_search", st.session_state.get("kept:search", ""))
st.session_state.setdefault("case_list_open_state",
                            st.session_state.get("kept:open_state", OpenState.OPEN))
# One row (a horizontal container: a block, where columns are three), wrapping on a
# narrow screen.
search_row = st.container(horizontal=True, vertical_alignment="bottom", gap="medium")
text = search_row.text_input(t("case_list.search"), placeholder=t("case_list.search_hint"),
                             key="case_list_search", width=420)
open_state = search_row.segmented_control(
    t("case_list.open_state_label"),
    list(OpenState),
    format_func=labeller("case_list.open_state"),
    key="case_list_open_state",
    required=True,
)
st.session_state["kept:search"], st.session_state["kept:open_state"] = text, open_state
# The chosen filters live outside the widgets: the widgets are only drawn while the panel is
# open (four multiselects on every rerun cost more than the whole query), and a closed panel
# must not forget them.
chosen: dict[str, tuple[Any, ...]] = st.session_state.setdefault(
    "case_list_chosen", {"hulpvorm": (), "referrer": (), "counsellor": (), "status": ()})
# A choice just made in the open panel counts at once in its label (the widgets' values
# are in the session before they are drawn again).
for name in chosen:
    if f"case_list_{name}" in st.session_state:
        chosen[name] = tuple(st.session_state[f"case_list_{name}"])
active = sum(1 for values in chosen.values() if values)
# The label counts the filters: a work panel stays open when it changes.
panel = work_panel(
    t("case_list.filters_active", count=active) if active else t("case_list.filters"),
    icon=":material/filter_list:", key="case_list_filters_open",
)
if panel.open:
    with db() as session:
        counsellors = {c.id: c.display_name for c in list_counsellors(session=session)}
    # The organisation's care forms, and any a case keeps that has left the list since.
    form_keys = list(dict.fromkeys([*care_forms_or_stop().keys(), *chosen["hulpvorm"]]))
    with panel:
        c1, c2 = st.columns(2)
        chosen["hulpvorm"] = tuple(c1.multiselect(
            t("field.hulpvorm"), form_keys, default=chosen["hulpvorm"],
            format_func=care_form_label,
            key="case_list_hulpvorm", placeholder=t("common.all")))
        chosen["referrer"] = tuple(c2.multiselect(
            t("field.referrer_body"), list(ReferrerBody), default=chosen["referrer"],
            format_func=label, key="case_list_referrer", placeholder=t("common.all")))
        chosen["counsellor"] = tuple(c1.multiselect(
            t("field.counsellor_ids"), list(counsellors),
            default=[i for i in chosen["counsellor"] if i in counsellors],
            format_func=counsellors.__getitem__, key="case_list_counsellor",
            placeholder=t("common.all")))
        chosen["status"] = tuple(c2.multiselect(
            t("field.status"), list(CaseStatus), default=chosen["status"], format_func=label,
            key="case_list_status", placeholder=t("common.all")))

filters = CaseFilter(
    text=text,
    hulpvormen=tuple(str(v) for v in chosen["hulpvorm"]),
    referrers=tuple(ReferrerBody(v) for v in chosen["referrer"]),
    counsellor_ids=tuple(int(v) for v in chosen["counsellor"]),
    statuses=tuple(CaseStatus(v) for v in chosen["status"]),
    open_state=open_state or OpenState.OPEN,
)
# New filters start again at the first page.
if st.session_state.get("case_list_filters") != filters:
    st.session_state["case_list_filters"] = filters
    st.session_state["case_list_page"] = 0
page_number: int = st.session_state.get("case_list_page", 0)
with db() as session:
    page = list_cases(session=session, actor=actor, filters=filters, limit=PAGE_SIZE,
                      offset=page_number * PAGE_SIZE)
    if not page.rows and page.total:  # the list shrank below this page: show the last one
        page_number = (page.total - 1) // PAGE_SIZE
        page = list_cases(session=session, actor=actor, filters=filters, limit=PAGE_SIZE,
                          offset=page_number * PAGE_SIZE)
rows, total, capped = page.rows, page.total, page.capped

st.session_state["case_list_shown"] = [row.id for row in rows]
if not rows:
    st.info(t("case_list.empty"), icon=":material/search_off:")
    st.stop()
first = page_number * PAGE_SIZE + 1
st.caption(t("case_list_count.range_more" if capped else "case_list.range", first=first,
             last=first + len(rows) - 1, total=total))

# Words for the coded values, looked up once per rerun rather than once per cell.
words: dict[StrEnum, str] = {v: label(v) for e in (ReferrerBody, CaseStatus) for v in e}
form_words = care_form_labels({r.hulpvorm for r in rows})
# An Arrow table goes to the browser as it is; a dict would pass through pandas first.
table = pa.table({
    t("case_list.col.number"): [r.id for r in rows],
    t("case_list.col.family"): [r.family_name for r in rows],
    t("field.hulpvorm"): [form_words[r.hulpvorm] for r in rows],
    t("field.referrer_body"): [words[r.referrer_body] for r in rows],
    t("field.counsellor_ids"): [", ".join(r.counsellor_names) for r in rows],
    t("field.start_date"): [fmt_date_short(r.start_date) for r in rows],
    t("field.planned_end_date"): [fmt_date_short(r.planned_end_date) for r in rows],
    t("field.status"): [words[r.status] for r in rows],
})
st.dataframe(
    table,
    hide_index=True,
    on_select="rerun",
    selection_mode=["single-row", "single-cell"],
    key="case_list_table",
    width="stretch",
    # The number the audit trail goes by, as a plain number (no thousands separator).
    column_config={t("case_list.col.number"): st.column_config.NumberColumn(
        format="%d", width="small")},
)
st.caption(t("case_list.open_hint"))
if total > PAGE_SIZE:
    pager = st.container(horizontal=True)
    if pager.button(t("case_list.previous"), icon=":material/chevron_left:",
                       disabled=page_number == 0):
        st.session_state["case_list_page"] = page_number - 1
        st.rerun()
    if pager.button(t("case_list.next"), icon=":material/chevron_right:",
                        disabled=first + len(rows) > total and not capped):
        st.session_state["case_list_page"] = page_number + 1
        st.rerun()
choices = {row.id: f"{row.family_name} · {form_words[row.hulpvorm]}" for row in rows}
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
        open_case(int(choice))
