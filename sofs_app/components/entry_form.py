"""The form for one map entry; its fields follow the part of the map it belongs to."""

from __future__ import annotations

from contextlib import AbstractContextManager
from typing import Any

import streamlit as st

from mapping.map import EntryInput, MapView
from sofs_app.components.adding import adding_form, is_submitted, submit_button
from sofs_app.components.form_dates import DATE_FORMAT, latest_date
from sofs_app.components.map_board import danger_numbers
from sofs_app.context import label, t
from storage.enums import EntryCategory, Restriction, Voice

C = EntryCategory
# The parts whose statements have a sentence frame (domain brief, section 1).
FRAMED = {C.HARM, C.DANGER_STATEMENT, C.SAFETY_GOAL}


def entry_form(
    *,
    form_key: str,
    category: EntryCategory,
    view: MapView,
    initial: EntryInput | None,
    submit_label: str,
    adding: bool = False,
) -> EntryInput | None:
    """Render the form; return the typed entry on submit, else None (typed text stays).

    An ``adding`` form is one entry after another (see ``adding``): the caller reports
    the outcome with ``added`` or ``refused``.
    """
    if category in FRAMED:
        st.info(t(f"map.frame.{category.value}"), icon=":material/lightbulb:")
    form: AbstractContextManager[Any] = (
        adding_form(form_key) if adding else st.form(form_key, enter_to_submit=False))
    with form:
        text = st.text_area(
            t("field.text") + " *",
            value=initial.text if initial else "",
            height=120,
            key=f"{form_key}:text",
        )
        voices = list(Voice)
        voice = st.radio(
            t("map.whose_words"),
            voices,
            format_func=label,
            horizontal=True,
            index=voices.index(initial.voice if initial else Voice.PROFESSIONAL),
            key=f"{form_key}:voice",
        )
        disputed, family_view, danger_lineage, who, due_on = False, "", None, "", None
        if category is C.DANGER_STATEMENT:
            disputed = st.checkbox(
                t("map.disputed_check"),
                value=initial.disputed if initial else False,
                key=f"{form_key}:disputed",
            )
            family_view = st.text_area(
                t("map.family_view_field"),
                value=initial.family_view if initial else "",
                help=t("map.family_view_help"),
                key=f"{form_key}:family_view",
            )
        if category is C.SAFETY_GOAL:
            numbers = danger_numbers(view)
            dangers = {
                d.lineage: f"{numbers[d.lineage]}. {d.text[:80]}"
                for d in view.of(C.DANGER_STATEMENT)
            }
            options = list(dangers)
            current = initial.danger_lineage if initial else None
            danger_lineage = st.selectbox(
                t("field.danger_lineage") + " *",
                options,
                format_func=dangers.__getitem__,
                index=options.index(current) if current in options else None,
                placeholder=t("common.choose"),
                key=f"{form_key}:danger",
            )
        if category is C.NEXT_STEP:
            c1, c2 = st.columns(2)
            who = c1.text_input(
                t("map.who"), value=initial.who if initial else "", key=f"{form_key}:who"
            )
            due_on = c2.date_input(
                t("map.by_when"),
                value=initial.due_on if initial else None,
                format=DATE_FORMAT,
                max_value=latest_date(),
                key=f"{form_key}:due_on",
            )
        restrictions = list(Restriction)
        restriction = st.selectbox(
            t("field.restriction"), restrictions, format_func=label,
            index=restrictions.index(initial.restriction if initial else Restriction.NONE),
            help=t("map.restriction_help"), key=f"{form_key}:restriction",
        )
        if adding:
            submit_button(form_key, submit_label)
        else:
            submitted = st.form_submit_button(submit_label, type="primary")
    if adding:
        submitted = is_submitted(form_key)
    if not submitted:
        return None
    return EntryInput(
        category=category,
        text=text,
        voice=voice,
        disputed=disputed,
        family_view=family_view,
        danger_lineage=danger_lineage,
        who=who,
        due_on=due_on or None,
        restriction=restriction,
    )
