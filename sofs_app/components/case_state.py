"""Which case the user is working on: an id in session state, never in the URL."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import streamlit as st
from sqlalchemy.orm import Session

from auth import Actor
from auth.access import page_read
from sofs_app.components.errors import show_error
from sofs_app.context import db

# The case pages import their paths from here too (written once, in sofs_app/paths.py).
from sofs_app.paths import EDIT_PAGE as EDIT_PAGE
from sofs_app.paths import GENOGRAM_PAGE as GENOGRAM_PAGE
from sofs_app.paths import LIST_PAGE as LIST_PAGE
from sofs_app.paths import MAP_PAGE as MAP_PAGE
from sofs_app.paths import MEETING_VIEW_PAGE as MEETING_VIEW_PAGE
from sofs_app.paths import MEETINGS_PAGE as MEETINGS_PAGE
from sofs_app.paths import NETWORK_PAGE as NETWORK_PAGE
from sofs_app.paths import OVERVIEW_PAGE as OVERVIEW_PAGE
from sofs_app.paths import PLAN_PAGE as PLAN_PAGE
from sofs_app.paths import SCALING_PAGE as SCALING_PAGE
from sofs_core.errors import NotFound, PermissionDenied

CASE_KEY = "case_id"
MEETING_KEY = "meeting_id"


def open_case(case_id: int) -> None:
    open_case_at(case_id, OVERVIEW_PAGE)


def open_case_at(case_id: int, page: str) -> None:
    """Open a case on one of its pages (the overview, the plan, the meetings)."""
    st.session_state[CASE_KEY] = case_id
    st.session_state.pop(MEETING_KEY, None)
    st.switch_page(page)


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


@contextmanager
def case_page(actor: Actor, case_id: int, subject: str) -> Iterator[Session]:
    """The opening every case page shares: read what it shows in one transaction, as one
    recorded read of the page (``subject``, "page/<name>"); a case that is gone or not the
    user's ends the page with a message instead."""
    try:
        with db() as session, page_read(session, actor, case_id, subject):
            yield session
    except (NotFound, PermissionDenied) as missing:
        show_error(missing)
        st.stop()


def selected_case_id() -> int | None:
    value = st.session_state.get(CASE_KEY)
    return int(value) if value is not None else None
