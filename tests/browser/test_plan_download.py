"""A counsellor opens the safety plan at the end of a meeting and downloads the family plan;
the PDF is real (qpdf), reads back (pdftotext) and nothing leaves the machine."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page

from tests.browser.conftest import RequestLog
from tests.browser.ui import DEMO_FAMILY, login, main_area, open_demo_case, show, wait_idle
from tests.printing.pdf import assert_valid, page_count, pdf_text

pytestmark = pytest.mark.browser


def test_download_the_family_plan(page: Page, app_server: str, request_log: RequestLog,
                                  dialogs: list[str], tmp_path: Path) -> None:
    main = main_area(page)
    login(page)
    open_demo_case(page)
    main.get_by_role("button", name="Veiligheidsplan", exact=True).click()
    show(page, f"Veiligheidsplan van {DEMO_FAMILY}")
    wait_idle(page)
    # A draft's documents are printed on request: their panel opens with one click.
    main.get_by_text("De documenten om af te drukken", exact=True).click()
    with page.expect_download() as download_info:
        main.get_by_role("button", name="Gezinsplan (PDF)").click()
    download = download_info.value
    assert download.suggested_filename == "veiligheidsplan-v2.pdf"  # no family name in it
    pdf = tmp_path / "plan.pdf"
    download.save_as(pdf)
    assert_valid(pdf)
    text = pdf_text(pdf)
    assert "Ons veiligheidsplan" in text and "Yılmaz-Kowalski" in text
    assert "Zeynep mag tante Małgorzata altijd bellen" in text
    assert "Dit is een ontwerp" in text  # the draft says so on paper
    pages = page_count(pdf)
    assert f"pagina {pages} van {pages}" in text
    assert request_log.external(app_server) == []
    assert dialogs == []
