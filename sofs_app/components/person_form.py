"""Form for one family member."""

from __future__ import annotations

import streamlit as st

from genograms.people import PersonInput
from sofs_app.components.adding import adding_form, is_submitted, submit_button
from sofs_app.context import label, t
from sofs_core.codes import Gender, Sex


def person_form(
    *, form_key: str, initial: PersonInput | None, submit_label: str, adding: bool = False
) -> PersonInput | None:
    """Render the member form; return what was typed on submit, else None.

    An ``adding`` form is one person after another (see ``adding``): the caller reports
    the outcome with ``added`` or ``refused``.
    """
    if adding:
        with adding_form(form_key):
            data = person_fields(form_key=form_key, initial=initial)
            submit_button(form_key, submit_label)
        return data if is_submitted(form_key) else None
    with st.form(form_key, enter_to_submit=False):
        data = person_fields(form_key=form_key, initial=initial)
        submitted = st.form_submit_button(submit_label, type="primary")
    return data if submitted else None


def person_fields(*, form_key: str, initial: PersonInput | None,
                  notes: bool = True) -> PersonInput:
    """The member's fields, inside a form the caller opened; returns what is typed."""
    c1, c2 = st.columns(2)
    first = c1.text_input(
        t("field.first_name") + " *",
        value=initial.first_name if initial else "",
        key=f"{form_key}:first",
    )
    last = c2.text_input(
        t("field.last_name"), value=initial.last_name if initial else "", key=f"{form_key}:last"
    )
    sexes, genders = list(Sex), list(Gender)
    sex = c1.selectbox(
        t("field.sex"),
        sexes,
        format_func=label,
        index=sexes.index(initial.sex) if initial else sexes.index(Sex.UNKNOWN),
        help=t("person_form.sex_help"),
        key=f"{form_key}:sex",
    )
    gender = c2.selectbox(
        t("field.gender"),
        genders,
        format_func=label,
        index=genders.index(initial.gender) if initial else genders.index(Gender.NOT_RECORDED),
        help=t("person_form.gender_help"),
        key=f"{form_key}:gender",
    )
    birth = c1.text_input(
        t("field.birth"),
        value=initial.birth if initial else "",
        placeholder=t("person_form.birth_hint"),
        help=t("person_form.birth_help"),
        key=f"{form_key}:birth",
    )
    deceased = c2.checkbox(t("person_form.deceased"),
                           value=initial.deceased if initial else False,
                           key=f"{form_key}:deceased")
    death_year = c2.number_input(t("field.death_year"), value=initial.death_year if initial
                                 else None, step=1, format="%d", key=f"{form_key}:death_year",
                                 help=t("person_form.death_year_help"))
    called = st.text_input(
        t("field.called_by_children"), value=initial.called_by_children if initial else "",
        placeholder=t("person_form.called_by_children_hint"),
        help=t("person_form.called_by_children_help"), key=f"{form_key}:called")
    text = st.text_area(
        t("field.notes"), value=initial.notes if initial else "", key=f"{form_key}:notes"
    ) if notes else ""
    return PersonInput(first, last, sex, gender, birth, text, deceased or death_year is not None,
                       int(death_year) if death_year is not None else None, called)
