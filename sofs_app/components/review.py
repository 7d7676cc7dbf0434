"""The consultant's review on the pages: the thread of comments, a comment form, and the
plan's review actions (submit, approve, return)."""

from __future__ import annotations

import streamlit as st

from auth import Actor
from auth.access import Rights
from plans.review import CommentView, add_comment, approve_plan, return_plan, submit_for_review
from plans.versions import PlanView
from sofs_app.components.adding import adding_form, is_submitted, submit_button
from sofs_app.components.saving import save
from sofs_app.components.text import fmt_date_short, show_caption, show_fields
from sofs_app.context import label, t
from storage.enums import PlanStatus


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
        st.info(t("review.ready_to_submit"), icon=":material/send:")
        if st.button(t("review.submit"), icon=":material/send:", type="primary"):
            save(lambda s: submit_for_review(session=s, actor=actor, plan_id=plan.id,
                                             expected_version=plan.version),
                 "review.submitted")
    if plan.status is PlanStatus.SUBMITTED:
        if rights.review:
            _decide(actor=actor, plan=plan)
        else:
            st.info(t("review.waiting", date=fmt_date_short(plan.submitted_on)),
                    icon=":material/hourglass_top:")
    if plan.status is PlanStatus.RETURNED and rights.edit and latest:
        st.warning(t("review.returned_next"), icon=":material/undo:")


def _decide(*, actor: Actor, plan: PlanView) -> None:
    with st.form(f"approve_{plan.id}_{plan.version}", enter_to_submit=False):
        note = st.text_area(t("field.note"), key=f"approve_note{plan.id}")
        approve = st.form_submit_button(t("review.approve"), type="primary",
                                        icon=":material/verified:")
    if approve:
        save(lambda s: approve_plan(session=s, actor=actor, plan_id=plan.id,
                                    expected_version=plan.version, note=note),
             "review.approved")
    with st.form(f"return_{plan.id}_{plan.version}", enter_to_submit=False):
        reasons = st.text_area(t("field.reasons") + " *", key=f"return_reasons{plan.id}")
        send_back = st.form_submit_button(t("review.return"), icon=":material/undo:")
    if send_back:
        save(lambda s: return_plan(session=s, actor=actor, plan_id=plan.id,
                                   expected_version=plan.version, reasons=reasons),
             "review.returned")

