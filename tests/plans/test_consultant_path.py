"""The consultant's path: the case form's consultant is an account and the case is shared
with her; her inbox lists plans sent to her and comments she has not answered; on SQLite
and PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from mapping.cases import create_case, get_case, update_case
from mapping.consultation import add_comment, share_case, shared_with
from plans.review import approve_plan, consultant_inbox
from plans.versions import get_plan
from sofs_core.codes import AuditAction
from sofs_core.errors import PermissionDenied, ValidationFailed
from storage.db import transaction
from storage.models import AuditEvent
from tests.auth.world import World, build_world
from tests.conftest import case_input


@pytest.fixture
def world(factory: sessionmaker[Session]) -> World:
    return build_world(factory)


def test_a_case_made_with_its_consultant_is_shared_with_her_in_the_same_step(
    factory: sessionmaker[Session], world: World
) -> None:
    data = case_input(world.lotte, family_name="Maes", consultant_id=world.consultant.id)
    with transaction(factory) as s:
        case_id = create_case(session=s, actor=world.lotte, data=data)
        share_case(session=s, actor=world.lotte, case_id=case_id,
                   consultant_id=world.consultant.id)
    with transaction(factory) as s:
        case = get_case(session=s, actor=world.consultant, case_id=case_id)  # she may read
        assert (case.consultant_id, case.consultant_name) == (
            world.consultant.id, "Sofie Van den Broeck")
        assert [c.id for c in shared_with(session=s, actor=world.lotte, case_id=case_id)] == [
            world.consultant.id]
        recorded = s.scalars(select(AuditEvent.subject).where(
            AuditEvent.case_id == case_id, AuditEvent.action == AuditAction.CHANGE)).all()
    assert {"cases/create_case", "review/share_case"} <= set(recorded)


@pytest.mark.parametrize("who", ["lotte", "admin"])
def test_only_a_consultant_account_can_be_the_case_consultant(
    factory: sessionmaker[Session], world: World, who: str
) -> None:
    not_a_consultant = getattr(world, who)
    with pytest.raises(ValidationFailed) as refused, transaction(factory) as s:
        create_case(session=s, actor=world.lotte,
                    data=case_input(world.lotte, consultant_id=not_a_consultant.id))
    assert [e.field for e in refused.value.errors] == ["consultant_id"]


def test_a_typed_name_stays_until_an_account_is_chosen(
    factory: sessionmaker[Session], world: World
) -> None:
    with transaction(factory) as s:
        case_id = create_case(session=s, actor=world.lotte,
                              data=case_input(world.lotte, consultant_name="Ruben Smets"))
        case = get_case(session=s, actor=world.lotte, case_id=case_id)
    assert (case.consultant_id, case.consultant_name) == (None, "Ruben Smets")
    with transaction(factory) as s:
        update_case(session=s, actor=world.lotte, case_id=case_id,
                    expected_version=case.version, expected_family_version=case.family_version,
                    data=case_input(world.lotte, family_name=case.family_name,
                                    consultant_id=world.consultant.id))
        case = get_case(session=s, actor=world.lotte, case_id=case_id)
    assert (case.consultant_id, case.consultant_name) == (
        world.consultant.id, "Sofie Van den Broeck")


def test_the_inbox_lists_the_plan_sent_and_unanswered_comments_until_answered(
    factory: sessionmaker[Session], world: World
) -> None:
    case_id = world.own.case_id
    with transaction(factory) as s:
        [waiting] = consultant_inbox(session=s, actor=world.consultant)
    assert (waiting.case_id, waiting.plan_id, waiting.unanswered) == (
        case_id, world.own.submitted_plan, 0)
    assert waiting.family_name == "Peeters"
    with transaction(factory) as s:
        add_comment(session=s, actor=world.lotte, case_id=case_id, body="Vraag 1",
                    plan_id=world.own.submitted_plan)
        add_comment(session=s, actor=world.lotte, case_id=case_id, body="Vraag 2")
        [waiting] = consultant_inbox(session=s, actor=world.consultant)
    assert waiting.unanswered == 2
    with transaction(factory) as s:
        plan = get_plan(session=s, actor=world.consultant, plan_id=world.own.submitted_plan)
        approve_plan(session=s, actor=world.consultant, plan_id=plan.id,
                     expected_version=plan.version, note="Antwoord en goedkeuring")
    with transaction(factory) as s:
        # An approval is her answer too: nothing waits any more.
        assert consultant_inbox(session=s, actor=world.consultant) == []
        add_comment(session=s, actor=world.lotte, case_id=case_id, body="Nog een vraag")
        [waiting] = consultant_inbox(session=s, actor=world.consultant)
    assert (waiting.plan_id, waiting.unanswered, waiting.comment_on_plan) == (None, 1, False)


@pytest.mark.parametrize("who", ["lotte", "jan", "lead", "admin"])
def test_only_a_consultant_has_an_inbox(factory: sessionmaker[Session], world: World,
                                        who: str) -> None:
    with pytest.raises(PermissionDenied), transaction(factory) as s:
        consultant_inbox(session=s, actor=getattr(world, who))
