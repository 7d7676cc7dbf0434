"""Login page: the only page anyone sees before logging in."""

from datetime import timedelta

import streamlit as st

from auth import LockoutPolicy, authenticate
from auth.accounts import actor_for_sign_on
from sofs_app import gate
from sofs_app.context import db, settings, t

st.title(t("login.title"))
st.write(t("login.intro"))
gate.show_notice()

if gate.sign_on_configured():
    # Back from the organisation's identity provider: its verified address names one of
    # our accounts, whose role is ours to give. An unknown or deactivated one gets nothing.
    if st.user.is_logged_in:
        with db() as session:
            found = actor_for_sign_on(session=session, email=str(st.user.get("email") or ""))
        if found is not None:
            gate.login(found)
            st.rerun()
        st.error(t("login.sign_on_unknown"), icon=":material/error:")
        if st.button(t("login.sign_on_other"), icon=":material/logout:"):
            st.logout()
    elif st.button(t("login.sign_on"), icon=":material/badge:", type="primary"):
        st.login()
    st.divider()

with st.form("login", enter_to_submit=True):
    username = st.text_input(t("login.username"), autocomplete="username")
    password = st.text_input(t("login.password"), type="password",
                             autocomplete="current-password")
    submitted = st.form_submit_button(t("login.submit"), type="primary")

if submitted:
    current = settings()
    policy = LockoutPolicy(current.max_failed_logins, timedelta(minutes=current.lockout_minutes))
    with db() as session:
        actor = authenticate(session=session, username=username, password=password,
                             policy=policy)
    if actor is None:
        st.error(t("login.failed"), icon=":material/error:")
        st.caption(t("login.lockout_hint", count=current.max_failed_logins))
    else:
        gate.login(actor)
        st.rerun()
