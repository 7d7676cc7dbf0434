"""The form for one map entry; its fields follow the part of the map it belongs to."""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractContextManager
from typing import Any

import streamlit as st

from mapping.map import EntryInput, MapView
from sofs_app.components.adding import adding_form, is_submitted, submit_button
from sofs_app.components.form_dates import DATE_FORMAT, latest_date
from sofs_app.components.map_board import danger_numbers
from sofs_app.context import label, t
from sofs_core.codes import EntryCategory, Restriction, Voice

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
    present: Sequence[str] = (),
    outside: tuple[str, ...] = (),
) -> EntryInput | None:
    """Render the form; return the typed entry on submit, else None (typed text stays).

    A next step's "who" is picked from ``present`` (those at the meeting); another name
    can still be typed.

    An ``adding`` form is one entry after another (see ``adding``): the caller reports
    the outcome with ``added`` or ``refused``.
    """
    # In a container of its own: the help comes and goes with the part, the form below
    # stays where it is (a form that moves is drawn anew, and loses what is being typed).
    with st.container():
        if category in FRAMED:
            st.info(t(f"map.frame.{category.value}"), icon=":material/lightbulb:")
    form: AbstractContextManager[Any] = (
        adding_form(form_key, enter_to_submit=True) if adding
        else st.form(form_key, enter_to_submit=False))
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
        family_words = family_words_translation = ""
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
            # The family plan's "why": this statement as the family says it, and the same
            # in their other language (typed by the counsellor or an interpreter).
            family_words = st.text_area(
                t("map.family_words_field"),
                value=initial.family_words if initial else "",
                help=t("map.family_words_help"),
                key=f"{form_key}:family_words",
            )
            family_words_translation = st.text_area(
                t("map.family_words_translation_field"),
                value=initial.family_words_translation if initial else "",
                help=t("map.family_words_translation_help"),
                key=f"{form_key}:family_words_translation",
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
            names = list(dict.fromkeys(present))
            current_who = initial.who if initial else ""
            if current_who and current_who not in names:
                names.append(current_who)
            # Names are user text: selectbox options are shown as text, never as markdown.
            who = c1.selectbox(
                t("map.who"), names, index=names.index(current_who) if current_who else None,
                accept_new_options=True, placeholder=t("map.who_placeholder"),
                key=f"{form_key}:who",
            ) or ""
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
            submit_button(form_key, submit_label, outside=outside)
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
        family_words=family_words,
        family_words_translation=family_words_translation,
    )
