"""Every page through Streamlit's AppTest, logged in and not."""

from __future__ import annotations

import html
import re
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import func, select
from streamlit.testing.v1 import AppTest

from mapping.cases import get_case, update_case
from sofs_core.codes import Hulpvorm, ReferrerBody
from storage.db import make_engine, session_factory, transaction
from storage.models import Case, Person, User
from tests.app.conftest import ENTRY, ids

PAGES = ["views/case_list.py", "views/case_new.py", "views/case_overview.py",
         "views/case_edit.py", "views/meetings.py", "views/map.py", "views/scaling.py",
         "views/meeting_view.py"]


def html_bodies(at: AppTest) -> list[str]:
    return [element.proto.body for element in at.get("html")]


def shown_text(body: str) -> str:
    """What a browser shows for an st.html body: tags dropped, entities decoded."""
    return html.unescape(re.sub(r"<[^>]+>", " ", body))


def all_text(at: AppTest) -> str:
    parts = [e.value for kind in ("title", "header", "subheader", "markdown", "caption",
                                  "error", "warning", "info", "success")
             for e in getattr(at, kind)]
    parts += [shown_text(body) for body in html_bodies(at)]
    return "\n".join(str(p) for p in parts)


def page_title(at: AppTest) -> str:
    """The family name title of the overview, as the browser shows it."""
    [title] = [b for b in html_bodies(at) if b.startswith("<h1")]
    return shown_text(title).strip()


def count(url: str, model: type) -> int:
    with session_factory(make_engine(url))() as s:
        return s.scalar(select(func.count()).select_from(model)) or 0


def test_logged_out_shows_only_the_dutch_login_page(app_env: str) -> None:
    at = AppTest.from_file(ENTRY, default_timeout=30).run()
    assert not at.exception
    assert at.title[0].value == "Aanmelden bij sofs"
    assert [w.label for w in at.text_input] == ["Gebruikersnaam", "Wachtwoord"]
    assert "Yılmaz" not in all_text(at)
    assert "Demo-omgeving" in at.warning[0].value


def test_login_with_demo_account_opens_the_case_list(app_env: str) -> None:
    at = AppTest.from_file(ENTRY, default_timeout=30).run()
    at.text_input[0].input("begeleider")
    at.text_input[1].input("demo")
    at.button[0].click().run()
    assert not at.exception
    assert at.title[0].value == "Dossiers"
    assert "Gezin Yılmaz-Kowalski" in at.dataframe[0].value["Gezin"].tolist()


def test_wrong_password_says_only_that_login_failed(app_env: str) -> None:
    at = AppTest.from_file(ENTRY, default_timeout=30).run()
    at.text_input[0].input("begeleider")
    at.text_input[1].input("fout")
    at.button[0].click().run()
    assert at.error[0].value == "Aanmelden is mislukt. Controleer je gebruikersnaam en wachtwoord."
    assert at.title[0].value == "Aanmelden bij sofs"
    assert "Yılmaz" not in all_text(at)


@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders_for_a_logged_in_counsellor(
    logged_in: Callable[..., AppTest], page: str
) -> None:
    at = logged_in(page, meeting=True)
    titles = [t.value for t in at.title] + [b for b in html_bodies(at) if b.startswith("<h1")]
    assert len(titles) == 1, "each page has exactly one title"
    assert not at.error


def test_case_overview_shows_family_referrer_and_members(
    logged_in: Callable[..., AppTest]
) -> None:
    at = logged_in("views/case_overview.py", case=True)
    text = all_text(at)
    assert page_title(at) == "Gezin Yılmaz-Kowalski"
    assert "SDJ" in text and "Sofie Van den Broeck" in text and "1 september 2026" in text
    members = at.dataframe[0].value
    assert len(members) == 12
    assert {"فاطمة", "Grażyna", "Zeynep", "Emre"} <= set(members.iloc[:, 0])


def test_idle_session_is_logged_out(logged_in: Callable[..., AppTest]) -> None:
    at = logged_in()
    at.session_state["last_activity"] = time.time() - 31 * 60
    at.run()
    assert at.title[0].value == "Aanmelden bij sofs"
    assert "niets hebt gedaan" in at.info[0].value
    assert "user_id" not in at.session_state


def test_deactivated_account_loses_its_session(
    logged_in: Callable[..., AppTest], app_env: str
) -> None:
    at = logged_in()
    with transaction(session_factory(make_engine(app_env))) as s:
        s.scalars(select(User).where(User.username == "begeleider")).one().is_active = False
    at.run()
    assert at.title[0].value == "Aanmelden bij sofs"


def test_logout_returns_to_the_login_page(logged_in: Callable[..., AppTest]) -> None:
    at = logged_in()
    at.sidebar.button[0].click().run()
    assert at.title[0].value == "Aanmelden bij sofs"
    assert at.info[0].value == "Je bent afgemeld."


