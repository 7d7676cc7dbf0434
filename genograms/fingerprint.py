"""A short fingerprint of everything a family graph holds, to know when a picture made from
it can be shown again instead of drawn anew (the drawing is the slow part of a rerun)."""

from __future__ import annotations

import hashlib

from genograms.relations import FamilyGraph


def _plain(data: dict[str, object]) -> tuple[tuple[str, object], ...]:
    """A node's or edge's attributes in a fixed order (sets, e.g. households, sorted)."""
    return tuple(sorted((key, tuple(sorted(value, key=repr))
                         if isinstance(value, set | frozenset) else value)
                        for key, value in data.items()))


def family_fingerprint(family: FamilyGraph) -> str:
    """Equal for two graphs only when their people, relationships and households are."""
    graph = family.graph
    nodes = sorted((node, repr(_plain(data))) for node, data in graph.nodes(data=True))
    edges = sorted(repr((a, b, _plain(data))) for a, b, data in graph.edges(data=True))
    whole = sorted((key, sorted(value.items()) if isinstance(value, dict) else value)
                   for key, value in graph.graph.items())  # the households' names
    text = repr((whole, nodes, edges))
    return hashlib.sha256(text.encode()).hexdigest()
