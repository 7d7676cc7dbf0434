"""Per-rerun context: settings, the database, the catalogue and the user's language."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from enum import StrEnum
from functools import partial

import streamlit as st
from sqlalchemy.orm import Session, sessionmaker

from auth.access import known_reads
from i18n import DEFAULT_LOCALE, LOCALES, Catalogue, load_catalogue
from registration.care_forms import catalogue_with_care_forms
from sofs_core.settings import Settings, load_settings
from storage.db import make_engine, session_factory, transaction

LOCALE_KEY = "locale"


_factories: dict[str, sessionmaker[Session]] = {}
_factories_lock = threading.Lock()


def _factory_for(url: str) -> sessionmaker[Session]:
    """One engine per database URL per process (keyed so tests can switch databases).

    A plain dictionary: asked at the top of every rerun, where st.cache_resource's lookup
    (hashing, statistics) costs a tenth of a millisecond for what a dictionary answers in
    well under a microsecond.
    """
    found = _factories.get(url)
    if found is None:
        with _factories_lock:
            found = _factories.get(url)
            if found is None:
                found = _factories[url] = session_factory(make_engine(url))
    return found


@dataclass(frozen=True)
class RunContext:
    settings: Settings
    catalogue: Catalogue
    locale: str
    sessions: sessionmaker[Session]


# Each browser session reruns in its own script thread; t() is called thousands of times per
# rerun, so settings, catalogue and language are resolved once, at the top of the rerun.
_this_run = threading.local()


def begin_run() -> RunContext:
    """Read settings, catalogue (with overrides) and the user's language for this rerun."""
    current = load_settings()
    chosen = st.session_state.get(LOCALE_KEY)
    run = RunContext(
        settings=current,
        # The care forms' names live in their own file (registration.care_forms).
        catalogue=catalogue_with_care_forms(load_catalogue(current.effective_catalogue_dir),
                                            current.effective_catalogue_dir),
        locale=chosen if chosen in LOCALES else current.default_locale or DEFAULT_LOCALE,
        sessions=_factory_for(current.effective_database_url),
    )
    _this_run.context = run
    return run


def run_context() -> RunContext:
    run: RunContext | None = getattr(_this_run, "context", None)
    return run if run is not None else begin_run()


def settings() -> Settings:
    return run_context().settings


_READS_KEY = "known_reads"


@contextmanager
def db() -> Iterator[Session]:
    """A short-lived session for one action: commits on success, rolls back on error.

    It is lent the read lines this browser session's earlier actions put in the audit
    trail, so a rerun does not ask the trail again for each (auth.access.known_reads).
    """
    sessions = run_context().sessions
    kept = st.session_state.get(_READS_KEY)
    if not (isinstance(kept, tuple) and kept[0] == id(sessions)):
        # Per database: a test, or an installation, may switch to another one.
        kept = st.session_state[_READS_KEY] = (id(sessions), {})
    with transaction(sessions) as session:
        known_reads(session, kept[1])
        yield session


def locale() -> str:
    return run_context().locale


def t(key: str, /, **params: object) -> str:
    """The text for a catalogue key in the user's language."""
    run = run_context()
    return run.catalogue.text(run.locale, key, **params)


def _prefixed(prefix: str, value: object) -> str:
    return t(f"{prefix}.{value}")


def labeller(prefix: str) -> partial[str]:
    """A picklable format_func: value -> t('<prefix>.<value>') (lambdas break AppTest)."""
    return partial(_prefixed, prefix)


def label(value: StrEnum) -> str:
    """The user's word for a coded value, e.g. Hulpvorm.IKT -> 'IKT'."""
    return t(f"{type(value).__name__.lower()}.{value.value}")
