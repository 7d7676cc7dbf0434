"""What a download button does at the click (sofs_app.components.downloads.deliver): it
checks the session and the case again, records the download or the refusal, and leaves
the reason for the session's next rerun; on SQLite and PostgreSQL."""

from __future__ import annotations

import socket
import time
from functools import partial

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from auth import Actor
from genograms.documents import Picture, PictureFormat, picture_document
from i18n import Words
from sofs_app import gate
from sofs_app.components.downloads import (
    REFUSED_ACCESS,
    REFUSED_ACCOUNT,
    REFUSED_IDLE,
    DownloadRefused,
    Render,
    Ticket,
    deliver,
)
from sofs_core.codes import AuditAction, Role
from storage.db import make_engine, session_factory, transaction
from storage.models import AuditEvent, Case, User
from tests.conftest import make_case, make_user

TIMEOUT_S = 30 * 60.0


def _words(key: str, **params: object) -> str:
    return key + "".join(f" {value}" for value in params.values())


@pytest.fixture
def case_id(factory: sessionmaker[Session], counsellor: Actor) -> int:
    with transaction(factory) as s:
        return make_case(s, counsellor)


def _ticket(factory: sessionmaker[Session], actor: Actor, case_id: int, *,
            idle_s: float = 0.0, mailbox: str = "tab-1") -> Ticket:
    return Ticket(sessions=factory, actor=actor, last_activity=time.time() - idle_s,
                  idle_timeout_s=TIMEOUT_S, words=_words, mailbox=mailbox,
                  case_id=case_id, subject="print/genogram.svg")


def _genogram_svg(case_id: int, session: Session, actor: Actor, words: Words) -> Render:
    return picture_document(session=session, actor=actor, case_id=case_id,
                            picture=Picture.GENOGRAM, file_format=PictureFormat.SVG,
                            words=words, footer="").render


def _lines(factory: sessionmaker[Session], case_id: int) -> list[tuple[AuditAction, str]]:
    with factory() as s:
        return [(e.action, e.subject) for e in s.scalars(
            select(AuditEvent).where(AuditEvent.case_id == case_id).order_by(AuditEvent.id))]


def test_a_download_in_an_active_session_is_made_and_recorded(
    factory: sessionmaker[Session], counsellor: Actor, case_id: int
) -> None:
    before = _lines(factory, case_id)
    data = deliver(_ticket(factory, counsellor, case_id), partial(_genogram_svg, case_id))
    assert data.startswith(b"<svg")
    assert (AuditAction.PRINT, "print/genogram.svg") in _lines(factory, case_id)[len(before):]
    assert gate.take_message("tab-1") is None


def _deactivate(factory: sessionmaker[Session], actor: Actor, _case_id: int) -> None:
    with transaction(factory) as s:
        s.get_one(User, actor.id).is_active = False


def _remove_from_case(factory: sessionmaker[Session], actor: Actor, case_id: int) -> None:
    with transaction(factory) as s:
        other = make_user(s, "jan", Role.COUNSELLOR)
        s.get_one(Case, case_id).counsellors = [s.get_one(User, other.id)]


def _nothing(_factory: sessionmaker[Session], _actor: Actor, _case_id: int) -> None:
    """The session itself is past its idle timeout."""


@pytest.mark.parametrize("change,idle_s,message,subject", [
    (_nothing, TIMEOUT_S + 60, REFUSED_IDLE, "idle:print/genogram.svg"),
    (_deactivate, 0.0, REFUSED_ACCOUNT, "inactive:print/genogram.svg"),
    (_remove_from_case, 0.0, REFUSED_ACCESS, "print/genogram.svg"),
], ids=["idle", "deactivated", "removed"])
def test_a_refused_download_gives_no_file_and_records_the_refusal(
    factory: sessionmaker[Session], counsellor: Actor, case_id: int, change: object,
    idle_s: float, message: str, subject: str
) -> None:
    assert callable(change)
    change(factory, counsellor, case_id)
    before = _lines(factory, case_id)
    mailbox = f"tab-{message}"
    with pytest.raises(DownloadRefused) as refused:
        deliver(_ticket(factory, counsellor, case_id, idle_s=idle_s, mailbox=mailbox),
                partial(_genogram_svg, case_id))
    assert "Peeters" not in str(refused.value)  # Streamlit logs the message
    assert _lines(factory, case_id)[len(before):] == [(AuditAction.REFUSED, subject)]
    assert gate.take_message(mailbox) == message
    assert gate.take_message(mailbox) is None  # said once


def test_a_download_while_the_database_is_unreachable_gives_no_file_and_says_why(
    counsellor: Actor, case_id: int
) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed = int(probe.getsockname()[1])
    engine = make_engine(f"postgresql+psycopg://sofs:pw@127.0.0.1:{closed}/sofs")
    try:
        with pytest.raises(DownloadRefused):
            deliver(_ticket(session_factory(engine), counsellor, case_id, mailbox="tab-down"),
                    partial(_genogram_svg, case_id))
    finally:
        engine.dispose()
    assert gate.take_message("tab-down") == "fault.database_unreachable"
