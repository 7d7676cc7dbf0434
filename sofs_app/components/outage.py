"""The database is down, frozen or full: say so in the user's words and keep their input.

A rerun that meets the fault stops early (``st.stop``), so nothing half-drawn follows the
message. The browser then drops every widget this rerun did not draw, and with it what was
typed there; the server still holds the values of keyed widgets (a stopped rerun does not
clean them up). When the database answers again, those values are set once more before
the page draws its widgets, and the browser shows each form as it was left.
"""

from __future__ import annotations

import logging
from typing import NoReturn

import streamlit as st

from sofs_app.components.adding import waiting_field_prefixes
from sofs_app.context import t
from storage.faults import StorageUnavailable

LOG = logging.getLogger("sofs.app")
HELD_KEY = "outage_held_input"
RETRY_KEY = "outage_retry"


def _typed_keys() -> list[str]:
    """Keys holding text (what a user types); other widgets (buttons, uploads) refuse to be
    set from the server. A form whose submission waits puts that back itself."""
    waiting = waiting_field_prefixes()
    return [key for key, value in st.session_state.to_dict().items()
            if isinstance(value, str) and not key.startswith(waiting)]


def stop_for(fault: StorageUnavailable) -> NoReturn:
    """Tell the user, keep their input for the next rerun, and end this one."""
    cause = fault.__cause__
    # The driver's message names the statement, never its values (hide_parameters).
    LOG.warning("database fault: %s: %s", type(fault).__name__,
                f"{type(cause).__name__}: {cause}" if cause else "-")
    st.session_state[HELD_KEY] = _typed_keys()
    st.warning(t(fault.message_key), icon=":material/cloud_off:")
    st.button(t("fault.retry"), icon=":material/refresh:", key=RETRY_KEY)
    st.stop()


def restore_input() -> None:
    """After a fault: give the browser back what it dropped. Call before any widget."""
    held = st.session_state.pop(HELD_KEY, None)
    for key in held or ():
        if key in st.session_state:
            # Set from the server, so the browser shows it again in the widget.
            st.session_state[key] = st.session_state[key]
