"""The audit trail: the administrator's view of the whole trail, a team lead's of the
cases of their team. Read only: nothing in the app can change a line."""

import streamlit as st

from auth.audit import AuditLine, case_history, trail
from sofs_app.components.text import show_caption
from sofs_app.context import db, label, t
from sofs_app.gate import require_actor
from storage.enums import AuditAction, Role

actor = require_actor()
st.title(t("audit.title"))
show_caption(t("audit.intro"))


def show(lines: list[AuditLine]) -> None:
    if not lines:
        st.info(t("audit.empty"), icon=":material/info:")
        return
    st.dataframe({
        t("audit.at"): [line.at.astimezone().strftime("%d/%m/%Y %H:%M:%S") for line in lines],
        t("audit.who"): [line.actor_name for line in lines],
        t("audit.case"): [str(line.case_id) if line.case_id is not None else ""
                          for line in lines],
        t("audit.action"): [label(line.action) for line in lines],
        t("audit.subject"): [line.subject for line in lines],
    }, hide_index=True, width="stretch")


case_number = st.number_input(t("audit.case_number"), min_value=1, step=1, value=None,
                              help=t("audit.case_help"))
if actor.role is Role.ADMIN:
    actions = st.multiselect(t("audit.actions"), list(AuditAction), format_func=label,
                             placeholder=t("audit.all_actions"))
    with db() as session:
        lines = trail(session=session, actor=actor,
                      case_id=int(case_number) if case_number else None,
                      actions=tuple(actions))
    show(lines)
elif case_number:
    with db() as session:
        lines = case_history(session=session, actor=actor, case_id=int(case_number))
    show(lines)
