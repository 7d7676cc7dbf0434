"""Scaling questions: every person's 0..10 answer at every meeting, and its history.

An answer is about one danger statement/safety goal pair (by the danger statement's
lineage) or about the whole case. The question's wording and the meaning of 0 and 10 are
stored with each answer.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from auth import Actor
from auth.access import Need, case_of_meeting, case_of_rating, check_case
from mapping.meetings import get_meeting
from sofs_core.codes import EntryCategory, RaterRole
from sofs_core.errors import FieldError, NotFound, ValidationFailed
from sofs_core.text import search_key
from storage.models import MapEntry, Meeting, Rating

SCORE_MIN, SCORE_MAX = 0, 10


@dataclass(frozen=True)
class RatingInput:
    rater_name: str
    rater_role: RaterRole
    # As typed: the service, not the widget, decides what is a score (a form may send text).
    score: int | str | None
    question: str
    zero_means: str
    ten_means: str
    danger_lineage: str | None = None  # None: the whole case
    reason: str = ""
    one_point_higher: str = ""
    rater_person_id: int | None = None


@dataclass(frozen=True)
class RatingView:
    id: int
    meeting_id: int
    danger_lineage: str | None
    rater_name: str
    rater_role: RaterRole
    score: int
    reason: str
    one_point_higher: str
    question: str
    zero_means: str
    ten_means: str


def _score(value: int | str | None) -> tuple[int | None, FieldError | None]:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, FieldError("score", "error.required")
    if isinstance(value, str):
        try:
            value = int(value.strip())
        except ValueError:
            return None, FieldError("score", "error.score_not_number")
    if isinstance(value, bool) or not SCORE_MIN <= value <= SCORE_MAX:
        return None, FieldError("score", "error.score_range",
                                {"min": SCORE_MIN, "max": SCORE_MAX})
    return value, None


def rate(*, session: Session, actor: Actor, meeting_id: int, data: RatingInput) -> RatingView:
    """Record one person's answer; refuse bad input or a second answer to the same question."""
    check_case(session, actor, case_of_meeting(session, meeting_id), Need.EDIT, "scaling/rate")
    meeting = get_meeting(session, meeting_id)
    score, score_error = _score(data.score)
    errors = [score_error] if score_error else []
    for name in ("rater_name", "question", "zero_means", "ten_means"):
        if not str(getattr(data, name)).strip():
            errors.append(FieldError(name, "error.required"))
    if data.danger_lineage is not None and not any(
        e.lineage == data.danger_lineage and e.category is EntryCategory.DANGER_STATEMENT
        for e in meeting.entries
    ):
        errors.append(FieldError("danger_lineage", "error.rating_needs_danger"))
    if data.rater_name.strip() and _already_answered(session, meeting, data):
        errors.append(FieldError("rater_name", "error.already_rated"))
    if errors or score is None:
        raise ValidationFailed(errors)
    rating = Rating(
        meeting_id=meeting_id, danger_lineage=data.danger_lineage, rater_name=data.rater_name,
        rater_role=data.rater_role, rater_person_id=data.rater_person_id, score=score,
        reason=data.reason, one_point_higher=data.one_point_higher, question=data.question,
        zero_means=data.zero_means, ten_means=data.ten_means,
    )
    session.add(rating)
    session.flush()
    return _view(rating)


def _already_answered(session: Session, meeting: Meeting, data: RatingInput) -> bool:
    subject = (Rating.danger_lineage.is_(None) if data.danger_lineage is None
               else Rating.danger_lineage == data.danger_lineage)
    names = session.scalars(
        select(Rating.rater_name).where(Rating.meeting_id == meeting.id, subject)
    )
    return search_key(data.rater_name) in {search_key(n) for n in names}


