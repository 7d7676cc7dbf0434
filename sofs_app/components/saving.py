"""One change, saved in one transaction: a message if it is refused, else flash and rerun."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st
from sqlalchemy.orm import Session

from sofs_app.components.adding import added, refused
from sofs_app.components.errors import error_text, show_error
from sofs_app.components.flash import flash
from sofs_app.context import db, t
from sofs_core.errors import Conflict, SofsError


def save(action: Callable[[Session], object], message: str, *, adding: str | None = None,
         forget: str | None = None) -> None:
    """Run ``action``; on success drop the ``forget`` key, flash ``message`` and rerun so
    every picture shows the change. ``adding`` names the adding form the change came from
    (see ``adding``): it is told the outcome, and shows a refused submission again."""
    try:
        with db() as session:
            action(session)
    except Conflict:
        if adding:
            refused(adding, t("error.changed_meanwhile"))
        st.error(t("error.changed_meanwhile"), icon=":material/sync_problem:")
    except SofsError as error:
        if adding:
            refused(adding, error_text(error))
        show_error(error)
    else:
        if adding:
            added(adding)
        if forget:
            st.session_state.pop(forget, None)
        flash(message)
        st.rerun()
