"""Server-side reruns: the case list over a generated register, and a large case's map,
against a bare page.

Streamlit's AppTest runs the entry script and the page in this process, as the server would
on each user action, without a browser or network; the time of `AppTest.run()` is the
server-side rerun. The logged-in state (and the open case and meeting) is set directly in
session state.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from streamlit.logger import get_logger
from streamlit.runtime.scriptrunner.script_cache import ScriptCache
from streamlit.testing.v1 import AppTest

from bench.common import BARE_APP, REPO_ROOT, Figure, time_ms
from bench.generate import GeneratedRegister, LargeCase
from sofs_app.components.case_state import CASE_KEY, MAP_PAGE, MEETING_KEY

ENTRY_SCRIPT = REPO_ROOT / "sofs_app" / "streamlit_app.py"
SEARCH_TEXT = "kowal"
RUN_TIMEOUT_SECONDS = 120.0
# AppTest sets session state from the main thread, which these modules warn about each time.
NOISY_LOGGERS = (
    "streamlit.runtime.scriptrunner_utils.script_run_context",
    "streamlit.runtime.state.session_state_proxy",
)
# Drawn by the map page's own HTML (the first of its three columns).
MAP_COLUMN_TITLE = "Waar maken we ons zorgen over?"


@dataclass(frozen=True)
class RerunFigures:
    bare: Figure
    case_list: Figure
    case_list_search: Figure
    map_page: Figure
    rows_listed: str
    rows_found: str
    map_shown: str


@contextmanager
def _compiled_once() -> Iterator[None]:
    """Let AppTest keep compiled scripts between reruns, as a running server does.

    AppTest makes a new ScriptCache for every run, so each rerun would recompile (and
    re-parse for 'magic') the entry script and the page: cost a real server pays once per
    process. Both the bare baseline and the app share the patch, so the ratio stays fair.
    """
    from streamlit.testing.v1 import app_test, local_script_runner

    shared = ScriptCache()
    modules = (app_test, local_script_runner)
    saved = [vars(module)["ScriptCache"] for module in modules]
    for module in modules:
        vars(module)["ScriptCache"] = lambda: shared
    try:
        yield
    finally:
        for module, original in zip(modules, saved, strict=True):
            vars(module)["ScriptCache"] = original


@contextmanager
def _environment(**values: str) -> Iterator[None]:
    saved = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def _logged_in_app(register: GeneratedRegister, **state: object) -> AppTest:
    app = AppTest.from_file(str(ENTRY_SCRIPT), default_timeout=RUN_TIMEOUT_SECONDS)
    app.session_state["user_id"] = register.counsellor_id
    app.session_state["last_activity"] = time.time()
    for key, value in state.items():
        app.session_state[key] = value
    _checked_run(app)
    try:
        app.text_input(key="case_list_search")
    except KeyError:
        raise RuntimeError("the case list did not render (still on the login page?)") from None
    return app


def _checked_run(app: AppTest) -> float:
    """Milliseconds of one rerun; refuse to report the time of a page that failed."""
    elapsed = time_ms(app.run)
    if app.exception:
        raise RuntimeError(f"the app raised: {[e.message for e in app.exception]}")
    return elapsed


def _user_rerun(app: AppTest) -> float:
    app.session_state["last_activity"] = time.time()  # a user action, as a click would be
    return _checked_run(app)


def _map_app(register: GeneratedRegister, case: LargeCase) -> tuple[AppTest, str]:
    """Logged in, the large case and its latest meeting open, on the map page.

    Returns the app and the map's header, to show what was measured.
    """
    app = _logged_in_app(register, **{CASE_KEY: case.case_id,
                                      MEETING_KEY: case.latest_meeting_id})
    app.switch_page(MAP_PAGE)
    _checked_run(app)
    headers = [str(h.value) for h in app.header]
    expected = f"Bijeenkomst {len(case.meeting_ids)} "
    if not any(expected in h for h in headers):
        raise RuntimeError(f"not the large case's latest map: headers {headers}")
    bodies = [str(element.proto.body) for element in app.get("html")]
    if not any(MAP_COLUMN_TITLE in body for body in bodies):
        raise RuntimeError("the map page did not draw the map")
    return app, headers[0]


def _count_caption(app: AppTest) -> str:
    """The case list's 'Dossiers 1–50 van <n>' caption, to show what was measured."""
    counts = [str(c.value) for c in app.caption if str(c.value).startswith("Dossiers ")]
    return counts[0] if counts else "?"


def _alternate(
    app: AppTest,
    bare: AppTest,
    *,
    warmups: int,
    runs: int,
    budget_seconds: float,
) -> tuple[list[float], list[float]]:
    """Time app and bare reruns in turn; stop after ``runs`` or when the budget is spent."""
    for _ in range(warmups):
        _user_rerun(app)
        bare.run()
    app_ms: list[float] = []
    bare_ms: list[float] = []
    deadline = time.monotonic() + budget_seconds
    while len(app_ms) < runs and (len(app_ms) < 3 or time.monotonic() < deadline):
        bare_ms.append(time_ms(bare.run))
        app_ms.append(_user_rerun(app))
    return app_ms, bare_ms


def measure(
    register: GeneratedRegister,
    large_case: LargeCase,
    *,
    data_dir: str,
    runs: int = 30,
    warmups: int = 3,
    budget_seconds: float = 40.0,
) -> RerunFigures:
    """Time the plain and the searched case list reruns, then the large case's map page.

    One bare baseline for all three: its reruns alternate with each figure's and are pooled.
    """
    for name in NOISY_LOGGERS:
        get_logger(name).disabled = True
    with _environment(SOFS_DATABASE_URL=register.url, SOFS_DATA_DIR=data_dir), _compiled_once():
        bare = AppTest.from_file(str(BARE_APP), default_timeout=RUN_TIMEOUT_SECONDS)
        bare.run()
        app = _logged_in_app(register)
        rows_listed = _count_caption(app)
        listed, bare_ms = _alternate(
            app, bare, warmups=warmups, runs=runs, budget_seconds=budget_seconds
        )
        app.text_input(key="case_list_search").input(SEARCH_TEXT)
        _checked_run(app)
        rows_found = _count_caption(app)
        searched, bare_more = _alternate(
            app, bare, warmups=1, runs=runs, budget_seconds=budget_seconds / 2
        )
        map_app, map_header = _map_app(register, large_case)
        mapped, bare_map = _alternate(
            map_app, bare, warmups=warmups, runs=runs, budget_seconds=budget_seconds
        )
    return RerunFigures(
        bare=Figure("bare_page_rerun", (*bare_ms, *bare_more, *bare_map)),
        case_list=Figure("case_list_rerun", tuple(listed)),
        case_list_search=Figure("case_list_search_rerun", tuple(searched)),
        map_page=Figure("map_page_rerun", tuple(mapped)),
        rows_listed=rows_listed,
        rows_found=f"{rows_found} for {SEARCH_TEXT!r}",
        map_shown=f"{map_header!r}, large case of {large_case.describe()}",
    )
