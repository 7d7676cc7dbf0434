"""The annual figures as a spreadsheet (read back with openpyxl) and as a PDF (pdftotext),
from the hand-counted year; both through the checked download, recorded as exports."""

from __future__ import annotations

import subprocess
import time
from datetime import date
from functools import partial
from io import BytesIO
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from auth import Actor
from i18n import Words, load_catalogue
from registration.care_forms import catalogue_with_care_forms
from registration.documents import figures_pdf
from registration.figures import Period
from registration.workbook import figures_workbook
from sofs_app import gate
from sofs_app.components.downloads import (
    REFUSED_ACCESS,
    DownloadRefused,
    Render,
    Ticket,
    deliver,
)
from sofs_core.codes import AuditAction
from storage.db import transaction
from storage.models import AuditEvent
from tests.registration.fixture import Year, build_year

# As the app reads it: with the names of the shipped care forms.
CATALOGUE = catalogue_with_care_forms(load_catalogue(None), None)
DUTCH: Words = partial(CATALOGUE.text, "nl-BE")
Y2022 = Period.year(2022)


@pytest.fixture
def year(factory: sessionmaker[Session]) -> Year:
    return build_year(factory)


def _xlsx(factory: sessionmaker[Session], actor: Actor) -> bytes:
    with transaction(factory) as s:
        return figures_workbook(session=s, actor=actor, period=Y2022, words=DUTCH)


def test_the_spreadsheet_has_a_sheet_per_table_with_the_hand_counted_numbers(
    factory: sessionmaker[Session], year: Year
) -> None:
    book = load_workbook(BytesIO(_xlsx(factory, year.lead)))
    assert book.sheetnames == ["Overzicht", "Aanmelders", "Minderjarigen", "Uitkomsten",
                               "Tevredenheid", "Wat ontbreekt"]
    summary = {row[0]: row[1:] for row in book["Overzicht"].iter_rows(min_row=2,
                                                                      values_only=True)}
    # counted, started, ended, days, weeks, direct hours a case, a week, external a case
    assert summary["Crisisinterventie"] == (6, 4, 4, 3.5, 0.5, 3.0, 6.0, 0.25)
    assert summary["Alle hulpvormen samen"][:4] == (24, 21, 8, 98.8)
    referrers = {(r[0], r[1]): r[2:] for r in book["Aanmelders"].iter_rows(
        min_row=2, values_only=True)}
    police = referrers[("Alle hulpvormen samen", "Politie en parket")]
    ids = ", ".join(str(year.case_ids[n]) for n in ("A1", "A2", "A5"))
    assert police == (3, 24, 13, ids)
    minors = {(r[0], r[1]): r[2:5] for r in book["Minderjarigen"].iter_rows(
        min_row=2, values_only=True)}
    assert minors[("Crisisinterventie", "Ouder dan 12 jaar")] == (4, 6, 67)
    outcomes = {(r[0], r[1]): r[2:5] for r in book["Uitkomsten"].iter_rows(
        min_row=2, values_only=True)}
    assert outcomes[("IKT", "Uithuisplaatsing vermeden")] == (2, 3, 67)
    assert outcomes[("Crisisinterventie", "Vroegtijdig en onbedoeld beëindigd")] == (1, 4, 25)
    survey = {(r[0], r[1]): r[2:] for r in book["Tevredenheid"].iter_rows(
        min_row=2, values_only=True)}
    assert survey[("IKT", "Ouder")] == (2, 3, 67, 8.5)
    missing = [r for r in book["Wat ontbreekt"].iter_rows(min_row=2, values_only=True)]
    assert missing[0] == ("1 afgesloten dossiers zonder uitkomst", 1, str(year.case_ids["A4"]))


def test_the_pdf_says_the_figures_as_the_report_does(
    factory: sessionmaker[Session], year: Year, tmp_path: Path
) -> None:
    with transaction(factory) as s:
        render = figures_pdf(session=s, actor=year.lead, period=Y2022, words=DUTCH,
                             printed_on=date(2023, 1, 15))
    pdf = tmp_path / "jaarcijfers.pdf"
    pdf.write_bytes(render())
    subprocess.run(["qpdf", "--check", str(pdf)], check=True, capture_output=True)
    text = " ".join(subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True,
                                   capture_output=True, text=True).stdout.split())
    assert "Jaarcijfers 01/01/2022 tot en met 31/12/2022" in text
    assert "67% ouder dan 12 jaar (4 van 6)." in text  # crisis intervention
    assert "De gemiddelde begeleidingsduur bedroeg 3,5 kalenderdagen" in text
    assert "bedroeg 3 uren en 0 minuten per begeleiding" in text
    assert "Politie en parket: 13% (3 van 24)" in text
    assert "1 afgesloten dossiers zonder uitkomst" in text
    assert "Gezin A1" not in text  # figures and case numbers, no families


def _ticket(factory: sessionmaker[Session], actor: Actor, subject: str) -> Ticket:
    return Ticket(sessions=factory, actor=actor, last_activity=time.time(),
                  idle_timeout_s=1800.0, words=DUTCH, mailbox="figures-tab", case_id=None,
                  subject=subject)


def _make_xlsx(session: Session, actor: Actor, words: Words) -> Render:
    data = figures_workbook(session=session, actor=actor, period=Y2022, words=words)
    return lambda: data


def test_the_checked_download_gives_the_file_to_management_and_refuses_a_counsellor(
    factory: sessionmaker[Session], year: Year
) -> None:
    data = deliver(_ticket(factory, year.management, "figures/xlsx"), _make_xlsx)
    book = load_workbook(BytesIO(data))
    summary = {row[0]: row[1] for row in book["Overzicht"].iter_rows(min_row=2,
                                                                      values_only=True)}
    assert summary["Alle hulpvormen samen"] == 25  # the whole organisation
    assert gate.take_message("figures-tab") is None
    with pytest.raises(DownloadRefused):
        deliver(_ticket(factory, year.counsellor, "figures/xlsx"), _make_xlsx)
    assert gate.take_message("figures-tab") == REFUSED_ACCESS  # said at the next rerun
    with factory() as s:
        lines = [(a, subject.split(":")[0]) for a, subject in s.execute(
            select(AuditEvent.action, AuditEvent.subject).where(
                AuditEvent.subject.like("figures/%")).order_by(AuditEvent.id))]
    assert lines == [(AuditAction.EXPORT, "figures/xlsx"), (AuditAction.REFUSED, "figures/xlsx")]
