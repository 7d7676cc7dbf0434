"""A frozen database met in a real browser: the user's words within the connect timeout,
the text of the open form kept, and the next action working once the database is back.

The app runs on PostgreSQL (SOFS_TEST_DATABASE_URL, loaded with the demo) through a TCP
relay of the test's own. Frozen, the relay drops the connections it carries and accepts
new ones without ever answering, as a server that hangs does.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import Engine, select
from sqlalchemy.engine import make_url

from sofs_admin.demo import load_demo
from storage.db import session_factory, transaction
from storage.models import Case
from tests.browser.conftest import ENTRY, REPO_ROOT, SERVER_START_TIMEOUT_S, _healthy
from tests.browser.ui import (
    DEMO_FAMILY,
    UI_TIMEOUT_MS,
    login,
    main_area,
    open_demo_case,
    show,
    show_map,
    wait_idle,
)
from tests.conftest import assert_audit_chain_intact, wipe
from tests.relay import Relay

pytestmark = pytest.mark.browser

UNREACHABLE = "De databank is even niet bereikbaar; je invoer blijft staan"


@pytest.fixture
def relayed_server(browser_requirements: None, pg_engine: Engine, tmp_path: Path
                   ) -> Iterator[tuple[str, Relay]]:
    """The app on the demo in PostgreSQL, reached through a relay the test controls."""
    wipe(pg_engine)
    with transaction(session_factory(pg_engine)) as s:
        load_demo(s)
    url = make_url(os.environ["SOFS_TEST_DATABASE_URL"])
    relay = Relay((url.host or "127.0.0.1", url.port or 5432))
    relayed = url.set(host="127.0.0.1", port=relay.port).render_as_string(hide_password=False)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    base_url = f"http://127.0.0.1:{port}"
    env = {**os.environ, "SOFS_DATABASE_URL": relayed, "SOFS_DATA_DIR": str(tmp_path),
           "SOFS_DEFAULT_LOCALE": "nl-BE"}
    log_path = tmp_path / "streamlit.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", str(ENTRY),
             "--server.port", str(port), "--server.address", "127.0.0.1"],
            cwd=REPO_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + SERVER_START_TIMEOUT_S
        while not _healthy(base_url):
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"streamlit did not start:\n{log_path.read_text(errors='replace')}")
            time.sleep(0.2)
        yield base_url, relay
        assert_audit_chain_intact(pg_engine)
        # The log names the fault, never what was typed.
        assert "Nieuwe consulent" not in log_path.read_text(errors="replace")
    finally:
        process.terminate()
        process.wait(timeout=10)
        relay.close()


@pytest.fixture
def relayed_page(browser: Browser, relayed_server: tuple[str, Relay]) -> Iterator[Page]:
    context = browser.new_context(locale="nl-BE", timezone_id="Europe/Brussels")
    context.set_default_timeout(UI_TIMEOUT_MS)
    page = context.new_page()
    page.goto(relayed_server[0])
    wait_idle(page)
    login(page)
    yield page
    context.close()


def _meet_the_fault(page: Page, relay: Relay, hang_up: bool, button: str) -> None:
    """Freeze the database, press ``button``, see the message; then bring it back."""
    main = main_area(page)
    relay.freeze(hang_up=hang_up)
    main.get_by_role("button", name=button, exact=True).click()
    # After the ping and connect timeouts: the user's words, not Streamlit's English error.
    expect(main.get_by_text(UNREACHABLE)).to_be_visible(timeout=UI_TIMEOUT_MS)
    expect(page.get_by_text("This app has encountered an error")).to_have_count(0)
    relay.thaw()
    main.get_by_role("button", name="Opnieuw proberen", exact=True).click()


@pytest.mark.parametrize("hang_up", [True, False], ids=["stopped", "frozen-mid-way"])
def test_the_text_of_an_open_form_survives_the_database_going_away(
        relayed_page: Page, relayed_server: tuple[str, Relay], pg_engine: Engine,
        hang_up: bool) -> None:
    page = relayed_page
    open_demo_case(page)
    main = main_area(page)
    main.get_by_role("button", name="Bewerken", exact=True).click()
    show(page, "Dossier bewerken")
    main.get_by_role("radiogroup", name="Aanmelder *").get_by_text("Andere", exact=True).click()
    box = main.get_by_role("textbox", name="Andere aanmelder", exact=True)
    box.fill("Nieuwe aanmelder Ağaoğlu")

    _meet_the_fault(page, relayed_server[1], hang_up, "Opslaan")
    show(page, "Dossier bewerken")
    expect(box).to_have_value("Nieuwe aanmelder Ağaoğlu")
    expect(main.get_by_text(UNREACHABLE)).to_have_count(0)

    main.get_by_role("button", name="Opslaan", exact=True).click()
    show(page, DEMO_FAMILY)
    with session_factory(pg_engine)() as s:
        assert s.scalars(select(Case.referrer_other)).all() == ["Nieuwe aanmelder Ağaoğlu"]


def test_an_entry_sent_while_the_database_was_away_is_saved_once_when_it_is_back(
        relayed_page: Page, relayed_server: tuple[str, Relay]) -> None:
    """An adding form empties itself when sent: the entry waits in the session and is
    saved by the first rerun that reaches the database, once, and the box stays empty."""
    page = relayed_page
    open_demo_case(page)
    main = main_area(page)
    main.get_by_role("button", name="Bijeenkomsten en kaart", exact=True).click()
    show(page, "Bijeenkomsten")
    main.get_by_role("button", name="Kaart openen", exact=True).click()
    show_map(page)
    text = f"Getypt terwijl de databank weg was {uuid.uuid4().hex[:6]}."
    box = main.get_by_role("textbox", name="Tekst *", exact=True)
    box.fill(text)

    _meet_the_fault(page, relayed_server[1], True, "Toevoegen")
    show_map(page)
    expect(main.get_by_text(UNREACHABLE)).to_have_count(0)
    expect(main.locator("li").filter(has_text=text)).to_have_count(1)
    expect(box).to_have_value("")
