"""What the genogram tells the counsellor to check: relations that no row can show (saved,
drawn with a copy) and years that are possible but unlikely (ages over 110, parents under
12). Nothing here refuses anything: the family's own account is kept as given."""

from __future__ import annotations

from datetime import date

from genograms.graph import ParentTie, links, person_node, person_nodes
from genograms.layout import Layout
from genograms.relations import FamilyGraph
from i18n import Words

OLDEST_AGE = 110
YOUNGEST_PARENT = 12


def family_warnings(family: FamilyGraph, lay: Layout, words: Words, *, on: date) -> list[str]:
    """The warnings in the reader's words, one sentence each."""
    graph = family.graph

    def name(person: int) -> str:
        return person_node(graph, person).name

    out = [words("genogram.conflict", above=name(c.above), below=name(c.below), via=name(c.via))
           for c in lay.conflicts]
    for node in sorted(person_nodes(graph), key=lambda n: n.id):
        born = node.birth_year
        if born is None:
            continue
        died = node.death_year
        end = died if died is not None else None if node.deceased else on.year
        if end is not None and end - born > OLDEST_AGE:
            out.append(words("genogram.too_old", name=node.name, age=end - born))
    for link in links(graph):
        if not isinstance(link, ParentTie):
            continue
        parent, child = link.source, link.target
        a, b = person_node(graph, parent).birth_year, person_node(graph, child).birth_year
        if isinstance(a, int) and isinstance(b, int) and b - a < YOUNGEST_PARENT:
            out.append(words("genogram.young_parent", parent=name(parent), child=name(child),
                             age=b - a))
    return out
