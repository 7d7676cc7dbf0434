"""Showing user text as text: never as HTML, markdown, a link or an image."""

from __future__ import annotations

import re
from datetime import date

import streamlit as st
from babel.dates import format_date

from sofs_app.context import locale, t

# CommonMark lets a backslash escape every ASCII punctuation character; escaping them all
# turns markup, links, images, entities, LaTeX and Streamlit's :colour[...] into plain text.
_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")


def escape_md(text: str) -> str:
    """User text made safe for any Streamlit element that renders markdown."""
    return _PUNCTUATION.sub(r"\\\1", text).replace("\n", "  \n")


def show_field(caption: str, value: str) -> None:
    """A caption (trusted catalogue text) above a value (user text, shown literally)."""
    st.markdown(f"**{caption}**  \n{escape_md(value) if value else '—'}")


def fmt_date(value: date | None) -> str:
    if value is None:
        return ""
    return format_date(value, format="long", locale=locale().replace("-", "_"))


def fmt_date_short(value: date | None) -> str:
    return value.strftime("%d/%m/%Y") if value is not None else ""


def demo_banner() -> None:
    st.warning(t("demo.banner"), icon=":material/science:")
