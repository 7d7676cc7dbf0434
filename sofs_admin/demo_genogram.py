"""The demo family's genogram: three generations, a divorce and a new couple, twins, a
foster child and a deceased grandfather; one household; Emre as the index child."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from auth import Actor
from genograms.network import NetworkRoleInput, add_outside_person, add_role
from genograms.people import PersonInput
from genograms.relations import (
    add_couple,
    add_emotional_line,
    add_parent,
    add_twins,
    set_household,
    set_index_person,
)
from sofs_core.codes import (
    CoupleStatus,
    EmotionalKind,
    Gender,
    NetworkRoleKind,
    ParentKind,
    Sex,
    TieStrength,
)

B, FOSTER = ParentKind.BIOLOGICAL, ParentKind.FOSTER
PARENTS = (
    ("Ayşe", "Elif", B), ("Mehmet", "Elif", B),
    ("Grażyna", "Tomasz", B), ("Grażyna", "Małgorzata", B),
    ("فاطمة", "Karim", B),
    ("Elif", "Zeynep", B), ("Tomasz", "Zeynep", B),
    ("Elif", "Emre", B), ("Tomasz", "Emre", B),
    ("Elif", "Yasmina", B), ("Karim", "Yasmina", B),
    ("Elif", "Jonas", FOSTER), ("Karim", "Jonas", FOSTER),
)
COUPLES = (
    ("Ayşe", "Mehmet", CoupleStatus.MARRIED, 1980, None),
    ("Elif", "Tomasz", CoupleStatus.DIVORCED, 2009, 2018),
    ("Elif", "Karim", CoupleStatus.LIVING_TOGETHER, 2019, None),
)


def load_demo_genogram(session: Session, actor: Actor, family_id: int,
                       ids: dict[str, int]) -> None:
    """``ids`` maps the demo members' first names to their person ids."""
    for parent, child, kind in PARENTS:
        add_parent(session=session, actor=actor, parent_id=ids[parent], child_id=ids[child],
                   kind=kind)
    for first, second, status, start, end in COUPLES:
        add_couple(session=session, actor=actor, first_id=ids[first], second_id=ids[second],
                   status=status, start_year=start, end_year=end)
    add_twins(session=session, actor=actor, first_id=ids["Zeynep"], second_id=ids["Emre"])
    add_emotional_line(session=session, actor=actor, from_id=ids["Zeynep"],
                       to_id=ids["Małgorzata"], kind=EmotionalKind.CLOSE)
    add_emotional_line(session=session, actor=actor, from_id=ids["Karim"], to_id=ids["Emre"],
                       kind=EmotionalKind.CONFLICT)
    set_household(session=session, actor=actor, family_id=family_id, name="Thuis",
                  person_ids=tuple(ids[n] for n in ("Elif", "Karim", "Zeynep", "Emre",
                                                    "Yasmina", "Jonas")))
    set_index_person(session=session, actor=actor, family_id=family_id, person_id=ids["Emre"])


def load_demo_network(session: Session, actor: Actor, case_id: int, ids: dict[str, int]
                      ) -> None:
    """Aunt Małgorzata is Zeynep's JIM and trusted person, grandmother Ayşe chairs the
    network, a neighbour keeps an eye out, and the school's care coordinator joins."""
    neighbour = add_outside_person(session=session, actor=actor, case_id=case_id, data=PersonInput(
        "Marleen", "De Vos", Sex.FEMALE, Gender.WOMAN, "", "Buurvrouw, woont twee huizen verder."))
    school = add_outside_person(session=session, actor=actor, case_id=case_id, data=PersonInput(
        "An", "Claes", Sex.FEMALE, Gender.WOMAN, "", "Zorgcoördinator van de school."))
    told = date(2026, 10, 6)
    roles = (
        NetworkRoleInput(ids["Małgorzata"], NetworkRoleKind.JIM, ids["Zeynep"],
                         "0470 12 34 56", "Denkt mee met Zeynep en is haar stem bij "
                         "ouders en hulpverleners.", told, date(2026, 9, 29), True),
        NetworkRoleInput(ids["Małgorzata"], NetworkRoleKind.TRUSTED_PERSON, ids["Zeynep"],
                         "0470 12 34 56", "Zeynep mag haar altijd bellen.", told),
        NetworkRoleInput(ids["Ayşe"], NetworkRoleKind.CHAIR, None, "09 123 45 67",
                         "Roept het netwerk samen en houdt de consulent op de hoogte.", told),
        NetworkRoleInput(neighbour.id, NetworkRoleKind.MONITOR, None, "0486 98 76 54",
                         "Belt Ayşe als ze ruzie hoort terwijl de kinderen thuis zijn.", told,
                         tie=TieStrength.WEAK),
        NetworkRoleInput(school.id, NetworkRoleKind.MONITOR, None, "09 222 33 44",
                         "Meldt het aan Elif en Lotte als Zeynep of Emre afwezig zijn.", told,
                         tie=TieStrength.WEAK),
    )
    for role in roles:
        add_role(session=session, actor=actor, case_id=case_id, data=role)
