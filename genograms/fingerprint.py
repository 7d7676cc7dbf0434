"""A short fingerprint of everything a family graph holds, to know when a picture made from
it can be shown again instead of drawn anew (the drawing is the slow part of a rerun)."""

from __future__ import annotations

import hashlib
from dataclasses import replace

from genograms.graph import PersonNode, household_names, links, person_nodes
from genograms.relations import FamilyGraph


def _plain(node: PersonNode) -> str:
    """A person's record with their households in a fixed order (a set's order is not)."""
    return repr((replace(node, households=frozenset()), sorted(node.households)))


def family_fingerprint(family: FamilyGraph) -> str:
    """Equal for two graphs only when their people, relationships and households are."""
    graph = family.graph
    nodes = sorted((node.id, _plain(node)) for node in person_nodes(graph))
    edges = sorted(repr(link) for link in links(graph))
    homes = sorted(household_names(graph).items())  # the households' names
    text = repr((homes, nodes, edges))
    return hashlib.sha256(text.encode()).hexdigest()
