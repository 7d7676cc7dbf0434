"""The interactive genogram and ecogram pages in Chromium: drawn, offline, names as text.

The pages are standalone files, so no Streamlit server is needed: each test opens its own
page in the session's browser. Every request the page makes is logged; only the page's own
file (and data:/about:/blob: URLs) may appear.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Dialog, Page, expect

from genograms.interactive import genogram_html, network_html
from genograms.layout import layout
from tests.browser.ui import UI_TIMEOUT_MS, RequestLog, describe_violations, run_axe
from tests.genograms.test_interactive import ARABIC, BOLD, IMG, MEMBERS, family, words

pytestmark = pytest.mark.browser

LOCAL_SCHEMES = {"file", "data", "about", "blob"}


@pytest.fixture
def offline_page(browser: Browser) -> Iterator[tuple[Page, RequestLog, list[str]]]:
    """A fresh page of its own, with every request and every dialog it opens recorded."""
    context = browser.new_context(viewport={"width": 1200, "height": 800}, locale="en")
    context.set_default_timeout(UI_TIMEOUT_MS)
    page = context.new_page()
    log = RequestLog()
    dialogs: list[str] = []

    def refuse(dialog: Dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("request", lambda req: log.urls.append(req.url))
    page.on("websocket", lambda ws: log.urls.append(ws.url))
    page.on("dialog", refuse)
    yield page, log, dialogs
    context.close()


def open_file(page: Page, path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")
    page.goto(path.as_uri())
    expect(page.locator('#mynetwork[role="img"] canvas')).to_have_count(1)
    # vis-network draws on the next animation frame: wait until something is on the canvas.
    page.wait_for_function("""() => {
        const canvas = document.querySelector("#mynetwork canvas");
        if (!canvas || !canvas.width || !canvas.height) return false;
        const data = canvas.getContext("2d").getImageData(
            0, 0, canvas.width, canvas.height).data;
        for (let i = 3; i < data.length; i += 4) { if (data[i] > 0) return true; }
        return false;
    }""")


def outside(log: RequestLog) -> list[str]:
    return [url for url in log.urls if urlsplit(url).scheme not in LOCAL_SCHEMES]


def labels_and_titles(page: Page) -> dict[str, list[str]]:
    """What vis-network shows: the labels and the titles' text, per node id."""
    result: dict[str, list[str]] = page.evaluate("""() => {
        const shown = {};
        nodes.forEach(n => {
            shown[String(n.id)] = [n.label, n.title instanceof Element
                ? n.title.textContent : String(n.title)];
        });
        return shown;
    }""")
    return result


def test_genogram_page_is_offline_drawn_and_shows_names_as_text(
        offline_page: tuple[Page, RequestLog, list[str]], tmp_path: Path) -> None:
    page, log, dialogs = offline_page
    fam = family()
    lay = layout(fam)
    text = genogram_html(fam, lay, words, title=f"Genogram of {IMG}", lang="en")
    open_file(page, tmp_path / "genogram.html", text)

    assert outside(log) == [], f"requests to other hosts: {outside(log)}"
    assert log.urls[0] == (tmp_path / "genogram.html").as_uri()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page).to_have_title(f"Genogram of {IMG}")
    # Positions are ours: physics is off, so nothing moved.
    positions = page.evaluate("() => network.getPositions()")
    assert {int(k) for k in positions} == set(lay.x)
    for person, xy in positions.items():
        assert xy["x"] == pytest.approx(lay.x[int(person)] * 96.0)

    shown = labels_and_titles(page)
    assert shown["2"][1].startswith(IMG)  # the tooltip text is the name as typed
    assert shown["3"][0].startswith(BOLD[:10])  # labels are drawn as typed (wrapped)
    assert shown["4"][1].startswith(ARABIC)
    # None of it became markup, and no script ran.
    assert page.locator("img, b").count() == 0
    assert dialogs == []

    violations = run_axe(page)
    assert violations == [], describe_violations(violations)


def test_tooltip_is_text(offline_page: tuple[Page, RequestLog, list[str]],
                         tmp_path: Path) -> None:
    page, _, dialogs = offline_page
    fam = family()
    open_file(page, tmp_path / "genogram.html",
              genogram_html(fam, layout(fam), words, title="Genogram", lang="en"))
    point = page.evaluate("() => network.canvasToDOM(network.getPositions([2])[2])")
    box = page.locator("#mynetwork canvas").bounding_box()
    assert box is not None
    page.mouse.move(box["x"] + point["x"], box["y"] + point["y"])
    tooltip = page.locator(".vis-tooltip")
    expect(tooltip).to_be_visible()
    expect(tooltip).to_contain_text(IMG)
    assert tooltip.locator("img").count() == 0
    assert dialogs == []


def test_network_page_is_offline_and_drawn(offline_page: tuple[Page, RequestLog, list[str]],
                                           tmp_path: Path) -> None:
    page, log, dialogs = offline_page
    text = network_html(MEMBERS, f"Family {BOLD}", words, title="Safety network",
                        lang="nl-BE")
    open_file(page, tmp_path / "network.html", text)

    assert outside(log) == [], f"requests to other hosts: {outside(log)}"
    expect(page.locator("html")).to_have_attribute("lang", "nl-BE")
    shown = labels_and_titles(page)
    assert shown["family"] == [f"Family {BOLD}", f"Family {BOLD}"]
    assert shown["person-11"][0].startswith("<img src=x\nonerror=alert(1)>\n")
    assert shown["person-11"][1].startswith(IMG)
    assert page.locator("img, b").count() == 0
    assert dialogs == []
    violations = run_axe(page)
    assert violations == [], describe_violations(violations)
