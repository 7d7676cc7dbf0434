"""No line through a name: couple lines, slashes, descent lines, sibling bars and household
outlines keep clear of names, years and birth order numbers (measured on the drawing, over
generated families and the demo family); couples' years stand between the partners in
type that prints at 7 pt or more, on nothing else."""

from __future__ import annotations

import io
from dataclasses import replace

import pdfplumber
from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st

from genograms.drawing import Drawing, Group, Label, Path
from genograms.graph import (
    CoupleTie,
    Link,
    add_person,
    change_links,
    person_node,
    set_household_names,
)
from genograms.layout import layout
from genograms.paper import MIN_NAME_PT
from genograms.picture import genogram_drawing
from genograms.quality import lines_through_text, text_on_text
from genograms.relations import FamilyGraph
from genograms.render import to_pdf
from sofs_core.codes import CoupleStatus
from tests.genograms.families import any_families, layered_families, tree_families
from tests.genograms.pictures import blended, words

SETTINGS = settings(max_examples=60, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@st.composite
def dressed(draw: st.DrawFn, families: st.SearchStrategy[FamilyGraph]) -> FamilyGraph:
    """A generated family with what the demo family has too: couples that ended (two
    years on their line), the deceased, households, an index child."""
    family = draw(families)
    g = family.graph

    def ended(link: Link) -> Link:
        if isinstance(link, CoupleTie) and link.kind in (CoupleStatus.DIVORCED,
                                                         CoupleStatus.SEPARATED):
            return replace(link, end_year=draw(st.one_of(st.none(), st.integers(1880, 2025))))
        return link

    change_links(g, ended)
    people = sorted(g.nodes)
    for person in draw(st.lists(st.sampled_from(people), max_size=4, unique=True)):
        add_person(g, replace(person_node(g, person), deceased=True, death_year=draw(
            st.one_of(st.none(), st.integers(1900, 2025)))))
    index = draw(st.sampled_from(people))
    add_person(g, replace(person_node(g, index), index=True))
    set_household_names(g, {1: "Thuis", 2: "Bij oma"})
    for person in people:
        add_person(g, replace(person_node(g, person), households=frozenset(
            draw(st.lists(st.sampled_from((1, 2)), max_size=1)))))
    return family


def drawing_of(family: FamilyGraph) -> Drawing:
    return genogram_drawing(family, layout(family), words, title="Genogram")


def _clean(family: FamilyGraph) -> None:
    drawing = drawing_of(family)
    crossed = lines_through_text(drawing)
    note(f"through text: {crossed}")
    note(f"text on text: {text_on_text(drawing)}")
    assert crossed == []
    assert text_on_text(drawing) == []


@SETTINGS
@given(dressed(tree_families()))
def test_no_line_crosses_or_touches_a_name_in_a_family_tree(family: FamilyGraph) -> None:
    _clean(family)


@SETTINGS
@given(dressed(layered_families(max_people=30)))
def test_no_line_crosses_or_touches_a_name_with_several_partners(family: FamilyGraph) -> None:
    _clean(family)


@SETTINGS
@given(dressed(any_families(max_people=25)))
def test_no_line_crosses_or_touches_a_name_whatever_the_relations(family: FamilyGraph) -> None:
    # Lines to children drawn rows below, and the dotted line between two parents drawn on
    # two rows (relations no row can show), are routed through the gaps between people and
    # checked too.
    _clean(family)


def test_the_demo_family_has_no_line_through_a_name() -> None:
    drawing = drawing_of(blended())
    assert lines_through_text(drawing) == []
    assert text_on_text(drawing) == []
    years = [p for g in drawing.groups for p in g.parts
             if isinstance(p, Label) and p.cls == "couple-years"]
    # Each word over its year, between the partners: "getr." over "2009".
    assert [p.text for p in years] == ["getr.", "1980", "getr.", "2009", "gesch.", "2018",
                                       "sinds", "2019"]


def test_the_check_finds_a_line_through_a_name_and_one_that_touches_it() -> None:
    name = Label(100, 100, "Tomasz Kowalski", 11, cls="name")
    through = Path(((40, 96), (160, 96)), cls="couple-line")
    touching = Path(((100, 101), (100, 130)), cls="descent")  # from just under the baseline
    clear = Path(((40, 120), (160, 120)), cls="sibling-bar")
    emotional = Path(((40, 96), (160, 96)), cls="emotional-line close")
    drawing = Drawing(300, 200, "t", "d", (
        Group("person", "Tomasz", (name,)),
        Group("couple", "c", (through, touching, clear, emotional))))
    assert lines_through_text(drawing) == [("Tomasz Kowalski", "couple-line"),
                                           ("Tomasz Kowalski", "descent")]


def test_couples_years_print_at_7_pt_or_more_between_the_partners() -> None:
    pdf = to_pdf(drawing_of(blended()), heading="Genogram", footer="", overview="Overzicht")
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        found = [w for page in document.pages
                 for w in page.extract_words(extra_attrs=["size"], keep_blank_chars=False)]
    sizes = {w["text"]: w["size"] for w in found}
    for word in ("getr.", "gesch.", "sinds", "2009", "2018", "2019", "1980"):
        assert sizes[word] >= MIN_NAME_PT - 0.01, (word, sizes[word])
    # "getr. 2009" stands between Tomasz and Elif, level with their symbols.
    x = {w["text"]: (w["x0"] + w["x1"]) / 2 for w in found}
    assert x["Tomasz"] < x["2009"] < x["Elif"]
