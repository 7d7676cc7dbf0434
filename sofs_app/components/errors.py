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


def show_error(error: SofsError) -> None:
    """Show any domain error; validation errors list every field that needs attention."""
    if isinstance(error, ValidationFailed):
        lines = "\n".join(f"- {field_message(e)}" for e in error.errors)
        st.error(f"{t('error.validation')}\n\n{lines}", icon=":material/error:")
    else:
        st.error(t(error.message_key, **_params(error)), icon=":material/error:")
