"""The administrator's audit page shows whether the trail's hash chain holds; opening the
consultant panel of a case is a read, not a change."""

from __future__ import annotations

import pytest
from sqlalchemy import select, text

from sofs_core.codes import AuditAction
from storage.db import make_engine, session_factory
from storage.models import AuditEvent
from tests.app.test_pages import all_text
from tests.app.test_roles import _start


def _lines(url: str) -> list[tuple[AuditAction, str]]:
    with session_factory(make_engine(url))() as s:
        return [(e.action, e.subject) for e in s.scalars(select(AuditEvent)
                                                           .order_by(AuditEvent.id))]


@pytest.mark.audit_tampered
def test_the_administrator_sees_the_chain_intact_then_the_first_broken_line(
    app_env: str
) -> None:
    at = _start(app_env, "admin")
    at.switch_page("views/audit.py").run()
    assert not at.exception and not at.error
    assert at.success[0].value.startswith("Onaangetast: alle ")
    engine = make_engine(app_env)
    with engine.begin() as connection:
        connection.execute(text("DROP TRIGGER audit_events_no_update"))
        connection.execute(text("UPDATE audit_events SET subject = 'x' WHERE id = 4"))
    engine.dispose()
    at.run()
    assert at.success, "the result stays until checked again"
    [again] = [b for b in at.button if b.label == "Opnieuw controleren"]
    again.click().run()
    assert [e.value for e in at.error] == [
        "Geschonden vanaf regel 4: de inhoud van deze regel is gewijzigd."]
    assert "Yılmaz" not in all_text(at)
    assert (AuditAction.READ, "audit/verify") in _lines(app_env)


def test_the_team_lead_gets_no_chain_check(app_env: str) -> None:
    at = _start(app_env, "teamleider")
    at.switch_page("views/audit.py").run()
    assert not at.exception and not at.success and not at.error


def test_opening_the_consultant_panel_writes_no_change(app_env: str) -> None:
    at = _start(app_env, "begeleider", case=True)
    at.switch_page("views/case_overview.py").run()
    before = len(_lines(app_env))
    at.session_state["panel_sharing"] = True  # the expander opened
    at.run()
    assert not at.exception and not at.error
    assert "Delen" in [b.label for b in at.button]  # the panel's content is there
    new = _lines(app_env)[before:]
    assert (AuditAction.READ, "review/consultants") in new
    assert [line for line in new if line[0] is not AuditAction.READ] == []
    at.run()  # and opening it again within the window writes nothing at all
    assert _lines(app_env)[before + len(new):] == []
