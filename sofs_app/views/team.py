"""Accounts to confirm (team lead): new accounts of the team, passwords the administrator
set, changed roles, teams or sign-on addresses. Until a team lead confirms, an account sees
no family (auth.confirmation)."""

from datetime import datetime

import streamlit as st

from auth.confirmation import confirm_account, pending_confirmations
from sofs_app.components.flash import show_flash
from sofs_app.components.saving import save
from sofs_app.context import db, label, t
from sofs_app.gate import require_actor

actor = require_actor()
st.title(t("team.title"))
show_flash()
if actor.awaiting_confirmation:
    # A lead no one confirmed yet confirms nobody (else the administrator could make two).
    st.info(t("team.lead_unconfirmed"), icon=":material/info:")
    st.stop()
with db() as session:
    pending = pending_confirmations(session=session, actor=actor)
st.write(t("team.intro"))
if not pending:
    st.info(t("team.none"), icon=":material/check_circle:")
    st.stop()


def _when(at: datetime | None) -> str:
    return at.astimezone().strftime("%d/%m/%Y %H:%M") if at else ""


st.dataframe({
    t("field.display_name"): [p.display_name for p in pending],
    t("field.username"): [p.username for p in pending],
    t("field.role"): [label(p.role) for p in pending],
    t("team.reason"): [t(f"team.reason_{p.reason.value}") for p in pending],
    t("team.password_reset_at"): [_when(p.password_reset_at) for p in pending],
    t("team.owner_password"): [t("team.owner_waiting") if p.waiting_for_owner
                               else t("team.owner_done") for p in pending],
}, hide_index=True, width="stretch")

ready = {p.id: f"{p.display_name} ({p.username})" for p in pending if not p.waiting_for_owner}
if not ready:
    st.caption(t("team.wait_for_owner"))
    st.stop()
with st.form("confirm_account", enter_to_submit=False):
    chosen = st.selectbox(t("team.choose"), list(ready), format_func=ready.__getitem__,
                          index=None, placeholder=t("common.choose"))
    st.caption(t("team.confirm_hint"))
    confirmed = st.form_submit_button(t("team.confirm"), type="primary",
                                      icon=":material/how_to_reg:")
if confirmed and chosen is not None:
    user_id: int = chosen
    save(lambda s: confirm_account(session=s, actor=actor, user_id=user_id),
         "team.confirmed")
