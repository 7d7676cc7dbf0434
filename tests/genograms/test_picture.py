"""The drawing to the McGoldrick standard, checked on the SVG, and the same drawing on paper
checked with pdftotext and qpdf."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from genograms.drawing import Path as DrawnPath
from genograms.drawing import Shape, ShapeKind
from genograms.layout import layout
from genograms.picture import Options, genogram_drawing
from genograms.render import to_pdf, to_reportlab, to_svg
from sofs_core.codes import Sex
from tests.genograms.pictures import blended, person, words
from tests.printing.pdf import assert_valid, pdf_text

NS = {"s": "http://www.w3.org/2000/svg"}


def svg_of(family=None, options: Options | None = None) -> ET.Element:
    family = family or blended()
    drawing = genogram_drawing(family, layout(family), words, title="Genogram",
                               options=options)
    return ET.fromstring(to_svg(drawing))


def person_group(root: ET.Element, pid: int) -> ET.Element:
    found = root.find(f".//s:g[@data-ref='person-{pid}']", NS)
    assert found is not None
    return found


def test_each_sex_has_its_symbol_and_the_index_child_a_double_outline() -> None:
    root = svg_of()
    assert person_group(root, 2).find("s:rect[@class='symbol']", NS) is not None  # Mehmet
    assert person_group(root, 1).find("s:circle[@class='symbol']", NS) is not None  # Ayşe
    emre = person_group(root, 10)
    assert "index" in emre.get("class", "")
    assert emre.find("s:rect[@class='index-ring']", NS) is not None
    assert person_group(root, 9).find("s:*[@class='index-ring']", NS) is None


def test_unknown_sex_is_a_diamond_or_what_the_organisation_chose() -> None:
    family = blended()
    person(family.graph, 50, "Kind", Sex.UNKNOWN, 2021)
    group = person_group(svg_of(family), 50)
    assert group.find("s:polygon[@data-shape='diamond']", NS) is not None
    chosen = person_group(svg_of(family, Options(other_shape=ShapeKind.SQUARE)), 50)
    assert chosen.find("s:rect[@class='symbol']", NS) is not None


def test_a_deceased_person_carries_an_x_with_both_years() -> None:
    mehmet = person_group(svg_of(), 2)
    assert len(mehmet.findall("s:polyline[@class='deceased-x']", NS)) == 2
    years = [t.text for t in mehmet.findall("s:text[@class='years']", NS)]
    assert years == ["° 1955 † 2019"]
    assert person_group(svg_of(), 1).find("s:polyline[@class='deceased-x']", NS) is None


def test_couples_divorce_has_two_slashes_living_together_is_dashed() -> None:
    root = svg_of()
    divorced = root.find(".//s:g[@class='couple divorced']", NS)
    assert divorced is not None
    assert len(divorced.findall("s:polyline[@class='slash']", NS)) == 2
    married = root.find(".//s:g[@class='couple married']", NS)
    assert married is not None
    assert not married.findall("s:polyline[@class='slash']", NS)
    assert married.find("s:polyline[@class='couple-line']", NS).get("stroke-dasharray") is None
    together = root.find(".//s:g[@class='couple living_together']", NS)
    assert together.find("s:polyline[@class='couple-line']", NS).get("stroke-dasharray")


def test_a_foster_child_hangs_by_a_dashed_line_birth_children_by_a_solid_one() -> None:
    root = svg_of()
    foster = root.findall(".//s:polyline[@class='child-line foster']", NS)
    assert len(foster) == 1 and foster[0].get("stroke-dasharray")
    births = root.findall(".//s:polyline[@class='child-line biological']", NS)
    assert births and all(line.get("stroke-dasharray") is None for line in births)


def test_twins_fork_from_one_point() -> None:
    root = svg_of()
    forks = root.findall(".//s:polyline[@class='twin-line']", NS)
    assert len(forks) == 2
    starts = {f.get("points").split()[0] for f in forks}
    assert len(starts) == 1


def test_household_emotional_lines_and_legend_are_drawn() -> None:
    root = svg_of()
    assert root.find(".//s:g[@class='household']/s:polygon", NS).get("stroke-dasharray")
    abuse = root.find(".//s:g[@class='emotional abuse']", NS)
    assert abuse.find("s:polygon[@class='arrow']", NS) is not None, "arrow to the victim"
    assert len(root.find(".//s:g[@class='emotional close']", NS).findall("s:polyline", NS)) == 2
    legend = " ".join(t.text or "" for t in root.findall(".//s:g[@class='legend']/s:text", NS))
    for word in ("man", "vrouw", "overleden", "gescheiden", "pleegkind", "tweeling"):
        assert word in legend


def test_the_svg_has_an_accessible_name_and_every_group_a_title() -> None:
    root = svg_of()
    assert root.get("role") == "img"
    labelled = root.get("aria-labelledby").split()
    assert {e.get("id") for e in root.findall("s:title", NS) + root.findall("s:desc", NS)} \
        == set(labelled)
    assert all(g.find("s:title", NS) is not None for g in root.findall("s:g", NS))


NASTY = ['<img src=x onerror="alert(1)">', "<b>vet</b> & co", "Zeynep 🙂 Öztürk",
         "A" * 200, "</text><script>alert(1)</script>"]


def test_names_with_markup_are_text_and_long_names_are_cut_not_spilled() -> None:
    family = blended()
    for i, name in enumerate(NASTY):
        person(family.graph, 60 + i, name, Sex.FEMALE, 2010)
    drawing = genogram_drawing(family, layout(family), words, title="<b>Gezin</b>")
    svg = to_svg(drawing)
    assert "<img" not in svg and "<script" not in svg and "<b>" not in svg
    root = ET.fromstring(svg)  # still well-formed
    titles = [g.findtext("s:title", namespaces=NS) for g in root.findall("s:g", NS)]
    assert '<img src=x onerror="alert(1)">' in titles
    long_lines = person_group(root, 63).findall("s:text[@class='name']", NS)
    assert len(long_lines) == 5 and long_lines[-1].text.endswith("…")
    assert all(len(t.text) <= 16 for t in long_lines)


def test_the_rtl_name_is_marked_right_to_left_for_the_browser() -> None:
    text = person_group(svg_of(), 4).find("s:text[@class='name']", NS)
    assert text.get("direction") == "rtl"


def test_screen_and_paper_draw_the_same_shapes() -> None:
    family = blended()
    drawing = genogram_drawing(family, layout(family), words, title="Genogram")
    shapes = sum(isinstance(p, Shape) for g in drawing.groups for p in g.parts)
    paths = sum(isinstance(p, DrawnPath) for g in drawing.groups for p in g.parts)
    root = ET.fromstring(to_svg(drawing))
    drawn = [e for g in root.findall("s:g", NS) for e in g if not e.tag.endswith("title")]
    assert len(drawn) == sum(len(g.parts) for g in drawing.groups)
    pdf_groups = to_reportlab(drawing).contents
    assert len(pdf_groups) == len(drawing.groups)
    assert [len(g.contents) for g in pdf_groups] == [len(g.parts) for g in drawing.groups]
    assert shapes and paths


def test_the_pdf_is_valid_and_its_text_reads_back_in_every_script(tmp_path: Path) -> None:
    family = blended()
    person(family.graph, 70, "Ștefan Dvořák", Sex.MALE, 1990)
    person(family.graph, 71, "Noor 🙂👍", Sex.FEMALE, 2012)
    drawing = genogram_drawing(family, layout(family), words, title="Genogram")
    pdf = tmp_path / "genogram.pdf"
    pdf.write_bytes(to_pdf(drawing, heading="Genogram <b>Yılmaz</b> & co",
                           footer="Afgedrukt op 23/11/2026"))
    assert_valid(pdf)
    text = pdf_text(pdf, layout=True)
    for name in ("Ayşe", "Grażyna", "Małgorzata", "Ștefan", "Dvořák", "Yılmaz"):
        assert name in text, name
    assert "Genogram <b>Yılmaz</b> & co" in text
    assert "Noor 🙂👍" in text
    assert "Legende" in text
    # Arabic is shaped (joined presentation forms), so the letters are there as glyphs.
    assert any("\ufe70" <= ch <= "\ufeff" or "\u0600" <= ch <= "\u06ff" for ch in text)
