"""Make the script fonts in printing/fonts from Google's variable Noto fonts.

reportlab embeds TrueType outlines but cannot pick an instance out of a variable font, so
each font is cut to a static instance (regular and bold) with fontTools' instancer. The
Chinese font is also subset to the characters names use (every hanzi of GB2312, the common
hanzi of Big5, kana and CJK punctuation), which keeps it a few MB instead of 17.

The sources come from PyPI packages that ship Google Fonts' files unchanged:

    pip download --no-deps fontpkg-noto-sans-devanagari==2.7 justmytype-intl-africa==0.1.0 \
        justmytype-intl-cjk==0.1.0
    unzip each wheel into one folder, then:
    python tools/subset_fonts.py FOLDER

It needs fontTools (``pip install -e .[dev]``). The fonts are licensed under the SIL Open
Font License 1.1 (printing/fonts/OFL.txt); the subsets keep the fonts' own names, none of
which is a reserved font name.
"""

from __future__ import annotations

import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont
from fontTools.varLib import instancer

TARGET = Path(__file__).resolve().parent.parent / "printing" / "fonts"
WEIGHTS = {"Regular": 400, "Bold": 700}
# (source file name, target family name, weights, subset to CJK characters or the whole font).
# The Chinese font comes in one weight to keep the package small: bold text prints its hanzi
# in the regular weight.
SOURCES = [
    ("NotoSansDevanagari[wdth,wght].ttf", "NotoSansDevanagari", ("Regular", "Bold"), False),
    ("NotoSansEthiopic[wdth,wght].ttf", "NotoSansEthiopic", ("Regular", "Bold"), False),
    ("NotoSansSC[wght].ttf", "NotoSansSC", ("Regular",), True),
]


def _decodable(codec: str, first: range, second: range) -> set[int]:
    """Every character the two-byte ``codec`` encodes with lead bytes ``first``."""
    found = set()
    for lead in first:
        for trail in second:
            try:
                text = bytes([lead, trail]).decode(codec)
            except UnicodeDecodeError:
                continue
            found.update(ord(char) for char in text)
    return found


def cjk_characters() -> set[int]:
    """GB2312 (all 6,763 hanzi), Big5's 5,401 common hanzi, kana, CJK punctuation."""
    wanted = _decodable("gb2312", range(0xA1, 0xF8), range(0xA1, 0xFF))
    wanted |= _decodable("big5", range(0xA4, 0xC7), range(0x40, 0xFF))
    wanted |= set(range(0x3000, 0x3100))  # CJK punctuation, hiragana, katakana
    wanted |= set(range(0x31F0, 0x3200))  # katakana phonetic extensions
    wanted |= set(range(0xFF00, 0xFFF0))  # full-width and half-width forms
    wanted |= set(range(0x20, 0x7F))
    return wanted


def make(source: Path, family: str, styles: tuple[str, ...], characters: set[int] | None
         ) -> None:
    for style in styles:
        weight = WEIGHTS[style]
        font = TTFont(source)
        axes = {axis.axisTag: axis for axis in font["fvar"].axes}
        limits = {"wght": weight, **({"wdth": 100} if "wdth" in axes else {})}
        static = instancer.instantiateVariableFont(font, limits, updateFontNames=True)
        options = subset.Options()
        options.layout_features = ["*"]  # keep every shaping feature (conjuncts, marks)
        options.name_IDs = ["*"]
        options.name_languages = ["*"]
        options.notdef_outline = True
        options.glyph_names = False
        options.hinting = False
        subsetter = subset.Subsetter(options)
        keep = characters if characters is not None else set(static.getBestCmap())
        subsetter.populate(unicodes=keep)
        subsetter.subset(static)
        target = TARGET / f"{family}-{style}.ttf"
        static.save(target)
        print(f"{target.name}: {target.stat().st_size / 1e6:.2f} MB")


def main(folder: str) -> None:
    for name, family, styles, cjk in SOURCES:
        found = sorted(path for path in Path(folder).rglob("*.ttf") if path.name == name)
        if not found:
            sys.exit(f"{name} is not under {folder}")
        make(found[0], family, styles, cjk_characters() if cjk else None)


if __name__ == "__main__":
    main(sys.argv[1])
