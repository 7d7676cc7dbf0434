"""Helpers that drive the real app in Chromium (Playwright's sync API).

Streamlit reruns the script after each action; `wait_idle` waits for the rerun to end,
and callers then wait for the content they expect (never for a fixed time).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from playwright.sync_api import FrameLocator, Locator, Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

REPO_ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
AXE_JS = REPO_ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Generous: a rerun takes well under a second here, but a loaded CI machine can be slow.
UI_TIMEOUT_MS = 20_000
# The same for every expect() (Playwright's own default is 5 s): they wait for what must
# come, and return as soon as it is there.
expect.set_options(timeout=UI_TIMEOUT_MS)
IDLE_SELECTOR = '[data-testid="stApp"][data-test-script-state="notRunning"]'
DEMO_PASSWORD = "demo"
DEMO_FAMILY = "Gezin Yılmaz-Kowalski"
DEMO_HULPVORM = "Contextbegeleiding 'Signs of Safety'"


@dataclass
class RequestLog:
    """Every URL a page asked for (HTTP and WebSocket), to prove nothing leaves the machine."""

    urls: list[str] = field(default_factory=list)

    def external(self, base_url: str) -> list[str]:
        own = urlsplit(base_url)
        outside = []
        for url in self.urls:
            parts = urlsplit(url)
            if parts.scheme in ("data", "blob", "about"):
                continue
            same_server = parts.hostname == own.hostname and parts.port == own.port
            if parts.scheme in ("http", "ws") and same_server:
                continue
            outside.append(url)
        return outside


def wait_idle(page: Page) -> None:
    """Wait until Streamlit has finished its current rerun."""
    page.locator(IDLE_SELECTOR).wait_for(state="attached")


def main_area(page: Page) -> Locator:
    return page.locator('[data-testid="stMain"]')


def graph_frame(page: Page) -> FrameLocator:
    """The interactive view's own sandboxed frame, inside the frame Streamlit makes.

    Looked up in the main area: the sidebar holds a frame of its own (the login cookie).
    """
    return main_area(page).frame_locator("iframe").first.frame_locator("iframe")


def open_panel(page: Page, name: str) -> None:
    """Open an expander by its summary text.

    With the interactive view's sandboxed frame on the page, Chromium drops the first
    click on the page after the frame took focus (seen on the genogram page): click again
    until the panel is open, at most three times.
    """
    summary = main_area(page).get_by_text(name, exact=True)
    details = main_area(page).locator("details").filter(
        has=page.get_by_text(name, exact=True))
    for _ in range(3):
        summary.click()
        try:
            expect(details).to_have_attribute("open", "", timeout=1_000)
            return
        except AssertionError:
            continue
    expect(details).to_have_attribute("open", "")


def switch_on(page: Page, name: str) -> None:
    """Switch a toggle on by its label (clicking again if Chromium dropped the click, as
    `open_panel` does)."""
    label = main_area(page).get_by_text(name, exact=True)
    box = main_area(page).locator("label").filter(has_text=name).locator("input")
    for _ in range(3):
        label.click()
        try:
            expect(box).to_be_checked(timeout=1_000)
            return
        except AssertionError:
            continue
    expect(box).to_be_checked()


def sidebar(page: Page) -> Locator:
    return page.locator('[data-testid="stSidebar"]')


def heading(page: Page, name: str) -> Locator:
    return main_area(page).get_by_role("heading", name=name, exact=True)


def show(page: Page, title: str) -> None:
    """Wait until the page titled `title` is shown and its rerun has finished."""
    expect(heading(page, title)).to_be_visible()
    wait_idle(page)
    expect(heading(page, title)).to_be_visible()


def submit_login(page: Page, username: str, password: str) -> None:
    page.get_by_label("Gebruikersnaam", exact=True).fill(username)
    page.get_by_label("Wachtwoord", exact=True).fill(password)
    page.get_by_role("button", name="Aanmelden", exact=True).click()


def login(page: Page, username: str = "begeleider") -> None:
    """Log in with the demo password and wait for the case list (the default page)."""
    submit_login(page, username, DEMO_PASSWORD)
    show(page, "Dossiers")


def logout(page: Page) -> None:
    """Log out from the sidebar and wait for the login form."""
    sidebar(page).get_by_role("button", name="Afmelden").click()
    expect(page.get_by_label("Gebruikersnaam", exact=True)).to_be_visible()
    wait_idle(page)


def nav(page: Page, name: str) -> None:
    """Follow a sidebar navigation link and wait for the page of the same title."""
    sidebar(page).get_by_role("link", name=name, exact=True).click()
    show(page, name)


def open_listbox(page: Page, box: Locator) -> Locator:
    """Open a Streamlit selectbox's popup and return it.

    A click that lands while an expander is still animating open only focuses the input;
    the arrow key then opens the popup (and is harmless if it is already open).
    """
    listbox = page.get_by_role("listbox")
    box.click()
    try:
        listbox.wait_for(state="visible", timeout=2_000)
    except PlaywrightTimeoutError:
        box.press("ArrowDown")
        expect(listbox).to_be_visible()
    return listbox


def choose(page: Page, combobox: str, option: str, scope: Locator | None = None) -> None:
    """Pick an option in a Streamlit selectbox (a combobox with a popup listbox)."""
    root = scope if scope is not None else main_area(page)
    box = root.get_by_role("combobox", name=combobox, exact=True)
    # A rerun still on its way (an expander just opened reruns the page) may close the popup
    # between opening it and the click: then it is opened again, as a person would.
    for attempt in range(2):
        listbox = open_listbox(page, box)
        try:
            listbox.get_by_role("option", name=option, exact=True).click(timeout=5_000)
            break
        except PlaywrightTimeoutError:
            if attempt:
                raise
            wait_idle(page)
    expect(page.get_by_role("listbox")).to_have_count(0)


def combobox_options(page: Page, combobox: str) -> list[str]:
    """The option texts of a selectbox (opens it, reads them, closes it again)."""
    box = main_area(page).get_by_role("combobox", name=combobox, exact=True)
    options = open_listbox(page, box).get_by_role("option")
    expect(options.first).to_be_visible()
    texts = [text.strip() for text in options.all_inner_texts()]
    box.press("Escape")
    expect(page.get_by_role("listbox")).to_have_count(0)
    return texts


def open_demo_case(page: Page) -> None:
    """From the case list, open the demo family's case and wait for its overview."""
    choose(page, "Dossier openen", f"{DEMO_FAMILY} · {DEMO_HULPVORM}")
    main_area(page).get_by_role("button", name="Openen", exact=True).click()
    show(page, DEMO_FAMILY)


