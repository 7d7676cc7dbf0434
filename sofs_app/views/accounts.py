"""Accounts (administrator): create, change, deactivate and reset passwords; teams."""

import streamlit as st

from auth import UserCreate
from auth.accounts import (
    MIN_PASSWORD_LENGTH,
    Account,
    create_account,
    create_team,
    list_accounts,
    list_teams,
    reset_password,
    set_active,
    update_account,
)
from sofs_app.components.adding import adding_form, is_submitted, submit_button
from sofs_app.components.flash import show_flash
from sofs_app.components.panels import work_panel
from sofs_app.components.saving import save
from sofs_app.components.text import fmt_date_short
from sofs_app.context import db, label, labeller, t
from sofs_app.gate import require_actor
from sofs_core.codes import Role

actor = require_actor()
with db() as session:
    accounts = list_accounts(session=session, actor=actor)
    teams: dict[int | None, str] = {team.id: team.name
                                    for team in list_teams(session=session, actor=actor)}

st.title(t("accounts.title"))
show_flash()
st.dataframe({
    t("field.username"): [a.username for a in accounts],
    t("field.display_name"): [a.display_name for a in accounts],
    t("field.role"): [label(a.role) for a in accounts],
    t("field.team_id"): [a.team for a in accounts],
    t("accounts.state"): [t("accounts.inactive") if not a.active else
                          t("accounts.awaiting_confirmation") if a.awaiting_confirmation else
                          t("accounts.active") for a in accounts],
    t("accounts.one_time_password"): [t("accounts.yes") if a.one_time_password else ""
                                      for a in accounts],
    t("accounts.last_login"): [fmt_date_short(a.last_login_at.date()) if a.last_login_at
                               else "" for a in accounts],
}, hide_index=True, width="stretch")

roles = list(Role)
team_names: dict[int | None, str] = {None: t("accounts.no_team"), **teams}
team_choices = list(team_names)
team_label = team_names.__getitem__  # picklable, unlike a function defined in a page

with work_panel(t("accounts.new"), icon=":material/person_add:", key="accounts_panel:new"):
    # The same form from one account to the next (see `adding`): nothing typed is lost.
    new_key = "account_new"
    with adding_form(new_key):
        c1, c2 = st.columns(2)
        username = c1.text_input(t("field.username") + " *", autocomplete="off",
                                 key=f"{new_key}:username")
        display_name = c2.text_input(t("field.display_name") + " *", key=f"{new_key}:name")
        role = c1.selectbox(t("field.role"), roles, format_func=labeller("role"),
                            key=f"{new_key}:role")
        team = c2.selectbox(t("field.team_id"), team_choices, format_func=team_label,
                            key=f"{new_key}:team")
        email = c1.text_input(t("field.email"), help=t("accounts.email_help"),
                              key=f"{new_key}:email")
        password = c2.text_input(t("field.password") + " *", type="password",
                                 autocomplete="new-password",
                                 help=t("accounts.password_help", min=MIN_PASSWORD_LENGTH),
                                 key=f"{new_key}:password")
        submit_button(new_key, t("accounts.create"))
    if is_submitted(new_key):
        save(lambda s: create_account(session=s, actor=actor, data=UserCreate(
            username, display_name, password, role), team_id=team, email=email),
            "accounts.created", adding=new_key)

names = {a.id: f"{a.display_name} ({a.username})" for a in accounts}
by_id: dict[int, Account] = {a.id: a for a in accounts}
with work_panel(t("accounts.change"), icon=":material/manage_accounts:",
                key="accounts_panel:change"):
    chosen = st.selectbox(t("accounts.choose"), list(names), format_func=names.__getitem__,
                          index=None, placeholder=t("common.choose"), key="account_choice")
    if chosen is not None:
        user_id: int = chosen
        account = by_id[user_id]
        with st.form(f"account_edit_{user_id}", enter_to_submit=False):
            c1, c2 = st.columns(2)
            new_name = c1.text_input(t("field.display_name") + " *", value=account.display_name)
            new_role = c2.selectbox(t("field.role"), roles, index=roles.index(account.role),
                                    format_func=labeller("role"))
            new_team = c1.selectbox(t("field.team_id"), team_choices,
                                    index=team_choices.index(account.team_id),
                                    format_func=team_label)
            new_email = c2.text_input(t("field.email"), value=account.email)
            changed = st.form_submit_button(t("common.save"), type="primary")
        if changed:
            save(lambda s: update_account(session=s, actor=actor, user_id=user_id,
                                          display_name=new_name, role=new_role,
                                          team_id=new_team, email=new_email),
                 "accounts.saved")
        with st.form(f"account_password_{user_id}", enter_to_submit=False):
            new_password = st.text_input(t("accounts.new_password") + " *", type="password",
                                         autocomplete="new-password",
                                         help=t("accounts.password_help",
                                                min=MIN_PASSWORD_LENGTH))
            reset = st.form_submit_button(t("accounts.reset"), icon=":material/key:")
        if reset:
            save(lambda s: reset_password(session=s, actor=actor, user_id=user_id,
                                          password=new_password), "accounts.password_reset")
        if account.active:
            if st.button(t("accounts.deactivate"), icon=":material/person_off:"):
                save(lambda s: set_active(session=s, actor=actor, user_id=user_id, active=False),
                     "accounts.deactivated")
        elif st.button(t("accounts.activate"), icon=":material/person_check:"):
            save(lambda s: set_active(session=s, actor=actor, user_id=user_id, active=True),
                 "accounts.activated")

with work_panel(t("accounts.teams"), icon=":material/groups:", key="accounts_panel:teams"):
    st.dataframe({t("field.team_name"): list(teams.values())}, hide_index=True)
    with st.form("team_new", enter_to_submit=False):
        team_name = st.text_input(t("field.team_name") + " *")
        if st.form_submit_button(t("accounts.team_create")):
            save(lambda s: create_team(session=s, actor=actor, name=team_name),
                 "accounts.team_created")
