"""The login gate: who is logged in, idle timeout, logout. No case data before login."""

from __future__ import annotations

import time

import streamlit as st
from sqlalchemy.orm import Session

from auth import Actor, active_actor
from sofs_app.context import LOCALE_KEY, db, settings, t

USER_KEY = "user_id"
ACTOR_KEY = "actor"
ACTIVITY_KEY = "last_activity"
CHECKED_KEY = "account_checked_at"
NOTICE_KEY = "login_notice"
# Everything tied to one login is cleared on logout, the language too: the next person on
# this laptop gets the default or their own.
_KEEP_ON_LOGOUT = {NOTICE_KEY, "is_demo"}
PAGE_KEY = "current_page"
# Session keys that hold what a form started from (a version); they must not outlive a visit.
FORM_BASE_PREFIX = "base:"


def login(actor: Actor) -> None:
    st.session_state[USER_KEY] = actor.id
    st.session_state[ACTIVITY_KEY] = time.time()
    if actor.locale:
        st.session_state[LOCALE_KEY] = actor.locale


def sign_on_configured() -> bool:
    """Single sign-on is on when .streamlit/secrets.toml has an [auth] section (OIDC)."""
    try:
        return "auth" in st.secrets
    except (FileNotFoundError, KeyError):
        return False


def logout(notice: str | None = None) -> None:
    """End the session: ours, and the identity provider's cookie too, or the login page
    would let the same browser straight back in after an idle timeout."""
    for key in list(st.session_state.keys()):
        if key not in _KEEP_ON_LOGOUT:
            del st.session_state[key]
    if notice:
        st.session_state[NOTICE_KEY] = notice
    if sign_on_configured() and st.user.is_logged_in:
        st.logout()


def _idle_seconds() -> float:
    return time.time() - float(st.session_state.get(ACTIVITY_KEY, 0.0))


def _timeout_seconds() -> int:
    return settings().idle_timeout_minutes * 60


def current_actor(session: Session) -> Actor | None:
    """The logged-in, still active user, or None; enforces the idle timeout.

    Called at the top of every rerun: a user action counts as activity. The account is
    looked up each time so a deactivated account loses its session at once.
    """
    user_id = st.session_state.get(USER_KEY)
    if user_id is None:
        return None
    if _idle_seconds() > _timeout_seconds():
        logout(notice="login.idle_logged_out")
        return None
    actor = active_actor(session=session, user_id=int(user_id))
    if actor is None:
        logout()
        return None
    st.session_state[ACTIVITY_KEY] = st.session_state[CHECKED_KEY] = time.time()
    st.session_state[ACTOR_KEY] = actor
    return actor


def require_actor() -> Actor:
    """The actor the entry script checked in this rerun; pages call this, never the db."""
    actor = st.session_state.get(ACTOR_KEY)
    if not isinstance(actor, Actor) or st.session_state.get(USER_KEY) != actor.id:
        st.stop()
    return actor


@st.fragment(run_every=30)
def idle_watch() -> None:
    """Runs on its own every 30 s without counting as activity; ends an idle session, and
    a session whose account was deactivated meanwhile.

    Without it the last page would stay on the screen of a laptop left in a living room.
    """
    user_id = st.session_state.get(USER_KEY)
    if user_id is None:
        return
    if _idle_seconds() > _timeout_seconds():
        logout(notice="login.idle_logged_out")
        st.rerun(scope="app")
    # The body also runs within every full rerun, right after the gate looked the account
    # up: only ask the database again when that was a while ago.
    if time.time() - float(st.session_state.get(CHECKED_KEY, 0.0)) < 20:
        return
    with db() as session:
        still_active = active_actor(session=session, user_id=int(user_id)) is not None
    st.session_state[CHECKED_KEY] = time.time()
    if not still_active:
        logout()
        st.rerun(scope="app")


def forget_forms_on_page_change(page: str) -> None:
    """Coming to a page afresh starts its forms from what is stored now, not from a
    version remembered from an earlier visit (which would make a false conflict)."""
    if st.session_state.get(PAGE_KEY) != page:
        for key in [k for k in st.session_state if str(k).startswith(FORM_BASE_PREFIX)]:
            del st.session_state[key]
        st.session_state[PAGE_KEY] = page


def show_notice() -> None:
    notice = st.session_state.pop(NOTICE_KEY, None)
    if notice:
        st.info(t(notice), icon=":material/info:")
