"""What is missing before the family's documents are printed.

The documents print whatever is missing (a danger statement without the family's words
prints its safety goal; a child without a trusted person gets a kind sentence instead), so
this list is guidance for the counsellor on the plan page, never a block.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from auth import Actor
from auth.access import Need, case_of_plan, check_case, inner_calls
from genograms.network import list_network
from genograms.people import PersonDetail, list_family_members
from mapping.cases import get_case
from plans.contacts import Organisation, WhoToCall, who_to_call
from plans.printouts import Child, children_of
from plans.versions import PlanView, get_plan
from sofs_core.codes import NetworkRoleKind


@dataclass(frozen=True)
class Missing:
    """One thing to add: a catalogue key saying what, and about whom or what (user text,
    shown as text)."""

    message_key: str
    about: str = ""


def missing_parts(plan: PlanView, children: tuple[Child, ...], trusted: set[int],
                  phones: dict[str, str], call: WhoToCall, organisation: Organisation
                  ) -> list[Missing]:
    """The list itself, from what was read (``trusted``: children with a trusted person or
    JIM; ``phones``: network members by name, with their phone or "")."""
    missing = [Missing("missing.family_words", f"{d.number}. {d.text}")
               for d in plan.dangers if not d.family_words.strip()]
    for child in children:
        if child.person_id not in trusted:
            missing.append(Missing("missing.trusted_person", child.name))
        if not plan.child_page(child.person_id).safety_object.strip():
            missing.append(Missing("missing.safety_object", child.name))
        if child.young_person and all(c.person_id != child.person_id for c in plan.children):
            # The words for all children are usually written for the youngest.
            missing.append(Missing("missing.own_page", child.name))
    missing += [Missing("missing.member_phone", name)
                for name, phone in phones.items() if not phone.strip()]
    missing += [Missing("missing.counsellor_phone", name) for name in call.without_phone]
    if organisation.unreadable:
        missing.append(Missing("missing.organisation_unreadable"))
    elif not organisation.phone:
        missing.append(Missing("missing.service_phone"))
    if not organisation.crisis_phone and not organisation.unreadable:
        missing.append(Missing("missing.crisis_phone"))
    return missing


def missing_before_printing(*, session: Session, actor: Actor, plan_id: int, on: date,
                            organisation: Organisation) -> list[Missing]:
    """What the family's documents of ``plan_id`` would print without (as of ``on``)."""
    check_case(session, actor, case_of_plan(session, plan_id), Need.READ,
               "plans/missing_before_printing")
    with inner_calls(session):  # one look, one audit line: the one above
        return _missing_before_printing(session, actor, plan_id, on, organisation)


def _missing_before_printing(session: Session, actor: Actor, plan_id: int, on: date,
                             organisation: Organisation) -> list[Missing]:
    plan = get_plan(session=session, actor=actor, plan_id=plan_id)
    case = get_case(session=session, actor=actor, case_id=plan.case_id)
    members = list_family_members(session=session, actor=actor, family_id=case.family_id)
    return missing_for_plan(session=session, actor=actor, plan=plan, members=members, on=on,
                            organisation=organisation)


def missing_for_plan(*, session: Session, actor: Actor, plan: PlanView,
                     members: Sequence[PersonDetail], on: date, organisation: Organisation
                     ) -> list[Missing]:
    """The list for a plan and family the caller has read already (a page that shows them
    reads them once)."""
    check_case(session, actor, plan.case_id, Need.READ, "plans/missing_before_printing")
    with inner_calls(session):  # one look, one audit line: the one above
        network = list_network(session=session, actor=actor, case_id=plan.case_id)
        trusted = {m.for_person_id for m in network if m.for_person_id is not None and m.kind in (
            NetworkRoleKind.TRUSTED_PERSON, NetworkRoleKind.JIM)}
        phones: dict[str, str] = {}
        for member in network:
            phones[member.name] = phones.get(member.name, "") or member.phone
        call = who_to_call(session=session, actor=actor, case_id=plan.case_id,
                           organisation=organisation)
        return missing_parts(plan, children_of(members, on), trusted, phones, call,
                             organisation)
