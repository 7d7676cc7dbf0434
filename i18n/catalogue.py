"""Loading, merging and looking up the catalogue."""

from __future__ import annotations

import tomllib
from collections.abc import Callable, Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

BUILTIN_DIR = Path(__file__).resolve().parent / "catalogue"
DEFAULT_LOCALE = "nl-BE"
LOCALES = ("nl-BE", "en")
# Languages a document can be printed in: the app's, and for the family plan French,
# Arabic, Turkish and Polish (these three await a native speaker's review: see the files).
PRINT_LOCALES = (*LOCALES, "fr", "ar", "tr", "pl")

Words = Callable[..., str]
"""Looks up a catalogue key with its placeholders in one language, as documents and pictures
take it: ``words("genogram.legend.male")``, ``partial(catalogue.text, "nl-BE")``."""


DIRECTION_KEY = "doc.direction"


def right_to_left(words: Words) -> bool:
    """Whether ``words``' language is written right to left (Arabic): its catalogue says
    ``direction = "rtl"`` under ``[doc]``, and its documents are laid out mirrored."""
    return words(DIRECTION_KEY) == "rtl"


def _flatten(table: Mapping[str, Any], prefix: str = "") -> dict[str, str]:
    flat: dict[str, str] = {}
    for key, value in table.items():
        full = f"{prefix}{key}"
        if isinstance(value, Mapping):
            flat.update(_flatten(value, f"{full}."))
        else:
            flat[full] = str(value)
    return flat


def read_catalogue_file(path: Path) -> dict[str, str]:
    with path.open("rb") as handle:
        return _flatten(tomllib.load(handle))


class Catalogue:
    """Messages per locale; a missing key falls back to Dutch, then to the key itself."""

    def __init__(self, messages: Mapping[str, Mapping[str, str]]) -> None:
        self._messages = {locale: dict(table) for locale, table in messages.items()}

    def keys(self, locale: str) -> set[str]:
        return set(self._messages.get(locale, {}))

    def has(self, locale: str, key: str) -> bool:
        return key in self._messages.get(locale, {})

    def text(self, locale: str, key: str, /, **params: object) -> str:
        template = self._messages.get(locale, {}).get(key)
        if template is None:
            template = self._messages[DEFAULT_LOCALE].get(key, key)
        return template.format_map(params) if params else template

    def with_defaults(self, extra: Mapping[str, Mapping[str, str]]) -> Catalogue:
        """A copy with ``extra``'s messages (per locale) where this one has none, as words
        kept in other files (the care forms) join the catalogue."""
        locales = set(self._messages) | set(extra)
        return Catalogue({locale: {**extra.get(locale, {}), **self._messages.get(locale, {})}
                          for locale in locales})


def _override_stamp(override_dir: Path | None) -> tuple[tuple[str, int, int, int], ...]:
    """What identifies the override files' versions, checked on every rerun of every app
    process: a change is seen by all of them at their next rerun, with no restart.

    Not the modification time alone: a file put in place by a copy that keeps its source's
    time (rsync -t, cp -p) is a new file (inode), and often of another size.
    """
    if override_dir is None or not override_dir.is_dir():
        return ()
    stamps = []
    for path in sorted(override_dir.glob("*.toml")):
        found = path.stat()
        stamps.append((path.name, found.st_mtime_ns, found.st_size, found.st_ino))
    return tuple(stamps)


def catalogue_stamp(override_dir: Path | None = None) -> tuple[tuple[str, int, int, int], ...]:
    """What changes whenever the overrides do: for keeping texts made from the catalogue."""
    return _override_stamp(override_dir)


def load_catalogue(override_dir: Path | None = None) -> Catalogue:
    """The built-in catalogue with the organisation's overrides on top (cached until changed)."""
    return _load(override_dir, _override_stamp(override_dir))


@lru_cache(maxsize=8)
def _load(override_dir: Path | None, _stamp: tuple[tuple[str, int, int, int], ...]
          ) -> Catalogue:
    messages: dict[str, dict[str, str]] = {}
    for locale in PRINT_LOCALES:
        table = read_catalogue_file(BUILTIN_DIR / f"{locale}.toml")
        if override_dir is not None and (override_dir / f"{locale}.toml").is_file():
            table.update(read_catalogue_file(override_dir / f"{locale}.toml"))
        messages[locale] = table
    return Catalogue(messages)
