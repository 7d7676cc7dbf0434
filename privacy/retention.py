"""Destroying closed cases whose retention period is over (the youngest child's 35th
birthday, set at closure by ``mapping.cases``).

An administrator runs ``sofs destroy-expired`` (with ``--dry-run`` first). Each destroyed
case leaves one audit line with its number and no name; a family with no other case goes
with its last case, people, genogram and households.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import delete, or_, select
from sqlalchemy.orm import Session

from auth.access import record
from storage.enums import AuditAction, CaseStatus
from storage.models import (
    Case,
    Couple,
    EmotionalLine,
    Family,
    Household,
    NetworkRole,
    ParentLink,
    Person,
    Twins,
)

SYSTEM = "system:destroy-expired"


@dataclass(frozen=True)
class Expired:
    case_id: int
    destroy_on: date


@dataclass(frozen=True)
class Report:
    expired: tuple[Expired, ...]
    undated: tuple[int, ...]  # closed cases without a date: nobody's birth is known
    destroyed: bool


def expired_cases(session: Session, on: date) -> Report:
    """Closed cases whose destruction date has come, and closed cases without one."""
    expired = tuple(Expired(r.id, r.destroy_on) for r in session.execute(
        select(Case.id, Case.destroy_on).where(
            Case.status == CaseStatus.CLOSED, Case.destroy_on <= on).order_by(Case.id)))
    undated = tuple(session.scalars(select(Case.id).where(
        Case.status == CaseStatus.CLOSED, Case.destroy_on.is_(None)).order_by(Case.id)))
    return Report(expired, undated, destroyed=False)


def destroy_expired(session: Session, on: date, *, dry_run: bool) -> Report:
    """Destroy every expired case (unless ``dry_run``); both are recorded in the trail."""
    report = expired_cases(session, on)
    if dry_run:
        record(session, None, AuditAction.DESTROY, f"retention/dry_run:{len(report.expired)}",
               name=SYSTEM)
        return report
    for item in report.expired:
        _destroy(session, item.case_id)
        record(session, None, AuditAction.DESTROY, "retention/destroyed", case_id=item.case_id,
               name=SYSTEM)
    return Report(report.expired, report.undated, destroyed=True)


def _destroy(session: Session, case_id: int) -> None:
    case = session.get_one(Case, case_id)
    family_id = case.family_id
    outsiders = set(session.scalars(
        select(NetworkRole.person_id).join(Person, Person.id == NetworkRole.person_id)
        .where(NetworkRole.case_id == case_id, Person.family_id.is_(None))))
    session.delete(case)  # meetings, maps, ratings, roles, plans and comments cascade
    session.flush()
    still_used = set(session.scalars(select(NetworkRole.person_id).where(
        NetworkRole.person_id.in_(outsiders))))
    gone = outsiders - still_used
    if session.scalar(select(Case.id).where(Case.family_id == family_id).limit(1)) is None:
        gone |= set(session.scalars(select(Person.id).where(Person.family_id == family_id)))
        session.execute(delete(Household).where(Household.family_id == family_id))
        session.get_one(Family, family_id).index_person_id = None
        session.flush()
    if gone:
        for model, first, second in ((ParentLink, ParentLink.parent_id, ParentLink.child_id),
                                     (Couple, Couple.first_id, Couple.second_id),
                                     (Twins, Twins.first_id, Twins.second_id),
                                     (EmotionalLine, EmotionalLine.from_id, EmotionalLine.to_id)):
            session.execute(delete(model).where(or_(first.in_(gone), second.in_(gone))))
        session.execute(delete(Person).where(Person.id.in_(gone)))
    if session.scalar(select(Case.id).where(Case.family_id == family_id).limit(1)) is None:
        session.execute(delete(Family).where(Family.id == family_id))
    session.flush()
