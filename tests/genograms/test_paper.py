"""The printed genogram: A4 or A3, portrait or landscape, names never under 7 pt; beyond
A3, pieces across pages after an overview without names (pdfplumber, pdftotext, qpdf)."""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

import pdfplumber
import pytest

from bench.genogram import synthetic_family
from bench.genogram_quality import tricky_family
from genograms.drawing import Label
from genograms.graph import person_nodes
from genograms.layout import layout
from genograms.paper import MIN_NAME_PT, Orientation, Paper, PaperSize, plan, without_text
from genograms.picture import genogram_drawing
from genograms.relations import FamilyGraph
from genograms.render import to_pdf
from tests.genograms.pictures import blended, words
from tests.printing.pdf import assert_valid

A4_LANDSCAPE = (842, 595)
A3_LANDSCAPE = (1191, 842)


def pdf_of(family: FamilyGraph, paper: Paper | None = None) -> bytes:
    drawing = genogram_drawing(family, layout(family), words, title="Genogram")
    return to_pdf(drawing, heading="Genogram van de familie", footer="Afgedrukt",
                  paper=paper, overview="Overzicht")


def check(pdf: bytes, folder: Path) -> None:
    """qpdf finds no structural problem."""
    (folder / "genogram.pdf").write_bytes(pdf)
    assert_valid(folder / "genogram.pdf")


def pages_of(pdf: bytes) -> list[tuple[int, int]]:
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        return [(round(p.width), round(p.height)) for p in document.pages]


def smallest_name_pt(pdf: bytes, names: set[str]) -> float:
    """The smallest size any word of a name prints in, on the pages that show it."""
    sizes: dict[str, float] = {}
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        for page in document.pages:
            for word in page.extract_words(extra_attrs=["size"]):
                if word["text"] in names:
                    sizes[word["text"]] = max(sizes.get(word["text"], 0.0), word["size"])
    assert set(sizes) == names, "every name part is printed"
    return min(sizes.values())


def name_parts(family: FamilyGraph) -> set[str]:
    return {w for node in person_nodes(family.graph) for w in node.name.split()}


def test_a_small_family_prints_on_one_a4_page(tmp_path: Path) -> None:
    pdf = pdf_of(blended())
    check(pdf, tmp_path)
    # Portrait since the legend takes the family's width (it made small families wide).
    assert pages_of(pdf) in ([A4_LANDSCAPE], [A4_LANDSCAPE[::-1]])
    assert smallest_name_pt(pdf, {"Elif", "Tomasz", "Kowalski"}) >= MIN_NAME_PT


def test_forty_people_over_four_generations_fit_one_a4_with_names_of_7_pt(tmp_path: Path) -> None:
    family = synthetic_family(40)
    assert len(set(layout(family).row.values())) == 4
    pdf = pdf_of(family)
    check(pdf, tmp_path)
    assert len(pages_of(pdf)) == 1 and pages_of(pdf)[0] in (A4_LANDSCAPE, A4_LANDSCAPE[::-1])
    assert smallest_name_pt(pdf, name_parts(family)) >= MIN_NAME_PT - 0.01


def test_a_chosen_sheet_is_used() -> None:
    pdf = pdf_of(blended(), Paper(PaperSize.A3, Orientation.PORTRAIT))
    assert pages_of(pdf) == [A3_LANDSCAPE[::-1]]


def test_a_large_family_prints_across_pages_after_an_overview_never_under_7_pt(
        tmp_path: Path) -> None:
    family = tricky_family(300)
    drawing = genogram_drawing(family, layout(family), words, title="Genogram")
    chosen = plan(drawing)
    assert len(chosen.tiles) > 1 and chosen.name_pt >= MIN_NAME_PT - 1e-9
    pdf = pdf_of(family)
    check(pdf, tmp_path)
    pages = pages_of(pdf)
    assert len(pages) == len(chosen.tiles) + 1 and set(pages) == {pages[0]}
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        overview = document.pages[0]
        # The overview shows where each piece lies, without a name (too small to read).
        words_there = {w["text"] for w in overview.extract_words()}
        assert not words_there & name_parts(family)
        assert {str(n) for n in range(2, len(pages) + 1)} <= words_there
    assert smallest_name_pt(pdf, name_parts(family)) >= MIN_NAME_PT - 0.01
    text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True,
                          check=True).stdout.decode()
    assert "…" not in text


@pytest.mark.parametrize("size", [PaperSize.A4, PaperSize.A3])
def test_names_never_print_under_7_pt_whatever_the_sheet(size: PaperSize) -> None:
    family = synthetic_family(70)
    drawing = genogram_drawing(family, layout(family), words, title="Genogram")
    assert plan(drawing, Paper(size)).name_pt >= MIN_NAME_PT - 1e-9


def test_the_overview_has_every_line_but_no_text() -> None:
    drawing = genogram_drawing(blended(), layout(blended()), words, title="Genogram")
    bare = without_text(drawing)
    assert not any(isinstance(p, Label) for g in bare.groups for p in g.parts)
    assert sum(len(g.parts) for g in bare.groups) > 40
