"""The access matrix: every role x every service x their own case and another, on SQLite
and PostgreSQL. Each call runs in its own transaction and is rolled back; a refusal must
raise PermissionDenied and leave a line in the audit trail."""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import partial

import pytest
from PIL import Image
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from auth import Actor
from auth.access import Need, inner_calls
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
from genograms.table import FamilyRow, save_family_table
from mapping.attendance import attendance_choices, attendees, set_attendance
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
from mapping.child_voice import (
    HousesInput,
    ItemInput,
    add_drawing,
    children_of_case,
    drawing_content,
    get_houses,
    place_on_map,
    remove_drawing,
    save_houses,
    screen_pictures,
)
from mapping.consultation import (
    add_comment,
    consultants,
    count_comments,
    list_comments,
    share_case,
    shared_with,
    unshare_case,
)
from mapping.map import EntryInput, add_entry, get_map, move_entry, remove_entry, update_entry
from mapping.meetings import changes_since_previous, list_meetings, meeting_heading, open_meeting
from mapping.safety_house import (
    HouseItemInput,
    SafetyHouseInput,
    get_safety_house,
    save_safety_house,
    shared_safety_houses,
)
from mapping.scaling import (
    RatingInput,
    danger_texts,
    rate,
    rating_history,
    ratings_of_meeting,
    remove_rating,
)
from mapping.words_pictures import (
    StoryInput,
    agree_story,
    gather_booklet,
    get_story,
    list_stories,
    picture_of_part,
    remove_picture,
    save_story,
    set_picture,
    start_story,
)
from plans.compare import compare_plans
from plans.contacts import Organisation, who_to_call
from plans.journal import JournalInput, add_journal_entry, remove_journal_entry, safety_journal
from plans.printouts import gather_plan
from plans.readiness import missing_before_printing, missing_for_plan
from plans.review import approve_plan, return_plan, submit_for_review
from plans.trajectory import (
    StepInput,
    add_trajectory_step,
    get_trajectory,
    print_trajectory,
    remove_trajectory_step,
    save_trajectory,
    update_trajectory_step,
)
from plans.versions import (
    ChildPage,
    PlanDetails,
    PlanView,
    RuleInput,
    add_rule,
    get_plan,
    list_plans,
    mark_agreed,
    move_rule,
    network_people,
    open_draft,
    remove_rule,
    update_child_page,
    update_details,
    update_rule,
)
from plans.versions import _plan_view as _plan_view  # read without a check, as a page holds it
from privacy.export import family_export
from registration.records import (
    ContactInput,
    SurveyInput,
    add_contact,
    add_procedure,
    add_survey_response,
    registration_of_case,
    remove_contact,
    remove_procedure,
    remove_survey_response,
    set_minors,
    set_outcomes,
)
from screens.map import map_screen
from screens.plan import plan_screen
from sofs_core.codes import (
    AuditAction,
    ContactKind,
    CoupleStatus,
    EmotionalKind,
    EntryCategory,
    HouseKind,
    MeetingKind,
    NetworkRoleKind,
    ParentKind,
    ProcedureKind,
    RaterRole,
    Respondent,
    RuleKind,
    SafetyHousePart,
    Sharing,
    StepKind,
    VoiceTool,
)
from sofs_core.errors import PermissionDenied, SofsError
from storage.db import transaction
from storage.models import (
    AuditEvent,
    Case,
    MapEntry,
    Meeting,
    NetworkRole,
    Person,
    PlanRule,
    SafetyPlan,
)
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


def _meeting_version(s: Session, w: CaseWorld) -> int:
    return int(s.get_one(Meeting, w.meeting).version)


def _person_version(s: Session, person_id: int) -> int:
    return int(s.get_one(Person, person_id).version)


