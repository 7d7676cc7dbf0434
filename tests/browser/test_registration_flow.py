"""Registration and the annual figures in a real browser (issue 16), on a server of this
module's own (the flow closes the demo case): a counsellor registers a contact, a procedure
and a survey answer, closes the case and answers its outcomes; the team lead sees the
figures change, opens the cases behind one, and downloads the spreadsheet."""

from __future__ import annotations

from datetime import date
from io import BytesIO
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import BrowserContext, Locator, Page, expect

from sofs_core.clock import today
from tests.browser.conftest import open_fresh
from tests.browser.ui import (
    DEMO_FAMILY,
    DEMO_HULPVORM,
    RequestLog,
    choose,
    describe_violations,
    login,
    main_area,
    nav,
    open_demo_case,
    run_axe,
    show,
    wait_idle,
)

pytestmark = pytest.mark.browser
REGISTRATION = "Registratie voor het jaarverslag"


def _figures(page: Page) -> str:
    """The team lead's figures of the demo case's care form, as the tab shows them."""
    nav(page, "Jaarcijfers")
    main = main_area(page)
    main.get_by_role("tab", name=DEMO_HULPVORM, exact=True).click()
    panel = main.get_by_role("tabpanel")
    expect(panel.get_by_text("begeleidingen gevolgd")).to_be_visible()
    return panel.inner_text()


def _registration(page: Page) -> None:
    main_area(page).get_by_role("button", name="Registratie", exact=True).click()
    show(page, REGISTRATION)


def _type_date(page: Page, field: Locator, day: date) -> None:
    """Type a day into a date field (its day, month and year segments), as a user does."""
    field.locator('[role="spinbutton"]').first.click()
    page.keyboard.type(day.strftime("%d%m%Y"), delay=30)
    page.keyboard.press("Tab")


def _axe_clean(page: Page, where: str) -> None:
    violations = run_axe(page)
    assert violations == [], f"{where}:\n{describe_violations(violations)}"


def test_registration_closure_and_the_figures_behind_it(
    fresh: Page, own_server: str, browser_context: BrowserContext, request_log: RequestLog,
    tmp_path: Path
) -> None:
    lead = fresh
    login(lead, "teamleider")
    before = _figures(lead)
    assert "0 werden beëindigd" in before
    _axe_clean(lead, "figures")

    page = open_fresh(browser_context, own_server, request_log)
    login(page)
    open_demo_case(page)
    _registration(page)
    main = main_area(page)
    minutes = main.get_by_label("Duur (minuten)", exact=True)
    minutes.fill("95")
    main.get_by_role("button", name="Contact toevoegen", exact=True).click()
    expect(main.get_by_text("Rechtstreeks contact tot nu toe: 1 u 35 min")).to_be_visible()
    wait_idle(page)
    _type_date(page, main.get_by_label("Gestart op", exact=True), today().replace(day=1))
    main.get_by_role("button", name="Procedure toevoegen", exact=True).click()
    expect(main.get_by_text("Geen procedures opgestart.")).to_have_count(0)
    wait_idle(page)
    main.get_by_label("Score", exact=True).fill("8.5")
    main.get_by_role("button", name="Meting toevoegen", exact=True).click()
    expect(main.get_by_text("Nog geen metingen.")).to_have_count(0)
    wait_idle(page)
    _axe_clean(page, "registration")

    # Close the case (Bewerken), then answer the outcomes of its care form.
    main.get_by_role("button", name="Naar het dossier", exact=True).click()
    show(page, DEMO_FAMILY)
    main.get_by_role("button", name="Bewerken", exact=True).click()
    show(page, "Dossier bewerken")
    choose(page, "Status *", "Afgesloten")
    _type_date(page, main.get_by_label("Einddatum", exact=True), today())
    choose(page, "Reden van afsluiting", "Doelen bereikt")
    main.get_by_role("button", name="Opslaan", exact=True).click()
    expect(main.get_by_text("De wijzigingen zijn opgeslagen.")).to_be_visible()
    wait_idle(page)
    show(page, DEMO_FAMILY)  # a save goes back to the case's overview
    _registration(page)
    expect(main.get_by_text("nog geen uitkomsten")).to_be_visible()
    for group in main.get_by_role("radiogroup").all():
        group.get_by_text("Ja", exact=True).click()
    main.get_by_role("button", name="Uitkomsten bewaren", exact=True).click()
    expect(main.get_by_text("nog geen uitkomsten")).to_have_count(0)
    wait_idle(page)
    _axe_clean(page, "registration of a closed case")
    page.close()

    nav(lead, "Dossiers")  # and back: the figures are counted again
    after = _figures(lead)
    assert "1 werden beëindigd" in after and after != before
    assert "Uithuisplaatsing vermeden" in after
    main = main_area(lead)
    choose(lead, "Welk cijfer controleren?",
           next(o for o in _options(lead, "Welk cijfer controleren?")
                if o.startswith(f"{DEMO_HULPVORM} · Uithuisplaatsing vermeden")))
    table = main.locator('[data-testid="stDataFrame"]').last
    expect(table).to_contain_text(DEMO_FAMILY)
    # A session that came back holds the gate's "Aanmelding bewaren" frame: its landmark
    # is named, so the page's landmarks stay unique.
    _axe_clean(lead, "figures, the cases behind a figure")

    with lead.expect_download() as download:
        main.get_by_role("button", name="Spreadsheet (XLSX)", exact=True).click()
    path = tmp_path / "jaarcijfers.xlsx"
    download.value.save_as(path)
    book = load_workbook(BytesIO(path.read_bytes()))
    summary = {row[0]: row[1:4] for row in book["Overzicht"].iter_rows(min_row=2,
                                                                      values_only=True)}
    counted, _started, ended = summary[DEMO_HULPVORM]
    assert ended == 1 and counted >= 1
    outcomes = {(row[0], row[1]): row[2:5] for row in book["Uitkomsten"].iter_rows(
        min_row=2, values_only=True)}
    assert outcomes[(DEMO_HULPVORM, "Uithuisplaatsing vermeden")] == (1, 1, 100)
    assert request_log.external(own_server) == []


def _options(page: Page, combobox: str) -> list[str]:
    from tests.browser.ui import combobox_options

    return combobox_options(page, combobox)
