"""A counsellor's meeting in a real browser: new meeting, map entries, a score, its history.

The demo database is shared by every browser test (one server per session): this test adds
a meeting to the demo case, so it reads numbers (which meeting, which danger statement)
from the screen instead of assuming them, and other tests must not count meetings either.
"""

from __future__ import annotations

import re
import uuid

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.browser.ui import (
    RequestLog,
    choose,
    combobox_options,
    main_area,
    map_header,
    open_meetings,
    pick_segment,
    show_map,
    wait_idle,
)

pytestmark = pytest.mark.browser

MARKUP = "<b>x</b> & www.example.org"
ADDED = "Toegevoegd aan de kaart."


def map_board(page: Page) -> Locator:
    """The map as drawn: the st.html blocks (bottom lines, columns, pairs table).

    Not the list of changes in the expander, which repeats the new entries' text.
    """
    return main_area(page).locator(
        "xpath=.//div[@data-testid='stHtml'][not(ancestor::*[@data-testid='stExpander'])]")


def add_entry(page: Page, category: str, text: str, *, ready: Locator | None = None,
              gone: Locator | None = None, family_words: bool = False,
              check: str | None = None, fill_more: tuple[tuple[str, str], ...] = ()) -> None:
    """Pick the part of the map, wait for its own form, fill it and add.

    The form of the part picked shows once ``ready`` is visible and ``gone`` is gone
    (typing into the previous part's form would be lost when the rerun replaces it).
    """
    main = main_area(page)
    pick_segment(page, "Waar hoort het bij?", category)
    if ready is not None:
        expect(ready).to_be_visible()
    if gone is not None:
        expect(gone).to_have_count(0)
    wait_idle(page)
    main.get_by_role("textbox", name="Tekst *", exact=True).fill(text)
    if family_words:
        voices = main.get_by_role("radiogroup", name="Wiens woorden zijn dit?")
        voices.get_by_text("Woorden van het gezin", exact=True).click()
        expect(main.get_by_role("radio", name="Woorden van het gezin", exact=True)
               ).to_be_checked()
    if check is not None:
        main.get_by_text(check, exact=True).click()
        expect(main.get_by_role("checkbox", name=check, exact=True)).to_be_checked()
    for label, value in fill_more:
        main.get_by_role("textbox", name=label, exact=True).fill(value)
    main.get_by_role("button", name="Toevoegen", exact=True).click()
    expect(map_board(page).filter(has_text=text).first).to_be_visible()
    expect(main.get_by_text(ADDED, exact=True)).to_be_visible()
    wait_idle(page)
    # The form starts empty again for the next entry.
    expect(main.get_by_role("textbox", name="Tekst *", exact=True)).to_have_value("")


def markup_from_user_text(page: Page) -> list[str]:
    """Elements built from the markup in user text (none when it stays text)."""
    found = []
    for element in main_area(page).locator("b").all():
        if element.inner_text().strip() == "x":
            found.append(f"a <b> element: {element.evaluate('e => e.outerHTML')}")
    for element in page.locator("a[href*='example.org']").all():
        found.append(f"a link: {element.evaluate('e => e.outerHTML')}")
    return found


def history_of(page: Page, subject_heading: Locator) -> tuple[Locator, Locator]:
    """The chart and the table shown under one subject's heading on the scaling page.

    Each is an element container following the heading's container; the nearest heading
    before each must be the subject's own, so they cannot belong to another subject.
    """
    container = main_area(page).locator('[data-testid="stElementContainer"]').filter(
        has=subject_heading)
    expect(container).to_have_count(1)
    chart = container.locator(
        "xpath=following-sibling::div[@data-testid='stElementContainer']"
        "[.//*[@data-testid='stVegaLiteChart']][1]").locator('[data-testid="stVegaLiteChart"]')
    table = container.locator(
        "xpath=following-sibling::div[@data-testid='stElementContainer']"
        "[.//table][1]").locator("table")
    own = subject_heading.inner_text()
    for element in (chart, table):
        expect(element).to_have_count(1)
        before = element.locator(
            "xpath=ancestor::div[@data-testid='stElementContainer'][1]"
            "/preceding-sibling::div[@data-testid='stElementContainer'][.//h4][1]//h4")
        expect(before).to_have_text(own)
    return chart, table


