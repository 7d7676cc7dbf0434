"""The service's care forms (hulpvormen): data, not code.

The list ships as ``registration/care_forms.toml`` (the nine forms of the service) and an
organisation replaces it with a file of the same name in its catalogue override folder,
read again whenever it changes (no restart), like ``organisation.toml``. Each form has a
stable key (what a case stores), its words per language and the outcome questions asked
at closure; the outcomes themselves stay code (``Outcome``: the annual report's indicators).

A key that is no longer in the list stays on the cases that have it: those cases are shown
and counted under that key, marked as not in the list, never dropped.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from i18n import DEFAULT_LOCALE, LOCALES, Catalogue
from i18n.catalogue import PRINT_LOCALES
from sofs_core.codes import Outcome
from sofs_core.errors import SofsError
from sofs_core.settings import load_settings

FILE_NAME = "care_forms.toml"
BUILTIN = Path(__file__).resolve().parent / FILE_NAME
TABLE = "care_form"
KEY_SHAPE = re.compile(r"^[a-z][a-z0-9_]{0,39}$")  # stored in a column of 40 characters
WORDS_PREFIX = "hulpvorm"  # the catalogue keys of the names: hulpvorm.<key>


class CareFormsInvalid(SofsError):
    """The care forms file cannot be used: which file, which line and what is wrong (the
    message under ``error.care_forms.<problem>``, which names the file and the line)."""

    message_key = "error.care_forms.syntax"

    def __init__(self, path: Path, line: int, problem: str, **detail: object) -> None:
        super().__init__(f"error.care_forms.{problem}", file=str(path), line=line, **detail)
        self.path, self.line = path, line


@dataclass(frozen=True)
class CareForm:
    key: str
    words: tuple[tuple[str, str], ...]  # (locale, name), Dutch and English at least
    outcomes: tuple[Outcome, ...]  # asked at closure, in this order

    def name(self, locale: str) -> str:
        named = dict(self.words)
        return named.get(locale) or named[DEFAULT_LOCALE]


@dataclass(frozen=True)
class CareForms:
    forms: tuple[CareForm, ...]

    def keys(self) -> tuple[str, ...]:
        return tuple(f.key for f in self.forms)

    def __contains__(self, key: object) -> bool:
        return any(f.key == key for f in self.forms)

    def __iter__(self) -> Iterator[CareForm]:
        return iter(self.forms)

    def find(self, key: str) -> CareForm | None:
        return next((f for f in self.forms if f.key == key), None)

    def questions(self, key: str) -> tuple[Outcome, ...] | None:
        """The closure questions of ``key``: its own, those of the shipped list for a form
        the organisation took out of its list, or None for a key known to neither."""
        form = self.find(key) or builtin_care_forms().find(key)
        return None if form is None else form.outcomes

    def order(self, keys: set[str]) -> list[str]:
        """``keys`` in the list's order, those not in the list after them (by key)."""
        return [k for k in self.keys() if k in keys] + sorted(keys - set(self.keys()))


def _line_of(text: str, table: int, field: str | None) -> int:
    """The line of the ``table``-th [[care_form]] (from 0), or of ``field`` in it."""
    lines = text.splitlines()
    starts = [n for n, line in enumerate(lines)
              if re.match(rf"^\s*\[\[\s*{TABLE}\s*\]\]", line)]
    if table >= len(starts):
        return 1
    end = starts[table + 1] if table + 1 < len(starts) else len(lines)
    if field is not None:
        pattern = re.compile(rf"^\s*[\"']?{re.escape(field)}[\"']?\s*=")
        for n in range(starts[table], end):
            if pattern.match(lines[n]):
                return n + 1
    return starts[table] + 1


