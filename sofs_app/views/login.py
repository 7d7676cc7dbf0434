"""Login page: the only page anyone sees before logging in."""

from datetime import timedelta

import streamlit as st

from auth import ThrottlePolicy, authenticate
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
    policy = ThrottlePolicy(free_failures=current.login_free_failures,
                            address_free_failures=current.login_address_free_failures,
                            max_delay=timedelta(seconds=current.login_max_delay_seconds))
    # The address the browser connects from (a proxy's, behind one); none in AppTest.
    address = st.context.ip_address
    with db() as session:
        actor = authenticate(session=session, username=username, password=password,
                             policy=policy, client=address if isinstance(address, str) else None)
    if actor is None:
        # One message for every failure: unknown name, wrong password, a try too soon.
        st.error(t("login.failed"), icon=":material/error:")
        st.caption(t("login.throttle_hint", seconds=current.login_max_delay_seconds))
    else:
        gate.login(actor)
        st.rerun()
