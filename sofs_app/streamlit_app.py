"""Entry point: page config, language, login gate, navigation."""

from __future__ import annotations

import logging

import streamlit as st

from auth import Actor, set_locale
from auth.service import record_logout
from i18n import LOCALES
from sofs_app import gate
from sofs_app.components.errors import show_error
from sofs_app.components.inbox import inbox_count
from sofs_app.components.outage import restore_input, stop_for
from sofs_app.components.text import PAGE_ICON, demo_banner, show_caption
from sofs_app.context import (
    LOCALE_KEY,
    begin_run,
    db,
    label,
    labeller,
    locale,
    t,
)
from sofs_app.navigation import work_pages
from sofs_app.paths import LOGIN_PAGE, PASSWORD_PAGE
from sofs_core.errors import NotFound, PermissionDenied
from storage.db import holds_demo_data
from storage.faults import StorageUnavailable

LOG = logging.getLogger("sofs.app")
st.set_page_config(page_title="sofs", page_icon=PAGE_ICON, layout="wide")


PICKER_KEY = "locale_picker"


def _choose_locale() -> None:
    """The picker changed: make it the session's language and remember it for the user."""
    chosen = st.session_state[PICKER_KEY]
    st.session_state[LOCALE_KEY] = chosen
    user_id = st.session_state.get(gate.USER_KEY)
    if user_id is not None:
        try:
            with db() as session:
                set_locale(session=session, user_id=int(user_id), locale=chosen)
        except StorageUnavailable:
            # Not remembered for next time; the rerun that follows says what is wrong.
            LOG.warning("language choice not stored: database unavailable")


def language_picker() -> None:
    # The language lives in its own key, which login may set after this widget is drawn;
    # the widget only shows it.
    st.session_state[PICKER_KEY] = locale()
    st.sidebar.selectbox(
        t("language.label"),
        LOCALES,
        key=PICKER_KEY,
        format_func=labeller("language.name"),
        on_change=_choose_locale,
    )


def account_box(actor: Actor) -> None:
    with st.sidebar:
        show_caption(t("account.logged_in_as", name=actor.display_name), label(actor.role))
        inbox_count(actor)
        if st.button(t("account.logout"), icon=":material/logout:"):
            try:
                with db() as session:
                    record_logout(session=session, actor=actor)
            except StorageUnavailable as fault:
                stop_for(fault)
            gate.logout(notice="login.logged_out")
            st.rerun()
        gate.idle_watch()


begin_run()
restore_input()
try:
    with db() as session:
        actor = gate.current_actor(session)
        # Whether this installation holds the demo does not change while a browser is open.
        if "is_demo" not in st.session_state:
            st.session_state["is_demo"] = holds_demo_data(session)
except StorageUnavailable as fault:
    # Stopped, frozen or full: the user's words, not Streamlit's English error page.
    stop_for(fault)
is_demo = st.session_state["is_demo"]
language_picker()
if is_demo:
    demo_banner()

if actor is None:
    page = st.navigation(
        [st.Page(LOGIN_PAGE, title=t("nav.login"), icon=":material/login:")],
        position="hidden",
    )
elif actor.must_change_password:
    # A password the administrator set is one-time: its owner chooses their own first.
    account_box(actor)
    page = st.navigation(
        [st.Page(PASSWORD_PAGE, title=t("nav.password"), icon=":material/key:")],
        position="hidden",
    )
else:
    account_box(actor)
    if actor.awaiting_confirmation:
        st.info(t("account.awaiting_confirmation"), icon=":material/hourglass_top:")
    page = st.navigation(work_pages(actor.role))
gate.forget_forms_on_page_change(page.url_path)
try:
    page.run()
except (NotFound, PermissionDenied) as refused:
    # Another counsellor's case, a stale link, a page of another role: the refusal is on
    # record (storage.db.transaction) and the message names nothing of the case.
    show_error(refused)
except StorageUnavailable as fault:
    stop_for(fault)
except Exception:
    # No details on screen (they can hold case data) and nothing half-saved: each action
    # is one transaction. The log gets the traceback without the SQL values (hide_parameters).
    LOG.exception("page %s failed", page.url_path)
    st.error(t("error.generic"), icon=":material/error:")
