"""A child's three houses drawn as escaped HTML, side by side like the map's columns: one
element for all of them, however many words the child said."""

from __future__ import annotations

import html

import streamlit as st

from mapping.child_voice import HousesView, ItemView
from sofs_app.components.map_board import FRAME_STYLE, GRID_STYLE, PRE_STYLE
from sofs_app.context import t
from sofs_core.codes import HouseKind, VoiceTool


def _item_html(item: ItemView) -> str:
    """The child's words exactly as said (escaped, never markup), with what is shared."""
    shared = t(f"sharing.{item.sharing}") + (
        f" · {t('child_voice.on_map')}" if item.map_lineage else "")
    return (f'<li style="margin-bottom:0.6em"><span style="{PRE_STYLE}">'
            f"{html.escape(item.words)}</span><br>"
            f'<small style="color:#31333f">{html.escape(shared)}</small></li>')


def houses_html(houses: HousesView, tool: VoiceTool) -> str:
    """Each house with its heading (h3, under the page's h2) and the child's words with what
    the child shares of each."""
    frames = []
    for house in HouseKind:
        items = houses.of(house)
        body = (f'<ul style="padding-left:1.2em;margin:0">'
                f'{"".join(_item_html(i) for i in items)}</ul>' if items
                else f'<p style="color:#555;margin:0">{html.escape(t("child_voice.nothing_yet"))}'
                     "</p>")
        frames.append(f'<section style="{FRAME_STYLE}"><h3 style="font-size:1.25rem;'
                      f'margin:0 0 0.5rem">{html.escape(t(f"child_voice.{tool}.{house}"))}</h3>'
                      f"{body}</section>")
    return f'<div style="{GRID_STYLE}">{"".join(frames)}</div>'


def draw_houses(houses: HousesView, tool: VoiceTool) -> None:
    st.html(houses_html(houses, tool))
