"""Every script a family here writes its names in prints with glyphs (no empty boxes), in
the right shape and order, and copying it out of the PDF (pdftotext) gives the name back as
it was typed: on a canvas line, in a paragraph, in a vector picture."""

from __future__ import annotations

import re
import subprocess
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from reportlab.graphics.shapes import Drawing
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas

from printing.document import Furniture, build, para, style
from printing.fonts import (
    BOLD,
    CJK,
    DEVANAGARI,
    EMOJI,
    ETHIOPIC,
    REGULAR,
    draw_text,
    graphics_text,
    line_pieces,
    register_fonts,
    runs,
)
from printing.shaping import shaped, spoken, visual_runs
from tests.printing.pdf import pdf_text, tool

NAMES = {
    "latin": "Ayşe Yılmaz-Dvořák",
    "greek": "Νίκος Παπαδόπουλος",
    "cyrillic": "Олена Шевченко",
    "arabic": "محمد العلي",
    "hebrew": "נועה כהן",
    "tigrinya": "ተስፋይ ገብረሚካኤል",
    "amharic": "አበበ በቀለ",
    "devanagari": "प्रिया क्षत्रिय शर्मा",
    "chinese": "王小明 李华",
    "japanese": "佐藤 さくら",
    "arabic_latin": "Ahmed محمد Smith",
    "arabic_first": "محمد (Mo) Benali",
    "hebrew_digits": "נועה 2 כהן",
    "emoji": "Noor 🇧🇪 1️⃣ #️⃣ 👩🏽\u200d👧 🙂",
}
# Invisible direction marks readers add around right-to-left text when they copy it.
_DIRECTION_MARKS = re.compile("[\u200e\u200f\u202a-\u202e]")


def _copied(pdf: Path) -> str:
    return _DIRECTION_MARKS.sub("", pdf_text(pdf))


def _font_names(pdf: Path) -> str:
    return subprocess.run([tool("pdffonts"), str(pdf)], capture_output=True, text=True,
                          check=True).stdout


@pytest.mark.parametrize("font", [REGULAR, BOLD])
@pytest.mark.parametrize("script", list(NAMES))
def test_every_character_has_a_glyph_in_the_font_it_is_given(script: str, font: str) -> None:
    register_fonts()
    for run_font, piece in runs(NAMES[script], font):
        glyphs = pdfmetrics.getFont(run_font).face.charToGlyph
        missing = [c for c in piece if ord(c) not in glyphs]
        assert not missing, (run_font, missing)


@pytest.mark.parametrize(("text", "font"), [
    ("ተስፋይ", ETHIOPIC), ("क्षत्रिय", DEVANAGARI), ("王小明", CJK), ("さくら", CJK),
    ("🇧🇪", EMOJI), ("1️⃣", EMOJI), ("#️⃣", EMOJI)])
def test_each_script_goes_whole_to_its_noto_font(text: str, font: str) -> None:
    assert runs(text) == [(font, text)]


def test_bold_text_takes_the_bold_script_fonts() -> None:
    assert runs("प्रिया ተስፋይ", BOLD) == [
        (f"{DEVANAGARI}-Bold", "प्रिया"), (BOLD, " "), (f"{ETHIOPIC}-Bold", "ተስፋይ")]


def test_devanagari_is_shaped_the_vowel_sign_i_drawn_before_its_consonant() -> None:
    register_fonts()
    (glyphs,) = shaped("कि", DEVANAGARI, 12)
    assert len(glyphs) == 2
    # The sign (a width variant of ि that has no character of its own) comes first.
    assert glyphs[1] == "\u0915" and glyphs[0] != "\u0915"
    # The conjunct क्ष is one glyph, not क + virama + ष.
    (conjunct,) = shaped("क्ष", DEVANAGARI, 12)
    assert len(conjunct) == 1


def test_a_flag_and_a_keycap_are_drawn_as_one_glyph_each() -> None:
    register_fonts()
    assert [len(piece) for piece in shaped("🇧🇪", EMOJI, 12)] == [1]
    assert [len(piece) for piece in shaped("1️⃣", EMOJI, 12)] == [1]


@pytest.mark.parametrize(("text", "drawn"), [
    ("abc", [("abc", False)]),
    ("محمد العلي", [("محمد العلي", True)]),
    ("Ahmed محمد Smith", [("Ahmed ", False), ("محمد", True), (" Smith", False)]),
    # The document runs left to right, so a name that starts in Arabic still does.
    ("محمد Smith", [("محمد", True), (" Smith", False)]),
    ("محمد 12 علي", [(" علي", True), ("12", False), ("محمد ", True)]),
    ("👩\u200d👧", [("👩\u200d👧", False)]),
])
def test_bidi_orders_runs_left_to_right_and_keeps_each_in_logical_order(
        text: str, drawn: list[tuple[str, bool]]) -> None:
    assert visual_runs(text) == drawn


