"""A generated case register: the demo plus thousands of invented families and their cases.

Every name is invented and drawn from a seeded generator, so each run measures the same data.
The services the app uses write it (create_case, add_family_member), in one transaction.
`add_large_case` adds one long-running case with many meetings, map entries and scores, as
the meeting, map and scaling services write them (open_meeting, add_entry, rate).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from datetime import date, timedelta
from pathlib import Path
from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from auth import Actor, hash_password
from genograms.people import PersonInput, add_family_member
from mapping.cases import CaseInput, create_case
from mapping.map import EntryInput, EntryView, add_entry, get_map, update_entry
from mapping.meetings import ParticipantInput, open_meeting
from mapping.scaling import RatingInput, rate
from sofs_admin.demo import load_demo
from sofs_core.codes import (
    CaseStatus,
    ClosureReason,
    EntryCategory,
    Gender,
    Hulpvorm,
    MeetingKind,
    ParticipantRole,
    RaterRole,
    ReferrerBody,
    Role,
    Sex,
    Voice,
)
from storage.db import make_engine, migrate, session_factory, transaction
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


# --- One large case: many meetings, a full map, everyone's scores ------------------------

C = EntryCategory
# How the first map's entries spread over its parts (safety goals: one per danger statement).
ENTRY_SHARES = {
    C.BOTTOM_LINE: 3, C.HARM: 5, C.DANGER_STATEMENT: 3, C.COMPLICATING_FACTOR: 6,
    C.STRENGTH: 8, C.EXISTING_SAFETY: 6, C.SAFETY_GOAL: 3, C.NEXT_STEP: 6,
}
ENTRY_PHRASES = {
    C.BOTTOM_LINE: (
        "De kinderen zijn er niet bij als volwassenen ruzie maken met duwen of gooien.",
        "De kinderen gaan elke schooldag naar school.",
        "Er is altijd een nuchtere volwassene thuis als de kinderen er zijn.",
        "Lina slaapt niet alleen thuis zolang de veiligheid niet getoond is.",
    ),
    C.HARM: (
        "Op een schooldag in maart meldde de school dat Lina (9) een blauwe plek had.",
        "De buren belden de politie omdat ze 's nachts geroep en brekend glas hoorden.",
        "Noah (6) kwam drie keer zonder eten naar school en was erg moe.",
        "Lina vertelde dat ze zich in de badkamer opsloot toen de volwassenen ruzie maakten.",
        "De kinderen misten in het eerste trimester samen zeventien schooldagen.",
    ),
    C.DANGER_STATEMENT: (
        "De begeleider en de consulent zijn bezorgd dat als Nadia en Tomasz ruzie maken "
        "met duwen en gooien terwijl de kinderen thuis zijn, Lina en Noah gekwetst worden.",
        "De school is bezorgd dat als de kinderen thuisblijven om voor de baby te zorgen, ze "
        "achterop raken en er alleen voor komen te staan.",
        "Iedereen is bezorgd dat als Tomasz drinkt terwijl hij alleen met de kinderen is, "
        "niemand hen beschermt als er iets gebeurt.",
    ),
    C.COMPLICATING_FACTOR: (
        "Tomasz werkt in ploegen en slaapt vaak overdag.",
        "Nadia leest moeilijk Nederlands; brieven van de rechtbank blijven ongeopend.",
        "Het gezin woont ver van de familie en heeft geen auto.",
        "Er zijn schulden en de energie werd al twee keer afgesloten.",
        "Oma Fatima is zelf ziek en kan niet elke dag helpen.",
        "De woning is te klein: de kinderen delen een kamer met de baby.",
    ),
    C.STRENGTH: (
        "Nadia brengt de kinderen elke ochtend zelf naar school.",
        "Tomasz kookt op zondag samen met Lina.",
        "Oma Fatima woont om de hoek en de kinderen gaan graag naar haar toe.",
        "Nadia belde zelf de huisarts toen Noah ziek was.",
        "Oom Piotr komt elke woensdag langs en speelt voetbal met Noah.",
        "Lina vertelt haar juf wanneer het thuis moeilijk is.",
        "De ouders komen op elke afspraak met de begeleider.",
        "Buurvrouw Hanne heeft een sleutel en kent de kinderen goed.",
    ),
    C.EXISTING_SAFETY: (
        "Na de laatste ruzie belde Nadia zelf oma Fatima en de kinderen sliepen bij haar.",
        "Tomasz ging twee keer naar buiten toen een discussie te hoog opliep.",
        "Oom Piotr haalt de kinderen van school als Nadia moet werken.",
        "De kinderen hebben het nummer van oma en van buurvrouw Hanne in hun boekentas.",
        "Er is een afspraak dat er geen alcohol in huis is als de kinderen er zijn.",
        "Hanne kijkt elke avond even binnen als Tomasz nachtdienst heeft.",
    ),
    C.SAFETY_GOAL: (
        "Nadia en Tomasz lossen meningsverschillen op zonder duwen, roepen of gooien; loopt "
        "het hoog op, dan gaat Tomasz naar buiten en belt Nadia oma Fatima. Het netwerk ziet "
        "dit zes maanden lang.",
        "Lina en Noah gaan elke schooldag naar school en de baby gaat naar de crèche of naar "
        "oma. De school ziet dit tot het einde van het schooljaar.",
        "Als Tomasz alleen met de kinderen is, drinkt hij niet; oom Piotr en Hanne weten dit "
        "en komen onaangekondigd langs, een half jaar lang.",
    ),
    C.NEXT_STEP: (
        "Netwerkbijeenkomst plannen met oma Fatima, oom Piotr en Hanne.",
        "Het veiligheidsplan samen met het netwerk opschrijven.",
        "Met de school afspreken wie belt als een kind afwezig is.",
        "Een tolk vragen voor het gesprek met de consulent.",
        "Samen met Lina een woordenplan maken voor de kinderen.",
        "Schuldbemiddeling aanvragen bij het OCMW.",
    ),
}
LARGE_RATERS = (
    ("Nadia", RaterRole.PARENT), ("Tomasz", RaterRole.PARENT), ("Lina", RaterRole.CHILD),
    ("Oma Fatima", RaterRole.NETWORK_MEMBER), ("Oom Piotr", RaterRole.NETWORK_MEMBER),
    ("Buurvrouw Hanne", RaterRole.NETWORK_MEMBER), ("Joke Lemmens", RaterRole.COUNSELLOR),
    ("Ruben Smets", RaterRole.CONSULTANT),
)
PARTICIPANT_ROLE = {
    RaterRole.PARENT: ParticipantRole.FAMILY, RaterRole.CHILD: ParticipantRole.FAMILY,
    RaterRole.NETWORK_MEMBER: ParticipantRole.NETWORK,
    RaterRole.COUNSELLOR: ParticipantRole.PROFESSIONAL,
    RaterRole.CONSULTANT: ParticipantRole.PROFESSIONAL,
}
SCALE = (
    "Op een schaal van 0 tot 10, waarbij 10 betekent dat iedereen weet dat de kinderen veilig "
    "genoeg zijn om de begeleiding af te sluiten, en 0 dat het zo slecht gaat dat de kinderen "
    "niet thuis kunnen blijven: waar staat de situatie nu?",
    "Het gaat zo slecht dat de kinderen niet thuis kunnen blijven.",
    "Iedereen weet dat de kinderen veilig genoeg zijn om de begeleiding af te sluiten.",
)
LARGE_FIRST_MEETING = date(2025, 3, 3)


@dataclass(frozen=True)
class LargeCase:
    case_id: int
    meeting_ids: tuple[int, ...]  # in date order
    entries_per_meeting: int
    ratings: int
    raters: int

    @property
    def latest_meeting_id(self) -> int:
        return self.meeting_ids[-1]

    def describe(self) -> str:
        return (f"{len(self.meeting_ids)} meetings x {self.entries_per_meeting} entries, "
                f"{self.raters} raters, {self.ratings} scores")


def _entry_text(rng: random.Random, category: EntryCategory, index: int) -> str:
    phrases = ENTRY_PHRASES[category]
    first = phrases[index % len(phrases)]
    if category in (C.DANGER_STATEMENT, C.SAFETY_GOAL):
        return first
    return f"{first} {rng.choice(phrases)}" if rng.random() < 0.4 else first


def _first_map(session: Session, actor: Actor, meeting_id: int, rng: random.Random,
               entries: int) -> None:
    """``entries`` entries spread over the parts in ENTRY_SHARES' proportions."""
    scale = entries / sum(ENTRY_SHARES.values())
    counts = {c: max(1, round(n * scale)) for c, n in ENTRY_SHARES.items()}
    counts[C.STRENGTH] += entries - sum(counts.values())  # rounding: exactly ``entries``
    dangers: list[str] = []
    for category in ENTRY_SHARES:
        for index in range(counts[category]):
            data = EntryInput(category, _entry_text(rng, category, index),
                              Voice.FAMILY if rng.random() < 0.35 else Voice.PROFESSIONAL)
            if category is C.DANGER_STATEMENT and index == 0:
                data = replace(data, disputed=True, family_view="Tomasz zegt dat het één keer "
                               "gebeurd is en dat hij wil dat de kinderen zich veilig voelen.")
            if category is C.SAFETY_GOAL:
                if index >= len(dangers):  # at most one goal per danger statement
                    data = replace(data, category=C.NEXT_STEP)
                else:
                    data = replace(data, danger_lineage=dangers[index])
            if data.category is C.NEXT_STEP:
                data = replace(data, who=rng.choice(("Nadia", "Tomasz", "Oom Piotr", "Joke")),
                               due_on=LARGE_FIRST_MEETING + timedelta(days=14 + index * 7))
            view = add_entry(session=session, actor=actor, meeting_id=meeting_id, data=data)
            if category is C.DANGER_STATEMENT:
                dangers.append(view.lineage)


