"""A generated case register: the demo plus thousands of invented families and their cases.

Every name is invented and drawn from a seeded generator, so each run measures the same data.
The services the app uses write it (create_case, add_family_member), in one transaction.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from auth import Actor, hash_password
from genograms.people import PersonInput, add_family_member
from mapping.cases import CaseInput, create_case
from sofs_admin.demo import load_demo
from storage.db import make_engine, migrate, session_factory, transaction
from storage.enums import CaseStatus, ClosureReason, Gender, Hulpvorm, ReferrerBody, Role, Sex
from storage.models import Case, User

SURNAMES = (
    "Peeters", "Janssens", "Maes", "Jacobs", "Mertens", "Willems", "Claes", "Goossens",
    "Wouters", "De Smet", "Dubois", "Lambert", "Vermeulen", "Van den Broeck", "Desmet",
    "Hermans", "Aerts", "Van Damme", "De Clercq", "Verhoeven", "Yılmaz", "Kaya", "Demir",
    "Şahin", "Çelik", "Öztürk", "El Amrani", "Benali", "El Idrissi", "Bouzid", "Ahmadi",
    "Kowalski", "Nowak", "Wiśniewski", "Wójcik", "Popescu", "Ionescu", "Dimitrov", "Nguyen",
    "Diallo", "Mbuyi", "Kabila", "Tshibangu", "Haddad", "Müller", "García", "Rossi",
    "Vandenberghe", "Coppens", "Van Acker", "Smets", "Verstraete", "D'Hondt", "Lemmens",
)
FEMALE_FIRST = (
    "Emma", "Louise", "Olivia", "Noor", "Marie", "Elena", "Lina", "Julie", "Sofie", "Lotte",
    "Fatima", "Amira", "Yasmina", "Zeynep", "Elif", "Ayşe", "Małgorzata", "Zofia", "Ana",
    "Ioana", "Mariam", "Aïcha", "Chloé", "Hanne", "Febe", "Nour", "Ines", "Linh", "Grace",
)
MALE_FIRST = (
    "Noah", "Arthur", "Louis", "Liam", "Jules", "Lucas", "Adam", "Mohamed", "Youssef", "Emre",
    "Mehmet", "Tomasz", "Piotr", "Jonas", "Wout", "Thibault", "Karim", "Ilias", "Matteo",
    "Andrei", "Stefan", "Minh", "Ibrahima", "Kobe", "Seppe", "Rayan", "Daan", "Ömer", "Łukasz",
)
COUNSELLORS = (
    ("an.claes", "An Claes"), ("bram.wouters", "Bram Wouters"),
    ("chaima.benali", "Chaima Benali"), ("dries.maes", "Dries Maes"),
    ("eva.dhondt", "Eva D'Hondt"), ("filip.aerts", "Filip Aerts"),
    ("gulsen.kaya", "Gülsen Kaya"), ("hanne.smets", "Hanne Smets"),
    ("ismail.haddad", "Ismail Haddad"), ("joke.lemmens", "Joke Lemmens"),
)
CONSULTANTS = ("Sofie Van den Broeck", "Pieter Coppens", "Nadia El Idrissi", "Ruben Smets", "")
ROLES_IN_FAMILY = ("Moeder.", "Vader.", "Grootmoeder.", "Nieuwe partner.", "Kind.", "")
HULPVORM_WEIGHTS = {
    Hulpvorm.HOME_SUPPORT: 30, Hulpvorm.CONTEXT_SIGNS_OF_SAFETY: 25, Hulpvorm.IKT: 12,
    Hulpvorm.CRISIS_HELP_AT_HOME: 10, Hulpvorm.CRISIS_INTERVENTION: 8,
    Hulpvorm.RETURN_HOME: 6, Hulpvorm.AMBULANT_EMERGENCY: 4, Hulpvorm.MOBILE_CRISIS_RADAR: 3,
    Hulpvorm.CBAW: 2,
}
STATUS_WEIGHTS = {
    CaseStatus.ACTIVE: 70, CaseStatus.CLOSED: 18, CaseStatus.REGISTERED: 7,
    CaseStatus.PAUSED: 5,
}
REFERRER_WEIGHTS = {
    ReferrerBody.SDJ: 45, ReferrerBody.OCJ: 25, ReferrerBody.VK: 22, ReferrerBody.OTHER: 8,
}
FIRST_START = date(2019, 1, 1)
LAST_START = date(2026, 10, 31)

T = TypeVar("T")


@dataclass(frozen=True)
class GeneratedRegister:
    url: str
    counsellor_id: int
    cases: int


def _weighted(rng: random.Random, weights: dict[T, int]) -> T:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _day_between(rng: random.Random, first: date, last: date) -> date:
    return first + timedelta(days=rng.randint(0, (last - first).days))


def _member(rng: random.Random, surname: str, born_from: int, born_to: int) -> PersonInput:
    female = rng.random() < 0.5
    first = rng.choice(FEMALE_FIRST if female else MALE_FIRST)
    year = rng.randint(born_from, born_to)
    birth = (
        str(year)
        if rng.random() < 0.3
        else _day_between(rng, date(year, 1, 1), date(year, 12, 31)).strftime("%d/%m/%Y")
    )
    return PersonInput(
        first_name=first,
        last_name=surname if rng.random() < 0.8 else rng.choice(SURNAMES),
        sex=Sex.FEMALE if female else Sex.MALE,
        gender=Gender.WOMAN if female else Gender.MAN,
        birth=birth,
        notes=rng.choice(ROLES_IN_FAMILY),
    )


def _case(rng: random.Random, surname: str, counsellor_ids: list[int]) -> CaseInput:
    partner = rng.choice(SURNAMES) if rng.random() < 0.25 else None
    family_name = f"Gezin {surname}" + (f"-{partner}" if partner and partner != surname else "")
    start = _day_between(rng, FIRST_START, LAST_START)
    status = _weighted(rng, STATUS_WEIGHTS)
    referrer = _weighted(rng, REFERRER_WEIGHTS)
    closed = status is CaseStatus.CLOSED
    return CaseInput(
        family_name=family_name,
        hulpvorm=_weighted(rng, HULPVORM_WEIGHTS),
        referrer_body=referrer,
        referrer_other="Huisarts" if referrer is ReferrerBody.OTHER else "",
        consultant_name=rng.choice(CONSULTANTS),
        start_date=start,
        planned_end_date=start + timedelta(days=rng.choice((90, 180, 270, 365))),
        counsellor_ids=tuple(sorted(rng.sample(counsellor_ids, rng.choice((1, 1, 1, 2))))),
        status=status,
        end_date=start + timedelta(days=rng.randint(14, 400)) if closed else None,
        closure_reason=rng.choice(list(ClosureReason)) if closed else None,
        closure_note="Afgesloten na evaluatie." if closed else "",
    )


def build_register(directory: Path, *, cases: int = 2000, seed: int = 42) -> GeneratedRegister:
    """Migrate a new SQLite file in ``directory``, load the demo and add ``cases`` cases."""
    url = f"sqlite:///{directory / 'bench.sqlite3'}"
    engine = make_engine(url)
    migrate(engine)
    rng = random.Random(seed)
    factory = session_factory(engine)
    with transaction(factory) as session:
        load_demo(session)
        counsellor = session.scalars(select(User).where(User.username == "begeleider")).one()
        actor = Actor(counsellor.id, counsellor.username, counsellor.display_name,
                      counsellor.role, None)
        password_hash = hash_password("not used by the benchmark")
        colleagues = [
            User(username=username, display_name=name, password_hash=password_hash,
                 role=Role.COUNSELLOR)
            for username, name in COUNSELLORS
        ]
        session.add_all(colleagues)
        session.flush()
        counsellor_ids = [counsellor.id, *(user.id for user in colleagues)]
        for _ in range(cases):
            surname = rng.choice(SURNAMES)
            case_id = create_case(session=session, actor=actor,
                                  data=_case(rng, surname, counsellor_ids))
            family_id = _family_id(session, case_id)
            parents = rng.randint(1, 2)
            children = rng.randint(1, 3)
            for _parent in range(parents):
                add_family_member(session=session, actor=actor, family_id=family_id,
                                  data=_member(rng, surname, 1970, 1995))
            for _child in range(children):
                add_family_member(session=session, actor=actor, family_id=family_id,
                                  data=_member(rng, surname, 2008, 2024))
        counsellor_id = counsellor.id
    engine.dispose()
    return GeneratedRegister(url=url, counsellor_id=counsellor_id, cases=cases + 1)


def _family_id(session: Session, case_id: int) -> int:
    return session.get_one(Case, case_id).family_id
