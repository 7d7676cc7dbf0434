"""Login with argon2 hashes and lockout after repeated wrong passwords."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy.orm import Session, sessionmaker

from auth import LockoutPolicy, UserCreate, active_actor, authenticate, create_user
from sofs_core.clock import utcnow
from sofs_core.errors import FieldError, ValidationFailed
from storage.db import transaction
from storage.enums import Role
from storage.models import User

POLICY = LockoutPolicy(max_failed_logins=5, lockout=timedelta(minutes=15))


@pytest.fixture
def user_id(factory: sessionmaker[Session]) -> int:
    with transaction(factory) as s:
        return create_user(session=s, user_create=UserCreate(
            "Lotte", "Lotte Peeters", "correct horse battery", Role.COUNSELLOR)).id


def _login(factory: sessionmaker[Session], username: str, password: str, **kw: object):
    with transaction(factory) as s:
        return authenticate(session=s, username=username, password=password, policy=POLICY,
                            **kw)  # type: ignore[arg-type]


def test_password_is_stored_as_argon2_hash(factory: sessionmaker[Session], user_id: int) -> None:
    with factory() as s:
        stored = s.get_one(User, user_id).password_hash
    assert stored.startswith("$argon2id$")
    assert "correct horse" not in stored


def test_correct_login_gives_the_actor_whatever_the_case_of_the_name(
    factory: sessionmaker[Session], user_id: int
) -> None:
    actor = _login(factory, " LOTTE ", "correct horse battery")
    assert actor is not None and actor.id == user_id and actor.role is Role.COUNSELLOR


@pytest.mark.parametrize(("username", "password"), [
    ("lotte", "wrong"), ("nobody", "correct horse battery"), ("", "")])
def test_wrong_login_gives_nothing(
    factory: sessionmaker[Session], user_id: int, username: str, password: str
) -> None:
    assert _login(factory, username, password) is None


def test_five_wrong_passwords_lock_the_account_for_a_while(
    factory: sessionmaker[Session], user_id: int
) -> None:
    now = utcnow()
    for _ in range(4):
        assert _login(factory, "lotte", "wrong", now=now) is None
    assert _login(factory, "lotte", "correct horse battery", now=now) is not None  # resets
    for _ in range(5):
        assert _login(factory, "lotte", "wrong", now=now) is None
    # Locked: even the right password fails, and says no more than any failure.
    assert _login(factory, "lotte", "correct horse battery", now=now) is None
    later = now + timedelta(minutes=16)
    assert _login(factory, "lotte", "correct horse battery", now=later) is not None


def test_deactivated_account_cannot_log_in_or_keep_a_session(
    factory: sessionmaker[Session], user_id: int
) -> None:
    with transaction(factory) as s:
        s.get_one(User, user_id).is_active = False
    assert _login(factory, "lotte", "correct horse battery") is None
    with factory() as s:
        assert active_actor(session=s, user_id=user_id) is None


def test_create_user_refuses_short_passwords_and_duplicate_names(
    factory: sessionmaker[Session], user_id: int
) -> None:
    with pytest.raises(ValidationFailed) as refused, transaction(factory) as s:
        create_user(session=s, user_create=UserCreate("lotte", "", "kort", Role.ADMIN))
    assert list(refused.value.errors) == [
        FieldError("username", "error.username_taken"),
        FieldError("display_name", "error.required"),
        FieldError("password", "error.password_too_short", {"min": 10}),
    ]


def test_wrong_guesses_count_even_from_a_session_holding_an_old_count(
    factory: sessionmaker[Session], user_id: int
) -> None:
    # Session A has the user loaded with 0 failures while other attempts fail meanwhile,
    # as with parallel login attempts: A's failure must add to the stored count.
    with factory() as a:
        a.get_one(User, user_id)
        for _ in range(4):
            assert _login(factory, "lotte", "wrong") is None
        assert authenticate(session=a, username="lotte", password="wrong", policy=POLICY) is None
        a.commit()
    assert _login(factory, "lotte", "correct horse battery") is None  # the fifth locked it
