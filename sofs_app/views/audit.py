"""The audit trail: the administrator's view of the whole trail, a team lead's of the
cases of their team. Read only: nothing in the app can change a line."""

import streamlit as st

from auth.audit import AuditLine, case_history, check_chain, trail
from sofs_app.components.audit_lines import audit_table
from sofs_app.components.text import show_caption
from sofs_app.context import db, label, t
from sofs_app.gate import require_actor
from sofs_core.codes import AuditAction, Role
from storage.audit import Problem

actor = require_actor()
st.title(t("audit.title"))
show_caption(t("audit.intro"))


def show(lines: list[AuditLine]) -> None:
    audit_table(lines)


# The check walks the whole trail: once when the page opens in a session, then on request.
CHAIN_KEY = "audit_chain_report"
PROBLEMS = {
    Problem.ALTERED: "audit_chain.altered",
    Problem.UNSEALED: "audit_chain.unsealed",
    Problem.BROKEN_LINK: "audit_chain.broken_link",
    Problem.END_MISSING: "audit_chain.end_missing",
    Problem.NOT_CHAINED: "audit_chain.not_chained",
    Problem.HEAD_MISSING: "audit_chain.head_missing",
}


def chain_check() -> None:
    st.subheader(t("audit_chain.title"))
    again = st.button(t("audit_chain.check"), icon=":material/verified:", key="audit_check")
    if again or CHAIN_KEY not in st.session_state:
        with db() as session:
            report = check_chain(session=session, actor=actor)
        # Plain values only in session state.
        st.session_state[CHAIN_KEY] = (report.lines, report.head_id, report.head_hash,
                                       report.broken_at,
                                       report.problem.value if report.problem else None)
    lines, head_id, head_hash, broken_at, problem = st.session_state[CHAIN_KEY]
    if problem is None:
        st.success(t("audit_chain.intact", lines=lines, last=head_id),
                   icon=":material/verified:")
        show_caption(t("audit_chain.seal", hash=head_hash))
        return
    why = t(PROBLEMS[Problem(problem)])
    st.error(t("audit_chain.broken", line=broken_at, problem=why) if broken_at is not None
             else t("audit_chain.broken_somewhere", problem=why), icon=":material/gpp_bad:")


if actor.role is Role.ADMIN:
    chain_check()
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
