"""Properties of the genogram over generated families (hypothesis): nobody lost, siblings on
one row, no symbols on top of each other, children under their parents, and every full
name back out of the printed PDF in at least 7 pt."""

from __future__ import annotations

import io
import subprocess
from collections import Counter

import pdfplumber
from hypothesis import HealthCheck, given, note, settings

from genograms.graph import (
    CoupleTie,
    ParentTie,
    PersonNode,
    add_person,
    links,
    new_network,
    person_nodes,
)
from genograms.layout import layout
from genograms.paper import MIN_NAME_PT
from genograms.picture import genogram_drawing
from genograms.quality import (
    children_off,
    crossings,
    overlaps,
    sibling_groups,
    siblings_split,
)
from genograms.relations import FamilyGraph
from genograms.render import to_pdf, to_svg
from sofs_core.codes import Sex
from tests.genograms.families import any_families, layered_families, tree_families
from tests.genograms.pictures import words

SETTINGS = settings(max_examples=60, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def drawn_people(family: FamilyGraph) -> Counter[str]:
    """How often each person's group is drawn in the SVG: own symbol and copies apart."""
    lay = layout(family)
    svg = to_svg(genogram_drawing(family, lay, words, title="Genogram"))
    return Counter({ref: svg.count(ref) for person in family.graph.nodes
                    for ref in (f'data-ref="person-{person}"', f'data-ref="copy-{person}"')})


@SETTINGS
@given(any_families())
def test_everyone_is_drawn_once_plus_marked_copies_whatever_the_relations(
        family: FamilyGraph) -> None:
    lay = layout(family)
    assert set(lay.x) == set(family.graph.nodes)
    assert {copy.person for copy in lay.copies} <= set(family.graph.nodes)
    counted = drawn_people(family)
    for person in family.graph.nodes:
        assert counted[f'data-ref="person-{person}"'] == 1
        assert counted[f'data-ref="copy-{person}"'] == sum(
            1 for c in lay.copies if c.person == person)
    assert overlaps(lay) == 0
    for link in links(family.graph):
        a, b = link.source, link.target
        if isinstance(link, ParentTie):
            assert lay.row[b] > lay.row[a], "a child stands below each parent"
        elif isinstance(link, CoupleTie) and lay.row[a] != lay.row[b]:
            ends = lay.couple_entries[frozenset((a, b))]
            assert len({lay.at(e)[1] for e in ends.values()}) == 1, \
                "partners on two rows meet beside each other through a copy"


@SETTINGS
@given(layered_families())
def test_siblings_share_a_row_and_symbols_never_overlap(family: FamilyGraph) -> None:
    lay = layout(family)
    assert siblings_split(family, lay) == 0
    assert overlaps(lay) == 0


@SETTINGS
@given(tree_families())
def test_in_a_family_tree_children_stand_under_their_parents_without_crossings(
        family: FamilyGraph) -> None:
    lay = layout(family)
    note(f"rows: {lay.clusters}; x: {lay.x}; couples: {lay.couple_entries}")
    note(f"families: {dict(sibling_groups(family))}")
    assert children_off(family, lay) == 0
    assert crossings(family, lay) == 0
    assert overlaps(lay) == 0


def name_words(family: FamilyGraph) -> Counter[str]:
    return Counter(word for node in person_nodes(family.graph)
                   for word in node.name.split())


@settings(max_examples=12, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(layered_families(max_people=30))
def test_the_pdf_gives_every_full_name_back_in_at_least_7_pt(family: FamilyGraph,
                                                               ) -> None:
    lay = layout(family)
    pdf = to_pdf(genogram_drawing(family, lay, words, title="Genogram"), heading="Genogram",
                 footer="", overview="Overzicht")
    text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True,
                          check=True).stdout.decode()
    assert "…" not in text
    printed = Counter(text.split())
    for word, count in name_words(family).items():
        assert printed[word] >= count, word
    # Every name part prints somewhere at 7 pt or more.
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        sizes: dict[str, float] = {}
        for page in document.pages:
            for found in page.extract_words(extra_attrs=["size"]):
                sizes[found["text"]] = max(sizes.get(found["text"], 0.0), found["size"])
    for word in name_words(family):
        assert sizes[word] >= MIN_NAME_PT - 0.01, (word, sizes[word])



@settings(max_examples=15, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(any_families(max_people=25))
def test_any_relations_the_services_accept_print_on_paper(family: FamilyGraph) -> None:
    lay = layout(family)
    pdf = to_pdf(genogram_drawing(family, lay, words, title="Genogram"), heading="Genogram",
                 footer="", overview="Overzicht")
    printed = _printed(pdf)
    for word in name_words(family):
        assert word in printed
    assert _overlapping_letters(pdf) == []


def _printed(pdf: bytes) -> str:
    """The text as pdftotext reads it (pdfplumber's extract_text chains lines of a wide row
    whose tops step by less than its tolerance, and then interleaves their letters)."""
    return subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True,
                          check=True).stdout.decode()


def _overlapping_letters(pdf: bytes) -> list[tuple[str, str]]:
    """Pairs of printed letters whose boxes overlap: text printed on top of text."""
    found: list[tuple[str, str]] = []
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        for page in document.pages:
            chars = [c for c in page.chars if c["text"].strip()]
            for n, a in enumerate(chars):
                for b in chars[n + 1:]:
                    wide = min(a["x1"], b["x1"]) - max(a["x0"], b["x0"])
                    high = min(a["bottom"], b["bottom"]) - max(a["top"], b["top"])
                    if wide > 0.5 and high > 0.5:
                        found.append((a["text"], b["text"]))
    return found


def test_a_long_name_in_a_wide_row_of_strangers_prints_apart_from_the_years() -> None:
    # Found by the property test; the letters never overlapped on paper: pdfplumber read the
    # row's name lines and years as one line. pdftotext reads them apart.
    graph = new_network()
    names = ["Anna Jean-Baptiste"] + ["Anna"] * 10 + ["Anna Anna Anna",
                                                     "Anna Jean-Baptiste Vanden Bossche"]
    for person, name in enumerate(names, start=1):
        add_person(graph, PersonNode(person, name, sex=Sex.FEMALE,
                                     birth_year=1850 if "Jean" in name else None))
    family = FamilyGraph(graph)
    pdf = to_pdf(genogram_drawing(family, layout(family), words, title="Genogram"),
                 heading="Genogram", footer="", overview="Overzicht")
    assert "Vanden Bossche" in _printed(pdf)
    assert _overlapping_letters(pdf) == []
