"""The safety journal: once a plan version is agreed, the family and network members say how
each agreement went (date, who, which agreement, kept or not, what happened, in their
words). The counsellor writes it down for them or copies it from the paper journal.

An entry names a rule of an agreed version; rules keep their lineage from version to
version, so an agreement is counted across versions: kept and not kept over the last two
weeks and in total.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Protocol

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from auth import Actor
from auth.access import Need, check_case
from sofs_core.codes import JournalSource, PlanStatus
from sofs_core.errors import Conflict, FieldError, NotFound, ValidationFailed
from sofs_core.text import full_name
from storage.models import Case, JournalEntry, NetworkRole, Person, PlanRule, SafetyPlan

RECENT = timedelta(days=14)  # "the last two weeks"
MAX_WORDS = 2000
MAX_NAME = 120


@dataclass(frozen=True)
class JournalInput:
    on: date
    rule_id: int
    kept: bool
    what_happened: str = ""
    person_id: int | None = None  # a family or network member of the case
    who_name: str = ""  # or a name
    source: JournalSource = JournalSource.TOLD


@dataclass(frozen=True)
class JournalLine:
    id: int
    version: int
    on: date
    who: str
    rule_lineage: str
    rule_text: str
    plan_number: int
    kept: bool
    what_happened: str
    source: JournalSource


@dataclass(frozen=True)
class Tally:
    """How an agreement (by lineage) went: over the last two weeks and in total."""

    lineage: str
    rule_text: str  # as the newest agreed version words it
    kept_recent: int = 0
    not_kept_recent: int = 0
    kept: int = 0
    not_kept: int = 0


@dataclass(frozen=True)
class Journal:
    lines: tuple[JournalLine, ...]  # newest first
    tallies: tuple[Tally, ...]  # in the order of the newest agreed version's rules
    agreements: dict[int, str]  # rules of the newest agreed version that can be reported on
    people: dict[int, str]  # the case's family and network members

    def tally(self, lineage: str) -> Tally | None:
        return next((t for t in self.tallies if t.lineage == lineage), None)


# The journal is read on every rerun of the plan page: its statements are built once, and
# read as rows (building statements and ORM objects cost more than SQLite's answers).
_CASE_ID = bindparam("case_id", type_=Case.id.type)
_FAMILY = (select(Person.id, Person.first_name, Person.last_name)
           .join(Case, Case.family_id == Person.family_id)
           .where(Case.id == _CASE_ID, Person.is_pregnancy.is_(False),
                  Person.deceased.is_(False))
           .order_by(Person.first_name, Person.id))
_NETWORK = (select(Person.id, Person.first_name, Person.last_name)
            .join(NetworkRole, NetworkRole.person_id == Person.id)
            .where(NetworkRole.case_id == _CASE_ID).distinct()
            .order_by(Person.first_name, Person.id))
# The rules of the newest version agreed with the family (drafts and returned versions are
# not agreements anyone keeps).
_NEWEST_AGREED = (select(SafetyPlan.id)
                  .where(SafetyPlan.case_id == _CASE_ID, SafetyPlan.status.in_(
                      (PlanStatus.AGREED, PlanStatus.SUBMITTED, PlanStatus.APPROVED)))
                  .order_by(SafetyPlan.number.desc()).limit(1).scalar_subquery())
_AGREED_RULES = (select(PlanRule.id, PlanRule.lineage, PlanRule.what)
                 .where(PlanRule.plan_id == _NEWEST_AGREED).order_by(PlanRule.position))
_ENTRIES = (select(JournalEntry.id, JournalEntry.version, JournalEntry.on_date,
                   JournalEntry.person_id, JournalEntry.who_name, JournalEntry.kept,
                   JournalEntry.what_happened, JournalEntry.source,
                   PlanRule.lineage, PlanRule.what, SafetyPlan.number)
            .join(PlanRule, PlanRule.id == JournalEntry.rule_id)
            .join(SafetyPlan, SafetyPlan.id == PlanRule.plan_id)
            .where(JournalEntry.case_id == _CASE_ID)
            .order_by(JournalEntry.on_date.desc(), JournalEntry.id.desc()))


def _people(session: Session, case_id: int) -> dict[int, str]:
    people = {p.id: full_name(p.first_name, p.last_name)
              for p in session.execute(_FAMILY, {"case_id": case_id})}
    for p in session.execute(_NETWORK, {"case_id": case_id}):
        people.setdefault(p.id, full_name(p.first_name, p.last_name))
    return people


def _journal(session: Session, case_id: int, on: date) -> Journal:
    people = _people(session, case_id)
    newest = session.execute(_AGREED_RULES, {"case_id": case_id}).all()
    agreements = {r.id: r.what for r in newest}
    rows = session.execute(_ENTRIES, {"case_id": case_id}).all()
    who_of = {pid: name for pid, name in people.items()}
    lines = tuple(JournalLine(
        e.id, e.version, e.on_date,
        who_of.get(e.person_id, "") if e.person_id is not None else e.who_name,
        e.lineage, e.what, e.number, e.kept, e.what_happened, e.source)
        for e in rows)
    return Journal(lines, _tallies(lines, newest, on), agreements, people)


class _RuleWords(Protocol):
    lineage: str
    what: str


def _tallies(lines: Iterable[JournalLine], newest: Iterable[_RuleWords], on: date
             ) -> tuple[Tally, ...]:
    words = {r.lineage: r.what for r in newest}
    counts: dict[str, list[int]] = {lineage: [0, 0, 0, 0] for lineage in words}
    for line in lines:
        if line.rule_lineage not in counts:  # an agreement of an older version only
            counts[line.rule_lineage] = [0, 0, 0, 0]
            words[line.rule_lineage] = line.rule_text
        c = counts[line.rule_lineage]
        recent = on - RECENT < line.on <= on
        c[0 if line.kept else 1] += recent
        c[2 if line.kept else 3] += 1
    return tuple(Tally(lineage, words[lineage], *c) for lineage, c in counts.items())


def safety_journal(*, session: Session, actor: Actor, case_id: int, on: date) -> Journal:
    """The case's safety journal, newest first, and the count per agreement on ``on``."""
    check_case(session, actor, case_id, Need.READ, "journal/safety_journal")
    return _journal(session, case_id, on)


