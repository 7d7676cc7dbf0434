"""Navigation pages belong to one run of one session.

st.navigation marks the page it returns as callable and page.run() clears the mark; page
objects shared between sessions (a process-wide cache) let one session's run clear the
mark another session just set, so that session's save failed with "This page cannot be
called directly" under concurrent use.
"""

from __future__ import annotations

import pytest

from sofs_app.navigation import work_pages
from sofs_core.codes import Role


@pytest.mark.parametrize("role", list(Role))
def test_each_run_gets_page_objects_of_its_own(role: Role) -> None:
    first, second = work_pages(role), work_pages(role)
    assert len(first) == len(second) > 0
    assert not {id(p) for p in first} & {id(p) for p in second}
