"""Reading the audit trail: a case's history (its team lead and the administrator) and the
whole trail (the administrator). Nothing here changes a line; nothing anywhere can."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from auth.access import Need, check_case, record, require_role
from auth.service import Actor
from sofs_core.codes import AuditAction, Role
from storage.audit import ChainReport, verify
from storage.models import AuditEvent, User

PAGE = 200


@dataclass(frozen=True)
class AuditLine:
    id: int
    at: datetime
    actor_name: str  # the account's name as written on the line (or the name typed)
    case_id: int | None
    action: AuditAction
    subject: str
    # The account's display name now; empty when the line names no account (a failed
    # login with an unknown name).
    display_name: str = ""

    @property
    def who(self) -> str:
        return self.display_name or self.actor_name


# The columns shown, read as plain rows (cheaper than loading whole ORM objects); the
# display name comes from the account the line names (the trail itself keeps ids only).
_COLUMNS = (AuditEvent.id, AuditEvent.at, AuditEvent.actor_name, AuditEvent.case_id,
            AuditEvent.action, AuditEvent.subject, User.display_name)


_Row = Select[int, datetime, str, int | None, AuditAction, str, str | None]


def _lines(session: Session, query: _Row) -> list[AuditLine]:
    query = query.outerjoin(User, User.id == AuditEvent.actor_id)
    return [AuditLine(*row[:6], display_name=row[6] or "") for row in session.execute(query)]


@dataclass(frozen=True)
class Part:
    """What a line is about, as catalogue keys: ``cases/assign_counsellors`` ->
    ``audit_part.cases.assign_counsellors``, ``print/genogram.pdf`` ->
    ``audit_part.print.genogram_pdf``; a refused download ``idle:print/family`` has the
    reason ``audit_reason.idle``; an account's line ``accounts/create_account:12`` the
    number 12."""

    key: str
    area_key: str  # the area's words (``audit_part.cases.area``), for a part without its own
    number: str = ""
    reason_key: str = ""


def part_of(subject: str) -> Part:
    pieces = subject.split(":")
    main = next((i for i, piece in enumerate(pieces) if "/" in piece), 0)
    area, _, name = pieces[main].partition("/")
    area = area if area.isidentifier() else "other"
    tail = "".join(c if c.isalnum() or c == "_" else "_" for c in name)
    area_key = f"audit_part.{area}.area"
    return Part(key=f"audit_part.{area}.{tail}" if tail else area_key, area_key=area_key,
                number=":".join(pieces[main + 1:]),
                reason_key=f"audit_reason.{pieces[0]}" if main > 0 else "")


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
