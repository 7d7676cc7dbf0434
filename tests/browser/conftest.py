"""Real-browser fixtures: one Streamlit server for the session, Debian's Chromium.

The server runs the real app on a copy of the migrated template holding the demo
installation. Each test gets a fresh page, that is a new Streamlit session that starts
logged out, so tests stay independent; the server, the browser and its HTTP cache are
shared to keep the suite fast.

`playwright install` cannot download browsers on these machines: we always launch
/usr/bin/chromium. Without it (or without axe-core) the tests skip, except in CI
(SOFS_REQUIRE_ALL_TESTS=1) where they fail.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Generator, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Dialog, Page, sync_playwright

from sofs_admin.demo import load_demo
from storage.db import make_engine, session_factory, transaction
from tests.browser.ui import (
    AXE_JS,
    CHROMIUM,
    CHROMIUM_ARGS,
    UI_TIMEOUT_MS,
    RequestLog,
    wait_idle,
)
from tests.conftest import assert_audit_chain_intact, skip_or_fail

REPO_ROOT = Path(__file__).resolve().parents[2]
# What `make run` serves: the pages plus the login cookie's route (sofs_app.asgi).
ENTRY = REPO_ROOT / "sofs_app" / "asgi.py"
SERVER_START_TIMEOUT_S = 60.0


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _healthy(base_url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{base_url}/_stcore/health", timeout=2) as response:  # noqa: S310
            return bool(response.status == 200)
    except OSError:
        return False


@pytest.fixture(scope="session")
def browser_requirements() -> None:
    """Skip (or fail in CI) when the browser or axe-core is missing."""
    if not CHROMIUM.exists():
        skip_or_fail(f"browser tests need Debian's Chromium at {CHROMIUM} "
                     "(apt-get install -y chromium)")
    if not AXE_JS.exists():
        skip_or_fail(f"browser tests need axe-core at {AXE_JS} (npm ci)")


@dataclass(frozen=True)
class Server:
    base_url: str
    database_url: str


@contextmanager
def serve_demo(workdir: Path, sqlite_template: Path, **settings: str) -> Iterator[Server]:
    """The real app with the demo data on a database of its own, served by `streamlit run`;
    ``settings`` are extra SOFS_ environment variables (e.g. a short idle timeout)."""
    db_path = workdir / "sofs.sqlite3"
    shutil.copy(_demo_beside(sqlite_template), db_path)
    with serve_app(workdir, f"sqlite:///{db_path}", **settings) as server:
        yield server


def _demo_beside(sqlite_template: Path) -> Path:
    """The demo loaded once per test run, beside the empty template, for every server to
    copy (as tests/conftest.py's demo_template does for the AppTests)."""
    demo = sqlite_template.with_name("demo-for-servers.sqlite3")
    if not demo.exists():
        loading = demo.with_suffix(".loading")
        shutil.copy(sqlite_template, loading)
        engine = make_engine(f"sqlite:///{loading}")
        with transaction(session_factory(engine)) as session:
            load_demo(session)
        engine.dispose()
        loading.rename(demo)
    return demo


@contextmanager
def serve_app(workdir: Path, database_url: str, **settings: str) -> Iterator[Server]:
    """The real app on a prepared database (shared with other servers, if they are given
    the same URL), served by `streamlit run`; its log is ``workdir / "streamlit.log"``."""
    data_dir = workdir / "data"
    data_dir.mkdir()
    port = _free_port()
    base_url = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "SOFS_DATABASE_URL": database_url,
        "SOFS_DATA_DIR": str(data_dir),
        "SOFS_DEFAULT_LOCALE": "nl-BE",
        **settings,
    }
    log_path = workdir / "streamlit.log"
    with log_path.open("wb") as log:
        # cwd = repository root, so the committed .streamlit/config.toml applies.
        process = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", str(ENTRY),
             "--server.port", str(port), "--server.address", "127.0.0.1"],
            cwd=REPO_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + SERVER_START_TIMEOUT_S
        while not _healthy(base_url):
            if process.poll() is not None:
                pytest.fail(f"streamlit exited with {process.returncode}:\n"
                            f"{log_path.read_text(errors='replace')}")
            if time.monotonic() > deadline:
                pytest.fail(f"streamlit not healthy after {SERVER_START_TIMEOUT_S:.0f} s:\n"
                            f"{log_path.read_text(errors='replace')}")
            time.sleep(0.2)
        yield Server(base_url, database_url)
        # Whatever the browser did, the audit chain of its database must still hold.
        checked = make_engine(database_url)
        try:
            assert_audit_chain_intact(checked)
        finally:
            checked.dispose()
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


