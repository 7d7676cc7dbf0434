"""What changed between two versions of a safety plan, rule by rule (by lineage)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from auth import Actor
from plans.versions import PlanView, RuleView, get_plan
from sofs_core.errors import NotFound

# What "changed" compares in a rule: its words, kind, danger statements and people.
RULE_FIELDS = ("kind", "what", "who", "when", "how_we_know", "if_not_kept", "danger_lineages",
               "members")
PLAN_FIELDS = ("review_on", "child_worries", "child_next", "safety_object")


@dataclass(frozen=True)
class RuleChange:
    before: RuleView | None  # None when added
    after: RuleView | None  # None when removed
    fields: tuple[str, ...]  # which compared fields differ, for a changed rule


@dataclass(frozen=True)
class PlanChanges:
    older: PlanView
    newer: PlanView
    added: tuple[RuleChange, ...]
    changed: tuple[RuleChange, ...]
    removed: tuple[RuleChange, ...]
    details: tuple[str, ...]  # plan fields that differ

    @property
    def is_empty(self) -> bool:
        return not (self.added or self.changed or self.removed or self.details)


def compare_plans(*, session: Session, actor: Actor, older_id: int, newer_id: int
                  ) -> PlanChanges:
    """Rules added, changed and removed from ``older_id`` to ``newer_id`` (same case)."""
    older = get_plan(session=session, actor=actor, plan_id=older_id)
    newer = get_plan(session=session, actor=actor, plan_id=newer_id)
    if older.case_id != newer.case_id:
        raise NotFound()
    before = {rule.lineage: rule for rule in older.rules}
    after = {rule.lineage: rule for rule in newer.rules}
    changed = []
    for lineage, now in after.items():
        then = before.get(lineage)
        if then is not None:
            fields = tuple(f for f in RULE_FIELDS if getattr(then, f) != getattr(now, f))
            if fields:
                changed.append(RuleChange(then, now, fields))
    return PlanChanges(
        older=older,
        newer=newer,
        added=tuple(RuleChange(None, r, ()) for k, r in after.items() if k not in before),
        changed=tuple(changed),
        removed=tuple(RuleChange(r, None, ()) for k, r in before.items() if k not in after),
        details=tuple(f for f in PLAN_FIELDS if getattr(older, f) != getattr(newer, f)),
    )