def _mother_and_baby(s: Session, mother_id: int) -> list[FamilyRow]:
    """The family table's rows: the mother as she is, and a new baby of hers."""
    mother = s.get_one(Person, mother_id)
    name = f"{mother.first_name} {mother.last_name}".strip()
    return [FamilyRow(name, sex=mother.sex, person_id=mother.id, version=mother.version,
                      birth=str(mother.birth_year or "")),
            FamilyRow("Baby Test", mother=name)]


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
    "attendance_choices": (READ, lambda s, a, w: attendance_choices(
        session=s, actor=a, case_id=w.case_id)),
    "attendees": (READ, lambda s, a, w: attendees(session=s, actor=a, meeting_id=w.meeting)),
    "set_attendance": (EDIT, lambda s, a, w: set_attendance(
        session=s, actor=a, meeting_id=w.meeting, expected_version=_meeting_version(s, w),
        participants=())),
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
    "save_family_table": (EDIT, lambda s, a, w: save_family_table(
        session=s, actor=a, family_id=w.family_id,
        rows=_mother_and_baby(s, w.mother))),
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
    "update_child_page": (EDIT, lambda s, a, w: update_child_page(
        session=s, actor=a, plan_id=w.draft_plan,
        expected_version=_version(s, SafetyPlan, w.draft_plan),
        data=ChildPage(w.child, safety_object="Een ster"))),
    "who_to_call": (READ, lambda s, a, w: who_to_call(
        session=s, actor=a, case_id=w.case_id, organisation=Organisation())),
    "missing_before_printing": (READ, lambda s, a, w: missing_before_printing(
        session=s, actor=a, plan_id=w.draft_plan, on=date(2026, 11, 23),
        organisation=Organisation())),
    "missing_for_plan": (READ, lambda s, a, w: missing_for_plan(
        session=s, actor=a, plan=_plan_as_stored(s, w.draft_plan), members=[],
        on=date(2026, 11, 23), organisation=Organisation())),
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
    "count_comments": (READ, lambda s, a, w: count_comments(session=s, actor=a,
                                                            case_id=w.case_id)),
    # What a page shows, in one call
    "map_screen": (READ, lambda s, a, w: map_screen(session=s, actor=a, case_id=w.case_id,
                                                    meeting_id=w.meeting)),
    "plan_screen": (READ, lambda s, a, w: plan_screen(session=s, actor=a, case_id=w.case_id,
                                                      chosen=w.draft_plan)),
    # The child's voice
    "children_of_case": (READ, lambda s, a, w: children_of_case(
        session=s, actor=a, case_id=w.case_id)),
    "get_houses": (READ, lambda s, a, w: get_houses(
        session=s, actor=a, meeting_id=w.meeting, child_id=w.child,
        tool=VoiceTool.THREE_HOUSES)),
    "save_houses": (EDIT, lambda s, a, w: save_houses(
        session=s, actor=a, meeting_id=w.meeting, child_id=w.child,
        tool=VoiceTool.THREE_HOUSES, expected_version=0, data=HousesInput("Lotte", ()))),
    "add_drawing": (EDIT, lambda s, a, w: add_drawing(
        session=s, actor=a, houses_id=_voice(s, w).houses, expected_version=2,
        content=b"not a picture", sharing=Sharing.SHARE)),
    "remove_drawing": (EDIT, lambda s, a, w: remove_drawing(
        session=s, actor=a, drawing_id=_voice(s, w).drawing, expected_version=2)),
    "drawing_content": (READ, lambda s, a, w: drawing_content(
        session=s, actor=a, drawing_id=_voice(s, w).drawing)),
    "screen_pictures": (READ, lambda s, a, w: screen_pictures(
        session=s, actor=a, houses_id=_voice(s, w).houses)),
    "place_on_map": (EDIT, lambda s, a, w: place_on_map(
        session=s, actor=a, item_id=_voice(s, w).item)),
    "get_safety_house": (READ, lambda s, a, w: get_safety_house(
        session=s, actor=a, case_id=w.case_id, child_id=w.child)),
    "save_safety_house": (EDIT, lambda s, a, w: save_safety_house(
        session=s, actor=a, case_id=w.case_id, child_id=w.child, expected_version=0,
        data=SafetyHouseInput((HouseItemInput(SafetyHousePart.ROOF_RULE, "Niemand roept",
                                              Sharing.SHARE),), 5))),
    "shared_safety_houses": (READ, lambda s, a, w: shared_safety_houses(
        session=s, actor=a, case_id=w.case_id)),
    # Words and Pictures
    "list_stories": (READ, lambda s, a, w: list_stories(session=s, actor=a,
                                                        case_id=w.case_id)),
    "start_story": (EDIT, lambda s, a, w: start_story(session=s, actor=a, case_id=w.case_id)),
    "get_story": (READ, lambda s, a, w: get_story(session=s, actor=a, story_id=_story(s, w)[0])),
    "save_story": (EDIT, lambda s, a, w: save_story(
        session=s, actor=a, story_id=_story(s, w)[0], expected_version=_story(s, w)[2],
        data=StoryInput("Ons verhaal", ()))),
    "set_picture": (EDIT, lambda s, a, w: set_picture(
        session=s, actor=a, part_id=_story(s, w)[1], expected_version=_story(s, w)[2],
        content=b"not a picture")),
    "remove_picture": (EDIT, lambda s, a, w: remove_picture(
        session=s, actor=a, part_id=_story(s, w)[1], expected_version=_story(s, w)[2])),
    "picture_of_part": (READ, lambda s, a, w: picture_of_part(
        session=s, actor=a, part_id=_story(s, w)[1])),
    "agree_story": (EDIT, lambda s, a, w: agree_story(
        session=s, actor=a, story_id=_story(s, w)[0], expected_version=_story(s, w)[2],
        agreed_by="Els", agreed_on=date(2026, 11, 3))),
    "gather_booklet": (READ, lambda s, a, w: gather_booklet(
        session=s, actor=a, story_id=_story(s, w)[0])),
    # The trajectory and the safety journal
    "get_trajectory": (READ, lambda s, a, w: get_trajectory(
        session=s, actor=a, case_id=w.case_id, on=date(2026, 12, 1))),
    "print_trajectory": (READ, lambda s, a, w: print_trajectory(
        session=s, actor=a, case_id=w.case_id, on=date(2026, 12, 1))),
    "save_trajectory": (EDIT, lambda s, a, w: save_trajectory(
        session=s, actor=a, case_id=w.case_id, expected_version=0, works_weeks=12,
        closure_words="Als het rustig blijft.", on=date(2026, 12, 1))),
    "add_trajectory_step": (EDIT, lambda s, a, w: add_trajectory_step(
        session=s, actor=a, case_id=w.case_id, data=STEP)),
    "update_trajectory_step": (EDIT, lambda s, a, w: update_trajectory_step(
        session=s, actor=a, step_id=_owned(s, w, "step"), expected_version=1, data=STEP)),
    "remove_trajectory_step": (EDIT, lambda s, a, w: remove_trajectory_step(
        session=s, actor=a, step_id=_owned(s, w, "step"), expected_version=1)),
    "safety_journal": (READ, lambda s, a, w: safety_journal(
        session=s, actor=a, case_id=w.case_id, on=date(2026, 12, 1))),
    "add_journal_entry": (EDIT, lambda s, a, w: add_journal_entry(
        session=s, actor=a, case_id=w.case_id, data=_report(s, w), on=date(2026, 12, 1))),
    "remove_journal_entry": (EDIT, lambda s, a, w: remove_journal_entry(
        session=s, actor=a, entry_id=_owned(s, w, "journal"), expected_version=1)),
    # Audit and privacy
    "case_history": (AUDIT, lambda s, a, w: case_history(session=s, actor=a,
                                                         case_id=w.case_id)),
    "family_export": (EXPORT, lambda s, a, w: family_export(session=s, actor=a,
                                                            case_id=w.case_id)),
    "family_export_minor": (EXPORT, lambda s, a, w: family_export(
        session=s, actor=a, case_id=w.case_id, for_minor=True)),
    # Registration for the annual figures
    "registration_of_case": (READ, lambda s, a, w: registration_of_case(
        session=s, actor=a, case_id=w.case_id)),
    "set_minors": (EDIT, lambda s, a, w: set_minors(
        session=s, actor=a, case_id=w.case_id, expected_version=_cv(s, w),
        person_ids=(w.child,))),
    "add_contact": (EDIT, lambda s, a, w: add_contact(
        session=s, actor=a, case_id=w.case_id,
        data=ContactInput(date(2026, 9, 2), ContactKind.PHONE, 20))),
    "remove_contact": (EDIT, lambda s, a, w: remove_contact(
        session=s, actor=a, contact_id=_registered(s, w, "contact"))),
    "add_procedure": (EDIT, lambda s, a, w: add_procedure(
        session=s, actor=a, case_id=w.case_id, kind=ProcedureKind.VIST,
        started_on=date(2026, 9, 3))),
    "remove_procedure": (EDIT, lambda s, a, w: remove_procedure(
        session=s, actor=a, procedure_id=_registered(s, w, "procedure"))),
    "set_outcomes": (EDIT, lambda s, a, w: set_outcomes(
        session=s, actor=a, case_id=w.case_id, expected_version=_cv(s, w), answers={})),
    "add_survey_response": (EDIT, lambda s, a, w: add_survey_response(
        session=s, actor=a, case_id=w.case_id, data=SurveyInput(Respondent.PARENT, False))),
    "remove_survey_response": (EDIT, lambda s, a, w: remove_survey_response(
        session=s, actor=a, response_id=_registered(s, w, "survey"))),
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
    ("management", True): set(),  # the annual figures only, never a case's content
    ("management", False): set(),
}


