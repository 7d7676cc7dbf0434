"""The drawing canvas (streamlit-drawable-canvas 0.9.3, Fabric.js, in a frame whose built
frontend our own server serves; it loads nothing from elsewhere): the child, a parent or the
counsellor draws with the mouse, a finger or a pen, and the page saves it like a photo.

Not 0.13: that is a components-v2 widget whose session-state value Streamlit (1.67) cannot
pickle, so every rerun with it fails under enforceSerializableSessionState."""

from __future__ import annotations

import streamlit as st
from PIL import Image
from streamlit_drawable_canvas import st_canvas

from sofs_app.context import labeller, t

WIDTH, HEIGHT = 640, 420  # fits the page on a laptop; the booklet prints it large
BACKGROUND = "#ffffff"  # paper: the stored PNG has a white background, not a transparent one
COLOURS = {"black": "#1b1b1b", "blue": "#1f5fbf", "red": "#c62828", "green": "#2e7d32",
           "orange": "#ef6c00", "purple": "#6a1b9a", "brown": "#6d4c41"}
PENS = {"thin": 3, "medium": 8, "thick": 18}


def _nonce(key: str) -> int:
    return int(st.session_state.get(f"{key}:n", 0))


def drawing_canvas(key: str) -> Image.Image | None:
    """Show the canvas (with a pen colour and thickness) and return what is drawn on it, or
    None before the first stroke."""
    cols = st.columns(2)
    colour = cols[0].selectbox(t("canvas.colour"), list(COLOURS), key=f"{key}:colour",
                               format_func=labeller("canvas.colours"))
    pen = cols[1].radio(t("canvas.pen"), list(PENS), index=1, horizontal=True,
                        key=f"{key}:pen", format_func=labeller("canvas.pens"))
    st.caption(t("canvas.help"))
    result = st_canvas(stroke_width=PENS[pen or "medium"],
                       stroke_color=COLOURS[colour or "black"], background_color=BACKGROUND,
                       width=WIDTH, height=HEIGHT, drawing_mode="freedraw",
                       key=f"{key}:{_nonce(key)}")
    pixels = result.image_data
    return None if pixels is None else Image.fromarray(pixels)


def clear_canvas(key: str) -> None:
    """Start an empty canvas at the next rerun (after its drawing was saved)."""
    st.session_state[f"{key}:n"] = _nonce(key) + 1
