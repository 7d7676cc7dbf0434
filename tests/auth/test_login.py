"""Login with argon2 hashes; growing delays, never a lockout, after wrong passwords, per
account and per client address, kept in the database."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from auth import ThrottlePolicy, UserCreate, active_actor, authenticate, create_user
from sofs_core.clock import utcnow
from sofs_core.codes import AuditAction, Role
from sofs_core.errors import FieldError, ValidationFailed
from storage.db import transaction
from storage.models import AuditEvent, LoginThrottle, User

POLICY = ThrottlePolicy(free_failures=3, address_free_failures=5,
                        first_delay=timedelta(seconds=2), max_delay=timedelta(seconds=60))
RIGHT = "correct horse battery"


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


@pytest.mark.parametrize(("failures", "seconds"), [
    (0, 0), (3, 0), (4, 2), (5, 4), (6, 8), (9, 60), (10_000, 60)])
def test_the_delay_grows_after_the_free_failures_up_to_a_ceiling(
    failures: int, seconds: int
) -> None:
    assert POLICY.delay(failures, POLICY.free_failures) == timedelta(seconds=seconds)


def test_wrong_passwords_slow_the_account_down_and_the_right_one_works_after_the_wait(
    factory: sessionmaker[Session], user_id: int
) -> None:
    now = utcnow()
    for _ in range(3):  # the free ones
        assert _login(factory, "lotte", "wrong", now=now) is None
    assert _login(factory, "lotte", RIGHT, now=now) is not None  # and the count starts over
    for _ in range(4):
        assert _login(factory, "lotte", "wrong", now=now) is None
    # During the wait even the right password fails, and says no more than any failure;
    # tries in the wait are not counted, so they do not make it longer.
    for _ in range(5):
        assert _login(factory, "lotte", RIGHT, now=now + timedelta(seconds=1)) is None
    with factory() as s:
        user = s.get_one(User, user_id)
        assert user.failed_logins == 4
        assert user.throttled_until == now + timedelta(seconds=2)
    # No lockout: the right password works as soon as the wait is over.
    assert _login(factory, "lotte", RIGHT, now=now + timedelta(seconds=2)) is not None
    with factory() as s:
        assert s.get_one(User, user_id).failed_logins == 0


def test_an_attacker_cannot_lock_the_owner_out_for_long(
    factory: sessionmaker[Session], user_id: int
) -> None:
    now = utcnow()
    for _ in range(30):
        _login(factory, "lotte", "wrong", now=now, client="203.0.113.9")
        now += POLICY.max_delay  # as fast as the delays allow
    assert _login(factory, "lotte", RIGHT, now=now + POLICY.max_delay,
                  client="192.0.2.20") is not None


def test_wrong_tries_from_one_address_slow_that_address_whatever_names_it_types(
    factory: sessionmaker[Session], user_id: int
) -> None:
    now = utcnow()
    for name in ("an", "bart", "cis", "dirk", "els", "frank"):  # no accounts at all
        assert _login(factory, name, "x", now=now, client="203.0.113.9") is None
    # The sixth failure of the address made it wait, for every name, even the right one;
    # another address is not slowed down.
    assert _login(factory, "lotte", RIGHT, now=now, client="203.0.113.9") is None
    assert _login(factory, "lotte", RIGHT, now=now, client="192.0.2.20") is not None
    assert _login(factory, "lotte", RIGHT, now=now + timedelta(seconds=2),
                  client="203.0.113.9") is not None
    with factory() as s:
        stored = s.scalars(select(LoginThrottle.address)).all()
    assert stored == ["203.0.113.9"]


def test_an_address_is_forgotten_an_hour_after_its_last_failure(
    factory: sessionmaker[Session], user_id: int
) -> None:
    now = utcnow()
    for _ in range(6):
        _login(factory, "niemand", "x", now=now, client="203.0.113.9")
    later = now + timedelta(hours=1, seconds=1)
    assert _login(factory, "niemand", "x", now=later, client="203.0.113.7") is None
    with factory() as s:
        rows = s.execute(select(LoginThrottle.address, LoginThrottle.failures)).all()
    assert [tuple(r) for r in rows] == [("203.0.113.7", 1)]


def test_a_failed_login_keeps_the_typed_name_only_when_it_is_an_account(
    factory: sessionmaker[Session], user_id: int
) -> None:
    assert _login(factory, "Lotte", "wrong") is None
    assert _login(factory, "correct horse battery", "") is None  # a password, wrong field
    with factory() as s:
        names = s.execute(select(AuditEvent.actor_id, AuditEvent.actor_name)
                          .where(AuditEvent.action == AuditAction.LOGIN_FAILED)
                          .order_by(AuditEvent.id)).all()
    assert [tuple(n) for n in names] == [(user_id, "lotte"), (None, "")]
    assert all("horse" not in str(n) for n in names)


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


def test_wrong_guesses_count_even_from_a_session_holding_an_old_state(
    factory: sessionmaker[Session], user_id: int
) -> None:
    # Session A has the user loaded with 0 failures and no wait while other attempts fail
    # meanwhile, as with parallel login attempts (several app processes): A's failure must
    # add to the stored count, and A must see the wait the others caused.
    now = utcnow()
    with factory() as a:
        a.get_one(User, user_id)
        for _ in range(3):
            assert _login(factory, "lotte", "wrong", now=now) is None
        assert authenticate(session=a, username="lotte", password="wrong", policy=POLICY,
                            now=now) is None
        a.commit()
    with factory() as s:
        assert s.get_one(User, user_id).failed_logins == 4
    with factory() as a:
        a.get_one(User, user_id)  # loaded before the wait below
        # After the 2 s wait of the fourth, the fifth failure: 4 s more.
        assert _login(factory, "lotte", "wrong", now=now + timedelta(seconds=2)) is None
        assert authenticate(session=a, username="lotte", password=RIGHT, policy=POLICY,
                            now=now + timedelta(seconds=5)) is None
        a.commit()
    assert _login(factory, "lotte", RIGHT, now=now + timedelta(seconds=6)) is not None
