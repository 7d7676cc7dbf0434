"""Switching the interface language in a real browser."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.ui import choose, heading, login, show, sidebar

pytestmark = pytest.mark.browser


def test_language_switch(page: Page) -> None:
    # The second counsellor: the choice is remembered per user, so a failure here
    # cannot leave the counsellor used by the other tests in English.
    login(page, "begeleider2")
    try:
        choose(page, "Taal", "English", scope=sidebar(page))
        show(page, "Cases")
        expect(heading(page, "Dossiers")).to_have_count(0)
        expect(sidebar(page).get_by_role("link", name="New case", exact=True)).to_be_visible()
        expect(page.get_by_role("textbox", name="Search", exact=True)).to_be_visible()
        expect(sidebar(page).get_by_role("combobox", name="Language")).to_have_value("English")
    finally:
        box = sidebar(page).get_by_role("combobox")
        if box.input_value() != "Nederlands":
            choose(page, box.get_attribute("aria-label") or "Language", "Nederlands",
                   scope=sidebar(page))
    show(page, "Dossiers")
    expect(heading(page, "Cases")).to_have_count(0)
    expect(sidebar(page).get_by_role("link", name="Nieuw dossier", exact=True)).to_be_visible()
    expect(sidebar(page).get_by_role("combobox", name="Taal")).to_have_value("Nederlands")
