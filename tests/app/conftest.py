"""AppTest fixtures: the real app on a real SQLite database with the demo installation."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import select
from streamlit.testing.v1 import AppTest

from storage.db import make_engine, session_factory
from storage.models import Case, Meeting, User

ENTRY = str(Path(__file__).resolve().parents[2] / "sofs_app" / "streamlit_app.py")


@pytest.fixture
def app_env(demo_db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("SOFS_DATABASE_URL", demo_db)
    monkeypatch.setenv("SOFS_DATA_DIR", str(tmp_path))
    return demo_db


def ids(url: str) -> tuple[int, int]:
    """The demo counsellor's user id and the demo case id."""
    with session_factory(make_engine(url))() as s:
        user_id = s.scalar(select(User.id).where(User.username == "begeleider"))
        case_id = s.scalar(select(Case.id))
    assert user_id is not None and case_id is not None
    return user_id, case_id


def latest_meeting_id(url: str) -> int:
    with session_factory(make_engine(url))() as s:
        meeting_id = s.scalar(select(Meeting.id).order_by(Meeting.held_on.desc()).limit(1))
    assert meeting_id is not None
    return meeting_id


@pytest.fixture
def logged_in(app_env: str) -> Callable[..., AppTest]:
    """An app already logged in as the demo counsellor, optionally on a given page."""

    def start(page: str | None = None, case: bool = False, meeting: bool = False) -> AppTest:
        user_id, case_id = ids(app_env)
        at = AppTest.from_file(ENTRY, default_timeout=30)
        at.session_state["user_id"] = user_id
        at.session_state["last_activity"] = time.time()
        if case or meeting:
            at.session_state["case_id"] = case_id
        if meeting:
            at.session_state["meeting_id"] = latest_meeting_id(app_env)
        at.run()
        if page:
            at.switch_page(page).run()
        assert not at.exception, at.exception
        return at

    return start
