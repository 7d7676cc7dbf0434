"""What changed on the map since the meeting before, as a plain list."""

from __future__ import annotations

import html

import streamlit as st

from mapping.meetings import EntryChange, MapChanges
from sofs_app.context import label, t


def _item(change: EntryChange, text: str | None) -> str:
    return (f"<li><strong>{html.escape(label(change.category))}</strong>: "
            f'<span style="white-space:pre-wrap">{html.escape(text or "")}</span></li>')


def show_changes(changes: MapChanges) -> None:
    if changes.previous_meeting_id is None:
        st.write(t("map.changes_first_meeting"))
        return
    if changes.is_empty:
        st.write(t("map.changes_none"))
        return
    parts = []
    for key, items in (
        ("map.changes_added", changes.added),
        ("map.changes_changed", changes.changed),
        ("map.changes_removed", changes.removed),
    ):
        if items:
            # A removed entry only has its old text; the others show the text as it is now.
            parts.append(f'<h3 style="font-size:1.05em">{html.escape(t(key))}</h3><ul>'
                         + "".join(_item(c, c.after if c.after is not None else c.before)
                                   for c in items) + "</ul>")
    st.html("".join(parts))
