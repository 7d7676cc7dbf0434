"""The care forms are data: the shipped list of nine, an organisation's own list with a
tenth form that works everywhere a form does (case, closure questions, figures, XLSX,
PDF), a form taken out of the list that old cases keep, and a bad file named with its
line (SQLite and PostgreSQL)."""

from __future__ import annotations

import subprocess
from datetime import date
from functools import partial
from io import BytesIO
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy.orm import Session, sessionmaker

from auth import Actor
from i18n import load_catalogue
from mapping.cases import get_case, update_case
from registration.care_forms import (
    BUILTIN,
    FILE_NAME,
    CareFormsInvalid,
    builtin_care_forms,
    catalogue_with_care_forms,
    load_care_forms,
)
from registration.documents import report_pdf
from registration.figures import Period, annual_figures
from registration.records import registration_of_case, set_outcomes
from registration.workbook import workbook
from sofs_core.codes import CaseStatus, ClosureReason, Hulpvorm, Outcome, Role
from sofs_core.errors import ValidationFailed
from storage.db import transaction
from storage.models import Team
from tests.conftest import make_case, make_user

TENTH = """
[[care_form]]
key = "family_coaching"
nl-BE = "Gezinscoaching"
en = "Family coaching"
outcomes = ["safe_enough", "supportive_network"]
"""
Y2022 = Period.year(2022)


def _own_list(folder: Path, extra: str = TENTH, *, drop: str | None = None) -> Path:
    """The shipped list with ``extra`` after it, without the form ``drop``."""
    text = BUILTIN.read_text(encoding="utf-8")
    if drop is not None:
        blocks = text.split("[[care_form]]")
        text = "[[care_form]]".join(b for b in blocks if f'key = "{drop}"' not in b)
    path = folder / FILE_NAME
    path.write_text(text + extra, encoding="utf-8")
    return path


def _message(error: CareFormsInvalid, locale: str = "nl-BE") -> str:
    return load_catalogue(None).text(locale, error.message_key, **error.params)


def test_the_shipped_list_is_the_nine_forms_of_the_service() -> None:
    forms = builtin_care_forms()
    assert forms.keys() == tuple(Hulpvorm)
    assert forms.find("ikt") is not None
    cbaw = forms.find(Hulpvorm.CBAW)
    assert cbaw is not None and cbaw.outcomes[0] is Outcome.STABLE_HOUSING
    assert [f.name("nl-BE") for f in forms][:2] == ["Crisisinterventie",
                                                     "Terugkeer Naar Thuis?"]
    assert all(f.name("en") and f.outcomes for f in forms)
    # Other languages fall back to Dutch.
    assert forms.forms[0].name("fr") == "Crisisinterventie"


def test_an_organisation_list_replaces_the_shipped_one_and_names_its_forms(
    tmp_path: Path
) -> None:
    _own_list(tmp_path)
    forms = load_care_forms(tmp_path)
    assert forms.keys()[-1] == "family_coaching" and len(forms.forms) == 10
    assert forms.questions("family_coaching") == (Outcome.SAFE_ENOUGH,
                                                  Outcome.SUPPORTIVE_NETWORK)
    catalogue = catalogue_with_care_forms(load_catalogue(tmp_path), tmp_path)
    assert catalogue.text("nl-BE", "hulpvorm.family_coaching") == "Gezinscoaching"
    assert catalogue.text("en", "hulpvorm.family_coaching") == "Family coaching"
    assert catalogue.text("pl", "hulpvorm.family_coaching") == "Gezinscoaching"
    assert load_care_forms(None) == builtin_care_forms()  # no folder: the shipped list


@pytest.mark.parametrize("extra,line,words", [
    # not TOML: a name without quotes on the third line of the addition
    ('\n[[care_form]]\nkey = "x"\nnl-BE = Gezinscoaching\n', 4, "geen geldige TOML"),
    ('\n[[care_form]]\nkey = "coaching"\nnl-BE = "Coaching"\nen = "Coaching"\n'
     'outcomes = ["safe_enough", "happy"]\n', 6, '"happy" is geen gekende uitkomst'),
    ('\n[[care_form]]\nkey = "ikt"\nnl-BE = "IKT"\nen = "IKT"\noutcomes = ["safe_enough"]\n',
     3, 'de sleutel "ikt" staat er twee keer in'),
    ('\n[[care_form]]\nkey = "coaching"\nen = "Coaching"\noutcomes = ["safe_enough"]\n',
     2, "de naam in de taal nl-BE ontbreekt"),
    ('\n[[care_form]]\nkey = "Gezins coaching"\nnl-BE = "C"\nen = "C"\n'
     'outcomes = ["safe_enough"]\n', 3, "sleutel (key) van kleine letters"),
])
def test_a_bad_file_is_refused_naming_the_file_and_the_line(
    tmp_path: Path, extra: str, line: int, words: str
) -> None:
    path = _own_list(tmp_path, extra)
    first_line = len(BUILTIN.read_text(encoding="utf-8").splitlines())
    with pytest.raises(CareFormsInvalid) as refused:
        load_care_forms(tmp_path)
    message = _message(refused.value)
    assert str(path) in message and f"regel {first_line + line}" in message, message
    assert words in message
    assert str(path) in _message(refused.value, "en")


def test_the_catalogue_keeps_the_shipped_names_when_the_list_cannot_be_read(
    tmp_path: Path
) -> None:
    _own_list(tmp_path, "\n[[care_form]\n")
    catalogue = catalogue_with_care_forms(load_catalogue(tmp_path), tmp_path)
    assert catalogue.text("nl-BE", "hulpvorm.ikt") == "IKT"


