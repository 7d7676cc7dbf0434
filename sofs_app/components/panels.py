"""Panels that stay as the user left them.

Streamlit names an expander by its label and its ``expanded`` default, not by its key: a
label that counts something ("Filters (1 actief)", "Overleg met de consulent (3)"), or a
default that follows the data ("open while the plan has no agreements"), makes it a new
expander after a save or a choice, and a new expander starts as its default says. A panel
you work in must stay open until you close it (issue 13), so:

- the open state is kept in the session under the panel's own key, and a panel drawn
  under a new label starts as the user last left it;
- under the same label the default is never changed, so the browser keeps the very same
  panel (a panel drawn anew would also swap the text boxes in it under a typist).
"""

from __future__ import annotations

import streamlit as st
from streamlit.elements.lib.mutable_expander_container import ExpanderContainer

_OPEN = "panel_open:"  # as the user last left it
_DRAWN = "panel_drawn:"  # the label and default it was last drawn with


def _remember(key: str) -> None:
    st.session_state[_OPEN + key] = bool(st.session_state.get(key))


def work_panel(label: str, *, key: str, icon: str | None = None,
               start_open: bool = False) -> ExpanderContainer:
    """An expander that is open, or closed, as the user last left it (``start_open`` until
    the user first opens or closes it). ``.open`` says which, so a closed panel's content
    can be left out."""
    drawn = st.session_state.get(_DRAWN + key)
    if isinstance(drawn, tuple) and drawn[0] == label:
        expanded = bool(drawn[1])
    else:
        expanded = bool(st.session_state.get(_OPEN + key, start_open))
        st.session_state[_DRAWN + key] = (label, expanded)
    return st.expander(label, expanded=expanded, key=key, icon=icon, on_change=_remember,
                       args=(key,))
