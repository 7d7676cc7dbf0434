"""Text helpers that the domain needs for search: accent- and case-insensitive keys."""

from __future__ import annotations

import unicodedata

# Letters that have no decomposition but that people type without their mark.
_FOLD_EXTRA = str.maketrans(
    {"ı": "i", "ł": "l", "ø": "o", "đ": "d", "ħ": "h", "œ": "oe", "æ": "ae"}
)


def search_key(text: str) -> str:
    """Fold text so that 'Gunes' finds 'Güneş' and 'KOWALSKA' finds 'Kowalska'."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.translate(_FOLD_EXTRA).split())
