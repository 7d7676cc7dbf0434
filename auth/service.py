"""Account services. Every function takes the session explicitly and never commits."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Protocol

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from auth import remembered, throttle
from auth.throttle import ThrottlePolicy
from sofs_core.clock import utcnow
from sofs_core.codes import AuditAction, Role
from sofs_core.errors import FieldError, ValidationFailed
from sofs_core.text import search_key
from storage.audit import append
from storage.models import User

_hasher = PasswordHasher()


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    return _hasher.hash("no such user: spend the same time as a real check")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


@dataclass(frozen=True)
class Actor:
    """The logged-in user as the domain sees them: ids and role, never an ORM object."""

    id: int
    username: str
    display_name: str
    role: Role
    locale: str | None
    team_id: int | None = None
    # For what the pages show only; every case check asks the database itself.
    must_change_password: bool = False
    awaiting_confirmation: bool = False


@dataclass(frozen=True)
class UserCreate:
    username: str
    display_name: str
    password: str
    role: Role
    min_password_length: int = 10


class _AccountFacts(Protocol):
    """What an Actor is made of: a User, or a row of the same columns."""

    @property
    def id(self) -> int: ...
    @property
    def username(self) -> str: ...
    @property
    def display_name(self) -> str: ...
    @property
    def role(self) -> Role: ...
    @property
    def locale(self) -> str | None: ...
    @property
    def team_id(self) -> int | None: ...
    @property
    def must_change_password(self) -> bool: ...
    @property
    def confirmed_at(self) -> datetime | None: ...


def _actor(user: _AccountFacts) -> Actor:
    return Actor(user.id, user.username, user.display_name, user.role, user.locale,
                 user.team_id, user.must_change_password,
                 user.role is not Role.ADMIN and user.confirmed_at is None)


def normalise_username(username: str) -> str:
    return username.strip().casefold()


def create_user(*, session: Session, user_create: UserCreate) -> Actor:
    username = normalise_username(user_create.username)
    errors: list[FieldError] = []
    if not username:
        errors.append(FieldError("username", "error.required"))
    elif session.scalar(select(User.id).where(User.username == username)) is not None:
        errors.append(FieldError("username", "error.username_taken"))
    if not user_create.display_name.strip():
        errors.append(FieldError("display_name", "error.required"))
    if len(user_create.password) < user_create.min_password_length:
        errors.append(
            FieldError(
                "password", "error.password_too_short", {"min": user_create.min_password_length}
            )
        )
    if errors:
        raise ValidationFailed(errors)
    user = User(
        username=username,
        display_name=user_create.display_name.strip(),
        password_hash=hash_password(user_create.password),
        role=user_create.role,
    )
    session.add(user)
    session.flush()
    return _actor(user)


def authenticate(
    *,
    session: Session,
    username: str,
    password: str,
    policy: ThrottlePolicy,
    client: str | None = None,
    now: datetime | None = None,
) -> Actor | None:
    """The actor for a correct login, else None; failed attempts are counted in the session.

    ``client`` is the client's address, for the delays per address (auth.throttle). The
    caller commits in both cases. Unknown user, wrong password, a try during a delay and a
    deactivated account all give None: the login page must not tell which one it was.
    A name that is no account is not recorded: it may be a password typed in the wrong
    field.
    """
    now = now or utcnow()
    name = normalise_username(username)
    # Fresh from the database, not from this session's memory: another process may have
    # counted failures (and set a wait) since the session loaded the account.
    user = session.scalar(select(User).where(User.username == name)
                          .execution_options(populate_existing=True))
    known = name if user is not None else ""
    if throttle.is_throttled(session, user, client, now):
        # Prevent timing attacks: a refused try costs as much as a real check.
        _verify(_dummy_hash(), password)
        _record_login(session, user.id if user else None, known, AuditAction.LOGIN_FAILED,
                      now, "throttled")
        return None
    if user is None:
        # Prevent timing attacks: verify against a dummy hash even when the user doesn't exist.
        _verify(_dummy_hash(), password)
        _record_login(session, None, "", AuditAction.LOGIN_FAILED, now)
        throttle.count_failure(session, policy, None, client, now)
        return None
    if not _verify(user.password_hash, password):
        _record_login(session, user.id, name, AuditAction.LOGIN_FAILED, now)
        throttle.count_failure(session, policy, user, client, now)
        return None
    if not user.is_active:
        _record_login(session, user.id, name, AuditAction.LOGIN_FAILED, now, "inactive")
        return None
    _record_login(session, user.id, name, AuditAction.LOGIN, now)
    throttle.clear_account(user)
    user.last_login_at = now
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    return _actor(user)


def _record_login(session: Session, user_id: int | None, username: str, action: AuditAction,
                  at: datetime, why: str = "") -> None:
    """Every login attempt goes on record, with the name only when it is an account's."""
    append(session, action, f"login/{why}" if why else "login", actor_id=user_id,
           actor_name=username, at=at)


