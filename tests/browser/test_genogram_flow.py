"""A counsellor draws the family and its network in the browser: a new partner in the
family's words, the picture and the list follow, the interactive view works offline, and
a JIM joins the network. Names with markup stay text; nothing leaves the machine."""

from __future__ import annotations

import base64
import re
import uuid

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import RequestLog
from tests.browser.ui import (
    DEMO_FAMILY,
    choose,
    graph_frame,
    login,
    main_area,
    open_demo_case,
    show,
    wait_idle,
)

pytestmark = pytest.mark.browser


def picture(page: Page) -> str:
    """The SVG shown as the page's picture, decoded."""
    src = main_area(page).locator('img[src^="data:image/svg+xml"]').first.get_attribute("src")
    assert src is not None
    return base64.b64decode(src.split(",", 1)[1]).decode()


def test_draw_a_partner_and_a_jim_offline(
    page: Page, app_server: str, request_log: RequestLog, dialogs: list[str]
) -> None:
    token = uuid.uuid4().hex[:5]
    name = f"Sanne<img src=x onerror=alert(1)> {token}"
    main = main_area(page)
    login(page)
    open_demo_case(page)
    main.get_by_role("button", name="Genogram", exact=True).click()
    show(page, f"Genogram van {DEMO_FAMILY}")
    before = picture(page)

    main.get_by_text("Iemand toevoegen", exact=True).click()
    main.get_by_text("nieuwe partner van", exact=True).click()
    form = main.locator('[data-testid="stForm"]').first
    form.get_by_role("textbox", name="Voornaam *").fill(name)
    choose(page, "Geslacht", "Vrouwelijk", scope=form)
    form.get_by_role("textbox", name=re.compile("^Geboortedatum")).fill("1987")
    choose(page, "Nieuwe partner van", "Tomasz Kowalski", scope=form)
    form.get_by_role("button", name="Toevoegen aan het genogram", exact=True).click()
    expect(main.get_by_text("Toegevoegd aan het genogram.")).to_be_visible()
    wait_idle(page)

    after = picture(page)
    assert after != before
    assert "Sanne&lt;img src=x onerror=alert(1)&gt;" in after
    expect(main.get_by_role("listitem").filter(has_text="partner van Tomasz Kowalski")
           .filter(has_text=token)).to_have_count(1)

    main.get_by_text("Interactieve weergave", exact=True).click()
    frame = graph_frame(page)
    expect(frame.locator("#stage svg g.person").first).to_be_attached()
    wait_idle(page)

    main.get_by_role("button", name="Netwerk", exact=True).click()
    show(page, f"Veiligheidsnetwerk van {DEMO_FAMILY}")
    main.get_by_text("Iemand toevoegen aan het netwerk", exact=True).click()
    main.get_by_role("radiogroup", name="Rol").get_by_text("vertrouwenspersoon",
                                                          exact=True).click()
    wait_idle(page)
    choose(page, "Wie", name)
    wait_idle(page)
    form = main.locator('[data-testid="stForm"]').first
    choose(page, "Vertrouwenspersoon van welk kind?", "Yasmina El Amrani", scope=form)
    form.get_by_role("textbox", name="Telefoon").fill("0499 12 34 56")
    form.get_by_role("button", name="Toevoegen aan het netwerk", exact=True).click()
    expect(main.get_by_text("Toegevoegd aan het netwerk.")).to_be_visible()
    wait_idle(page)
    assert "vertrouwenspersoon van Yasmina El Amrani" in picture(page)

    assert dialogs == [], f"a script ran from user text: {dialogs}"
    assert main.locator("img[src='x']").count() == 0
    external = request_log.external(app_server)
    assert external == [], f"requests left the machine: {external}"
