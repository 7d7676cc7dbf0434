"""Everything a printed document needs, read in one go (printing never changes the data).

The documents themselves (``plans.documents``) are plain functions of these values, so they
can be tested with any text at all without a database.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from auth import Actor
from auth.access import Need, case_of_plan, check_case, inner_calls
from genograms.drawing import Drawing
from genograms.ecogram import ecogram_drawing
from genograms.graph import Relation, without
from genograms.layout import layout
from genograms.network import NetworkMember, list_network
from genograms.people import PersonDetail, list_family_members
from genograms.picture import Options, genogram_drawing
from genograms.relations import FamilyGraph, family_graph
from i18n import Words
from mapping.cases import CaseDetail, get_case
from mapping.consultation import CommentView, list_comments
from mapping.map import MapView, get_map
from mapping.meetings import MeetingSummary, list_meetings
from mapping.safety_house import SharedHouse, shared_safety_houses
from mapping.scaling import (
    HistoryPoint,
    RatingView,
    danger_texts,
    rating_history,
    ratings_of_meeting,
)
from plans.compare import PlanChanges, compare_plans
from plans.contacts import Organisation, WhoToCall, who_to_call
from plans.journal import Journal, safety_journal
from plans.versions import PlanSummary, PlanView, get_plan, list_plans
from sofs_core.codes import AuditAction
from sofs_core.errors import NotFound
from storage.models import Person

CHILD_AGE = 18
# From this age a child is a young person: a plainer tone, and their JIM on their page.
YOUNG_PERSON_AGE = 12


@dataclass(frozen=True)
class Child:
    person_id: int
    name: str
    age: int | None = None
    first_name: str = ""

    @property
    def young_person(self) -> bool:
        return self.age is not None and self.age >= YOUNG_PERSON_AGE

    @property
    def called(self) -> str:
        """How the child's page speaks to the child: by first name."""
        return self.first_name or self.name


@dataclass(frozen=True)
class PlanPrint:
    """What the family plan, the network cards and the child's version print."""

    family_name: str
    printed_on: date
    plan: PlanView
    network: tuple[NetworkMember, ...]
    children: tuple[Child, ...]
    genogram: Drawing | None
    call: WhoToCall = field(default_factory=WhoToCall)
    # What the children call people ("oma Rita"), by person id, where the family said.
    called: dict[int, str] = field(default_factory=dict)
    # What each child shares of its Safety House (for its own page), by person id.
    safety_houses: dict[int, SharedHouse] = field(default_factory=dict)

    def child_word(self, person_id: int, name: str) -> str:
        """A person as the children call them, else by name."""
        return self.called.get(person_id) or name


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
    # The map of the meeting before the latest, for "what changed since then".
    previous_map: MapView | None = None
    previous_meeting_on: date | None = None
    # The latest meeting's answers, with their reasons and "one point higher".
    latest_ratings: tuple[RatingView, ...] = ()
    meeting_list: tuple[MeetingSummary, ...] = ()  # oldest first, with who came
    comments: tuple[CommentView, ...] = ()  # the exchange with the consultant, oldest first
    journal: Journal | None = None  # the safety journal, counted on the day of printing


def children_of(members: Iterable[PersonDetail], on: date) -> tuple[Child, ...]:
    """The family's children on ``on``: those with a known age under 18."""
    return tuple(Child(p.id, p.full_name, age, p.first_name) for p in members
                 if (age := p.age(on)) is not None and age < CHILD_AGE and not p.deceased)


def without_emotional_lines(family: FamilyGraph) -> FamilyGraph:
    """The family without how people get on (conflict, abuse, cut-off): a document the
    family hangs up shows who belongs to whom, never that."""
    return FamilyGraph(without(family.graph, Relation.EMOTIONAL))


def gather_plan(*, session: Session, actor: Actor, plan_id: int, words: Words, on: date,
                document: str, options: Options | None = None, with_genogram: bool = True,
                organisation: Organisation | None = None, for_family: bool = False
                ) -> PlanPrint:
    """The plan and its people, to print as ``document`` (recorded in the audit trail);
    the genogram is drawn only when ``with_genogram``, and ``for_family`` without
    emotional lines."""
    check_case(session, actor, case_of_plan(session, plan_id), Need.READ,
               f"print/{document}", action=AuditAction.PRINT)
    with inner_calls(session):  # one print, one audit line: the one above
        return _gather_plan(session, actor, plan_id, words, on, options, with_genogram,
                            organisation, for_family)


