"""A list of registered things with one way to remove one: the table, a choice of which,
and a remove button (the registration page's contacts, procedures and survey answers)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import streamlit as st
from sqlalchemy.orm import Session

from sofs_app.components.saving import save
from sofs_app.context import t


def list_and_remove(*, key: str, table: Mapping[str, Sequence[object]],
                    choices: Mapping[int, str], which: str, button: str,
                    remove: Callable[[Session, int], object], done: str) -> None:
    """Show ``table`` (user text as cells, never markdown); under it the user picks one of
    ``choices`` (id -> words) and removes it with ``remove(session, id)`` in one save."""
    st.dataframe(dict(table), hide_index=True, width="stretch")
    picked = st.selectbox(which, list(choices), format_func=choices.__getitem__, index=None,
                          placeholder=t("common.choose"), key=f"{key}:pick")
    if picked is not None and st.button(button, icon=":material/delete:", key=f"{key}:remove"):
        chosen: int = picked
        save(lambda s: remove(s, chosen), done, forget=f"{key}:pick")
