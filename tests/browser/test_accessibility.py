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
    heading,
    login,
    main_area,
    nav,
    open_demo_case,
    run_axe,
    show,
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
}


@pytest.mark.parametrize("state", list(PAGES))
def test_page_has_no_axe_violations(page: Page, state: str) -> None:
    PAGES[state](page)
    violations = run_axe(page)
    assert violations == [], (
        f"axe-core found {len(violations)} violation(s) on {state}:\n"
        + describe_violations(violations)
    )
