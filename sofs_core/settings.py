"""One validated settings object, read from the environment (prefix ``SOFS_``).

Every setting has a default and a help text; unsafe values are refused at start-up
rather than discovered in a family's living room.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from i18n import LOCALES


def _working_data_dir() -> Path:
    """``data`` in the folder the app is started from: the checkout for `make run`, and
    never the installed package's own folder (site-packages) for a wheel install."""
    return Path.cwd() / "data"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="SOFS_", extra="ignore", frozen=True)

    data_dir: Path = Field(
        default_factory=_working_data_dir,
        description=(
            "Folder for the embedded SQLite database and organisation overrides; "
            "defaults to data/ in the folder the app or the command is started from."
        ),
    )
    database_url: str | None = Field(
        default=None,
        description=(
            "SQLAlchemy URL. Empty means the embedded SQLite file in data_dir; "
            "an organisation uses postgresql+psycopg://user:password@host/db."
        ),
    )
    migration_database_url: str | None = Field(
        default=None,
        description=(
            "SQLAlchemy URL for migrations, as the owner of the tables; empty means "
            "database_url. On PostgreSQL the app's own role (database_url) may then only "
            "read and append the audit trail: `sofs migrate` grants it that."
        ),
    )
    default_locale: str = Field(
        default="nl-BE", description="Language of the interface until a user picks another."
    )
    catalogue_dir: Path | None = Field(
        default=None,
        description=(
            "Folder with <locale>.toml files whose terms replace the built-in catalogue's; "
            "defaults to <data_dir>/catalogue."
        ),
    )
    timezone: str = Field(
        default="Europe/Brussels",
        description="Where the service works: decides what 'today' is (IANA name).",
    )
    idle_timeout_minutes: int = Field(
        default=30, ge=1, le=8 * 60, description="Minutes without activity before logout."
    )
    login_free_failures: int = Field(
        default=3, ge=1, le=20,
        description=(
            "Wrong passwords for one account before each next try must wait (2 s, then "
            "twice as long each time); never a lockout."
        ),
    )
    login_address_free_failures: int = Field(
        default=10, ge=1, le=1000,
        description=(
            "Wrong logins from one client address (any names) before its tries must wait; "
            "raise it when many users reach the app through one proxy address."
        ),
    )
    login_max_delay_seconds: int = Field(
        default=60, ge=2, le=15 * 60,
        description="The longest wait between login tries for one account or address.",
    )

    genogram_other_shape: Literal["diamond", "circle", "square"] = Field(
        default="diamond",
        description=(
            "Genogram symbol for people who are neither male nor female at birth, or whose "
            "sex is unknown (McGoldrick: diamond)."
        ),
    )

    @field_validator("database_url", "migration_database_url")
    @classmethod
    def _known_database(cls, value: str | None) -> str | None:
        if not value:
            return None
        if not value.startswith(("sqlite:///", "postgresql+psycopg://")):
            raise ValueError(
                "SOFS_DATABASE_URL and SOFS_MIGRATION_DATABASE_URL must start with "
                "sqlite:/// or postgresql+psycopg://"
            )
        return value

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"SOFS_TIMEZONE {value!r} is not a known time zone") from None
        return value

    @field_validator("default_locale")
    @classmethod
    def _known_locale(cls, value: str) -> str:
        if value not in LOCALES:
            raise ValueError(f"SOFS_DEFAULT_LOCALE must be one of {LOCALES}")
        return value

    @property
    def effective_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{self.data_dir / 'sofs.sqlite3'}"

    @property
    def effective_migration_database_url(self) -> str:
        return self.migration_database_url or self.effective_database_url

    @property
    def is_embedded_database(self) -> bool:
        return self.database_url is None

    @property
    def effective_catalogue_dir(self) -> Path:
        return self.catalogue_dir or self.data_dir / "catalogue"


def load_settings() -> Settings:
    """The settings for the current environment, re-read when a SOFS_ variable changes.

    Validating them costs milliseconds, too much for every rerun of every page.
    """
    snapshot = tuple(sorted((k, v) for k, v in os.environ.items() if k.startswith("SOFS_")))
    return _settings_for(snapshot)


@lru_cache(maxsize=16)
def _settings_for(_environment: tuple[tuple[str, str], ...]) -> Settings:
    return Settings()
