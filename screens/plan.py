"""The plan page: the case's plan versions, the chosen one with its rules, the people who
can be named in them, the review comments on it, and what the reader may do there."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from auth import Actor
from auth.access import Need, Rights, check_case, inner_calls, rights
from genograms.people import PersonDetail, list_family_members
from mapping.cases import family_of_case
from mapping.consultation import count_comments
from plans.contacts import Organisation
from plans.journal import Journal, safety_journal
from plans.readiness import Missing, missing_for_plan
from plans.versions import PlanSummary, PlanView, get_plan, list_plans, network_people


@dataclass(frozen=True)
class PlanScreen:
    family_name: str
    versions: list[PlanSummary]  # newest first
    plan: PlanView | None  # the chosen version, else the newest; None before the first
    network: dict[int, str]  # the people of the safety network, by id
    family: list[PersonDetail]
    rights: Rights
    # The review comments on the shown version: only counted (a closed thread shows the
    # number; the page reads the thread while it is open, `list_comments`).
    comment_count: int
    # What the family's documents of the shown version would print without (for those who
    # may edit it; None for others).
    missing: list[Missing] | None
    journal: Journal | None  # the safety journal as of ``on`` (None without ``on``)


def plan_screen(*, session: Session, actor: Actor, case_id: int, chosen: int | None = None,
                on: date | None = None, organisation: Organisation | None = None
                ) -> PlanScreen:
    """Everything the plan page shows, with version ``chosen`` when it is one of the
    case's; with ``on`` (today), its safety journal, and with ``organisation`` too, what
    its documents would print without."""
    check_case(session, actor, case_id, Need.READ, "plans/plan_screen")
    with inner_calls(session):  # one page, one audit line: the one above
        family_id, family_name = family_of_case(session=session, actor=actor, case_id=case_id)
        versions = list_plans(session=session, actor=actor, case_id=case_id)
        plan_id = chosen if chosen in {v.id for v in versions} else (
            versions[0].id if versions else None)
        plan = get_plan(session=session, actor=actor, plan_id=plan_id) if plan_id else None
        family = list_family_members(session=session, actor=actor, family_id=family_id)
        allowed = rights(session, actor, case_id)
        return PlanScreen(
            family_name=family_name,
            versions=versions,
            plan=plan,
            network=network_people(session=session, actor=actor, case_id=case_id),
            family=family,
            rights=allowed,
            comment_count=count_comments(session=session, actor=actor, case_id=case_id,
                                         plan_id=plan_id) if plan_id else 0,
            missing=missing_for_plan(session=session, actor=actor, plan=plan, members=family,
                                     on=on, organisation=organisation)
            if plan is not None and allowed.edit and on is not None
            and organisation is not None else None,
            journal=safety_journal(session=session, actor=actor, case_id=case_id, on=on)
            if on is not None else None,
        )
