"""The login gate: who is logged in, idle timeout, logout. No case data before login."""

from __future__ import annotations

import secrets
import threading
import time
from datetime import UTC, datetime

import streamlit as st
from sqlalchemy.orm import Session

from auth import Actor, active_actor, remembered
from auth.service import record_resumed_login
from sofs_app import login_cookie
from sofs_app.context import LOCALE_KEY, db, settings, t

USER_KEY = "user_id"
ACTOR_KEY = "actor"
ACTIVITY_KEY = "last_activity"
CHECKED_KEY = "account_checked_at"
NOTICE_KEY = "login_notice"
# The login the browser keeps across a restart (auth.remembered, sofs_app.login_cookie):
# the activity its token was last renewed for, what the page has the browser do with the
# cookie (login_cookie.CookieTodo), and whether this connection's cookie was tried already.
RENEWED_AT_KEY = "login_token_at"
COOKIE_TODO_KEY = "login_cookie_todo"
RESUME_TRIED_KEY = "login_resume_tried"
# Renew the browser's token at most this often while the user works.
RENEW_SECONDS = 60
# Everything tied to one login is cleared on logout, the language too: the next person on
# this laptop gets the default or their own. The cookie read at connection time is never
# tried again after a logout.
_KEEP_ON_LOGOUT = {NOTICE_KEY, "is_demo", COOKIE_TODO_KEY, RESUME_TRIED_KEY}
PAGE_KEY = "current_page"
# A random name for the browser session, for work that runs outside its reruns (deferred
# downloads, sofs_app.components.downloads) and has a message for it.
MAILBOX_KEY = "mailbox_id"
# Session keys that hold what a form started from (a version); they must not outlive a visit.
FORM_BASE_PREFIX = "base:"


def login(actor: Actor) -> None:
    st.session_state[USER_KEY] = actor.id
    st.session_state[ACTIVITY_KEY] = time.time()
    st.session_state[RENEWED_AT_KEY] = 0.0
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
    if USER_KEY in st.session_state:
        st.session_state[COOKIE_TODO_KEY] = login_cookie.drop()
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
    looked up each time so a deactivated account loses its session at once. A browser
    that comes back without a session (after a restart) is logged in again by the token
    it keeps, if that is still valid.
    """
    _say_waiting_message()
    actor = _checked_actor(session)
    todo = st.session_state.get(COOKIE_TODO_KEY)
    if isinstance(todo, login_cookie.CookieTodo):
        # Drawn on every rerun until replaced (the browser acts on each one once), so a
        # rerun cut short cannot lose it.
        with st.sidebar:
            login_cookie.tell_browser(todo)
    return actor


def _checked_actor(session: Session) -> Actor | None:
    user_id = st.session_state.get(USER_KEY)
    resumed = user_id is None and _resume(session)
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
    if not resumed:
        # Coming back after a restart is no activity: a laptop left alone must still
        # time out, however often the server restarts.
        st.session_state[ACTIVITY_KEY] = time.time()
    st.session_state[CHECKED_KEY] = time.time()
    st.session_state[ACTOR_KEY] = actor
    _renew_token(session, actor)
    return actor


def _resume(session: Session) -> bool:
    """Log in from the browser's token, once per connection; True when it did."""
    if st.session_state.get(RESUME_TRIED_KEY):
        return False
    st.session_state[RESUME_TRIED_KEY] = True
    token = st.context.cookies.get(remembered.COOKIE_NAME)
    if not token:
        return False
    found = remembered.check(session=session, token=token, max_age_seconds=_timeout_seconds())
    actor = active_actor(session=session, user_id=found.user_id) if found else None
    if found is None or actor is None:
        st.session_state[COOKIE_TODO_KEY] = login_cookie.drop()
        return False
    record_resumed_login(session=session, actor=actor)
    login(actor)
    st.session_state[ACTIVITY_KEY] = st.session_state[RENEWED_AT_KEY] = (
        found.issued_at.timestamp())
    return True


def _renew_token(session: Session, actor: Actor) -> None:
    """Give the browser a token for the latest activity, at most once a minute."""
    activity = float(st.session_state[ACTIVITY_KEY])
    if activity - float(st.session_state.get(RENEWED_AT_KEY, 0.0)) < RENEW_SECONDS:
        return
    token = remembered.issue(session=session, user_id=actor.id,
                             now=datetime.fromtimestamp(activity, UTC))
    st.session_state[COOKIE_TODO_KEY] = login_cookie.send(
        remembered.handoff(session=session, token=token))
    st.session_state[RENEWED_AT_KEY] = activity


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
    if _message_waiting():
        # A refused download: the full rerun says why (and logs out if that was the cause).
        st.rerun(scope="app")
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


# Messages left by work that ran outside a rerun (a download refused at the click), keyed
# by mailbox id. Process-wide, because that work runs on Streamlit's worker thread, where
# st.session_state cannot be reached; bounded, because a tab may close before its next rerun.
_messages: dict[str, str] = {}
_messages_lock = threading.Lock()
_MAX_MESSAGES = 1000


def mailbox_id() -> str:
    """This browser session's mailbox id (made on first use, ended by logout)."""
    mailbox = st.session_state.get(MAILBOX_KEY)
    if not isinstance(mailbox, str):
        mailbox = st.session_state[MAILBOX_KEY] = secrets.token_urlsafe(16)
    return mailbox


def say_later(mailbox: str, message_key: str) -> None:
    """Leave a catalogue key for the session's next rerun; safe from any thread."""
    with _messages_lock:
        _messages.pop(mailbox, None)
        _messages[mailbox] = message_key
        while len(_messages) > _MAX_MESSAGES:
            del _messages[next(iter(_messages))]


def _message_waiting() -> bool:
    mailbox = st.session_state.get(MAILBOX_KEY)
    with _messages_lock:
        return mailbox in _messages


def take_message(mailbox: str) -> str | None:
    """The catalogue key left for ``mailbox``, once."""
    with _messages_lock:
        return _messages.pop(mailbox, None)


def _say_waiting_message() -> None:
    """A toast, whatever page the rerun ends on (the login page after a logout too)."""
    mailbox = st.session_state.get(MAILBOX_KEY)
    message_key = take_message(mailbox) if isinstance(mailbox, str) else None
    if message_key:
        st.toast(t(message_key), icon=":material/block:", duration="long")
