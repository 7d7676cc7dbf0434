"""The token that keeps a login across a restart (auth.remembered): valid within the idle
timeout for an active account with the same password, void after a logout, a password
change, a deactivation, a forgery, or on another installation."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy.orm import Session, sessionmaker

from auth import UserCreate, create_user, hash_password, remembered
from auth.service import Actor, record_logout
from sofs_core.clock import utcnow
from sofs_core.codes import Role
from storage.db import transaction
from storage.models import AppMeta, User

TIMEOUT = 30 * 60


@pytest.fixture
def actor(factory: sessionmaker[Session]) -> Actor:
    with transaction(factory) as s:
        return create_user(session=s, user_create=UserCreate(
            "lotte", "Lotte Peeters", "correct horse battery", Role.COUNSELLOR))


def _issue(factory: sessionmaker[Session], user_id: int, minutes_ago: float = 0) -> str:
    with transaction(factory) as s:
        return remembered.issue(session=s, user_id=user_id,
                                now=utcnow() - timedelta(minutes=minutes_ago))


def _check(factory: sessionmaker[Session], token: str) -> int | None:
    with transaction(factory) as s:
        found = remembered.check(session=s, token=token, max_age_seconds=TIMEOUT)
        return found.user_id if found else None


@pytest.mark.parametrize(("minutes_ago", "valid"), [(0, True), (29, True), (31, False),
                                                    (-5, False)])
def test_a_token_is_valid_for_one_idle_timeout(
        factory: sessionmaker[Session], actor: Actor, minutes_ago: float, valid: bool) -> None:
    token = _issue(factory, actor.id, minutes_ago)
    assert _check(factory, token) == (actor.id if valid else None)


def test_a_logout_voids_every_earlier_token_but_not_later_ones(
        factory: sessionmaker[Session], actor: Actor) -> None:
    first, second = _issue(factory, actor.id), _issue(factory, actor.id)
    with transaction(factory) as s:
        record_logout(session=s, actor=actor)
    assert _check(factory, first) is None
    assert _check(factory, second) is None
    assert _check(factory, _issue(factory, actor.id)) == actor.id


@pytest.mark.parametrize("change", ["password", "deactivated", "deleted"])
def test_a_token_fails_once_the_account_changed(
        factory: sessionmaker[Session], actor: Actor, change: str) -> None:
    token = _issue(factory, actor.id)
    with transaction(factory) as s:
        user = s.get_one(User, actor.id)
        if change == "password":
            user.password_hash = hash_password("another long password")
        elif change == "deactivated":
            user.is_active = False
        else:
            s.delete(user)
    assert _check(factory, token) is None


@pytest.mark.parametrize("tamper", [
    lambda t: t[:-2] + ("AA" if not t.endswith("AA") else "BB"),
    lambda t: "x" + t,
    lambda t: "",
    lambda t: "not a token at all",
])
def test_a_forged_token_fails(factory: sessionmaker[Session], actor: Actor, tamper) -> None:
    assert _check(factory, tamper(_issue(factory, actor.id))) is None


def test_a_token_of_another_installation_fails(
        factory: sessionmaker[Session], actor: Actor) -> None:
    token = _issue(factory, actor.id)
    with transaction(factory) as s:
        s.get_one(AppMeta, remembered.SIGNING_KEY_ROW).value = "another installation's secret"
    assert _check(factory, token) is None


def test_the_secret_is_made_once_and_shared(factory: sessionmaker[Session]) -> None:
    with transaction(factory) as s:
        made = remembered.login_secret(s)
    with transaction(factory) as s:
        assert remembered.login_secret(s) == made
        assert len(made) >= 48


def test_a_handoff_gives_its_token_for_a_minute_only(
        factory: sessionmaker[Session], actor: Actor) -> None:
    token = _issue(factory, actor.id)
    with transaction(factory) as s:
        handoff = remembered.handoff(session=s, token=token)
        assert handoff != token
        assert remembered.redeem(session=s, handoff_value=handoff) == token
        assert remembered.redeem(session=s, handoff_value=handoff,
                                 now=utcnow() + timedelta(seconds=61)) is None
        # A token is no handoff, nor the other way round (another salt).
        assert remembered.redeem(session=s, handoff_value=token) is None
    assert _check(factory, handoff) is None
