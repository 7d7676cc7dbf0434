"""The consultant's review: submitting a plan version, approving or returning it with
reasons, and what waits for the consultant. Sharing the case with her and the comment
thread are in mapping.consultation (the map uses them too).

The counsellor submits a version agreed with the family. The consultant approves it
(recorded on the frozen version: who and when) or returns it with reasons, which go into the
case's comment thread; either way the version itself stays as the family agreed it, and
changes go into a new version.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from auth import Actor
from auth.access import (
    Need,
    case_of_plan,
    check_case,
    inner_calls,
    record_list_read,
    require_role,
)
from plans.versions import PlanView, get_plan
from sofs_core.clock import today
from sofs_core.codes import CommentKind, PlanStatus, Role
from sofs_core.errors import Conflict, FieldError, NotFound, SofsError, ValidationFailed
from sofs_core.text import MAX_TEXT
from storage.models import Case, Family, ReviewComment, SafetyPlan, case_shares


class ReviewNotOpen(SofsError):
    """Only a version sent for review can be approved or returned."""

    message_key = "review.not_open"


def _plan_at(session: Session, plan_id: int, expected_version: int) -> SafetyPlan:
    plan = session.get(SafetyPlan, plan_id, populate_existing=True)
    if plan is None:
        raise NotFound()
    if plan.version != expected_version:
        raise Conflict(current=None)
    return plan


def _note(session: Session, actor: Actor, plan: SafetyPlan, kind: CommentKind, body: str
          ) -> None:
    session.add(ReviewComment(case_id=plan.case_id, plan_id=plan.id, author_id=actor.id,
                              kind=kind, body=body))


def _flushed(session: Session, actor: Actor, plan: SafetyPlan) -> PlanView:
    try:
        session.flush()
    except StaleDataError as exc:  # someone else moved the version on meanwhile
        raise Conflict(current=None) from exc
    with inner_calls(session):  # the change is the action on record, not this read
        return get_plan(session=session, actor=actor, plan_id=plan.id)


def submit_for_review(*, session: Session, actor: Actor, plan_id: int, expected_version: int,
                      on: date | None = None) -> PlanView:
    """Send a version agreed with the family to the case's consultant (``on`` today unless
    given: the demo's history sets its own days)."""
    case_id = check_case(session, actor, case_of_plan(session, plan_id), Need.EDIT,
                         "review/submit_for_review")
    plan = _plan_at(session, plan_id, expected_version)
    errors: list[FieldError] = []
    if plan.status is not PlanStatus.AGREED:
        errors.append(FieldError("status", "error.submit_needs_agreement"))
    if session.scalar(select(case_shares.c.user_id).where(
            case_shares.c.case_id == case_id).limit(1)) is None:
        errors.append(FieldError("consultant_id", "error.share_first"))
    if errors:
        raise ValidationFailed(errors)
    plan.status = PlanStatus.SUBMITTED
    plan.submitted_on = on or today()
    _note(session, actor, plan, CommentKind.SUBMITTED, "")
    return _flushed(session, actor, plan)


def approve_plan(*, session: Session, actor: Actor, plan_id: int, expected_version: int,
                 note: str = "", on: date | None = None) -> PlanView:
    """The consultant signs off the version: who and when are recorded on it."""
    check_case(session, actor, case_of_plan(session, plan_id), Need.REVIEW,
               "review/approve_plan")
    plan = _plan_at(session, plan_id, expected_version)
    if plan.status is not PlanStatus.SUBMITTED:
        raise ReviewNotOpen()
    if len(note) > MAX_TEXT:
        raise ValidationFailed([FieldError("note", "error.too_long", {"max": MAX_TEXT})])
    plan.status = PlanStatus.APPROVED
    plan.approved_by = actor.display_name
    plan.approved_by_id = actor.id
    plan.approved_on = on or today()
    _note(session, actor, plan, CommentKind.APPROVED, note.strip())
    return _flushed(session, actor, plan)


def return_plan(*, session: Session, actor: Actor, plan_id: int, expected_version: int,
                reasons: str) -> PlanView:
    """The consultant sends the version back; the reasons are required."""
    check_case(session, actor, case_of_plan(session, plan_id), Need.REVIEW, "review/return_plan")
    plan = _plan_at(session, plan_id, expected_version)
    if plan.status is not PlanStatus.SUBMITTED:
        raise ReviewNotOpen()
    if not reasons.strip():
        raise ValidationFailed([FieldError("reasons", "error.required")])
    if len(reasons) > MAX_TEXT:
        raise ValidationFailed([FieldError("reasons", "error.too_long", {"max": MAX_TEXT})])
    plan.status = PlanStatus.RETURNED
    _note(session, actor, plan, CommentKind.RETURNED, reasons.strip())
    return _flushed(session, actor, plan)


@dataclass(frozen=True)
class Waiting:
    """One case with something for its consultant to do: a plan version sent to her for
    approval, and comments from the other side she has not answered yet (those after her
    own latest note in the case's thread)."""

    case_id: int
    family_name: str
    plan_id: int | None = None
    plan_number: int | None = None
    submitted_on: date | None = None
    unanswered: int = 0
    # Whether the newest unanswered comment is about a plan (else about a meeting's map).
    comment_on_plan: bool = False


def consultant_inbox(*, session: Session, actor: Actor) -> list[Waiting]:
    """What waits for the consultant in the cases shared with her, oldest first.

    Only a consultant has one; reading it is recorded as a read of a list of cases (it
    names families), once per window."""
    require_role(actor, (Role.CONSULTANT,), "review/inbox")
    record_list_read(session, actor, "review/inbox")
    mine = case_shares.c.user_id == actor.id
    waiting: dict[int, Waiting] = {}
    plans = session.execute(
        select(SafetyPlan.case_id, Family.name, SafetyPlan.id, SafetyPlan.number,
               SafetyPlan.submitted_on)
        .join(case_shares, case_shares.c.case_id == SafetyPlan.case_id)
        .join(Case, Case.id == SafetyPlan.case_id).join(Family, Family.id == Case.family_id)
        .where(mine, SafetyPlan.status == PlanStatus.SUBMITTED)
        .order_by(SafetyPlan.submitted_on, SafetyPlan.id))
    for case_id, family, plan_id, number, submitted_on in plans:
        waiting.setdefault(case_id, Waiting(case_id, family, plan_id, number, submitted_on))
    # Her latest note per case: what the other side wrote after it is unanswered.
    last = (select(ReviewComment.case_id, func.max(ReviewComment.created_at).label("at"))
            .where(ReviewComment.author_id == actor.id).group_by(ReviewComment.case_id)
            .subquery())
    comments = session.execute(
        select(ReviewComment.case_id, Family.name, ReviewComment.plan_id)
        .join(case_shares, case_shares.c.case_id == ReviewComment.case_id)
        .join(Case, Case.id == ReviewComment.case_id).join(Family, Family.id == Case.family_id)
        .outerjoin(last, last.c.case_id == ReviewComment.case_id)
        .where(mine, ReviewComment.author_id != actor.id,
               ReviewComment.kind == CommentKind.COMMENT,
               or_(last.c.at.is_(None), ReviewComment.created_at > last.c.at))
        .order_by(ReviewComment.created_at, ReviewComment.id))
    for case_id, family, about_plan in comments:
        found = waiting.get(case_id, Waiting(case_id, family))
        waiting[case_id] = replace(found, unanswered=found.unanswered + 1,
                                   comment_on_plan=about_plan is not None)
    return list(waiting.values())
