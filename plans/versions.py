"""Safety plan versions and their rules.

A case has one plan in versions 1, 2, 3... Only a draft can change. Marking a draft agreed
with the family freezes it; the consultant's approval is recorded on that frozen version.
Changing an agreed plan starts a new draft copied from it, whose rules keep their lineage,
so two versions can be compared rule by rule. Every edit carries the version it started
from; a save over someone else's newer save is refused.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from sqlalchemy import bindparam, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from auth import Actor
from auth.access import Need, case_of_plan, case_of_rule, check_case
from sofs_core.clock import utcnow
from sofs_core.codes import EntryCategory, PlanStatus, RuleKind
from sofs_core.errors import Conflict, FieldError, NotFound, SofsError, ValidationFailed
from sofs_core.ordering import move_within
from sofs_core.text import MAX_TEXT, full_name
from storage.models import (
    Case,
    MapEntry,
    Meeting,
    NetworkRole,
    Person,
    PlanChild,
    PlanRule,
    PlanRuleDanger,
    SafetyPlan,
    plan_rule_members,
)

RULE_TEXTS = ("what", "who", "when", "how_we_know", "if_not_kept", "translation")
PLAN_TEXTS = ("agreed_by", "child_worries", "child_next", "safety_object")


class PlanFrozen(SofsError):
    """A version agreed with the family does not change (whatever its review status):
    start a new version instead."""

    message_key = "plan.frozen"


@dataclass(frozen=True)
class RuleInput:
    kind: RuleKind
    what: str
    who: str = ""
    when: str = ""
    how_we_know: str = ""
    if_not_kept: str = ""
    danger_lineages: tuple[str, ...] = ()
    member_ids: tuple[int, ...] = ()
    translation: str = ""  # in the family's other language, typed by a person


@dataclass(frozen=True)
class MemberRef:
    person_id: int
    name: str


@dataclass(frozen=True)
class RuleView:
    id: int
    version: int
    lineage: str
    kind: RuleKind
    position: int
    what: str
    who: str
    when: str
    how_we_know: str
    if_not_kept: str
    danger_lineages: tuple[str, ...]
    members: tuple[MemberRef, ...]
    translation: str = ""


@dataclass(frozen=True)
class DangerRef:
    """A danger statement of the case's latest map, with its safety goal and its words for
    the family (and their other language)."""

    lineage: str
    number: int
    text: str
    goal: str
    family_words: str = ""
    family_words_translation: str = ""


@dataclass(frozen=True)
class ChildPage:
    """One child's own page of a plan version: the story told to that child (empty: the
    plan's words for all children) and their safety object."""

    person_id: int
    worries: str = ""
    next: str = ""
    safety_object: str = ""


@dataclass(frozen=True)
class PlanDetails:
    review_on: date | None = None
    child_worries: str = ""
    child_next: str = ""
    safety_object: str = ""


@dataclass(frozen=True)
class PlanSummary:
    id: int
    number: int
    status: PlanStatus
    review_on: date | None
    agreed_on: date | None
    approved_on: date | None
    # Who agreed with the family, who approved, and when it went to the consultant.
    agreed_by: str = ""
    approved_by: str = ""
    submitted_on: date | None = None


@dataclass(frozen=True)
class PlanView:
    id: int
    case_id: int
    number: int
    status: PlanStatus
    version: int
    based_on_id: int | None
    review_on: date | None
    agreed_by: str
    agreed_on: date | None
    approved_by: str
    approved_on: date | None
    submitted_on: date | None
    child_worries: str
    child_next: str
    safety_object: str
    rules: tuple[RuleView, ...]
    dangers: tuple[DangerRef, ...]
    children: tuple[ChildPage, ...] = ()

    def child_page(self, person_id: int) -> ChildPage:
        """The child's own page, with the plan's words where it has none of its own."""
        own = next((c for c in self.children if c.person_id == person_id), ChildPage(person_id))
        return ChildPage(person_id, own.worries or self.child_worries,
                         own.next or self.child_next, own.safety_object or self.safety_object)

    @property
    def frozen(self) -> bool:
        return self.status is not PlanStatus.DRAFT

    def of(self, kind: RuleKind) -> tuple[RuleView, ...]:
        return tuple(rule for rule in self.rules if rule.kind is kind)

    @property
    def uncovered(self) -> tuple[DangerRef, ...]:
        """Danger statements no rule serves yet."""
        served = {lineage for rule in self.rules for lineage in rule.danger_lineages}
        return tuple(d for d in self.dangers if d.lineage not in served)