def _small_edits(session: Session, actor: Actor, meeting_id: int, rng: random.Random,
                 number: int) -> None:
    """What changes between two meetings: a few entries reworded, one voice changed."""
    view = get_map(session=session, actor=actor, meeting_id=meeting_id)
    editable = [e for entries in view.entries.values() for e in entries
                if e.category is not C.BOTTOM_LINE]
    *reworded, revoiced = rng.sample(editable, 3)  # distinct: each view's version is fresh
    for entry in reworded:
        _update(session, actor, entry,
                text=f"{entry.text.split(' [')[0]} [bijgewerkt op bijeenkomst {number}]")
    entry = revoiced
    _update(session, actor, entry,
            voice=Voice.FAMILY if entry.voice is Voice.PROFESSIONAL else Voice.PROFESSIONAL)


def _update(session: Session, actor: Actor, entry: EntryView, **changes: object) -> None:
    update_entry(session=session, actor=actor, entry_id=entry.id,
                 expected_version=entry.version,
                 data=replace(entry.as_input(), **changes))  # type: ignore[arg-type]


def _rate_meeting(session: Session, actor: Actor, meeting_id: int, rng: random.Random,
                  number: int, meetings: int, raters: int) -> int:
    """Every rater answers about the whole case and each danger statement: a rising trend."""
    view = get_map(session=session, actor=actor, meeting_id=meeting_id)
    subjects: list[str | None] = [None, *(d.lineage for d in view.of(C.DANGER_STATEMENT))]
    answered = 0
    for name, role in LARGE_RATERS[:raters]:
        for subject in subjects:
            trend = 2 + 6 * (number - 1) / max(1, meetings - 1)
            score = max(0, min(10, round(trend + rng.uniform(-1.5, 1.5))))
            rate(session=session, actor=actor, meeting_id=meeting_id, data=RatingInput(
                rater_name=name, rater_role=role, score=score, question=SCALE[0],
                zero_means=SCALE[1], ten_means=SCALE[2], danger_lineage=subject,
                reason=rng.choice(("Er is minder ruzie.", "Het netwerk helpt.",
                                   "Nog niet lang genoeg.", "De school ziet verbetering.")),
                one_point_higher=rng.choice(("Nog een maand zo.", "Als oma vaker komt.", "")),
            ))
            answered += 1
    return answered