def test_a_right_to_left_name_keeps_its_latin_part_in_place_between_fonts() -> None:
    register_fonts()
    assert line_pieces("Ahmed محمد 🙂") == [
        (REGULAR, "Ahmed "), (REGULAR, "محمد"), (REGULAR, " "), (EMOJI, "🙂")]


def test_the_copy_text_reverses_right_to_left_stretches_as_readers_expect() -> None:
    assert spoken("abc") == "abc"
    assert spoken("محمد") == "دمحم"
    assert spoken("Ahmed محمد Smith") == "Ahmed \u200f دمحمSmith"


def _canvas_pdf(path: Path, names: list[str]) -> Path:
    register_fonts()
    canvas = Canvas(str(path))
    # A page of Dutch, as every document has, so the reader reads it left to right.
    for row in range(3):
        draw_text(canvas, 40, 800 - 20 * row, "Veiligheidsplan voor het gezin en het netwerk "
                  "van de jongere, afgedrukt op 23/11/2026", size=10)
    for row, name in enumerate(names):
        draw_text(canvas, 40, 720 - 26 * row, name, size=14, font=BOLD if row % 2 else REGULAR)
    canvas.save()
    return path


def test_copying_every_script_out_of_a_canvas_line_gives_the_names_back(
        tmp_path: Path) -> None:
    pdf = _canvas_pdf(tmp_path / "names.pdf", list(NAMES.values()))
    lines = _copied(pdf).splitlines()
    for script, name in NAMES.items():
        assert name in lines, (script, name, lines)
    fonts = _font_names(pdf)
    for font in ("DejaVuSans", "NotoEmoji", DEVANAGARI, ETHIOPIC, CJK):
        assert font in fonts, font


def test_copying_every_script_out_of_paragraphs_gives_the_names_back(tmp_path: Path) -> None:
    furniture = Furniture(title="Veiligheidsplan gezin Yılmaz", stamp="Versie 2",
                          page_of=lambda page, pages: f"pagina {page} van {pages}")
    intro = ("Dit plan hebben we samen met het gezin en het netwerk gemaakt; iedereen weet "
             "wat er moet gebeuren en wie wat doet. ") * 3
    story = [para(intro, style(10)), *(para(name, style(12)) for name in NAMES.values()),
             para("Netwerk: " + " / ".join(NAMES.values()), style(10))]
    pdf = tmp_path / "paragraphs.pdf"
    pdf.write_bytes(build(story, furniture))
    copied = _copied(pdf)
    lines = copied.splitlines()
    for script, name in NAMES.items():
        assert name in lines, (script, name)
    # A wrapped paragraph reads back in order too, line by line.
    flowing = " ".join(copied.split())
    assert " / ".join(" ".join(name.split()) for name in NAMES.values()) in flowing


def test_copying_every_script_out_of_a_picture_gives_the_names_back(tmp_path: Path) -> None:
    register_fonts()
    drawing = Drawing(500, 30 * len(NAMES))
    for row, name in enumerate(NAMES.values()):
        drawing.add(graphics_text(250, 10 + 30 * row, name, font=REGULAR, size=12,
                                  anchor="middle", color="#1f2933"))
    furniture = Furniture(title="Genogram", stamp="Versie 1", page_of=lambda p, n: f"{p}/{n}")
    pdf = tmp_path / "picture.pdf"
    pdf.write_bytes(build([para("Het genogram van het gezin en wie erbij hoort. " * 4,
                                style(10)), drawing], furniture))
    lines = _copied(pdf).splitlines()
    for script, name in NAMES.items():
        assert name in lines, (script, name)


def test_nothing_prints_as_an_empty_box(tmp_path: Path) -> None:
    """The PDF's text layer holds no replacement or private-use character outside the
    copy-and-paste spans: every glyph drawn is a real one."""
    pdf = _canvas_pdf(tmp_path / "names.pdf", list(NAMES.values()))
    copied = _copied(pdf)
    assert "\ufffd" not in copied
    assert not [c for c in copied if unicodedata.category(c) == "Co"]


@given(st.text(max_size=30))
def test_any_text_is_ordered_without_losing_a_character(text: str) -> None:
    pieces = visual_runs(text)
    assert sorted("".join(piece for piece, _ in pieces)) == sorted(text)