def _case(session: Session, case_id: int) -> Case:
    case = session.get(Case, case_id)
    if case is None:
        raise NotFound()
    return case


# The plan page's reads, built once (building a statement costs more than SQLite takes to
# answer it; the page reruns while the family watches).
_LATEST_MEETING = (select(Meeting.id)
                   .where(Meeting.case_id == bindparam("case_id", type_=Meeting.case_id.type))
                   .order_by(Meeting.held_on.desc(), Meeting.id.desc()).limit(1))
# Only the columns used: whole map entries cost a plan page rerun more (issue 19).
_DANGER_ENTRIES = (
    select(MapEntry.lineage, MapEntry.category, MapEntry.text, MapEntry.danger_lineage,
           MapEntry.family_words, MapEntry.family_words_translation)
    .where(MapEntry.meeting_id == bindparam("meeting_id", type_=MapEntry.meeting_id.type))
    .order_by(MapEntry.position, MapEntry.id))
_RULES = (select(PlanRule.id, PlanRule.version, PlanRule.lineage, PlanRule.kind,
                 PlanRule.position, PlanRule.what, PlanRule.who, PlanRule.when,
                 PlanRule.how_we_know, PlanRule.if_not_kept, PlanRule.translation)
          .where(PlanRule.plan_id == bindparam("plan_id", type_=PlanRule.plan_id.type)))
_RULE_DANGERS = (select(PlanRuleDanger.rule_id, PlanRuleDanger.danger_lineage)
                 .where(PlanRuleDanger.rule_id.in_(bindparam("rule_ids", expanding=True)))
                 .order_by(PlanRuleDanger.danger_lineage))
_RULE_MEMBERS = (select(plan_rule_members.c.rule_id, Person.id, Person.first_name,
                        Person.last_name)
                 .join(Person, Person.id == plan_rule_members.c.person_id)
                 .where(plan_rule_members.c.rule_id.in_(bindparam("rule_ids", expanding=True)))
                 .order_by(Person.id))


_PLAN_ID = bindparam("plan_id", type_=SafetyPlan.id.type)
_PLAN = select(SafetyPlan.id, SafetyPlan.case_id, SafetyPlan.number, SafetyPlan.status,
               SafetyPlan.version, SafetyPlan.based_on_id, SafetyPlan.review_on,
               SafetyPlan.agreed_by, SafetyPlan.agreed_on, SafetyPlan.approved_by,
               SafetyPlan.approved_on, SafetyPlan.submitted_on, SafetyPlan.child_worries,
               SafetyPlan.child_next, SafetyPlan.safety_object).where(SafetyPlan.id == _PLAN_ID)
_PLAN_CHILDREN = (select(PlanChild.person_id, PlanChild.worries, PlanChild.next,
                         PlanChild.safety_object)
                  .where(PlanChild.plan_id == _PLAN_ID).order_by(PlanChild.person_id))


_PLANS = (select(SafetyPlan.id, SafetyPlan.number, SafetyPlan.status, SafetyPlan.review_on,
                 SafetyPlan.agreed_on, SafetyPlan.approved_on, SafetyPlan.agreed_by,
                 SafetyPlan.approved_by, SafetyPlan.submitted_on)
          .where(SafetyPlan.case_id == bindparam("case_id", type_=SafetyPlan.case_id.type))
          .order_by(SafetyPlan.number.desc()))
_NETWORK_PEOPLE = (select(Person.id, Person.first_name, Person.last_name)
                   .join(NetworkRole, NetworkRole.person_id == Person.id)
                   .where(NetworkRole.case_id == bindparam("case_id",
                                                           type_=NetworkRole.case_id.type))
                   .distinct().order_by(Person.id))


