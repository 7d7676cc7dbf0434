"""What an administrator does with accounts and teams, each change on record.

Only the administrator role may call these; they see no case content. Passwords are
argon2-hashed (``auth.service``) and at least ``MIN_PASSWORD_LENGTH`` long. An account is
deactivated, never deleted: the audit trail and the cases keep pointing at it.

Nothing here gives case access: a new account, a password set here and a changed role,
team or sign-on address all wait for a team lead's confirmation (``auth.confirmation``),
and a password set here is one-time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from auth.access import record, require_role
from auth.confirmation import (
    MIN_PASSWORD_LENGTH as MIN_PASSWORD_LENGTH,  # the accounts page shows it
)
from auth.confirmation import (
    ConfirmReason,
    set_one_time_password,
    unconfirm,
)
from auth.service import Actor, UserCreate, create_user
from sofs_core.clock import utcnow
from sofs_core.codes import AuditAction, Role
from sofs_core.errors import FieldError, NotFound, ValidationFailed
from sofs_core.text import search_key
from storage.models import Team, User

ADMIN = (Role.ADMIN,)


@dataclass(frozen=True)
class Account:
    id: int
    username: str
    display_name: str
    role: Role
    team_id: int | None
    team: str
    email: str
    active: bool
    # Waits for a team lead's confirmation before it has case access.
    awaiting_confirmation: bool
    # Its owner has yet to replace the one-time password the administrator set.
    one_time_password: bool
    last_login_at: datetime | None


@dataclass(frozen=True)
class TeamView:
    id: int
    name: str


def list_teams(*, session: Session, actor: Actor) -> list[TeamView]:
    require_role(actor, ADMIN, "accounts/list_teams")
    rows = session.execute(select(Team.id, Team.name))
    return sorted((TeamView(r.id, r.name) for r in rows), key=lambda t: search_key(t.name))


def create_team(*, session: Session, actor: Actor, name: str) -> int:
    require_role(actor, ADMIN, "accounts/create_team")
    clean = name.strip()
    if not clean:
        raise ValidationFailed([FieldError("team_name", "error.required")])
    if session.scalar(select(Team.id).where(func.lower(Team.name) == clean.lower())):
        raise ValidationFailed([FieldError("team_name", "error.team_exists")])
    team = Team(name=clean)
    session.add(team)
    session.flush()
    record(session, actor, AuditAction.ACCOUNT, f"accounts/create_team:{team.id}")
    return team.id


def list_accounts(*, session: Session, actor: Actor) -> list[Account]:
    require_role(actor, ADMIN, "accounts/list_accounts")
    rows = session.execute(select(User, Team.name).outerjoin(Team, Team.id == User.team_id))
    accounts = [
        Account(u.id, u.username, u.display_name, u.role, u.team_id, team or "", u.email or "",
                u.is_active, u.role is not Role.ADMIN and u.confirmed_at is None,
                u.must_change_password, u.last_login_at)
        for u, team in rows
    ]
    return sorted(accounts, key=lambda a: (not a.active, search_key(a.display_name)))


def _check_team(session: Session, team_id: int | None) -> None:
    if team_id is not None and session.get(Team, team_id) is None:
        raise ValidationFailed([FieldError("team_id", "error.unknown_team")])


def _check_email(session: Session, email: str, user_id: int | None) -> str | None:
    clean = email.strip().casefold()
    if not clean:
        return None
    if "@" not in clean:
        raise ValidationFailed([FieldError("email", "error.email_invalid")])
    other = session.scalar(select(User.id).where(User.email == clean))
    if other is not None and other != user_id:
        raise ValidationFailed([FieldError("email", "error.email_taken")])
    return clean


def create_account(*, session: Session, actor: Actor, data: UserCreate,
                   team_id: int | None = None, email: str = "") -> int:
    require_role(actor, ADMIN, "accounts/create_account")
    _check_team(session, team_id)
    clean_email = _check_email(session, email, None)
    created = create_user(session=session, user_create=UserCreate(
        data.username, data.display_name, data.password, data.role, MIN_PASSWORD_LENGTH))
    user = session.get_one(User, created.id)
    user.team_id, user.email = team_id, clean_email
    user.must_change_password = True
    unconfirm(user, ConfirmReason.NEW)
    session.flush()
    record(session, actor, AuditAction.ACCOUNT, f"accounts/create_account:{user.id}")
    return user.id


def _user(session: Session, user_id: int) -> User:
    user = session.get(User, user_id)
    if user is None:
        raise NotFound()
    return user


def update_account(*, session: Session, actor: Actor, user_id: int, display_name: str,
                   role: Role, team_id: int | None, email: str = "") -> None:
    """Name, role, team and sign-on address; an administrator cannot demote themselves
    (the installation would be left without one)."""
    require_role(actor, ADMIN, "accounts/update_account")
    user = _user(session, user_id)
    if not display_name.strip():
        raise ValidationFailed([FieldError("display_name", "error.required")])
    if user_id == actor.id and role is not Role.ADMIN:
        raise ValidationFailed([FieldError("role", "error.own_admin_role")])
    _check_team(session, team_id)
    clean_email = _check_email(session, email, user_id)
    if (user.role, user.team_id, user.email) != (role, team_id, clean_email):
        # Another role, team or sign-on address is another access: its team lead confirms.
        unconfirm(user, ConfirmReason.CHANGED)
    user.email = clean_email
    user.display_name, user.role, user.team_id = display_name.strip(), role, team_id
    session.flush()
    record(session, actor, AuditAction.ACCOUNT, f"accounts/update_account:{user_id}")


def set_active(*, session: Session, actor: Actor, user_id: int, active: bool) -> None:
    """Deactivate (or reactivate) an account; a deactivated account cannot log in and its
    open sessions end at their next step."""
    require_role(actor, ADMIN, "accounts/set_active")
    if user_id == actor.id and not active:
        raise ValidationFailed([FieldError("active", "error.own_account")])
    user = _user(session, user_id)
    user.is_active = active
    session.flush()
    what = "activate" if active else "deactivate"
    record(session, actor, AuditAction.ACCOUNT, f"accounts/{what}:{user_id}")


def reset_password(*, session: Session, actor: Actor, user_id: int, password: str) -> None:
    """A one-time password (the administrator tells the person): its owner must choose
    their own at the next login, and their team lead confirms the account again."""
    require_role(actor, ADMIN, "accounts/reset_password")
    user = _user(session, user_id)
    set_one_time_password(user, password, utcnow())
    unconfirm(user, ConfirmReason.PASSWORD_RESET)
    session.flush()
    record(session, actor, AuditAction.ACCOUNT, f"accounts/reset_password:{user_id}")


def actor_for_sign_on(*, session: Session, email: str) -> Actor | None:
    """The account an identity provider's verified e-mail address belongs to, if it is
    active; roles stay ours. The login is recorded either way."""
    clean = email.strip().casefold()
    user = session.scalar(select(User).where(User.email == clean)) if clean else None
    if user is None or not user.is_active:
        record(session, None, AuditAction.LOGIN_FAILED, "login/sign_on",
               name=user.username if user else "")
        return None
    user.last_login_at = utcnow()
    actor = Actor(user.id, user.username, user.display_name, user.role, user.locale,
                  user.team_id)
    record(session, actor, AuditAction.LOGIN, "login/sign_on")
    return actor
