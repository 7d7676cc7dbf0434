"""The same people and relationships as the pictures, as sentences: for screen readers,
and for anyone who reads a list more easily than a drawing."""

from __future__ import annotations

from genograms.ecogram import role_text
from genograms.layout import Layout, people_in_order
from genograms.network import NetworkMember
from genograms.picture import years_text
from genograms.relations import FamilyGraph
from i18n import Words
from storage.enums import CoupleStatus, EmotionalKind, ParentKind, Sex


def _join(names: list[str]) -> str:
    return ", ".join(names)


def describe_family(family: FamilyGraph, lay: Layout, words: Words) -> list[str]:
    """One sentence per person, generation by generation, left to right as drawn."""
    graph = family.graph

    def name(person: int) -> str:
        return str(graph.nodes[person].get("name") or "")

    out = []
    for person in people_in_order(lay):
        data = graph.nodes[person]
        facts = [words(f"sex.{Sex(data.get('sex', Sex.UNKNOWN)).value}").lower()]
        years = years_text(words, data.get("birth_year"), data.get("death_year"),
                           bool(data.get("deceased")))
        if years:
            facts.append(years)
        if data.get("pregnancy"):
            facts.append(words("genogram.legend_pregnancy"))
        if data.get("index"):
            facts.append(words("genogram.legend_index"))
        by_kind: dict[ParentKind, list[str]] = {}
        for _, child, d in graph.out_edges(person, data=True):
            if d["relation"] == "parent":
                by_kind.setdefault(ParentKind(d["kind"]), []).append(name(child))
        for kind, children in by_kind.items():
            facts.append(words(f"describe.parent_{kind.value}", children=_join(children)))
        for a, b, d in graph.edges(person, data=True):
            if d["relation"] != "couple":
                continue
            other = b if a == person else a
            facts.append(words(f"describe.couple_{CoupleStatus(d['kind']).value}",
                               name=name(other)))
        parents: dict[ParentKind, list[str]] = {}
        for a, _, d in graph.in_edges(person, data=True):
            relation = d["relation"]
            if relation == "parent":
                parents.setdefault(ParentKind(d["kind"]), []).append(name(a))
            elif relation == "couple":
                facts.append(words(f"describe.couple_{CoupleStatus(d['kind']).value}",
                                   name=name(a)))
            elif relation == "twin":
                facts.append(words("describe.twin", name=name(a)))
            elif relation == "emotional":
                feeling = EmotionalKind(d["kind"])
                facts.append(words("describe.abused_by", name=name(a))
                             if feeling is EmotionalKind.ABUSE else
                             words("describe.emotional", name=name(a),
                                   kind=words(f"emotionalkind.{feeling.value}")))
        for parent_kind, names in parents.items():
            facts.append(words(f"describe.child_{parent_kind.value}",
                               parents=" & ".join(names)))
        for _, b, d in graph.out_edges(person, data=True):
            if d["relation"] == "twin":
                facts.append(words("describe.twin", name=name(b)))
            elif d["relation"] == "emotional":
                feeling = EmotionalKind(d["kind"])
                key = "describe.abuses" if feeling is EmotionalKind.ABUSE else \
                    "describe.emotional"
                facts.append(words(key, name=name(b),
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