def open_meetings(page: Page) -> None:
    """Log in, open the demo case and go to its meetings page."""
    login(page)
    open_demo_case(page)
    main_area(page).get_by_role("button", name="Bijeenkomsten en kaart", exact=True).click()
    show(page, "Bijeenkomsten")


def map_header(page: Page) -> Locator:
    """The map page's 'Kaart: Bijeenkomst N · …' header (whichever meeting is open)."""
    return main_area(page).get_by_role("heading", level=2, name=re.compile(r"^Kaart: "))


def show_map(page: Page) -> None:
    """Wait until a meeting's map page is shown, drawn and idle."""
    expect(map_header(page)).to_be_visible()
    wait_idle(page)
    expect(map_header(page)).to_be_visible()
    expect(main_area(page).get_by_role("heading", name="Toevoegen aan de kaart", exact=True)
           ).to_be_visible()


def open_latest_map(page: Page) -> None:
    """From the meetings page, open the map of the meeting preselected there (the latest)."""
    main_area(page).get_by_role("button", name="Kaart openen", exact=True).click()
    show_map(page)


def pick_segment(page: Page, group: str, option: str) -> None:
    """Choose an option of a segmented control or of pills (a radiogroup of buttons)."""
    radio = main_area(page).get_by_role("radiogroup", name=group, exact=True).get_by_role(
        "radio", name=option, exact=True)
    radio.click()
    expect(radio).to_have_attribute("aria-checked", "true")


def run_axe(page: Page) -> list[dict[str, Any]]:
    """axe-core violations of the page and of every frame in it (axe does not enter iframes).

    Each violation is a dict with the frame's URL added under "frame".
    """
    found: list[dict[str, Any]] = []
    for frame in page.frames:
        if frame.url in ("", "about:blank") and frame is not page.main_frame:
            continue
        frame.add_script_tag(path=str(AXE_JS))
        result = frame.evaluate(
            "async () => await axe.run(document, {resultTypes: ['violations']})"
        )
        for violation in result["violations"]:
            found.append({**violation, "frame": frame.url})
    return found


def describe_violations(violations: list[dict[str, Any]]) -> str:
    lines = []
    for v in violations:
        lines.append(f"- {v['id']} ({v.get('impact')}): {v['help']} [{v['frame']}]")
        for node in v["nodes"]:
            target = json.dumps(node["target"], ensure_ascii=False)
            lines.append(f"    {target}: {node.get('failureSummary', '').splitlines()[-1:]}")
            lines.append(f"      html: {node.get('html', '')[:200]}")
    return "\n".join(lines)