def latest_dangers(session: Session, case_id: int) -> tuple[DangerRef, ...]:
    """The danger statements (and goals) of the case's most recent meeting's map."""
    meeting_id = session.scalar(_LATEST_MEETING, {"case_id": case_id})
    if meeting_id is None:
        return ()
    entries = session.execute(_DANGER_ENTRIES, {"meeting_id": meeting_id}).all()
    goals = {e.danger_lineage: e.text for e in entries
             if e.category is EntryCategory.SAFETY_GOAL}
    dangers = [e for e in entries if e.category is EntryCategory.DANGER_STATEMENT]
    return tuple(DangerRef(e.lineage, n, e.text, goals.get(e.lineage, ""), e.family_words,
                           e.family_words_translation)
                 for n, e in enumerate(dangers, start=1))


def _name(person: Person) -> str:
    return full_name(person.first_name, person.last_name)


def _rule_view(rule: PlanRule) -> RuleView:
    return RuleView(
        id=rule.id, version=rule.version, lineage=rule.lineage, kind=rule.kind,
        position=rule.position, what=rule.what, who=rule.who, when=rule.when,
        how_we_know=rule.how_we_know, if_not_kept=rule.if_not_kept,
        danger_lineages=tuple(d.danger_lineage for d in rule.dangers),
        members=tuple(MemberRef(p.id, _name(p)) for p in rule.members),
        translation=rule.translation,
    )


def _rule_order(rule: PlanRule | RuleView) -> tuple[bool, int, int]:
    return rule.kind is not RuleKind.IMMEDIATE, rule.position, rule.id


def _rule_views(session: Session, plan_id: int) -> tuple[RuleView, ...]:
    """The plan's rules read as plain rows, in three queries (cheaper than loading the rules,
    their dangers and their people as ORM objects on every rerun of the plan page)."""
    rows = session.execute(_RULES, {"plan_id": plan_id}).all()
    ids = [row.id for row in rows]
    dangers: dict[int, list[str]] = {rule_id: [] for rule_id in ids}
    for rule_id, lineage in session.execute(_RULE_DANGERS, {"rule_ids": ids}):
        dangers[rule_id].append(lineage)
    members: dict[int, list[MemberRef]] = {rule_id: [] for rule_id in ids}
    for rule_id, person_id, first, last in session.execute(_RULE_MEMBERS, {"rule_ids": ids}):
        members[rule_id].append(MemberRef(person_id, full_name(first, last)))
    views = [RuleView(id=r.id, version=r.version, lineage=r.lineage, kind=r.kind,
                      position=r.position, what=r.what, who=r.who, when=r.when,
                      how_we_know=r.how_we_know, if_not_kept=r.if_not_kept,
                      danger_lineages=tuple(dangers[r.id]), members=tuple(members[r.id]),
                      translation=r.translation)
             for r in rows]
    return tuple(sorted(views, key=_rule_order))


def _plan_view(session: Session, plan: SafetyPlan,
               rules: tuple[RuleView, ...] | None = None) -> PlanView:
    """The plan as shown; ``rules`` when already read (`_rule_views`), else from ``plan``."""
    if rules is None:
        rules = tuple(_rule_view(r) for r in sorted(plan.rules, key=_rule_order))
    return _view_of(session, plan, rules, tuple(
        ChildPage(c.person_id, c.worries, c.next, c.safety_object) for c in plan.children))


class _PlanFacts(Protocol):
    """What a PlanView is made of: a SafetyPlan, or a row of its columns."""

    @property
    def id(self) -> int: ...
    @property
    def case_id(self) -> int: ...
    @property
    def number(self) -> int: ...
    @property
    def status(self) -> PlanStatus: ...
    @property
    def version(self) -> int: ...
    @property
    def based_on_id(self) -> int | None: ...
    @property
    def review_on(self) -> date | None: ...
    @property
    def agreed_by(self) -> str: ...
    @property
    def agreed_on(self) -> date | None: ...
    @property
    def approved_by(self) -> str: ...
    @property
    def approved_on(self) -> date | None: ...
    @property
    def submitted_on(self) -> date | None: ...
    @property
    def child_worries(self) -> str: ...
    @property
    def child_next(self) -> str: ...
    @property
    def safety_object(self) -> str: ...


