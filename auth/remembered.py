"""A login that survives a server restart: a signed, expiring token bound to the account.

Streamlit keeps a login in the server's memory; a restart (an update, a crash, a second
process taking over) would log everyone out. The app therefore gives the browser a token
in an HttpOnly cookie (``sofs_app.login_cookie``) and, when a browser comes back without a
live session, accepts it here:

- signed with a secret that lives in the database (``app_meta``), so every app process
  sharing the database accepts every other's tokens, and nobody can make one without it;
- expired after the idle timeout, counted from when it was issued (the app issues a new
  one while the user works, so it never outlives the last activity by more than that);
- bound to the account: to its current password (a reset or a change voids every older
  token), to its per-account epoch (a logout voids all of them, in every browser), and to
  the account being active (checked when the token is used, never trusted from it).

The token names an account id and nothing of any case. Nothing here commits.
"""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime

from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from sofs_core.clock import utcnow
from storage.models import AppMeta, User

COOKIE_NAME = "sofs_login"
# The app_meta key of the signing secret; made by the first process that needs it.
SIGNING_KEY_ROW = "login_token_secret"
_EPOCH_PREFIX = "login_epoch:"
_LOGIN_SALT = "sofs.login-token"
_HANDOFF_SALT = "sofs.login-handoff"
# A handoff carries a fresh token from the app's page to the cookie endpoint, once.
HANDOFF_SECONDS = 60


@dataclass(frozen=True)
class Remembered:
    """What a valid token says: whose login, and when it was last renewed."""

    user_id: int
    issued_at: datetime


def login_secret(session: Session) -> str:
    """The installation's signing secret, made (and stored) on first use.

    Two processes may make one at the same moment: the first insert wins, the other reads it.
    Read each time (one row by key, at most once a minute per user), not kept in memory: a
    restored backup brings its own secret.
    """
    row = session.get(AppMeta, SIGNING_KEY_ROW)
    if row is None:
        try:
            with session.begin_nested():
                session.add(AppMeta(key=SIGNING_KEY_ROW, value=secrets.token_urlsafe(48)))
        except IntegrityError:
            pass
        row = session.get_one(AppMeta, SIGNING_KEY_ROW, populate_existing=True)
    return row.value


def _epoch(session: Session, user_id: int) -> int:
    row = session.get(AppMeta, f"{_EPOCH_PREFIX}{user_id}", populate_existing=True)
    return int(row.value) if row is not None else 0


def revoke_all(*, session: Session, user_id: int) -> None:
    """Void every token of the account (a logout): its epoch moves on."""
    key = f"{_EPOCH_PREFIX}{user_id}"
    row = session.get(AppMeta, key, populate_existing=True)
    if row is not None:
        row.value = str(int(row.value) + 1)
        return
    try:
        with session.begin_nested():
            session.add(AppMeta(key=key, value="1"))
    except IntegrityError:
        # Another process revoked at the same moment: moving on once more is just as good.
        row = session.get_one(AppMeta, key, populate_existing=True)
        row.value = str(int(row.value) + 1)


def _password_mark(secret: str, password_hash: str) -> str:
    """Changes whenever the password does; tells nothing about the hash itself."""
    return hmac.new(secret.encode(), password_hash.encode(), "sha256").hexdigest()[:24]


def issue(*, session: Session, user_id: int, now: datetime | None = None) -> str:
    """A token for an active account, valid for one idle timeout from ``now``."""
    user = session.get(User, user_id)
    if user is None or not user.is_active:
        raise LookupError("no active account to remember")
    secret = login_secret(session)
    at = int((now or utcnow()).timestamp())
    payload = {"u": user.id, "e": _epoch(session, user.id),
               "p": _password_mark(secret, user.password_hash), "t": at}
    return str(URLSafeSerializer(secret, salt=_LOGIN_SALT).dumps(payload))


def check(*, session: Session, token: str, max_age_seconds: int,
          now: datetime | None = None) -> Remembered | None:
    """Who the token logs in, or None: forged, expired, revoked, another password, or an
    account that is gone or deactivated."""
    secret = login_secret(session)
    try:
        payload = URLSafeSerializer(secret, salt=_LOGIN_SALT).loads(token)
    except BadSignature:
        return None
    if not isinstance(payload, dict):
        return None
    user_id, epoch, mark, at = (payload.get(k) for k in ("u", "e", "p", "t"))
    if not (isinstance(user_id, int) and isinstance(epoch, int) and isinstance(mark, str)
            and isinstance(at, int)):
        return None
    age = int((now or utcnow()).timestamp()) - at
    if age < 0 or age > max_age_seconds:
        return None
    user = session.get(User, user_id)
    if user is None or not user.is_active or epoch != _epoch(session, user_id):
        return None
    if not hmac.compare_digest(mark, _password_mark(secret, user.password_hash)):
        return None
    return Remembered(user_id, datetime.fromtimestamp(at, UTC))


def handoff(*, session: Session, token: str, now: datetime | None = None) -> str:
    """A short-lived wrapper for ``token``, for the page to trade in at the cookie endpoint:
    the page's script sees this for a minute, never the token the cookie keeps."""
    at = int((now or utcnow()).timestamp())
    serializer = URLSafeSerializer(login_secret(session), salt=_HANDOFF_SALT)
    return str(serializer.dumps({"k": token, "t": at}))


def redeem(*, session: Session, handoff_value: str, now: datetime | None = None) -> str | None:
    """The token inside a handoff made in the last minute, or None."""
    try:
        payload = URLSafeSerializer(login_secret(session), salt=_HANDOFF_SALT).loads(
            handoff_value)
    except BadSignature:
        return None
    if not isinstance(payload, dict):
        return None
    token, at = payload.get("k"), payload.get("t")
    if not isinstance(token, str) or not isinstance(at, int):
        return None
    age = int((now or utcnow()).timestamp()) - at
    return token if 0 <= age <= HANDOFF_SECONDS else None
