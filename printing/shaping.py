"""Right-to-left text, Devanagari and emoji sequences in reportlab's PDFs.

reportlab draws a string one glyph per character, left to right. That is right for Latin,
Greek, Cyrillic, Ethiopic and Chinese, and wrong for:

- Arabic and Hebrew, which run right to left (and Arabic letters join);
- Devanagari, whose conjuncts, reph and vowel sign ि (drawn before its consonant) need the
  font's shaping rules;
- emoji sequences: a flag is two regional indicators, a keycap is a digit, U+FE0F, U+20E3.

``install`` makes reportlab's text object draw such a string (in one of our fonts) as the
Unicode bidi algorithm orders it (python-bidi) with every run shaped by HarfBuzz (uharfbuzz,
which reportlab itself drives), and wraps the drawn glyphs in a marked-content span whose
``/ActualText`` is the string as typed. So the page shows the joined, reordered glyphs while
copying text out of the PDF (pdftotext, a screen reader) gives the name back in logical order.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from typing import Any

from bidi import algorithm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import ShapedStr, shapeStr
from reportlab.pdfgen.textobject import PDFTextObject

# Characters that need bidi reordering or HarfBuzz: Hebrew, Arabic, Syriac, Thaana, NKo,
# Devanagari (and its extensions), presentation forms, joiners, the keycap mark, emoji
# planes and the tag letters of subdivision flags.
_COMPLEX = re.compile(
    "[\u0590-\u08ff\u0900-\u097f\u1cd0-\u1cff\ua8e0-\ua8ff\ufb1d-\ufdff\ufe70-\ufefc"
    "\u200c\u200d\u20e3\U0001f000-\U0001faff\U000e0020-\U000e007f]")
# Blocks whose unassigned code points are right to left (UAX #9, Bidi_Class defaults).
_RTL_BLOCKS = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff\U00010800-\U00010fff"
                         "\U0001e800-\U0001efff]")
_PRIVATE = re.compile("[\ue000-\uf8ff]")
_SELECTORS = re.compile("[\ufe0e\ufe0f]")
# Set on a text object while a whole line is inside one /ActualText span.
_IN_SPAN = "_sofs_in_actual_text"


def needs_shaping(text: str) -> bool:
    return _COMPLEX.search(text) is not None


def visual_runs(text: str, right_to_left: bool = False) -> list[tuple[str, bool]]:
    """``text`` cut into (piece, right_to_left) runs in the order they are drawn, left to
    right; each piece stays in logical order (HarfBuzz reverses right-to-left pieces).

    The line sits in a left-to-right paragraph, or with ``right_to_left`` in a right-to-left
    one (a document in Arabic)."""
    levels = _levels(text, 1 if right_to_left else 0)
    order = list(range(len(text)))
    # Rule L2: from the highest level down to the lowest odd one, reverse every stretch of
    # characters at that level or above.
    for level in range(max(levels, default=0), min((v for v in levels if v % 2), default=1) - 1,
                       -1):
        start = 0
        while start < len(order):
            if levels[order[start]] < level:
                start += 1
                continue
            end = start
            while end < len(order) and levels[order[end]] >= level:
                end += 1
            order[start:end] = reversed(order[start:end])
            start = end
    result: list[tuple[int, int, int]] = []  # (first index, last index, level)
    for index in order:
        level = levels[index]
        step = -1 if level % 2 else 1
        if result and result[-1][2] == level and result[-1][1] + step == index:
            result[-1] = (result[-1][0], index, level)
        else:
            result.append((index, index, level))
    return [(text[min(a, b):max(a, b) + 1], level % 2 == 1) for a, b, level in result]


def _levels(text: str, base: int = 0) -> list[int]:
    """The resolved bidi level of every character of one line (rules P2 to I2, and L1) in
    a paragraph of level ``base``."""
    if not text:
        return []
    storage = algorithm.get_empty_storage()
    # A line sits in its document's direction (Dutch or English: left to right), not its
    # first letter's: a name that starts in Arabic still reads from the left, as it would
    # in a sentence about it.
    storage["base_level"] = base
    storage["base_dir"] = "R" if base % 2 else "L"
    algorithm.get_embedding_levels("".join(map(_typed, text)), storage)
    for index, char in enumerate(storage["chars"]):
        char["index"] = index
    algorithm.explicit_embed_and_overrides(storage)
    algorithm.resolve_weak_types(storage)
    algorithm.resolve_neutral_types(storage, False)
    algorithm.resolve_implicit_levels(storage, False)
    # Rule X9 dropped the joiners and embedding marks: they take the level before them, so a
    # zero-width joiner stays inside its emoji or Devanagari run.
    levels: list[int | None] = [None] * len(text)
    for char in storage["chars"]:
        levels[char["index"]] = char["level"]
    resolved: list[int] = []
    for level in levels:
        resolved.append(level if level is not None else resolved[-1] if resolved else base)
    # Rule L1: white space at the end of the line goes back to the paragraph level.
    end = len(text)
    while end and text[end - 1].isspace():
        end -= 1
        resolved[end] = base
    return resolved


def _typed(char: str) -> str:
    """``char``, or for an unassigned code point (no bidi class: python-bidi refuses it) a
    letter of the class Unicode gives its block by default."""
    if unicodedata.bidirectional(char):
        return char
    return "\u05d0" if _RTL_BLOCKS.match(char) else "a"


def shaped(text: str, font: str, size: float) -> list[ShapedStr]:
    """``text`` in ``font`` as HarfBuzz-shaped pieces, in drawing order.

    Variation selectors go: our fonts have one presentation per character (the emoji font
    makes a keycap without U+FE0F too), and HarfBuzz would draw them as empty glyphs that
    confuse readers of the text layer.
    """
    return [_true_widths(shapeStr(glyphs, font, size, force=True), font)
            for piece, _ in visual_runs(text) if (glyphs := _SELECTORS.sub("", piece))]


def _true_widths(piece: ShapedStr, font: str) -> ShapedStr:
    """``piece`` with the right width for glyphs no character maps to (a flag, a conjunct).

    reportlab 5.1 gives such a glyph a private code point with its advance in font units,
    not thousandths of an em: in a font of 2048 units a flag claims twice its width, and
    readers of the text layer take the next glyph for another line.
    """
    ttf = pdfmetrics.getFont(font)
    face = ttf.face
    data = []
    for char, shape in zip(piece, piece.__shapeData__, strict=True):
        code = ord(char)
        if _PRIVATE.match(char) and code not in ttf.__dict__.setdefault("_sofs_widths", set()):
            advance = ttf.hbFont().get_glyph_h_advance(face.charToGlyph[code])
            face.charWidths[code] = face._pdfScale(advance)
            ttf._sofs_widths.add(code)
        data.append(shape._replace(width=face.charWidths.get(code, shape.width)))
    return ShapedStr(str(piece), shapeData=data)


def width(text: str, font: str, size: float) -> float:
    """Width in points of ``text`` as it is drawn (shaped where it needs shaping)."""
    if not needs_shaping(text) or not _shapable(font):
        return float(pdfmetrics.stringWidth(text, font, size))
    return float(sum(sd.x_advance for piece in shaped(text, font, size)
                     for sd in piece.__shapeData__) * size / 1000)


def actual_text(text: str) -> str:
    """The PDF operator that opens a span whose copy-and-paste text is ``text``."""
    return f"/Span <</ActualText <FEFF{text.encode('utf-16-be').hex().upper()}>>> BDC"


def spoken(text: str) -> str:
    """``text`` as PDF readers expect to find it in a span.

    A PDF holds right-to-left text in the order it is drawn, and readers (poppler's
    pdftotext among them) reverse it: every stretch that starts at a right-to-left letter
    and runs up to the next left-to-right letter or digit. So each such stretch is given
    reversed, and where it ends in spaces or punctuation it starts with U+200F
    RIGHT-TO-LEFT MARK, so the reader reverses those too and the space between "محمد" and
    "Smith" stays between them.
    """
    out: list[str] = []
    at = 0
    while at < len(text):
        end = at
        while end < len(text) and not _right_to_left(text[end]):
            end += 1
        out.append(text[at:end])
        at = end
        while end < len(text) and not _ends_right_to_left(text[end]):
            end += 1
        stretch = text[at:end]
        if stretch:
            mark = "" if _right_to_left(stretch[-1]) else "\u200f"
            out.append(mark + stretch[::-1])
        at = end
    return "".join(out)


def _right_to_left(char: str) -> bool:
    return unicodedata.bidirectional(char) in ("R", "AL")


def _ends_right_to_left(char: str) -> bool:
    # What poppler (pdftotext) keeps inside a right-to-left stretch: white space, marks and
    # ASCII punctuation other than number signs; anything else ends it (measured with
    # poppler 22: "#$%+,-./:", guillemets, dashes and the ellipsis end it).
    if _right_to_left(char) or char.isspace() or unicodedata.category(char) in (
            "Mn", "Me", "Cf"):
        return False
    return unicodedata.bidirectional(char) != "ON" or ord(char) >= 0x80


def whole_line(text_object: PDFTextObject, text: str) -> Callable[[], None]:
    """Open one /ActualText span for a line drawn in several pieces (spans do not nest, so
    the pieces open none); call the result to close it."""
    text_object._code.append(actual_text(spoken(text)))
    setattr(text_object, _IN_SPAN, True)

    def close() -> None:
        text_object._code.append("EMC")
        setattr(text_object, _IN_SPAN, False)

    return close


def _shapable(font: str) -> bool:
    return bool(getattr(pdfmetrics.getFont(font), "shapable", False))


def install(fonts: frozenset[str]) -> None:
    """Make reportlab shape complex text drawn in ``fonts`` (once per process)."""
    original = PDFTextObject._formatText
    if getattr(original, "sofs_shaping", False):
        return

    def format_text(self: PDFTextObject, text: Any) -> str:
        if (self._fontname not in fonts or not isinstance(text, str)
                or isinstance(text, ShapedStr) or not needs_shaping(text)
                or not _shapable(self._fontname)):
            return str(original(self, text))
        glyphs = " ".join(original(self, piece)
                          for piece in shaped(text, self._fontname, self._fontsize))
        if getattr(self, _IN_SPAN, False):
            return glyphs
        return f"{actual_text(spoken(text))} {glyphs} EMC"

    format_text.sofs_shaping = True  # type: ignore[attr-defined]
    PDFTextObject._formatText = format_text
