"""Text helpers of the domain: a person's name as shown, and accent- and case-insensitive
keys for search."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

# Long enough for any agreement, comment or note; a longer text is a report, not a rule.
MAX_TEXT = 5000

_NOT_LETTERS = re.compile(r"[\W_]+")
# Letters that have no decomposition but that people type without their mark.
_FOLD_EXTRA = str.maketrans(
    {"ı": "i", "ł": "l", "ø": "o", "đ": "d", "ħ": "h", "œ": "oe", "æ": "ae"}
)


def full_name(first_name: str, last_name: str) -> str:
    """A person's name as every page, list and document shows it (one may be empty)."""
    return f"{first_name} {last_name}".strip()


def search_key(text: str) -> str:
    """Fold text so that 'Gunes' finds 'Güneş', 'KOWALSKA' finds 'Kowalska' and 'gunes el'
    finds 'Güneş-El': no case, no accents, punctuation read as a space."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(_NOT_LETTERS.sub(" ", stripped.translate(_FOLD_EXTRA)).split())


def family_search_text(family_name: str, member_names: Sequence[str]) -> str:
    """What the case search looks in: each name folded, and once more without spaces,
    hyphens or apostrophes, so 'vandenbroeck' finds 'Van den Broeck' and 'dhondt' 'D'Hondt'."""
    keys = [search_key(name) for name in (family_name, *member_names)]
    return " | ".join(f"{key} {_NOT_LETTERS.sub('', key)}" for key in keys)
