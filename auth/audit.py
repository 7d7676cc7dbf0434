"""Reading the audit trail: a case's history (its team lead and the administrator) and the
whole trail (the administrator). Nothing here changes a line; nothing anywhere can."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from auth.access import Need, check_case, record, require_role
from auth.service import Actor
from storage.audit import ChainReport, verify
from storage.enums import AuditAction, Role
from storage.models import AuditEvent

PAGE = 200


@dataclass(frozen=True)
class AuditLine:
    id: int
    at: datetime
    actor_name: str
    case_id: int | None
    action: AuditAction
    subject: str


# The columns shown, read as plain rows (cheaper than loading whole ORM objects).
_COLUMNS = (AuditEvent.id, AuditEvent.at, AuditEvent.actor_name, AuditEvent.case_id,
            AuditEvent.action, AuditEvent.subject)


_Row = Select[int, datetime, str, int | None, AuditAction, str]


def _lines(session: Session, query: _Row) -> list[AuditLine]:
    return [AuditLine(*row) for row in session.execute(query)]


def case_history(*, session: Session, actor: Actor, case_id: int, limit: int = PAGE
                 ) -> list[AuditLine]:
    """Who did what with the case, newest first. Looking is itself recorded (a read)."""
    check_case(session, actor, case_id, Need.AUDIT, "audit/case_history")
    return _lines(session, select(*_COLUMNS).where(AuditEvent.case_id == case_id)
                  .order_by(AuditEvent.at.desc(), AuditEvent.id.desc()).limit(limit))


def trail(*, session: Session, actor: Actor, case_id: int | None = None,
          actions: tuple[AuditAction, ...] = (), limit: int = PAGE) -> list[AuditLine]:
    """The whole trail, newest first, optionally one case or some actions (administrator)."""
    require_role(actor, (Role.ADMIN,), "audit/trail")
    record(session, actor, AuditAction.READ, "audit/trail", case_id=case_id)
    # Lines are numbered in the order they are appended (the chain holds its head while a
    # line is written, and `at` is the time of writing), so the primary key gives the same
    # newest-first order as `at` without sorting the whole trail (issue 19).
    query = select(*_COLUMNS).order_by(AuditEvent.id.desc()).limit(limit)
    if case_id is not None:
        query = query.where(AuditEvent.case_id == case_id)
    if actions:
        query = query.where(AuditEvent.action.in_(actions))
    return _lines(session, query)


def check_chain(*, session: Session, actor: Actor) -> ChainReport:
    """Verify the whole trail's hash chain (administrator); the check is itself a read.

    It walks every line, so a page runs it when asked, not on every rerun."""
    require_role(actor, (Role.ADMIN,), "audit/verify")
    report = verify(session)  # before the read line: appending holds the head till commit
    record(session, actor, AuditAction.READ, "audit/verify")
    return report
