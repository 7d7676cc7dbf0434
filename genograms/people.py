"""Family members: names in any script, sex and gender apart, birth date or only the year."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from auth import Actor
from auth.access import Need, cases_of_family, cases_of_person, check_any
from sofs_core.clock import today
from sofs_core.codes import Gender, Sex
from sofs_core.errors import Conflict, FieldError, NotFound, ValidationFailed
from sofs_core.text import family_search_text, full_name
from storage.models import Family, Person

EARLIEST_BIRTH_YEAR = 1850  # great-grandparents; ages over 110 are warned about
_DAY_FIRST = re.compile(r"^\s*(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})\s*$")
_ISO = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$")
_YEAR = re.compile(r"^\s*(\d{4})\s*$")


@dataclass(frozen=True)
class Birth:
    """A birth as known: the full date, or only the year, or nothing."""

    date: date | None = None
    year: int | None = None

    def as_text(self) -> str:
        if self.date is not None:
            return self.date.strftime("%d/%m/%Y")
        return str(self.year) if self.year is not None else ""


def parse_birth(text: str, *, on: date | None = None) -> Birth:
    """Read '14/03/2015', '14-3-2015', '2015-03-14' or '2015'; raise ValidationFailed if not."""
    on = on or today()
    if not text.strip():
        return Birth()
    year_only = _YEAR.match(text)
    if year_only:
        year = int(year_only.group(1))
        _check_year(year, on)
        return Birth(year=year)
    day_first = _DAY_FIRST.match(text)
    iso = _ISO.match(text)
    if day_first:
        day, month, year = (int(g) for g in day_first.groups())
    elif iso:
        year, month, day = (int(g) for g in iso.groups())
    else:
        raise ValidationFailed([FieldError("birth", "error.birth_invalid")])
    try:
        born = date(year, month, day)
    except ValueError:
        raise ValidationFailed([FieldError("birth", "error.birth_invalid")]) from None
    _check_year(year, on)
    if born > on:
        raise ValidationFailed([FieldError("birth", "error.birth_in_future")])
    return Birth(date=born, year=year)


def _check_year(year: int, on: date) -> None:
    if year < EARLIEST_BIRTH_YEAR:
        raise ValidationFailed(
            [FieldError("birth", "error.birth_too_early", {"year": EARLIEST_BIRTH_YEAR})]
        )
    if year > on.year:
        raise ValidationFailed([FieldError("birth", "error.birth_in_future")])


@dataclass(frozen=True)
class PersonInput:
    first_name: str
    last_name: str = ""
    sex: Sex = Sex.UNKNOWN
    gender: Gender = Gender.NOT_RECORDED
    birth: str = ""
    notes: str = ""
    deceased: bool = False
    death_year: int | None = None
    called_by_children: str = ""  # "oma Rita", "mama": the child's page uses it


@dataclass(frozen=True)
class PersonDetail:
    id: int
    version: int
    family_id: int | None
    first_name: str
    last_name: str
    sex: Sex
    gender: Gender
    birth: Birth
    notes: str
    deceased: bool = False
    death_year: int | None = None
    called_by_children: str = ""

    @property
    def full_name(self) -> str:
        return full_name(self.first_name, self.last_name)

    def age(self, on: date) -> int | None:
        """Age in whole years; from the year alone it is the age reached this year."""
        if self.birth.date is not None:
            born = self.birth.date
            return on.year - born.year - ((on.month, on.day) < (born.month, born.day))
        return on.year - self.birth.year if self.birth.year is not None else None

    def months_old(self, on: date) -> int | None:
        """Age in whole months, when the birth date is known (for babies)."""
        if self.birth.date is None:
            return None
        born = self.birth.date
        return (on.year - born.year) * 12 + on.month - born.month - (on.day < born.day)

    def as_input(self) -> PersonInput:
        return PersonInput(
            self.first_name, self.last_name, self.sex, self.gender, self.birth.as_text(),
            self.notes, self.deceased, self.death_year, self.called_by_children,
        )


def _validated(data: PersonInput) -> Birth:
    errors: list[FieldError] = []
    if not data.first_name.strip():
        errors.append(FieldError("first_name", "error.required"))
    try:
        birth = parse_birth(data.birth)
    except ValidationFailed as failed:
        errors.extend(failed.errors)
        birth = Birth()
    if data.death_year is not None:
        if data.death_year > today().year:
            errors.append(FieldError("death_year", "error.birth_in_future"))
        elif birth.year is not None and data.death_year < birth.year:
            errors.append(FieldError("death_year", "error.end_before_start"))
    if errors:
        raise ValidationFailed(errors)
    return birth


class _PersonFacts(Protocol):
    """What a PersonDetail is made of: a Person, or a row of the same columns."""

    @property
    def id(self) -> int: ...
    @property
    def version(self) -> int: ...
    @property
    def family_id(self) -> int | None: ...
    @property
    def first_name(self) -> str: ...
    @property
    def last_name(self) -> str: ...
    @property
    def sex(self) -> Sex: ...
    @property
    def gender(self) -> Gender: ...
    @property
    def birth_date(self) -> date | None: ...
    @property
    def birth_year(self) -> int | None: ...
    @property
    def notes(self) -> str: ...
    @property
    def deceased(self) -> bool: ...
    @property
    def death_year(self) -> int | None: ...
    @property
    def called_by_children(self) -> str: ...


# A family's members as rows, built once: read on every rerun of the case's pages.
_MEMBERS = select(
    Person.id, Person.version, Person.family_id, Person.first_name, Person.last_name,
    Person.sex, Person.gender, Person.birth_date, Person.birth_year, Person.notes,
    Person.deceased, Person.death_year, Person.called_by_children,
).where(Person.family_id == bindparam("family_id", type_=Person.family_id.type))


def _detail(person: _PersonFacts) -> PersonDetail:
    return PersonDetail(
        id=person.id,
        version=person.version,
        family_id=person.family_id,
        first_name=person.first_name,
        last_name=person.last_name,
        sex=person.sex,
        gender=person.gender,
        birth=Birth(person.birth_date, person.birth_year),
        notes=person.notes,
        deceased=person.deceased,
        death_year=person.death_year,
        called_by_children=person.called_by_children,
    )


def _names(people: list[Person]) -> list[str]:
    return [full_name(p.first_name, p.last_name) for p in people]


def _apply(person: Person, data: PersonInput, birth: Birth) -> None:
    person.first_name = data.first_name.strip()
    person.last_name = data.last_name.strip()
    person.sex = data.sex
    person.gender = data.gender
    person.birth_date = birth.date
    person.birth_year = birth.year
    person.notes = data.notes
    person.deceased = data.deceased or data.death_year is not None
    person.death_year = data.death_year
    person.called_by_children = data.called_by_children.strip()


def check_family(session: Session, actor: Actor, family_id: int, need: Need, subject: str
                 ) -> int:
    """Allow ``need`` on the family through any of its cases (or refuse)."""
    return check_any(session, actor, cases_of_family(session, family_id), need, subject)


def check_person(session: Session, actor: Actor, person_id: int, need: Need, subject: str
                 ) -> int:
    """Allow ``need`` on a person through their family's cases, or (someone from outside
    the family) the cases whose network they are in."""
    return check_any(session, actor, cases_of_person(session, person_id), need, subject)


def _family(session: Session, family_id: int) -> Family:
    family = session.get(Family, family_id)
    if family is None:
        raise NotFound()
    return family


def new_outsider(session: Session, data: PersonInput) -> PersonDetail:
    """Someone from outside the family (``family_id`` empty). Not a service: they belong
    to no case until given a network role, and ``genograms.network.add_outside_person``
    checks the case before it calls this."""
    birth = _validated(data)
    person = Person(family_id=None)
    _apply(person, data, birth)
    session.add(person)
    session.flush()
    return _detail(person)


def add_family_member(
    *, session: Session, actor: Actor, family_id: int, data: PersonInput
) -> PersonDetail:
    check_family(session, actor, family_id, Need.EDIT, "people/add_family_member")
    birth = _validated(data)
    family = _family(session, family_id)
    members = list(family.members)
    person = Person(family=family)
    _apply(person, data, birth)
    session.add(person)
    family.search_text = family_search_text(family.name, _names([*members, person]))
    session.flush()
    return _detail(person)


def _load(session: Session, person_id: int) -> Person:
    person = session.get(Person, person_id, populate_existing=True)
    if person is None:
        raise NotFound()
    return person


def update_person(
    *, session: Session, actor: Actor, person_id: int, expected_version: int, data: PersonInput
) -> PersonDetail:
    check_person(session, actor, person_id, Need.EDIT, "people/update_person")
    person = _load(session, person_id)
    if person.version != expected_version:
        raise Conflict(current=_detail(person))
    birth = _validated(data)
    family = person.family
    _apply(person, data, birth)
    if family is not None:
        family.search_text = family_search_text(family.name, _names(family.members))
    try:
        session.flush()
    except StaleDataError as exc:  # someone saved between our check and our write
        raise Conflict(current=None) from exc
    return _detail(person)


def remove_person(
    *, session: Session, actor: Actor, person_id: int, expected_version: int
) -> None:
    check_person(session, actor, person_id, Need.EDIT, "people/remove_person")
    person = _load(session, person_id)
    if person.version != expected_version:
        raise Conflict(current=_detail(person))
    family = person.family
    session.delete(person)
    session.flush()
    if family is not None:
        session.refresh(family, ["members"])
        family.search_text = family_search_text(family.name, _names(family.members))
        session.flush()


def list_family_members(*, session: Session, actor: Actor, family_id: int) -> list[PersonDetail]:
    """Members oldest first (unknown birth last), as a genogram reads."""
    check_family(session, actor, family_id, Need.READ, "people/list_family_members")
    people = session.execute(_MEMBERS, {"family_id": family_id}).all()
    ordered = sorted(
        people,
        key=lambda p: (
            p.birth_date or (date(p.birth_year, 7, 1) if p.birth_year else date.max),
            p.id,
        ),
    )
    return [_detail(p) for p in ordered]
