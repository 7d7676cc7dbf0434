"""Families for the picture tests, built straight as graphs (no database needed)."""

from __future__ import annotations

from functools import partial

import networkx as nx

from genograms.relations import FamilyGraph
from i18n.catalogue import load_catalogue
from storage.enums import CoupleStatus, EmotionalKind, ParentKind, Sex

words = partial(load_catalogue().text, "nl-BE")


def person(graph: nx.MultiDiGraph[int], pid: int, name: str, sex: Sex, year: int | None,
           **extra: object) -> None:
    graph.add_node(pid, name=name, sex=sex, birth_year=year, birth_date=None,
                   deceased=False, death_year=None, pregnancy=False, index=False,
                   in_family=True, households=set(), nudge=0)
    graph.nodes[pid].update(extra)


def parent(graph: nx.MultiDiGraph[int], p: int, c: int,
           kind: ParentKind = ParentKind.BIOLOGICAL) -> None:
    graph.add_edge(p, c, relation="parent", kind=kind, link_id=p * 1000 + c)


def couple(graph: nx.MultiDiGraph[int], a: int, b: int, status: CoupleStatus,
           start: int | None = None, end: int | None = None) -> None:
    graph.add_edge(a, b, relation="couple", kind=status, start_year=start, end_year=end,
                   link_id=a * 1000 + b)


def blended() -> FamilyGraph:
    """The demo family's shape: grandparents, a divorce and a new couple, twins, a foster
    child, a deceased grandfather, a household, an index child, two emotional lines."""
    g: nx.MultiDiGraph[int] = nx.MultiDiGraph()
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
    g.graph["households"] = {1: "Thuis"}
    couple(g, 1, 2, CoupleStatus.MARRIED, 1980)
    couple(g, 5, 6, CoupleStatus.DIVORCED, 2009, 2018)
    couple(g, 5, 7, CoupleStatus.LIVING_TOGETHER, 2019)
    for p, c in ((1, 5), (2, 5), (3, 6), (3, 8), (4, 7), (5, 9), (6, 9), (5, 10), (6, 10),
                 (5, 11), (7, 11)):
        parent(g, p, c)
    parent(g, 5, 12, ParentKind.FOSTER)
    parent(g, 7, 12, ParentKind.FOSTER)
    g.add_edge(9, 10, relation="twin", kind="fraternal", link_id=1)
    g.add_edge(9, 8, relation="emotional", kind=EmotionalKind.CLOSE, link_id=1)
    g.add_edge(7, 10, relation="emotional", kind=EmotionalKind.ABUSE, link_id=2)
    return FamilyGraph(g)
