"""Families for the picture tests, built straight as graphs (no database needed)."""

from __future__ import annotations

from functools import partial
from typing import Any

from genograms.graph import (
    CoupleTie,
    EmotionalTie,
    FamilyNetwork,
    ParentTie,
    PersonNode,
    TwinTie,
    add_link,
    add_person,
    new_network,
    set_household_names,
)
from genograms.relations import FamilyGraph
from i18n.catalogue import load_catalogue
from sofs_core.codes import CoupleStatus, EmotionalKind, ParentKind, Sex

words = partial(load_catalogue().text, "nl-BE")


def person(graph: FamilyNetwork, pid: int, name: str, sex: Sex, year: int | None,
           **extra: Any) -> None:
    if "households" in extra:
        extra["households"] = frozenset(extra["households"])
    add_person(graph, PersonNode(pid, name, sex=sex, birth_year=year, **extra))


def parent(graph: FamilyNetwork, p: int, c: int,
           kind: ParentKind = ParentKind.BIOLOGICAL) -> None:
    add_link(graph, ParentTie(p, c, kind, link_id=p * 1000 + c))


def couple(graph: FamilyNetwork, a: int, b: int, status: CoupleStatus,
           start: int | None = None, end: int | None = None) -> None:
    add_link(graph, CoupleTie(a, b, status, link_id=a * 1000 + b, start_year=start,
                              end_year=end))


def blended() -> FamilyGraph:
    """The demo family's shape: grandparents, a divorce and a new couple, twins, a foster
    child, a deceased grandfather, a household, an index child, two emotional lines."""
    g = new_network()
    M, F = Sex.MALE, Sex.FEMALE
    person(g, 1, "Ayşe Yılmaz", F, 1958)
    person(g, 2, "Mehmet Yılmaz", M, 1955, deceased=True, death_year=2019)
    person(g, 3, "Grażyna Kowalska", F, 1961)
    person(g, 4, "فاطمة العمراني", F, 1962)
    person(g, 5, "Elif Yılmaz", F, 1986, households={1})
    person(g, 6, "Tomasz Kowalski", M, 1983)
    person(g, 7, "Karim El Amrani", M, 1984, households={1})
    person(g, 8, "Małgorzata Kowalska", F, 1988)
    person(g, 9, "Zeynep Kowalska", F, 2012, households={1})
    person(g, 10, "Emre Kowalski", M, 2012, index=True, households={1})
    person(g, 11, "Yasmina El Amrani", F, 2020, households={1})
    person(g, 12, "Jonas De Smet", M, 2015, households={1})
    set_household_names(g, {1: "Thuis"})
    couple(g, 1, 2, CoupleStatus.MARRIED, 1980)
    couple(g, 5, 6, CoupleStatus.DIVORCED, 2009, 2018)
    couple(g, 5, 7, CoupleStatus.LIVING_TOGETHER, 2019)
    for p, c in ((1, 5), (2, 5), (3, 6), (3, 8), (4, 7), (5, 9), (6, 9), (5, 10), (6, 10),
                 (5, 11), (7, 11)):
        parent(g, p, c)
    parent(g, 5, 12, ParentKind.FOSTER)
    parent(g, 7, 12, ParentKind.FOSTER)
    add_link(g, TwinTie(9, 10, identical=False, link_id=1))
    add_link(g, EmotionalTie(9, 8, EmotionalKind.CLOSE, link_id=1))
    add_link(g, EmotionalTie(7, 10, EmotionalKind.ABUSE, link_id=2))
    return FamilyGraph(g)
