"""Settings: safe defaults, and unsafe values refused at start-up."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from sofs_core.settings import Settings


def test_defaults_use_the_embedded_database_in_the_data_dir(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path)
    assert settings.is_embedded_database
    assert settings.effective_database_url == f"sqlite:///{tmp_path / 'sofs.sqlite3'}"
    assert settings.idle_timeout_minutes == 30
    assert (settings.login_free_failures, settings.login_max_delay_seconds) == (3, 60)
    assert settings.default_locale == "nl-BE"


def test_environment_selects_postgresql(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOFS_DATABASE_URL", "postgresql+psycopg://u:p@127.0.0.1/sofs")
    monkeypatch.setenv("SOFS_IDLE_TIMEOUT_MINUTES", "10")
    settings = Settings()
    assert not settings.is_embedded_database
    assert settings.effective_database_url.startswith("postgresql+psycopg://")
    assert settings.idle_timeout_minutes == 10


@pytest.mark.parametrize(("name", "value"), [
    ("database_url", "mysql://root@localhost/sofs"),
    ("idle_timeout_minutes", 0),
    ("login_free_failures", 1000),
    ("login_max_delay_seconds", 0),
    ("default_locale", "fr"),
])
def test_unsafe_or_unknown_values_are_refused(name: str, value: object) -> None:
    with pytest.raises(ValidationError):
        Settings(**{name: value})


def test_unknown_time_zone_is_refused() -> None:
    with pytest.raises(ValidationError):
        Settings(timezone="Europe/Gent")


def test_today_is_the_date_in_the_service_s_time_zone(monkeypatch: pytest.MonkeyPatch) -> None:
    from sofs_core import clock

    # 25 hours apart, so at any moment these two places have different dates.
    monkeypatch.setenv("SOFS_TIMEZONE", "Pacific/Kiritimati")  # UTC+14
    ahead = clock.today()
    monkeypatch.setenv("SOFS_TIMEZONE", "Pacific/Pago_Pago")  # UTC-11
    behind = clock.today()
    assert (ahead - behind).days in (1, 2)
