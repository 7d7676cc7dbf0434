"""Family members: names in any script, sex and gender apart, birth date or year."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from auth import Actor
from genograms.people import (
    Birth,
    PersonInput,
    add_family_member,
    list_family_members,
    parse_birth,
    remove_person,
    update_person,
)
from sofs_core.codes import Gender, Sex
from sofs_core.errors import Conflict, FieldError, ValidationFailed
from storage.db import transaction
from storage.models import Case, Person
from tests.conftest import make_case

ON = date(2026, 11, 23)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", Birth()),
        ("2015", Birth(year=2015)),
        ("14/03/2015", Birth(date(2015, 3, 14), 2015)),
        ("14-3-2015", Birth(date(2015, 3, 14), 2015)),
        ("14.03.2015", Birth(date(2015, 3, 14), 2015)),
        ("2015-03-14", Birth(date(2015, 3, 14), 2015)),
        (" 29/02/2016 ", Birth(date(2016, 2, 29), 2016)),
    ],
)
def test_parse_birth_accepts_flemish_dates_and_years(text: str, expected: Birth) -> None:
    assert parse_birth(text, on=ON) == expected


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("31/02/2015", "error.birth_invalid"),
        ("29/02/2015", "error.birth_invalid"),
        ("14/13/2015", "error.birth_invalid"),
        ("gisteren", "error.birth_invalid"),
        ("03/14/2015x", "error.birth_invalid"),
        ("1849", "error.birth_too_early"),
        ("2027", "error.birth_in_future"),
        ("24/11/2026", "error.birth_in_future"),
    ],
)
def test_parse_birth_refuses_invalid_dates(text: str, key: str) -> None:
    with pytest.raises(ValidationFailed) as refused:
        parse_birth(text, on=ON)
    assert [e.message_key for e in refused.value.errors] == [key]


@pytest.fixture
def family_id(factory: sessionmaker[Session], counsellor: Actor) -> int:
    with transaction(factory) as s:
        return s.get_one(Case, make_case(s, counsellor)).family_id


@pytest.mark.parametrize(
    ("first", "last"),
    [("Zeynep", "Ğüneş-El Amrani"), ("فاطمة", "العمراني"), ("Małgorzata", "Żółć"),
     ("<b>Jan</b>", "<img src=x onerror=alert(1)>"), ("🙂", "x" * 20_000)],
)
def test_members_keep_names_in_any_script(
    factory: sessionmaker[Session], counsellor: Actor, family_id: int, first: str, last: str
) -> None:
    with transaction(factory) as s:
        add_family_member(session=s, actor=counsellor, family_id=family_id,
                          data=PersonInput(first, last, Sex.FEMALE, Gender.NON_BINARY, "2012"))
    with factory() as s:
        [member] = list_family_members(session=s, actor=counsellor, family_id=family_id)
    assert (member.first_name, member.last_name) == (first, last)
    assert (member.sex, member.gender) == (Sex.FEMALE, Gender.NON_BINARY)
    assert member.birth == Birth(year=2012)


def test_member_with_bad_input_saves_nothing(
    factory: sessionmaker[Session], counsellor: Actor, family_id: int
) -> None:
    with pytest.raises(ValidationFailed) as refused, transaction(factory) as s:
        add_family_member(session=s, actor=counsellor, family_id=family_id,
                          data=PersonInput("  ", birth="31/02/2015"))
    assert list(refused.value.errors) == [
        FieldError("first_name", "error.required"), FieldError("birth", "error.birth_invalid")]
    with factory() as s:
        assert s.scalar(select(func.count()).select_from(Person)) == 0


def test_members_are_listed_oldest_first_with_unknown_birth_last(
    factory: sessionmaker[Session], counsellor: Actor, family_id: int
) -> None:
    with transaction(factory) as s:
        for first, birth in [("Kind", "08/03/2012"), ("Onbekend", ""), ("Oma", "1958"),
                             ("Moeder", "14/05/1986")]:
            add_family_member(session=s, actor=counsellor, family_id=family_id,
                              data=PersonInput(first, birth=birth))
    with factory() as s:
        names = [p.first_name for p in list_family_members(session=s, actor=counsellor,
                                                           family_id=family_id)]
    assert names == ["Oma", "Moeder", "Kind", "Onbekend"]


def test_age_from_date_and_from_year() -> None:
    from genograms.people import PersonDetail

    person = PersonDetail(1, 1, 1, "A", "", Sex.UNKNOWN, Gender.NOT_RECORDED,
                          Birth(date(2012, 3, 8), 2012), "")
    assert person.age(date(2026, 3, 7)) == 13
    assert person.age(date(2026, 3, 8)) == 14
    assert replace(person, birth=Birth(year=2012)).age(date(2026, 1, 1)) == 14
    assert replace(person, birth=Birth()).age(date(2026, 1, 1)) is None
    baby = replace(person, birth=Birth(date(2026, 5, 20), 2026))
    assert baby.months_old(date(2026, 11, 19)) == 5
    assert baby.months_old(date(2026, 11, 20)) == 6
    assert replace(person, birth=Birth(year=2020)).months_old(date(2026, 1, 1)) is None


def test_update_and_remove_refuse_stale_versions(
    factory: sessionmaker[Session], counsellor: Actor, family_id: int
) -> None:
    with transaction(factory) as s:
        person = add_family_member(session=s, actor=counsellor, family_id=family_id,
                                   data=PersonInput("Elif", "Yılmaz", birth="1986"))
    with transaction(factory) as s:
        update_person(session=s, actor=counsellor, person_id=person.id,
                      expected_version=person.version,
                      data=replace(person.as_input(), notes="Moeder"))
    with pytest.raises(Conflict) as refused, transaction(factory) as s:
        update_person(session=s, actor=counsellor, person_id=person.id,
                      expected_version=person.version,
                      data=replace(person.as_input(), notes="Andere notitie"))
    assert refused.value.current.notes == "Moeder"  # type: ignore[attr-defined]
    with pytest.raises(Conflict), transaction(factory) as s:
        remove_person(session=s, actor=counsellor, person_id=person.id,
                      expected_version=person.version)
    with transaction(factory) as s:
        remove_person(session=s, actor=counsellor, person_id=person.id,
                      expected_version=person.version + 1)
    with factory() as s:
        assert list_family_members(session=s, actor=counsellor, family_id=family_id) == []


@pytest.mark.parametrize(("death_year", "key"), [(1950, "error.end_before_start"),
                                                 (2999, "error.birth_in_future")])
def test_a_death_year_before_birth_or_in_the_future_is_refused(
    factory: sessionmaker[Session], counsellor: Actor, family_id: int, death_year: int,
    key: str,
) -> None:
    with pytest.raises(ValidationFailed) as refused, transaction(factory) as s:
        add_family_member(session=s, actor=counsellor, family_id=family_id,
                          data=PersonInput("Mehmet", birth="1955", death_year=death_year))
    assert [e.message_key for e in refused.value.errors] == [key]


def test_a_death_year_marks_the_person_deceased(
    factory: sessionmaker[Session], counsellor: Actor, family_id: int
) -> None:
    with transaction(factory) as s:
        mehmet = add_family_member(session=s, actor=counsellor, family_id=family_id,
                                   data=PersonInput("Mehmet", birth="1955", death_year=2019))
    assert (mehmet.deceased, mehmet.death_year) == (True, 2019)
