"""Create a case in a real browser and find it again; user text stays text."""

from __future__ import annotations

import uuid

import pytest
from playwright.sync_api import Page, expect

from tests.browser.ui import (
    DEMO_FAMILY,
    RequestLog,
    choose,
    combobox_options,
    login,
    main_area,
    nav,
    show,
    wait_idle,
)

pytestmark = pytest.mark.browser

HOSTILE_PARTS = (
    "<b>vet</b>",
    "<img src=x onerror=alert(1)>",
    "![x](http://example.org/a.png)",
)
# Shown on the overview through another path (a caption-and-value field).


def hostile_name() -> str:
    token = uuid.uuid4().hex[:6]
    return ("Gezin Ğüneş-El Amrani <b>vet</b> <img src=x onerror=alert(1)> "
            f"![x](http://example.org/a.png) 🙂 عائلة {token}")


def markup_from_user_text(page: Page) -> list[str]:
    """Elements built from the hostile texts' HTML or markdown (none, if they stay text)."""
    suspects = (
        # (CSS selector, text the element must contain to count, what it means)
        ("img[src='x']", "", "an <img> from HTML"),
        ("img[src*='example.org']", "", "a remote image from markdown"),
        ("a[href*='example.org']:not([href^='mailto:'])", "", "a link to a URL in user text"),
        ("a[href^='mailto:']", "", "a mail link from an address in user text"),
        ("[onerror]", "", "an onerror handler from HTML"),
        ("[data-testid='stMain'] b", "vet", "a <b> element from HTML"),
        ("[data-testid='stMain'] i", "Janssens", "an <i> element from HTML"),
    )
    found = []
    for selector, needle, what in suspects:
        for element in page.locator(selector).all():
            if needle and needle not in element.inner_text():
                continue
            where = element.evaluate(
                "e => (e.closest('[data-testid]') || {dataset: {}}).dataset.testid")
            found.append(f"{what} in {where}: {element.evaluate('e => e.outerHTML')}")
    return found


def test_login_create_case_and_find_it_in_list(
    page: Page, app_server: str, request_log: RequestLog, dialogs: list[str]
) -> None:
    name = hostile_name()

    login(page, "begeleider")
    nav(page, "Nieuw dossier")
    main = main_area(page)
    main.get_by_role("textbox", name="Naam van het gezin *", exact=True).fill(name)
    choose(page, "Hulpvorm *", "Thuisbegeleiding")
    # The consultant is an account: chosen, and the case is shared with her at once.
    choose(page, "Consulent", "Sofie Van den Broeck")
    main.get_by_role("radiogroup", name="Aanmelder *").get_by_text("OCJ", exact=True).click()
    expect(main.get_by_role("radio", name="OCJ", exact=True)).to_be_checked()
    # The logged-in counsellor is prefilled.
    expect(main.get_by_role("button", name="Remove Lotte Peeters")).to_be_visible()
    main.get_by_role("button", name="Opslaan", exact=True).click()

    show(page, name)
    expect(main.get_by_role("heading", name="Begeleiding", exact=True)).to_be_visible()
    expect(main.get_by_role("heading", name="Gezinsleden", exact=True)).to_be_visible()
    expect(main.get_by_text("Het dossier is aangemaakt")).to_be_visible()
    expect(main.get_by_text("Gezinslid toevoegen")).to_be_visible()
    expect(main).to_contain_text("OCJ")
    expect(main).to_contain_text("Thuisbegeleiding")
    title_text = main.get_by_role("heading", level=1).inner_text()
    assert title_text.strip() == name
    main_text = main.inner_text()
    for part in (*HOSTILE_PARTS, "Sofie Van den Broeck"):
        assert part in main_text, f"{part!r} is not shown literally"
    # Collected, not asserted at once, so the search below is checked as well.
    markup = [f"overview: {m}" for m in markup_from_user_text(page)]

    main.get_by_role("button", name="Naar de lijst", exact=True).click()
    show(page, "Dossiers")
    search = main.get_by_role("textbox", name="Zoeken", exact=True)
    search.fill("gunes")
    search.press("Enter")
    # The grid is a canvas, but glide-data-grid mirrors the visible cells in an ARIA table.
    family_cells = main.locator(
        '[data-testid="stDataFrame"] [role="gridcell"][aria-colindex="2"]')
    expect(family_cells).to_have_text([name])
    wait_idle(page)
    expect(family_cells).to_have_text([name])
    options = combobox_options(page, "Dossier openen")
    assert options == [f"{name} · Thuisbegeleiding"]
    assert not any(DEMO_FAMILY in option for option in options)
    markup += [f"case list: {m}" for m in markup_from_user_text(page)]

    assert dialogs == [], f"a script ran from user text: {dialogs}"
    external = request_log.external(app_server)
    assert external == [], f"requests left the machine: {external}"
    assert any(url.startswith(app_server) for url in request_log.urls)
    assert markup == [], "user text was rendered as markup:\n" + "\n".join(markup)
