"""The `sofs` command: demo only on the default embedded database or when asked."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import exc, select, text

from sofs_admin.cli import main
from storage.db import holds_demo_data, make_engine, session_factory
from storage.models import Family, User


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SOFS_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("SOFS_DATABASE_URL", raising=False)
    return tmp_path


def _usernames(url: str) -> list[str]:
    with session_factory(make_engine(url))() as s:
        return sorted(s.scalars(select(User.username)))


def test_prepare_loads_the_demo_into_a_new_embedded_database_once(data_dir: Path) -> None:
    url = f"sqlite:///{data_dir / 'sofs.sqlite3'}"
    assert main(["prepare", "--demo-if-empty"]) == 0
    assert _usernames(url) == ["admin", "begeleider", "begeleider2", "consulent", "teamleider"]
    with session_factory(make_engine(url))() as s:
        assert holds_demo_data(s)
        assert s.scalars(select(Family.name)).all() == ["Gezin Yılmaz-Kowalski"]
    assert main(["prepare", "--demo-if-empty"]) == 0  # a second start adds nothing
    with session_factory(make_engine(url))() as s:
        assert len(s.scalars(select(Family.id)).all()) == 1


def test_prepare_never_loads_the_demo_into_a_configured_database(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"sqlite:///{data_dir / 'organisation.sqlite3'}"
    monkeypatch.setenv("SOFS_DATABASE_URL", url)
    assert main(["prepare", "--demo-if-empty"]) == 0
    assert _usernames(url) == []


def test_demo_command_loads_only_into_an_empty_database(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"sqlite:///{data_dir / 'organisation.sqlite3'}"
    monkeypatch.setenv("SOFS_DATABASE_URL", url)
    assert main(["demo"]) == 0
    assert "begeleider" in _usernames(url)
    assert main(["demo"]) == 1


def test_create_user_takes_the_password_without_echo(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("SOFS_NEW_PASSWORD", "een lang genoeg wachtwoord")
    assert main(["create-user", "jan", "Jan Peeters", "--role", "team_lead"]) == 0
    monkeypatch.setenv("SOFS_NEW_PASSWORD", "kort")
    assert main(["create-user", "piet", "Piet"]) == 1
    assert "error.password_too_short" in capsys.readouterr().err
    assert _usernames(f"sqlite:///{data_dir / 'sofs.sqlite3'}") == ["jan"]


def test_database_errors_do_not_carry_case_data(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'x.sqlite3'}")
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE t (name TEXT UNIQUE)"))
        connection.execute(text("INSERT INTO t VALUES (:n)"), {"n": "Zeynep Kowalska"})
    with pytest.raises(exc.IntegrityError) as failed, engine.begin() as connection:
        connection.execute(text("INSERT INTO t VALUES (:n)"), {"n": "Zeynep Kowalska"})
    assert "Zeynep" not in str(failed.value)
