"""Nothing an administrator does alone reaches a family: new accounts, passwords the
administrator set and changed roles, teams or sign-on addresses wait for a team lead."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from auth import Actor, ThrottlePolicy, UserCreate, authenticate
from auth.access import rights
from auth.accounts import create_account, reset_password, update_account
from auth.confirmation import (
    ConfirmReason,
    change_own_password,
    confirm_account,
    confirm_from_server,
    password_notice,
    pending_confirmations,
)
from mapping.cases import CaseFilter, OpenState, assign_counsellors, get_case, list_cases
from sofs_core.codes import AuditAction, Role
from sofs_core.errors import PermissionDenied, ValidationFailed
from storage.db import transaction
from storage.models import AuditEvent, Case
from tests.auth.world import World, build_world
from tests.conftest import make_case

ONE_TIME = "eenmalig-wachtwoord"
OWN = "mijn-eigen-wachtwoord"


@pytest.fixture
def world(factory: sessionmaker[Session]) -> World:
    return build_world(factory)


def _login(factory: sessionmaker[Session], name: str, password: str) -> Actor | None:
    with transaction(factory) as s:
        return authenticate(session=s, username=name, password=password,
                            policy=ThrottlePolicy())


def _reaches(factory: sessionmaker[Session], actor: Actor, case_id: int) -> bool:
    """Does ``actor`` see anything of the case, by rights or in the case list?"""
    with factory() as s:
        granted = rights(s, actor, case_id)
        listed = [c.id for c in list_cases(session=s, actor=actor, filters=CaseFilter(
            open_state=OpenState.ALL)).rows]
    return any(vars(granted)[k] for k in ("read", "edit", "review", "assign", "export")) or (
        case_id in listed)


def _new_account(factory: sessionmaker[Session], world: World, name: str, role: Role,
                 team_id: int | None) -> Actor:
    with transaction(factory) as s:
        create_account(session=s, actor=world.admin, data=UserCreate(
            name, name.title(), ONE_TIME, role), team_id=team_id)
    actor = _login(factory, name, ONE_TIME)
    assert actor is not None and actor.must_change_password
    with transaction(factory) as s:
        change_own_password(session=s, actor=actor, current=ONE_TIME, new=OWN, repeated=OWN)
    found = _login(factory, name, OWN)
    assert found is not None and not found.must_change_password
    return found


def _team_of(factory: sessionmaker[Session], case_id: int) -> int | None:
    with factory() as s:
        return s.get_one(Case, case_id).team_id


def test_a_team_lead_the_administrator_made_sees_no_case_until_a_lead_confirms(
    factory: sessionmaker[Session], world: World
) -> None:
    team = _team_of(factory, world.own.case_id)
    new_lead = _new_account(factory, world, "nieuw", Role.TEAM_LEAD, team)
    assert new_lead.awaiting_confirmation
    assert not _reaches(factory, new_lead, world.own.case_id)
    with pytest.raises(PermissionDenied), transaction(factory) as s:
        get_case(session=s, actor=new_lead, case_id=world.own.case_id)
    with transaction(factory) as s:
        pending = pending_confirmations(session=s, actor=world.lead)
        assert [(p.username, p.reason) for p in pending] == [("nieuw", ConfirmReason.NEW)]
        confirm_account(session=s, actor=world.lead, user_id=new_lead.id)
    assert _reaches(factory, new_lead, world.own.case_id)


def test_a_counsellor_the_administrator_made_and_a_lead_assigned_still_needs_confirming(
    factory: sessionmaker[Session], world: World
) -> None:
    team = _team_of(factory, world.own.case_id)
    new = _new_account(factory, world, "noor", Role.COUNSELLOR, team)
    with transaction(factory) as s:
        version = get_case(session=s, actor=world.lead, case_id=world.own.case_id).version
        assign_counsellors(session=s, actor=world.lead, case_id=world.own.case_id,
                           expected_version=version, counsellor_ids=(world.lotte.id, new.id))
    assert not _reaches(factory, new, world.own.case_id)
    with transaction(factory) as s:
        confirm_account(session=s, actor=world.lead, user_id=new.id)
    assert _reaches(factory, new, world.own.case_id)


def test_a_reset_password_is_one_time_shown_to_its_owner_and_needs_the_lead_again(
    factory: sessionmaker[Session], world: World
) -> None:
    with transaction(factory) as s:
        reset_password(session=s, actor=world.admin, user_id=world.lotte.id, password=ONE_TIME)
    # Whoever logs in with it (the administrator too) reaches nothing of the family.
    lotte = _login(factory, "lotte", ONE_TIME)
    assert lotte is not None and lotte.must_change_password
    assert not _reaches(factory, lotte, world.own.case_id)
    with factory() as s:
        notice = password_notice(session=s, actor=lotte)
    assert notice is not None and notice.reset_at is not None
    # The lead sees the reset, but confirms only once the owner chose her own password.
    with pytest.raises(ValidationFailed), transaction(factory) as s:
        confirm_account(session=s, actor=world.lead, user_id=lotte.id)
    with pytest.raises(ValidationFailed) as refused, transaction(factory) as s:
        change_own_password(session=s, actor=lotte, current="fout", new=OWN, repeated="x")
    assert [e.message_key for e in refused.value.errors] == [
        "error.wrong_password", "error.passwords_differ"]
    with transaction(factory) as s:
        change_own_password(session=s, actor=lotte, current=ONE_TIME, new=OWN, repeated=OWN)
    assert not _reaches(factory, lotte, world.own.case_id)
    with transaction(factory) as s:
        [pending] = pending_confirmations(session=s, actor=world.lead)
        assert (pending.username, pending.reason) == ("lotte", ConfirmReason.PASSWORD_RESET)
        assert pending.password_reset_at is not None and not pending.waiting_for_owner
        confirm_account(session=s, actor=world.lead, user_id=lotte.id)
    assert _reaches(factory, lotte, world.own.case_id)
    with factory() as s:
        subjects = s.scalars(select(AuditEvent.subject).where(
            AuditEvent.action == AuditAction.ACCOUNT).order_by(AuditEvent.id)).all()
    assert subjects == [f"accounts/reset_password:{lotte.id}",
                        f"accounts/change_own_password:{lotte.id}",
                        f"accounts/confirm:{lotte.id}"]


@pytest.mark.parametrize("change", ["role", "team", "email"])
def test_another_role_team_or_sign_on_address_waits_for_the_lead_again(
    factory: sessionmaker[Session], world: World, change: str
) -> None:
    team = _team_of(factory, world.own.case_id)
    values = {"role": Role.COUNSELLOR, "team_id": team, "email": ""}
    values.update({"role": {"role": Role.TEAM_LEAD}, "team": {"team_id": None},
                   "email": {"email": "lotte@dienst.be"}}[change])
    with transaction(factory) as s:
        update_account(session=s, actor=world.admin, user_id=world.lotte.id,
                       display_name="Lotte", **values)  # type: ignore[arg-type]
    assert not _reaches(factory, world.lotte, world.own.case_id)


def test_only_a_confirmed_lead_of_the_team_confirms_and_never_an_administrator(
    factory: sessionmaker[Session], world: World
) -> None:
    team = _team_of(factory, world.own.case_id)
    first = _new_account(factory, world, "eerste", Role.TEAM_LEAD, team)
    second = _new_account(factory, world, "tweede", Role.COUNSELLOR, team)
    other_team = _team_of(factory, world.other.case_id)
    stranger = _new_account(factory, world, "derde", Role.COUNSELLOR, other_team)
    admin2 = _new_account(factory, world, "beheer2", Role.ADMIN, None)
    refusals = [
        (first, second.id),  # a lead no one confirmed yet
        (world.admin, second.id),  # the administrator
        (world.lotte, second.id),  # a counsellor
        (world.lead, stranger.id),  # another team's account
        (world.lead, admin2.id),  # an administrator is nobody's to confirm
        (world.lead, world.lead.id),
    ]
    for actor, user_id in refusals:
        with pytest.raises(PermissionDenied), transaction(factory) as s:
            confirm_account(session=s, actor=actor, user_id=user_id)
    assert not _reaches(factory, second, world.own.case_id)


def test_the_server_confirms_the_first_lead_of_a_new_team(
    factory: sessionmaker[Session], world: World
) -> None:
    with transaction(factory) as s:
        from auth.accounts import create_team

        team = create_team(session=s, actor=world.admin, name="Team Brugge")
    lead = _new_account(factory, world, "leider", Role.TEAM_LEAD, team)
    with transaction(factory) as s:
        confirm_from_server(session=s, username="Leider")
    with transaction(factory) as s:
        case_id = make_case(s, _login(factory, "leider", OWN) or lead)
    assert _reaches(factory, lead, case_id)
    with factory() as s:
        assert s.scalars(select(AuditEvent.actor_name).where(
            AuditEvent.subject == f"accounts/confirm_on_server:{lead.id}")).all() == [
            "(server)"]