def _view_of(session: Session, plan: _PlanFacts, rules: tuple[RuleView, ...],
             children: tuple[ChildPage, ...]) -> PlanView:
    return PlanView(
        id=plan.id, case_id=plan.case_id, number=plan.number, status=plan.status,
        version=plan.version, based_on_id=plan.based_on_id, review_on=plan.review_on,
        agreed_by=plan.agreed_by, agreed_on=plan.agreed_on, approved_by=plan.approved_by,
        approved_on=plan.approved_on, submitted_on=plan.submitted_on,
        child_worries=plan.child_worries,
        child_next=plan.child_next, safety_object=plan.safety_object,
        rules=rules, dangers=latest_dangers(session, plan.case_id), children=children,
    )


def list_plans(*, session: Session, actor: Actor, case_id: int) -> list[PlanSummary]:
    """The case's plan versions, newest first (NotFound: no such case)."""
    check_case(session, actor, case_id, Need.READ, "plans/list_plans")
    rows = session.execute(_PLANS, {"case_id": case_id})
    return [PlanSummary(r.id, r.number, r.status, r.review_on, r.agreed_on, r.approved_on,
                        r.agreed_by, r.approved_by, r.submitted_on)
            for r in rows]


def get_plan(*, session: Session, actor: Actor, plan_id: int) -> PlanView:
    check_case(session, actor, case_of_plan(session, plan_id), Need.READ, "plans/get_plan")
    of_plan = {"plan_id": plan_id}
    plan = session.execute(_PLAN, of_plan).first()
    if plan is None:
        raise NotFound()
    children = tuple(ChildPage(c.person_id, c.worries, c.next, c.safety_object)
                     for c in session.execute(_PLAN_CHILDREN, of_plan))
    return _view_of(session, plan, _rule_views(session, plan_id), children)


def _draft(session: Session, plan_id: int, expected_version: int | None = None) -> SafetyPlan:
    plan = session.get(SafetyPlan, plan_id, populate_existing=True)
    if plan is None:
        raise NotFound()
    if expected_version is not None and plan.version != expected_version:
        raise Conflict(current=None)
    if plan.status is not PlanStatus.DRAFT:
        raise PlanFrozen(number=plan.number)
    return plan


def open_draft(*, session: Session, actor: Actor, case_id: int) -> PlanView:
    """The case's draft: the open one, or a new version copied from the latest.

    A new version copies every rule (keeping its lineage), the review date and the child's
    version; the agreement and approval belong to the old version and stay there.
    """
    _case(session, case_id)
    check_case(session, actor, case_id, Need.EDIT, "plans/open_draft")
    latest = session.scalar(select(SafetyPlan).where(SafetyPlan.case_id == case_id)
                            .order_by(SafetyPlan.number.desc()).limit(1))
    if latest is not None and latest.status is PlanStatus.DRAFT:
        return _plan_view(session, latest)
    plan = SafetyPlan(case_id=case_id, number=(latest.number + 1) if latest else 1,
                      status=PlanStatus.DRAFT)
    if latest is not None:
        plan.based_on_id = latest.id
        plan.review_on = latest.review_on
        for name in ("child_worries", "child_next", "safety_object"):
            setattr(plan, name, getattr(latest, name))
        plan.rules = [_copy(rule) for rule in latest.rules]
        plan.children = [PlanChild(person_id=c.person_id, worries=c.worries, next=c.next,
                                   safety_object=c.safety_object) for c in latest.children]
    session.add(plan)
    try:
        session.flush()
    except IntegrityError as exc:  # someone else opened the same new version just now
        raise Conflict(current=None) from exc
    return _plan_view(session, plan)


def _copy(rule: PlanRule) -> PlanRule:
    copy = PlanRule(lineage=rule.lineage, kind=rule.kind, position=rule.position,
                    what=rule.what, who=rule.who, when=rule.when, how_we_know=rule.how_we_know,
                    if_not_kept=rule.if_not_kept, translation=rule.translation)
    copy.dangers = [PlanRuleDanger(danger_lineage=d.danger_lineage) for d in rule.dangers]
    copy.members = list(rule.members)
    return copy


