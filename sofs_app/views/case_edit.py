"""Edit a family's name and its case; refuses to overwrite someone else's save."""

import streamlit as st

from auth.access import rights
from mapping.cases import CaseDetail, get_case, update_case
from mapping.consultation import share_case
from sofs_app.components.case_form import case_form, show_case_summary
from sofs_app.components.case_state import OVERVIEW_PAGE, case_page, require_case
from sofs_app.components.errors import show_error
from sofs_app.components.flash import flash
from sofs_app.context import db, t
from sofs_app.gate import FORM_BASE_PREFIX, require_actor
from sofs_core.errors import Conflict, SofsError

actor = require_actor()
case_id = require_case()

with case_page(actor, case_id, "page/case_edit") as session:
    case = get_case(session=session, actor=actor, case_id=case_id)
    can = rights(session, actor, case_id)

# The versions this form started from: a save is refused if the stored ones moved on.
base_key = f"{FORM_BASE_PREFIX}case:{case_id}"
st.session_state.setdefault(base_key, (case.version, case.family_version))
base_version, base_family_version = st.session_state[base_key]

st.title(t("case_edit.title"))
if st.button(t("common.back"), icon=":material/arrow_back:"):
    st.session_state.pop(base_key, None)
    st.switch_page(OVERVIEW_PAGE)

submitted = case_form(form_key=f"case_edit_{case_id}", actor=actor, initial=case.as_input(),
                      may_assign=can.assign,
                      editing=True)
if submitted is not None:
    try:
        with db() as session:
            update_case(session=session, actor=actor, case_id=case_id,
                        expected_version=base_version,
                        expected_family_version=base_family_version, data=submitted)
            # A newly chosen consultant may read the case from now on (recorded); one chosen
            # before keeps her access until it is taken away on the case overview.
            if submitted.consultant_id not in (None, case.consultant_id):
                share_case(session=session, actor=actor, case_id=case_id,
                           consultant_id=submitted.consultant_id)
    except Conflict as conflict:
        st.error(t("error.conflict"), icon=":material/sync_problem:")
        theirs = conflict.current
        if isinstance(theirs, CaseDetail):
            st.write(t("case_edit.conflict_theirs"))
            show_case_summary(theirs)
            st.info(t("case_edit.conflict_next"), icon=":material/info:")
            # The next save knowingly replaces the version just shown.
            st.session_state[base_key] = (theirs.version, theirs.family_version)
    except SofsError as error:
        show_error(error)
    else:
        st.session_state.pop(base_key, None)
        flash("case_edit.saved")
        st.switch_page(OVERVIEW_PAGE)
