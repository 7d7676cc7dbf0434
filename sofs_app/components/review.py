"""The consultant's review on the pages: the thread of comments, a comment form, and the
plan's review actions (submit, approve, return)."""

from __future__ import annotations

from functools import partial

import streamlit as st
from sqlalchemy.orm import Session

from auth import Actor
from auth.access import Rights
from mapping.consultation import CommentView, add_comment, consultants, share_case, shared_with
from plans.review import approve_plan, return_plan, submit_for_review
from plans.versions import PlanView
from sofs_app.components.adding import adding_form, is_submitted, submit_button
from sofs_app.components.confirm import ask, asked_for, confirm_step
from sofs_app.components.saving import save
from sofs_app.components.text import fmt_date_short, show_caption, show_fields
from sofs_app.context import db, label, t
from sofs_core.clock import today
from sofs_core.codes import PlanStatus


def thread(comments: list[CommentView]) -> None:
    """Each note with who wrote it, in what role and when; all of it shown as text."""
    if not comments:
        show_caption(t("review.no_comments"))
        return
    show_fields([
        (t(f"review.kind_{c.kind.value}", who=c.author, role=label(c.author_role),
           date=fmt_date_short(c.created_at.date())), c.body if c.body else "")
        for c in comments
    ])


def comment_form(*, actor: Actor, case_id: int, key: str, plan_id: int | None = None,
                 meeting_id: int | None = None) -> None:
    form = f"comment_{key}"
    with adding_form(form):
        body = st.text_area(t("field.body") + " *", key=f"{form}:body")
        submit_button(form, t("review.comment_submit"), icon=":material/comment:")
    if is_submitted(form):
        save(lambda s: add_comment(session=s, actor=actor, case_id=case_id, body=body,
                                   plan_id=plan_id, meeting_id=meeting_id),
             "review.commented", adding=form)


def plan_review(*, actor: Actor, plan: PlanView, latest: bool, rights: Rights) -> None:
    """What the counsellor and the consultant can do with a version's review."""
    if rights.edit and latest and plan.status is PlanStatus.AGREED:
        _submit(actor=actor, plan=plan)
    if plan.status is PlanStatus.SUBMITTED:
        if rights.review:
            _decide(actor=actor, plan=plan)
        else:
            st.info(t("review.waiting", date=fmt_date_short(plan.submitted_on)),
                    icon=":material/hourglass_top:")
    if plan.status is PlanStatus.RETURNED and rights.edit and latest:
        st.warning(t("review.returned_next"), icon=":material/undo:")


def _submit(*, actor: Actor, plan: PlanView) -> None:
    """Send the version to the case's consultant; when the case is shared with none yet,
    choose her right here (shared and sent in one step), not on another page."""
    st.info(t("review.ready_to_submit"), icon=":material/send:")
    with db() as session:
        shared = shared_with(session=session, actor=actor, case_id=plan.case_id)
        options = [] if shared else consultants(session=session, actor=actor,
                                                case_id=plan.case_id)
    chosen: int | None = None
    if not shared:
        names = {c.id: c.display_name for c in options}
        chosen = st.selectbox(t("review.choose_consultant"), list(names),
                              format_func=names.__getitem__, index=None,
                              placeholder=t("common.choose"),
                              help=t("review.choose_consultant_help"),
                              key=f"submit_to{plan.id}")
    if st.button(t("review.submit"), icon=":material/send:", type="primary"):
        save(partial(_share_and_submit, actor=actor, plan=plan, consultant_id=chosen),
             "review.submitted")


def _share_and_submit(session: Session, *, actor: Actor, plan: PlanView,
                      consultant_id: int | None) -> None:
    if consultant_id is not None:
        share_case(session=session, actor=actor, case_id=plan.case_id,
                   consultant_id=consultant_id)
    submit_for_review(session=session, actor=actor, plan_id=plan.id,
                      expected_version=plan.version)


def _decide(*, actor: Actor, plan: PlanView) -> None:
    with st.form(f"approve_{plan.id}_{plan.version}", enter_to_submit=False):
        note = st.text_area(t("field.note"), key=f"approve_note{plan.id}")
        approve = st.form_submit_button(t("review.approve"), type="primary",
                                        icon=":material/verified:")
    # An approval is recorded on the frozen version for good: ask first.
    key = f"approve{plan.id}"
    if approve:
        ask(key, note=note)
    if (asked := asked_for(key)) is not None:
        confirm_step(
            key=key, title=t("review.approve_confirm_title", number=plan.number),
            text=t("review.approve_confirm_text", number=plan.number),
            recorded=[(t("review.approved_by"), actor.display_name),
                      (t("review.approved_on"), fmt_date_short(today())),
                      (t("field.note"), asked["note"])],
            yes=t("review.approve_confirm_yes"),
            action=lambda s: approve_plan(session=s, actor=actor, plan_id=plan.id,
                                          expected_version=plan.version, note=asked["note"]),
            message="review.approved")
    with st.form(f"return_{plan.id}_{plan.version}", enter_to_submit=False):
        reasons = st.text_area(t("field.reasons") + " *", key=f"return_reasons{plan.id}")
        send_back = st.form_submit_button(t("review.return"), icon=":material/undo:")
    if send_back:
        save(lambda s: return_plan(session=s, actor=actor, plan_id=plan.id,
                                   expected_version=plan.version, reasons=reasons),
             "review.returned")

