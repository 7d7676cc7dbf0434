"""The audit views say who by display name, what in the catalogue's words (never a
service's code name like ``cases/assign_counsellors``) and when in Brussels time."""

from __future__ import annotations

import ast
import re
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from auth.audit import part_of
from i18n import load_catalogue
from storage.db import make_engine, session_factory
from storage.models import AuditEvent, Case
from tests.app.test_roles import _start

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ["auth", "mapping", "genograms", "plans", "privacy", "storage", "sofs_app",
            "sofs_admin"]
SUBJECT = re.compile(r"^[a-z_]+/[a-z_0-9]+$")
# Parts named by f-strings in the code: every value they take.
BUILT = ["accounts/activate", "accounts/deactivate", "login/inactive",
         *(f"print/{kind}" for kind in ("family", "cards", "cards_a4", "child", "report")),
         *(f"print/{picture}.{fmt}" for picture in ("genogram", "ecogram")
           for fmt in ("pdf", "svg"))]


def _subjects_in_code() -> set[str]:
    found: set[str] = set()
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Constant) and isinstance(node.value, str):
                    value = node.value.split(":")[0]
                    if SUBJECT.match(value) and not value.startswith("application/"):
                        found.add(value)
    return found


def test_every_part_the_code_records_has_words_in_both_languages() -> None:
    catalogue = load_catalogue(None)
    subjects = _subjects_in_code() | set(BUILT)
    assert "cases/assign_counsellors" in subjects  # the scan finds them
    missing = [(subject, locale) for subject in sorted(subjects) for locale in ("nl-BE", "en")
               if not catalogue.has(locale, part_of(subject).key)]
    assert missing == []


@pytest.mark.parametrize(("subject", "key", "number", "reason"), [
    ("cases/assign_counsellors", "audit_part.cases.assign_counsellors", "", ""),
    ("print/genogram.pdf", "audit_part.print.genogram_pdf", "", ""),
    ("accounts/create_account:12", "audit_part.accounts.create_account", "12", ""),
    ("idle:print/family", "audit_part.print.family", "", "audit_reason.idle"),
    ("logout", "audit_part.logout.area", "", ""),
    ("server/restore:0015", "audit_part.server.restore", "0015", ""),
])
def test_a_subject_is_read_as_part_number_and_reason(subject: str, key: str, number: str,
                                                    reason: str) -> None:
    part = part_of(subject)
    assert (part.key, part.number, part.reason_key) == (key, number, reason)


def test_the_team_lead_reads_a_case_history_in_words_names_and_brussels_time(
        app_env: str) -> None:
    engine = make_engine(app_env)
    with session_factory(engine)() as s:
        case_id = s.scalar(select(Case.id))
    at = _start(app_env, "teamleider")
    at.switch_page("views/audit.py").run()
    at.number_input[0].set_value(case_id).run()
    assert not at.exception and not at.error
    table = at.dataframe[0].value
    with session_factory(engine)() as s:
        newest = s.scalars(select(AuditEvent).where(AuditEvent.case_id == case_id)
                           .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())).first()
    engine.dispose()
    assert newest is not None
    parts = set(table["Onderdeel"])
    assert not [p for p in parts if "/" in p or "_" in p], parts  # no code names
    assert {"Bijeenkomst gestart", "Dossier gedeeld met de consulent"} <= parts
    assert "Lotte Peeters" in set(table["Wie"])  # the counsellor, by display name
    assert "begeleider" not in set(table["Wie"])
    brussels = newest.at.astimezone(ZoneInfo("Europe/Brussels")).strftime("%d/%m/%Y %H:%M:%S")
    assert table["Wanneer"].iloc[0] == brussels
