"""axe-core on every page of the app, in the states a user sees them: zero violations.

A bare Streamlit page has no violations, so every violation found here is ours.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from tests.browser.ui import (
    DEMO_FAMILY,
    choose,
    describe_violations,
    graph_frame,
    heading,
    login,
    main_area,
    nav,
    open_demo_case,
    open_latest_map,
    open_meetings,
    run_axe,
    show,
    switch_on,
    wait_idle,
)

pytestmark = pytest.mark.browser


def login_page(page: Page) -> None:
    expect(heading(page, "Aanmelden bij sofs")).to_be_visible()


def login_failed(page: Page) -> None:
    from tests.browser.ui import submit_login

    submit_login(page, "admin", "niet-het-wachtwoord")
    expect(main_area(page).get_by_text("Aanmelden is mislukt")).to_be_visible()
    wait_idle(page)


def case_list(page: Page) -> None:
    login(page)
    expect(main_area(page).locator('[data-testid="stDataFrame"] [role="gridcell"]').first
           ).to_be_attached()


def case_list_filters_open(page: Page) -> None:
    login(page)
    main_area(page).get_by_text("Filters", exact=True).click()
    expect(main_area(page).get_by_role("combobox", name="Hulpvorm")).to_be_visible()


def case_list_no_results(page: Page) -> None:
    login(page)
    search = main_area(page).get_by_role("textbox", name="Zoeken", exact=True)
    search.fill("zzz-geen-gezin-zzz")
    search.press("Enter")
    expect(main_area(page).get_by_text("Geen dossiers gevonden")).to_be_visible()
    wait_idle(page)


def case_new(page: Page) -> None:
    login(page)
    nav(page, "Nieuw dossier")


def case_new_refused(page: Page) -> None:
    """The new-case form after a save refused for missing fields (error list shown)."""
    login(page)
    nav(page, "Nieuw dossier")
    main_area(page).get_by_role("button", name="Opslaan", exact=True).click()
    expect(main_area(page).get_by_text("Er is niets opgeslagen")).to_be_visible()
    wait_idle(page)


def case_overview(page: Page) -> None:
    login(page)
    open_demo_case(page)
    expect(main_area(page).locator('[data-testid="stDataFrame"] [role="gridcell"]').first
           ).to_be_attached()


def case_overview_members_open(page: Page) -> None:
    """Both member expanders open, a member chosen: the add and the edit forms show."""
    login(page)
    open_demo_case(page)
    main = main_area(page)
    main.get_by_text("Gezinslid toevoegen", exact=True).click()
    expect(main.get_by_role("textbox", name="Voornaam *").first).to_be_visible()
    main.get_by_text("Gezinslid bewerken of verwijderen", exact=True).click()
    choose(page, "Gezinslid", "Elif Yılmaz")
    expect(main.get_by_role("button", name="Verwijderen", exact=True)).to_be_visible()
    expect(main.get_by_role("textbox", name="Voornaam *")).to_have_count(2)
    wait_idle(page)


def case_edit(page: Page) -> None:
    login(page)
    open_demo_case(page)
    main_area(page).get_by_role("button", name="Bewerken", exact=True).click()
    show(page, "Dossier bewerken")
    expect(main_area(page).get_by_role("textbox", name="Naam van het gezin *")
           ).to_have_value(DEMO_FAMILY)


# The meeting pages open the demo case's latest meeting, whichever it is: the map-flow test
# adds a meeting to the shared demo database, so no state here counts on a meeting number.
def meetings(page: Page) -> None:
    open_meetings(page)
    expect(main_area(page).get_by_role("button", name="Bijeenkomst starten", exact=True)
           ).to_be_visible()
    wait_idle(page)


def meeting_map(page: Page) -> None:
    open_meetings(page)
    open_latest_map(page)
    expect(main_area(page).get_by_role("heading", name="Wat moet er gebeuren?", exact=True)
           ).to_be_visible()


def meeting_map_changes_open(page: Page) -> None:
    """The map with the 'what changed since the previous meeting' expander open."""
    meeting_map(page)
    title = "Wat is er veranderd sinds de vorige bijeenkomst?"
    main_area(page).get_by_text(title, exact=True).click()
    changes = main_area(page).locator('[data-testid="stExpander"]').filter(has_text=title)
    expect(changes.locator("details")).to_have_attribute("open", "")
    expect(changes.locator('[data-testid="stExpanderDetails"] [data-testid="stElementContainer"]'
                           ).first).to_be_visible()
    wait_idle(page)


def scaling(page: Page) -> None:
    """The scaling page with its history: the charts drawn and the tables filled."""
    meeting_map(page)
    main_area(page).get_by_role("link", name="Schaalvragen", exact=True).click()
    show(page, DEMO_FAMILY)
    main = main_area(page)
    expect(main.get_by_role("heading", name="Verloop over de bijeenkomsten", exact=True)
           ).to_be_visible()
    expect(main.locator('[data-testid="stVegaLiteChart"] svg').first).to_be_visible()
    expect(main.locator("table td").first).to_be_attached()  # answers and history tables
    wait_idle(page)


def meeting_view(page: Page) -> None:
    """The large-type map shown to the family."""
    meeting_map(page)
    main_area(page).get_by_role("link", name="Toon aan het gezin", exact=True).click()
    main = main_area(page)
    expect(main.get_by_role("button", name="Terug naar het werkscherm", exact=True)
           ).to_be_visible()
    expect(main.get_by_role("heading", name="Waar staan we nu? (0 tot 10)", exact=True)
           ).to_be_visible()
    wait_idle(page)


def genogram(page: Page) -> None:
    """The genogram with the interactive view switched on (its frame is checked too) and
    the add form open."""
    login(page)
    open_demo_case(page)
    main = main_area(page)
    main.get_by_role("button", name="Genogram", exact=True).click()
    show(page, f"Genogram van {DEMO_FAMILY}")
    expect(main.locator('img[src^="data:image/svg+xml"]').first).to_be_visible()
    main.get_by_text("Interactieve weergave", exact=True).click()
    frame = graph_frame(page)
    expect(frame.locator("#stage svg g.person").first).to_be_attached()
    wait_idle(page)
    switch_on(page, "Relatie tussen twee mensen")
    expect(main.get_by_role("button", name="Relatie toevoegen", exact=True)).to_be_visible()
    wait_idle(page)


def network(page: Page) -> None:
    """The ecogram and its interactive view."""
    login(page)
    open_demo_case(page)
    main = main_area(page)
    main.get_by_role("button", name="Netwerk", exact=True).click()
    show(page, f"Veiligheidsnetwerk van {DEMO_FAMILY}")
    expect(main.locator('img[src^="data:image/svg+xml"]').first).to_be_visible()
    main.get_by_text("Interactieve weergave", exact=True).click()
    expect(graph_frame(page).locator("canvas").first
           ).to_be_attached()
    wait_idle(page)


def plan(page: Page) -> None:
    """The safety plan draft with its changes since the approved version opened."""
    login(page)
    open_demo_case(page)
    main = main_area(page)
    main.get_by_role("button", name="Veiligheidsplan", exact=True).click()
    show(page, f"Veiligheidsplan van {DEMO_FAMILY}")
    main.get_by_text("Wat veranderde er?", exact=True).click()
    expect(main.get_by_text("Aangepast (wanneer, wie helpt mee)")).to_be_visible()
    wait_idle(page)
    # The documents to print too (a draft's panel of them starts closed).
    main.get_by_text("De documenten om af te drukken", exact=True).click()
    expect(main.get_by_role("button", name="Gezinsplan (PDF)", exact=True)).to_be_visible()
    wait_idle(page)


def child_voice(page: Page) -> None:
    """The child's voice of the latest meeting, Jonas's words with one chosen (issue 15)."""
    meeting_map(page)
    main = main_area(page)
    main.get_by_role("link", name="De stem van het kind", exact=True).click()
    expect(main.get_by_role("heading", name="Huis van de zorgen", exact=True)).to_be_visible()
    wait_idle(page)
    # Jonas's words, one chosen in "Iets aanpassen": the picker and its sharing control too.
    choose(page, "Kind", "Jonas")
    expect(main.get_by_text("Op woensdag voetballen met Emre.", exact=False)).to_be_visible()
    wait_idle(page)
    choose(page, "Welke woorden van het kind?", "Huis van de leuke dingen: Op woensdag "
           "voetballen met Emre.")
    expect(main.get_by_role("radiogroup", name="Delen met de ouders?", exact=True)
           ).to_be_visible()
    wait_idle(page)


PAGES: dict[str, Callable[[Page], None]] = {
    "login": login_page,
    "login-failed": login_failed,
    "case-list": case_list,
    "case-list-filters": case_list_filters_open,
    "case-list-empty": case_list_no_results,
    "case-new": case_new,
    "case-new-refused": case_new_refused,
    "case-overview": case_overview,
    "case-overview-members": case_overview_members_open,
    "case-edit": case_edit,
    "meetings": meetings,
    "map": meeting_map,
    "map-changes-open": meeting_map_changes_open,
    "scaling": scaling,
    "meeting-view": meeting_view,
    "genogram": genogram,
    "network": network,
    "plan": plan,
    "child-voice": child_voice,
}


@pytest.mark.parametrize("state", list(PAGES))
def test_page_has_no_axe_violations(page: Page, state: str) -> None:
    PAGES[state](page)
    violations = run_axe(page)
    assert violations == [], (
        f"axe-core found {len(violations)} violation(s) on {state}:\n"
        + describe_violations(violations)
    )
