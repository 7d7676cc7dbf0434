"""Who a family calls: their counsellor, the service (and its 24/7 crisis line), and the
emergency numbers of Flanders.

The service's name and numbers are the organisation's settings, kept like its own words:
a file ``organisation.toml`` in the catalogue override folder, read again whenever it
changes (no restart)::

    [service]
    name = "Jeugdhulp Het Anker"
    phone = "09 123 45 67"
    crisis_phone = "0800 12 345"     # 24 hours a day, 7 days a week

    [[emergency]]                    # replaces the default list (112, 1712, 102)
    number = "112"
    name = ""                        # a name for the line, as it is called ("Awel")
    words = "call.e112"              # the catalogue key that says when to call it
    child_words = "call_child.e112"  # the same for children (optional)

A counsellor's phone is on their account. An account without one prints the service's.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from auth import Actor
from auth.access import Need, check_case, require_role
from sofs_core.codes import Role
from sofs_core.errors import FieldError, NotFound, ValidationFailed
from storage.models import User, case_counsellors

FILE_NAME = "organisation.toml"
# The accounts that work with families and so print documents for them.
CASE_WORKERS = (Role.COUNSELLOR, Role.TEAM_LEAD)


@dataclass(frozen=True)
class Phone:
    """One line of "who to call": a name (or none, for an emergency number), the number
    as typed, and the catalogue key saying what the number is for."""

    name: str
    number: str
    label_key: str = ""
    child_key: str = ""  # the same said to a child (emergency numbers), or "" for none


# The numbers that apply in Flanders: emergencies; violence, abuse and child abuse (1712);
# Awel, where children and young people can talk about anything (102).
FLEMISH_EMERGENCY = (Phone("", "112", "call.e112", "call_child.e112"),
                     Phone("", "1712", "call.e1712", "call_child.e1712"),
                     Phone("Awel", "102", "call.e102", "call_child.e102"))


@dataclass(frozen=True)
class Organisation:
    """The service's own settings for printed documents."""

    name: str = ""
    phone: str = ""
    crisis_phone: str = ""
    emergency: tuple[Phone, ...] = FLEMISH_EMERGENCY
    unreadable: bool = False  # the file is there but not valid: the plan page says so


@dataclass(frozen=True)
class WhoToCall:
    # The case's counsellors, each with their own phone or, without one, the service's.
    counsellors: tuple[Phone, ...] = ()
    service: Phone | None = None  # the service's name and phone, when set
    crisis: Phone | None = None  # the service's 24/7 number (label "call.crisis")
    emergency: tuple[Phone, ...] = FLEMISH_EMERGENCY
    without_phone: tuple[str, ...] = ()  # names of the case's counsellors without a phone

    @property
    def service_lines(self) -> tuple[Phone, ...]:
        """The family's counsellors, the service and its 24/7 line, in that order."""
        taken = {p.number for p in self.counsellors}
        service = (self.service,) if self.service and self.service.number not in taken else ()
        return (*self.counsellors, *service, *((self.crisis,) if self.crisis else ()))


def _text(table: object, key: str) -> str:
    value = table.get(key, "") if isinstance(table, dict) else ""
    return value.strip() if isinstance(value, str) else ""


def read_organisation(path: Path) -> Organisation:
    """The settings in ``path``; what it leaves out keeps its default. A file that is not
    valid TOML raises ``tomllib.TOMLDecodeError`` (the start-up check names the file)."""
    with path.open("rb") as handle:
        data = tomllib.load(handle)
    service = data.get("service", {})
    listed = data.get("emergency")
    emergency: tuple[Phone, ...] = FLEMISH_EMERGENCY
    if isinstance(listed, list):
        emergency = tuple(Phone(_text(e, "name"), _text(e, "number"), _text(e, "words"),
                                _text(e, "child_words"))
                          for e in listed if _text(e, "number"))
    return Organisation(name=_text(service, "name"), phone=_text(service, "phone"),
                        crisis_phone=_text(service, "crisis_phone"), emergency=emergency)


def load_organisation(directory: Path | None) -> Organisation:
    """The organisation's settings from ``directory`` (the catalogue override folder),
    read again when the file changes; the defaults when there is none."""
    path = directory / FILE_NAME if directory is not None else None
    if path is None or not path.is_file():
        return Organisation()
    found = path.stat()
    return _load(path, (found.st_mtime_ns, found.st_size, found.st_ino))


@lru_cache(maxsize=4)
def _load(path: Path, _stamp: tuple[int, int, int]) -> Organisation:
    # A typo in the file must not stop anyone from printing: the defaults print, and the
    # plan page names the file to fix.
    try:
        return read_organisation(path)
    except (tomllib.TOMLDecodeError, UnicodeDecodeError, OSError):
        return Organisation(unreadable=True)


def who_to_call(*, session: Session, actor: Actor, case_id: int,
                organisation: Organisation) -> WhoToCall:
    """Who the family of ``case_id`` calls, for the printed documents."""
    check_case(session, actor, case_id, Need.READ, "plans/who_to_call")
    rows = session.execute(
        select(User.display_name, User.phone)
        .join(case_counsellors, case_counsellors.c.user_id == User.id)
        .where(case_counsellors.c.case_id == case_id, User.is_active)
        .order_by(User.display_name, User.id)).all()
    service = Phone(organisation.name, organisation.phone, "call.service") \
        if organisation.phone else None
    crisis = Phone(organisation.name, organisation.crisis_phone, "call.crisis") \
        if organisation.crisis_phone else None
    fallback = organisation.phone
    return WhoToCall(
        counsellors=tuple(Phone(name, phone.strip() or fallback, "call.counsellor")
                          for name, phone in rows if phone.strip() or fallback),
        service=service, crisis=crisis, emergency=organisation.emergency,
        without_phone=tuple(name for name, phone in rows if not phone.strip()))


# A phone number as people write it: digits, spaces and + ( ) - . /
PHONE = re.compile(r"^\+?[0-9 ()./-]{2,30}$")


def set_my_phone(*, session: Session, actor: Actor, phone: str) -> str:
    """The acting counsellor's own work phone, printed for the families of their cases.

    Only the account's owner sets it: a number that reaches families is not the
    administrator's to change (no administrator reaches a family alone).
    """
    require_role(actor, CASE_WORKERS, "account/set_my_phone")
    clean = " ".join(phone.split())
    if clean and (not PHONE.match(clean) or sum(c.isdigit() for c in clean) < 2):
        raise ValidationFailed([FieldError("phone", "error.phone_invalid")])
    user = session.get(User, actor.id)
    if user is None:
        raise NotFound()
    user.phone = clean
    session.flush()
    return clean


def my_phone(*, session: Session, actor: Actor) -> str:
    user = session.get(User, actor.id)
    return user.phone if user is not None else ""