def _validated(session: Session, case_id: int, data: JournalInput, on: date) -> None:
    errors: list[FieldError] = []
    rule = session.get(PlanRule, data.rule_id)
    plan = rule.plan if rule is not None else None
    if plan is None or plan.case_id != case_id:
        errors.append(FieldError("rule", "journal.error.no_agreement"))
    elif plan.status not in (PlanStatus.AGREED, PlanStatus.SUBMITTED, PlanStatus.APPROVED):
        errors.append(FieldError("rule", "journal.error.not_agreed"))
    elif plan.agreed_on is not None and data.on < plan.agreed_on:
        errors.append(FieldError("on", "journal.error.before_agreed"))
    if data.on > on:
        errors.append(FieldError("on", "journal.error.future"))
    if data.person_id is not None:
        if data.person_id not in _people(session, case_id):
            errors.append(FieldError("who", "journal.error.not_of_case"))
    elif not data.who_name.strip():
        errors.append(FieldError("who", "error.required"))
    elif len(data.who_name) > MAX_NAME:
        errors.append(FieldError("who", "error.too_long", {"max": MAX_NAME}))
    if not data.kept and not data.what_happened.strip():
        errors.append(FieldError("what_happened", "journal.error.what_happened"))
    if len(data.what_happened) > MAX_WORDS:
        errors.append(FieldError("what_happened", "error.too_long", {"max": MAX_WORDS}))
    if errors:
        raise ValidationFailed(errors)


def add_journal_entry(*, session: Session, actor: Actor, case_id: int, data: JournalInput,
                      on: date) -> int:
    """Write down one report; ``on`` is today (a report cannot be about tomorrow)."""
    check_case(session, actor, case_id, Need.EDIT, "journal/add_journal_entry")
    _validated(session, case_id, data, on)
    entry = JournalEntry(
        case_id=case_id, rule_id=data.rule_id, on_date=data.on,
        person_id=data.person_id, who_name="" if data.person_id else data.who_name.strip(),
        kept=data.kept, what_happened=data.what_happened.strip(), source=data.source,
        created_by_id=actor.id)
    session.add(entry)
    session.flush()
    return entry.id


def remove_journal_entry(*, session: Session, actor: Actor, entry_id: int,
                         expected_version: int) -> None:
    """Take back an entry written down by mistake (a second session's change is a conflict)."""
    entry = session.get(JournalEntry, entry_id, populate_existing=True)
    if entry is None:
        raise NotFound()
    check_case(session, actor, entry.case_id, Need.EDIT, "journal/remove_journal_entry")
    if entry.version != expected_version:
        raise Conflict(current=None)
    session.delete(entry)
    session.flush()
