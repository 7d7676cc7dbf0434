"""Forms that add one thing after another keep what was typed: a refused submission comes
back with its error and is saved once it is put right; the form is empty after a save."""

from __future__ import annotations

from sqlalchemy import func, select

from storage.db import make_engine, session_factory
from storage.models import User
from tests.app.test_roles import _start


def _usernames(url: str) -> set[str]:
    with session_factory(make_engine(url))() as s:
        return set(s.scalars(select(User.username)))


def _count(url: str) -> int:
    with session_factory(make_engine(url))() as s:
        return int(s.scalar(select(func.count(User.id))) or 0)


def test_new_accounts_one_after_another_and_a_refused_one_put_right(app_env: str) -> None:
    at = _start(app_env, "admin")
    before = _count(app_env)
    form = "account_new"
    at.text_input(key=f"{form}:username").input("nieuwe1")
    at.text_input(key=f"{form}:name").input("Nieuwe Eén")
    at.text_input(key=f"{form}:password").input("kort")
    next(b for b in at.button if b.label == "Account maken").click().run()
    assert not at.exception, at.exception
    assert at.error, "a too short password is refused"
    assert _count(app_env) == before
    # What was typed is shown again; only the password needs putting right.
    assert at.text_input(key=f"{form}:username").value == "nieuwe1"
    assert at.text_input(key=f"{form}:name").value == "Nieuwe Eén"
    at.text_input(key=f"{form}:password").input("een lang genoeg wachtwoord")
    next(b for b in at.button if b.label == "Account maken").click().run()
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    assert _count(app_env) == before + 1
    # The browser empties the form itself when it is sent (AppTest sends its defaults on
    # the next submit); the next one goes into the same form, straight away.
    at.text_input(key=f"{form}:username").input("nieuwe2")
    at.text_input(key=f"{form}:name").input("Nieuwe Twee")
    at.text_input(key=f"{form}:password").input("nog een lang wachtwoord")
    next(b for b in at.button if b.label == "Account maken").click().run()
    assert not at.exception, at.exception
    assert {"nieuwe1", "nieuwe2"} <= _usernames(app_env)
    assert _count(app_env) == before + 2
    assert "nieuwe2" in set(at.dataframe[0].value.iloc[:, 0])
