"""The administrator alone reaches no family, in a real browser (issue 18).

The administrator sets the team lead's password and logs in with it: the one-time
password leads only to choosing a new one, and after that the account waits for another
team lead's confirmation and shows no case. On a server of its own: it changes accounts.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import serve_demo
from tests.browser.ui import (
    DEMO_FAMILY,
    UI_TIMEOUT_MS,
    choose,
    login,
    logout,
    main_area,
    show,
    sidebar,
    submit_login,
    wait_idle,
)

pytestmark = pytest.mark.browser

ONE_TIME = "van-de-beheerder-1"
OWN = "wat-de-beheerder-kiest"


@pytest.fixture
def own_page(browser: Browser, browser_requirements: None, sqlite_template: Path,
             tmp_path_factory: pytest.TempPathFactory) -> Iterator[Page]:
    with serve_demo(tmp_path_factory.mktemp("admin-alone"), sqlite_template) as server:
        context = browser.new_context(viewport={"width": 1366, "height": 900},
                                      locale="nl-BE", timezone_id="Europe/Brussels")
        context.set_default_timeout(UI_TIMEOUT_MS)
        page = context.new_page()
        page.goto(server.base_url)
        wait_idle(page)
        page.get_by_role("heading", level=1).first.wait_for()
        wait_idle(page)
        yield page
        context.close()


def test_the_administrator_who_sets_a_password_and_logs_in_with_it_sees_no_family(
    own_page: Page,
) -> None:
    page = own_page
    submit_login(page, "admin", "demo")
    show(page, "Accounts")
    main = main_area(page)
    main.get_by_text("Account wijzigen").click()
    choose(page, "Welk account?", "Hilde Claes (teamleider)")
    main.get_by_label("Nieuw wachtwoord *", exact=True).fill(ONE_TIME)
    main.get_by_role("button", name="Wachtwoord instellen").click()
    expect(main.get_by_text("Het wachtwoord is ingesteld.")).to_be_visible()
    logout(page)

    # As the team lead, with the password the administrator knows: only the password page.
    submit_login(page, "teamleider", ONE_TIME)
    show(page, "Kies je eigen wachtwoord")
    expect(main.get_by_text("De beheerder heeft op")).to_be_visible()
    expect(sidebar(page).get_by_role("link", name="Dossiers")).to_have_count(0)
    assert DEMO_FAMILY not in page.content()
    main.get_by_label("Wachtwoord van de beheerder *", exact=True).fill(ONE_TIME)
    main.get_by_label("Nieuw wachtwoord *", exact=True).fill(OWN)
    main.get_by_label("Nieuw wachtwoord herhalen *", exact=True).fill(OWN)
    main.get_by_role("button", name="Wachtwoord bewaren").click()

    # A password of the administrator's own choosing: the account waits for confirmation.
    show(page, "Dossiers")
    expect(main.get_by_text("moet je account nog bevestigen")).to_be_visible()
    wait_idle(page)
    expect(main.get_by_text("Geen dossiers gevonden.")).to_be_visible()
    expect(main.get_by_role("combobox", name="Dossier openen")).to_have_count(0)
    assert DEMO_FAMILY not in page.content()
    assert "Yılmaz" not in page.content()
    sidebar(page).get_by_role("link", name="Accounts bevestigen").click()
    show(page, "Accounts bevestigen")
    expect(main.get_by_text("wacht nog op bevestiging")).to_be_visible()
    logout(page)

    # The counsellor of the case still works on it: nothing the administrator did is hers.
    login(page, "begeleider")
    expect(main.get_by_text("Dossiers 1–1 van 1")).to_be_visible()