def record_logout(*, session: Session, actor: Actor) -> None:
    """A logout is on record, and voids the login the account's browsers remember."""
    append(session, AuditAction.LOGOUT, "logout", actor_id=actor.id,
           actor_name=actor.username)
    remembered.revoke_all(session=session, user_id=actor.id)


def record_resumed_login(*, session: Session, actor: Actor) -> None:
    """A login taken up again from the browser's token after a restart is on record too."""
    append(session, AuditAction.LOGIN, "login/resumed", actor_id=actor.id,
           actor_name=actor.username)


def verify_password(password_hash: str, password: str) -> bool:
    """Does ``password`` match the stored hash? (False for a broken hash too.)"""
    return _verify(password_hash, password)


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


# Built once: building the statement would cost more than the database takes to answer it.
_ACTIVE_ACCOUNT = select(
    User.id, User.username, User.display_name, User.role, User.locale, User.team_id,
    User.must_change_password, User.confirmed_at,
).where(User.id == bindparam("user_id", type_=User.id.type), User.is_active)


def active_actor(*, session: Session, user_id: int) -> Actor | None:
    """The actor for a session's user id, or None if the account is gone or deactivated.

    Asked at the top of every rerun: one row of plain columns, no ORM object to build."""
    row = session.execute(_ACTIVE_ACCOUNT, {"user_id": user_id}).first()
    if row is None:
        return None
    return _actor(row)


def set_locale(*, session: Session, user_id: int, locale: str) -> None:
    user = session.get(User, user_id)
    if user is not None:
        user.locale = locale


@dataclass(frozen=True)
class UserOption:
    id: int
    display_name: str
    active: bool = True


def list_counsellors(*, session: Session, also: Sequence[int] = ()) -> list[UserOption]:
    """Active users who can be assigned to a case, plus the users ``also`` names (a case's
    counsellors whose account has since been deactivated), sorted as people read names."""
    counsellor = User.is_active & User.role.in_([Role.COUNSELLOR, Role.TEAM_LEAD])
    rows = session.execute(
        select(User.id, User.display_name, User.is_active).where(
            counsellor | User.id.in_(list(also)))
    )
    options = [UserOption(row.id, row.display_name, row.is_active) for row in rows]
    # In Python: SQLite and PostgreSQL would order "Ömer" and "de Smet" differently.
    return sorted(options, key=lambda o: search_key(o.display_name))


def list_consultants(*, session: Session, also: Sequence[int] = ()) -> list[UserOption]:
    """Active consultant accounts (OCJ, SDJ, VK) to choose as a case's consultant, plus the
    users ``also`` names (a case's consultant whose account has since been deactivated)."""
    consultant = User.is_active & (User.role == Role.CONSULTANT)
    rows = session.execute(
        select(User.id, User.display_name, User.is_active).where(
            consultant | User.id.in_(list(also)))
    )
    options = [UserOption(row.id, row.display_name, row.is_active) for row in rows]
    return sorted(options, key=lambda o: search_key(o.display_name))
