"""Sharing a case with its consultant and the comment thread between them.

The counsellor shares the case with its consultant (an account with the consultant role);
from then on she reads the case and reviews its plans (plans.review). Comments from either
side form one thread per case, each tied to the plan version or the meeting's map it is
about: the map page and the plan page both show it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import bindparam, delete, func, insert, select
from sqlalchemy.orm import Session

from auth import Actor
from auth.access import Need, case_of_meeting, case_of_plan, check_case, forget_facts, rights
from sofs_core.codes import AuditAction, CommentKind, Role
from sofs_core.errors import FieldError, NotFound, ValidationFailed
from sofs_core.text import MAX_TEXT, search_key
from storage.models import ReviewComment, SafetyPlan, User, case_shares


@dataclass(frozen=True)
class Consultant:
    id: int
    display_name: str


@dataclass(frozen=True)
class CommentView:
    id: int
    kind: CommentKind
    author: str
    author_role: Role
    body: str
    created_at: datetime
    plan_number: int | None
    meeting_id: int | None


def consultants(*, session: Session, actor: Actor, case_id: int) -> list[Consultant]:
    """Active consultant accounts to share the case with (for the counsellor's choice).

    Only who may edit the case may choose, but choosing is not yet a change: the panel
    opening is recorded as a read (once per window), the share itself as a change."""
    check_case(session, actor, case_id, Need.EDIT, "review/consultants",
               action=AuditAction.READ)
    rows = session.execute(select(User.id, User.display_name).where(
        User.role == Role.CONSULTANT, User.is_active))
    return sorted((Consultant(r.id, r.display_name) for r in rows),
                  key=lambda c: search_key(c.display_name))


def shared_with(*, session: Session, actor: Actor, case_id: int) -> list[Consultant]:
    check_case(session, actor, case_id, Need.READ, "review/shared_with")
    rows = session.execute(
        select(User.id, User.display_name).join(case_shares, case_shares.c.user_id == User.id)
        .where(case_shares.c.case_id == case_id))
    return sorted((Consultant(r.id, r.display_name) for r in rows),
                  key=lambda c: search_key(c.display_name))


def share_case(*, session: Session, actor: Actor, case_id: int, consultant_id: int) -> None:
    """Let a consultant read the case and review its plans."""
    check_case(session, actor, case_id, Need.EDIT, "review/share_case")
    consultant = session.get(User, consultant_id)
    if consultant is None or consultant.role is not Role.CONSULTANT or not consultant.is_active:
        raise ValidationFailed([FieldError("consultant_id", "error.not_a_consultant")])
    already = session.scalar(select(case_shares.c.user_id).where(
        case_shares.c.case_id == case_id, case_shares.c.user_id == consultant_id))
    if already is None:
        session.execute(insert(case_shares).values(case_id=case_id, user_id=consultant_id))
        session.flush()
        forget_facts(session)


def unshare_case(*, session: Session, actor: Actor, case_id: int, consultant_id: int) -> None:
    check_case(session, actor, case_id, Need.EDIT, "review/unshare_case")
    session.execute(delete(case_shares).where(case_shares.c.case_id == case_id,
                                              case_shares.c.user_id == consultant_id))
    session.flush()
    forget_facts(session)


def add_comment(*, session: Session, actor: Actor, case_id: int, body: str,
                plan_id: int | None = None, meeting_id: int | None = None) -> int:
    """A comment on the plan version or the meeting's map: by the consultant reviewing the
    case, or by its counsellor answering."""
    subject = "review/add_comment"
    allowed = rights(session, actor, case_id)
    check_case(session, actor, case_id, Need.REVIEW if allowed.review else Need.EDIT, subject)
    if plan_id is not None and case_of_plan(session, plan_id) != case_id:
        raise NotFound()
    if meeting_id is not None and case_of_meeting(session, meeting_id) != case_id:
        raise NotFound()
    if not body.strip():
        raise ValidationFailed([FieldError("body", "error.required")])
    if len(body) > MAX_TEXT:
        raise ValidationFailed([FieldError("body", "error.too_long", {"max": MAX_TEXT})])
    comment = ReviewComment(case_id=case_id, plan_id=plan_id, meeting_id=meeting_id,
                            author_id=actor.id, kind=CommentKind.COMMENT, body=body.strip())
    session.add(comment)
    session.flush()
    return comment.id


_COUNT_CASE_COMMENTS = select(func.count(ReviewComment.id)).where(
    ReviewComment.case_id == bindparam("case_id", type_=ReviewComment.case_id.type))
_COUNT_MEETING_COMMENTS = _COUNT_CASE_COMMENTS.where(
    ReviewComment.meeting_id == bindparam("meeting_id", type_=ReviewComment.meeting_id.type))
_COUNT_PLAN_COMMENTS = _COUNT_CASE_COMMENTS.where(
    ReviewComment.plan_id == bindparam("plan_id", type_=ReviewComment.plan_id.type))


def count_comments(*, session: Session, actor: Actor, case_id: int,
                   meeting_id: int | None = None, plan_id: int | None = None) -> int:
    """How many comments the thread has (a closed thread shows only this); narrowed to
    one meeting or one plan version if given, as `list_comments`."""
    check_case(session, actor, case_id, Need.READ, "review/count_comments")
    if meeting_id is not None and plan_id is not None:
        raise ValueError("a thread is of a meeting or of a plan version, not both")
    if meeting_id is not None:
        return session.scalar(_COUNT_MEETING_COMMENTS,
                              {"case_id": case_id, "meeting_id": meeting_id}) or 0
    if plan_id is not None:
        return session.scalar(_COUNT_PLAN_COMMENTS,
                              {"case_id": case_id, "plan_id": plan_id}) or 0
    return session.scalar(_COUNT_CASE_COMMENTS, {"case_id": case_id}) or 0


def list_comments(*, session: Session, actor: Actor, case_id: int,
                  plan_id: int | None = None, meeting_id: int | None = None
                  ) -> list[CommentView]:
    """The case's review thread, oldest first; narrowed to one plan or meeting if given."""
    check_case(session, actor, case_id, Need.READ, "review/list_comments")
    query = (select(ReviewComment, User.display_name, User.role, SafetyPlan.number)
             .join(User, User.id == ReviewComment.author_id)
             .outerjoin(SafetyPlan, SafetyPlan.id == ReviewComment.plan_id)
             .where(ReviewComment.case_id == case_id)
             .order_by(ReviewComment.created_at, ReviewComment.id))
    if plan_id is not None:
        query = query.where(ReviewComment.plan_id == plan_id)
    if meeting_id is not None:
        query = query.where(ReviewComment.meeting_id == meeting_id)
    return [CommentView(c.id, c.kind, name, role, c.body, c.created_at, number, c.meeting_id)
            for c, name, role, number in session.execute(query)]
