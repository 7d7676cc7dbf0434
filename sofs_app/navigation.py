"""The pages of a logged-in user, for st.navigation: only what their role may use.

Hiding a page is not access control (every service checks for itself); it keeps the
navigation to the work a person does.
"""

from __future__ import annotations

import streamlit as st

from mapping.cases import CASE_MAKERS
from sofs_app.context import t
from storage.enums import Role

CASE_WORK = (*CASE_MAKERS, Role.CONSULTANT)


def work_pages(role: Role) -> list[st.Page]:
    """The logged-in pages of one role, in the session's language.

    Built anew on every rerun, never cached across sessions: st.navigation marks the page
    it returns as callable for this run only, so page objects shared between sessions let
    one session's run clear another's mark ("This page cannot be called directly") and
    drop its save.

    A flat list: a section header inside the nav's <ul> breaks its list semantics (axe).
    """
    pages: list[st.Page] = []
    if role in CASE_WORK:
        pages.append(st.Page("views/case_list.py", title=t("nav.case_list"),
                             icon=":material/folder_open:", default=True))
    if role in CASE_MAKERS:
        pages += [
            st.Page("views/case_new.py", title=t("nav.case_new"),
                    icon=":material/create_new_folder:"),
            st.Page("views/case_edit.py", title=t("nav.case_edit"),
                    icon=":material/edit:", visibility="hidden"),
        ]
    if role in CASE_WORK:
        pages += [
            st.Page("views/case_overview.py", title=t("nav.case_overview"),
                    icon=":material/family_restroom:", visibility="hidden"),
            st.Page("views/meetings.py", title=t("nav.meetings"),
                    icon=":material/groups:", visibility="hidden"),
            st.Page("views/map.py", title=t("nav.map"), icon=":material/map:",
                    visibility="hidden"),
            st.Page("views/scaling.py", title=t("nav.scaling"),
                    icon=":material/linear_scale:", visibility="hidden"),
            st.Page("views/genogram.py", title=t("nav.genogram"),
                    icon=":material/family_history:", visibility="hidden"),
            st.Page("views/network.py", title=t("nav.network"), icon=":material/diversity_3:",
                    visibility="hidden"),
            st.Page("views/plan.py", title=t("nav.plan"), icon=":material/shield:",
                    visibility="hidden"),
            st.Page("views/meeting_view.py", title=t("nav.meeting_view"),
                    icon=":material/co_present:", visibility="hidden"),
        ]
    if role is Role.ADMIN:
        pages.append(st.Page("views/accounts.py", title=t("nav.accounts"),
                             icon=":material/manage_accounts:", default=True))
    if role in (Role.ADMIN, Role.TEAM_LEAD):
        pages.append(st.Page("views/audit.py", title=t("nav.audit"), icon=":material/history:"))
    if role is Role.TEAM_LEAD:
        pages.append(st.Page("views/team.py", title=t("nav.team"),
                             icon=":material/how_to_reg:"))
    return pages
