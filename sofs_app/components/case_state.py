"""Which case the user is working on: an id in session state, never in the URL."""

from __future__ import annotations

import streamlit as st

CASE_KEY = "case_id"
OVERVIEW_PAGE = "views/case_overview.py"
EDIT_PAGE = "views/case_edit.py"
LIST_PAGE = "views/case_list.py"
MEETINGS_PAGE = "views/meetings.py"
MAP_PAGE = "views/map.py"
SCALING_PAGE = "views/scaling.py"
MEETING_VIEW_PAGE = "views/meeting_view.py"
GENOGRAM_PAGE = "views/genogram.py"
NETWORK_PAGE = "views/network.py"
PLAN_PAGE = "views/plan.py"
MEETING_KEY = "meeting_id"


def open_case(case_id: int) -> None:
    st.session_state[CASE_KEY] = case_id
    st.session_state.pop(MEETING_KEY, None)
    st.switch_page(OVERVIEW_PAGE)


def open_meeting_map(meeting_id: int) -> None:
    st.session_state[MEETING_KEY] = meeting_id
    st.switch_page(MAP_PAGE)


def selected_meeting_id() -> int | None:
    value = st.session_state.get(MEETING_KEY)
    return int(value) if value is not None else None


def require_case() -> int:
    """The case a case page works on; without one, back to the list."""
    case_id = selected_case_id()
    if case_id is None:
        st.switch_page(LIST_PAGE)
    return case_id


def require_case_and_meeting() -> tuple[int, int]:
    """The case and meeting a meeting page works on; without them, go and choose one."""
    case_id, meeting_id = selected_case_id(), selected_meeting_id()
    if case_id is None or meeting_id is None:
        st.switch_page(MEETINGS_PAGE if case_id is not None else LIST_PAGE)
    return case_id, meeting_id


def selected_case_id() -> int | None:
    value = st.session_state.get(CASE_KEY)
    return int(value) if value is not None else None
