"""Who may do what with which case, checked by every service, and the audit trail.

The rules (issue 6):
- a counsellor reads and edits the cases they are assigned to;
- a team lead reads the cases of their team, assigns its counsellors and sees its audit
  history, and edits the cases they are assigned to themselves;
- a consultant reads the cases shared with them and reviews their plans, nothing else;
- an administrator manages accounts and sees audit histories, and sees no case content
  unless assigned to the case;
- and none of it before a team lead has confirmed the account (issue 18): whatever the
  administrator does to an account clears that (auth.confirmation), so no sequence of
  administrator actions by one person reaches a family.

Every check that passes is written to the audit trail in the caller's transaction (a read
once per person, case and service per ``READ_WINDOW``; every change, print and export each
time). A refusal raises ``AccessRefused``, which ``storage.db.transaction`` writes to the
trail on its own after rolling the action back.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    BindParameter,
    ColumnElement,
    Select,
    and_,
    bindparam,
    event,
    exists,
    func,
    or_,
    select,
)
from sqlalchemy.orm import Session

from auth.service import Actor
from sofs_core.clock import utcnow
from sofs_core.codes import AuditAction, Role
from sofs_core.errors import NotFound, PermissionDenied
from storage.audit import append
from storage.models import (
    AuditEvent,
    Case,
    Couple,
    Household,
    MapEntry,
    Meeting,
    NetworkRole,
    Person,
    PlanRule,
    Rating,
    SafetyPlan,
    User,
    case_counsellors,
    case_shares,
)

# A page rerun reads the same things again every few seconds while someone types: one read
# line per person, case and service in this window says the same as a line per rerun.
READ_WINDOW = timedelta(minutes=10)
# The roles that create cases and work in them as their counsellors.
CASE_MAKERS = (Role.COUNSELLOR, Role.TEAM_LEAD)


class Need(StrEnum):
    READ = "read"  # see the case's content
    EDIT = "edit"  # change the case's content
    REVIEW = "review"  # comment on the case, approve or return a plan (its consultant)
    ASSIGN = "assign"  # choose the case's counsellors (the team lead)
    AUDIT = "audit"  # see the case's audit history
    EXPORT = "export"  # the family's data for a request of access


class AccessRefused(PermissionDenied):
    """Raised by a check that fails; carries what the audit trail must record."""

    def __init__(self, actor: Actor, case_id: int | None, subject: str) -> None:
        super().__init__()
        self.event = {"actor_id": actor.id, "actor_name": actor.username,
                      "case_id": case_id, "subject": subject[:80]}


@dataclass(frozen=True)
class Rights:
    """What one person may do with one case, for a page deciding what to show."""

    read: bool = False
    edit: bool = False
    review: bool = False
    assign: bool = False
    audit: bool = False
    export: bool = False

    def allows(self, need: Need) -> bool:
        return bool(getattr(self, need.value))


@dataclass(frozen=True)
class _Facts:
    assigned: bool
    shared: bool
    same_team: bool
    confirmed: bool


_FACTS = "sofs.access_facts"
_READS = "sofs.recent_reads"
_INNER = "sofs.inner_calls"
_KNOWN = "sofs.known_reads"  # read lines committed by earlier transactions (known_reads)
_SEEN = "sofs.seen_reads"  # read lines written or found by this transaction


@event.listens_for(Session, "after_transaction_end")
def _forget(session: Session, _transaction: object) -> None:
    """What one transaction learnt about access is not trusted by the next."""
    session.info.pop(_FACTS, None)
    session.info.pop(_READS, None)
    session.info.pop(_SEEN, None)


@contextmanager
def inner_calls(session: Session) -> Iterator[None]:
    """One thing a person does is one line in the audit trail. A service made of other
    services (adding a child with both parents, printing a plan) checks and records its
    own action first, then calls the others inside this block: they still check access,
    but record nothing more."""
    session.info[_INNER] = session.info.get(_INNER, 0) + 1
    try:
        yield
    finally:
        session.info[_INNER] -= 1


@contextmanager
def page_read(session: Session, actor: Actor, case_id: int, subject: str) -> Iterator[None]:
    """A look at one of a case's pages is one read: allowed and recorded once under
    ``subject`` ("page/<name>"); the services the page calls inside still check access,
    but record nothing more (``inner_calls``)."""
    check_case(session, actor, case_id, Need.READ, subject)
    with inner_calls(session):
        yield


def forget_facts(session: Session) -> None:
    """Assignments or shares changed in this transaction: look them up again."""
    session.info.pop(_FACTS, None)


def _facts(session: Session, actor: Actor, case_id: int) -> _Facts:
    """Assigned, shared, same team: one query per person and case per transaction."""
    known: dict[tuple[int, int], _Facts] = session.info.setdefault(_FACTS, {})
    found = known.get((actor.id, case_id))
    if found is None:
        found = known[(actor.id, case_id)] = _look_up(session, actor, case_id)
    return found


def _look_up(session: Session, actor: Actor, case_id: int) -> _Facts:
    row = session.execute(_FACTS_QUERY, {"actor_id": actor.id, "case_id": case_id}).first()
    if row is None:
        raise NotFound()
    team_id, assigned, shared, confirmed = row
    return _Facts(bool(assigned), bool(shared),
                  actor.team_id is not None and team_id == actor.team_id, bool(confirmed))


def confirmed_account(actor: Actor) -> ColumnElement[bool]:
    """True when the actor's account is active and confirmed by a team lead, read from the
    database (never from the Actor, which a session may hold from before a reset)."""
    return exists().where(User.id == actor.id, User.is_active,
                          User.confirmed_at.is_not(None))


_ACTOR_ID = bindparam("actor_id", type_=User.id.type)
# Assigned, shared, confirmed: asked on every case page's rerun, so built once.
_FACTS_QUERY = select(
    Case.team_id,
    exists().where(case_counsellors.c.case_id == Case.id,
                   case_counsellors.c.user_id == _ACTOR_ID),
    exists().where(case_shares.c.case_id == Case.id, case_shares.c.user_id == _ACTOR_ID),
    exists().where(User.id == _ACTOR_ID, User.is_active, User.confirmed_at.is_not(None)),
).where(Case.id == bindparam("case_id", type_=Case.id.type))


def require_confirmed(session: Session, actor: Actor, subject: str) -> None:
    """Refuse case work (creating a case) to an account no team lead has confirmed."""
    if not session.scalar(select(confirmed_account(actor))):
        raise AccessRefused(actor, None, subject)


def _rights(actor: Actor, facts: _Facts) -> Rights:
    if not facts.confirmed:
        # The trail of a case holds its number, never its content.
        return Rights(audit=actor.role is Role.ADMIN)
    consultant = actor.role is Role.CONSULTANT
    lead_of_team = actor.role is Role.TEAM_LEAD and facts.same_team
    assigned = facts.assigned and not consultant
    shared = facts.shared and consultant
    return Rights(
        read=assigned or lead_of_team or shared,
        edit=assigned,
        review=shared,
        assign=lead_of_team,
        audit=lead_of_team or actor.role is Role.ADMIN,
        export=assigned or lead_of_team,
    )


def rights(session: Session, actor: Actor, case_id: int) -> Rights:
    """What ``actor`` may do with the case (no audit line: this only decides what to show)."""
    return _rights(actor, _facts(session, actor, case_id))


def visible_cases(actor: Actor) -> ColumnElement[bool]:
    """A WHERE clause on ``Case`` for the cases ``actor`` may see in a list.

    Correlated EXISTS on the link tables' primary keys: the list keeps walking its own
    index in order and stops after a page (an IN over the user's cases made SQLite sort).
    """
    assigned = exists().where(case_counsellors.c.case_id == Case.id,
                              case_counsellors.c.user_id == actor.id)
    # Uncorrelated: the database answers it once per query, not once per row.
    confirmed = confirmed_account(actor)
    if actor.role is Role.CONSULTANT:
        return and_(confirmed, exists().where(case_shares.c.case_id == Case.id,
                                              case_shares.c.user_id == actor.id))
    if actor.role is Role.TEAM_LEAD and actor.team_id is not None:
        return and_(confirmed, or_(Case.team_id == actor.team_id, assigned))
    return and_(confirmed, assigned)


def record(session: Session, actor: Actor | None, action: AuditAction, subject: str, *,
           case_id: int | None = None, name: str | None = None) -> None:
    """Append one line to the audit trail in the caller's transaction."""
    append(session, action, subject, actor_id=actor.id if actor else None,
           actor_name=name if name is not None else actor.username if actor else "",
           case_id=case_id)


ReadLine = tuple[int, int | None, str]  # who, which case (None: a list), which part


def _record_read(session: Session, actor: Actor, case_id: int | None, subject: str) -> None:
    """Write a read line unless one for the same person, case and part is in the window.

    The lines of the window are fetched once per person and case per transaction, unless
    the caller lent the lines its earlier transactions saw committed (``known_reads``): a
    page that reruns every few seconds then asks nothing until the window has passed.
    """
    part = subject[:80]
    since = utcnow() - READ_WINDOW
    known: dict[ReadLine, datetime] | None = session.info.get(_KNOWN)
    seen = known.get((actor.id, case_id, part)) if known is not None else None
    if seen is not None and seen > since:
        return
    reads: dict[tuple[int, int | None], dict[str, datetime]] = session.info.setdefault(
        _READS, {})
    key = (actor.id, case_id)
    if key not in reads:
        same_case = (AuditEvent.case_id.is_(None) if case_id is None
                     else AuditEvent.case_id == case_id)
        reads[key] = {line_subject: at for line_subject, at in session.execute(
            select(AuditEvent.subject, func.max(AuditEvent.at)).where(
                AuditEvent.actor_id == actor.id, same_case,
                AuditEvent.action == AuditAction.READ, AuditEvent.at > since,
            ).group_by(AuditEvent.subject))}
    if part not in reads[key]:
        record(session, actor, AuditAction.READ, subject, case_id=case_id)
        reads[key][part] = utcnow()
    if known is not None:
        session.info.setdefault(_SEEN, {})[(actor.id, case_id, part)] = reads[key][part]


def known_reads(session: Session, known: dict[ReadLine, datetime]) -> None:
    """Lend ``session`` the read lines known to be in the trail (kept by the caller from
    one transaction to the next, for one user's browser session); the lines it writes or
    finds are added to ``known`` when it commits, and lines past the window are dropped."""
    since = utcnow() - READ_WINDOW
    for line in [line for line, at in known.items() if at <= since]:
        del known[line]
    session.info[_KNOWN] = known


@event.listens_for(Session, "after_commit")
def _learn_reads(session: Session) -> None:
    """Only lines that are committed are known: a rolled-back read line is no line."""
    seen: dict[ReadLine, datetime] | None = session.info.pop(_SEEN, None)
    known: dict[ReadLine, datetime] | None = session.info.get(_KNOWN)
    if seen and known is not None:
        known.update(seen)


def record_list_read(session: Session, actor: Actor, subject: str) -> None:
    """A list of cases (with family names) was read: one line per person per window."""
    _record_read(session, actor, None, subject)


# Looking at a case's audit history is a read of it like any other.
_ACTIONS = {Need.READ: AuditAction.READ, Need.AUDIT: AuditAction.READ,
            Need.EXPORT: AuditAction.EXPORT}


def check_case(session: Session, actor: Actor, case_id: int, need: Need, subject: str, *,
               action: AuditAction | None = None) -> int:
    """Allow ``need`` on the case or raise ``AccessRefused``; record what was allowed.

    ``action`` overrides what is recorded (a print is a read that leaves the building).
    """
    allowed = _rights(actor, _facts(session, actor, case_id)).allows(need)
    if not allowed:
        raise AccessRefused(actor, case_id, subject)
    if session.info.get(_INNER):
        return case_id  # the composed service that called this one has recorded it
    done = action or _ACTIONS.get(need, AuditAction.CHANGE)
    if done is AuditAction.READ:
        _record_read(session, actor, case_id, subject)
    else:
        record(session, actor, done, subject, case_id=case_id)
    return case_id


def check_any(session: Session, actor: Actor, case_ids: Sequence[int], need: Need,
              subject: str) -> int:
    """For what belongs to a family rather than one case (its people and genogram): allowed
    when ``need`` is allowed on any of the family's cases; recorded against that case."""
    if not case_ids:
        raise NotFound()
    for case_id in case_ids:
        if _rights(actor, _facts(session, actor, case_id)).allows(need):
            return check_case(session, actor, case_id, need, subject)
    raise AccessRefused(actor, case_ids[0], subject)


def require_role(actor: Actor, roles: Sequence[Role], subject: str) -> None:
    """Allow only the given roles (accounts and settings: the administrator)."""
    if actor.role not in roles:
        raise AccessRefused(actor, None, subject)


# What a thing belongs to: each is one query, and NotFound when the thing is gone. Built
# once with a bound parameter: building a statement costs several times what SQLite takes
# to answer it, and these run on every rerun of every case page.

def _by_id(column: Any) -> BindParameter[int]:
    return bindparam("id", type_=column.type)


_CASE_OF_MEETING = select(Meeting.case_id).where(Meeting.id == _by_id(Meeting.id))
_CASE_OF_ENTRY = (select(Meeting.case_id).join(MapEntry, MapEntry.meeting_id == Meeting.id)
                  .where(MapEntry.id == _by_id(MapEntry.id)))
_CASE_OF_RATING = (select(Meeting.case_id).join(Rating, Rating.meeting_id == Meeting.id)
                   .where(Rating.id == _by_id(Rating.id)))
_CASE_OF_ROLE = select(NetworkRole.case_id).where(NetworkRole.id == _by_id(NetworkRole.id))
_CASE_OF_PLAN = select(SafetyPlan.case_id).where(SafetyPlan.id == _by_id(SafetyPlan.id))
_CASE_OF_RULE = (select(SafetyPlan.case_id).join(PlanRule, PlanRule.plan_id == SafetyPlan.id)
                 .where(PlanRule.id == _by_id(PlanRule.id)))
_CASES_OF_FAMILY = (select(Case.id).where(Case.family_id == _by_id(Case.family_id))
                    .order_by(Case.id.desc()))
_FAMILY_OF_PERSON = select(Person.family_id).where(Person.id == _by_id(Person.id))
_CASES_OF_OUTSIDER = (select(NetworkRole.case_id)
                      .where(NetworkRole.person_id == _by_id(NetworkRole.person_id))
                      .distinct().order_by(NetworkRole.case_id.desc()))


def _one(session: Session, query: Select[int], thing_id: int) -> int:
    value = session.scalar(query, {"id": thing_id})
    if value is None:
        raise NotFound()
    return int(value)


def case_of_meeting(session: Session, meeting_id: int) -> int:
    return _one(session, _CASE_OF_MEETING, meeting_id)


def case_of_entry(session: Session, entry_id: int) -> int:
    return _one(session, _CASE_OF_ENTRY, entry_id)


def case_of_rating(session: Session, rating_id: int) -> int:
    return _one(session, _CASE_OF_RATING, rating_id)


def case_of_role(session: Session, role_id: int) -> int:
    return _one(session, _CASE_OF_ROLE, role_id)


def case_of_plan(session: Session, plan_id: int) -> int:
    return _one(session, _CASE_OF_PLAN, plan_id)


def case_of_rule(session: Session, rule_id: int) -> int:
    return _one(session, _CASE_OF_RULE, rule_id)


def cases_of_family(session: Session, family_id: int) -> list[int]:
    """The family's cases, newest first; NotFound when it has none (or does not exist)."""
    found = list(session.scalars(_CASES_OF_FAMILY, {"id": family_id}))
    if not found:
        raise NotFound()
    return found


def cases_of_person(session: Session, person_id: int) -> list[int]:
    """The cases a person belongs to: their family's, or (someone from outside the
    family) the cases whose network they are in."""
    family_id = session.scalar(_FAMILY_OF_PERSON, {"id": person_id})
    if family_id is not None:
        return cases_of_family(session, family_id)
    found = list(session.scalars(_CASES_OF_OUTSIDER, {"id": person_id}))
    if not found:
        raise NotFound()
    return found


def cases_of_couple(session: Session, couple_id: int) -> list[int]:
    person_id = _one(session, select(Couple.first_id).where(Couple.id == _by_id(Couple.id)),
                     couple_id)
    return cases_of_person(session, person_id)


def cases_of_household(session: Session, household_id: int) -> list[int]:
    family_id = _one(session, select(Household.family_id)
                     .where(Household.id == _by_id(Household.id)), household_id)
    return cases_of_family(session, family_id)
