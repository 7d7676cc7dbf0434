"""Two app processes on one PostgreSQL database, as behind an organisation's reverse proxy.

One Python process serves a few clicks a second; an organisation runs several behind a
proxy with sticky sessions (README, "Serving an organisation"). A browser session lives in
one process, but nothing that others must see may: a save made through one process shows
in the other, the login throttle counts wrong passwords made through both, and a changed
catalogue override shows in both without a restart.

Needs SOFS_TEST_DATABASE_URL (CI sets it; locally the test skips without it).
"""

from __future__ import annotations

import os
import time
import uuid
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import Engine, select

from sofs_admin.demo import load_demo
from sofs_core.clock import utcnow
from storage.db import session_factory, transaction
from storage.models import User
from tests.browser.conftest import serve_app
from tests.browser.stream import drive, open_session
from tests.browser.ui import (
    UI_TIMEOUT_MS,
    login,
    main_area,
    open_demo_case,
    pick_segment,
    show_map,
    wait_idle,
)
from tests.conftest import PG_URL_ENV, wipe

pytestmark = [pytest.mark.browser, pytest.mark.postgres]

LOGIN_FAILED = "Aanmelden is mislukt. Controleer je gebruikersnaam en wachtwoord."
LOGIN_TITLE = "Aanmelden bij sofs"
# Two free failures per account: two wrong passwords through each process stay free there,
# four in all must make the account wait.
FREE_FAILURES = 2


@dataclass(frozen=True)
class TwoProcesses:
    a: str
    b: str
    engine: Engine
    catalogue_dir: Path


@pytest.fixture(scope="module")
def two_processes(pg_engine: Engine, tmp_path_factory: pytest.TempPathFactory
                  ) -> Iterator[TwoProcesses]:
    """Two `streamlit run` servers of the app on one PostgreSQL database with the demo,
    sharing the organisation's catalogue folder (as a shared mount would)."""
    wipe(pg_engine)
    with transaction(session_factory(pg_engine)) as session:
        load_demo(session)
    url = os.environ[PG_URL_ENV]  # the engine's URL would hide the password
    catalogue_dir = tmp_path_factory.mktemp("catalogue")
    settings = {
        "SOFS_CATALOGUE_DIR": str(catalogue_dir),
        "SOFS_LOGIN_FREE_FAILURES": str(FREE_FAILURES),
        # Every try comes from 127.0.0.1: keep the address's own throttle out of the way.
        "SOFS_LOGIN_ADDRESS_FREE_FAILURES": "1000",
    }
    with ExitStack() as stack:
        a = stack.enter_context(serve_app(tmp_path_factory.mktemp("process-a"), url, **settings))
        b = stack.enter_context(serve_app(tmp_path_factory.mktemp("process-b"), url, **settings))
        yield TwoProcesses(a.base_url, b.base_url, pg_engine, catalogue_dir)


def _open_latest_map(page: Page, base_url: str) -> None:
    page.goto(base_url)
    wait_idle(page)
    login(page)
    open_demo_case(page)
    main_area(page).get_by_role("button", name="Bijeenkomsten en kaart", exact=True).click()
    wait_idle(page)
    main_area(page).get_by_role("button", name="Kaart openen", exact=True).click()
    show_map(page)


def test_a_map_entry_saved_through_one_process_shows_in_the_other(
        two_processes: TwoProcesses, browser: Browser) -> None:
    text = f"Oma komt elke woensdag langs {uuid.uuid4().hex[:8]}."
    # Two counsellors, two browsers: a context each, so no login cookie is shared.
    contexts = [browser.new_context(locale="nl-BE", timezone_id="Europe/Brussels")
                for _ in range(2)]
    try:
        for context in contexts:
            context.set_default_timeout(UI_TIMEOUT_MS)
        in_a, in_b = (context.new_page() for context in contexts)
        _open_latest_map(in_a, two_processes.a)
        _open_latest_map(in_b, two_processes.b)
        expect(main_area(in_b).get_by_text(text)).to_have_count(0)

        main = main_area(in_a)
        main.get_by_role("textbox", name="Tekst *", exact=True).fill(text)
        main.get_by_role("button", name="Toevoegen", exact=True).click()
        expect(main.get_by_text("Toegevoegd aan de kaart.", exact=True)).to_be_visible()

        # Process B keeps nothing of the map in memory: its next rerun reads the new entry.
        pick_segment(in_b, "Waar hoort het bij?", "Bestaande krachten")
        wait_idle(in_b)
        expect(main_area(in_b).get_by_text(text).first).to_be_visible()
    finally:
        for context in contexts:
            context.close()


def _throttled_until(engine: Engine, username: str) -> object:
    with session_factory(engine)() as session:
        return session.scalar(select(User.throttled_until).where(User.username == username))


def _wait_out_throttle(engine: Engine, username: str) -> None:
    """Let the account's current wait pass (reading it from the database), so the next
    wrong password counts again instead of being refused uncounted."""
    until = _throttled_until(engine, username)
    assert until is not None, "wrong passwords through both processes made the account wait"
    while utcnow() <= until:  # type: ignore[operator]
        time.sleep(0.1)


async def _wrong_then_right(processes: TwoProcesses) -> list[bool]:
    """Wrong passwords in turn through A and B, then the right one through A: whether
    each try showed the one failure message."""
    refused = []
    async with open_session(processes.a) as in_a, open_session(processes.b) as in_b:
        for turn, session in enumerate((in_a, in_b, in_a, in_b)):
            if turn == 3:
                # The third failure made the account wait 2 s; a try inside that wait is
                # refused uncounted. The fourth must count, and makes the wait 4 s.
                _wait_out_throttle(processes.engine, "begeleider2")
            screen = await session.login("begeleider2", "niet-het-wachtwoord")
            refused.append(screen.has(LOGIN_FAILED))
        screen = await in_a.login("begeleider2")
        refused.append(screen.has(LOGIN_FAILED) and "Dossiers" not in screen.kinds("heading"))
    return refused


def test_the_login_throttle_counts_wrong_passwords_through_both_processes(
        two_processes: TwoProcesses) -> None:
    refused = drive(_wrong_then_right(two_processes))

    # Two wrong passwords through each process: free in either alone, four in all.
    assert refused == [True, True, True, True, True]
    with session_factory(two_processes.engine)() as session:
        user = session.scalars(select(User).where(User.username == "begeleider2")).one()
        assert user.failed_logins == 2 * FREE_FAILURES
        assert user.throttled_until is not None


async def _login_titles(processes: TwoProcesses) -> list[str]:
    titles = []
    for base_url in (processes.a, processes.b):
        async with open_session(base_url) as session:
            titles.extend(session.screen.kinds("heading"))
    return titles


def test_a_changed_catalogue_override_shows_in_both_processes(
        two_processes: TwoProcesses) -> None:
    override = two_processes.catalogue_dir / "nl-BE.toml"
    assert drive(_login_titles(two_processes)) == [LOGIN_TITLE, LOGIN_TITLE]
    try:
        override.write_text('[login]\ntitle = "Aanmelden bij de dienst"\n', encoding="utf-8")
        assert drive(_login_titles(two_processes)) == ["Aanmelden bij de dienst"] * 2
        override.write_text('[login]\ntitle = "Aanmelden bij ons"\n', encoding="utf-8")
        assert drive(_login_titles(two_processes)) == ["Aanmelden bij ons"] * 2
    finally:
        override.unlink(missing_ok=True)
    assert drive(_login_titles(two_processes)) == [LOGIN_TITLE, LOGIN_TITLE]
