"""A short confirmation carried over a rerun or page switch ("Het gezinslid is toegevoegd.")."""

from __future__ import annotations

import streamlit as st

from sofs_app.context import t

FLASH_KEY = "flash"


def flash(message_key: str) -> None:
    """Say ``message_key`` once, at the top of the next page drawn."""
    st.session_state[FLASH_KEY] = message_key


def show_flash(*, in_own_slot: bool = True) -> None:
    """Say the message in a slot that is there on every run, message or not.

    Streamlit places elements by their position on the page: a message that comes and
    goes would move every form below it, and a form that moves is drawn anew, losing the
    focus and the keys typed into it while the page reruns. A page that draws it inside a
    container of its own, whose size changes anyway, passes ``in_own_slot=False``.
    """
    slot = st.container() if in_own_slot else st
    message_key = st.session_state.pop(FLASH_KEY, None)
    if message_key:
        slot.success(t(message_key), icon=":material/check_circle:")
