"""Which case the user is working on: an id in session state, never in the URL."""

from __future__ import annotations

import streamlit as st

CASE_KEY = "case_id"
OVERVIEW_PAGE = "views/case_overview.py"
EDIT_PAGE = "views/case_edit.py"
LIST_PAGE = "views/case_list.py"


def open_case(case_id: int) -> None:
    st.session_state[CASE_KEY] = case_id
    st.switch_page(OVERVIEW_PAGE)


def selected_case_id() -> int | None:
    value = st.session_state.get(CASE_KEY)
    return int(value) if value is not None else None