@pytest.fixture(scope="session")
def app_server(browser_requirements: None, sqlite_template: Path,
               tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Base URL of the real app with the demo data, shared by the session's tests."""
    with serve_demo(tmp_path_factory.mktemp("browser-server"), sqlite_template) as server:
        yield server.base_url


@pytest.fixture(scope="session")
def browser(browser_requirements: None) -> Iterator[Browser]:
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def request_log() -> RequestLog:
    return RequestLog()


@pytest.fixture
def dialogs(page: Page) -> list[str]:
    """Messages of every alert/confirm the page opens (dismissed): user text must open none."""
    seen: list[str] = []

    def refuse(dialog: Dialog) -> None:
        seen.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", refuse)
    return seen


@pytest.fixture(scope="session")
def browser_context(browser: Browser) -> Iterator[BrowserContext]:
    """One context for the session, so Streamlit's scripts come from the HTTP cache.

    Tests stay independent all the same: each page starts without the login cookie that
    keeps a login across a restart (the `page` fixture clears the context's cookies).
    """
    context = browser.new_context(viewport={"width": 1366, "height": 900},
                                  locale="nl-BE", timezone_id="Europe/Brussels")
    context.set_default_timeout(UI_TIMEOUT_MS)
    yield context
    context.close()


def open_fresh(context: BrowserContext, base_url: str, request_log: RequestLog) -> Page:
    """A new Streamlit session, logged out, showing the app's first page; its requests and
    WebSockets (not reported as requests) go into the log."""
    context.clear_cookies()
    new_page = context.new_page()
    new_page.on("request", lambda req: request_log.urls.append(req.url))
    new_page.on("websocket", lambda ws: request_log.urls.append(ws.url))
    new_page.goto(base_url)
    wait_idle(new_page)
    new_page.get_by_role("heading", level=1).first.wait_for()
    wait_idle(new_page)
    return new_page


def _screenshot_if_failed(new_page: Page, request: pytest.FixtureRequest, tmp_path: Path
                          ) -> None:
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        shot = tmp_path / "failure.png"
        try:
            new_page.screenshot(path=str(shot), full_page=True)
            print(f"screenshot of the failing page: {shot}")
        except Exception as error:
            print(f"no screenshot: {error}")


@pytest.fixture
def page(browser_context: BrowserContext, app_server: str, request_log: RequestLog,
         request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Page]:
    """A fresh page (a new Streamlit session, logged out) showing the app's first page."""
    new_page = open_fresh(browser_context, app_server, request_log)
    yield new_page
    _screenshot_if_failed(new_page, request, tmp_path)
    new_page.close()


@pytest.fixture(scope="module")
def own_server(browser_requirements: None, sqlite_template: Path, request: pytest.FixtureRequest,
               tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A demo server of the test module's own, for steps that change the demo family."""
    name = request.module.__name__.rpartition(".")[2]
    with serve_demo(tmp_path_factory.mktemp(name), sqlite_template) as server:
        yield server.base_url


@pytest.fixture
def fresh(browser_context: BrowserContext, own_server: str, request_log: RequestLog,
          request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Page]:
    """Like ``page``, on the module's own server."""
    new_page = open_fresh(browser_context, own_server, request_log)
    yield new_page
    _screenshot_if_failed(new_page, request, tmp_path)
    new_page.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]
                              ) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    """Remember the test's outcome so the `page` fixture can screenshot a failure."""
    report = yield
    if report.when == "call":
        item.rep_call = report  # type: ignore[attr-defined]
    return report
