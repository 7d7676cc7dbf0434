"""Destroying closed cases whose retention period is over (the youngest child's 35th
birthday, set at closure by ``mapping.cases``).

An administrator runs ``sofs destroy-expired`` (with ``--dry-run`` first). Each destroyed
case leaves one audit line with its number and no name; a family with no other case goes
with its last case, people, genogram and households. What goes is found by walking the
model (``privacy.scope``), so a new table is destroyed with the rest.
"""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from auth.access import record
from privacy.scope import destroy_case
from sofs_core.codes import AuditAction, CaseStatus
from storage.models import Case, Person

SYSTEM = "system:destroy-expired"
RETENTION_YEARS = 35


def destruction_date(members: Sequence[Person]) -> date | None:
    """The day the youngest child turns 35: the case file is kept until then (Flemish
    youth-care rule). With only a birth year, the last day of that year (never earlier).
    None when nobody's birth is known."""
    days: list[date] = []
    for person in members:
        if person.is_pregnancy:
            continue
        if person.birth_date is not None:
            born = person.birth_date
            year = born.year + RETENTION_YEARS
            # Born on 29 February: the birthday falls on 1 March in a common year.
            days.append(date(year, 3, 1) if (born.month, born.day) == (2, 29)
                        and not calendar.isleap(year) else born.replace(year=year))
        elif person.birth_year is not None:
            days.append(date(person.birth_year + RETENTION_YEARS, 12, 31))
    return max(days, default=None)


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
        destroy_case(session, item.case_id)
        record(session, None, AuditAction.DESTROY, "retention/destroyed", case_id=item.case_id,
               name=SYSTEM)
    return Report(report.expired, report.undated, destroyed=True)
