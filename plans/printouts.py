"""Everything a printed document needs, read in one go (printing never changes the data).

The documents themselves (``plans.documents``) are plain functions of these values, so they
can be tested with any text at all without a database.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from auth import Actor
from auth.access import Need, case_of_plan, check_case
from genograms.drawing import Drawing, Words
from genograms.ecogram import ecogram_drawing
from genograms.layout import layout
from genograms.network import NetworkMember, list_network
from genograms.people import PersonDetail, list_family_members
from genograms.picture import Options, genogram_drawing
from genograms.relations import family_graph
from mapping.cases import CaseDetail, get_case
from mapping.map import MapView, get_map
from mapping.meetings import list_meetings
from mapping.scaling import HistoryPoint, danger_texts, rating_history
from plans.compare import PlanChanges, compare_plans
from plans.versions import PlanSummary, PlanView, get_plan, list_plans
from sofs_core.errors import NotFound
from storage.enums import AuditAction

CHILD_AGE = 18


@dataclass(frozen=True)
class Child:
    person_id: int
    name: str


@dataclass(frozen=True)
class PlanPrint:
    """What the family plan, the network cards and the child's version print."""

    family_name: str
    printed_on: date
    plan: PlanView
    network: tuple[NetworkMember, ...]
    children: tuple[Child, ...]
    genogram: Drawing | None


@dataclass(frozen=True)
class ReportPrint:
    """What the consultant's case report prints besides the plan."""

    case: CaseDetail
    meetings: int
    latest_meeting_on: date | None
    map: MapView | None
    history: tuple[HistoryPoint, ...]
    dangers: dict[str, str]  # latest wording by lineage, for the scaling chart
    versions: tuple[PlanSummary, ...]
    changes: PlanChanges | None  # from the version before this one
    ecogram: Drawing | None


def children_of(members: Iterable[PersonDetail], on: date) -> tuple[Child, ...]:
    """The family's children on ``on``: those with a known age under 18."""
    return tuple(Child(p.id, p.full_name) for p in members
                 if (age := p.age(on)) is not None and age < CHILD_AGE)


def gather_plan(*, session: Session, actor: Actor, plan_id: int, words: Words, on: date,
                document: str, options: Options | None = None, with_genogram: bool = True
                ) -> PlanPrint:
    """The plan and its people, to print as ``document`` (recorded in the audit trail);
    the genogram is drawn only when ``with_genogram``."""
    check_case(session, actor, case_of_plan(session, plan_id), Need.READ,
               f"print/{document}", action=AuditAction.PRINT)
    plan = get_plan(session=session, actor=actor, plan_id=plan_id)
    case = get_case(session=session, actor=actor, case_id=plan.case_id)
    members = list_family_members(session=session, actor=actor, family_id=case.family_id)
    children = children_of(members, on)
    graph = family_graph(session=session, actor=actor, family_id=case.family_id)
    genogram = None
    if with_genogram and graph.graph.number_of_nodes():
        genogram = genogram_drawing(graph, layout(graph), words,
                                    title=words("genogram_page.title", family=case.family_name),
                                    options=options)
    return PlanPrint(case.family_name, on, plan,
                     tuple(list_network(session=session, actor=actor, case_id=case.id)),
                     children, genogram)


def gather_report(*, session: Session, actor: Actor, plan: PlanPrint, words: Words,
                  options: Options | None = None) -> ReportPrint:
    case_id = plan.plan.case_id
    case = get_case(session=session, actor=actor, case_id=case_id)
    meetings = list_meetings(session=session, actor=actor, case_id=case_id)
    latest = meetings[-1] if meetings else None
    versions = tuple(list_plans(session=session, actor=actor, case_id=case_id))
    older = [v for v in versions if v.number < plan.plan.number]
    changes = None
    if older:
        changes = compare_plans(session=session, actor=actor, older_id=older[0].id,
                                newer_id=plan.plan.id)
    ecogram = None
    if plan.network:
        ecogram = ecogram_drawing(list(plan.network), case.family_name, words,
                                  title=words("network_page.title", family=case.family_name),
                                  options=options)
    return ReportPrint(
        case=case, meetings=len(meetings), latest_meeting_on=latest.held_on if latest else None,
        map=get_map(session=session, actor=actor, meeting_id=latest.id) if latest else None,
        history=tuple(rating_history(session=session, actor=actor, case_id=case_id)),
        dangers=danger_texts(session=session, actor=actor, case_id=case_id), versions=versions,
        changes=changes, ecogram=ecogram)


def child_of(data: PlanPrint, child_id: int) -> Child:
    for child in data.children:
        if child.person_id == child_id:
            return child
    raise NotFound()
