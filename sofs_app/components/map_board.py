"""The three-column map drawn as escaped HTML: one element for the whole map, calm and fast.

User text is escaped and kept as written (line breaks included). Headings continue the
page's outline (h2 per column, h3 per part) so screen readers can move through the map.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

import streamlit as st

from mapping.map import EntryView, MapView
from sofs_app.components.text import fmt_date_short
from sofs_app.context import label, t
from sofs_core.codes import EntryCategory, Voice

C = EntryCategory
COLUMNS: tuple[tuple[str, tuple[EntryCategory, ...]], ...] = (
    ("map.column.worries", (C.HARM, C.DANGER_STATEMENT, C.COMPLICATING_FACTOR)),
    ("map.column.working_well", (C.STRENGTH, C.EXISTING_SAFETY)),
    ("map.column.needs_to_happen", (C.SAFETY_GOAL, C.NEXT_STEP)),
)
# User text as written: line breaks kept, long words wrapped.
PRE_STYLE = "white-space:pre-wrap;overflow-wrap:anywhere"


def _e(text: str) -> str:
    return html.escape(text)


def danger_numbers(view: MapView) -> dict[str, int]:
    """Danger statements are referred to by number: 'zorgverklaring 2'."""
    return {d.lineage: n for n, d in enumerate(view.of(C.DANGER_STATEMENT), start=1)}


def entry_html(entry: EntryView, numbers: dict[str, int], font_size: str = "1rem") -> str:
    parts = [f'<span style="{PRE_STYLE}">{_e(entry.text)}</span>']
    if entry.voice is Voice.FAMILY:
        parts.append(f' <small style="color:#1f5f8b">({_e(t("map.family_words_short"))})</small>')
    if entry.disputed:
        parts.append(
            f'<br><strong style="color:#8a1c1c">{_e(t("map.disputed"))}</strong>'
            + (f' {_e(t("map.family_view"))}: '
               f'<span style="{PRE_STYLE}">{_e(entry.family_view)}</span>'
               if entry.family_view else "")
        )
    if entry.category is C.SAFETY_GOAL and entry.danger_lineage in numbers:
        parts.append(f"<br><small>{_e(t('map.goal_for', number=numbers[entry.danger_lineage]))}"
                     "</small>")
    if entry.category is C.NEXT_STEP and (entry.who or entry.due_on):
        details = []
        if entry.who:
            details.append(f"{_e(t('map.who'))}: {_e(entry.who)}")
        if entry.due_on:
            details.append(f"{_e(t('map.by_when'))}: {fmt_date_short(entry.due_on)}")
        parts.append(f"<br><small>{' · '.join(details)}</small>")
    return f'<li style="margin-bottom:0.6em;font-size:{font_size}">{"".join(parts)}</li>'


def column_html(title_key: str, categories: Sequence[EntryCategory], view: MapView,
                numbers: dict[str, int], font_size: str = "1rem") -> str:
    blocks = [f'<h2 style="font-size:1.4em;margin:0 0 0.5rem">{_e(t(title_key))}</h2>']
    for category in categories:
        entries = view.of(category)
        blocks.append(f'<h3 style="font-size:1.1em;margin:0.75rem 0 0.25rem">'
                      f"{_e(label(category))}</h3>")
        if entries:
            items = "".join(entry_html(e, numbers, font_size) for e in entries)
            blocks.append(f'<ol style="padding-left:1.4em;margin:0">{items}</ol>')
        else:
            blocks.append(f'<p style="color:#555;margin:0">{_e(t("map.nothing_yet"))}</p>')
    return f'<section style="font-size:{font_size}">{"".join(blocks)}</section>'


def bottom_lines_html(view: MapView, font_size: str = "1rem") -> str:
    entries = view.of(C.BOTTOM_LINE)
    items = "".join(entry_html(e, {}, font_size) for e in entries) if entries else ""
    body = (f'<ol style="padding-left:1.4em;margin:0">{items}</ol>' if items
            else f'<p style="margin:0">{_e(t("map.no_bottom_lines"))}</p>')
    return (f'<section style="border:2px solid #8a1c1c;border-radius:0.5rem;padding:0.75rem 1rem;'
            f'font-size:{font_size}"><h2 style="font-size:1.3em;margin:0 0 0.4rem">'
            f"{_e(label(C.BOTTOM_LINE))}</h2>{body}</section>")


def pairs_html(view: MapView, numbers: dict[str, int]) -> str:
    if not view.pairs:
        return ""
    rows = "".join(
        "<tr>"
        f'<td style="vertical-align:top;padding:0.4rem;border-top:1px solid #ccc">'
        f"<strong>{numbers[p.danger.lineage]}.</strong> "
        f'<span style="{PRE_STYLE}">{_e(p.danger.text)}</span></td>'
        f'<td style="vertical-align:top;padding:0.4rem;border-top:1px solid #ccc">'
        + (f'<span style="{PRE_STYLE}">{_e(p.goal.text)}</span>' if p.goal
           else f'<em style="color:#8a1c1c">{_e(t("map.no_goal_yet"))}</em>')
        + "</td></tr>"
        for p in view.pairs
    )
    return (
        f'<h2 style="font-size:1.4em">{_e(t("map.pairs_title"))}</h2>'
        '<table style="width:100%;border-collapse:collapse"><thead><tr>'
        f'<th scope="col" style="text-align:left;width:50%">{_e(label(C.DANGER_STATEMENT))}</th>'
        f'<th scope="col" style="text-align:left">{_e(label(C.SAFETY_GOAL))}</th>'
        f"</tr></thead><tbody>{rows}</tbody></table>"
    )


# The three columns side by side while each has room for a line of words, else under each
# other (as Streamlit's columns do on a phone), each in a frame.
GRID_STYLE = ("display:grid;grid-template-columns:repeat(auto-fit,minmax(16rem,1fr));gap:1rem;"
         "margin:1rem 0")
FRAME_STYLE = "border:1px solid rgba(49,51,63,0.2);border-radius:0.5rem;padding:1rem"


def draw_map(view: MapView) -> None:
    """Bottom lines, the three columns, then each danger statement beside its goal: one
    element, drawn again on every rerun of a live meeting."""
    numbers = danger_numbers(view)
    columns = "".join(f'<div style="{FRAME_STYLE}">'
                      f"{column_html(title_key, categories, view, numbers)}</div>"
                      for title_key, categories in COLUMNS)
    st.html(bottom_lines_html(view) + f'<div style="{GRID_STYLE}">{columns}</div>'
            + pairs_html(view, numbers))


def entry_choice_label(entry: EntryView, position: int) -> str:
    """A one-line name for an entry in a choice list: 'Schade 1: Er werd gemeld …'."""
    first_line = entry.text.strip().splitlines()[0] if entry.text.strip() else ""
    short = first_line if len(first_line) <= 70 else first_line[:69] + "…"
    return f"{label(entry.category)} {position}: {short}"
