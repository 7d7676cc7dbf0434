"""Growing delays after wrong logins, per account and per client address; never a lockout.

A lockout after N wrong passwords lets anyone keep a counsellor out of the tool during a
family meeting by typing her name with wrong passwords. Here each failure past a few free
ones makes the next try wait longer (2 s, 4 s, 8 s ... up to a ceiling). A try during the
wait is refused without being counted, and the right password works again as soon as the
wait is over. The state lives in the database, so several app processes that share one
PostgreSQL share it too.

Per account: the counter on the user row, reset by a good login. Per client address: one
row per address, whatever names were typed (unknown names too, so guessing names is slowed
the same way), forgotten an hour after its last failure.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import case, delete, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from storage.models import LoginThrottle, User


@dataclass(frozen=True)
class ThrottlePolicy:
    """How fast the delays grow. The address gets more free failures than an account: a
    whole office may share one address."""

    free_failures: int = 3
    address_free_failures: int = 10
    first_delay: timedelta = timedelta(seconds=2)
    max_delay: timedelta = timedelta(seconds=60)
    # An address's failures are forgotten this long after its last one.
    forget_address_after: timedelta = timedelta(hours=1)

    def delay(self, failures: int, free: int) -> timedelta:
        """The wait after ``failures`` failures in a row, of which ``free`` cost nothing."""
        over = failures - free
        if over <= 0:
            return timedelta(0)
        # Capped before raising 2 to a power, so a long attack cannot overflow anything.
        doublings = min(over - 1, 30)
        return min(self.first_delay * (1 << doublings), self.max_delay)


def is_throttled(session: Session, user: User | None, address: str | None,
                 now: datetime) -> bool:
    """Must this try wait? (Then it is refused like any failure, and not counted.)"""
    if user is not None and user.throttled_until is not None and user.throttled_until > now:
        return True
    if not address:
        return False
    until = session.scalar(select(LoginThrottle.throttled_until).where(
        LoginThrottle.address == _key(address)))
    return until is not None and until > now


def count_failure(session: Session, policy: ThrottlePolicy, user: User | None,
                  address: str | None, now: datetime) -> None:
    """One more wrong login for the account (if the name is one) and for the address.

    The counters are raised in SQL, not in Python: parallel wrong guesses from several
    processes must all count.
    """
    if user is not None:
        failures = session.execute(
            update(User).where(User.id == user.id)
            .values(failed_logins=User.failed_logins + 1)
            .returning(User.failed_logins)
        ).scalar_one()
        wait = policy.delay(failures, policy.free_failures)
        if wait:
            session.execute(update(User).where(User.id == user.id)
                            .values(throttled_until=now + wait))
    if address:
        _count_address_failure(session, policy, _key(address), now)


def clear_account(user: User) -> None:
    """A good login (or a new password) starts the account's count afresh."""
    user.failed_logins = 0
    user.throttled_until = None


def _count_address_failure(session: Session, policy: ThrottlePolicy, key: str,
                           now: datetime) -> None:
    stale = now - policy.forget_address_after
    session.execute(delete(LoginThrottle).where(LoginThrottle.last_failure_at < stale))
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    statement = insert(LoginThrottle).values(address=key, failures=1, last_failure_at=now)
    failures = session.execute(
        statement.on_conflict_do_update(
            index_elements=[LoginThrottle.address],
            set_={
                "failures": case((LoginThrottle.last_failure_at < stale, 1),
                                 else_=LoginThrottle.failures + 1),
                "last_failure_at": now,
            },
        ).returning(LoginThrottle.failures)
    ).scalar_one()
    wait = policy.delay(failures, policy.address_free_failures)
    if wait:
        session.execute(update(LoginThrottle).where(LoginThrottle.address == key)
                        .values(throttled_until=now + wait))


def _key(address: str) -> str:
    return address.strip()[:64]
