"""New case: a family and its first case."""

import streamlit as st

from mapping.cases import create_case
from mapping.consultation import share_case
from sofs_app.components.case_form import case_form
from sofs_app.components.case_state import open_case
from sofs_app.components.errors import show_error
from sofs_app.components.flash import flash
from sofs_app.context import db, t
from sofs_app.gate import require_actor
from sofs_core.errors import SofsError

actor = require_actor()
st.title(t("case_new.title"))
st.write(t("case_new.intro"))

submitted = case_form(form_key="case_new", actor=actor, initial=None, editing=False)
if submitted is not None:
    try:
        with db() as session:
            case_id = create_case(session=session, actor=actor, data=submitted)
            # The consultant chosen in the form may read the case from now on (recorded).
            if submitted.consultant_id is not None:
                share_case(session=session, actor=actor, case_id=case_id,
                           consultant_id=submitted.consultant_id)
    except SofsError as error:
        show_error(error)
    else:
        flash("case_new.saved")
        open_case(case_id)