def _registered(s: Session, w: CaseWorld, what: str) -> int:
    """A contact, procedure or survey of the case, put there by its counsellor (rolled back
    with the call)."""
    owner = s.get_one(Case, w.case_id).counsellors[0]
    actor = Actor(owner.id, owner.username, owner.display_name, owner.role, None,
                  owner.team_id)
    with inner_calls(s):
        if what == "contact":
            return add_contact(session=s, actor=actor, case_id=w.case_id,
                               data=ContactInput(date(2026, 9, 2), ContactKind.PHONE, 20))
        if what == "procedure":
            return add_procedure(session=s, actor=actor, case_id=w.case_id,
                                 kind=ProcedureKind.M_DOCUMENT, started_on=date(2026, 9, 2))
        return add_survey_response(session=s, actor=actor, case_id=w.case_id,
                                   data=SurveyInput(Respondent.PARENT, False))


STEP = StepInput(date(2026, 12, 15), StepKind.NETWORK_MEETING, "Met de school")


def _report(s: Session, w: CaseWorld) -> JournalInput:
    """A report on the agreed version's agreement, told by the mother."""
    rule = s.scalars(select(PlanRule.id).where(PlanRule.plan_id == w.submitted_plan)).first()
    return JournalInput(date(2026, 11, 25), rule or 0, True, "", w.mother)


