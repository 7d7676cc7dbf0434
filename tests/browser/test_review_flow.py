"""The consultant signs off a plan inside the tool: the counsellor agrees version 2 with
the family and sends it, the consultant approves it, the counsellor sees the approval.
Runs last of the browser tests: it changes the demo plan they share."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import RequestLog
from tests.browser.ui import (
    DEMO_FAMILY,
    login,
    logout,
    main_area,
    open_demo_case,
    show,
    sidebar,
    wait_idle,
)

pytestmark = pytest.mark.browser
PLAN_TITLE = f"Veiligheidsplan van {DEMO_FAMILY}"


def _open_plan(page: Page) -> None:
    open_demo_case(page)
    main_area(page).get_by_role("button", name="Veiligheidsplan", exact=True).click()
    show(page, PLAN_TITLE)


def test_counsellor_submits_consultant_approves_counsellor_sees_it(
    page: Page, app_server: str, request_log: RequestLog, dialogs: list[str]
) -> None:
    main = main_area(page)
    login(page, "begeleider")
    _open_plan(page)
    main.get_by_text("Afgesproken met het gezin", exact=True).click()  # the expander
    main.get_by_label("Afgesproken door *").fill("Elif en Karim <b>samen</b>")
    main.get_by_role("button", name="Markeer als afgesproken").click()
    page.get_by_role("dialog").get_by_role("button", name="Ja, vastzetten").click()
    expect(main.get_by_text("Het plan is afgesproken. Deze versie ligt nu vast.")).to_be_visible()
    wait_idle(page)
    main.get_by_role("button", name="Naar de consulent sturen").click()
    expect(main.get_by_text("Het plan ligt nu bij de consulent.")).to_be_visible()
    wait_idle(page)
    logout(page)

    login(page, "consulent")
    # The consultant's navigation holds no "new case", and the plan has no editing.
    expect(sidebar(page).get_by_role("link", name="Nieuw dossier")).to_have_count(0)
    _open_plan(page)
    expect(main.get_by_role("button", name="Nieuwe versie maken")).to_have_count(0)
    main.get_by_label("Opmerking bij de goedkeuring").fill("In orde, <i>goed werk</i>.")
    main.get_by_role("button", name="Goedkeuren").click()
    page.get_by_role("dialog").get_by_role("button", name="Ja, goedkeuren").click()
    expect(main.get_by_text("Het plan is goedgekeurd.")).to_be_visible()
    wait_idle(page)
    logout(page)

    login(page, "begeleider")
    _open_plan(page)
    expect(main.get_by_text("Goedgekeurd door de consulent (Sofie Van den Broeck)",
                            exact=False).first).to_be_visible()
    main.get_by_text("Overleg met de consulent", exact=False).first.click()
    # The consultant's note, with its markup as typed.
    expect(main.get_by_text("In orde, <i>goed werk</i>.", exact=True)).to_be_visible()
    assert request_log.external(app_server) == []
    assert dialogs == []
