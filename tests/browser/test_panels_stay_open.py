"""A panel you work in stays open until you close it: across choices inside it and across
saves, on the genogram and the network pages (issue 13, item 2). On a server of its own:
the steps add to the demo family."""

from __future__ import annotations

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.browser.conftest import RequestLog
from tests.browser.ui import (
    DEMO_FAMILY,
    choose,
    login,
    main_area,
    open_demo_case,
    open_listbox,
    open_panel,
    show,
    switch_on,
    wait_idle,
)

pytestmark = pytest.mark.browser


def _switch(page: Page, name: str) -> Locator:
    return main_area(page).locator("label").filter(has_text=name).locator("input")


def _details(page: Page, name: str) -> Locator:
    return main_area(page).locator("details").filter(
        has=page.locator("summary").filter(has_text=name))


def test_the_genogram_panels_stay_open_across_choices_and_saves(
        fresh: Page, own_server: str, request_log: RequestLog) -> None:
    page, main = fresh, main_area(fresh)
    login(page)
    open_demo_case(page)
    main.get_by_role("button", name="Genogram", exact=True).click()
    show(page, f"Genogram van {DEMO_FAMILY}")

    switch_on(page, "Relatie tussen twee mensen")
    link = _switch(page, "Relatie tussen twee mensen")
    for kind in ("heeft een band met", "is partner van", "heeft een band met"):
        main.get_by_role("radiogroup", name="Soort relatie").get_by_text(kind, exact=True).click()
        wait_idle(page)
        expect(link).to_be_checked()
    choose(page, "Wie?", "Elif Yılmaz")
    choose(page, "Heeft een band met", "Ayşe Yılmaz")
    main.get_by_role("button", name="Relatie toevoegen", exact=True).click()
    expect(main.get_by_text("Relatie toegevoegd.")).to_be_visible()
    wait_idle(page)
    expect(link).to_be_checked()
    expect(main.get_by_role("button", name="Relatie toevoegen", exact=True)).to_be_visible()

    # An expander: open, a save inside it (the picture and its notes above change), open.
    open_panel(page, "Iemand toevoegen")
    adding = _details(page, "Iemand toevoegen")
    main.get_by_text("broer of zus van", exact=True).click()
    wait_idle(page)
    expect(adding).to_have_attribute("open", "")
    form = adding.locator('[data-testid="stForm"]').first
    form.get_by_role("textbox", name="Voornaam *").fill("Deniz")
    choose(page, "Broer of zus van", "Elif Yılmaz", scope=form)
    form.get_by_role("button", name="Toevoegen aan het genogram", exact=True).click()
    expect(main.get_by_text("Toegevoegd aan het genogram.")).to_be_visible()
    wait_idle(page)
    expect(adding).to_have_attribute("open", "")
    expect(link).to_be_checked()
    assert request_log.external(own_server) == []


def test_the_network_panel_stays_open_when_a_role_is_picked_and_after_a_save(
        fresh: Page, own_server: str, request_log: RequestLog) -> None:
    page, main = fresh, main_area(fresh)
    login(page)
    open_demo_case(page)
    main.get_by_role("button", name="Netwerk", exact=True).click()
    show(page, f"Veiligheidsnetwerk van {DEMO_FAMILY}")
    open_panel(page, "Iemand toevoegen aan het netwerk")
    adding = _details(page, "Iemand toevoegen aan het netwerk")
    for role in ("vertrouwenspersoon", "houdt een oogje in het zeil"):
        main.get_by_role("radiogroup", name="Rol").get_by_text(role, exact=True).click()
        wait_idle(page)
        expect(adding).to_have_attribute("open", "")
    choose(page, "Wie", "Ayşe Yılmaz")
    wait_idle(page)
    form = adding.locator('[data-testid="stForm"]').first
    form.get_by_role("textbox", name="Telefoon").fill("0499 12 34 56")
    form.get_by_role("button", name="Toevoegen aan het netwerk", exact=True).click()
    expect(main.get_by_text("Toegevoegd aan het netwerk.")).to_be_visible()
    wait_idle(page)
    expect(adding).to_have_attribute("open", "")
    # The second panel too: a choice in it keeps it open.
    open_panel(page, "Wijzigen of uit het netwerk halen")
    editing = _details(page, "Wijzigen of uit het netwerk halen")
    expect(editing).to_have_attribute("open", "")
    expect(adding).to_have_attribute("open", "")
    assert request_log.external(own_server) == []


def test_the_filter_panel_stays_open_when_its_label_counts_a_new_filter(
        fresh: Page, own_server: str) -> None:
    page, main = fresh, main_area(fresh)
    login(page)
    open_panel(page, "Filters")
    # Its label becomes "Filters (1 actief)": the same panel, still open.
    _pick_many(page, "Hulpvorm", "Thuisbegeleiding")
    expect(_details(page, "Filters (1 actief)")).to_have_attribute("open", "")
    _pick_many(page, "Aanmelder", "OCJ")
    expect(_details(page, "Filters (2 actief)")).to_have_attribute("open", "")
    expect(main.get_by_role("combobox", name="Status")).to_be_visible()


def _pick_many(page: Page, name: str, option: str) -> None:
    """Pick one option of a multiselect (its list stays open after a pick: close it)."""
    box = main_area(page).get_by_role("combobox", name=name, exact=True)
    # (A click while the panel still animates open only focuses the box: open_listbox.)
    open_listbox(page, box).get_by_role("option", name=option, exact=True).click()
    box.press("Escape")
    wait_idle(page)