def _too_long(data: object, names: tuple[str, ...]) -> list[FieldError]:
    return [FieldError(name, "error.too_long", {"max": MAX_TEXT}) for name in names
            if len(getattr(data, name)) > MAX_TEXT]


def network_people(*, session: Session, actor: Actor, case_id: int) -> dict[int, str]:
    """The people who hold a role in the case's safety network, by id."""
    check_case(session, actor, case_id, Need.READ, "plans/network_people")
    return _network_people(session, case_id)


def _network_people(session: Session, case_id: int) -> dict[int, str]:
    return {p.id: full_name(p.first_name, p.last_name)
            for p in session.execute(_NETWORK_PEOPLE, {"case_id": case_id})}


def _validated(session: Session, plan: SafetyPlan, data: RuleInput) -> None:
    errors = _too_long(data, RULE_TEXTS)
    if not data.what.strip():
        errors.append(FieldError("what", "error.required"))
    known = {d.lineage for d in latest_dangers(session, plan.case_id)}
    known |= {d.danger_lineage for rule in plan.rules for d in rule.dangers}
    if any(lineage not in known for lineage in data.danger_lineages):
        errors.append(FieldError("danger_lineages", "error.unknown_danger"))
    people = _network_people(session, plan.case_id)
    if any(person_id not in people for person_id in data.member_ids):
        errors.append(FieldError("member_ids", "error.not_in_network"))
    if errors:
        raise ValidationFailed(errors)


def _apply(session: Session, rule: PlanRule, data: RuleInput) -> None:
    rule.kind = data.kind
    for name in RULE_TEXTS:
        setattr(rule, name, getattr(data, name))
    wanted = list(dict.fromkeys(data.danger_lineages))
    kept = [d for d in rule.dangers if d.danger_lineage in wanted]
    have = {d.danger_lineage for d in kept}
    rule.dangers = kept + [PlanRuleDanger(danger_lineage=lineage) for lineage in wanted
                           if lineage not in have]
    rule.members = [session.get_one(Person, person_id)
                    for person_id in dict.fromkeys(data.member_ids)]


def add_rule(*, session: Session, actor: Actor, plan_id: int, data: RuleInput) -> RuleView:
    """Add a rule at the end of its kind (immediate or structural)."""
    check_case(session, actor, case_of_plan(session, plan_id), Need.EDIT, "plans/add_rule")
    plan = _draft(session, plan_id)
    _validated(session, plan, data)
    last = max((r.position for r in plan.rules if r.kind is data.kind), default=0)
    rule = PlanRule(lineage=uuid.uuid4().hex, kind=data.kind, position=last + 1, what="")
    _apply(session, rule, data)
    plan.rules.append(rule)
    session.flush()
    return _rule_view(rule)


def _rule(session: Session, actor: Actor, rule_id: int, expected_version: int, subject: str
          ) -> PlanRule:
    check_case(session, actor, case_of_rule(session, rule_id), Need.EDIT, subject)
    rule = session.get(PlanRule, rule_id, populate_existing=True)
    if rule is None:
        raise NotFound()
    if rule.version != expected_version:
        raise Conflict(current=_rule_view(rule))
    if rule.plan.status is not PlanStatus.DRAFT:
        raise PlanFrozen(number=rule.plan.number)
    return rule


def _flush(session: Session) -> None:
    try:
        session.flush()
    except StaleDataError as exc:  # someone saved between our check and our write
        raise Conflict(current=None) from exc


def update_rule(*, session: Session, actor: Actor, rule_id: int, expected_version: int,
                data: RuleInput) -> RuleView:
    rule = _rule(session, actor, rule_id, expected_version, "plans/update_rule")
    _validated(session, rule.plan, data)
    if data.kind is not rule.kind:
        rule.position = max((r.position for r in rule.plan.rules if r.kind is data.kind),
                            default=0) + 1
    _apply(session, rule, data)
    # A change of danger statements or members alone updates no column of the rule, so the
    # version would not move: touch the row so every save counts.
    rule.updated_at = utcnow()
    _flush(session)
    return _rule_view(rule)


