"""The genogram page's family table through AppTest on the demo case: rows added in the
table are saved in one go, a refused table saves nothing and keeps what was typed."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import select
from streamlit.testing.v1 import AppTest

from storage.db import make_engine, session_factory
from storage.models import AuditEvent, ParentLink, Person
from tests.app.test_genogram_pages import count, person_id
from tests.app.test_map_pages import button
from tests.app.test_pages import all_text

EDITOR = "family_table~0"


def _open_table(logged_in: Callable[..., AppTest]) -> AppTest:
    at = logged_in("views/genogram.py", case=True)
    at.session_state["genogram_panel:table"] = True  # the panel opened
    at.run()
    assert not at.exception
    return at


def _last_audit_id(url: str) -> int:
    with session_factory(make_engine(url))() as s:
        return s.scalar(select(AuditEvent.id).order_by(AuditEvent.id.desc()).limit(1)) or 0


def test_the_table_shows_the_family_and_saves_new_rows_in_one_go(
    logged_in: Callable[..., AppTest], app_env: str
) -> None:
    at = _open_table(logged_in)
    [editor] = at.data_editor
    shown = editor.value
    assert "Elif Yılmaz" in list(shown["name"]) and "Karim El Amrani" in list(shown["name"])
    people, links, last = count(app_env, Person), count(app_env, ParentLink), _last_audit_id(
        app_env)
    at.session_state[EDITOR] = {"edited_rows": {}, "deleted_rows": [], "added_rows": [
        {"name": "Lina El Amrani", "sex": "female", "birth": "2025", "mother": "Elif",
         "father": "Karim El Amrani"},
        {"name": "Opa <b>Jan</b>", "sex": "male", "birth": "1950"}]}
    button(at, "Tabel opslaan").click().run()
    assert not at.exception and not at.error
    assert "De tabel is opgeslagen." in all_text(at)
    assert (count(app_env, Person), count(app_env, ParentLink)) == (people + 2, links + 2)
    with session_factory(make_engine(app_env))() as s:
        subjects = list(s.scalars(select(AuditEvent.subject).where(AuditEvent.id > last)))
        lina = person_id(app_env, "Lina")
        parents = set(s.scalars(select(ParentLink.parent_id).where(
            ParentLink.child_id == lina)))
    assert subjects.count("relations/save_family_table") == 1
    assert parents == {person_id(app_env, "Elif"), person_id(app_env, "Karim")}
    # A new, empty editor shows the saved rows: saving again adds nothing.
    [editor] = at.data_editor
    assert editor.key == "family_table~1"
    rows = {name: n for n, name in enumerate(editor.value["name"])}
    assert "Lina El Amrani" in rows and "Opa <b>Jan</b>" in rows
    assert editor.value["mother"][rows["Lina El Amrani"]] == "Elif Yılmaz"
    button(at, "Tabel opslaan").click().run()
    assert (count(app_env, Person), count(app_env, ParentLink)) == (people + 2, links + 2)


def test_a_refused_table_names_its_rows_saves_nothing_and_keeps_the_typing(
    logged_in: Callable[..., AppTest], app_env: str
) -> None:
    at = _open_table(logged_in)
    size = len(at.data_editor[0].value["name"])
    people, links = count(app_env, Person), count(app_env, ParentLink)
    typed = {"edited_rows": {}, "deleted_rows": [], "added_rows": [
        {"name": "Noor", "sex": "female", "birth": "2025", "mother": "Elif"},
        {"name": "Sami", "sex": "male", "birth": "2026", "mother": "Sara"},
        {"name": "", "sex": "male", "birth": "2019"}]}
    at.session_state[EDITOR] = typed
    button(at, "Tabel opslaan").click().run()
    assert not at.exception
    [error] = at.error
    assert error.value.startswith("Er is niets opgeslagen.")
    assert f"Rij {size + 2}, Moeder: deze naam staat niet in de tabel" in error.value
    assert f"Rij {size + 3}, Naam:" in error.value
    assert f"Rij {size + 1}," not in error.value
    assert (count(app_env, Person), count(app_env, ParentLink)) == (people, links)
    # Everything typed is still in the same editor, to correct and save again.
    [editor] = at.data_editor
    assert editor.key == EDITOR
    assert at.session_state[EDITOR]["added_rows"] == typed["added_rows"]
