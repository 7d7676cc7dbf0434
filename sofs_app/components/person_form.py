"""Form for one family member."""

from __future__ import annotations

import streamlit as st

from genograms.people import PersonInput
from sofs_app.context import label, t
from storage.enums import Gender, Sex


def person_form(
    *, form_key: str, initial: PersonInput | None, submit_label: str
) -> PersonInput | None:
    """Render the member form; return what was typed on submit, else None."""
    with st.form(form_key, enter_to_submit=False):
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
        notes = st.text_area(
            t("field.notes"), value=initial.notes if initial else "", key=f"{form_key}:notes"
        )
        submitted = st.form_submit_button(submit_label, type="primary")
    if not submitted:
        return None
    return PersonInput(first, last, sex, gender, birth, notes)
