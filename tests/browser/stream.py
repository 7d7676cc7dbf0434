"""A Streamlit session without a browser: the app's own WebSocket protocol, spoken directly.

A browser page costs a whole renderer and reruns at the pace of its clicks. Here a session
is one WebSocket: it sends what the browser sends (a ``BackMsg`` asking for a rerun with
the widgets' values) and reads what the server answers (``ForwardMsg``s: the elements of
the page, then "script finished"). Dozens of them run in one asyncio loop and rerun as fast
as the server answers, which is what it takes to hit races between sessions of one process.

The protobufs are Streamlit's own (``streamlit.proto``), so this speaks whatever protocol
the installed Streamlit speaks.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Coroutine, Iterable
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any, TypeVar

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.Element_pb2 import Element
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState
from websockets.asyncio.client import ClientConnection, connect
from websockets.typing import Subprotocol

from tests.browser.ui import DEMO_PASSWORD

T = TypeVar("T")

# A run that ended for good; FINISHED_EARLY_FOR_RERUN is followed by the rerun it asked for.
_DONE = {
    ForwardMsg.FINISHED_SUCCESSFULLY,
    ForwardMsg.FINISHED_WITH_COMPILE_ERROR,
    ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY,
}
# Where an element keeps what a person reads: a widget's label, a text's body.
_TEXT_FIELDS = ("label", "body", "message")
# Widgets whose options are plain strings on the element.
_CHOICE_KINDS = {"selectbox", "radio", "multiselect"}


@dataclass(frozen=True)
class Shown:
    """One element of the page as drawn: its kind, widget id (if a widget) and text."""

    kind: str
    widget_id: str
    text: str
    # A choice widget's options as the person reads them (what a selectbox sends back).
    options: tuple[str, ...] = ()


def _shown(element: Element) -> Shown:
    kind = element.WhichOneof("type") or ""
    inner = getattr(element, kind) if kind else None
    text = ""
    for name in _TEXT_FIELDS:
        value = getattr(inner, name, "")
        if isinstance(value, str) and value:
            text = value
            break
    widget_id = getattr(inner, "id", "")
    options = tuple(getattr(inner, "options", ())) if kind in _CHOICE_KINDS else ()
    return Shown(kind, widget_id if isinstance(widget_id, str) else "", text, options)


@dataclass
class Screen:
    """What one run of the script drew, in order, and the navigation it offered."""

    elements: list[Shown] = field(default_factory=list)
    # url path -> page script hash, from the run's navigation message.
    pages: dict[str, str] = field(default_factory=dict)

    def has(self, text: str) -> bool:
        """Does any element show ``text`` (as part of its text)?"""
        return any(text in shown.text for shown in self.elements)

    def kinds(self, kind: str) -> list[str]:
        """The texts of every element of one kind ("alert", "heading", "exception" ...)."""
        return [shown.text for shown in self.elements if shown.kind == kind]

    def widget(self, label: str) -> str:
        """The id of the widget labelled ``label`` (the first, if several are)."""
        for shown in self.elements:
            if shown.widget_id and shown.text == label:
                return shown.widget_id
        raise LookupError(f"no widget labelled {label!r} on this screen: "
                          f"{self.elements}")


class StreamSession:
    """One browser session's WebSocket, driven by hand; use ``open_session``."""

    def __init__(self, connection: ClientConnection) -> None:
        self._connection = connection
        self.screen = Screen()

    async def rerun(self, widgets: Iterable[WidgetState] = (), page_hash: str = "") -> Screen:
        """Ask for a rerun with these widget values, as a browser does after an input,
        and wait until the script has finished (following any st.rerun it makes)."""
        back = BackMsg()
        state = back.rerun_script
        state.page_script_hash = page_hash
        state.context_info.locale = "nl-BE"
        state.context_info.timezone = "Europe/Brussels"
        state.widget_states.widgets.extend(widgets)
        await self._connection.send(back.SerializeToString())
        screen = Screen(pages=dict(self.screen.pages))
        while True:
            message = ForwardMsg()
            message.ParseFromString(await self._connection.recv(decode=False))
            kind = message.WhichOneof("type")
            if kind == "new_session":
                # A new run starts drawing from scratch.
                screen = Screen(pages=screen.pages)
            elif kind == "delta" and message.delta.WhichOneof("type") == "new_element":
                screen.elements.append(_shown(message.delta.new_element))
            elif kind == "navigation":
                screen.pages = {page.url_pathname: page.page_script_hash
                                for page in message.navigation.app_pages}
            elif kind == "script_finished" and message.script_finished in _DONE:
                self.screen = screen
                return screen

    async def login(self, username: str, password: str = DEMO_PASSWORD) -> Screen:
        """Fill the login form and submit it (the session must show the login page)."""
        form = self.screen
        return await self.rerun([
            WidgetState(id=form.widget("Gebruikersnaam"), string_value=username),
            WidgetState(id=form.widget("Wachtwoord"), string_value=password),
            WidgetState(id=form.widget("Aanmelden"), trigger_value=True),
        ])


@asynccontextmanager
async def open_session(base_url: str) -> AsyncIterator[StreamSession]:
    """A new session of the app at ``base_url``, showing its first page."""
    url = base_url.replace("http://", "ws://", 1) + "/_stcore/stream"
    async with connect(url, subprotocols=[Subprotocol("streamlit")], max_size=None,
                       open_timeout=30) as connection:
        session = StreamSession(connection)
        await session.rerun()
        yield session


def drive(sessions: Coroutine[Any, Any, T]) -> T:
    """Run the sessions' coroutine to its end, from a synchronous test.

    In a thread of its own: once Playwright's sync API has started (the browser fixture),
    the test's thread already has an event loop and asyncio.run() refuses to start another.
    """
    with ThreadPoolExecutor(max_workers=1) as worker:
        return worker.submit(asyncio.run, sessions).result()