def _owned(s: Session, w: CaseWorld, what: str) -> int:
    """A trajectory step or a journal report, put there by the case's counsellor (rolled
    back with the call)."""
    owner = s.get_one(Case, w.case_id).counsellors[0]
    actor = Actor(owner.id, owner.username, owner.display_name, owner.role, None,
                  owner.team_id)
    with inner_calls(s):
        if what == "step":
            return add_trajectory_step(session=s, actor=actor, case_id=w.case_id, data=STEP)
        return add_journal_entry(session=s, actor=actor, case_id=w.case_id,
                                 data=_report(s, w), on=date(2026, 12, 1))


@dataclass(frozen=True)
class _Voice:
    houses: int
    item: int
    drawing: int


def _voice(s: Session, w: CaseWorld) -> _Voice:
    """A child's houses with shared words and a drawing, put there by the case's counsellor
    (rolled back with the call)."""
    owner = s.get_one(Case, w.case_id).counsellors[0]
    actor = Actor(owner.id, owner.username, owner.display_name, owner.role, None,
                  owner.team_id)
    picture = io.BytesIO()
    Image.new("RGB", (8, 8)).save(picture, format="PNG")
    with inner_calls(s):
        houses = save_houses(session=s, actor=actor, meeting_id=w.meeting, child_id=w.child,
                             tool=VoiceTool.THREE_HOUSES, expected_version=0,
                             data=HousesInput("", (ItemInput(HouseKind.WORRIES, "Stil",
                                                             Sharing.SHARE),)))
        assert houses.id is not None
        drawn = add_drawing(session=s, actor=actor, houses_id=houses.id,
                            expected_version=houses.version, content=picture.getvalue(),
                            sharing=Sharing.SHARE)
    return _Voice(houses.id, houses.items[0].id, drawn.drawings[0].id)


def _story(s: Session, w: CaseWorld) -> tuple[int, int, int]:
    """A draft story of the case (its id, its first part, its version), started by the
    case's counsellor once (rolled back with the call)."""
    owner = s.get_one(Case, w.case_id).counsellors[0]
    actor = Actor(owner.id, owner.username, owner.display_name, owner.role, None,
                  owner.team_id)
    with inner_calls(s):
        stories = list_stories(session=s, actor=actor, case_id=w.case_id)
        story = (get_story(session=s, actor=actor, story_id=stories[0].id) if stories
                 else start_story(session=s, actor=actor, case_id=w.case_id))
    return story.id, story.parts[0].id, story.version


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


@pytest.mark.parametrize("role", ["counsellor", "team_lead", "consultant", "admin",
                                  "management"])
def test_each_role_can_do_exactly_its_work_on_every_service(
    factory: sessionmaker[Session], world: World, role: str
) -> None:
    actor = {"counsellor": world.lotte, "team_lead": world.lead,
             "consultant": world.consultant, "admin": world.admin,
             "management": world.management}[role]
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


