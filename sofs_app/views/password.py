"""Choose your own password: the only page of an account whose password the administrator
set (it is one-time). Says when it was set, so its owner notices a reset they did not ask
for."""

import streamlit as st

from auth.confirmation import MIN_PASSWORD_LENGTH, change_own_password, password_notice
from sofs_app.components.saving import save
from sofs_app.context import db, t
from sofs_app.gate import require_actor

actor = require_actor()
with db() as session:
    notice = password_notice(session=session, actor=actor)

st.title(t("password.title"))
if notice is not None and notice.reset_at is not None:
    st.warning(t("password.reset_notice",
                 when=notice.reset_at.astimezone().strftime("%d/%m/%Y %H:%M")),
               icon=":material/key:")
st.write(t("password.intro", min=MIN_PASSWORD_LENGTH))
with st.form("own_password", enter_to_submit=False):
    current = st.text_input(t("password.current") + " *", type="password",
                            autocomplete="current-password")
    new = st.text_input(t("password.new") + " *", type="password",
                        autocomplete="new-password")
    repeated = st.text_input(t("password.repeat") + " *", type="password",
                             autocomplete="new-password")
    chosen = st.form_submit_button(t("password.save"), type="primary")
if chosen:
    save(lambda s: change_own_password(session=s, actor=actor, current=current, new=new,
                                       repeated=repeated), "password.saved")
