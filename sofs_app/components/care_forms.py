"""The organisation's care forms on the pages: the list to choose from, and each form's
name (marked when a case keeps a form that is no longer in the list)."""

from __future__ import annotations

from collections.abc import Iterable

import streamlit as st

from registration.care_forms import CareForms, CareFormsInvalid, care_forms
from registration.wording import care_form_name
from sofs_app.components.errors import show_error
from sofs_app.context import t


def care_forms_or_stop() -> CareForms:
    """The list; a care forms file that cannot be read ends the page with the file and the
    line to fix (choosing from a wrong list would be worse)."""
    try:
        return care_forms()
    except CareFormsInvalid as error:
        show_error(error)
        st.stop()


def care_form_label(key: str) -> str:
    """A care form's name in the user's language (a picklable ``format_func``)."""
    return care_form_labels([key])[key]


def care_form_labels(keys: Iterable[str]) -> dict[str, str]:
    """The names of several care forms, the list read once (a table's column)."""
    try:
        listed: CareForms | None = care_forms()
    except CareFormsInvalid:
        listed = None  # the page that needs the list says what is wrong with it
    return {key: care_form_name(key, t, listed=listed is None or key in listed)
            for key in keys}