def remove_rating(*, session: Session, actor: Actor, rating_id: int) -> None:
    """Take back an answer given by mistake (it can then be given again)."""
    check_case(session, actor, case_of_rating(session, rating_id), Need.EDIT,
               "scaling/remove_rating")
    rating = session.get(Rating, rating_id)
    if rating is None:
        raise NotFound()
    session.delete(rating)
    session.flush()


def _view(rating: Rating) -> RatingView:
    return RatingView(
        id=rating.id, meeting_id=rating.meeting_id, danger_lineage=rating.danger_lineage,
        rater_name=rating.rater_name, rater_role=rating.rater_role, score=rating.score,
        reason=rating.reason, one_point_higher=rating.one_point_higher,
        question=rating.question, zero_means=rating.zero_means, ten_means=rating.ten_means,
    )


def ratings_of_meeting(*, session: Session, actor: Actor, meeting_id: int) -> list[RatingView]:
    check_case(session, actor, case_of_meeting(session, meeting_id), Need.READ,
               "scaling/ratings_of_meeting")
    rows = session.scalars(
        select(Rating).where(Rating.meeting_id == meeting_id).order_by(Rating.id)
    )
    return [_view(r) for r in rows]


@dataclass(frozen=True)
class HistoryPoint:
    meeting_id: int
    meeting_number: int
    held_on: date
    danger_lineage: str | None
    rater_name: str
    rater_role: RaterRole
    score: int


def rating_history(*, session: Session, actor: Actor, case_id: int,
                   subject: tuple[str | None] | None = None) -> list[HistoryPoint]:
    """Every answer of the case, in meeting order: the data of the history chart.

    ``subject``: only the answers about one danger (``(lineage,)``) or about the whole
    situation (``(None,)``); every answer when not given."""
    check_case(session, actor, case_id, Need.READ, "scaling/rating_history")
    meetings = session.execute(
        select(Meeting.id, Meeting.held_on).where(Meeting.case_id == case_id)
        .order_by(Meeting.held_on, Meeting.id)
    ).all()
    numbers = {m.id: (n, m.held_on) for n, m in enumerate(meetings, start=1)}
    # Only the columns the chart needs: hundreds of whole ORM objects cost a page rerun more.
    query = (select(Rating.meeting_id, Rating.danger_lineage, Rating.rater_name,
                    Rating.rater_role, Rating.score)
             .where(Rating.meeting_id.in_(list(numbers))).order_by(Rating.id))
    if subject is not None:
        [lineage] = subject
        query = query.where(Rating.danger_lineage.is_(None) if lineage is None
                            else Rating.danger_lineage == lineage)
    rows = session.execute(query)
    return [
        HistoryPoint(r.meeting_id, numbers[r.meeting_id][0], numbers[r.meeting_id][1],
                     r.danger_lineage, r.rater_name, r.rater_role, r.score)
        for r in rows
    ]


def spread_at(points: list[HistoryPoint], meeting_id: int, danger_lineage: str | None
              ) -> tuple[int, int] | None:
    """Lowest and highest score given at one meeting about one subject, if any."""
    scores = [p.score for p in points
              if p.meeting_id == meeting_id and p.danger_lineage == danger_lineage]
    return (min(scores), max(scores)) if scores else None


def danger_texts(*, session: Session, actor: Actor, case_id: int) -> dict[str, str]:
    """The latest wording of every danger statement of the case, by lineage (for labels)."""
    check_case(session, actor, case_id, Need.READ, "scaling/danger_texts")
    rows = session.execute(
        select(MapEntry.lineage, MapEntry.text)
        .join(Meeting, Meeting.id == MapEntry.meeting_id)
        .where(Meeting.case_id == case_id, MapEntry.category == EntryCategory.DANGER_STATEMENT)
        .order_by(Meeting.held_on, Meeting.id)
    )
    return {lineage: text for lineage, text in rows}


def count_ratings(session: Session, meeting_id: int) -> int:
    return session.scalar(
        select(func.count(Rating.id)).where(Rating.meeting_id == meeting_id)) or 0
