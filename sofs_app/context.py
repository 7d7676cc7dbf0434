"""Per-rerun context: settings, the database, the catalogue and the user's language."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from functools import partial

import streamlit as st
from sqlalchemy.orm import Session, sessionmaker

from i18n import DEFAULT_LOCALE, LOCALES, Catalogue, load_catalogue
from sofs_core.settings import Settings, load_settings
from storage.db import make_engine, session_factory

LOCALE_KEY = "locale"


@st.cache_resource(show_spinner=False)
def _factory_for(url: str) -> sessionmaker[Session]:
    """One engine per database URL per process (keyed so tests can switch databases)."""
    return session_factory(make_engine(url))


def settings() -> Settings:
    return load_settings()


def factory() -> sessionmaker[Session]:
    return _factory_for(settings().effective_database_url)


@contextmanager
def db() -> Iterator[Session]:
    """A short-lived session for one action: commits on success, rolls back on error."""
    with factory()() as session, session.begin():
        yield session


def catalogue() -> Catalogue:
    current = settings()
    return load_catalogue(current.effective_catalogue_dir)


def locale() -> str:
    value = st.session_state.get(LOCALE_KEY)
    return value if value in LOCALES else settings().default_locale or DEFAULT_LOCALE


def t(key: str, /, **params: object) -> str:
    """The text for a catalogue key in the user's language."""
    return catalogue().text(locale(), key, **params)


def _prefixed(prefix: str, value: object) -> str:
    return t(f"{prefix}.{value}")


def labeller(prefix: str) -> partial[str]:
    """A picklable format_func: value -> t('<prefix>.<value>') (lambdas break AppTest)."""
    return partial(_prefixed, prefix)


def label(value: StrEnum) -> str:
    """The user's word for a coded value, e.g. Hulpvorm.IKT -> 'IKT'."""
    return t(f"{type(value).__name__.lower()}.{value.value}")
