"""The same people and relationships as the pictures, as sentences: for screen readers,
and for anyone who reads a list more easily than a drawing."""

from __future__ import annotations

from genograms.ecogram import role_text
from genograms.graph import (
    CoupleTie,
    EmotionalTie,
    ParentTie,
    TwinTie,
    links_from,
    links_into,
    person_node,
)
from genograms.layout import Layout, people_in_order
from genograms.network import NetworkMember
from genograms.picture import years_text
from genograms.relations import FamilyGraph
from i18n import Words
from sofs_core.codes import EmotionalKind, ParentKind


def _join(names: list[str]) -> str:
    return ", ".join(names)


def describe_family(family: FamilyGraph, lay: Layout, words: Words) -> list[str]:
    """One sentence per person, generation by generation, left to right as drawn."""
    graph = family.graph

    def name(person: int) -> str:
        return person_node(graph, person).name

    out = []
    for person in people_in_order(lay):
        node = person_node(graph, person)
        facts = [words(f"sex.{node.sex.value}").lower()]
        years = years_text(words, node.birth_year, node.death_year, node.deceased)
        if years:
            facts.append(years)
        if node.pregnancy:
            facts.append(words("genogram.legend_pregnancy"))
        if node.index:
            facts.append(words("genogram.legend_index"))
        by_kind: dict[ParentKind, list[str]] = {}
        for link in links_from(graph, person):
            if isinstance(link, ParentTie):
                by_kind.setdefault(link.kind, []).append(name(link.target))
        for kind, children in by_kind.items():
            facts.append(words(f"describe.parent_{kind.value}", children=_join(children)))
        for link in links_from(graph, person):
            if not isinstance(link, CoupleTie):
                continue
            other = link.target if link.source == person else link.source
            facts.append(words(f"describe.couple_{link.kind.value}", name=name(other)))
        parents: dict[ParentKind, list[str]] = {}
        for link in links_into(graph, person):
            if isinstance(link, ParentTie):
                parents.setdefault(link.kind, []).append(name(link.source))
            elif isinstance(link, CoupleTie):
                facts.append(words(f"describe.couple_{link.kind.value}", name=name(link.source)))
            elif isinstance(link, TwinTie):
                facts.append(words("describe.twin", name=name(link.source)))
            else:
                feeling = link.kind
                facts.append(words("describe.abused_by", name=name(link.source))
                             if feeling is EmotionalKind.ABUSE else
                             words("describe.emotional", name=name(link.source),
                                   kind=words(f"emotionalkind.{feeling.value}")))
        for parent_kind, names in parents.items():
            facts.append(words(f"describe.child_{parent_kind.value}",
                               parents=" & ".join(names)))
        for link in links_from(graph, person):
            if isinstance(link, TwinTie):
                facts.append(words("describe.twin", name=name(link.target)))
            elif isinstance(link, EmotionalTie):
                feeling = link.kind
                key = "describe.abuses" if feeling is EmotionalKind.ABUSE else \
                    "describe.emotional"
                facts.append(words(key, name=name(link.target),
                                   kind=words(f"emotionalkind.{feeling.value}")))
        housemates = [name(p) for p in family.lives_with(person)]
        if housemates:
            facts.append(words("describe.lives_with", names=_join(housemates)))
        out.append(words("describe.person", name=name(person), facts="; ".join(facts)))
    return out


def describe_network(members: list[NetworkMember], words: Words) -> list[str]:
    """One sentence per network member: their roles, their tie, who to call."""
    people: dict[int, list[NetworkMember]] = {}
    for member in members:
        people.setdefault(member.person_id, []).append(member)
    out = []
    for roles in people.values():
        first = roles[0]
        facts = [role_text(m, words) for m in roles]
        facts.append(words(f"tiestrength.{first.tie.value}"))
        facts.append(words(f"supportdirection.{first.support.value}"))
        phones = sorted({m.phone for m in roles if m.phone})
        if phones:
            facts.append(words("describe.phone", phone=", ".join(phones)))
        out.append(words("describe.person", name=first.name, facts="; ".join(facts)))
    return out
