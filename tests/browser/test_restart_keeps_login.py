"""A server restart within the idle timeout keeps the login (issue 19, item 7).

A real server process (`streamlit run sofs_app/asgi.py`, what `make run` serves) is stopped
and started again on the same port and database while Chromium keeps the page open; the
page reconnects by itself. The login comes back from the browser's HttpOnly cookie
(auth.remembered, sofs_app.login_cookie); after a logout, a deactivation or an expired
token it does not. Each test has a server, a database and a browser context of its own
(cookies are a context's).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect
from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from auth import remembered
from sofs_admin.demo import load_demo
from sofs_core.clock import utcnow
from sofs_core.codes import AuditAction
from storage.db import make_engine, session_factory, transaction
from storage.models import AuditEvent, User
from tests.browser.conftest import REPO_ROOT, SERVER_START_TIMEOUT_S, _free_port, _healthy
from tests.browser.ui import (
    UI_TIMEOUT_MS,
    login,
    main_area,
    show,
    sidebar,
    wait_idle,
)

pytestmark = pytest.mark.browser

SERVED = REPO_ROOT / "sofs_app" / "asgi.py"
LOGIN_TITLE = "Aanmelden bij sofs"
CASE_LIST = "Dossiers"


class RestartableServer:
    """The app served on one port and one database, stopped and started at will."""

    def __init__(self, workdir: Path, sqlite_template: Path) -> None:
        db_path = workdir / "sofs.sqlite3"
        shutil.copy(sqlite_template, db_path)
        self.database_url = f"sqlite:///{db_path}"
        self.engine = make_engine(self.database_url)
        self.sessions: sessionmaker[Session] = session_factory(self.engine)
        with transaction(self.sessions) as session:
            load_demo(session)
        (workdir / "data").mkdir()
        self.port = _free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.env = {**os.environ, "SOFS_DATABASE_URL": self.database_url,
                    "SOFS_DATA_DIR": str(workdir / "data"), "SOFS_DEFAULT_LOCALE": "nl-BE"}
        self.log_path = workdir / "streamlit.log"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "streamlit", "run", str(SERVED),
                 "--server.port", str(self.port), "--server.address", "127.0.0.1"],
                cwd=REPO_ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + SERVER_START_TIMEOUT_S
        while not _healthy(self.base_url):
            if self.process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"server did not start:\n{self.log_path.read_text(errors='replace')}")
            time.sleep(0.2)

    def stop(self) -> None:
        if self.process is None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)
        self.process = None

    def restart(self) -> None:
        self.stop()
        self.start()

    def resumed_logins(self) -> int:
        with self.sessions() as session:
            return len(session.scalars(select(AuditEvent.id).where(
                AuditEvent.action == AuditAction.LOGIN,
                AuditEvent.subject == "login/resumed")).all())


@pytest.fixture
def server(browser_requirements: None, sqlite_template: Path,
           tmp_path: Path) -> Iterator[RestartableServer]:
    served = RestartableServer(tmp_path, sqlite_template)
    served.start()
    try:
        yield served
    finally:
        served.stop()
        served.engine.dispose()


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    fresh = browser.new_context(viewport={"width": 1366, "height": 900}, locale="nl-BE",
                                timezone_id="Europe/Brussels")
    fresh.set_default_timeout(UI_TIMEOUT_MS)
    yield fresh
    fresh.close()


def _open(context: BrowserContext, server: RestartableServer) -> Page:
    page = context.new_page()
    page.goto(server.base_url)
    wait_idle(page)
    page.get_by_role("heading", level=1).first.wait_for()
    wait_idle(page)
    return page


def _login_cookie(context: BrowserContext) -> dict[str, object] | None:
    found = [c for c in context.cookies() if c["name"] == remembered.COOKIE_NAME]
    return dict(found[0]) if found else None


def _wait_until(condition: Callable[[], bool], failure: str) -> None:
    """Wait for what the browser does on its own (reconnect, hand the cookie over),
    whatever the machine's speed."""
    deadline = time.monotonic() + UI_TIMEOUT_MS / 1000
    while not condition():
        assert time.monotonic() < deadline, failure
        time.sleep(0.1)


def _wait_for_cookie(context: BrowserContext, present: bool) -> None:
    _wait_until(lambda: (_login_cookie(context) is not None) == present,
                f"login cookie never became present={present}")


