"""The demo family's genogram: three generations, a divorce and a new couple, twins, a
foster child and a deceased grandfather; one household; Emre as the index child."""

from __future__ import annotations

from sqlalchemy.orm import Session

from auth import Actor
from genograms.relations import (
    add_couple,
    add_emotional_line,
    add_parent,
    add_twins,
    set_household,
    set_index_person,
)
from storage.enums import CoupleStatus, EmotionalKind, ParentKind

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
