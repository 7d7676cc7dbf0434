"""Fonts and right-to-left text for everything sofs prints.

The DejaVu Sans faces (Bitstream Vera licence) and the monochrome Noto Emoji (SIL OFL) ship
with the package (``printing/fonts``), so a PDF prints Turkish, Polish, Romanian, Czech,
Arabic and emoji the same on any machine, whatever fonts it has.

- reportlab draws glyphs in the order it is given them and does not join Arabic letters:
  ``for_print`` shapes Arabic and reorders right-to-left runs for display.
- reportlab draws a whole string in one font: ``runs`` splits text into the pieces DejaVu
  draws and the emoji Noto Emoji draws; ``markup``, ``draw_text`` and ``graphics_text`` use
  those pieces for paragraphs, page furniture and vector pictures.
- reportlab 5.1 writes characters beyond U+FFFF into the PDF's copy-and-paste table as five
  hex digits, which readers take for a different character; ``register_fonts`` makes it
  write them as UTF-16 (two surrogates), so copying an emoji out of the PDF gives it back.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from xml.sax.saxutils import escape

import arabic_reshaper
from bidi import get_display
from reportlab.graphics import shapes
from reportlab.lib import colors
from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

FONT_DIR = Path(__file__).resolve().parent / "fonts"
REGULAR = "DejaVuSans"
BOLD = "DejaVuSans-Bold"
EMOJI = "NotoEmoji"
_FACES = {
    REGULAR: ("DejaVuSans.ttf", 0, 0),
    BOLD: ("DejaVuSans-Bold.ttf", 1, 0),
    "DejaVuSans-Oblique": ("DejaVuSans-Oblique.ttf", 0, 1),
    "DejaVuSans-BoldOblique": ("DejaVuSans-BoldOblique.ttf", 1, 1),
}
# Characters that belong with the one before them: zero-width joiner, variation selectors,
# the keycap mark, skin tones and the tag letters of flag sequences.
_JOINERS = re.compile("[\u200d\ufe0e\ufe0f\u20e3\U0001f3fb-\U0001f3ff\U000e0020-\U000e007f]")
# Emoji planes: drawn in the emoji font even where DejaVu has an older glyph, so they match.
_EMOJI_FROM = 0x1F000
# A copy-and-paste entry whose character lies beyond U+FFFF.
_WIDE_ENTRY = re.compile(r"^(<[0-9A-F]{2}>) <([0-9A-F]{5,6})>$", re.MULTILINE)
# Letters of the right-to-left scripts (Hebrew, Arabic, Syriac, Thaana, presentation forms).
_RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")


@cache
def register_fonts() -> str:
    """Register DejaVu Sans and Noto Emoji with reportlab (once); return the regular name."""
    for name, (file, bold, italic) in _FACES.items():
        pdfmetrics.registerFont(TTFont(name, str(FONT_DIR / file)))
        addMapping(REGULAR, bold, italic, name)
    pdfmetrics.registerFont(TTFont(EMOJI, str(FONT_DIR / "NotoEmoji.ttf")))
    _write_wide_characters_as_utf16()
    return REGULAR


def _write_wide_characters_as_utf16() -> None:
    original = ttfonts.makeToUnicodeCMap

    def to_unicode_cmap(fontname: str, subset: list[int]) -> str:
        return _WIDE_ENTRY.sub(_as_utf16, original(fontname, subset))

    ttfonts.makeToUnicodeCMap = to_unicode_cmap


def _as_utf16(entry: re.Match[str]) -> str:
    character = chr(int(entry[2], 16))
    return f"{entry[1]} <{character.encode('utf-16-be').hex().upper()}>"


@cache
def _glyphs(font: str) -> frozenset[int]:
    register_fonts()
    face = pdfmetrics.getFont(font).face
    return frozenset(face.charToGlyph)


def _font_for(code: int, font: str) -> str:
    if code >= _EMOJI_FROM and code in _glyphs(EMOJI):
        return EMOJI
    if code in _glyphs(font) or code not in _glyphs(EMOJI):
        return font
    return EMOJI


def runs(text: str, font: str = REGULAR) -> list[tuple[str, str]]:
    """``text`` cut into (font, piece) runs: ``font`` where it has the glyph, else Noto Emoji.

    Joiners, variation selectors and skin tones stay with the character before them when its
    font has them, so an emoji sequence stays in one font. Give it text already passed through
    ``for_print``.
    """
    result: list[tuple[str, str]] = []
    for char in text:
        joins = (bool(result) and _JOINERS.match(char) is not None
                 and ord(char) in _glyphs(result[-1][0]))
        chosen = result[-1][0] if joins else _font_for(ord(char), font)
        if result and result[-1][0] == chosen:
            result[-1] = (chosen, result[-1][1] + char)
        else:
            result.append((chosen, char))
    return result


def markup(text: str, font: str = REGULAR) -> str:
    """User text as safe reportlab paragraph markup: escaped, shaped, emoji in their font.

    Nothing in ``text`` is ever read as a tag: ``<img src=...>`` prints as those letters.
    """
    pieces = []
    for run_font, piece in runs(for_print(text), font):
        safe = escape(piece)
        pieces.append(safe if run_font == font else f'<font face="{run_font}">{safe}</font>')
    return "".join(pieces)


def text_width(text: str, font: str, size: float) -> float:
    """Width in points of ``text`` as ``draw_text`` draws it."""
    return float(sum(pdfmetrics.stringWidth(piece, run_font, size)
                     for run_font, piece in runs(for_print(text), font)))


def draw_text(canvas: Canvas, x: float, y: float, text: str, *, font: str = REGULAR,
              size: float = 10, anchor: str = "start") -> None:
    """Draw one line of user text on a canvas at (x, y): shaped, emoji in their font."""
    if anchor != "start":
        width = text_width(text, font, size)
        x -= width if anchor == "end" else width / 2
    line = canvas.beginText(x, y)
    for run_font, piece in runs(for_print(text), font):
        line.setFont(run_font, size)
        line.textOut(piece)
    canvas.drawText(line)


def graphics_text(x: float, y: float, text: str, *, font: str, size: float, anchor: str,
                  color: str) -> shapes.Group:
    """One line of user text as reportlab graphics: one String per font run, side by side."""
    pieces = runs(for_print(text), font)
    widths = [pdfmetrics.stringWidth(piece, run_font, size) for run_font, piece in pieces]
    total = sum(widths)
    left = x - (total if anchor == "end" else total / 2 if anchor == "middle" else 0)
    group = shapes.Group()
    for (run_font, piece), width in zip(pieces, widths, strict=True):
        group.add(shapes.String(left, y, piece, fontName=run_font, fontSize=size,
                                fillColor=colors.HexColor(color)))
        left += width
    return group


def for_print(text: str) -> str:
    """``text`` as reportlab must draw it: Arabic shaped, right-to-left runs reordered.

    Text without right-to-left letters comes back unchanged.
    """
    if not _RTL.search(text):
        return text
    return str(get_display(arabic_reshaper.reshape(text)))

