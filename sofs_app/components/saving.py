"""One change, saved in one transaction: a message if it is refused, else flash and rerun."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st
from sqlalchemy.orm import Session

from sofs_app.components.errors import show_error
from sofs_app.components.flash import flash
from sofs_app.context import db, t
from sofs_core.errors import Conflict, SofsError


def save(action: Callable[[Session], object], message: str, *, reset: str | None = None,
         forget: str | None = None) -> None:
    """Run ``action``; on success bump the ``reset`` counter (a fresh, empty form), drop
    the ``forget`` key, flash ``message`` and rerun so every picture shows the change."""
    try:
        with db() as session:
            action(session)
    except Conflict:
        st.error(t("error.changed_meanwhile"), icon=":material/sync_problem:")
    except SofsError as error:
        show_error(error)
    else:
        if reset:
            st.session_state[reset] = st.session_state.get(reset, 0) + 1
        if forget:
            st.session_state.pop(forget, None)
        flash(message)
        st.rerun()
