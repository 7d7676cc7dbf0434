"""Safety plan versions: rules, freezing, new versions and comparison, on SQLite and
PostgreSQL."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from auth import Actor
from plans.compare import compare_plans
from plans.versions import (
    MAX_TEXT,
    PlanDetails,
    PlanFrozen,
    RuleInput,
    add_rule,
    get_plan,
    list_plans,
    mark_agreed,
    move_rule,
    open_draft,
    remove_rule,
    update_details,
    update_rule,
)
from sofs_core.codes import PlanStatus, RuleKind
from sofs_core.errors import Conflict, ValidationFailed
from storage.db import transaction
from storage.models import PlanRule, SafetyPlan
from tests.plans.cases import planned_case

IMMEDIATE, STRUCTURAL = RuleKind.IMMEDIATE, RuleKind.STRUCTURAL


def _rule(what: str, **changes: object) -> RuleInput:
    values: dict[str, object] = {"kind": IMMEDIATE, "what": what}
    values.update(changes)
    return RuleInput(**values)  # type: ignore[arg-type]


def _fields(refused: pytest.ExceptionInfo[ValidationFailed]) -> dict[str, str]:
    return {e.field: e.message_key for e in refused.value.errors}


def test_a_draft_gets_rules_in_order_with_dangers_and_people(
    factory: sessionmaker[Session], counsellor: Actor
) -> None:
    case = planned_case(factory, counsellor)
    with transaction(factory) as s:
        plan = open_draft(session=s, actor=counsellor, case_id=case.case_id)
        assert (plan.number, plan.status, plan.rules) == (1, PlanStatus.DRAFT, ())
        assert [d.text for d in plan.uncovered] == [d.text for d in plan.dangers]
        add_rule(session=s, actor=counsellor, plan_id=plan.id, data=_rule(
            "Karim drinkt niet als hij voor de kinderen zorgt.", kind=STRUCTURAL,
            danger_lineages=(case.dangers[0],), member_ids=(case.aunt,)))
        add_rule(session=s, actor=counsellor, plan_id=plan.id, data=_rule(
            "Tante Hatice belt elke avond om 19 uur.", who="Hatice", when="elke avond",
            how_we_know="Zeynep zegt het op school", if_not_kept="Elif belt de begeleider",
            danger_lineages=case.dangers, member_ids=(case.aunt, case.neighbour)))
    with transaction(factory) as s:
        plan = get_plan(session=s, actor=counsellor, plan_id=plan.id)
    assert [r.kind for r in plan.rules] == [IMMEDIATE, STRUCTURAL]
    first = plan.rules[0]
    assert (first.who, first.when, first.if_not_kept) == (
        "Hatice", "elke avond", "Elif belt de begeleider")
    assert [m.name for m in first.members] == ["Hatice Yılmaz", "Marleen De Vos"]
    assert plan.uncovered == ()


def test_a_rule_needs_its_what_known_dangers_and_network_people(
    factory: sessionmaker[Session], counsellor: Actor
) -> None:
    case = planned_case(factory, counsellor)
    with transaction(factory) as s:
        plan_id = open_draft(session=s, actor=counsellor, case_id=case.case_id).id
    with pytest.raises(ValidationFailed) as refused, transaction(factory) as s:
        add_rule(session=s, actor=counsellor, plan_id=plan_id, data=_rule(
            "  ", who="x" * (MAX_TEXT + 1), danger_lineages=("f" * 32,),
            member_ids=(case.child,)))
    assert _fields(refused) == {"what": "error.required", "who": "error.too_long",
                                "danger_lineages": "error.unknown_danger",
                                "member_ids": "error.not_in_network"}
    with transaction(factory) as s:
        assert s.scalar(select(func.count(PlanRule.id))) == 0


def test_a_plan_without_rules_or_review_date_cannot_be_agreed(
    factory: sessionmaker[Session], counsellor: Actor
) -> None:
    case = planned_case(factory, counsellor)
    with transaction(factory) as s:
        plan = open_draft(session=s, actor=counsellor, case_id=case.case_id)
    with pytest.raises(ValidationFailed) as refused, transaction(factory) as s:
        mark_agreed(session=s, actor=counsellor, plan_id=plan.id, expected_version=plan.version,
                    agreed_by="", agreed_on=date(2026, 11, 23))
    assert _fields(refused) == {"rules": "error.plan_without_rules",
                                "agreed_by": "error.required",
                                "review_on": "error.review_date_needed"}
    with transaction(factory) as s:
        add_rule(session=s, actor=counsellor, plan_id=plan.id, data=_rule("Regel"))
        plan = update_details(session=s, actor=counsellor, plan_id=plan.id,
                              expected_version=plan.version,
                              data=PlanDetails(review_on=date(2026, 11, 20)))
    with pytest.raises(ValidationFailed) as refused, transaction(factory) as s:
        mark_agreed(session=s, actor=counsellor, plan_id=plan.id, expected_version=plan.version,
                    agreed_by="Elif en Karim", agreed_on=date(2026, 11, 23))
    assert _fields(refused) == {"review_on": "error.review_after_agreement"}
    with transaction(factory) as s:
        assert s.get_one(SafetyPlan, plan.id).status is PlanStatus.DRAFT


def _agreed_plan(factory: sessionmaker[Session], actor: Actor, case_id: int) -> int:
    with transaction(factory) as s:
        plan = open_draft(session=s, actor=actor, case_id=case_id)
        for what in ("Eerste regel", "Tweede regel", "Derde regel"):
            add_rule(session=s, actor=actor, plan_id=plan.id, data=_rule(what))
        plan = update_details(session=s, actor=actor, plan_id=plan.id,
                              expected_version=plan.version,
                              data=PlanDetails(date(2027, 1, 15), "Mama was boos.", "", "Beer"))
        mark_agreed(session=s, actor=actor, plan_id=plan.id, expected_version=plan.version,
                    agreed_by="Elif, Karim en tante Hatice", agreed_on=date(2026, 11, 23))
        return plan.id


def test_an_agreed_version_is_frozen_and_a_change_makes_a_new_version(
    factory: sessionmaker[Session], counsellor: Actor
) -> None:
    case = planned_case(factory, counsellor)
    first_id = _agreed_plan(factory, counsellor, case.case_id)
    with transaction(factory) as s:
        first = get_plan(session=s, actor=counsellor, plan_id=first_id)
    assert first.frozen and first.agreed_by == "Elif, Karim en tante Hatice"
    rule = first.rules[0]
    for attempt in (
        lambda s: add_rule(session=s, actor=counsellor, plan_id=first_id, data=_rule("Nieuw")),
        lambda s: update_rule(session=s, actor=counsellor, rule_id=rule.id,
                              expected_version=rule.version, data=_rule("Anders")),
        lambda s: remove_rule(session=s, actor=counsellor, rule_id=rule.id,
                              expected_version=rule.version),
        lambda s: move_rule(session=s, actor=counsellor, rule_id=rule.id,
                            expected_version=rule.version, steps=1),
        lambda s: update_details(session=s, actor=counsellor, plan_id=first_id,
                                 expected_version=first.version, data=PlanDetails()),
    ):
        with pytest.raises(PlanFrozen), transaction(factory) as s:
            attempt(s)
    with transaction(factory) as s:
        second = open_draft(session=s, actor=counsellor, case_id=case.case_id)
        assert open_draft(session=s, actor=counsellor, case_id=case.case_id).id == second.id
        assert (second.number, second.based_on_id, second.status) == (2, first_id,
                                                                      PlanStatus.DRAFT)
        assert [r.what for r in second.rules] == [r.what for r in first.rules]
        assert (second.agreed_by, second.review_on) == ("", date(2027, 1, 15))
        copy = second.rules[1]
        update_rule(session=s, actor=counsellor, rule_id=copy.id, expected_version=copy.version,
                    data=_rule("Tweede regel, strenger", when="elke dag"))
        remove_rule(session=s, actor=counsellor, rule_id=second.rules[2].id,
                    expected_version=second.rules[2].version)
        add_rule(session=s, actor=counsellor, plan_id=second.id, data=_rule("Vierde regel"))
        changes = compare_plans(session=s, actor=counsellor, older_id=first_id,
                                newer_id=second.id)
    with transaction(factory) as s:
        assert [r.what for r in get_plan(session=s, actor=counsellor, plan_id=first_id).rules] \
            == ["Eerste regel", "Tweede regel", "Derde regel"]
        assert [p.number for p in list_plans(session=s, actor=counsellor,
                                             case_id=case.case_id)] == [2, 1]
    assert [c.after.what for c in changes.added if c.after] == ["Vierde regel"]
    assert [c.before.what for c in changes.removed if c.before] == ["Derde regel"]
    assert [(c.after.what, c.fields) for c in changes.changed if c.after] == [
        ("Tweede regel, strenger", ("what", "when"))]
    assert changes.details == ()


def test_a_stale_edit_is_refused_and_changes_nothing(
    factory: sessionmaker[Session], counsellor: Actor
) -> None:
    case = planned_case(factory, counsellor)
    with transaction(factory) as s:
        plan = open_draft(session=s, actor=counsellor, case_id=case.case_id)
        rule = add_rule(session=s, actor=counsellor, plan_id=plan.id, data=_rule("Regel"))
    with transaction(factory) as s:
        # Only the people change: the version must still move on.
        update_rule(session=s, actor=counsellor, rule_id=rule.id, expected_version=rule.version,
                    data=_rule("Regel", member_ids=(case.aunt,)))
    with pytest.raises(Conflict), transaction(factory) as s:
        update_rule(session=s, actor=counsellor, rule_id=rule.id, expected_version=rule.version,
                    data=_rule("Regel, oud formulier"))
    with transaction(factory) as s:
        now = get_plan(session=s, actor=counsellor, plan_id=plan.id).rules[0]
    assert (now.what, [m.name for m in now.members]) == ("Regel", ["Hatice Yılmaz"])


def test_rules_move_within_their_kind(factory: sessionmaker[Session], counsellor: Actor) -> None:
    case = planned_case(factory, counsellor)
    with transaction(factory) as s:
        plan = open_draft(session=s, actor=counsellor, case_id=case.case_id)
        for what in ("A", "B", "C"):
            add_rule(session=s, actor=counsellor, plan_id=plan.id, data=_rule(what))
        add_rule(session=s, actor=counsellor, plan_id=plan.id, data=_rule("Later", kind=STRUCTURAL))
        last = get_plan(session=s, actor=counsellor, plan_id=plan.id).of(IMMEDIATE)[-1]
        move_rule(session=s, actor=counsellor, rule_id=last.id, expected_version=last.version,
                  steps=-5)  # further than the top: it stops there
    with transaction(factory) as s:
        view = get_plan(session=s, actor=counsellor, plan_id=plan.id)
    assert [r.what for r in view.rules] == ["C", "A", "B", "Later"]
