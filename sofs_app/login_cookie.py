"""The browser's half of a login that survives a restart (auth.remembered).

Why a cookie, and why this way (see the README, "Na een herstart"):

- Streamlit keeps the login in the server's memory; only what the browser keeps survives a
  restart. The URL is out (a token there ends up in logs and history), and so is
  localStorage or a cookie written by script (any script injected into the page could read
  it, and the page would have to ask the browser for it in an extra rerun, after the login
  page was already drawn).
- An HttpOnly cookie is sent with the WebSocket request of every (re)connection, where the
  first rerun reads it (``st.context.cookies``), and no script can read it. Only an HTTP
  response can set one, so the app is served as an ``st.App`` (``sofs_app.asgi``) with one
  route of its own, ``/sofs-login``.
- The page hands the route a one-minute handoff (not the token itself) through a small
  script component; the route answers with the cookie. ``DELETE`` drops it at logout.

The cookie is ``SameSite=Strict`` and ``Secure`` behind HTTPS; the route accepts only JSON
from the app's own origin, so another site cannot make a browser take someone's login.
"""

from __future__ import annotations

import html
import json
import secrets
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import streamlit as st
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from auth import remembered
from sofs_app.context import _factory_for, locale, t
from sofs_core.settings import load_settings
from storage.db import transaction

ROUTE_NAME = "sofs-login"
_MAX_BODY = 4096

# The frame shares the app's origin (st.iframe with HTML does), so its request carries and
# receives the app's cookies; it keeps a note in the app's window so that a frame drawn
# again does each job once.
# A frame is a document of its own for assistive technology: it gets a language, a title,
# a main landmark and a heading (axe checks every frame); the landmark is named, since axe
# also reads the frame as part of the page, where the app has a main landmark of its own.
_PAGE = """<!doctype html><html lang="LANG"><head><meta charset="utf-8"><title>TITLE</title>
</head><body><main aria-label="TITLE"><h1 style="font-size:1px;margin:0">TITLE</h1></main><script>
const job = JOB;
if (job.path && job.id && window.parent.__sofsLoginCookie !== job.id) {
  window.parent.__sofsLoginCookie = job.id;
  const init = {method: job.handoff ? "POST" : "DELETE", credentials: "same-origin",
                headers: {"Content-Type": "application/json"}};
  if (job.handoff) init.body = JSON.stringify({handoff: job.handoff});
  fetch(job.path, init).catch(() => {});
}
</script></body></html>"""


def route_path() -> str:
    """The route under Streamlit's base URL path (a proxy may serve the app in a folder)."""
    base = str(st.get_option("server.baseUrlPath") or "").strip("/")
    return f"/{base}/{ROUTE_NAME}" if base else f"/{ROUTE_NAME}"


@dataclass(frozen=True)
class CookieTodo:
    """Trade ``handoff`` for the cookie, or (None) drop it; ``id`` makes it happen once."""

    id: str
    handoff: str | None = None


def send(handoff: str) -> CookieTodo:
    return CookieTodo(handoff[-16:], handoff)


def drop() -> CookieTodo:
    return CookieTodo(secrets.token_urlsafe(8))


def tell_browser(todo: CookieTodo) -> None:
    """Draw the (invisible) frame whose script does ``todo`` in the browser."""
    job = json.dumps({"path": route_path(), "handoff": todo.handoff, "id": todo.id})
    # Nothing in the job can close the script: "<" is escaped all the same.
    title = html.escape(t("login_cookie.frame_title"))
    page = (_PAGE.replace("LANG", html.escape(locale())).replace("TITLE", title)
            .replace("JOB", job.replace("<", "\\u003c")))
    st.iframe(page, height=1, width=1, tab_index=-1, alt=title)


def _same_origin(request: Request) -> bool:
    origin = request.headers.get("origin")
    host = request.headers.get("host")
    return bool(origin and host and urlsplit(origin).netloc == host)


def _redeem(handoff: str) -> str | None:
    current = load_settings()
    with transaction(_factory_for(current.effective_database_url)) as session:
        return remembered.redeem(session=session, handoff_value=handoff)


async def _login_cookie(request: Request) -> Response:
    if (not _same_origin(request)
            or request.headers.get("content-type", "").split(";")[0] != "application/json"):
        return Response(status_code=403)
    secure = request.url.scheme == "https" or (
        request.headers.get("x-forwarded-proto") == "https")
    response = Response(status_code=204)
    if request.method == "DELETE":
        response.delete_cookie(remembered.COOKIE_NAME, path="/", secure=secure,
                               httponly=True, samesite="strict")
        return response
    body = await request.body()
    if len(body) > _MAX_BODY:
        return Response(status_code=413)
    try:
        sent: Any = json.loads(body)
    except ValueError:
        return Response(status_code=400)
    handoff = sent.get("handoff") if isinstance(sent, dict) else None
    token = await run_in_threadpool(_redeem, handoff) if isinstance(handoff, str) else None
    if token is None:
        return Response(status_code=403)
    response.set_cookie(remembered.COOKIE_NAME, token, path="/", secure=secure,
                        max_age=load_settings().idle_timeout_minutes * 60,
                        httponly=True, samesite="strict")
    return response


def routes() -> list[Route]:
    return [Route(route_path(), _login_cookie, methods=["POST", "DELETE"])]
