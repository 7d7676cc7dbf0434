"""The audit trail as a hash chain: the one writer of audit lines, and its verification.

Each line is sealed with a SHA-256 hash over its own fields and the hash of the line before
it (the first line chains from ``GENESIS``). Rewriting a line, deleting one, or slipping one
in breaks the chain from that line on, so whoever can bypass the database's triggers (the
owner of the tables) can still not change the trail unseen, short of recomputing the whole
chain: keep the head ``verify`` reports somewhere else now and then to catch even that.

One row, ``audit_chain_head``, holds the newest line's id and hash. An append claims it
with an UPDATE, which makes concurrent appends wait for each other (a row lock on
PostgreSQL, the write lock on SQLite): the chain never forks, and ids follow the chain.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import cast

from sqlalchemy import Connection, Table, func, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from sofs_core.clock import utcnow
from sofs_core.codes import AuditAction
from storage.models import AuditChainHead, AuditEvent

HEAD_ID = 1
# Changing the encoding below would break every existing chain: it is versioned by this tag.
_TAG = b"sofs-audit-v1\n"
GENESIS = hashlib.sha256(b"sofs audit trail: genesis").hexdigest()
_HEAD = cast(Table, AuditChainHead.__table__)
_LINES = cast(Table, AuditEvent.__table__)


def seal(*, id: int, at: datetime, actor_id: int | None, actor_name: str,
         case_id: int | None, action: str, subject: str, prev_hash: str) -> str:
    """The hash of one line: its fields in a fixed order, as compact JSON, and the previous
    line's hash. ``at`` counts as its UTC time to the microsecond (what both databases keep)."""
    fields = [id, at.astimezone(UTC).isoformat(timespec="microseconds"), actor_id,
              actor_name, case_id, str(action), subject, prev_hash]
    encoded = json.dumps(fields, ensure_ascii=False, separators=(",", ":")).encode()
    return hashlib.sha256(_TAG + encoded).hexdigest()


def append(session: Session, action: AuditAction, subject: str, *,
           actor_id: int | None = None, actor_name: str = "", case_id: int | None = None,
           at: datetime | None = None) -> int:
    """Append one sealed line in the caller's transaction and return its id.

    The head stays claimed until the transaction ends, so keep audited transactions short.
    """
    line_id, prev_hash = _claim_head(session)
    values = {"id": line_id, "at": at or utcnow(), "actor_id": actor_id,
              "actor_name": actor_name[:64], "case_id": case_id, "action": action,
              "subject": subject[:80]}
    sealed = seal(**values, prev_hash=prev_hash)  # type: ignore[arg-type]
    session.execute(insert(_LINES).values(**values, prev_hash=prev_hash, hash=sealed))
    session.execute(update(_HEAD).where(_HEAD.c.id == HEAD_ID).values(last_hash=sealed))
    return line_id


def append_refusal(session: Session, event: Mapping[str, object]) -> int:
    """The line for a refused action (``PermissionDenied.event``: ids, name, subject)."""

    def number(key: str) -> int | None:
        value = event.get(key)
        return value if isinstance(value, int) else None

    return append(session, AuditAction.REFUSED, str(event.get("subject", "")),
                  actor_id=number("actor_id"), actor_name=str(event.get("actor_name", "")),
                  case_id=number("case_id"))


def _claim_head(session: Session) -> tuple[int, str]:
    """The next line's id and the hash it chains from, holding the head until commit."""
    claim = (update(_HEAD).where(_HEAD.c.id == HEAD_ID)
             .values(last_id=_HEAD.c.last_id + 1)
             .returning(_HEAD.c.last_id, _HEAD.c.last_hash))
    row = session.execute(claim).first()
    if row is None:
        # No head: a new (or wiped) database. Should lines exist all the same, the head was
        # removed: the next line chains from the genesis value, which verify reports.
        _start_head(session)
        row = session.execute(claim).one()
    return int(row[0]), str(row[1])


def _start_head(session: Session) -> None:
    last_id = select(func.coalesce(func.max(_LINES.c.id), 0)).scalar_subquery()
    values = {"id": HEAD_ID, "last_id": last_id, "last_hash": GENESIS}
    if session.get_bind().dialect.name == "postgresql":
        session.execute(postgresql.insert(_HEAD).values(**values).on_conflict_do_nothing())
    else:
        session.execute(sqlite.insert(_HEAD).values(**values).on_conflict_do_nothing())


