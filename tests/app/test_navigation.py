"""Navigation pages belong to one session.

st.navigation marks the page it returns as callable and page.run() clears the mark; page
objects shared between sessions (a process-wide cache) let one session's run clear the
mark another session just set, so that session's save failed with "This page cannot be
called directly" under concurrent use (the real-server test of that is
tests/browser/test_concurrent_sessions.py). A session runs one script at a time, so it keeps its
own pages from one rerun to the next: building them costs a file lookup per page.
"""

from __future__ import annotations

from collections.abc import Callable

from streamlit.testing.v1 import AppTest

from sofs_app.context import LOCALE_KEY

PAGES_KEY = "nav_pages"


def _page_ids(app: AppTest) -> list[int]:
    _made_for, pages = app.session_state[PAGES_KEY]
    return [id(page) for page in pages]


def test_each_session_keeps_page_objects_of_its_own(logged_in: Callable[..., AppTest]) -> None:
    one, other = logged_in(), logged_in()
    first = _page_ids(one)
    one.run()
    assert not one.exception
    assert _page_ids(one) == first  # kept from one rerun to the next
    assert len(first) == len(_page_ids(other)) > 0
    assert not set(first) & set(_page_ids(other))  # never shared with another session


def test_another_language_gets_pages_with_its_words(logged_in: Callable[..., AppTest]) -> None:
    app = logged_in()
    dutch = [page.title for page in app.session_state[PAGES_KEY][1]]
    app.session_state[LOCALE_KEY] = "en"
    app.run()
    assert not app.exception
    english = [page.title for page in app.session_state[PAGES_KEY][1]]
    assert "Dossiers" in dutch and "Cases" in english
