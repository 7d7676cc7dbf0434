"""The consultant's review: share, submit, approve or return with reasons, comments; on
SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session, sessionmaker

from mapping.consultation import add_comment, count_comments, list_comments, unshare_case
from plans.review import ReviewNotOpen, approve_plan, return_plan, submit_for_review
from plans.versions import PlanFrozen, RuleInput, add_rule, get_plan, open_draft
from sofs_core.clock import today
from sofs_core.codes import CommentKind, PlanStatus, RuleKind
from sofs_core.errors import PermissionDenied, ValidationFailed
from storage.db import transaction
from tests.auth.world import World, build_world


@pytest.fixture
def world(factory: sessionmaker[Session]) -> World:
    return build_world(factory)


def test_the_consultant_approves_and_it_is_recorded_on_the_frozen_version(
    factory: sessionmaker[Session], world: World
) -> None:
    plan_id = world.own.submitted_plan
    with transaction(factory) as s:
        plan = get_plan(session=s, actor=world.consultant, plan_id=plan_id)
        assert plan.status is PlanStatus.SUBMITTED and plan.submitted_on == today()
        approved = approve_plan(session=s, actor=world.consultant, plan_id=plan_id,
                                expected_version=plan.version, note="Goed <b>zo</b>")
    assert (approved.status, approved.approved_by, approved.approved_on) == (
        PlanStatus.APPROVED, "Sofie Van den Broeck", today())
    with pytest.raises(PlanFrozen), transaction(factory) as s:
        add_rule(session=s, actor=world.lotte, plan_id=plan_id,
                 data=RuleInput(RuleKind.IMMEDIATE, "Nog iets"))
    with transaction(factory) as s:
        thread = list_comments(session=s, actor=world.lotte, case_id=world.own.case_id,
                               plan_id=plan_id)
    assert [(c.kind, c.author, c.body) for c in thread] == [
        (CommentKind.SUBMITTED, "Lotte Peeters", ""),
        (CommentKind.APPROVED, "Sofie Van den Broeck", "Goed <b>zo</b>")]


def test_returning_needs_reasons_and_the_counsellor_sees_them(
    factory: sessionmaker[Session], world: World
) -> None:
    plan_id = world.own.submitted_plan
    with transaction(factory) as s:
        version = get_plan(session=s, actor=world.consultant, plan_id=plan_id).version
    with pytest.raises(ValidationFailed) as refused, transaction(factory) as s:
        return_plan(session=s, actor=world.consultant, plan_id=plan_id,
                    expected_version=version, reasons="   ")
    assert [e.field for e in refused.value.errors] == ["reasons"]
    with transaction(factory) as s:
        returned = return_plan(session=s, actor=world.consultant, plan_id=plan_id,
                               expected_version=version,
                               reasons="Wie belt er als tante niet opneemt?")
    assert returned.status is PlanStatus.RETURNED and returned.approved_on is None
    with pytest.raises(ReviewNotOpen), transaction(factory) as s:
        approve_plan(session=s, actor=world.consultant, plan_id=plan_id,
                     expected_version=returned.version)
    with transaction(factory) as s:
        reasons = [c.body for c in list_comments(session=s, actor=world.lotte,
                                                  case_id=world.own.case_id)
                   if c.kind is CommentKind.RETURNED]
    assert reasons == ["Wie belt er als tante niet opneemt?"]


def test_only_an_agreed_version_of_a_shared_case_goes_to_review(
    factory: sessionmaker[Session], world: World
) -> None:
    with transaction(factory) as s:
        draft = get_plan(session=s, actor=world.lotte, plan_id=world.own.draft_plan)
    with pytest.raises(ValidationFailed) as refused, transaction(factory) as s:
        submit_for_review(session=s, actor=world.lotte, plan_id=draft.id,
                          expected_version=draft.version)
    assert {e.message_key for e in refused.value.errors} == {"error.submit_needs_agreement"}
    with transaction(factory) as s:
        unshare_case(session=s, actor=world.lotte, case_id=world.own.case_id,
                     consultant_id=world.consultant.id)
    # No longer shared: the consultant neither reads nor reviews it.
    with pytest.raises(PermissionDenied), transaction(factory) as s:
        get_plan(session=s, actor=world.consultant, plan_id=world.own.submitted_plan)


def test_comments_come_from_both_sides_in_order_and_empty_ones_are_refused(
    factory: sessionmaker[Session], world: World
) -> None:
    case_id = world.own.case_id
    with transaction(factory) as s:
        add_comment(session=s, actor=world.consultant, case_id=case_id,
                    meeting_id=world.own.meeting, body="Wat bedoelen jullie met 'soms'?")
        add_comment(session=s, actor=world.lotte, case_id=case_id,
                    meeting_id=world.own.meeting, body="Twee keer per week.")
    with pytest.raises(ValidationFailed), transaction(factory) as s:
        add_comment(session=s, actor=world.lotte, case_id=case_id, body=" ")
    with transaction(factory) as s:
        thread = list_comments(session=s, actor=world.consultant, case_id=case_id,
                               meeting_id=world.own.meeting)
        # A new version of the plan starts from the latest; the review is not copied.
        assert open_draft(session=s, actor=world.lotte, case_id=case_id).id == \
            world.own.draft_plan
    assert [(c.author, c.body) for c in thread] == [
        ("Sofie Van den Broeck", "Wat bedoelen jullie met 'soms'?"),
        ("Lotte Peeters", "Twee keer per week.")]


def test_a_thread_is_counted_as_it_is_listed_for_the_case_a_meeting_and_a_plan(
    factory: sessionmaker[Session], world: World
) -> None:
    """A closed thread shows only its count: the same comments as the open thread lists."""
    case_id, plan_id = world.own.case_id, world.own.submitted_plan
    with transaction(factory) as s:
        add_comment(session=s, actor=world.consultant, case_id=case_id,
                    meeting_id=world.own.meeting, body="Over de kaart.")
        return_plan(session=s, actor=world.consultant, plan_id=plan_id,
                    expected_version=get_plan(session=s, actor=world.consultant,
                                              plan_id=plan_id).version,
                    reasons="Wie belt wie?")
    with transaction(factory) as s:
        for narrowed in ({}, {"meeting_id": world.own.meeting}, {"plan_id": plan_id},
                         {"plan_id": world.own.draft_plan}):
            listed = list_comments(session=s, actor=world.lotte, case_id=case_id, **narrowed)
            counted = count_comments(session=s, actor=world.lotte, case_id=case_id,
                                     **narrowed)
            assert counted == len(listed), narrowed
        assert count_comments(session=s, actor=world.lotte, case_id=case_id,
                              plan_id=plan_id) == 2  # sent for review, and returned
        with pytest.raises(ValueError):
            count_comments(session=s, actor=world.lotte, case_id=case_id,
                           meeting_id=world.own.meeting, plan_id=plan_id)
