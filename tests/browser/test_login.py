"""The login gate in a real browser: no case data before login, one vague failure message."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.ui import DEMO_FAMILY, heading, main_area, submit_login, wait_idle

pytestmark = pytest.mark.browser

FAILED = "Aanmelden is mislukt"
DEMO_SURNAME = "Yılmaz"


def test_no_case_data_before_login(page: Page) -> None:
    expect(heading(page, "Aanmelden bij sofs")).to_be_visible()
    expect(page.get_by_label("Gebruikersnaam", exact=True)).to_be_visible()
    text = page.locator("body").inner_text()
    assert DEMO_SURNAME not in text
    assert "Kowalski" not in text
    # Nor hidden in the DOM (e.g. a collapsed element or an attribute).
    assert DEMO_SURNAME not in page.content()
    expect(page.get_by_role("link", name="Nieuw dossier")).to_have_count(0)


def test_wrong_password_says_only_login_failed(page: Page) -> None:
    submit_login(page, "begeleider", "niet-het-wachtwoord")
    expect(main_area(page).get_by_text(FAILED)).to_be_visible()
    wait_idle(page)
    text = page.locator("body").inner_text()
    assert FAILED in text
    # Still the login page: no case list, no case data, no hint which part was wrong.
    expect(heading(page, "Aanmelden bij sofs")).to_be_visible()
    expect(heading(page, "Dossiers")).to_have_count(0)
    assert DEMO_SURNAME not in page.content()
    assert DEMO_FAMILY not in text
    lowered = text.lower()
    for revealing in ("bestaat niet", "onbekende gebruiker", "wachtwoord is fout",
                      "verkeerd wachtwoord", "traceback"):
        assert revealing not in lowered