def test_language_switch_turns_the_interface_english(logged_in: Callable[..., AppTest]) -> None:
    at = logged_in()
    at.sidebar.selectbox[0].set_value("en").run()
    assert at.title[0].value == "Cases"
    at.sidebar.selectbox[0].set_value("nl-BE").run()
    assert at.title[0].value == "Dossiers"


def test_organisation_can_rename_a_term_without_code(
    logged_in: Callable[..., AppTest], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    catalogue = tmp_path / "catalogue"
    catalogue.mkdir()
    (catalogue / "nl-BE.toml").write_text('[case_list]\ntitle = "Onze gezinnen"\n',
                                          encoding="utf-8")
    monkeypatch.setenv("SOFS_CATALOGUE_DIR", str(catalogue))
    assert logged_in().title[0].value == "Onze gezinnen"


def _fill_case_form(at: AppTest, family_name: str) -> None:
    at.text_input[0].input(family_name)
    at.selectbox[0].set_value(Hulpvorm.HOME_SUPPORT)
    at.radio[0].set_value(ReferrerBody.OCJ)


def test_new_case_is_created_and_opened(
    logged_in: Callable[..., AppTest], app_env: str
) -> None:
    at = logged_in("views/case_new.py")
    name = "Gezin <b>Ğüneş</b> ![x](http://example.org/a.png)"
    _fill_case_form(at, name)
    at.button[0].click().run()
    assert not at.exception
    assert count(app_env, Case) == 2
    assert page_title(at) == name
    [title] = [b for b in html_bodies(at) if b.startswith("<h1")]
    assert "<b>" not in title and "&lt;b&gt;" in title  # escaped, so shown, not rendered
    assert "Het dossier is aangemaakt" in at.success[0].value


def test_new_case_with_missing_fields_says_what_and_saves_nothing(
    logged_in: Callable[..., AppTest], app_env: str
) -> None:
    at = logged_in("views/case_new.py")
    at.button[0].click().run()
    message = at.error[0].value
    assert message.startswith("Er is niets opgeslagen.")
    for field in ("Naam van het gezin", "Hulpvorm", "Aanmelder"):
        assert f"{field}: vul dit in." in message
    assert count(app_env, Case) == 1
    assert at.text_input[0].value == ""


def test_end_date_before_start_is_refused_and_the_form_keeps_its_values(
    logged_in: Callable[..., AppTest], app_env: str
) -> None:
    import datetime as dt

    at = logged_in("views/case_edit.py", case=True)
    at.text_input[0].input("Gezin Nieuw")
    at.date_input[1].set_value(dt.date(2026, 1, 1))  # planned end before 1 Sept 2026
    [save] = [b for b in at.button if b.label == "Opslaan"]
    save.click().run()
    assert "Geplande einddatum: deze datum ligt vóór de startdatum." in at.error[0].value
    assert at.text_input[0].value == "Gezin Nieuw"
    _, case_id = ids(app_env)
    with session_factory(make_engine(app_env))() as s:
        assert s.get_one(Case, case_id).family.name == "Gezin Yılmaz-Kowalski"


def test_edit_refuses_to_overwrite_a_save_made_in_between(
    logged_in: Callable[..., AppTest], app_env: str
) -> None:
    at = logged_in("views/case_edit.py", case=True)
    user_id, case_id = ids(app_env)
    factory = session_factory(make_engine(app_env))
    from auth import Actor
    from sofs_core.codes import Role

    actor = Actor(user_id, "begeleider", "Lotte Peeters", Role.COUNSELLOR, None)
    with transaction(factory) as s:
        case = get_case(session=s, actor=actor, case_id=case_id)
        from dataclasses import replace

        update_case(session=s, actor=actor, case_id=case_id, expected_version=case.version,
                    expected_family_version=case.family_version,
                    data=replace(case.as_input(), consultant_id=None,
                                 consultant_name="Collega's versie"))
    at.text_input[0].input("Mijn nieuwe naam")
    [save] = [b for b in at.button if b.label == "Opslaan"]
    save.click().run()
    assert at.error[0].value.startswith("Iemand anders heeft dit intussen opgeslagen.")
    assert "Collega's versie" in all_text(at)
    assert at.text_input[0].value == "Mijn nieuwe naam"  # nothing typed is lost
    with factory() as s:
        assert s.get_one(Case, case_id).family.name == "Gezin Yılmaz-Kowalski"
    # A second save, after seeing their version, knowingly replaces it.
    [save] = [b for b in at.button if b.label == "Opslaan"]
    save.click().run()
    with factory() as s:
        assert s.get_one(Case, case_id).family.name == "Mijn nieuwe naam"


def test_adding_a_member_with_a_bad_birth_date_saves_nothing(
    logged_in: Callable[..., AppTest], app_env: str
) -> None:
    at = logged_in("views/case_overview.py", case=True)
    before = count(app_env, Person)
    first = next(w for w in at.text_input if w.label == "Voornaam *")
    birth = next(w for w in at.text_input if w.label == "Geboortedatum of -jaar")
    first.input("Noor")
    birth.input("31/02/2019")
    next(b for b in at.button if b.label == "Toevoegen").click().run()
    assert "Geboortedatum of -jaar: dit is geen geldige datum" in at.error[0].value
    assert count(app_env, Person) == before
    birth = next(w for w in at.text_input if w.label == "Geboortedatum of -jaar")
    birth.input("28/02/2019")
    next(b for b in at.button if b.label == "Toevoegen").click().run()
    assert count(app_env, Person) == before + 1
    assert "Noor" in at.dataframe[0].value.iloc[:, 0].tolist()


def test_case_list_shows_fifty_cases_a_page(
    logged_in: Callable[..., AppTest], app_env: str
) -> None:
    from auth import Actor
    from sofs_core.codes import Role
    from tests.conftest import make_case

    user_id, _ = ids(app_env)
    actor = Actor(user_id, "begeleider", "Lotte Peeters", Role.COUNSELLOR, None)
    with transaction(session_factory(make_engine(app_env))) as s:
        for number in range(60):
            make_case(s, actor, family_name=f"Gezin Test {number:02d}")
    at = logged_in()
    assert len(at.dataframe[0].value) == 50
    assert at.caption[0].value == "Dossiers 1–50 van 61"
    next(b for b in at.button if b.label == "Volgende").click().run()
    assert len(at.dataframe[0].value) == 11
    assert at.caption[0].value == "Dossiers 51–61 van 61"
    at.text_input(key="case_list_search").input("Yılmaz").run()
    assert at.caption[0].value == "Dossiers 1–1 van 1"  # a new search starts at page one


def test_case_list_filters_survive_closing_the_filter_panel(
    logged_in: Callable[..., AppTest],
) -> None:
    at = logged_in()
    assert len(at.dataframe[0].value) == 1
    at.session_state["case_list_filters_open"] = True
    at.run()
    at.multiselect(key="case_list_hulpvorm").set_value([Hulpvorm.IKT]).run()
    assert at.info[0].value.startswith("Geen dossiers gevonden")  # the demo case is not IKT
    at.session_state["case_list_filters_open"] = False
    at.run()
    assert not at.multiselect  # the panel is closed: its widgets are not drawn
    assert at.expander[0].label == "Filters (1 actief)"
    assert not at.dataframe  # and the filter still applies
    at.session_state["case_list_filters_open"] = True
    at.run()
    assert at.multiselect(key="case_list_hulpvorm").value == [Hulpvorm.IKT]


def test_a_user_with_a_saved_language_logs_in_in_that_language(app_env: str) -> None:
    with transaction(session_factory(make_engine(app_env))) as s:
        s.scalars(select(User).where(User.username == "begeleider")).one().locale = "en"
    at = AppTest.from_file(ENTRY, default_timeout=30).run()
    at.sidebar.selectbox[0].set_value("nl-BE").run()  # the picker was drawn before login
    at.text_input[0].input("begeleider")
    at.text_input[1].input("demo")
    at.button[0].click().run()
    assert not at.exception
    assert at.title[0].value == "Cases"
    at.sidebar.button[0].click().run()  # logging out forgets it for the next person
    assert at.title[0].value == "Aanmelden bij sofs"


def test_no_false_conflict_after_leaving_the_edit_page_and_adding_a_member(
    logged_in: Callable[..., AppTest], app_env: str
) -> None:
    at = logged_in("views/case_edit.py", case=True)  # opened once, then left
    at.switch_page("views/case_overview.py").run()
    next(w for w in at.text_input if w.label == "Voornaam *").input("Noor")
    next(b for b in at.button if b.label == "Toevoegen").click().run()
    at.switch_page("views/case_edit.py").run()
    at.text_input[0].input("Gezin Yılmaz-Kowalski-Noor")
    next(b for b in at.button if b.label == "Opslaan").click().run()
    assert not at.error, [e.value for e in at.error]
    with session_factory(make_engine(app_env))() as s:
        assert s.get_one(Case, ids(app_env)[1]).family.name == "Gezin Yılmaz-Kowalski-Noor"


def test_after_a_conflict_on_the_same_field_the_typed_text_stays(
    logged_in: Callable[..., AppTest], app_env: str
) -> None:
    from dataclasses import replace

    from auth import Actor
    from sofs_core.codes import Role

    at = logged_in("views/case_edit.py", case=True)
    user_id, case_id = ids(app_env)
    actor = Actor(user_id, "begeleider", "Lotte Peeters", Role.COUNSELLOR, None)
    with transaction(session_factory(make_engine(app_env))) as s:
        case = get_case(session=s, actor=actor, case_id=case_id)
        update_case(session=s, actor=actor, case_id=case_id, expected_version=case.version,
                    expected_family_version=case.family_version,
                    data=replace(case.as_input(), family_name="Collega's naam"))
    at.text_input[0].input("Mijn naam")
    next(b for b in at.button if b.label == "Opslaan").click().run()
    assert at.error[0].value.startswith("Iemand anders")
    assert at.text_input[0].value == "Mijn naam"
    at.run()  # and on the next rerun too, though the stored name is now theirs
    assert at.text_input[0].value == "Mijn naam"