@pytest.fixture
def team(factory: sessionmaker[Session]) -> tuple[Actor, Actor]:
    with transaction(factory) as s:
        team = Team(name="Team A")
        s.add(team)
        s.flush()
        return (make_user(s, "lotte", Role.COUNSELLOR, "Lotte Peeters", team_id=team.id),
                make_user(s, "hilde", Role.TEAM_LEAD, "Hilde Maes", team_id=team.id))


def _closed_case(s: Session, counsellor: Actor, form: str, name: str) -> int:
    return make_case(s, counsellor, family_name=name, hulpvorm=form,
                     start_date=date(2022, 3, 1), status=CaseStatus.CLOSED,
                     end_date=date(2022, 4, 30), closure_reason=ClosureReason.GOALS_REACHED)


def test_a_tenth_form_is_chosen_asked_at_closure_and_counted_on_its_own(
    factory: sessionmaker[Session], team: tuple[Actor, Actor], tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch
) -> None:
    counsellor, lead = team
    with pytest.raises(ValidationFailed) as refused, transaction(factory) as s:
        make_case(s, counsellor, hulpvorm="family_coaching")
    assert [(e.field, e.message_key) for e in refused.value.errors] == [
        ("hulpvorm", "error.registration.care_form_unknown")]

    _own_list(tmp_path)
    monkeypatch.setenv("SOFS_CATALOGUE_DIR", str(tmp_path))
    with transaction(factory) as s:
        coached = _closed_case(s, counsellor, "family_coaching", "Gezin Coach")
        _closed_case(s, counsellor, Hulpvorm.IKT, "Gezin Ikt")
    with transaction(factory) as s:
        reg = registration_of_case(session=s, actor=counsellor, case_id=coached)
        assert reg.hulpvorm == "family_coaching" and reg.listed
        assert reg.questions == (Outcome.SAFE_ENOUGH, Outcome.SUPPORTIVE_NETWORK)
        set_outcomes(session=s, actor=counsellor, case_id=coached, expected_version=reg.version,
                     answers={Outcome.SAFE_ENOUGH: True, Outcome.SUPPORTIVE_NETWORK: False})
    with transaction(factory) as s:
        figures = annual_figures(session=s, actor=lead, period=Y2022)
    assert [f.hulpvorm for f in figures.forms] == ["ikt", "family_coaching"]
    coaching = figures.forms[1]
    assert coaching.counted == (coached,) and coaching.listed
    assert (coaching.outcomes[Outcome.SAFE_ENOUGH].count,
            coaching.outcomes[Outcome.SUPPORTIVE_NETWORK].count) == (1, 0)

    words = partial(catalogue_with_care_forms(load_catalogue(tmp_path), tmp_path).text,
                    "nl-BE")
    book = load_workbook(BytesIO(workbook(figures, words)))
    summary = {row[0]: row[1:4] for row in book["Overzicht"].iter_rows(min_row=2,
                                                                      values_only=True)}
    assert summary["Gezinscoaching"] == (1, 1, 1) and summary["IKT"] == (1, 1, 1)
    outcomes = [row[:3] for row in book["Uitkomsten"].iter_rows(min_row=2, values_only=True)]
    assert ("Gezinscoaching", "Gezinssituatie voldoende veilig voor de kinderen", 1) in outcomes
    pdf = tmp_path / "figures.pdf"
    pdf.write_bytes(report_pdf(figures, words, date(2023, 1, 10)))
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True,
                          capture_output=True, text=True).stdout
    assert "Gezinscoaching" in text and "IKT" in text


def test_a_form_taken_out_of_the_list_stays_on_its_cases_counted_and_marked(
    factory: sessionmaker[Session], team: tuple[Actor, Actor], tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch
) -> None:
    counsellor, lead = team
    with transaction(factory) as s:
        old = _closed_case(s, counsellor, Hulpvorm.IKT, "Gezin Oud")
    _own_list(tmp_path, "", drop="ikt")
    monkeypatch.setenv("SOFS_CATALOGUE_DIR", str(tmp_path))
    with pytest.raises(ValidationFailed), transaction(factory) as s:
        make_case(s, counsellor, hulpvorm=Hulpvorm.IKT)  # no new case with it
    with transaction(factory) as s:
        # The old case keeps it through an edit, and its closure questions stay asked.
        reg = registration_of_case(session=s, actor=counsellor, case_id=old)
        assert not reg.listed and reg.questions == (Outcome.PLACEMENT_AVOIDED,
                                                    Outcome.NO_OR_LIGHT_HELP)
        detail = get_case(session=s, actor=counsellor, case_id=old)
        update_case(session=s, actor=counsellor, case_id=old, expected_version=detail.version,
                    expected_family_version=detail.family_version, data=detail.as_input())
    with transaction(factory) as s:
        figures = annual_figures(session=s, actor=lead, period=Y2022)
    assert [(f.hulpvorm, f.listed, f.counted) for f in figures.forms] == [
        ("ikt", False, (old,))]
    words = partial(catalogue_with_care_forms(load_catalogue(tmp_path), tmp_path).text,
                    "nl-BE")
    book = load_workbook(BytesIO(workbook(figures, words)))
    names = [row[0] for row in book["Overzicht"].iter_rows(min_row=2, values_only=True)]
    assert names == ["Alle hulpvormen samen", "IKT (niet meer in de lijst)"]