def _logged_in_as_counsellor(page: Page) -> None:
    expect(sidebar(page).get_by_text("Aangemeld als", exact=False)).to_be_visible()
    expect(page.get_by_label("Gebruikersnaam", exact=True)).to_have_count(0)


def _shows_login(page: Page) -> None:
    expect(main_area(page).get_by_role("heading", name=LOGIN_TITLE)).to_be_visible()


def test_a_restart_keeps_the_login_and_the_page(
        server: RestartableServer, context: BrowserContext) -> None:
    page = _open(context, server)
    login(page)
    _wait_for_cookie(context, present=True)
    cookie = _login_cookie(context)
    assert cookie is not None
    # No script can read it, and no other site can make the browser send it.
    assert cookie["httpOnly"] is True
    assert cookie["sameSite"] == "Strict"
    assert page.evaluate("document.cookie").find(remembered.COOKIE_NAME) == -1
    path_before = page.url

    server.restart()

    # The open page reconnects by itself and is still logged in, on the same page.
    _wait_until(lambda: server.resumed_logins() == 1, "the page never logged in again")
    show(page, CASE_LIST)
    _logged_in_as_counsellor(page)
    assert page.url == path_before
    # A new tab of the same browser is logged in too (the cookie is the browser's).
    other = _open(context, server)
    show(other, CASE_LIST)
    _logged_in_as_counsellor(other)


def test_after_a_logout_a_restart_shows_the_login_page(
        server: RestartableServer, context: BrowserContext) -> None:
    page = _open(context, server)
    login(page)
    _wait_for_cookie(context, present=True)
    sidebar(page).get_by_role("button", name="Afmelden").click()
    _shows_login(page)
    _wait_for_cookie(context, present=False)

    server.restart()

    _shows_login(page)
    page.reload()
    wait_idle(page)
    _shows_login(page)
    assert server.resumed_logins() == 0


def test_a_token_from_before_the_logout_no_longer_works(
        server: RestartableServer, context: BrowserContext) -> None:
    """Even if the browser kept the cookie (or someone copied it), a logout voids it."""
    page = _open(context, server)
    login(page)
    _wait_for_cookie(context, present=True)
    kept = _login_cookie(context)
    assert kept is not None
    sidebar(page).get_by_role("button", name="Afmelden").click()
    _shows_login(page)
    _wait_for_cookie(context, present=False)
    context.add_cookies([{"name": str(kept["name"]), "value": str(kept["value"]),
                          "url": server.base_url}])

    server.restart()

    page.reload()
    wait_idle(page)
    _shows_login(page)
    assert server.resumed_logins() == 0


def test_a_deactivated_account_is_not_logged_in_again(
        server: RestartableServer, context: BrowserContext) -> None:
    page = _open(context, server)
    login(page)
    _wait_for_cookie(context, present=True)
    server.stop()
    with transaction(server.sessions) as session:
        session.execute(update(User).where(User.username == "begeleider").values(
            is_active=False))
    server.start()

    _shows_login(page)
    assert server.resumed_logins() == 0


def test_a_token_older_than_the_idle_timeout_is_refused(
        server: RestartableServer, context: BrowserContext) -> None:
    """A browser whose last activity was longer ago than the idle timeout (30 minutes by
    default) gets the login page: the token is signed for the time of that activity."""
    with transaction(server.sessions) as session:
        user_id = session.scalars(select(User.id).where(User.username == "begeleider")).one()
        stale = remembered.issue(session=session, user_id=user_id,
                                 now=utcnow() - timedelta(minutes=31))
        fresh = remembered.issue(session=session, user_id=user_id,
                                 now=utcnow() - timedelta(minutes=29))
    context.add_cookies([{"name": remembered.COOKIE_NAME, "value": stale,
                          "url": server.base_url}])
    page = _open(context, server)
    _shows_login(page)
    # The dead cookie is dropped; then the same account's token signed within the
    # timeout logs in: the refusal was the age.
    _wait_for_cookie(context, present=False)
    context.add_cookies([{"name": remembered.COOKIE_NAME, "value": fresh,
                          "url": server.base_url}])
    page.reload()
    wait_idle(page)
    show(page, CASE_LIST)
    _logged_in_as_counsellor(page)
