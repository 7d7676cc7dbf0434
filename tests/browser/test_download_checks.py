"""Every download checks the session and the case at the click (issue 18): an idle tab, a
deactivated account and a counsellor removed from the case get no file, the refusal is in
the audit trail, and the next screen says why in Dutch.

Each test has a server and a database of its own (it deactivates or removes the demo
counsellor) and a browser context of its own, whose clock it controls: a tab left alone
in a sleeping laptop runs no timers, so the gate's 30 s watch does not end the session
before the click. Pausing the page's clock does just that.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from datetime import UTC, datetime
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Download, Page, expect
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from sofs_core.codes import AuditAction
from storage.db import make_engine, session_factory, transaction
from storage.models import AuditEvent, Case, User
from tests.browser.conftest import Server, serve_demo
from tests.browser.ui import (
    DEMO_FAMILY,
    UI_TIMEOUT_MS,
    login,
    main_area,
    open_demo_case,
    show,
    wait_idle,
)

pytestmark = pytest.mark.browser

WATCH_S = 30  # the gate's idle watch runs every 30 s (sofs_app.gate.idle_watch)
ERROR = '[data-testid="stDownloadButtonError"]'
TOAST = '[data-testid="stToast"]'


@pytest.fixture
def start_server(browser_requirements: None, sqlite_template: Path,
                 tmp_path_factory: pytest.TempPathFactory) -> Iterator[Callable[..., Server]]:
    with ExitStack() as stack:
        def start(**settings: str) -> Server:
            return stack.enter_context(serve_demo(tmp_path_factory.mktemp("download-server"),
                                                  sqlite_template, **settings))
        yield start


@pytest.fixture
def open_page(browser: Browser) -> Iterator[Callable[[Server], tuple[Page, list[Download]]]]:
    """A new page with a clock the test controls (in a context of its own: a clock is
    the whole context's), and the list of files it downloaded."""
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="nl-BE",
                                  timezone_id="Europe/Brussels")
    context.set_default_timeout(UI_TIMEOUT_MS)
    context.clock.install()

    def open_(server: Server) -> tuple[Page, list[Download]]:
        # Each tab logs in itself: without this, the first tab's kept-login cookie would
        # log the next one in (sofs_app.login_cookie).
        context.clear_cookies()
        page = context.new_page()
        downloads: list[Download] = []
        page.on("download", lambda download: downloads.append(download))
        page.goto(server.base_url)
        wait_idle(page)
        page.get_by_role("heading", level=1).first.wait_for()
        wait_idle(page)
        return page, downloads

    yield open_
    context.close()


def _factory(server: Server) -> sessionmaker[Session]:
    return session_factory(make_engine(server.database_url))


def _last_line(server: Server) -> int:
    with _factory(server)() as s:
        return int(s.scalar(select(func.max(AuditEvent.id))) or 0)


def _downloads_since(server: Server, after: int) -> list[tuple[AuditAction, str]]:
    """The demo counsellor's print, export and refused lines after line ``after``."""
    with _factory(server)() as s:
        return [(e.action, e.subject) for e in s.scalars(
            select(AuditEvent).where(
                AuditEvent.id > after, AuditEvent.actor_name == "begeleider",
                AuditEvent.action.in_([AuditAction.PRINT, AuditAction.EXPORT,
                                       AuditAction.REFUSED]))
            .order_by(AuditEvent.id))]


def _pause(page: Page) -> None:
    """Stop the page's timers, as in a tab nobody looks at."""
    now_ms = float(page.evaluate("Date.now()"))
    page.clock.pause_at(datetime.fromtimestamp(now_ms / 1000 + 1, tz=UTC))


def _wake(page: Page) -> None:
    """Time passes in the tab again: the gate's watch runs, and the app reruns."""
    page.clock.fast_forward((WATCH_S + 1) * 1000)
    page.clock.resume()


def _click_refused(page: Page, downloads: list[Download], name: str) -> None:
    """Click a download button and wait until Streamlit has answered it with no file."""
    main = main_area(page)
    button = main.get_by_role("button", name=name, exact=True)
    errors = main.locator(ERROR).count()
    button.click()
    expect(main.locator(ERROR)).to_have_count(errors + 1)
    assert downloads == []


def _open_export(page: Page) -> None:
    login(page)
    open_demo_case(page)
    main_area(page).get_by_text("Inzage: alle gegevens van het gezin", exact=True).click()
    expect(main_area(page).get_by_role("button", name="Download als JSON", exact=True)
           ).to_be_visible()
    wait_idle(page)


