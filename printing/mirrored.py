"""Paragraphs of a document written right to left (Arabic): set against the right margin,
a bold label at the right of its text, each line ordered as in a right-to-left paragraph.

reportlab's paragraphs run left to right and measure letters before they are shaped (an
Arabic line would stop short of the margin), so a right-to-left document sets its
paragraphs here, with the same fonts, shaping and bidi ordering as ``draw_text``. Dutch
inside (an agreement as typed, a name, a phone number) keeps its own direction: each piece
of text reads in the direction of its first letter, and a number reads left to right.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable

from printing.fonts import draw_text, text_width, wrap


def starts_right_to_left(text: str) -> bool:
    """True when the first letter with a direction is Arabic, Hebrew or another
    right-to-left script (rule P2 of the bidi algorithm)."""
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind in ("R", "AL"):
            return True
        if kind == "L":
            return False
    return False


def _words(line: str) -> list[str]:
    return [word for word in re.split(r"[ \t\r\f\v]+", line) if word]


@dataclass(frozen=True)
class Piece:
    """A word (or the start of a line) of one piece of text, in its font."""

    text: str
    font: str
    part: int  # which piece of text: a line holds at most one run of each
    right_to_left: bool  # that piece of text's direction
    new_line: bool = False  # a line break typed before it


class RightToLeftParagraph(Flowable):  # type: ignore[misc]  # reportlab has no type hints
    """``parts`` as (text, font): set right to left, the first part rightmost."""

    def __init__(self, parts: Sequence[tuple[str, str]], paragraph_style: ParagraphStyle,
                 lines: list[list[Piece]] | None = None) -> None:
        super().__init__()
        self.parts, self.style = list(parts), paragraph_style
        self.keepWithNext = paragraph_style.keepWithNext
        self.size, self.leading = paragraph_style.fontSize, paragraph_style.leading
        self.lines = lines
        self._given = lines is not None

    def _pieces(self) -> list[Piece]:
        pieces: list[Piece] = []
        for part, (text, font) in enumerate(self.parts):
            direction = starts_right_to_left(text)
            for number, line in enumerate(text.splitlines() or [""]):
                # Not at no-break spaces: a phone number stays on one line.
                for index, word in enumerate(_words(line) or [""]):
                    pieces.append(Piece(word, font, part, direction,
                                        new_line=number > 0 and index == 0))
        return pieces

    def _set(self, room: float) -> list[list[Piece]]:
        lines: list[list[Piece]] = [[]]
        used = 0.0
        space = text_width(" ", self.style.fontName, self.size)
        for piece in self._pieces():
            if not piece.text and not piece.new_line:
                continue
            width = text_width(piece.text, piece.font, self.size)
            if piece.new_line or (lines[-1] and used + space + width > room):
                lines.append([])
                used = 0.0
            if width > room:  # a word wider than the line: broken inside
                cut = wrap(piece.text, room, font=piece.font, size=self.size)
                for chunk in cut[:-1]:
                    lines[-1].append(Piece(chunk, piece.font, piece.part,
                                           piece.right_to_left))
                    lines.append([])
                piece = Piece(cut[-1], piece.font, piece.part, piece.right_to_left)
                width = text_width(piece.text, piece.font, self.size)
            used += (space if lines[-1] else 0) + width
            lines[-1].append(piece)
        return lines

    def _room(self, available_width: float) -> float:
        return float(available_width - self.style.leftIndent - self.style.rightIndent)

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        if not self._given:
            self.lines = self._set(self._room(available_width))
        self.width = available_width
        self.height = len(self.lines or []) * self.leading
        return self.width, self.height

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        lines = self.lines if self.lines is not None and self._given \
            else self._set(self._room(available_width))
        fits = int(available_height // self.leading)
        if fits < 1 or fits >= len(lines):
            return [] if fits < 1 else [self]
        return [RightToLeftParagraph(self.parts, self.style, lines[:fits]),
                RightToLeftParagraph(self.parts, self.style, lines[fits:])]

    def draw(self) -> None:
        canvas: Any = self.canv
        canvas.setFillColor(self.style.textColor)
        space = text_width(" ", self.style.fontName, self.size)
        for number, line in enumerate(self.lines or [], start=1):
            # Baselines where reportlab's paragraphs put them.
            y = self.height - self.size - (number - 1) * self.leading
            x = self.width - self.style.leftIndent
            # The pieces of one part on one line are drawn as one text, ordered together.
            runs: list[list[Piece]] = []
            for piece in line:
                if runs and runs[-1][0].part == piece.part:
                    runs[-1].append(piece)
                else:
                    runs.append([piece])
            for run in runs:
                text = " ".join(p.text for p in run)
                draw_text(canvas, x, y, text, font=run[0].font, size=self.size,
                          anchor="end", right_to_left=run[0].right_to_left)
                x -= text_width(text, run[0].font, self.size) + space
