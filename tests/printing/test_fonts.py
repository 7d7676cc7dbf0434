"""The shipped fonts: every script and emoji gets a font that has its glyph, and the PDF's
text layer gives the same text back."""

from __future__ import annotations

import subprocess
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas

from printing.fonts import (
    BOLD,
    CJK,
    DEVANAGARI,
    EMOJI,
    ETHIOPIC,
    REGULAR,
    draw_text,
    markup,
    register_fonts,
    runs,
)
from tests.printing.pdf import pdf_text, tool

NAMES = ["Ayşe Yılmaz", "Grażyna Łęcka", "Ștefan Țăran", "Dvořák Růžena", "Noor 🙂👍😀❤️"]


def _has_glyph(font: str, char: str) -> bool:
    return ord(char) in pdfmetrics.getFont(font).face.charToGlyph


def test_every_character_of_five_scripts_and_emoji_has_a_glyph_in_its_font() -> None:
    register_fonts()
    for text in [*NAMES, "👩🏽\u200d👧 🇧🇪 1️⃣"]:
        for font, piece in runs(text):
            missing = [c for c in piece if not _has_glyph(font, c)]
            assert not missing, (text, font, missing)


def test_emoji_go_to_the_emoji_font_and_letters_stay_in_dejavu() -> None:
    assert runs("Noor 🙂 ok") == [(REGULAR, "Noor "), (EMOJI, "🙂"), (REGULAR, " ok")]
    # A skin tone and a variation selector stay with their emoji.
    assert runs("👍🏽\ufe0f", BOLD) == [(EMOJI, "👍🏽\ufe0f")]


@given(st.text(max_size=40))
def test_runs_keep_every_character_in_order(text: str) -> None:
    pieces = runs(text)
    assert "".join(piece for _, piece in pieces) == text
    assert {font for font, _ in pieces} <= {REGULAR, EMOJI, DEVANAGARI, ETHIOPIC, CJK}


def test_markup_escapes_tags_and_wraps_emoji() -> None:
    assert markup('<img src="/etc/passwd"> & 🙂') == (
        '&lt;img src="/etc/passwd"&gt; &amp; <font face="NotoEmoji">🙂</font>')


def test_copying_text_out_of_the_pdf_gives_back_names_and_emoji(tmp_path: Path) -> None:
    register_fonts()
    pdf = tmp_path / "names.pdf"
    canvas = Canvas(str(pdf))
    for row, name in enumerate(NAMES):
        draw_text(canvas, 50, 700 - 30 * row, name, size=14)
    canvas.save()
    text = pdf_text(pdf)
    for name in NAMES:
        assert name.replace("\ufe0f", "") in text.replace("\ufe0f", ""), name
    fonts = subprocess.run([tool("pdffonts"), str(pdf)], capture_output=True, text=True,
                           check=True).stdout
    assert "NotoEmoji" in fonts and "DejaVuSans" in fonts