def test_an_idle_tab_downloads_no_data(
    start_server: Callable[..., Server],
    open_page: Callable[[Server], tuple[Page, list[Download]]],
) -> None:
    server = start_server(SOFS_IDLE_TIMEOUT_MINUTES="1")
    page, downloads = open_page(server)
    _open_export(page)
    before = _last_line(server)
    _pause(page)
    # The server's own clock has to pass the timeout: one minute, the shortest allowed.
    time.sleep(61)
    _click_refused(page, downloads, "Download als PDF")
    _click_refused(page, downloads, "Download als JSON")
    assert _downloads_since(server, before) == [
        (AuditAction.REFUSED, "idle:privacy/export"),
        (AuditAction.REFUSED, "idle:privacy/export"),
    ]
    _wake(page)
    expect(page.locator(TOAST).filter(
        has_text="De download is geweigerd: je was te lang niet actief.")).to_be_visible()
    expect(main_area(page).get_by_text("Je bent afgemeld omdat je een tijd niets hebt gedaan."
                                       )).to_be_visible()
    assert downloads == []


def test_a_deactivated_account_downloads_no_data(
    start_server: Callable[..., Server],
    open_page: Callable[[Server], tuple[Page, list[Download]]],
) -> None:
    server = start_server()
    page, downloads = open_page(server)
    _open_export(page)
    # While the account is active, the family's data comes, recorded as an export.
    before = _last_line(server)
    with page.expect_download() as got:
        main_area(page).get_by_role("button", name="Download als JSON", exact=True).click()
    assert got.value.suggested_filename.endswith(".json")
    assert _downloads_since(server, before) == [(AuditAction.EXPORT, "privacy/export")]
    downloads.clear()

    _pause(page)
    before = _last_line(server)
    with transaction(_factory(server)) as s:
        s.scalars(select(User).where(User.username == "begeleider")).one().is_active = False
    _click_refused(page, downloads, "Download als PDF")
    _click_refused(page, downloads, "Download als JSON")
    assert _downloads_since(server, before) == [
        (AuditAction.REFUSED, "inactive:privacy/export"),
        (AuditAction.REFUSED, "inactive:privacy/export"),
    ]
    _wake(page)
    expect(page.locator(TOAST).filter(
        has_text="De download is geweigerd: je account is niet meer actief.")).to_be_visible()
    show(page, "Aanmelden bij sofs")
    assert downloads == []


def test_a_counsellor_removed_from_the_case_downloads_no_picture(
    start_server: Callable[..., Server],
    open_page: Callable[[Server], tuple[Page, list[Download]]],
) -> None:
    server = start_server()
    # Two tabs of the same counsellor, one on the genogram and one on the network.
    pages = {}
    for picture, button, title in (("genogram", "Genogram", "Genogram van"),
                                   ("ecogram", "Netwerk", "Veiligheidsnetwerk van")):
        page, downloads = open_page(server)
        login(page)
        open_demo_case(page)
        main_area(page).get_by_role("button", name=button, exact=True).click()
        show(page, f"{title} {DEMO_FAMILY}")
        pages[picture] = (page, downloads)

    # While still on the case, the picture comes, and it is recorded as a print.
    before = _last_line(server)
    page, downloads = pages["genogram"]
    with page.expect_download() as got:
        main_area(page).get_by_role("button", name="Tekening (SVG)", exact=True).click()
    assert got.value.suggested_filename == "genogram.svg"
    assert _downloads_since(server, before) == [(AuditAction.PRINT, "print/genogram.svg")]
    downloads.clear()

    for page, _ in pages.values():
        _pause(page)
    before = _last_line(server)
    with transaction(_factory(server)) as s:
        others = s.scalars(select(User).where(User.username == "begeleider2")).all()
        s.scalars(select(Case)).one().counsellors = list(others)
    for picture in ("genogram", "ecogram"):
        page, downloads = pages[picture]
        _click_refused(page, downloads, "PDF om af te drukken")
        _click_refused(page, downloads, "Tekening (SVG)")
    assert _downloads_since(server, before) == [
        (AuditAction.REFUSED, "print/genogram.pdf"),
        (AuditAction.REFUSED, "print/genogram.svg"),
        (AuditAction.REFUSED, "print/ecogram.pdf"),
        (AuditAction.REFUSED, "print/ecogram.svg"),
    ]
    page, downloads = pages["genogram"]
    _wake(page)
    expect(page.locator(TOAST).filter(
        has_text="De download is geweigerd: je hebt geen toegang (meer) tot dit dossier.")
    ).to_be_visible()
    expect(main_area(page).get_by_text("Je hebt geen toegang tot dit onderdeel.")
           ).to_be_visible()
    assert all(downloads == [] for _, downloads in pages.values())
