"""The interactive genogram and ecogram pages in Chromium: drawn, offline, names as text;
the genogram's search, zoom and pan.

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

from bench.genogram import synthetic_family
from genograms.graph import person_nodes
from genograms.interactive import network_html
from genograms.layout import layout
from genograms.picture import genogram_drawing
from genograms.view import genogram_view_html
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


def open_view(page: Page, path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")
    page.goto(path.as_uri())
    expect(page.locator("#stage svg g.person").first).to_be_visible()


def view_box(page: Page) -> list[float]:
    box: list[float] = page.evaluate(
        "() => document.querySelector('#stage svg').getAttribute('viewBox')"
        ".split(' ').map(Number)")
    return box


def test_genogram_view_is_the_picture_offline_with_names_as_text(
        offline_page: tuple[Page, RequestLog, list[str]], tmp_path: Path) -> None:
    page, log, dialogs = offline_page
    fam = family()
    drawing = genogram_drawing(fam, layout(fam), words, title=f"Genogram of {IMG}")
    open_view(page, tmp_path / "genogram.html",
              genogram_view_html(drawing, words, title=f"Genogram of {IMG}", lang="en"))

    assert outside(log) == [], f"requests to other hosts: {outside(log)}"
    assert log.urls[0] == (tmp_path / "genogram.html").as_uri()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page).to_have_title(f"Genogram of {IMG}")
    # The same groups as the picture: every person, the couple line, the sibling bars.
    groups = page.locator("#stage svg > g")
    expect(groups).to_have_count(len(drawing.groups))
    expect(page.locator("#stage svg g[data-ref='person-2'] > title")).to_have_text(IMG)
    expect(page.locator("#stage svg g[data-ref='person-4'] > title")).to_have_text(ARABIC)
    expect(page.locator("#stage svg .sibling-bar")).not_to_have_count(0)
    expect(page.locator("#stage svg .couple-line")).to_have_count(1)
    # None of the names became markup, and no script of theirs ran.
    assert page.locator("img, b").count() == 0
    assert dialogs == []
    violations = run_axe(page)
    assert violations == [], describe_violations(violations)


def test_genogram_view_finds_a_name_zooms_and_pans(
        offline_page: tuple[Page, RequestLog, list[str]], tmp_path: Path) -> None:
    page, log, _ = offline_page
    fam = synthetic_family(70)
    drawing = genogram_drawing(fam, layout(fam), words, title="Genogram")
    open_view(page, tmp_path / "genogram.html",
              genogram_view_html(drawing, words, title="Genogram", lang="en"))
    whole = view_box(page)
    # Search by part of a name, without accents or capitals: every match is marked and the
    # view moves to the first one.
    wanted = {node.id for node in person_nodes(fam.graph) if "Yasmina" in node.name}
    assert wanted
    page.locator("#search").fill("yasmína")
    found = page.locator("#stage svg g.person.found")
    expect(found).to_have_count(len(wanted))
    assert {int(ref.removeprefix("person-")) for ref in
            found.evaluate_all("gs => gs.map(g => g.dataset.ref)")} == wanted
    expect(page.locator("#count")).to_have_text(
        words("genogram_view.found", count=len(wanted)))
    zoomed = view_box(page)
    assert zoomed[2] < whole[2], "the view zoomed in on the first match"
    first = found.first.bounding_box()
    stage = page.locator("#stage").bounding_box()
    assert first is not None and stage is not None
    assert stage["x"] <= first["x"] <= stage["x"] + stage["width"]
    assert stage["y"] <= first["y"] <= stage["y"] + stage["height"]
    # Nobody by that name: nothing marked, and it says so.
    page.locator("#search").fill("Zzyzx")
    expect(found).to_have_count(0)
    expect(page.locator("#count")).to_have_text(words("genogram_view.not_found"))
    # Buttons zoom; dragging pans; "show all" gives the whole family back.
    page.locator("#fit").click()
    assert view_box(page) == whole
    page.locator("#zoom-in").click()
    assert view_box(page)[2] == pytest.approx(whole[2] * 0.8)
    box = page.locator("#stage svg").bounding_box()
    assert box is not None
    before = view_box(page)
    page.mouse.move(box["x"] + 300, box["y"] + 300)
    page.mouse.down()
    page.mouse.move(box["x"] + 200, box["y"] + 250, steps=4)
    page.mouse.up()
    after = view_box(page)
    assert after[0] > before[0] and after[1] > before[1], "dragged left and up: view moves"
    page.mouse.wheel(0, -200)
    assert view_box(page)[2] < after[2]
    assert outside(log) == []


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
