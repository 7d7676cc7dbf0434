"""Every download button: the file is made at the click, after the checks of a rerun.

Streamlit runs a download button's ``data`` callable when the button is clicked, on a
worker thread and without a rerun: the entry script's login gate does not run, and
``st.session_state`` cannot be reached from there. So the button captures, when it is
drawn, who is logged in and when they were last active (the gate set that at the top of
this very rerun), and the callable checks again at the click:

- the session: not idle past the timeout, and the account still active (in the database);
- the case: the service that gathers the file checks access and records the print or
  export in the audit trail (``make`` below).

Streamlit forgets a button's callable at the next full rerun that does not draw it again
(a logout, another page), so an old callable cannot outlive its login.

A refusal gives no file. When the callable raises, Streamlit (1.67, runtime
``DeferredFileHandler``) logs the exception and answers the browser with a fixed English
"Failed to generate file for download", which the button shows under itself for 5 s; what
the callable returns is always served as the file, so a file with a Dutch refusal in it
would look like the document. So the callable raises (a message without case data, as it
goes to the log), the refusal is written to the audit trail, and the session's next rerun
says why in the user's language as a toast (``gate.say_later``), on whatever page it ends
(the login page after an idle timeout); the gate's watch starts that rerun within 30 s.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import NoReturn

import streamlit as st
from sqlalchemy.orm import Session, sessionmaker
from streamlit.delta_generator import DeltaGenerator

from auth import Actor, active_actor
from auth.access import record
from i18n import Words
from sofs_app import gate
from sofs_app.context import run_context
from sofs_core.codes import AuditAction
from sofs_core.errors import NotFound, PermissionDenied
from storage.db import transaction
from storage.faults import StorageUnavailable

# What a download does with the checked session: the service call (which checks the case and
# records the print or export) in the transaction, returning how to make the file once the
# transaction is over (a long render must not hold the database).
Render = Callable[[], bytes]
Make = Callable[[Session, Actor, Words], Render]

REFUSED_IDLE = "download.refused_idle"
REFUSED_ACCOUNT = "download.refused_account"
REFUSED_ACCESS = "download.refused_access"


class DownloadRefused(Exception):
    """The file was not made; carries no case data (Streamlit logs the message)."""

    def __init__(self, why: str) -> None:
        super().__init__(f"download refused: {why}")


@dataclass(frozen=True)
class Ticket:
    """What a button knows from the rerun that drew it: plain values, no case data."""

    sessions: sessionmaker[Session]
    actor: Actor  # as the gate saw them then; looked up again at the click
    last_activity: float
    idle_timeout_s: float
    words: Words
    mailbox: str  # gate.mailbox_id(), for the message of a refusal
    case_id: int | None  # None for figures over many cases (the annual figures)
    subject: str  # for the audit line of a refusal, e.g. "print/genogram.pdf"


def deliver(ticket: Ticket, make: Make) -> bytes:
    """Check the session, then make the file through a checked service; or refuse."""
    try:
        return _deliver(ticket, make)
    except StorageUnavailable as fault:
        # Down or full: nothing can be checked or recorded, so nothing leaves.
        gate.say_later(ticket.mailbox, fault.message_key)
        raise DownloadRefused("database") from None


def _deliver(ticket: Ticket, make: Make) -> bytes:
    if time.time() - ticket.last_activity > ticket.idle_timeout_s:
        _refuse(ticket, REFUSED_IDLE, "idle")
    with transaction(ticket.sessions) as session:
        actor = active_actor(session=session, user_id=ticket.actor.id)
    if actor is None:
        _refuse(ticket, REFUSED_ACCOUNT, "inactive")
    try:
        # A refused check raises AccessRefused: transaction() then records the refusal.
        with transaction(ticket.sessions) as session:
            render = make(session, actor, ticket.words)
    except (NotFound, PermissionDenied):
        gate.say_later(ticket.mailbox, REFUSED_ACCESS)
        raise DownloadRefused("access") from None
    return render()


def _refuse(ticket: Ticket, message_key: str, why: str) -> NoReturn:
    with transaction(ticket.sessions) as session:
        record(session, ticket.actor, AuditAction.REFUSED, f"{why}:{ticket.subject}",
               case_id=ticket.case_id)
    gate.say_later(ticket.mailbox, message_key)
    raise DownloadRefused(why)


def checked_download(host: DeltaGenerator, label: str, *, make: Make, case_id: int | None,
                     subject: str, file_name: str, mime: str, key: str, icon: str,
                     primary: bool = False) -> None:
    """A download button whose file ``make`` builds at the click, after the checks above.

    ``make`` gets a fresh session, the actor as the database has them now, and the words
    of the user's language; it must read the case only through a service that checks
    access, never reuse what the page drew.
    """
    actor = gate.require_actor()
    run = run_context()
    ticket = Ticket(
        sessions=run.sessions, actor=actor,
        last_activity=float(st.session_state.get(gate.ACTIVITY_KEY, 0.0)),
        idle_timeout_s=run.settings.idle_timeout_minutes * 60.0,
        words=partial(run.catalogue.text, run.locale), mailbox=gate.mailbox_id(),
        case_id=case_id, subject=subject)
    host.download_button(label, data=partial(deliver, ticket, make), file_name=file_name,
                         mime=mime, key=key, icon=icon,
                         type="primary" if primary else "secondary", on_click="ignore")
