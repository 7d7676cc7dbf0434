"""The database stopped or full, met on a page: the user's words, no crash, and the next
rerun works once the database is back (the browser part: tests/browser/test_faults.py)."""

from __future__ import annotations

import socket
from collections.abc import Callable

import pytest
from sqlalchemy import Engine
from streamlit.testing.v1 import AppTest

from i18n import load_catalogue
from sofs_app.context import _factory_for
from tests.app.conftest import ids
from tests.storage.test_faults import fill_disk, free_disk

CATALOGUE = load_catalogue()
UNREACHABLE = CATALOGUE.text("nl-BE", "fault.database_unreachable")
FULL = CATALOGUE.text("nl-BE", "fault.storage_full")
OVERVIEW = "views/case_overview.py"


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def warnings(at: AppTest) -> list[str]:
    return [w.value for w in at.warning]


def test_a_stopped_database_is_met_in_dutch_and_the_next_rerun_works(
        logged_in: Callable[..., AppTest], app_env: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    at = logged_in(OVERVIEW, case=True)
    assert UNREACHABLE not in warnings(at)
    monkeypatch.setenv("SOFS_DATABASE_URL",
                       f"postgresql+psycopg://sofs:pw@127.0.0.1:{_closed_port()}/sofs")
    at.run()
    assert not at.exception
    assert UNREACHABLE in warnings(at)
    assert UNREACHABLE.startswith("De databank is even niet bereikbaar; je invoer blijft staan")
    assert [b.label for b in at.button] == ["Opnieuw proberen"]

    monkeypatch.setenv("SOFS_DATABASE_URL", app_env)
    at.button(key="outage_retry").click().run()
    assert not at.exception
    assert UNREACHABLE not in warnings(at)
    assert any(h.startswith("<h1") for h in (e.proto.body for e in at.get("html")))


def test_a_read_on_a_full_disk_is_refused_in_dutch_until_there_is_room(
        logged_in: Callable[..., AppTest], app_env: str) -> None:
    at = logged_in()
    user_id, case_id = ids(app_env)
    engine = _factory_for(app_env).kw["bind"]
    assert isinstance(engine, Engine)
    fill_disk(engine, user_id)
    try:
        at.session_state["case_id"] = case_id
        at.switch_page(OVERVIEW).run()
        assert not at.exception
        assert FULL in warnings(at)
        assert not any(h.startswith("<h1") for h in (e.proto.body for e in at.get("html")))
    finally:
        free_disk(engine)
    at.run()
    assert not at.exception
    assert FULL not in warnings(at)
    assert any(h.startswith("<h1") for h in (e.proto.body for e in at.get("html")))
