"""Domain errors turned into messages in one place."""

from __future__ import annotations

from datetime import date

import streamlit as st

from sofs_app.components.text import fmt_date_short
from sofs_app.context import t
from sofs_core.errors import FieldError, SofsError, ValidationFailed


def _params(error: FieldError | SofsError) -> dict[str, object]:
    return {k: fmt_date_short(v) if isinstance(v, date) else v for k, v in error.params.items()}


def field_message(error: FieldError) -> str:
    return t(f"field.{error.field}") + ": " + t(error.message_key, **_params(error))


def error_text(error: SofsError) -> str:
    """Any domain error as a message; validation errors list every field to look at."""
    if isinstance(error, ValidationFailed):
        lines = "\n".join(f"- {field_message(e)}" for e in error.errors)
        return f"{t('error.validation')}\n\n{lines}"
    return t(error.message_key, **_params(error))


def show_error(error: SofsError) -> None:
    st.error(error_text(error), icon=":material/error:")
