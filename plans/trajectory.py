"""The trajectory: the road from the first meeting to closure, on one line the family can see.

On the line, by date: the meetings held (from the meetings), the planned steps (a network
meeting, a plan review, anything else, each done or not), the review date of the agreed
plan, the end of the period the plan must work (counted from the day the latest version was
agreed), and the planned closure with the closure criteria in the family's words. What is
done is marked; the first thing not done is what comes next.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import Protocol

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from auth import Actor
from auth.access import Need, check_case
from sofs_core.codes import AuditAction, MeetingKind, PlanStatus, StepKind
from sofs_core.errors import Conflict, FieldError, NotFound, ValidationFailed
from storage.models import Case, Meeting, SafetyPlan, Trajectory, TrajectoryStep

MAX_TEXT = 300  # a step is a short line on a drawn road
MAX_CLOSURE = 1200
MAX_WEEKS = 104


class PointKind(StrEnum):
    START = "start"
    MEETING = "meeting"
    STEP = "step"
    PLAN_REVIEW = "plan_review"
    WORKS_UNTIL = "works_until"
    CLOSURE = "closure"


@dataclass(frozen=True)
class Point:
    """One point on the line. ``text`` is user text (a step's words, the closure criteria)."""

    on: date
    kind: PointKind
    done: bool
    text: str = ""
    meeting_kind: MeetingKind | None = None
    step_kind: StepKind | None = None
    plan_number: int | None = None
    step_id: int | None = None
    step_version: int | None = None
    weeks: int | None = None


@dataclass(frozen=True)
class TrajectoryView:
    case_id: int
    version: int  # of the settings; 0 before the first save
    works_weeks: int | None
    closure_words: str
    works_from: date | None  # the day the latest plan version was agreed
    points: tuple[Point, ...]
    next_index: int | None  # the first point not done

    @property
    def next(self) -> Point | None:
        return None if self.next_index is None else self.points[self.next_index]


@dataclass(frozen=True)
class StepInput:
    on: date
    kind: StepKind
    text: str
    done: bool = False


def _settings(session: Session, case_id: int) -> Trajectory | None:
    return session.scalars(select(Trajectory).where(Trajectory.case_id == case_id)
                           .execution_options(populate_existing=True)).one_or_none()


class _Settings(Protocol):
    """What the trajectory keeps of its settings: a Trajectory, or a row of its columns."""

    @property
    def version(self) -> int: ...
    @property
    def works_weeks(self) -> int | None: ...
    @property
    def closure_words(self) -> str: ...


# Read on every rerun of the case overview: built once, read as rows.
_CASE_ID = bindparam("case_id", type_=Case.id.type)
_SETTINGS = select(Trajectory.version, Trajectory.works_weeks, Trajectory.closure_words).where(
    Trajectory.case_id == _CASE_ID)
_CASE_DATES = select(Case.start_date, Case.end_date, Case.planned_end_date).where(
    Case.id == _CASE_ID)
_MEETINGS = (select(Meeting.held_on, Meeting.kind).where(Meeting.case_id == _CASE_ID)
             .order_by(Meeting.held_on, Meeting.id))
_STEPS = (select(TrajectoryStep.on_date, TrajectoryStep.done, TrajectoryStep.text,
                 TrajectoryStep.kind, TrajectoryStep.id, TrajectoryStep.version)
          .where(TrajectoryStep.case_id == _CASE_ID)
          .order_by(TrajectoryStep.on_date, TrajectoryStep.id))
# The newest version agreed with the family (not a draft, not one sent back).
_AGREED = (select(SafetyPlan.agreed_on, SafetyPlan.review_on, SafetyPlan.number)
           .where(SafetyPlan.case_id == _CASE_ID, SafetyPlan.status != PlanStatus.DRAFT,
                  SafetyPlan.status != PlanStatus.RETURNED)
           .order_by(SafetyPlan.number.desc()).limit(1))


def _points(session: Session, case_id: int, settings: _Settings | None, on: date
            ) -> TrajectoryView:
    of_case = {"case_id": case_id}
    case = session.execute(_CASE_DATES, of_case).first()
    if case is None:
        raise NotFound()
    points = [Point(case.start_date, PointKind.START, case.start_date <= on)]
    points += [Point(held, PointKind.MEETING, held <= on, meeting_kind=kind)
               for held, kind in session.execute(_MEETINGS, of_case)]
    points += [Point(s.on_date, PointKind.STEP, s.done, s.text, step_kind=s.kind,
                     step_id=s.id, step_version=s.version)
               for s in session.execute(_STEPS, of_case)]
    agreed = session.execute(_AGREED, of_case).first()
    works_from = agreed.agreed_on if agreed else None
    if agreed is not None and agreed.review_on is not None:
        points.append(Point(agreed.review_on, PointKind.PLAN_REVIEW, agreed.review_on <= on,
                            plan_number=agreed.number))
    weeks = settings.works_weeks if settings else None
    if works_from is not None and weeks:
        until = works_from + timedelta(weeks=weeks)
        points.append(Point(until, PointKind.WORKS_UNTIL, until <= on, weeks=weeks))
    closure_words = settings.closure_words if settings else ""
    closure_on = case.end_date or case.planned_end_date
    if closure_on is not None:
        points.append(Point(closure_on, PointKind.CLOSURE, case.end_date is not None,
                            closure_words))
    order = list(PointKind)
    points.sort(key=lambda p: (p.on, order.index(p.kind)))
    next_index = next((i for i, p in enumerate(points) if not p.done), None)
    return TrajectoryView(case_id, settings.version if settings else 0, weeks, closure_words,
                          works_from, tuple(points), next_index)


def get_trajectory(*, session: Session, actor: Actor, case_id: int, on: date
                   ) -> TrajectoryView:
    """The case's trajectory as it stands on ``on`` (what is done, what is next)."""
    check_case(session, actor, case_id, Need.READ, "trajectory/get_trajectory")
    return _points(session, case_id, session.execute(_SETTINGS, {"case_id": case_id}).first(),
                   on)


def print_trajectory(*, session: Session, actor: Actor, case_id: int, on: date
                     ) -> tuple[str, TrajectoryView]:
    """The family name and the trajectory, to print (recorded as a print)."""
    check_case(session, actor, case_id, Need.READ, "print/trajectory",
               action=AuditAction.PRINT)
    case = session.get_one(Case, case_id)
    return case.family.name, _points(session, case_id, _settings(session, case_id), on)


def _flush(session: Session) -> None:
    try:
        session.flush()
    except StaleDataError as exc:
        raise Conflict(current=None) from exc


def save_trajectory(*, session: Session, actor: Actor, case_id: int, expected_version: int,
                    works_weeks: int | None, closure_words: str, on: date) -> TrajectoryView:
    """How long the plan must work before closure, and the closure criteria in the family's
    words. ``expected_version`` is the version read (0 before the first save)."""
    check_case(session, actor, case_id, Need.EDIT, "trajectory/save_trajectory")
    settings = _settings(session, case_id)
    if (settings.version if settings else 0) != expected_version:
        raise Conflict(current=_points(session, case_id, settings, on))
    errors: list[FieldError] = []
    if works_weeks is not None and not 1 <= works_weeks <= MAX_WEEKS:
        errors.append(FieldError("works_weeks", "trajectory.error.weeks", {"max": MAX_WEEKS}))
    if len(closure_words) > MAX_CLOSURE:
        errors.append(FieldError("closure_words", "error.too_long", {"max": MAX_CLOSURE}))
    if errors:
        raise ValidationFailed(errors)
    if settings is None:
        settings = Trajectory(case_id=case_id)
        session.add(settings)
    settings.works_weeks, settings.closure_words = works_weeks, closure_words.strip()
    _flush(session)
    return _points(session, case_id, settings, on)


def _validated(data: StepInput) -> None:
    errors: list[FieldError] = []
    if not data.text.strip():
        errors.append(FieldError("text", "error.required"))
    elif len(data.text) > MAX_TEXT:
        errors.append(FieldError("text", "error.too_long", {"max": MAX_TEXT}))
    if errors:
        raise ValidationFailed(errors)


def add_trajectory_step(*, session: Session, actor: Actor, case_id: int, data: StepInput
                        ) -> int:
    check_case(session, actor, case_id, Need.EDIT, "trajectory/add_trajectory_step")
    _validated(data)
    step = TrajectoryStep(case_id=case_id, on_date=data.on, kind=data.kind,
                          text=data.text.strip(), done=data.done)
    session.add(step)
    session.flush()
    return step.id


def _step(session: Session, actor: Actor, step_id: int, expected_version: int, subject: str
          ) -> TrajectoryStep:
    step = session.get(TrajectoryStep, step_id, populate_existing=True)
    if step is None:
        raise NotFound()
    check_case(session, actor, step.case_id, Need.EDIT, subject)
    if step.version != expected_version:
        raise Conflict(current=None)
    return step


def update_trajectory_step(*, session: Session, actor: Actor, step_id: int,
                           expected_version: int,
                data: StepInput) -> None:
    step = _step(session, actor, step_id, expected_version, "trajectory/update_trajectory_step")
    _validated(data)
    step.on_date, step.kind, step.text, step.done = (data.on, data.kind, data.text.strip(),
                                                     data.done)
    _flush(session)


def remove_trajectory_step(*, session: Session, actor: Actor, step_id: int,
                           expected_version: int) -> None:
    step = _step(session, actor, step_id, expected_version, "trajectory/remove_trajectory_step")
    session.delete(step)
    _flush(session)