def _gather_plan(session: Session, actor: Actor, plan_id: int, words: Words, on: date,
                 options: Options | None, with_genogram: bool,
                 organisation: Organisation | None, for_family: bool) -> PlanPrint:
    plan = get_plan(session=session, actor=actor, plan_id=plan_id)
    case = get_case(session=session, actor=actor, case_id=plan.case_id)
    members = list_family_members(session=session, actor=actor, family_id=case.family_id)
    children = children_of(members, on)
    graph = family_graph(session=session, actor=actor, family_id=case.family_id)
    if for_family:
        graph = without_emotional_lines(graph)
    genogram = None
    if with_genogram and graph.graph.number_of_nodes():
        genogram = genogram_drawing(graph, layout(graph), words,
                                    title=words("genogram_page.title", family=case.family_name),
                                    options=options)
    network = tuple(list_network(session=session, actor=actor, case_id=case.id))
    called = {p.id: p.called_by_children for p in members if p.called_by_children}
    called |= _called_outsiders(session, {m.person_id for m in network} - set(called))
    return PlanPrint(case.family_name, on, plan, network, children, genogram,
                     who_to_call(session=session, actor=actor, case_id=case.id,
                                 organisation=organisation or Organisation()), called,
                     shared_safety_houses(session=session, actor=actor, case_id=case.id))


def _called_outsiders(session: Session, person_ids: set[int]) -> dict[int, str]:
    """What the children call network members from outside the family (read with the
    network, whose access was checked)."""
    if not person_ids:
        return {}
    rows = session.execute(select(Person.id, Person.called_by_children).where(
        Person.id.in_(person_ids), Person.called_by_children != ""))
    return {person_id: called for person_id, called in rows}


def gather_report(*, session: Session, actor: Actor, plan: PlanPrint, words: Words,
                  options: Options | None = None, with_ecogram: bool = False) -> ReportPrint:
    """What the consultant's report prints besides the plan; the ecogram (for an annex)
    only ``with_ecogram``. The print is on record once, by ``gather_plan`` (whose result
    this takes): what it reads here is checked but not recorded again."""
    with inner_calls(session):
        return _gather_report(session, actor, plan, words, options, with_ecogram)


def _gather_report(session: Session, actor: Actor, plan: PlanPrint, words: Words,
                   options: Options | None, with_ecogram: bool) -> ReportPrint:
    case_id = plan.plan.case_id
    case = get_case(session=session, actor=actor, case_id=case_id)
    meetings = list_meetings(session=session, actor=actor, case_id=case_id)
    latest = meetings[-1] if meetings else None
    previous = meetings[-2] if len(meetings) > 1 else None
    versions = tuple(list_plans(session=session, actor=actor, case_id=case_id))
    older = [v for v in versions if v.number < plan.plan.number]
    changes = None
    if older:
        changes = compare_plans(session=session, actor=actor, older_id=older[0].id,
                                newer_id=plan.plan.id)
    ecogram = None
    if plan.network and with_ecogram:
        ecogram = ecogram_drawing(list(plan.network), case.family_name, words,
                                  title=words("network_page.title", family=case.family_name),
                                  options=options)
    return ReportPrint(
        case=case, meetings=len(meetings), latest_meeting_on=latest.held_on if latest else None,
        map=get_map(session=session, actor=actor, meeting_id=latest.id) if latest else None,
        history=tuple(rating_history(session=session, actor=actor, case_id=case_id)),
        dangers=danger_texts(session=session, actor=actor, case_id=case_id), versions=versions,
        changes=changes, ecogram=ecogram,
        previous_map=get_map(session=session, actor=actor, meeting_id=previous.id)
        if previous else None,
        previous_meeting_on=previous.held_on if previous else None,
        latest_ratings=tuple(ratings_of_meeting(session=session, actor=actor,
                                                meeting_id=latest.id)) if latest else (),
        meeting_list=tuple(meetings),
        comments=tuple(list_comments(session=session, actor=actor, case_id=case_id)),
        journal=safety_journal(session=session, actor=actor, case_id=case_id,
                               on=plan.printed_on))


def child_of(data: PlanPrint, child_id: int) -> Child:
    for child in data.children:
        if child.person_id == child_id:
            return child
    raise NotFound()
