"""The large case's family, network and safety plan, for the page benchmarks.

`bench.generate.add_large_case` gives the large case its meetings, map and scores and four
family members. This adds what the genogram, network and plan pages show, at the size of a
big real family: 40 people over four generations (divorces, new partners, a half-brother,
cousins), about 60 relationships, 16 network roles (10 people from outside the family) and
a safety plan of 30 rules in 3 versions (two agreed, the third a draft that changes some).
Written by the services the app uses, in one transaction; every name is invented.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from auth import Actor
from bench.generate import GeneratedRegister, LargeCase
from genograms.network import NetworkRoleInput, add_outside_person, add_role
from genograms.people import PersonInput, add_family_member
from genograms.relations import (
    add_couple,
    add_emotional_line,
    add_parent,
    set_household,
    set_index_person,
)
from mapping.cases import get_case
from plans.versions import (
    PlanDetails,
    RuleInput,
    RuleView,
    add_rule,
    latest_dangers,
    mark_agreed,
    network_people,
    open_draft,
    update_details,
    update_rule,
)
from sofs_core.codes import (
    CoupleStatus,
    EmotionalKind,
    Gender,
    NetworkRoleKind,
    ParentKind,
    RuleKind,
    Sex,
    TieStrength,
)
from storage.db import make_engine, session_factory, transaction
from storage.models import Person, User

F, M = Sex.FEMALE, Sex.MALE
B = ParentKind.BIOLOGICAL
# (key, first name, last name, sex, birth); the four of add_large_case come first.
PEOPLE = (
    ("nadia", "Nadia", "Nowak", F, "1988"), ("tomasz", "Tomasz", "Nowak", M, "1985"),
    ("lina", "Lina", "Nowak", F, "2016"), ("noah", "Noah", "Nowak", M, "2019"),
    ("baby", "Mila", "Nowak", F, "2024"),
    ("ggp", "Stanisław", "Nowak", M, "1932"), ("ggm", "Irena", "Nowak", F, "1935"),
    ("ggp2", "Mohamed", "Benali", M, "1934"), ("ggm2", "Aïcha", "Benali", F, "1938"),
    ("gp_n", "Hassan", "El Idrissi", M, "1958"), ("gm_n", "Fatima", "El Idrissi", F, "1960"),
    ("gp_t", "Jan", "Nowak", M, "1956"), ("gm_t", "Anna", "Nowak", F, "1959"),
    ("gm_t2", "Greta", "Maes", F, "1962"),
    ("ex_t", "Sarah", "Janssens", F, "1987"), ("half", "Jules", "Janssens", M, "2010"),
)
# Brothers and sisters of Nadia and Tomasz, each with a partner and two children.
SIBLINGS = (
    ("gp_n", "gm_n", "Yasmina", F, "El Idrissi", "Karim", M, "Bouzid", ("Ines", "Rayan")),
    ("gp_n", "gm_n", "Ilias", M, "El Idrissi", "Hanne", F, "Smets", ("Febe", "Seppe")),
    ("gp_n", "gm_n", "Amira", F, "El Idrissi", "Wout", M, "Aerts", ("Nour", "Daan")),
    ("gp_t", "gm_t", "Piotr", M, "Nowak", "Elena", F, "Popescu", ("Zofia", "Andrei")),
    ("gp_t", "gm_t", "Ewa", F, "Nowak", "Thibault", M, "Lambert", ("Chloé", "Louis")),
    ("gp_t", "gm_t", "Łukasz", M, "Nowak", "Linh", F, "Nguyen", ("Grace", "Minh")),
)
OUTSIDERS = (
    ("Marleen", "De Vos", F, "Buurvrouw, woont twee huizen verder."),
    ("An", "Claes", F, "Zorgcoördinator van de basisschool."),
    ("Koen", "Mertens", M, "Voetbaltrainer van Noah."),
    ("Sofie", "Willems", F, "Juf van Lina."),
    ("Dirk", "Hermans", M, "Huisarts."),
    ("Leen", "Coppens", F, "Kinderverzorgster in de crèche."),
    ("Bart", "Vermeulen", M, "Collega van Tomasz."),
    ("Nele", "Wouters", F, "Vriendin van Nadia."),
    ("Joris", "Lemmens", M, "Begeleider van de jeugdbeweging."),
    ("Greet", "Desmet", F, "Buurvrouw aan de overkant."),
)
RULE_WHAT = (
    "Als een discussie te hoog oploopt, gaat {a} naar buiten en komt pas terug als hij rustig "
    "is.",
    "{a} belt {b} als ze ruzie hoort terwijl de kinderen thuis zijn.",
    "Lina mag {a} altijd bellen als ze zich niet veilig voelt; {a} komt haar dan halen.",
    "{a} haalt de kinderen op woensdag van school en blijft tot Nadia thuis is.",
    "Er is geen alcohol in huis als de kinderen er zijn; {a} kijkt dit na bij elk bezoek.",
    "{a} komt onaangekondigd langs als Tomasz alleen met de kinderen is.",
    "De school meldt een afwezigheid dezelfde dag aan Nadia en aan {a}.",
    "{a} en {b} spreken elke zondag af wie die week bij de kinderen kan zijn.",
)
WHEN = ("Dag en nacht", "Elke schooldag", "Telkens als het te hoog oploopt", "Op woensdag",
        "Elke zondag", "Als Tomasz nachtdienst heeft")


@dataclass(frozen=True)
class LargeFamily:
    people: int
    relationships: int
    network_roles: int
    plan_versions: int
    rules: int

    def describe(self) -> str:
        return (f"{self.people} people, {self.relationships} relationships, "
                f"{self.network_roles} network roles, {self.plan_versions} plan versions of "
                f"{self.rules} rules")


def _person(first: str, last: str, sex: Sex, birth: str, notes: str = "") -> PersonInput:
    return PersonInput(first_name=first, last_name=last, sex=sex,
                       gender=Gender.WOMAN if sex is F else Gender.MAN, birth=birth,
                       notes=notes)


def add_large_family(register: GeneratedRegister, case: LargeCase, *, rules: int = 30
                     ) -> LargeFamily:
    """Give the large case its family of 40, a safety network and a plan in 3 versions."""
    engine = make_engine(register.url)
    with transaction(session_factory(engine)) as session:
        user = session.get_one(User, register.counsellor_id)
        actor = Actor(user.id, user.username, user.display_name, user.role, None, user.team_id)
        family_id = get_case(session=session, actor=actor, case_id=case.case_id).family_id
        ids = {p.first_name.lower(): p.id for p in session.scalars(
            select(Person).where(Person.family_id == family_id))}
        for key, first, last, sex, birth in PEOPLE:
            if key not in ids:
                ids[key] = add_family_member(session=session, actor=actor,
                                             family_id=family_id,
                                             data=_person(first, last, sex, birth)).id
        links = 0

        def parent(parent_key: str, child_key: str, kind: ParentKind = B) -> None:
            nonlocal links
            add_parent(session=session, actor=actor, parent_id=ids[parent_key],
                       child_id=ids[child_key], kind=kind)
            links += 1

        def couple(first: str, second: str, status: CoupleStatus, start: int,
                   end: int | None = None) -> None:
            nonlocal links
            add_couple(session=session, actor=actor, first_id=ids[first], second_id=ids[second],
                       status=status, start_year=start, end_year=end)
            links += 1

        couple("ggp", "ggm", CoupleStatus.MARRIED, 1955)
        parent("ggp", "gp_t")
        parent("ggm", "gp_t")
        couple("ggp2", "ggm2", CoupleStatus.MARRIED, 1957)
        parent("ggp2", "gm_n")
        parent("ggm2", "gm_n")
        couple("gp_n", "gm_n", CoupleStatus.MARRIED, 1982)
        couple("gp_t", "gm_t", CoupleStatus.DIVORCED, 1980, 1999)
        couple("gp_t", "gm_t2", CoupleStatus.LIVING_TOGETHER, 2001)
        for key, grand_parents in (("nadia", ("gp_n", "gm_n")), ("tomasz", ("gp_t", "gm_t"))):
            for grand in grand_parents:
                parent(grand, key)
        couple("tomasz", "ex_t", CoupleStatus.SEPARATED, 2007, 2011)
        parent("tomasz", "half")
        parent("ex_t", "half")
        couple("nadia", "tomasz", CoupleStatus.MARRIED, 2014)
        for child in ("lina", "noah", "baby"):
            parent("nadia", child)
            parent("tomasz", child)
        for n, (father, mother, first, sex, last, partner, p_sex, p_last, kids) in enumerate(
                SIBLINGS):
            sibling, other = f"sib{n}", f"partner{n}"
            ids[sibling] = add_family_member(session=session, actor=actor, family_id=family_id,
                                             data=_person(first, last, sex, str(1984 + n))).id
            ids[other] = add_family_member(session=session, actor=actor, family_id=family_id,
                                           data=_person(partner, p_last, p_sex,
                                                        str(1983 + n))).id
            parent(father, sibling)
            parent(mother, sibling)
            couple(sibling, other, CoupleStatus.MARRIED if n % 2 else
                   CoupleStatus.LIVING_TOGETHER, 2008 + n)
            for k, kid in enumerate(kids):
                key = f"kid{n}_{k}"
                ids[key] = add_family_member(
                    session=session, actor=actor, family_id=family_id,
                    data=_person(kid, last if sex is M else p_last, F if k == 0 else M,
                                 str(2010 + n + 2 * k))).id
                parent(sibling, key)
                parent(other, key)
        for source, target, kind in (("lina", "gm_n", EmotionalKind.CLOSE),
                                     ("tomasz", "gp_t", EmotionalKind.CONFLICT),
                                     ("nadia", "sib0", EmotionalKind.CLOSE),
                                     ("half", "tomasz", EmotionalKind.DISTANT)):
            add_emotional_line(session=session, actor=actor, from_id=ids[source],
                               to_id=ids[target], kind=kind)
            links += 1
        set_household(session=session, actor=actor, family_id=family_id, name="Thuis",
                      person_ids=tuple(ids[k] for k in ("nadia", "tomasz", "lina", "noah",
                                                        "baby")))
        set_index_person(session=session, actor=actor, family_id=family_id,
                         person_id=ids["lina"])
        roles = _network(session, actor, case.case_id, ids)
        versions, count = _plan(session, actor, case.case_id, rules)
        people = len(ids)
    engine.dispose()
    return LargeFamily(people=people, relationships=links, network_roles=roles,
                       plan_versions=versions, rules=count)


def _network(session: Session, actor: Actor, case_id: int, ids: dict[str, int]) -> int:
    told = date(2025, 4, 1)
    outside = [add_outside_person(session=session, actor=actor, case_id=case_id,
                                  data=_person(first, last, sex, "", notes)).id
               for first, last, sex, notes in OUTSIDERS]
    roles = [
        NetworkRoleInput(ids["gm_n"], NetworkRoleKind.CHAIR, None, "09 123 45 67",
                         "Roept het netwerk samen en houdt de consulent op de hoogte.", told),
        NetworkRoleInput(ids["sib0"], NetworkRoleKind.TRUSTED_PERSON, ids["lina"],
                         "0470 12 34 56", "Lina mag haar altijd bellen.", told),
        NetworkRoleInput(ids["sib3"], NetworkRoleKind.TRUSTED_PERSON, ids["noah"],
                         "0471 22 33 44", "Speelt elke woensdag voetbal met Noah.", told),
        NetworkRoleInput(ids["sib1"], NetworkRoleKind.MONITOR, None, "0472 11 22 33",
                         "Komt onaangekondigd langs als Tomasz alleen is.", told),
        NetworkRoleInput(ids["partner1"], NetworkRoleKind.OTHER, None, "0473 44 55 66",
                         "Vangt de baby op als de crèche dicht is.", told),
        NetworkRoleInput(ids["gp_t"], NetworkRoleKind.OTHER, None, "",
                         "Brengt de kinderen naar de jeugdbeweging.", None,
                         tie=TieStrength.WEAK),
    ]
    for n, person_id in enumerate(outside):
        roles.append(NetworkRoleInput(
            person_id, NetworkRoleKind.MONITOR if n % 3 else NetworkRoleKind.OTHER, None,
            f"0486 {n:02d} 76 54", f"{OUTSIDERS[n][3]} Belt oma Fatima als er iets is.",
            told if n % 2 else None, tie=TieStrength.WEAK if n % 2 else TieStrength.STRONG))
    for role in roles:
        add_role(session=session, actor=actor, case_id=case_id, data=role)
    return len(roles)


def _plan(session: Session, actor: Actor, case_id: int, rules: int) -> tuple[int, int]:
    """Version 1 and 2 agreed, version 3 a draft; each later one changes a few rules."""
    dangers = [d.lineage for d in latest_dangers(session, case_id)]
    network = network_people(session=session, actor=actor, case_id=case_id)
    people = list(network)
    names = [name.split()[0] for name in network.values()]
    plan = open_draft(session=session, actor=actor, case_id=case_id)
    for n in range(rules):
        a, b = n % len(people), (n * 7 + 3) % len(people)
        add_rule(session=session, actor=actor, plan_id=plan.id, data=RuleInput(
            RuleKind.IMMEDIATE if n % 3 else RuleKind.STRUCTURAL,
            RULE_WHAT[n % len(RULE_WHAT)].format(a=names[a], b=names[b]),
            names[a], WHEN[n % len(WHEN)],
            f"{names[b]} vertelt het aan de begeleider bij elk bezoek.",
            f"{names[b]} roept het netwerk samen.",
            (dangers[n % len(dangers)],) if dangers else (),
            tuple(sorted({people[a], people[b]}))))
    agreed_on = date(2025, 5, 1)
    for version in (1, 2, 3):
        plan = open_draft(session=session, actor=actor, case_id=case_id)
        if version > 1:
            for rule in plan.rules[version::7]:
                update_rule(session=session, actor=actor, rule_id=rule.id,
                            expected_version=rule.version,
                            data=replace(_as_input(rule),
                                         when=f"{rule.when}, ook in de vakanties"))
            plan = open_draft(session=session, actor=actor, case_id=case_id)
        if version == 3:
            break
        plan = update_details(session=session, actor=actor, plan_id=plan.id,
                              expected_version=plan.version, data=PlanDetails(
            agreed_on + timedelta(days=120),
            "Iedereen was bezorgd omdat mama en papa soms zo hard ruzie maakten.",
            "Als het thuis te hoog oploopt, gaat papa naar buiten en mag jij tante bellen.",
            "De blauwe knuffelbeer van oma"))
        mark_agreed(session=session, actor=actor, plan_id=plan.id,
                    expected_version=plan.version,
                    agreed_by="Nadia, Tomasz, oma Fatima en tante Yasmina",
                    agreed_on=agreed_on)
        agreed_on += timedelta(days=90)
    return 3, len(plan.rules)


def _as_input(rule: RuleView) -> RuleInput:
    return RuleInput(rule.kind, rule.what, rule.who, rule.when, rule.how_we_know,
                     rule.if_not_kept, rule.danger_lineages,
                     tuple(m.person_id for m in rule.members))