def add_large_case(register: GeneratedRegister, *, meetings: int = 20, entries: int = 40,
                   raters: int = 8, seed: int = 7) -> LargeCase:
    """Add one case to the register with ``meetings`` meetings of ``entries`` map entries.

    The first meeting's map is filled; every later meeting starts as a copy of the one
    before (open_meeting) with a few edits; at every meeting each of ``raters`` people
    answers once per subject (the whole case and each danger statement).
    """
    if not 1 <= raters <= len(LARGE_RATERS):
        raise ValueError(f"raters must be 1..{len(LARGE_RATERS)}")
    rng = random.Random(seed)
    engine = make_engine(register.url)
    factory = session_factory(engine)
    with transaction(factory) as session:
        user = session.get_one(User, register.counsellor_id)
        actor = Actor(user.id, user.username, user.display_name, user.role, None)
        case_id = create_case(session=session, actor=actor, data=CaseInput(
            family_name="Gezin Nowak-El Idrissi", hulpvorm=Hulpvorm.CONTEXT_SIGNS_OF_SAFETY,
            referrer_body=ReferrerBody.SDJ, start_date=LARGE_FIRST_MEETING - timedelta(days=14),
            counsellor_ids=(register.counsellor_id,), consultant_name="Ruben Smets",
            planned_end_date=LARGE_FIRST_MEETING + timedelta(days=365)))
        family_id = _family_id(session, case_id)
        for first, sex, born in (("Nadia", Sex.FEMALE, 1988), ("Tomasz", Sex.MALE, 1985),
                                 ("Lina", Sex.FEMALE, 2016), ("Noah", Sex.MALE, 2019)):
            add_family_member(session=session, actor=actor, family_id=family_id,
                              data=PersonInput(first_name=first, last_name="Nowak", sex=sex,
                                               gender=Gender.WOMAN if sex is Sex.FEMALE
                                               else Gender.MAN, birth=str(born)))
        people = tuple(ParticipantInput(name, PARTICIPANT_ROLE[role])
                       for name, role in LARGE_RATERS[:raters])
        meeting_ids: list[int] = []
        ratings = 0
        for number in range(1, meetings + 1):
            kind = (MeetingKind.INTAKE_MAPPING if number == 1
                    else MeetingKind.REVIEW if number % 5 == 0 else MeetingKind.FOLLOW_UP)
            held_on = LARGE_FIRST_MEETING + timedelta(days=14 * (number - 1))
            meeting_id = open_meeting(session=session, actor=actor, case_id=case_id, kind=kind,
                                      held_on=held_on, participants=people)
            if number == 1:
                _first_map(session, actor, meeting_id, rng, entries)
            else:
                _small_edits(session, actor, meeting_id, rng, number)
            ratings += _rate_meeting(session, actor, meeting_id, rng, number, meetings, raters)
            meeting_ids.append(meeting_id)
    engine.dispose()
    return LargeCase(case_id=case_id, meeting_ids=tuple(meeting_ids),
                     entries_per_meeting=entries, ratings=ratings, raters=raters)
