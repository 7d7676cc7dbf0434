"""The counsellor's and the consultant's path, in Chromium, on a server of its own (the
steps freeze plan versions, which the other browser tests must not see):

- the case list opens a case with one click on its row, and shows the case number;
- choosing the consultant in the case form shares the case with her in the same step;
- "Markeer als afgesproken" and "Goedkeuren" ask first, saying what becomes fixed and who
  is recorded; the version picker shows the new status at once;
- the consultant's first page shows what waits for her, with a count in the sidebar.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.browser.conftest import RequestLog
from tests.browser.ui import (
    DEMO_FAMILY,
    choose,
    login,
    logout,
    main_area,
    show,
    sidebar,
    switch_on,
    wait_idle,
)

pytestmark = pytest.mark.browser
PLAN_TITLE = f"Veiligheidsplan van {DEMO_FAMILY}"


def _open_case_by_click(page: Page) -> None:
    """Open the first case of the list with one click on its row (not its checkbox)."""
    grid = main_area(page).get_by_test_id("data-grid-canvas")
    expect(grid).to_be_visible()
    box = grid.bounding_box()
    assert box is not None
    # The grid is drawn on a canvas: click in the middle of the first row's cells, well
    # right of the row's selection checkbox. Streamlit draws a header row of 35 px and
    # rows of 35 px.
    page.mouse.click(box["x"] + box["width"] / 3, box["y"] + 35 + 17)
    show(page, DEMO_FAMILY)


def test_one_click_on_a_row_opens_the_case(fresh: Page, own_server: str,
                                          request_log: RequestLog) -> None:
    login(fresh)
    _open_case_by_click(fresh)
    assert request_log.external(own_server) == []


def _open_plan(page: Page) -> None:
    main = main_area(page)
    main.get_by_role("button", name="Veiligheidsplan", exact=True).click()
    show(page, PLAN_TITLE)


def _picker(page: Page) -> str:
    """What the version picker shows (its chosen option's words, in its text box)."""
    return main_area(page).get_by_role("combobox", name="Versie", exact=True).input_value()


def _dialog(page: Page) -> Locator:
    return page.get_by_role("dialog")


def test_agreeing_and_approving_ask_first_and_the_picker_shows_the_new_status(
        fresh: Page, own_server: str, request_log: RequestLog) -> None:
    page, main = fresh, main_area(fresh)
    login(page)
    _open_case_by_click(page)
    _open_plan(page)
    assert "Versie 2: Ontwerp" in _picker(page)
    switch_on(page, "Afgesproken met het gezin")
    main.get_by_label("Afgesproken door *").fill("Elif en <b>Karim</b>")
    main.get_by_role("button", name="Markeer als afgesproken").click()
    dialog = _dialog(page)
    expect(dialog.get_by_text("Versie 2 vastzetten?")).to_be_visible()
    expect(dialog.get_by_text("de afspraken, de datum om het plan opnieuw te bekijken",
                              exact=False)).to_be_visible()
    # Who will be recorded: the family's words as typed, and the counsellor.
    expect(dialog.get_by_text("Elif en <b>Karim</b>", exact=True)).to_be_visible()
    expect(dialog.get_by_text("Lotte Peeters", exact=True)).to_be_visible()
    # Cancelled, nothing changes.
    dialog.get_by_role("button", name="Annuleren").click()
    expect(dialog).to_have_count(0)
    wait_idle(page)
    assert "Versie 2: Ontwerp" in _picker(page)

    main.get_by_role("button", name="Markeer als afgesproken").click()
    _dialog(page).get_by_role("button", name="Ja, vastzetten").click()
    expect(main.get_by_text("Het plan is afgesproken. Deze versie ligt nu vast.")).to_be_visible()
    wait_idle(page)
    # At once, without leaving the page.
    assert "Versie 2: Afgesproken met het gezin" in _picker(page)
    main.get_by_role("button", name="Naar de consulent sturen").click()
    expect(main.get_by_text("Het plan ligt nu bij de consulent.")).to_be_visible()
    wait_idle(page)
    assert "Versie 2: Bij de consulent ter goedkeuring" in _picker(page)
    logout(page)

    login(page, "consulent")
    # What waits for her is on her first page: the plan sent, and the counsellor's note on
    # the draft (demo) that she has not answered; the sidebar counts both.
    expect(main.get_by_role("heading", name="Wat op je wacht", exact=True)).to_be_visible()
    expect(sidebar(page).get_by_text("2 wacht op jou")).to_be_visible()
    inbox = main.get_by_test_id("data-grid-canvas").first
    box = inbox.bounding_box()
    assert box is not None
    page.mouse.click(box["x"] + box["width"] / 3, box["y"] + 35 + 17)  # one click: the plan
    show(page, PLAN_TITLE)
    main.get_by_label("Opmerking bij de goedkeuring").fill("In orde.")
    main.get_by_role("button", name="Goedkeuren").click()
    dialog = _dialog(page)
    expect(dialog.get_by_text("Versie 2 goedkeuren?")).to_be_visible()
    expect(dialog.get_by_text("Sofie Van den Broeck", exact=True)).to_be_visible()
    expect(dialog.get_by_text("In orde.", exact=True)).to_be_visible()
    dialog.get_by_role("button", name="Ja, goedkeuren").click()
    expect(main.get_by_text("Het plan is goedgekeurd.")).to_be_visible()
    wait_idle(page)
    assert "Versie 2: Goedgekeurd door de consulent" in _picker(page)
    # Her approval answers the thread too: nothing waits any more.
    main.get_by_role("button", name="Naar het dossier", exact=True).click()
    show(page, DEMO_FAMILY)
    main.get_by_role("button", name="Naar de lijst", exact=True).click()
    show(page, "Dossiers")
    expect(main.get_by_text("Er wacht niets op je", exact=False)).to_be_visible()
    expect(sidebar(page).get_by_text("0 wacht op jou")).to_be_visible()
    assert request_log.external(own_server) == []


def test_the_consultant_chosen_in_a_new_case_can_read_it_at_once(
        fresh: Page, own_server: str, request_log: RequestLog) -> None:
    page, main = fresh, main_area(fresh)
    login(page)
    sidebar(page).get_by_role("link", name="Nieuw dossier", exact=True).click()
    show(page, "Nieuw dossier")
    main.get_by_role("textbox", name="Naam van het gezin *", exact=True).fill("Gezin Maes")
    choose(page, "Hulpvorm *", "Thuisbegeleiding")
    main.get_by_role("radiogroup", name="Aanmelder *").get_by_text("OCJ", exact=True).click()
    choose(page, "Consulent", "Sofie Van den Broeck")
    main.get_by_role("button", name="Opslaan", exact=True).click()
    show(page, "Gezin Maes")
    main.locator("details summary").filter(has_text="Consulent").click()  # sharing panel
    expect(main.get_by_text("Gedeeld met: Sofie Van den Broeck", exact=True)).to_be_visible()
    logout(page)

    login(page, "consulent")
    expect(main.get_by_role("combobox", name="Dossier openen")).to_be_visible()
    choose(page, "Dossier openen", "Gezin Maes · Thuisbegeleiding")
    main.get_by_role("button", name="Openen", exact=True).click()
    show(page, "Gezin Maes")
    assert request_log.external(own_server) == []
