"""A long family name neither runs into the header's version stamp nor off the genogram
page: the header shortens it and the first page gives it in full; the genogram heading
shrinks and wraps. Measured on the PDF's characters with pdfplumber."""

from __future__ import annotations

from pathlib import Path

import pdfplumber

from genograms.drawing import Drawing
from genograms.render import to_pdf
from printing.document import MARGIN, Furniture, build, para, style
from tests.printing.pdf import pdf_text

LONG = ("Vandenberghe-Yılmaz-Van Steenkiste-De Wulf-Papadopoulou-Shevchenko-"
        "Nwachukwu-Abdelrahman-Wiśniewska-Ben Haddou-Okonkwo-Lindqvist")[:120]
STAMP = "Versie 12 · afgedrukt op 23/11/2026"


def _header_words(pdf: Path) -> list[list[dict[str, float]]]:
    """Per page, the characters in the header band above the top margin."""
    with pdfplumber.open(pdf) as document:
        return [[c for c in page.chars if c["bottom"] < MARGIN - 2] for page in document.pages]


def test_a_120_character_family_name_never_overlaps_the_header_stamp(tmp_path: Path) -> None:
    assert len(LONG) == 120
    furniture = Furniture(title=f"Veiligheidsplan gezin {LONG}", stamp=STAMP,
                          page_of=lambda page, pages: f"pagina {page} van {pages}")
    story = [para(f"Afspraak {n}.", style(10)) for n in range(90)]
    pdf = tmp_path / "long.pdf"
    pdf.write_bytes(build(story, furniture))
    pages = _header_words(pdf)
    assert len(pages) > 1
    for chars in pages:
        stamp_left = min(c["x0"] for c in chars if c["text"] == "V" and c["x0"] > 300)
        title = [c for c in chars if c["x1"] < stamp_left]
        assert title, "the header shows the title"
        assert max(c["x1"] for c in title) < stamp_left - 6
        assert "".join(c["text"] for c in title).endswith("…")
    # The full title is on the first page, once, wrapped if need be.
    text = " ".join(pdf_text(pdf).split())
    assert f"Veiligheidsplan gezin {' '.join(LONG.split())}" in text


def test_a_short_title_is_left_whole_and_not_repeated(tmp_path: Path) -> None:
    furniture = Furniture(title="Veiligheidsplan gezin Peeters", stamp=STAMP,
                          page_of=lambda page, pages: f"{page}/{pages}")
    pdf = tmp_path / "short.pdf"
    pdf.write_bytes(build([para("Afspraken.", style(10))], furniture))
    assert pdf_text(pdf).count("Veiligheidsplan gezin Peeters") == 1


def test_the_genogram_heading_stays_on_the_page_with_a_long_name(tmp_path: Path) -> None:
    pdf = tmp_path / "genogram.pdf"
    heading = f"Genogram gezin {LONG}"
    empty = Drawing(width=400, height=300, title="", description="")
    pdf.write_bytes(to_pdf(empty, heading=heading, footer="Afgedrukt op 23/11/2026"))
    with pdfplumber.open(pdf) as document:
        page = document.pages[0]
        assert all(c["x0"] >= 0 and c["x1"] <= page.width - 30 for c in page.chars)
    assert " ".join(heading.split()) in " ".join(pdf_text(pdf).split())
