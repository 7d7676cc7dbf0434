"""Fonts and right-to-left text for everything sofs prints.

The DejaVu Sans faces ship with the package (``printing/fonts``, Bitstream Vera licence), so
a PDF prints Turkish, Polish, Romanian, Czech and Arabic the same on any machine, whatever
fonts it has. reportlab draws glyphs in the order it is given them and does not join Arabic
letters: ``for_print`` shapes Arabic and reorders right-to-left runs for display.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import arabic_reshaper
from bidi import get_display
from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FONT_DIR = Path(__file__).resolve().parent / "fonts"
REGULAR = "DejaVuSans"
BOLD = "DejaVuSans-Bold"
_FACES = {
    REGULAR: ("DejaVuSans.ttf", 0, 0),
    BOLD: ("DejaVuSans-Bold.ttf", 1, 0),
    "DejaVuSans-Oblique": ("DejaVuSans-Oblique.ttf", 0, 1),
    "DejaVuSans-BoldOblique": ("DejaVuSans-BoldOblique.ttf", 1, 1),
}
# Letters of the right-to-left scripts (Hebrew, Arabic, Syriac, Thaana, presentation forms).
_RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")


@cache
def register_fonts() -> str:
    """Register the DejaVu Sans family with reportlab (once) and return its regular name."""
    for name, (file, bold, italic) in _FACES.items():
        pdfmetrics.registerFont(TTFont(name, str(FONT_DIR / file)))
        addMapping(REGULAR, bold, italic, name)
    return REGULAR


def for_print(text: str) -> str:
    """``text`` as reportlab must draw it: Arabic shaped, right-to-left runs reordered.

    Text without right-to-left letters comes back unchanged.
    """
    if not _RTL.search(text):
        return text
    return str(get_display(arabic_reshaper.reshape(text)))

