"""The case list's pager on a long list: it counts no further than its cap past the page."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from streamlit.testing.v1 import AppTest

from auth import Actor
from sofs_core.codes import Role
from storage.db import make_engine, session_factory, transaction
from tests.app.conftest import ids
from tests.conftest import make_case


def test_a_long_list_says_more_than_the_count_and_still_pages_on(
    logged_in: Callable[..., AppTest], app_env: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("mapping.cases.COUNT_CAP", 55)  # the cap is 1,000 past the page
    user_id, _ = ids(app_env)
    actor = Actor(user_id, "begeleider", "Lotte Peeters", Role.COUNSELLOR, None)
    with transaction(session_factory(make_engine(app_env))) as s:
        for number in range(60):
            make_case(s, actor, family_name=f"Gezin Test {number:02d}")
    at = logged_in()
    assert at.caption[0].value == "Dossiers 1–50 van meer dan 55"
    following = next(b for b in at.button if b.label == "Volgende")
    assert not following.disabled
    following.click().run()
    assert len(at.dataframe[0].value) == 11
    assert at.caption[0].value == "Dossiers 51–61 van 61"
    assert next(b for b in at.button if b.label == "Volgende").disabled