def table_cell(table: Locator, row_name: str, column: str) -> Locator:
    """A cell of an HTML table, by the first column's text and a column header."""
    headers = [text.strip() for text in table.locator("thead th").all_inner_texts()]
    assert column in headers, headers
    row = table.locator("tbody tr").filter(
        has=table.page.locator("td:first-child", has_text=re.compile(
            f"^{re.escape(row_name)}$")))
    expect(row).to_have_count(1)
    return row.locator("td").nth(headers.index(column))


def test_new_meeting_map_entries_and_scaling_history(
    page: Page, app_server: str, request_log: RequestLog, dialogs: list[str]
) -> None:
    token = uuid.uuid4().hex[:6]
    harm = f"Yasmina viel van de trap toen niemand keek ({token})."
    strength = f"Elif vraagt zelf hulp aan de buren ({token})."
    danger = f"Lotte is bezorgd dat {MARKUP} {token}"
    family_view = f"Elif zegt: *dat klopt niet* {token}"
    goal = f"Er is altijd een volwassene thuis bij Yasmina ({token})."
    main = main_area(page)

    open_meetings(page)
    earlier = combobox_options(page, "Bijeenkomst")
    # Who is present answers the scaling questions (typed to filter: the list is long).
    present = main.get_by_role("combobox", name="Aanwezige gezinsleden", exact=True)
    present.click()
    page.keyboard.type("Zeynep")
    page.get_by_role("listbox").get_by_role("option", name="Zeynep Kowalska", exact=True
                                            ).click()
    page.keyboard.press("Escape")
    main.get_by_role("button", name="Bijeenkomst starten", exact=True).click()
    expect(main.get_by_text("De bijeenkomst is gestart.", exact=True)).to_be_visible()
    show_map(page)
    number = len(earlier) + 1
    expect(map_header(page)).to_have_text(
        re.compile(f"^Kaart: Bijeenkomst {number} · Opvolging · "))
    # The new meeting's map starts as a copy of the last one.
    expect(map_board(page).filter(has_text="Zeynep en Emre gaan elke schooldag naar school.")
           ).to_have_count(1)
    dangers_before = map_board(page).locator(
        "xpath=.//h3[normalize-space()='Zorgverklaringen']/following-sibling::*[1]/li")
    danger_number = dangers_before.count() + 1

    harm_frame = main.get_by_text(re.compile("^Zinsbouw.*Er werd gemeld"))
    add_entry(page, "Schade", harm, ready=harm_frame)
    add_entry(page, "Bestaande krachten", strength, gone=harm_frame, family_words=True)
    disputed = "Het gezin is het niet eens met deze zorgverklaring"
    add_entry(page, "Zorgverklaringen", danger, ready=main.get_by_text(disputed, exact=True),
              check=disputed, fill_more=(("Zo ziet het gezin het (in hun woorden)", family_view),))
    without_goal = main.get_by_text(
        f"Zorgverklaring {danger_number} heeft nog geen veiligheidsdoel.", exact=True)
    expect(without_goal).to_be_visible()

    pick_segment(page, "Waar hoort het bij?", "Veiligheidsdoelen")
    expect(main.get_by_role("combobox", name="Zorgverklaring *", exact=True)).to_be_visible()
    wait_idle(page)
    choose(page, "Zorgverklaring *", f"{danger_number}. {danger}")
    main.get_by_role("textbox", name="Tekst *", exact=True).fill(goal)
    main.get_by_role("button", name="Toevoegen", exact=True).click()
    expect(map_board(page).filter(has_text=goal).first).to_be_visible()
    wait_idle(page)
    expect(without_goal).to_have_count(0)
    # The pairs table puts the goal beside its danger statement.
    pair_row = map_board(page).locator("tr").filter(has_text=danger)
    expect(pair_row).to_have_count(1)
    expect(pair_row).to_contain_text(f"{danger_number}.")
    expect(pair_row).to_contain_text(goal)
    expect(map_board(page).get_by_text(f"bij zorgverklaring {danger_number}", exact=True)
           ).to_be_visible()

    board = "\n".join(map_board(page).all_inner_texts())
    for text in (harm, strength, danger, family_view, goal):
        assert text in board, f"{text!r} is not on the map as typed"
    strength_item = map_board(page).locator("li").filter(has_text=strength)
    expect(strength_item).to_contain_text("(woorden van het gezin)")
    danger_item = map_board(page).locator("li").filter(has_text=danger)
    expect(danger_item).to_contain_text("Het gezin is het hier niet mee eens.")

    main.get_by_text("Wat is er veranderd sinds de vorige bijeenkomst?", exact=True).click()
    changes = main.locator('[data-testid="stExpander"]').filter(
        has_text="Wat is er veranderd sinds de vorige bijeenkomst?")
    added = changes.locator("xpath=.//h3[normalize-space()='Nieuw']/following-sibling::ul[1]")
    expect(added).to_be_visible()
    for text in (harm, strength, danger, goal):
        expect(added).to_contain_text(text)
    markup = [f"map: {m}" for m in markup_from_user_text(page)]

    main.get_by_role("link", name="Schaalvragen", exact=True).click()
    subject = f"Zorgverklaring {danger_number}: {danger}"
    expect(main.get_by_role("heading", level=2, name=re.compile(
        f"^Schaalvragen: Bijeenkomst {number} · "))).to_be_visible()
    wait_idle(page)
    choose(page, "Over", subject)
    choose(page, "Wie antwoordt *", "Zeynep Kowalska")  # picked from those present
    pick_segment(page, "Score *", "6")
    main.get_by_role("textbox", name="Waarom dit cijfer en niet lager? (in hun woorden)",
                     exact=True).fill(f"Oma is er nu vaker ({token}).")
    main.get_by_role("button", name="Antwoord opslaan", exact=True).click()
    expect(main.get_by_text("Het antwoord is opgeslagen.", exact=True)).to_be_visible()
    wait_idle(page)

    # The history shows one subject at a time: the one just answered about.
    choose(page, "Verloop van", subject)
    wait_idle(page)
    # From the page, not main: history_of uses it as a filter inside element containers.
    subject_heading = page.get_by_role("heading", level=4, name=subject, exact=True)
    expect(subject_heading).to_be_visible()
    chart, table = history_of(page, subject_heading)
    expect(table_cell(table, "Zeynep Kowalska", f"Bijeenkomst {number}")).to_have_text("6")
    chart.scroll_into_view_if_needed()
    drawn = chart.locator("svg, canvas").first
    expect(drawn).to_be_visible()
    box = drawn.bounding_box()
    assert box is not None and box["width"] > 100 and box["height"] > 100, box
    # Vega's SVG renderer labels each point with its data: the new point is drawn.
    point = chart.locator(f'svg [aria-roledescription="point"]'
                          f'[aria-label="Bijeenkomst: {number}; Score: 6; Wie: Zeynep Kowalska"]')
    expect(point).to_have_count(1)
    markup += [f"scaling: {m}" for m in markup_from_user_text(page)]

    # What the family sees: the new items as typed and Zeynep's score.
    main.get_by_role("link", name="Terug naar de kaart", exact=True).click()
    show_map(page)
    main.get_by_role("link", name="Toon aan het gezin", exact=True).click()
    back = main.get_by_role("button", name="Terug naar het werkscherm", exact=True)
    expect(back).to_be_visible()
    wait_idle(page)
    shown = main.inner_text()
    for text in (harm, strength, danger, goal):
        assert text in shown, f"{text!r} is not shown to the family as typed"
    score_row = main.locator("tr").filter(has_text="Zeynep")
    expect(score_row).to_contain_text(f"Zorgverklaring {danger_number}")
    expect(score_row.locator("td").last).to_have_text("6")
    markup += [f"meeting view: {m}" for m in markup_from_user_text(page)]
    back.click()
    show_map(page)

    assert dialogs == [], f"a script ran from user text: {dialogs}"
    external = request_log.external(app_server)
    assert external == [], f"requests left the machine: {external}"
    assert any(url.startswith(app_server) for url in request_log.urls)
    assert markup == [], "user text was rendered as markup:\n" + "\n".join(markup)