def _plan_as_stored(s: Session, plan_id: int) -> PlanView:
    """A plan version as a page that read it holds it (read here without a check)."""
    plan = s.get(SafetyPlan, plan_id)
    assert plan is not None
    return _plan_view(s, plan)


def _share_with_the_consultant(world: World, s: Session, a: Actor, w: CaseWorld) -> object:
    return share_case(session=s, actor=a, case_id=w.case_id, consultant_id=world.consultant.id)


def test_every_service_that_takes_a_case_is_in_the_matrix() -> None:
    """A new service must be added to the matrix: every public function of the domain
    layer's modules (found by walking the packages of [tool.sofs.layers]) that takes an
    actor is in CALLS, or below with the reason it is not."""
    import importlib
    import inspect

    from tests.packages import modules

    services = {
        name for module in modules("domain") if module not in NOT_SERVICES
        for name, fn in inspect.getmembers(importlib.import_module(module), inspect.isfunction)
        if fn.__module__ == module and not name.startswith(("_", "check_"))
        and "actor" in inspect.signature(fn).parameters
    }
    covered = set(CALLS) | {"gather_plan", "family_export", "picture_document"} | set(NOT_CASE)
    assert sorted(services - covered) == []


# Modules whose functions take an actor but are the access machinery, not services.
NOT_SERVICES = {"auth.access"}
# Services that take an actor but no single case, each tested on its own.
NOT_CASE = {
    "create_case": "a new case (test_only_counsellors_and_team_leads_create_cases)",
    "list_cases": "filtered in SQL (test_case_lists_show_each_role_only_its_cases)",
    "count_cases": "the count of that list (tests/mapping/test_cases.py)",
    "gather_report": "the consultant's report (tests/plans/test_consultant_report.py)",
    "trail": "the administrator's whole trail (tests/auth/test_audit.py)",
    "consultant_inbox": "the consultant's shared cases, a list (test_consultant_path.py)",
    "set_my_phone": "the actor's own phone number, no case",
    "my_phone": "the actor's own phone number, no case",
    "record_logout": "the actor's own logout (tests/auth/test_remembered.py)",
    "record_resumed_login": "the actor's own login, no case",
    "change_own_password": "the actor's own account (tests/auth/test_confirmation.py)",
    "password_notice": "the actor's own account (tests/auth/test_confirmation.py)",
    "confirm_account": "a team lead's confirmation (tests/auth/test_confirmation.py)",
    "pending_confirmations": "a team lead's list (tests/auth/test_confirmation.py)",
    "create_account": "the administrator's accounts (tests/auth/test_accounts.py)",
    "update_account": "the administrator's accounts (tests/auth/test_accounts.py)",
    "reset_password": "the administrator's accounts (tests/auth/test_accounts.py)",
    "set_active": "the administrator's accounts (tests/auth/test_accounts.py)",
    "list_accounts": "the administrator's accounts (tests/auth/test_accounts.py)",
    "create_team": "the administrator's teams (tests/auth/test_accounts.py)",
    "list_teams": "the names of the teams, no case",
    "annual_figures": "counts over many cases (tests/registration/test_figures.py)",
    "family_names": "a team lead's names behind the figures (tests/registration/)",
    "figures_workbook": "the figures' spreadsheet (tests/registration/test_documents.py)",
    "figures_pdf": "the figures' PDF (tests/registration/test_documents.py)",
    "checked_figures": "the check behind the three above (tests/registration/)",
}


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


def test_only_the_owner_sets_their_own_phone_and_never_an_administrator(
    factory: sessionmaker[Session], world: World
) -> None:
    """The number printed for families: a counsellor's own, not the administrator's to set
    (nothing an administrator does alone reaches a family)."""
    from plans.contacts import my_phone, set_my_phone
    from sofs_core.errors import ValidationFailed

    with transaction(factory) as s:
        assert set_my_phone(session=s, actor=world.lotte, phone=" 0470  12 34 56 ") == \
            "0470 12 34 56"
    for actor in (world.admin, world.consultant):
        with pytest.raises(PermissionDenied), transaction(factory) as s:
            set_my_phone(session=s, actor=actor, phone="0470 00 00 00")
    for bad in ("bel me", "<b>1</b>", "0" * 40):
        with pytest.raises(ValidationFailed), transaction(factory) as s:
            set_my_phone(session=s, actor=world.lotte, phone=bad)
    with transaction(factory) as s:
        assert my_phone(session=s, actor=world.lotte) == "0470 12 34 56"
        assert my_phone(session=s, actor=world.jan) == ""
