"""Showing user text as text: never as HTML, markdown, a link or an image."""

from __future__ import annotations

import base64
import html
from collections.abc import Sequence
from datetime import date
from pathlib import Path

import streamlit as st
from babel.dates import format_date

from sofs_app.context import locale, t

# Read once per process, not on every rerun. A local file, because a ":material/...:" page
# icon would make the browser fetch it from the internet. Not a PIL image: an opened image
# loads its pixels lazily on first use, and sessions starting at once on a fresh server
# raced in that load (set_page_config failed with Streamlit's English error page). A data
# URL, not the bytes: Streamlit hands a URL on as it is, where bytes are hashed and stored
# as a media file again on every rerun of every page (the icon is 528 bytes).
PAGE_ICON = "data:image/png;base64," + base64.b64encode(
    (Path(__file__).resolve().parent.parent / "static" / "icon.png").read_bytes()).decode()


def show_title(text: str) -> None:
    """A page title made of user text, such as a family name.

    User text never goes through markdown: escaping markdown is not enough, because
    Streamlit still turns bare web and e-mail addresses into live links. HTML-escaped
    text in st.html is shown exactly as typed.
    """
    # Sized like st.title: st.html does not get Streamlit's heading styles.
    st.html(
        '<h1 style="font-size:2.75rem;font-weight:700;line-height:1.2;margin:0.5rem 0 0;'
        f'padding:1.25rem 0 1rem;overflow-wrap:anywhere">{html.escape(text)}</h1>'
    )


def show_caption(*lines: str) -> None:
    """Small grey text that may hold user text (a user's name): escaped, never markdown.

    Several lines go in one element (each element costs a little on every rerun).
    """
    st.html("".join(f'<p style="font-size:0.875rem;color:#31333f;margin:0">'
                    f"{html.escape(line)}</p>" for line in lines))


def heading_html(text: str, *, level: int) -> str:
    return (f'<h{level} style="margin:0.75rem 0 0.25rem;overflow-wrap:anywhere">'
            f"{html.escape(text)}</h{level}>")


def show_heading(text: str, *, level: int) -> None:
    """A heading that holds user text (e.g. a danger statement), escaped like show_title."""
    st.html(heading_html(text, level=level))


def fields_html(facts: Sequence[tuple[str, str]]) -> str:
    items = "".join(
        f'<dt style="font-weight:600">{html.escape(caption)}</dt>'
        f'<dd style="margin:0 0 0.75rem 0;white-space:pre-wrap">{html.escape(value) or "—"}</dd>'
        for caption, value in facts
    )
    return f'<dl style="margin:0;padding:0">{items}</dl>'


def show_fields(facts: Sequence[tuple[str, str]]) -> None:
    """Caption/value pairs as a definition list; both are escaped, empty values show a dash."""
    st.html(fields_html(facts))


def fmt_date(value: date | None) -> str:
    if value is None:
        return ""
    return format_date(value, format="long", locale=locale().replace("-", "_"))


def fmt_date_short(value: date | None) -> str:
    return value.strftime("%d/%m/%Y") if value is not None else ""


def demo_banner() -> None:
    st.warning(t("demo.banner"), icon=":material/science:")
