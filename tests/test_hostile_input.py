"""Hostile text through the services behind every form, on SQLite and PostgreSQL.

Whatever is typed (markup, markdown, links, bidi controls, any script, 20,000 characters),
a service either refuses it with ``ValidationFailed`` naming fields and Dutch catalogue
keys, leaving nothing behind, or stores it so that reading it back gives exactly what was
typed (names: trimmed of surrounding white space, as the forms promise).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TypeVar

import pytest
from hypothesis import HealthCheck, given, settings
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from auth import Actor
from genograms.graph import household_names
from genograms.network import NetworkRoleInput, add_outside_person, add_role, list_network
from genograms.people import PersonInput, add_family_member, list_family_members
from genograms.relations import family_graph, set_household
from i18n import load_catalogue
from mapping.cases import get_case
from mapping.consultation import add_comment, list_comments
from mapping.map import EntryInput, add_entry, get_map
from mapping.meetings import ParticipantInput, list_meetings, open_meeting
from mapping.scaling import RatingInput, rate, ratings_of_meeting
from plans.contacts import my_phone, set_my_phone
from plans.versions import (
    ChildPage,
    PlanDetails,
    RuleInput,
    add_rule,
    get_plan,
    open_draft,
    update_child_page,
    update_details,
)
from sofs_core.codes import (
    EntryCategory,
    MeetingKind,
    NetworkRoleKind,
    ParticipantRole,
    RaterRole,
    Role,
    RuleKind,
)
from sofs_core.errors import ValidationFailed
from storage.db import transaction
from storage.models import (
    Base,
    Case,
    Household,
    MapEntry,
    Meeting,
    NetworkRole,
    Person,
    PlanRule,
    Rating,
    ReviewComment,
)
from tests.conftest import make_case, make_user
from tests.hostile import hostile_text

T = TypeVar("T")

# Function-scoped fixtures are fine here: each example adds rows of its own to the case.
SETTINGS = settings(max_examples=20, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture,
                                           HealthCheck.too_slow])


@dataclass(frozen=True)
class Place:
    """A case to write into: its counsellor, family, a child, a meeting and a draft plan."""

    factory: sessionmaker[Session]
    actor: Actor
    case_id: int
    family_id: int
    child_id: int
    meeting_id: int
    plan_id: int


@pytest.fixture
def place(factory: sessionmaker[Session]) -> Place:
    with transaction(factory) as s:
        actor = make_user(s, "lotte", Role.COUNSELLOR, "Lotte Peeters")
        case_id = make_case(s, actor)
        family_id = s.get_one(Case, case_id).family_id
        child = add_family_member(session=s, actor=actor, family_id=family_id,
                                  data=PersonInput("Zeynep", "Peeters", birth="2014")).id
        meeting = open_meeting(session=s, actor=actor, case_id=case_id,
                               kind=MeetingKind.INTAKE_MAPPING, held_on=date(2026, 11, 2))
        plan = open_draft(session=s, actor=actor, case_id=case_id).id
    return Place(factory, actor, case_id, family_id, child, meeting, plan)


def rows(factory: sessionmaker[Session], table: type[Base]) -> int:
    with factory() as s:
        return int(s.scalar(select(func.count()).select_from(table)) or 0)


def saved_or_refused(place: Place, table: type[Base], action: Callable[[Session], T]
                     ) -> T | None:
    """The action's result, or None when it was refused as it should be: a validation error
    with Dutch words for every problem, and no new row in ``table``."""
    before = rows(place.factory, table)
    try:
        with transaction(place.factory) as s:
            return action(s)
    except ValidationFailed as refused:
        catalogue = load_catalogue()
        assert refused.errors
        for error in refused.errors:
            assert catalogue.has("nl-BE", error.message_key), error
            assert catalogue.has("nl-BE", f"field.{error.field}"), error
        assert rows(place.factory, table) == before, "a refused save left rows behind"
        return None


def unstorable(*texts: str) -> bool:
    """Text with a NUL character, which PostgreSQL cannot store: refused on both databases."""
    return any("\x00" in text for text in texts)


def read(place: Place, action: Callable[[Session], T]) -> T:
    with transaction(place.factory) as s:
        return action(s)


@SETTINGS
@given(name=hostile_text, consultant=hostile_text)
def test_case_names(place: Place, name: str, consultant: str) -> None:
    def create(s: Session) -> int:
        return make_case(s, place.actor, family_name=name, consultant_name=consultant)

    case_id = saved_or_refused(place, Case, create)
    if case_id is None:
        assert not name.strip() or unstorable(name, consultant)
        return
    case = read(place, lambda s: get_case(session=s, actor=place.actor, case_id=case_id))
    assert (case.family_name, case.consultant_name) == (name.strip(), consultant.strip())


@SETTINGS
@given(first=hostile_text, last=hostile_text, notes=hostile_text)
def test_family_members(place: Place, first: str, last: str, notes: str) -> None:
    def add(s: Session) -> int:
        return add_family_member(session=s, actor=place.actor, family_id=place.family_id,
                                 data=PersonInput(first, last, notes=notes,
                                                  called_by_children=last)).id

    person_id = saved_or_refused(place, Person, add)
    if person_id is None:
        assert not first.strip() or unstorable(first, last, notes)
        return
    people = read(place, lambda s: list_family_members(session=s, actor=place.actor,
                                                       family_id=place.family_id))
    person = next(p for p in people if p.id == person_id)
    assert (person.first_name, person.last_name, person.notes) == (first.strip(), last.strip(),
                                                                   notes)
    assert person.called_by_children == last.strip()


@SETTINGS
@given(text=hostile_text, family_view=hostile_text, who=hostile_text)
def test_map_entries(place: Place, text: str, family_view: str, who: str) -> None:
    def add(s: Session) -> int:
        add_entry(session=s, actor=place.actor, meeting_id=place.meeting_id,
                  data=EntryInput(EntryCategory.NEXT_STEP, text, who=who))
        return add_entry(session=s, actor=place.actor, meeting_id=place.meeting_id,
                         data=EntryInput(EntryCategory.DANGER_STATEMENT, text, disputed=True,
                                         family_view=family_view, family_words=who,
                                         family_words_translation=family_view)).id

    entry_id = saved_or_refused(place, MapEntry, add)
    if entry_id is None:
        assert not text.strip() or unstorable(text, family_view, who)
        return
    view = read(place, lambda s: get_map(session=s, actor=place.actor,
                                         meeting_id=place.meeting_id))
    danger = next(e for e in view.of(EntryCategory.DANGER_STATEMENT) if e.id == entry_id)
    assert (danger.text, danger.family_view) == (text, family_view)
    assert (danger.family_words, danger.family_words_translation) == (
        who.strip(), family_view.strip())
    assert view.of(EntryCategory.NEXT_STEP)[-1].who == who


@SETTINGS
@given(rater=hostile_text, reason=hostile_text, question=hostile_text)
def test_scaling_answers(place: Place, rater: str, reason: str, question: str) -> None:
    def answer(s: Session) -> int:
        return rate(session=s, actor=place.actor, meeting_id=place.meeting_id, data=RatingInput(
            rater, RaterRole.PARENT, 6, question, "niet veilig", "helemaal veilig",
            reason=reason, one_point_higher=reason)).id

    rating_id = saved_or_refused(place, Rating, answer)
    if rating_id is None:
        return  # an empty name or question, or the same person a second time
    answers = read(place, lambda s: ratings_of_meeting(session=s, actor=place.actor,
                                                       meeting_id=place.meeting_id))
    mine = next(a for a in answers if a.id == rating_id)
    assert mine.rater_name.strip() == rater.strip()
    assert (mine.reason, mine.one_point_higher, mine.question) == (reason, reason, question)


@SETTINGS
@given(name=hostile_text)
def test_meeting_participants(place: Place, name: str) -> None:
    def hold(s: Session) -> int:
        return open_meeting(session=s, actor=place.actor, case_id=place.case_id,
                            kind=MeetingKind.FOLLOW_UP, held_on=date(2026, 12, 1),
                            participants=(ParticipantInput(name, ParticipantRole.FAMILY),))

    meeting_id = saved_or_refused(place, Meeting, hold)
    if meeting_id is None:
        assert not name.strip() or unstorable(name)
        return
    meetings = read(place, lambda s: list_meetings(session=s, actor=place.actor,
                                                   case_id=place.case_id))
    held = next(m for m in meetings if m.id == meeting_id)
    assert [p.name.strip() for p in held.participants] == [name.strip()]


@SETTINGS
@given(name=hostile_text)
def test_households(place: Place, name: str) -> None:
    def home(s: Session) -> int:
        return set_household(session=s, actor=place.actor, family_id=place.family_id,
                             name=name, person_ids=(place.child_id,))

    household_id = saved_or_refused(place, Household, home)
    if household_id is None:
        assert unstorable(name)
        return
    graph = read(place, lambda s: family_graph(session=s, actor=place.actor,
                                               family_id=place.family_id))
    assert household_names(graph.graph)[household_id] == name.strip()


@SETTINGS
@given(first=hostile_text, phone=hostile_text, commitment=hostile_text)
def test_network_roles(place: Place, first: str, phone: str, commitment: str) -> None:
    def add(s: Session) -> int:
        person = add_outside_person(session=s, actor=place.actor, case_id=place.case_id,
                                    data=PersonInput(first, "Buur")).id
        return add_role(session=s, actor=place.actor, case_id=place.case_id,
                        data=NetworkRoleInput(person, NetworkRoleKind.MONITOR, phone=phone,
                                              commitment=commitment))

    role_id = saved_or_refused(place, NetworkRole, add)
    if role_id is None:
        assert not first.strip() or unstorable(first, phone, commitment)
        return
    members = read(place, lambda s: list_network(session=s, actor=place.actor,
                                                 case_id=place.case_id))
    member = next(m for m in members if m.role_id == role_id)
    assert member.name == f"{first.strip()} Buur".strip()
    assert (member.phone, member.commitment) == (phone.strip(), commitment)


@SETTINGS
@given(what=hostile_text, who=hostile_text, if_not_kept=hostile_text)
def test_plan_rules(place: Place, what: str, who: str, if_not_kept: str) -> None:
    def add(s: Session) -> int:
        return add_rule(session=s, actor=place.actor, plan_id=place.plan_id, data=RuleInput(
            RuleKind.IMMEDIATE, what, who=who, when=who, how_we_know=what,
            if_not_kept=if_not_kept, translation=if_not_kept)).id

    rule_id = saved_or_refused(place, PlanRule, add)
    if rule_id is None:
        assert (not what.strip() or max(len(what), len(who), len(if_not_kept)) > 5000
                or unstorable(what, who, if_not_kept))
        return
    plan = read(place, lambda s: get_plan(session=s, actor=place.actor, plan_id=place.plan_id))
    rule = next(r for r in plan.rules if r.id == rule_id)
    assert (rule.what, rule.who, rule.when, rule.how_we_know, rule.if_not_kept) == (
        what, who, who, what, if_not_kept)
    assert rule.translation == if_not_kept


@SETTINGS
@given(worries=hostile_text, safety_object=hostile_text)
def test_plan_child_version(place: Place, worries: str, safety_object: str) -> None:
    def change(s: Session) -> int:
        plan = get_plan(session=s, actor=place.actor, plan_id=place.plan_id)
        return update_details(session=s, actor=place.actor, plan_id=plan.id,
                              expected_version=plan.version, data=PlanDetails(
                                  None, worries, worries, safety_object)).version

    before = read(place, lambda s: get_plan(session=s, actor=place.actor, plan_id=place.plan_id))
    if saved_or_refused(place, Case, change) is None:
        after = read(place, lambda s: get_plan(session=s, actor=place.actor,
                                               plan_id=place.plan_id))
        assert after == before, "a refused change was half saved"
        assert max(len(worries), len(safety_object)) > 5000 or unstorable(worries,
                                                                          safety_object)
        return
    plan = read(place, lambda s: get_plan(session=s, actor=place.actor, plan_id=place.plan_id))
    assert (plan.child_worries, plan.child_next, plan.safety_object) == (
        worries, worries, safety_object)


@SETTINGS
@given(words=hostile_text, safety_object=hostile_text)
def test_a_childs_own_page(place: Place, words: str, safety_object: str) -> None:
    def change(s: Session) -> int:
        plan = get_plan(session=s, actor=place.actor, plan_id=place.plan_id)
        return update_child_page(session=s, actor=place.actor, plan_id=plan.id,
                                 expected_version=plan.version, data=ChildPage(
                                     place.child_id, words, words, safety_object)).version

    before = read(place, lambda s: get_plan(session=s, actor=place.actor, plan_id=place.plan_id))
    if saved_or_refused(place, Case, change) is None:
        after = read(place, lambda s: get_plan(session=s, actor=place.actor,
                                               plan_id=place.plan_id))
        assert after == before, "a refused change was half saved"
        assert max(len(words), len(safety_object)) > 5000 or unstorable(words, safety_object)
        return
    plan = read(place, lambda s: get_plan(session=s, actor=place.actor, plan_id=place.plan_id))
    assert plan.children == (ChildPage(place.child_id, words, words, safety_object),)


@SETTINGS
@given(phone=hostile_text)
def test_a_counsellors_own_phone(place: Place, phone: str) -> None:
    # The place outlives one example: a refused phone leaves the one saved before.
    before = read(place, lambda s: my_phone(session=s, actor=place.actor))
    try:
        with transaction(place.factory) as s:
            set_my_phone(session=s, actor=place.actor, phone=phone)
    except ValidationFailed as refused:
        assert [(e.field, e.message_key) for e in refused.errors] == [
            ("phone", "error.phone_invalid")]
        assert read(place, lambda s: my_phone(session=s, actor=place.actor)) == before
        return
    assert read(place, lambda s: my_phone(session=s, actor=place.actor)) == " ".join(
        phone.split())


@SETTINGS
@given(body=hostile_text)
def test_review_comments(place: Place, body: str) -> None:
    def comment(s: Session) -> int:
        return add_comment(session=s, actor=place.actor, case_id=place.case_id, body=body,
                           meeting_id=place.meeting_id)

    comment_id = saved_or_refused(place, ReviewComment, comment)
    if comment_id is None:
        assert not body.strip() or len(body) > 5000 or unstorable(body)
        return
    thread = read(place, lambda s: list_comments(session=s, actor=place.actor,
                                                 case_id=place.case_id))
    assert next(c for c in thread if c.id == comment_id).body == body.strip()


def test_a_nul_character_is_refused_naming_the_form_field(place: Place) -> None:
    with pytest.raises(ValidationFailed) as refused, transaction(place.factory) as s:
        make_case(s, place.actor, family_name="Gezin\x00Peeters", consultant_name="a\x00b")
    # The family's name and its search text are one field of the form: named once.
    assert sorted((e.field, e.message_key) for e in refused.value.errors) == [
        ("consultant_name", "error.unstorable_character"),
        ("family_name", "error.unstorable_character")]
    assert rows(place.factory, Case) == 1


def test_a_nul_character_in_a_change_is_refused_too(place: Place) -> None:
    with pytest.raises(ValidationFailed) as refused, transaction(place.factory) as s:
        s.get_one(Person, place.child_id).notes = "nota\x00"
    assert [e.field for e in refused.value.errors] == ["notes"]
    people = read(place, lambda s: list_family_members(session=s, actor=place.actor,
                                                       family_id=place.family_id))
    assert [p.notes for p in people] == [""]
