"""Entry point: page config, language, login gate, navigation."""

from __future__ import annotations

import streamlit as st

from auth import Actor, set_locale
from i18n import LOCALES
from sofs_app import gate
from sofs_app.components.text import PAGE_ICON, demo_banner
from sofs_app.context import LOCALE_KEY, begin_run, db, labeller, locale, t
from storage.db import holds_demo_data

st.set_page_config(page_title="sofs", page_icon=PAGE_ICON, layout="wide")


def _remember_locale() -> None:
    user_id = st.session_state.get(gate.USER_KEY)
    if user_id is not None:
        with db() as session:
            set_locale(session=session, user_id=int(user_id), locale=st.session_state[LOCALE_KEY])


def language_picker() -> None:
    st.session_state.setdefault(LOCALE_KEY, locale())
    st.sidebar.selectbox(
        t("language.label"),
        LOCALES,
        key=LOCALE_KEY,
        format_func=labeller("language.name"),
        on_change=_remember_locale,
    )


def account_box(actor: Actor) -> None:
    with st.sidebar:
        st.caption(t("account.logged_in_as", name=actor.display_name))
        if st.button(t("account.logout"), icon=":material/logout:"):
            gate.logout(notice="login.logged_out")
            st.rerun()
        gate.idle_watch()


begin_run()
with db() as session:
    actor = gate.current_actor(session)
    # Whether this installation holds the demo does not change while a browser is open.
    if "is_demo" not in st.session_state:
        st.session_state["is_demo"] = holds_demo_data(session)
is_demo = st.session_state["is_demo"]
language_picker()
if is_demo:
    demo_banner()

if actor is None:
    page = st.navigation(
        [st.Page("views/login.py", title=t("nav.login"), icon=":material/login:")],
        position="hidden",
    )
else:
    account_box(actor)
    # A flat list: a section header inside the nav's <ul> breaks its list semantics (axe).
    page = st.navigation(
        [
            st.Page("views/case_list.py", title=t("nav.case_list"),
                    icon=":material/folder_open:", default=True),
            st.Page("views/case_new.py", title=t("nav.case_new"),
                    icon=":material/create_new_folder:"),
            st.Page("views/case_overview.py", title=t("nav.case_overview"),
                    icon=":material/family_restroom:", visibility="hidden"),
            st.Page("views/case_edit.py", title=t("nav.case_edit"),
                    icon=":material/edit:", visibility="hidden"),
            st.Page("views/meetings.py", title=t("nav.meetings"),
                    icon=":material/groups:", visibility="hidden"),
            st.Page("views/map.py", title=t("nav.map"), icon=":material/map:",
                    visibility="hidden"),
            st.Page("views/scaling.py", title=t("nav.scaling"),
                    icon=":material/linear_scale:", visibility="hidden"),
            st.Page("views/meeting_view.py", title=t("nav.meeting_view"),
                    icon=":material/co_present:", visibility="hidden"),
        ]
    )
page.run()
