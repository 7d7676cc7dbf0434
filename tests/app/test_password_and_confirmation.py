"""Login failures all say the same; a one-time password leads only to choosing one's own;
the team lead confirms on their page (issue 18)."""

from __future__ import annotations

import time

from sqlalchemy import select
from streamlit.testing.v1 import AppTest

from auth.accounts import reset_password
from auth.service import Actor
from sofs_core.codes import Role
from storage.db import make_engine, session_factory, transaction
from storage.models import User
from tests.app.conftest import ENTRY


def _login(username: str, password: str) -> AppTest:
    at = AppTest.from_file(ENTRY, default_timeout=30).run()
    at.text_input[0].input(username)
    at.text_input[1].input(password)
    at.button[0].click().run()
    assert not at.exception, at.exception
    return at


def test_every_login_failure_says_the_same_also_a_try_during_the_wait(app_env: str) -> None:
    messages = {_login("niemand", "demo").error[0].value,
                _login("begeleider", "fout").error[0].value}
    for _ in range(3):
        _login("begeleider", "fout")
    # The fifth wrong password made the account wait: the right one fails, saying the same.
    messages.add(_login("begeleider", "demo").error[0].value)
    assert messages == {"Aanmelden is mislukt. Controleer je gebruikersnaam en wachtwoord."}


def _user_id(url: str, username: str) -> int:
    with session_factory(make_engine(url))() as s:
        found = s.scalar(select(User.id).where(User.username == username))
    assert found is not None
    return found


def _as(user_id: int) -> AppTest:
    at = AppTest.from_file(ENTRY, default_timeout=30)
    at.session_state["user_id"] = user_id
    at.session_state["last_activity"] = time.time()
    return at.run()


def test_a_one_time_password_leads_to_choosing_ones_own_then_the_lead_confirms(
    app_env: str
) -> None:
    lotte, admin = _user_id(app_env, "begeleider"), _user_id(app_env, "admin")
    with transaction(session_factory(make_engine(app_env))) as s:
        reset_password(session=s, actor=Actor(admin, "admin", "Beheerder", Role.ADMIN, None),
                       user_id=lotte, password="eenmalig-wachtwoord")
    at = _as(lotte)
    assert at.title[0].value == "Kies je eigen wachtwoord"
    assert "De beheerder heeft op" in at.warning[-1].value
    at.text_input[0].input("eenmalig-wachtwoord")
    at.text_input[1].input("mijn-eigen-wachtwoord")
    at.text_input[2].input("mijn-eigen-wachtwoord")
    at.button[0].click().run()
    assert not at.exception, at.exception
    assert at.title[0].value == "Dossiers"
    assert any("moet je account nog bevestigen" in i.value for i in at.info)

    lead = _as(_user_id(app_env, "teamleider"))
    lead.switch_page("views/team.py").run()
    assert not lead.exception, lead.exception
    assert lead.dataframe[0].value.iloc[:, 1].tolist() == ["begeleider"]
    next(w for w in lead.selectbox if w.label == "Welk account bevestig je?").set_value(lotte)
    next(w for w in lead.button if w.label == "Bevestigen").click().run()
    assert lead.success[0].value == "Het account is bevestigd."

    at = _as(lotte)
    assert "Gezin Yılmaz-Kowalski" in at.dataframe[0].value["Gezin"].tolist()
