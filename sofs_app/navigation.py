"""The pages of a logged-in user, for st.navigation: only what their role may use.

Hiding a page is not access control (every service checks for itself); it keeps the
navigation to the work a person does.
"""

from __future__ import annotations

import streamlit as st

from auth.access import CASE_MAKERS
from sofs_app.context import locale, t
from sofs_app.paths import (
    ACCOUNTS_PAGE,
    AUDIT_PAGE,
    CHILD_VOICE_PAGE,
    EDIT_PAGE,
    FIGURES_PAGE,
    GENOGRAM_PAGE,
    LIST_PAGE,
    MAP_PAGE,
    MEETING_VIEW_PAGE,
    MEETINGS_PAGE,
    NETWORK_PAGE,
    NEW_PAGE,
    OVERVIEW_PAGE,
    PLAN_PAGE,
    REGISTRATION_PAGE,
    SCALING_PAGE,
    TEAM_PAGE,
    WORDS_PICTURES_PAGE,
)
from sofs_core.codes import Role

CASE_WORK = (*CASE_MAKERS, Role.CONSULTANT)


_PAGES_KEY = "nav_pages"


def work_pages(role: Role) -> list[st.Page]:
    """The logged-in pages of one role, in the session's language.

    Kept in the session (building them costs a file lookup per page on every rerun), never
    shared between sessions: st.navigation marks the page it returns as callable for this
    run only, so page objects shared between sessions let one session's run clear
    another's mark ("This page cannot be called directly") and drop its save. A session
    runs one script at a time, so its own pages are never marked by two runs at once.
    """
    made_for = (role, locale())
    kept = st.session_state.get(_PAGES_KEY)
    if kept is not None and kept[0] == made_for:
        pages: list[st.Page] = kept[1]
        return pages
    pages = _build(role)
    st.session_state[_PAGES_KEY] = (made_for, pages)
    return pages


def _build(role: Role) -> list[st.Page]:
    """A flat list: a section header inside the nav's <ul> breaks its list semantics (axe)."""
    pages: list[st.Page] = []
    if role in CASE_WORK:
        pages.append(st.Page(LIST_PAGE, title=t("nav.case_list"),
                             icon=":material/folder_open:", default=True))
    if role in CASE_MAKERS:
        pages += [
            st.Page(NEW_PAGE, title=t("nav.case_new"),
                    icon=":material/create_new_folder:"),
            st.Page(EDIT_PAGE, title=t("nav.case_edit"),
                    icon=":material/edit:", visibility="hidden"),
        ]
    if role in CASE_WORK:
        pages += [
            st.Page(OVERVIEW_PAGE, title=t("nav.case_overview"),
                    icon=":material/family_restroom:", visibility="hidden"),
            st.Page(MEETINGS_PAGE, title=t("nav.meetings"),
                    icon=":material/groups:", visibility="hidden"),
            st.Page(MAP_PAGE, title=t("nav.map"), icon=":material/map:",
                    visibility="hidden"),
            st.Page(SCALING_PAGE, title=t("nav.scaling"),
                    icon=":material/linear_scale:", visibility="hidden"),
            st.Page(CHILD_VOICE_PAGE, title=t("nav.child_voice"),
                    icon=":material/child_care:", visibility="hidden"),
            st.Page(WORDS_PICTURES_PAGE, title=t("nav.words_pictures"),
                    icon=":material/auto_stories:", visibility="hidden"),
            st.Page(GENOGRAM_PAGE, title=t("nav.genogram"),
                    icon=":material/family_history:", visibility="hidden"),
            st.Page(NETWORK_PAGE, title=t("nav.network"), icon=":material/diversity_3:",
                    visibility="hidden"),
            st.Page(PLAN_PAGE, title=t("nav.plan"), icon=":material/shield:",
                    visibility="hidden"),
            st.Page(MEETING_VIEW_PAGE, title=t("nav.meeting_view"),
                    icon=":material/co_present:", visibility="hidden"),
            st.Page(REGISTRATION_PAGE, title=t("nav.registration"),
                    icon=":material/fact_check:", visibility="hidden"),
        ]
    if role is Role.ADMIN:
        pages.append(st.Page(ACCOUNTS_PAGE, title=t("nav.accounts"),
                             icon=":material/manage_accounts:", default=True))
    if role in (Role.ADMIN, Role.TEAM_LEAD):
        pages.append(st.Page(AUDIT_PAGE, title=t("nav.audit"), icon=":material/history:"))
    if role is Role.TEAM_LEAD:
        pages.append(st.Page(TEAM_PAGE, title=t("nav.team"),
                             icon=":material/how_to_reg:"))
    if role in (Role.TEAM_LEAD, Role.MANAGEMENT):
        # The annual figures: the team's for a team lead, the organisation's for management.
        pages.append(st.Page(FIGURES_PAGE, title=t("nav.figures"),
                             icon=":material/bar_chart:", default=role is Role.MANAGEMENT))
    return pages
