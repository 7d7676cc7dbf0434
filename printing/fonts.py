"""The fonts of everything sofs prints, and how a line of user text is cut among them.

The fonts ship with the package (``printing/fonts``), so a PDF prints the same on any
machine, whatever fonts it has: DejaVu Sans (Latin, Greek, Cyrillic, Arabic, Hebrew; the
Bitstream Vera licence), and under the SIL OFL Noto Sans Devanagari, Noto Sans Ethiopic,
Noto Sans SC (Chinese and kana, a subset: ``tools/subset_fonts.py``) and monochrome Noto
Emoji.

- reportlab draws a whole string in one font: ``runs`` splits text into the pieces each
  font draws; ``markup``, ``draw_text`` and ``graphics_text`` use those pieces for
  paragraphs, page furniture and vector pictures.
- Right-to-left text, Devanagari and emoji sequences are ordered and shaped when they are
  drawn (``printing.shaping``), and copy out of the PDF in the order they were typed.
- reportlab 5.1 writes characters beyond U+FFFF into the PDF's copy-and-paste table as five
  hex digits, which readers take for a different character; ``register_fonts`` makes it
  write them as UTF-16 (two surrogates), so copying an emoji out of the PDF gives it back.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.graphics import shapes
from reportlab.lib import colors
from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from printing import shaping

FONT_DIR = Path(__file__).resolve().parent / "fonts"
REGULAR = "DejaVuSans"
BOLD = "DejaVuSans-Bold"
EMOJI = "NotoEmoji"
DEVANAGARI = "NotoSansDevanagari"
ETHIOPIC = "NotoSansEthiopic"
CJK = "NotoSansSC"
_FACES = {
    REGULAR: ("DejaVuSans.ttf", 0, 0),
    BOLD: ("DejaVuSans-Bold.ttf", 1, 0),
    "DejaVuSans-Oblique": ("DejaVuSans-Oblique.ttf", 0, 1),
    "DejaVuSans-BoldOblique": ("DejaVuSans-BoldOblique.ttf", 1, 1),
}
# Fonts for scripts DejaVu lacks: (name, regular file, bold file). Chinese has one weight.
_SCRIPTS = [
    (DEVANAGARI, "NotoSansDevanagari-Regular.ttf", "NotoSansDevanagari-Bold.ttf"),
    (ETHIOPIC, "NotoSansEthiopic-Regular.ttf", "NotoSansEthiopic-Bold.ttf"),
    (CJK, "NotoSansSC-Regular.ttf", None),
]
# Where a script font draws a whole block, even characters DejaVu also has (CJK punctuation,
# full-width forms), so one name does not mix two designs.
_SCRIPT_BLOCKS = [
    (DEVANAGARI, re.compile("[\u0900-\u097f\u1cd0-\u1cff\ua8e0-\ua8ff]")),
    (ETHIOPIC, re.compile("[\u1200-\u139f\u2d80-\u2ddf\uab00-\uab2f\U0001e7e0-\U0001e7ff]")),
    (CJK, re.compile("[\u2e80-\u2fff\u3000-\u30ff\u31f0-\u31ff\u3400-\u4dbf"
                     "\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef\U00020000-\U0003ffff]")),
]
# Characters that belong with the one before them: zero-width (non-)joiner, variation
# selectors, the keycap mark, skin tones and the tag letters of flag sequences.
_JOINERS = re.compile("[\u200c\u200d\ufe0e\ufe0f\u20e3\U0001f3fb-\U0001f3ff"
                      "\U000e0020-\U000e007f]")
# A keycap: digit, # or *, the emoji presentation selector, the enclosing keycap mark.
_KEYCAP = re.compile("[0-9#*]\ufe0f?\u20e3")
# Emoji planes: drawn in the emoji font even where DejaVu has an older glyph, so they match.
_EMOJI_FROM = 0x1F000
# A copy-and-paste entry whose character lies beyond U+FFFF.
_WIDE_ENTRY = re.compile(r"^(<[0-9A-F]{2}>) <([0-9A-F]{5,6})>$", re.MULTILINE)


@cache
def register_fonts() -> str:
    """Register the shipped fonts with reportlab (once); return the regular name."""
    for name, (file, bold, italic) in _FACES.items():
        pdfmetrics.registerFont(TTFont(name, str(FONT_DIR / file)))
        addMapping(REGULAR, bold, italic, name)
    pdfmetrics.registerFont(TTFont(EMOJI, str(FONT_DIR / "NotoEmoji.ttf")))
    for name, regular, bold_file in _SCRIPTS:
        pdfmetrics.registerFont(TTFont(name, str(FONT_DIR / regular)))
        bold_name = _bold(name)
        if bold_file:
            pdfmetrics.registerFont(TTFont(bold_name, str(FONT_DIR / bold_file)))
        for is_bold, is_italic in ((0, 0), (1, 0), (0, 1), (1, 1)):
            addMapping(name, is_bold, is_italic, bold_name if is_bold else name)
    _write_wide_characters_as_utf16()
    shaping.install(frozenset(pdfmetrics.getRegisteredFontNames()) & _ours())
    return REGULAR


def _ours() -> frozenset[str]:
    return frozenset([*_FACES, EMOJI, *(n for n, *_ in _SCRIPTS),
                      *(_bold(n) for n, _, bold_file in _SCRIPTS if bold_file)])


def _bold(script_font: str) -> str:
    """The bold face of a script font; the regular one where it has no bold."""
    has_bold = any(n == script_font and bold_file for n, _, bold_file in _SCRIPTS)
    return f"{script_font}-Bold" if has_bold else script_font


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


@cache
def _fallbacks(font: str) -> tuple[str, ...]:
    """The script fonts in the weight of ``font``, then the emoji font."""
    bold = "Bold" in font
    return (*(_bold(name) if bold else name for name, *_ in _SCRIPTS), EMOJI)


def _font_for(code: int, font: str) -> str:
    if code < 0x20:  # control characters (a stray carriage return) stay where they are
        return font
    if code >= _EMOJI_FROM and code in _glyphs(EMOJI):
        return EMOJI
    char = chr(code)
    for script, block in _SCRIPT_BLOCKS:
        if block.match(char):
            face = _bold(script) if "Bold" in font else script
            if code in _glyphs(face):
                return face
    if code in _glyphs(font):
        return font
    # A character no shipped font has prints as the font's empty box.
    return next((f for f in _fallbacks(font) if code in _glyphs(f)), font)


def runs(text: str, font: str = REGULAR) -> list[tuple[str, str]]:
    """``text`` cut into (font, piece) runs: ``font`` where it has the glyph, else the script
    font or Noto Emoji that has it; Devanagari, Ethiopic and Chinese always in their Noto font.

    Joiners, variation selectors and skin tones stay with the character before them when its
    font has them, and a keycap (1️⃣) goes whole to the emoji font, so an emoji sequence stays
    in one font and HarfBuzz can draw it as one glyph.
    """
    result: list[tuple[str, str]] = []
    at = 0
    while at < len(text):
        keycap = _KEYCAP.match(text, at)
        if keycap:
            chosen, piece = EMOJI, keycap[0]
        else:
            piece = text[at]
            joins = (bool(result) and _JOINERS.match(piece) is not None
                     and ord(piece) in _glyphs(result[-1][0]))
            chosen = result[-1][0] if joins else _font_for(ord(piece), font)
        if result and result[-1][0] == chosen:
            result[-1] = (chosen, result[-1][1] + piece)
        else:
            result.append((chosen, piece))
        at += len(piece)
    return result


def markup(text: str, font: str = REGULAR) -> str:
    """User text as safe reportlab paragraph markup: escaped, every run in its font.

    Nothing in ``text`` is ever read as a tag: ``<img src=...>`` prints as those letters.
    The text stays in logical order: it is ordered and shaped line by line when drawn.
    """
    pieces = []
    for run_font, piece in runs(text, font):
        safe = escape(piece)
        pieces.append(safe if run_font == font else f'<font face="{run_font}">{safe}</font>')
    return "".join(pieces)


def line_pieces(text: str, font: str = REGULAR, *, right_to_left: bool = False
                ) -> list[tuple[str, str]]:
    """One line of ``text`` as (font, piece) in the order they are drawn, left to right, in
    a left-to-right paragraph (or a right-to-left one).

    The bidi algorithm orders the whole line, so a right-to-left name keeps its emoji and
    Latin parts in place; each piece stays in logical order for HarfBuzz.
    """
    pieces: list[tuple[str, str]] = []
    for part, backwards in shaping.visual_runs(text, right_to_left):
        if right_to_left and backwards:
            pieces += _right_to_left_run(part, font)
            continue
        in_fonts = runs(part, font)
        pieces.extend(reversed(in_fonts) if backwards else in_fonts)
    return pieces


_MIRRORED = str.maketrans("()[]{}<>«»", ")(][}{><»«")


def _right_to_left_run(part: str, font: str) -> list[tuple[str, str]]:
    """A right-to-left run of a right-to-left line, drawn left to right: the spaces and
    punctuation at its ends reversed (and brackets mirrored) here, as HarfBuzz would only
    shape them in a left-to-right line; its letters, from the first to the last, as one
    piece for HarfBuzz."""
    strong = [i for i, char in enumerate(part) if shaping.needs_shaping(char)
              and unicodedata.bidirectional(char) in ("R", "AL")]
    if not strong:
        return runs(part[::-1].translate(_MIRRORED), font)
    first, last = strong[0], strong[-1] + 1
    return [*runs(part[last:][::-1].translate(_MIRRORED), font),
            *reversed(runs(part[first:last], font)),
            *runs(part[:first][::-1].translate(_MIRRORED), font)]


def text_width(text: str, font: str, size: float) -> float:
    """Width in points of ``text`` as ``draw_text`` draws it."""
    register_fonts()
    return float(sum(shaping.width(piece, run_font, size)
                     for run_font, piece in runs(text, font)))


def draw_text(canvas: Canvas, x: float, y: float, text: str, *, font: str = REGULAR,
              size: float = 10, anchor: str = "start", right_to_left: bool = False) -> None:
    """Draw one line of user text on a canvas at (x, y): ordered (as in a right-to-left
    paragraph with ``right_to_left``), shaped, every script in its font; copying it out of
    the PDF gives ``text`` back."""
    register_fonts()
    if anchor != "start":
        width = text_width(text, font, size)
        x -= width if anchor == "end" else width / 2
    line = canvas.beginText(x, y)
    close = shaping.whole_line(line, text) if shaping.needs_shaping(text) else None
    for run_font, piece in line_pieces(text, font, right_to_left=right_to_left):
        line.setFont(run_font, size)
        line.textOut(piece)
    if close:
        close()
    canvas.drawText(line)


class _Line(shapes.DirectDraw):  # type: ignore[misc]  # reportlab has no type hints
    """A line of user text in a reportlab Drawing, drawn with ``draw_text`` (PDF only)."""

    def __init__(self, x: float, y: float, text: str, *, font: str, size: float, anchor: str,
                 color: str) -> None:
        super().__init__()
        self.x, self.y, self.text = x, y, text
        self.font, self.size, self.anchor, self.color = font, size, anchor, color

    def drawDirectly(self, renderer: object) -> None:  # reportlab's name
        canvas = renderer._canvas  # type: ignore[attr-defined]
        canvas.saveState()
        canvas.setFillColor(colors.HexColor(self.color))
        draw_text(canvas, self.x, self.y, self.text, font=self.font, size=self.size,
                  anchor=self.anchor)
        canvas.restoreState()

    def getBounds(self) -> tuple[float, float, float, float]:
        width = text_width(self.text, self.font, self.size)
        left = self.x - (width if self.anchor == "end"
                         else width / 2 if self.anchor == "middle" else 0)
        return (left, self.y - self.size * 0.25, left + width, self.y + self.size)


def graphics_text(x: float, y: float, text: str, *, font: str, size: float, anchor: str,
                  color: str) -> shapes.Group:
    """One line of user text as reportlab graphics for a PDF, drawn like ``draw_text``."""
    group = shapes.Group()
    group.add(_Line(x, y, text, font=font, size=size, anchor=anchor, color=color))
    return group


def shorten(text: str, width: float, *, font: str = REGULAR, size: float = 10) -> str:
    """``text``, cut and ended with "…" where it is wider than ``width`` points."""
    if text_width(text, font, size) <= width:
        return text
    low, high = 0, len(text)
    while low < high:
        middle = (low + high + 1) // 2
        if text_width(text[:middle].rstrip() + "…", font, size) <= width:
            low = middle
        else:
            high = middle - 1
    cut = text[:low]
    # Never end on half a character: a vowel sign, a joiner or a keycap mark alone.
    while cut and (unicodedata.category(cut[-1]) in ("Mn", "Mc", "Me", "Cf")
                   or _JOINERS.match(cut[-1])):
        cut = cut[:-1]
    return cut.rstrip() + "…"


def wrap(text: str, width: float, *, font: str = REGULAR, size: float = 10) -> list[str]:
    """``text`` in lines no wider than ``width`` points: broken between words, and inside
    a word only where the word alone is too wide."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        candidate = f"{line} {word}" if line else word
        if text_width(candidate, font, size) <= width:
            line = candidate
            continue
        if line:
            lines.append(line)
        line = word
        while text_width(line, font, size) > width and len(line) > 1:
            cut = max(1, len(shorten(line, width, font=font, size=size)) - 1)
            lines.append(line[:cut])
            line = line[cut:]
    if line or not lines:
        lines.append(line)
    return lines
