"""Looking at one of a case's pages is one line in the audit trail: the page's read, never
one line per service it calls (issue 17), and a page of another counsellor's case is one
refusal."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from sofs_core.codes import AuditAction
from storage.db import make_engine, session_factory
from storage.models import AuditEvent
from tests.app.test_roles import _start

PAGES = ["case_overview", "meetings", "scaling", "meeting_view", "case_edit", "genogram",
         "network", "plan", "child_voice", "words_pictures", "registration"]


def _lines_since(url: str, after: int) -> list[tuple[str, str]]:
    with session_factory(make_engine(url))() as s:
        return [(e.action.value, e.subject) for e in s.scalars(
            select(AuditEvent).where(AuditEvent.id > after).order_by(AuditEvent.id))]


def _last_id(url: str) -> int:
    with session_factory(make_engine(url))() as s:
        return s.scalar(select(AuditEvent.id).order_by(AuditEvent.id.desc()).limit(1)) or 0


@pytest.mark.parametrize("page", PAGES)
def test_a_case_page_is_one_read_line(app_env: str, page: str) -> None:
    at = _start(app_env, "begeleider", case=True, meeting=True)
    before = _last_id(app_env)
    at.switch_page(f"views/{page}.py").run()
    assert not at.exception and not at.error
    assert _lines_since(app_env, before) == [(AuditAction.READ.value, f"page/{page}")]
    at.run()  # a rerun within the read window: nothing more
    assert _lines_since(app_env, before) == [(AuditAction.READ.value, f"page/{page}")]


def test_another_counsellors_case_page_is_one_refusal(app_env: str) -> None:
    at = _start(app_env, "begeleider2", case=True)
    before = _last_id(app_env)
    at.switch_page("views/genogram.py").run()
    assert not at.exception
    assert at.error  # the page says it may not be shown, naming nothing of the case
    assert _lines_since(app_env, before) == [(AuditAction.REFUSED.value, "page/genogram")]
