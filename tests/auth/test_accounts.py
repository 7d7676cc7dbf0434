"""Accounts: only the administrator manages them; deactivated accounts cannot log in or
keep a session; a password the administrator sets is one-time; single sign-on maps to our
accounts and roles. What needs a team lead's confirmation: tests/auth/test_confirmation.py."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from auth import Actor, ThrottlePolicy, UserCreate, active_actor, authenticate
from auth.accounts import (
    actor_for_sign_on,
    create_account,
    create_team,
    list_accounts,
    reset_password,
    set_active,
    update_account,
)
from sofs_core.codes import AuditAction, Role
from sofs_core.errors import PermissionDenied, ValidationFailed
from storage.db import transaction
from storage.models import AuditEvent, User
from tests.auth.world import World, build_world

POLICY = ThrottlePolicy(free_failures=3)


@pytest.fixture
def world(factory: sessionmaker[Session]) -> World:
    return build_world(factory)


def _login(factory: sessionmaker[Session], name: str, password: str) -> object:
    with transaction(factory) as s:
        return authenticate(session=s, username=name, password=password, policy=POLICY)


def test_the_administrator_creates_an_account_with_team_and_minimum_length(
    factory: sessionmaker[Session], world: World
) -> None:
    with transaction(factory) as s:
        team = create_team(session=s, actor=world.admin, name="Team Brugge")
    with pytest.raises(ValidationFailed) as short, transaction(factory) as s:
        create_account(session=s, actor=world.admin, data=UserCreate(
            "noor", "Noor Aerts", "kort", Role.COUNSELLOR), team_id=team)
    assert [e.message_key for e in short.value.errors] == ["error.password_too_short"]
    with transaction(factory) as s:
        create_account(session=s, actor=world.admin, data=UserCreate(
            "noor", "Noor <b>Aerts</b>", "lang-genoeg-wachtwoord", Role.COUNSELLOR),
            team_id=team, email="Noor@Dienst.be")
    with transaction(factory) as s:
        noor = next(a for a in list_accounts(session=s, actor=world.admin)
                    if a.username == "noor")
        stored = s.scalars(select(User.password_hash).where(User.username == "noor")).one()
    assert (noor.display_name, noor.team, noor.email) == ("Noor <b>Aerts</b>", "Team Brugge",
                                                          "noor@dienst.be")
    assert stored.startswith("$argon2id$")
    assert _login(factory, "noor", "lang-genoeg-wachtwoord") is not None


@pytest.mark.parametrize("who", ["lotte", "lead", "consultant"])
def test_nobody_else_manages_accounts(factory: sessionmaker[Session], world: World,
                                      who: str) -> None:
    actor = getattr(world, who)
    calls = [
        lambda s: list_accounts(session=s, actor=actor),
        lambda s: create_account(session=s, actor=actor, data=UserCreate(
            "x", "X", "lang-genoeg-wachtwoord", Role.ADMIN)),
        lambda s: set_active(session=s, actor=actor, user_id=world.jan.id, active=False),
        lambda s: reset_password(session=s, actor=actor, user_id=world.jan.id,
                                 password="lang-genoeg-wachtwoord"),
        lambda s: update_account(session=s, actor=actor, user_id=actor.id, display_name="X",
                                 role=Role.ADMIN, team_id=None),
        lambda s: create_team(session=s, actor=actor, name="Eigen team"),
    ]
    for call in calls:
        with pytest.raises(PermissionDenied), transaction(factory) as s:
            call(s)
    with factory() as s:
        assert s.get_one(User, actor.id).role is actor.role


def test_a_deactivated_account_cannot_log_in_or_keep_its_session(
    factory: sessionmaker[Session], world: World
) -> None:
    with transaction(factory) as s:
        set_active(session=s, actor=world.admin, user_id=world.lotte.id, active=False)
    assert _login(factory, "lotte", "geheim-wachtwoord") is None
    with factory() as s:
        # The gate asks this on every rerun: the open session ends at the next click.
        assert active_actor(session=s, user_id=world.lotte.id) is None
        assert s.scalars(select(AuditEvent.subject).where(
            AuditEvent.action == AuditAction.ACCOUNT)).all() == [
            f"accounts/deactivate:{world.lotte.id}"]
    with pytest.raises(ValidationFailed), transaction(factory) as s:
        set_active(session=s, actor=world.admin, user_id=world.admin.id, active=False)
    with pytest.raises(ValidationFailed), transaction(factory) as s:
        update_account(session=s, actor=world.admin, user_id=world.admin.id,
                       display_name="Beheerder", role=Role.COUNSELLOR, team_id=None)


def test_a_reset_password_is_one_time_and_ends_the_wait_of_the_account(
    factory: sessionmaker[Session], world: World
) -> None:
    for _ in range(4):
        assert _login(factory, "jan", "fout") is None
    assert _login(factory, "jan", "geheim-wachtwoord") is None  # must wait
    with transaction(factory) as s:
        reset_password(session=s, actor=world.admin, user_id=world.jan.id,
                       password="een-nieuw-wachtwoord")
    assert _login(factory, "jan", "geheim-wachtwoord") is None
    jan = _login(factory, "jan", "een-nieuw-wachtwoord")
    assert isinstance(jan, Actor) and jan.must_change_password and jan.awaiting_confirmation
    with factory() as s:
        account = next(a for a in list_accounts(session=s, actor=world.admin)
                       if a.username == "jan")
    assert account.one_time_password and account.awaiting_confirmation


def test_single_sign_on_finds_only_an_active_linked_account_and_keeps_our_role(
    factory: sessionmaker[Session], world: World
) -> None:
    with transaction(factory) as s:
        update_account(session=s, actor=world.admin, user_id=world.consultant.id,
                       display_name="Sofie Van den Broeck", role=Role.CONSULTANT, team_id=None,
                       email="sofie@ocj.be")
    with transaction(factory) as s:
        found = actor_for_sign_on(session=s, email=" SOFIE@ocj.be ")
        assert found is not None and (found.id, found.role) == (world.consultant.id,
                                                                Role.CONSULTANT)
        assert actor_for_sign_on(session=s, email="iemand@ocj.be") is None
        assert actor_for_sign_on(session=s, email="") is None
    with transaction(factory) as s:
        set_active(session=s, actor=world.admin, user_id=world.consultant.id, active=False)
    with transaction(factory) as s:
        assert actor_for_sign_on(session=s, email="sofie@ocj.be") is None
    with factory() as s:
        assert s.scalars(select(AuditEvent.action).where(
            AuditEvent.subject == "login/sign_on")).all() == [
            AuditAction.LOGIN, AuditAction.LOGIN_FAILED, AuditAction.LOGIN_FAILED,
            AuditAction.LOGIN_FAILED]
