"""What the genogram tells the counsellor to check: relations that no row can show (saved,
drawn with a copy) and years that are possible but unlikely (ages over 110, parents under
12). Nothing here refuses anything: the family's own account is kept as given."""

from __future__ import annotations

from datetime import date

from genograms.layout import Layout
from genograms.relations import FamilyGraph
from i18n import Words

OLDEST_AGE = 110
YOUNGEST_PARENT = 12


def family_warnings(family: FamilyGraph, lay: Layout, words: Words, *, on: date) -> list[str]:
    """The warnings in the reader's words, one sentence each."""
    graph = family.graph

    def name(person: int) -> str:
        return str(graph.nodes[person].get("name") or "")

    out = [words("genogram.conflict", above=name(c.above), below=name(c.below), via=name(c.via))
           for c in lay.conflicts]
    for person in sorted(graph.nodes):
        data = graph.nodes[person]
        born = data.get("birth_year")
        if not isinstance(born, int):
            continue
        died = data.get("death_year")
        end = died if isinstance(died, int) else None if data.get("deceased") else on.year
        if end is not None and end - born > OLDEST_AGE:
            out.append(words("genogram.too_old", name=name(person), age=end - born))
    for parent, child, data in graph.edges(data=True):
        if data["relation"] != "parent":
            continue
        a, b = graph.nodes[parent].get("birth_year"), graph.nodes[child].get("birth_year")
        if isinstance(a, int) and isinstance(b, int) and b - a < YOUNGEST_PARENT:
            out.append(words("genogram.young_parent", parent=name(parent), child=name(child),
                             age=b - a))
    return out
