"""The access matrix: every role x every service x their own case and another, on SQLite
and PostgreSQL. Each call runs in its own transaction and is rolled back; a refusal must
raise PermissionDenied and leave a line in the audit trail."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import partial

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from auth import Actor
from auth.access import Need
from auth.audit import case_history
from genograms.documents import Picture, PictureFormat, picture_document
from genograms.network import (
    NetworkRoleInput,
    add_outside_person,
    add_role,
    list_network,
    remove_role,
    update_role,
)
from genograms.people import (
    PersonInput,
    add_family_member,
    list_family_members,
    remove_person,
    update_person,
)
from genograms.relations import (
    Relation,
    Relative,
    add_couple,
    add_emotional_line,
    add_parent,
    add_relative,
    add_twins,
    family_graph,
    leave_household,
    live_together,
    nudge,
    remove_relationship,
    set_household,
    set_index_person,
    update_couple,
)
from mapping.cases import (
    CaseDetail,
    CaseFilter,
    OpenState,
    assign_counsellors,
    create_case,
    family_name_of_case,
    family_of_case,
    get_case,
    list_cases,
    update_case,
)
from mapping.map import EntryInput, add_entry, get_map, move_entry, remove_entry, update_entry
from mapping.meetings import changes_since_previous, list_meetings, meeting_heading, open_meeting
from mapping.scaling import (
    RatingInput,
    danger_texts,
    rate,
    rating_history,
    ratings_of_meeting,
    remove_rating,
)
from plans.compare import compare_plans
from plans.printouts import gather_plan
from plans.review import (
    add_comment,
    approve_plan,
    consultants,
    list_comments,
    return_plan,
    share_case,
    shared_with,
    submit_for_review,
    unshare_case,
)
from plans.versions import (
    PlanDetails,
    RuleInput,
    add_rule,
    get_plan,
    list_plans,
    mark_agreed,
    move_rule,
    network_people,
    open_draft,
    remove_rule,
    update_details,
    update_rule,
)
from privacy.export import family_export
from sofs_core.errors import PermissionDenied, SofsError
from storage.db import transaction
from storage.enums import (
    AuditAction,
    CoupleStatus,
    EmotionalKind,
    EntryCategory,
    MeetingKind,
    NetworkRoleKind,
    ParentKind,
    RaterRole,
    RuleKind,
)
from storage.models import AuditEvent, Case, MapEntry, NetworkRole, Person, PlanRule, SafetyPlan
from tests.auth.world import CaseWorld, World, build_world
from tests.conftest import case_input

Call = Callable[[Session, Actor, CaseWorld], object]
READ, EDIT, REVIEW, ASSIGN, AUDIT, EXPORT = (Need.READ, Need.EDIT, Need.REVIEW, Need.ASSIGN,
                                             Need.AUDIT, Need.EXPORT)
COMMENT = "comment"  # the case's counsellor or its consultant


def _case(s: Session, a: Actor, w: CaseWorld) -> CaseDetail:
    return get_case(session=s, actor=a, case_id=w.case_id)


def _version(s: Session, model: type[MapEntry | NetworkRole | PlanRule | SafetyPlan],
             ident: int) -> int:
    return int(s.get_one(model, ident).version)


def _update_case(s: Session, a: Actor, w: CaseWorld) -> object:
    data = case_input(a, family_name="Nieuw", counsellor_ids=_owner_ids(s, w))
    return update_case(session=s, actor=a, case_id=w.case_id, expected_version=_cv(s, w),
                       expected_family_version=_fv(s, w), data=data)


def _owner_ids(s: Session, w: CaseWorld) -> tuple[int, ...]:
    return tuple(u.id for u in s.get_one(Case, w.case_id).counsellors)


def _cv(s: Session, w: CaseWorld) -> int:
    return int(s.get_one(Case, w.case_id).version)


def _fv(s: Session, w: CaseWorld) -> int:
    return int(s.get_one(Case, w.case_id).family.version)


def _person_version(s: Session, person_id: int) -> int:
    return int(s.get_one(Person, person_id).version)


RULE = RuleInput(RuleKind.STRUCTURAL, "Nieuwe afspraak")
RATING = RatingInput("Karim", RaterRole.PARENT, 4, "Hoe veilig?", "niet", "helemaal")

CALLS: dict[str, tuple[Need | str, Call]] = {
    # The case register
    "get_case": (READ, _case),
    "family_name_of_case": (READ, lambda s, a, w: family_name_of_case(
        session=s, actor=a, case_id=w.case_id)),
    "family_of_case": (READ, lambda s, a, w: family_of_case(
        session=s, actor=a, case_id=w.case_id)),
    "update_case": (EDIT, _update_case),
    "assign_counsellors": (ASSIGN, lambda s, a, w: assign_counsellors(
        session=s, actor=a, case_id=w.case_id, expected_version=_cv(s, w),
        counsellor_ids=_owner_ids(s, w))),
    # Meetings, the map and scaling
    "list_meetings": (READ, lambda s, a, w: list_meetings(session=s, actor=a, case_id=w.case_id)),
    "meeting_heading": (READ, lambda s, a, w: meeting_heading(
        session=s, actor=a, case_id=w.case_id, meeting_id=w.meeting)),
    "changes_since_previous": (READ, lambda s, a, w: changes_since_previous(
        session=s, actor=a, meeting_id=w.meeting)),
    "open_meeting": (EDIT, lambda s, a, w: open_meeting(
        session=s, actor=a, case_id=w.case_id, kind=MeetingKind.FOLLOW_UP,
        held_on=date(2026, 11, 20))),
    "get_map": (READ, lambda s, a, w: get_map(session=s, actor=a, meeting_id=w.meeting)),
    "add_entry": (EDIT, lambda s, a, w: add_entry(session=s, actor=a, meeting_id=w.meeting,
                                                  data=EntryInput(EntryCategory.HARM, "x"))),
    "update_entry": (EDIT, lambda s, a, w: update_entry(
        session=s, actor=a, entry_id=w.strength, expected_version=_version(s, MapEntry,
                                                                           w.strength),
        data=EntryInput(EntryCategory.STRENGTH, "Oma komt vaak."))),
    "move_entry": (EDIT, lambda s, a, w: move_entry(
        session=s, actor=a, entry_id=w.strength,
        expected_version=_version(s, MapEntry, w.strength), steps=1)),
    "remove_entry": (EDIT, lambda s, a, w: remove_entry(
        session=s, actor=a, entry_id=w.strength,
        expected_version=_version(s, MapEntry, w.strength))),
    "rate": (EDIT, lambda s, a, w: rate(session=s, actor=a, meeting_id=w.meeting, data=RATING)),
    "remove_rating": (EDIT, lambda s, a, w: remove_rating(session=s, actor=a,
                                                          rating_id=w.rating)),
    "ratings_of_meeting": (READ, lambda s, a, w: ratings_of_meeting(
        session=s, actor=a, meeting_id=w.meeting)),
    "rating_history": (READ, lambda s, a, w: rating_history(session=s, actor=a,
                                                            case_id=w.case_id)),
    "danger_texts": (READ, lambda s, a, w: danger_texts(session=s, actor=a, case_id=w.case_id)),
    # People and the genogram
    "list_family_members": (READ, lambda s, a, w: list_family_members(
        session=s, actor=a, family_id=w.family_id)),
    "family_graph": (READ, lambda s, a, w: family_graph(session=s, actor=a,
                                                        family_id=w.family_id)),
    "add_family_member": (EDIT, lambda s, a, w: add_family_member(
        session=s, actor=a, family_id=w.family_id, data=PersonInput("Nieuw"))),
    "update_person": (EDIT, lambda s, a, w: update_person(
        session=s, actor=a, person_id=w.stranger,
        expected_version=_person_version(s, w.stranger), data=PersonInput("Omar", "Anders"))),
    "remove_person": (EDIT, lambda s, a, w: remove_person(
        session=s, actor=a, person_id=w.stranger,
        expected_version=_person_version(s, w.stranger))),
    "add_parent": (EDIT, lambda s, a, w: add_parent(
        session=s, actor=a, parent_id=w.mother, child_id=w.child, kind=ParentKind.BIOLOGICAL)),
    "add_couple": (EDIT, lambda s, a, w: add_couple(
        session=s, actor=a, first_id=w.stranger, second_id=w.aunt,
        status=CoupleStatus.MARRIED)),
    "add_twins": (EDIT, lambda s, a, w: add_twins(session=s, actor=a, first_id=w.stranger,
                                                  second_id=w.child)),
    "add_emotional_line": (EDIT, lambda s, a, w: add_emotional_line(
        session=s, actor=a, from_id=w.mother, to_id=w.child, kind=EmotionalKind.CLOSE)),
    "set_household": (EDIT, lambda s, a, w: set_household(
        session=s, actor=a, family_id=w.family_id, name="Oma", person_ids=(w.aunt,))),
    "live_together": (EDIT, lambda s, a, w: live_together(
        session=s, actor=a, family_id=w.family_id, first_id=w.mother, second_id=w.partner,
        name="Thuis")),
    "set_index_person": (EDIT, lambda s, a, w: set_index_person(
        session=s, actor=a, family_id=w.family_id, person_id=w.child)),
    "add_relative": (EDIT, lambda s, a, w: add_relative(
        session=s, actor=a, family_id=w.family_id, data=PersonInput("Baby"),
        relative=Relative.CHILD_OF, of_person_id=w.mother)),
    "remove_relationship": (EDIT, lambda s, a, w: remove_relationship(
        session=s, actor=a, relation=Relation.COUPLE, link_id=w.couple)),
    "update_couple": (EDIT, lambda s, a, w: update_couple(
        session=s, actor=a, couple_id=w.couple, status=CoupleStatus.MARRIED, start_year=2010,
        end_year=None)),
    "leave_household": (EDIT, lambda s, a, w: leave_household(
        session=s, actor=a, household_id=w.household, person_id=w.child)),
    "nudge": (EDIT, lambda s, a, w: nudge(session=s, actor=a, person_id=w.child, places=1)),
    # The network
    "list_network": (READ, lambda s, a, w: list_network(session=s, actor=a, case_id=w.case_id)),
    "add_outside_person": (EDIT, lambda s, a, w: add_outside_person(
        session=s, actor=a, case_id=w.case_id, data=PersonInput("Buur"))),
    "add_role": (EDIT, lambda s, a, w: add_role(
        session=s, actor=a, case_id=w.case_id,
        data=NetworkRoleInput(w.partner, NetworkRoleKind.MONITOR))),
    "update_role": (EDIT, lambda s, a, w: update_role(
        session=s, actor=a, role_id=w.role, expected_version=_version(s, NetworkRole, w.role),
        data=NetworkRoleInput(w.aunt, NetworkRoleKind.TRUSTED_PERSON, phone="1"))),
    "remove_role": (EDIT, lambda s, a, w: remove_role(session=s, actor=a, role_id=w.role)),
    # The safety plan
    "list_plans": (READ, lambda s, a, w: list_plans(session=s, actor=a, case_id=w.case_id)),
    "get_plan": (READ, lambda s, a, w: get_plan(session=s, actor=a, plan_id=w.draft_plan)),
    "network_people": (READ, lambda s, a, w: network_people(session=s, actor=a,
                                                            case_id=w.case_id)),
    "compare_plans": (READ, lambda s, a, w: compare_plans(
        session=s, actor=a, older_id=w.submitted_plan, newer_id=w.draft_plan)),
    "print_family_plan": (READ, lambda s, a, w: gather_plan(
        session=s, actor=a, plan_id=w.draft_plan, words=lambda key, **_: key,
        on=date(2026, 11, 23), document="family", with_genogram=False)),
    "print_genogram": (READ, lambda s, a, w: picture_document(
        session=s, actor=a, case_id=w.case_id, picture=Picture.GENOGRAM,
        file_format=PictureFormat.SVG, words=lambda key, **_: key, footer="")),
    "print_ecogram": (READ, lambda s, a, w: picture_document(
        session=s, actor=a, case_id=w.case_id, picture=Picture.ECOGRAM,
        file_format=PictureFormat.SVG, words=lambda key, **_: key, footer="")),
    "open_draft": (EDIT, lambda s, a, w: open_draft(session=s, actor=a, case_id=w.case_id)),
    "add_rule": (EDIT, lambda s, a, w: add_rule(session=s, actor=a, plan_id=w.draft_plan,
                                                data=RULE)),
    "update_rule": (EDIT, lambda s, a, w: update_rule(
        session=s, actor=a, rule_id=w.rule, expected_version=_version(s, PlanRule, w.rule),
        data=RULE)),
    "move_rule": (EDIT, lambda s, a, w: move_rule(
        session=s, actor=a, rule_id=w.rule, expected_version=_version(s, PlanRule, w.rule),
        steps=1)),
    "remove_rule": (EDIT, lambda s, a, w: remove_rule(
        session=s, actor=a, rule_id=w.rule, expected_version=_version(s, PlanRule, w.rule))),
    "update_details": (EDIT, lambda s, a, w: update_details(
        session=s, actor=a, plan_id=w.draft_plan,
        expected_version=_version(s, SafetyPlan, w.draft_plan),
        data=PlanDetails(date(2027, 3, 1)))),
    "mark_agreed": (EDIT, lambda s, a, w: mark_agreed(
        session=s, actor=a, plan_id=w.draft_plan,
        expected_version=_version(s, SafetyPlan, w.draft_plan), agreed_by="Elif",
        agreed_on=date(2026, 11, 23))),
    # The review
    "consultants": (EDIT, lambda s, a, w: consultants(session=s, actor=a, case_id=w.case_id)),
    "shared_with": (READ, lambda s, a, w: shared_with(session=s, actor=a, case_id=w.case_id)),
    "share_case": (EDIT, lambda s, a, w: share_case(
        session=s, actor=a, case_id=w.case_id, consultant_id=a.id)),
    "unshare_case": (EDIT, lambda s, a, w: unshare_case(
        session=s, actor=a, case_id=w.case_id, consultant_id=a.id)),
    "submit_for_review": (EDIT, lambda s, a, w: submit_for_review(
        session=s, actor=a, plan_id=w.draft_plan,
        expected_version=_version(s, SafetyPlan, w.draft_plan))),
    "approve_plan": (REVIEW, lambda s, a, w: approve_plan(
        session=s, actor=a, plan_id=w.submitted_plan,
        expected_version=_version(s, SafetyPlan, w.submitted_plan))),
    "return_plan": (REVIEW, lambda s, a, w: return_plan(
        session=s, actor=a, plan_id=w.submitted_plan,
        expected_version=_version(s, SafetyPlan, w.submitted_plan), reasons="Te vaag.")),
    "add_comment": (COMMENT, lambda s, a, w: add_comment(
        session=s, actor=a, case_id=w.case_id, body="Graag meer uitleg.",
        plan_id=w.draft_plan)),
    "list_comments": (READ, lambda s, a, w: list_comments(session=s, actor=a,
                                                          case_id=w.case_id)),
    # Audit and privacy
    "case_history": (AUDIT, lambda s, a, w: case_history(session=s, actor=a,
                                                         case_id=w.case_id)),
    "family_export": (EXPORT, lambda s, a, w: family_export(session=s, actor=a,
                                                            case_id=w.case_id)),
    "family_export_minor": (EXPORT, lambda s, a, w: family_export(
        session=s, actor=a, case_id=w.case_id, for_minor=True)),
}

# Who may do what: (role, own case?) -> the needs allowed.
ALLOWED: dict[tuple[str, bool], set[Need | str]] = {
    ("counsellor", True): {READ, EDIT, EXPORT, COMMENT},
    ("counsellor", False): set(),
    ("team_lead", True): {READ, ASSIGN, AUDIT, EXPORT},  # their team's case, not assigned
    ("team_lead", False): set(),  # another team's case
    ("consultant", True): {READ, REVIEW, COMMENT},  # shared with her
    ("consultant", False): set(),
    ("admin", True): {AUDIT},
    ("admin", False): {AUDIT},
}


class _Undo(Exception):
    """Rolls an allowed call back, so every call meets the same world."""


def _outcome(factory: sessionmaker[Session], call: Call, actor: Actor, case: CaseWorld) -> bool:
    """True when the call got past the access check (whatever it did after)."""
    try:
        with transaction(factory) as s:
            call(s, actor, case)
            raise _Undo
    except _Undo:
        return True
    except PermissionDenied:
        return False
    except SofsError:
        return True  # refused for what it asked, not for who asked


def _refusals(factory: sessionmaker[Session]) -> int:
    with factory() as s:
        return s.scalar(select(func.count(AuditEvent.id)).where(
            AuditEvent.action == AuditAction.REFUSED)) or 0


@pytest.fixture
def world(factory: sessionmaker[Session]) -> World:
    return build_world(factory)


@pytest.mark.parametrize("role", ["counsellor", "team_lead", "consultant", "admin"])
def test_each_role_can_do_exactly_its_work_on_every_service(
    factory: sessionmaker[Session], world: World, role: str
) -> None:
    actor = {"counsellor": world.lotte, "team_lead": world.lead,
             "consultant": world.consultant, "admin": world.admin}[role]
    wrong: list[str] = []
    refused = 0
    for own, case in ((True, world.own), (False, world.other)):
        for name, (need, call) in CALLS.items():
            expected = need in ALLOWED[(role, own)]
            if name in ("share_case", "unshare_case") and expected:
                call = partial(_share_with_the_consultant, world)
            got = _outcome(factory, call, actor, case)
            refused += not got
            if got != expected:
                wrong.append(f"{name} on {'own' if own else 'other'} case: "
                             f"{'allowed' if got else 'refused'}")
    assert wrong == []
    assert _refusals(factory) == refused  # every refusal is on record


def _share_with_the_consultant(world: World, s: Session, a: Actor, w: CaseWorld) -> object:
    return share_case(session=s, actor=a, case_id=w.case_id, consultant_id=world.consultant.id)


def test_every_service_that_takes_a_case_is_in_the_matrix() -> None:
    """A new service must be added to the matrix: it lists every public service of the
    domain packages that takes an actor."""
    import importlib
    import inspect

    modules = ["mapping.cases", "mapping.map", "mapping.meetings", "mapping.scaling",
               "genograms.people", "genograms.relations", "genograms.network",
               "genograms.documents", "plans.versions",
               "plans.compare", "plans.printouts", "plans.review", "privacy.export",
               "auth.audit"]
    # No single case, or covered by tests of their own below.
    not_case = {"create_case", "list_cases", "count_cases", "gather_report", "trail"}
    services = {
        name for module in modules
        for name, fn in inspect.getmembers(importlib.import_module(module), inspect.isfunction)
        if fn.__module__ == module and not name.startswith(("_", "check_"))
        and "actor" in inspect.signature(fn).parameters
    }
    covered = set(CALLS) | {"gather_plan", "family_export", "picture_document"} | not_case
    assert sorted(services - covered) == []


def test_a_refusal_changes_nothing_and_names_no_family(
    factory: sessionmaker[Session], world: World
) -> None:
    with pytest.raises(PermissionDenied) as refused, transaction(factory) as s:
        add_entry(session=s, actor=world.jan, meeting_id=world.own.meeting,
                  data=EntryInput(EntryCategory.HARM, "Niet van jou"))
    assert "Peeters" not in str(refused.value) and refused.value.message_key == \
        "error.permission_denied"
    with factory() as s:
        assert s.scalar(select(func.count(MapEntry.id)).where(
            MapEntry.text == "Niet van jou")) == 0
        line = s.scalars(select(AuditEvent).where(AuditEvent.action == AuditAction.REFUSED)).one()
    assert (line.actor_id, line.case_id, line.subject) == (
        world.jan.id, world.own.case_id, "map/add_entry")


def test_a_consultant_changes_no_map_through_any_service(
    factory: sessionmaker[Session], world: World
) -> None:
    edits = [name for name, (need, _) in CALLS.items() if need is EDIT]
    allowed = [name for name in edits
               if _outcome(factory, CALLS[name][1], world.consultant, world.own)]
    assert len(edits) > 30 and allowed == []


def test_case_lists_show_each_role_only_its_cases(
    factory: sessionmaker[Session], world: World
) -> None:
    def names(actor: Actor) -> list[str]:
        with transaction(factory) as s:
            return sorted(r.family_name for r in list_cases(
                session=s, actor=actor, filters=CaseFilter(open_state=OpenState.ALL)).rows)

    assert names(world.lotte) == ["Peeters"]
    assert names(world.jan) == ["Claes"]
    assert names(world.lead) == ["Peeters"]
    assert names(world.consultant) == ["Peeters"]
    assert names(world.admin) == []


def test_only_counsellors_and_team_leads_create_cases(
    factory: sessionmaker[Session], world: World
) -> None:
    for actor in (world.consultant, world.admin):
        with pytest.raises(PermissionDenied), transaction(factory) as s:
            create_case(session=s, actor=actor, data=case_input(world.lotte))
    with transaction(factory) as s:
        # A counsellor who leaves themselves off is put on: else they could not open it.
        case_id = create_case(session=s, actor=world.lotte,
                              data=case_input(world.jan, counsellor_ids=(world.jan.id,)))
        assert set(get_case(session=s, actor=world.lotte, case_id=case_id).counsellor_ids) == {
            world.lotte.id, world.jan.id}
