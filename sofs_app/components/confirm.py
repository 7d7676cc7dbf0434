"""Ask before a step that cannot be undone: a dialog that says what becomes fixed and what
is recorded, and goes on only when the user says yes.

The step's values wait in the session (plain values only) until the user answers, so the
dialog is there on every rerun until then, and a yes finds exactly what was asked about::

    if submitted:
        ask(key, who=who)
    if (asked := asked_for(key)) is not None:
        confirm_step(key=key, ..., action=lambda s: do(s, asked["who"]))
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st
from sqlalchemy.orm import Session

from sofs_app.components.saving import save
from sofs_app.components.text import show_fields
from sofs_app.context import t
from sofs_app.gate import FORM_BASE_PREFIX

# Under the prefix of what a page forgets when it is left: a question is asked on a page.
_ASKED = FORM_BASE_PREFIX + "confirm:"


def ask(key: str, **values: Any) -> None:
    """Ask the user about step ``key`` with these values (shown by ``confirm_step``)."""
    st.session_state[_ASKED + key] = values


def asked_for(key: str) -> dict[str, Any] | None:
    """The values of step ``key`` while it waits for an answer."""
    values: dict[str, Any] | None = st.session_state.get(_ASKED + key)
    return values


def confirm_step(*, key: str, title: str, text: str, recorded: list[tuple[str, str]],
                 yes: str, action: Callable[[Session], object], message: str) -> None:
    """A dialog titled ``title``: ``text`` (catalogue words), what will be recorded (label
    and value pairs; values may be user text, shown escaped), then ``yes`` and "Annuleren".

    Only ``yes`` runs ``action`` (see ``save``); then, or on "Annuleren", the dialog closes.
    A refused step says why in the dialog, which stays until the user answers. It cannot be
    dismissed by a click beside it: an answer is either yes or no."""

    def body() -> None:
        st.write(text)
        st.caption(t("confirm.recorded"))
        show_fields(recorded)
        go, stop = st.columns(2)
        if go.button(yes, type="primary", icon=":material/lock:", key=f"{key}:yes",
                     width="stretch"):
            save(action, message, forget=_ASKED + key)
        if stop.button(t("common.cancel"), key=f"{key}:no", width="stretch"):
            st.session_state.pop(_ASKED + key, None)
            st.rerun()

    st.dialog(title, width="medium", dismissible=False)(body)()