def read_care_forms(path: Path) -> CareForms:
    """The list in ``path``; a file that is not valid raises ``CareFormsInvalid`` naming
    the file and the line to fix."""
    try:
        text = path.read_text(encoding="utf-8")
        data = tomllib.loads(text)
    except UnicodeDecodeError as error:
        raise CareFormsInvalid(path, 1, "encoding") from error
    except tomllib.TOMLDecodeError as error:
        found = re.search(r"line (\d+)", str(error))
        raise CareFormsInvalid(path, int(found.group(1)) if found else 1, "syntax") from error
    tables = data.get(TABLE)
    if not isinstance(tables, list) or not tables:
        raise CareFormsInvalid(path, 1, "empty")
    forms: list[CareForm] = []
    for n, table in enumerate(tables):
        forms.append(_form(path, text, n, table, {f.key for f in forms}))
    return CareForms(tuple(forms))


def _form(path: Path, text: str, n: int, table: Mapping[str, object], taken: set[str]
          ) -> CareForm:
    def invalid(at: str | None, problem: str, **detail: object) -> CareFormsInvalid:
        return CareFormsInvalid(path, _line_of(text, n, at), problem, **detail)

    key = table.get("key")
    if not isinstance(key, str) or not KEY_SHAPE.match(key):
        raise invalid("key" if "key" in table else None, "key")
    if key in taken:
        raise invalid("key", "duplicate", key=key)
    words: list[tuple[str, str]] = []
    for locale in PRINT_LOCALES:
        value = table.get(locale)
        if value is None and locale not in LOCALES:
            continue
        if not isinstance(value, str) or not value.strip():
            raise invalid(locale if locale in table else None, "words", locale=locale)
        words.append((locale, value.strip()))
    outcomes = table.get("outcomes")
    if not isinstance(outcomes, list) or not outcomes:
        raise invalid("outcomes" if "outcomes" in table else None, "outcomes_missing")
    known = {o.value for o in Outcome}
    for value in outcomes:
        if not isinstance(value, str) or value not in known:
            raise invalid("outcomes", "outcome", value=str(value))
    if len(set(outcomes)) != len(outcomes):
        raise invalid("outcomes", "outcome_twice")
    unknown = set(table) - {"key", "outcomes", *PRINT_LOCALES}
    if unknown:
        raise invalid(min(unknown), "field", field=min(unknown))
    return CareForm(key, tuple(words), tuple(Outcome(o) for o in outcomes))


def builtin_care_forms() -> CareForms:
    return _load(BUILTIN, _stamp(BUILTIN))


def load_care_forms(directory: Path | None) -> CareForms:
    """The organisation's list from ``directory`` (the catalogue override folder), else the
    shipped one; read again when the file changes. Raises ``CareFormsInvalid``."""
    path = directory / FILE_NAME if directory is not None else None
    if path is None or not path.is_file():
        return builtin_care_forms()
    return _load(path, _stamp(path))


def care_forms() -> CareForms:
    """The list of this installation (its settings' catalogue folder)."""
    return load_care_forms(load_settings().effective_catalogue_dir)


def _stamp(path: Path) -> tuple[int, int, int]:
    # Not the modification time alone: a copy that keeps its source's time is a new file.
    found = path.stat()
    return found.st_mtime_ns, found.st_size, found.st_ino


@lru_cache(maxsize=8)
def _load(path: Path, _stamp: tuple[int, int, int]) -> CareForms:
    return read_care_forms(path)


def catalogue_with_care_forms(catalogue: Catalogue, directory: Path | None) -> Catalogue:
    """``catalogue`` with the names of the care forms as ``hulpvorm.<key>``, those of the
    organisation's list over those of the shipped one (a form taken out of the list keeps
    its name). Names in the catalogue itself (an override file) stay first. A list that
    cannot be read adds the shipped names only: the pages that need the list say why."""
    try:
        forms = load_care_forms(directory)
    except CareFormsInvalid:
        forms = builtin_care_forms()
    return _merged(catalogue, builtin_care_forms(), forms)


@lru_cache(maxsize=8)
def _merged(catalogue: Catalogue, builtin: CareForms, forms: CareForms) -> Catalogue:
    names: dict[str, dict[str, str]] = {}
    for form in (*builtin, *forms):
        for locale, word in form.words:
            names.setdefault(locale, {})[f"{WORDS_PREFIX}.{form.key}"] = word
    return catalogue.with_defaults(names)
