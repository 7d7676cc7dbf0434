"""Nothing an administrator does alone gives anyone access to a family (issue 18).

Case access (auth.access) needs an account that a team lead has confirmed. Creating an
account, setting its password, or changing its role, team or sign-on address (the
administrator's work, auth.accounts) clears the confirmation, so an administrator who
makes an account, or sets a password and logs in with it, reaches no case. Then:

- a confirmed team lead of the account's team confirms it (accounts without a team, the
  consultants of the referring bodies, by any confirmed team lead), and only once its
  owner has replaced the one-time password the administrator set: the lead confirms that
  the person using the account is who it says;
- a team with no confirmed team lead yet (a new installation, a new team) is confirmed from
  the server: `sofs confirm-account NAME` by someone with access to the server and its
  database, which is a trust level of its own (they could read the database anyway).

A password the administrator sets is one-time: its owner must choose their own before
anything else, and sees when it was set; their team lead sees it among the accounts to
confirm.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from auth.access import AccessRefused, record
from auth.service import Actor, hash_password, verify_password
from auth.throttle import clear_account
from sofs_core.clock import utcnow
from sofs_core.codes import AuditAction, Role
from sofs_core.errors import FieldError, NotFound, ValidationFailed
from sofs_core.text import search_key
from storage.models import User

MIN_PASSWORD_LENGTH = 10


class ConfirmReason(StrEnum):
    """Why an account waits for its team lead."""

    NEW = "new"  # the administrator created it
    PASSWORD_RESET = "password_reset"  # noqa: S105 - the administrator set its password
    CHANGED = "changed"  # the administrator changed its role, team or sign-on address


def unconfirm(user: User, reason: ConfirmReason) -> None:
    user.confirmed_at = None
    user.confirmed_by_id = None
    user.unconfirmed_reason = reason.value


def set_one_time_password(user: User, password: str, at: datetime) -> None:
    """The administrator's password: works once, to choose one's own."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValidationFailed([FieldError("password", "error.password_too_short",
                                           {"min": MIN_PASSWORD_LENGTH})])
    user.password_hash = hash_password(password)
    user.must_change_password = True
    user.password_reset_at = at
    clear_account(user)


@dataclass(frozen=True)
class PendingAccount:
    id: int
    username: str
    display_name: str
    role: Role
    reason: ConfirmReason
    password_reset_at: datetime | None
    # The owner still has to replace the administrator's one-time password.
    waiting_for_owner: bool


def _lead(session: Session, actor: Actor, subject: str) -> User:
    """The actor as a confirmed, active team lead with a team, or a refusal."""
    lead = session.get(User, actor.id)
    if (lead is None or lead.role is not Role.TEAM_LEAD or lead.team_id is None
            or not lead.is_active or lead.confirmed_at is None):
        raise AccessRefused(actor, None, subject)
    return lead


def _confirmable(lead: User) -> object:
    """The accounts this lead confirms: their team's, and team-less non-administrators."""
    return (
        User.confirmed_at.is_(None) & User.is_active & (User.role != Role.ADMIN)
        & (User.id != lead.id)
        & or_(User.team_id == lead.team_id,
              User.team_id.is_(None) & (User.role == Role.CONSULTANT))
    )


def pending_confirmations(*, session: Session, actor: Actor) -> list[PendingAccount]:
    """For a team lead: the accounts waiting for their confirmation, and why."""
    lead = _lead(session, actor, "accounts/pending_confirmations")
    users = session.scalars(select(User).where(_confirmable(lead)))  # type: ignore[arg-type]
    found = [PendingAccount(u.id, u.username, u.display_name, u.role,
                            ConfirmReason(u.unconfirmed_reason or ConfirmReason.NEW),
                            u.password_reset_at, u.must_change_password) for u in users]
    return sorted(found, key=lambda p: search_key(p.display_name))


def confirm_account(*, session: Session, actor: Actor, user_id: int) -> None:
    """A team lead confirms an account of their team: from now on it has its case access."""
    lead = _lead(session, actor, f"accounts/confirm:{user_id}")
    user = session.scalar(select(User).where(User.id == user_id,
                                             _confirmable(lead)))  # type: ignore[arg-type]
    if user is None:
        raise AccessRefused(actor, None, f"accounts/confirm:{user_id}")
    if user.must_change_password:
        raise ValidationFailed([FieldError("confirm", "error.confirm_after_own_password")])
    user.confirmed_at = utcnow()
    user.confirmed_by_id = lead.id
    user.unconfirmed_reason = None
    session.flush()
    record(session, actor, AuditAction.ACCOUNT, f"accounts/confirm:{user_id}")


def confirm_from_server(*, session: Session, username: str) -> None:
    """The bootstrap: someone with access to the server confirms an account (the CLI)."""
    user = session.scalar(select(User).where(User.username == username.strip().casefold()))
    if user is None:
        raise NotFound()
    user.confirmed_at = utcnow()
    user.confirmed_by_id = None
    user.unconfirmed_reason = None
    session.flush()
    record(session, None, AuditAction.ACCOUNT, f"accounts/confirm_on_server:{user.id}",
           name="(server)")


@dataclass(frozen=True)
class PasswordNotice:
    """What the owner of an account with a one-time password is told."""

    reset_at: datetime | None


def password_notice(*, session: Session, actor: Actor) -> PasswordNotice | None:
    user = session.get(User, actor.id)
    if user is None or not user.must_change_password:
        return None
    return PasswordNotice(user.password_reset_at)


def change_own_password(*, session: Session, actor: Actor, current: str, new: str,
                        repeated: str) -> None:
    """The owner replaces a password (the administrator's one-time one) with their own."""
    user = session.get(User, actor.id)
    if user is None or not user.is_active:
        raise NotFound()
    errors: list[FieldError] = []
    if not verify_password(user.password_hash, current):
        errors.append(FieldError("current_password", "error.wrong_password"))
    if len(new) < MIN_PASSWORD_LENGTH:
        errors.append(FieldError("new_password", "error.password_too_short",
                                 {"min": MIN_PASSWORD_LENGTH}))
    elif new == current:
        errors.append(FieldError("new_password", "error.password_not_new"))
    elif new != repeated:
        errors.append(FieldError("repeat_password", "error.passwords_differ"))
    if errors:
        raise ValidationFailed(errors)
    user.password_hash = hash_password(new)
    user.must_change_password = False
    session.flush()
    record(session, actor, AuditAction.ACCOUNT, f"accounts/change_own_password:{user.id}")