class Problem(StrEnum):
    ALTERED = "altered"  # the line's fields no longer give its hash
    UNSEALED = "unsealed"  # a line without a hash: written around the app
    BROKEN_LINK = "broken_link"  # lines before it were removed or slipped in
    END_MISSING = "end_missing"  # lines at the end were removed, or the trail emptied
    NOT_CHAINED = "not_chained"  # a line after the newest one the chain knows of
    HEAD_MISSING = "head_missing"  # the record of the newest line is gone


@dataclass(frozen=True)
class ChainReport:
    """What ``verify`` found: lines checked, and the first broken line (None if intact)."""

    lines: int
    head_id: int
    head_hash: str
    broken_at: int | None = None
    problem: Problem | None = None

    @property
    def intact(self) -> bool:
        return self.problem is None


def verify(bind: Session | Connection, *, batch: int = 5000) -> ChainReport:
    """Walk the trail in id order and check every seal and every link.

    Takes no lock: appends go on meanwhile. The head read first names the newest line
    committed then; every line up to it is checked, and lines after it must have been
    appended through the head since (read again after them). Reads ids, times, codes and
    account names: never case content.
    """
    head = _head(bind)
    head_id, head_hash = head or (0, GENESIS)
    count, last_id, prev = 0, 0, GENESIS
    for row in _rows(bind, batch, up_to=head_id if head else None):
        count += 1
        if row.hash is None:
            return ChainReport(count, head_id, head_hash, row.id, Problem.UNSEALED)
        if row.prev_hash != prev:
            return ChainReport(count, head_id, head_hash, row.id, Problem.BROKEN_LINK)
        expected = seal(id=row.id, at=row.at, actor_id=row.actor_id, actor_name=row.actor_name,
                        case_id=row.case_id, action=row.action, subject=row.subject,
                        prev_hash=row.prev_hash)
        if row.hash != expected:
            return ChainReport(count, head_id, head_hash, row.id, Problem.ALTERED)
        last_id, prev = row.id, row.hash
    if head is None:
        problem = Problem.HEAD_MISSING if count else None
        return ChainReport(count, last_id, prev, None, problem)
    if (last_id, prev) != (head_id, head_hash):
        # The newest line written is gone (or replaced): name the first line that should
        # follow the last intact one.
        return ChainReport(count, head_id, head_hash, last_id + 1, Problem.END_MISSING)
    later = bind.execute(select(_LINES.c.id, _LINES.c.hash).where(_LINES.c.id > head_id)
                         .order_by(_LINES.c.id)).all()
    if later:
        # Read after those lines, the head covers every line appended the proper way.
        now_id = (_head(bind) or (0, ""))[0]
        for line_id, sealed in later:
            if line_id > now_id:
                problem = Problem.UNSEALED if sealed is None else Problem.NOT_CHAINED
                return ChainReport(count, head_id, head_hash, line_id, problem)
    return ChainReport(count, head_id, head_hash)


def _head(bind: Session | Connection) -> tuple[int, str] | None:
    row = bind.execute(select(_HEAD.c.last_id, _HEAD.c.last_hash)
                       .where(_HEAD.c.id == HEAD_ID)).first()
    return (int(row[0]), str(row[1])) if row else None


def _rows(bind: Session | Connection, batch: int, up_to: int | None
          ) -> Iterable[AuditRow]:
    """The trail in id order, a batch at a time (keyset paging: memory stays flat)."""
    after = 0
    while True:
        query = (select(_LINES.c.id, _LINES.c.at, _LINES.c.actor_id, _LINES.c.actor_name,
                        _LINES.c.case_id, _LINES.c.action, _LINES.c.subject,
                        _LINES.c.prev_hash, _LINES.c.hash)
                 .where(_LINES.c.id > after).order_by(_LINES.c.id).limit(batch))
        if up_to is not None:
            query = query.where(_LINES.c.id <= up_to)
        rows = bind.execute(query).all()
        for row in rows:
            yield AuditRow(*row)
        if len(rows) < batch:
            return
        after = rows[-1][0]


@dataclass(frozen=True)
class AuditRow:
    id: int
    at: datetime
    actor_id: int | None
    actor_name: str
    case_id: int | None
    action: str
    subject: str
    prev_hash: str | None
    hash: str | None