def move_rule(*, session: Session, actor: Actor, rule_id: int, expected_version: int,
              steps: int) -> None:
    """Move a rule up (negative) or down (positive) among the rules of its kind."""
    rule = _rule(session, actor, rule_id, expected_version, "plans/move_rule")
    siblings = sorted((r for r in rule.plan.rules if r.kind is rule.kind),
                      key=lambda r: (r.position, r.id))
    move_within(siblings, rule, steps)
    _flush(session)


def remove_rule(*, session: Session, actor: Actor, rule_id: int, expected_version: int) -> None:
    rule = _rule(session, actor, rule_id, expected_version, "plans/remove_rule")
    rule.plan.rules.remove(rule)
    _flush(session)


def update_details(*, session: Session, actor: Actor, plan_id: int, expected_version: int,
                   data: PlanDetails) -> PlanView:
    """The review date and the child's version of a draft."""
    check_case(session, actor, case_of_plan(session, plan_id), Need.EDIT, "plans/update_details")
    plan = _draft(session, plan_id, expected_version)
    errors = _too_long(data, ("child_worries", "child_next", "safety_object"))
    if errors:
        raise ValidationFailed(errors)
    plan.review_on = data.review_on
    plan.child_worries = data.child_worries
    plan.child_next = data.child_next
    plan.safety_object = data.safety_object
    _flush(session)
    return _plan_view(session, plan)


def mark_agreed(*, session: Session, actor: Actor, plan_id: int, expected_version: int,
                agreed_by: str, agreed_on: date) -> PlanView:
    """The family agreed this version: it is frozen from now on.

    It needs at least one rule, who agreed, and a review date after the day of agreement.
    """
    check_case(session, actor, case_of_plan(session, plan_id), Need.EDIT, "plans/mark_agreed")
    plan = _draft(session, plan_id, expected_version)
    errors: list[FieldError] = []
    if not plan.rules:
        errors.append(FieldError("rules", "error.plan_without_rules"))
    if not agreed_by.strip():
        errors.append(FieldError("agreed_by", "error.required"))
    elif len(agreed_by) > MAX_TEXT:
        errors.append(FieldError("agreed_by", "error.too_long", {"max": MAX_TEXT}))
    if plan.review_on is None:
        errors.append(FieldError("review_on", "error.review_date_needed"))
    elif plan.review_on <= agreed_on:
        errors.append(FieldError("review_on", "error.review_after_agreement"))
    if errors:
        raise ValidationFailed(errors)
    plan.status = PlanStatus.AGREED
    plan.agreed_by = agreed_by
    plan.agreed_on = agreed_on
    _flush(session)
    return _plan_view(session, plan)


def update_child_page(*, session: Session, actor: Actor, plan_id: int, expected_version: int,
                      data: ChildPage) -> PlanView:
    """One child's own words and safety object in a draft (all empty: the plan's words)."""
    check_case(session, actor, case_of_plan(session, plan_id), Need.EDIT,
               "plans/update_child_page")
    plan = _draft(session, plan_id, expected_version)
    # The form's fields are those of the plan's words for all children.
    errors = [FieldError(field, "error.too_long", {"max": MAX_TEXT})
              for field, text in (("child_worries", data.worries), ("child_next", data.next),
                                  ("safety_object", data.safety_object)) if len(text) > MAX_TEXT]
    child = session.get(Person, data.person_id)
    case = _case(session, plan.case_id)
    if child is None or child.family_id != case.family_id:
        errors.append(FieldError("person_id", "error.person_removed"))
    if errors:
        raise ValidationFailed(errors)
    page = next((c for c in plan.children if c.person_id == data.person_id), None)
    if page is None:
        page = PlanChild(person_id=data.person_id)
        plan.children.append(page)
    page.worries, page.next, page.safety_object = data.worries, data.next, data.safety_object
    # The child's page is part of the version: touch it so a concurrent save is refused.
    plan.updated_at = utcnow()
    _flush(session)
    return _plan_view(session, plan)
