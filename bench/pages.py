"""Every page of the app, rerun server-side on the large case, against a bare page rerun.

As `bench.rerun` does for the case list and the map: AppTest runs the entry script and the
page in this process (as the server does on each click), logged in by session state, with
the large case (`bench.generate.add_large_case` + `bench.large_family`) and its latest
meeting open. Each page's reruns alternate with bare ones; the figure is
`<page>_page_rerun` against `bare_page_rerun`. Before timing, a page must show what it is
for (a text of its own), so a page that bounced to another is never what is measured.

Run alone with `python -m bench.pages [name ...]` (names as in the figures, without
`_page_rerun`).
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from google.protobuf.json_format import MessageToDict
from google.protobuf.message import Message
from sqlalchemy import select
from streamlit.logger import get_logger
from streamlit.testing.v1 import AppTest

from auth import hash_password
from bench import rerun
from bench.common import BARE_APP, Figure, baseline_line, figure_line, spread, target_line, time_ms
from bench.generate import GeneratedRegister, LargeCase, add_large_case, build_register
from bench.large_family import LargeFamily, add_large_family
from i18n import load_catalogue
from sofs_app.components.case_state import CASE_KEY, MEETING_KEY
from sofs_core.codes import Role
from storage.db import make_engine, session_factory, transaction
from storage.models import User

MAX_MS = 100.0
MAX_RATIO = 10.0
LOCALE = "nl-BE"
PASSWORD_USER = "bench.nieuw"


@dataclass(frozen=True)
class PageSpec:
    """One page: its script, who opens it, and a catalogue text it must show."""

    name: str
    script: str
    username: str
    marker: str  # catalogue key (nl-BE) whose text the page shows
    marker_params: dict[str, object] = field(default_factory=dict)


def specs(family_name: str) -> list[PageSpec]:
    family = {"family": family_name}
    return [
        PageSpec("case_new", "views/case_new.py", "begeleider", "case_new.title"),
        PageSpec("case_edit", "views/case_edit.py", "begeleider", "case_edit.title"),
        PageSpec("case_overview", "views/case_overview.py", "begeleider",
                 "case_overview.members_section"),
        PageSpec("meetings", "views/meetings.py", "begeleider", "meetings.title"),
        PageSpec("scaling", "views/scaling.py", "begeleider", "scaling.history_title"),
        PageSpec("meeting_view", "views/meeting_view.py", "begeleider", "meeting_view.scales"),
        PageSpec("genogram", "views/genogram.py", "begeleider", "genogram_page.title", family),
        PageSpec("network", "views/network.py", "begeleider", "network_page.title", family),
        PageSpec("plan", "views/plan.py", "begeleider", "plan_page.title", family),
        PageSpec("child_voice", "views/child_voice.py", "begeleider", "child_voice.title"),
        PageSpec("words_pictures", "views/words_pictures.py", "begeleider",
                 "words_pictures.title"),
        PageSpec("registration", "views/registration.py", "begeleider",
                 "registration_page.title"),
        PageSpec("accounts", "views/accounts.py", "admin", "accounts.title"),
        PageSpec("audit", "views/audit.py", "admin", "audit.title"),
        PageSpec("team", "views/team.py", "teamleider", "team.title"),
        PageSpec("figures", "views/figures.py", "teamleider", "figures_page.title"),
        PageSpec("password", "views/password.py", PASSWORD_USER, "password.title"),
    ]


def _texts(message: Message) -> Iterator[str]:
    def walk(value: object) -> Iterator[str]:
        if isinstance(value, str):
            yield value
        elif isinstance(value, dict):
            for item in value.values():
                yield from walk(item)
        elif isinstance(value, list):
            for item in value:
                yield from walk(item)

    yield from walk(MessageToDict(message))


def page_text(app: AppTest) -> str:
    """Every text the run drew (labels, bodies, headings), for checking what is shown."""
    found: list[str] = []

    def walk(node: object) -> None:
        proto = getattr(node, "proto", None)
        if isinstance(proto, Message):
            found.extend(_texts(proto))
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(app._tree)
    return json.dumps(found, ensure_ascii=False)


def _user_ids(register: GeneratedRegister) -> dict[str, int]:
    """The demo accounts, and one whose password the administrator set (the password page)."""
    engine = make_engine(register.url)
    with transaction(session_factory(engine)) as session:
        if session.scalar(select(User.id).where(User.username == PASSWORD_USER)) is None:
            session.add(User(username=PASSWORD_USER, display_name="Nieuwe Collega",
                             password_hash=hash_password("not used by the benchmark"),
                             role=Role.COUNSELLOR, must_change_password=True))
        ids = {u.username: u.id for u in session.scalars(select(User))}
    engine.dispose()
    return ids


def _page_app(spec: PageSpec, user_id: int, case: LargeCase) -> AppTest:
    app = AppTest.from_file(str(rerun.ENTRY_SCRIPT), default_timeout=rerun.RUN_TIMEOUT_SECONDS)
    app.session_state["user_id"] = user_id
    app.session_state["last_activity"] = time.time()
    app.session_state[CASE_KEY] = case.case_id
    app.session_state[MEETING_KEY] = case.latest_meeting_id
    rerun._checked_run(app)
    if spec.script != "views/password.py":
        app.switch_page(spec.script)
    rerun._checked_run(app)
    expected = load_catalogue().text(LOCALE, spec.marker, **spec.marker_params)
    if expected not in page_text(app):
        raise RuntimeError(f"{spec.name}: the page does not show {expected!r}")
    return app


@dataclass(frozen=True)
class PageFigures:
    bare: Figure
    pages: list[Figure]


def measure(register: GeneratedRegister, case: LargeCase, family_name: str, *, data_dir: str,
            only: set[str] | None = None, runs: int = 20, warmups: int = 2,
            budget_seconds: float = 20.0) -> PageFigures:
    for name in rerun.NOISY_LOGGERS:
        get_logger(name).disabled = True
    users = _user_ids(register)
    figures: list[Figure] = []
    bare_all: list[float] = []
    with (rerun._environment(SOFS_DATABASE_URL=register.url, SOFS_DATA_DIR=data_dir),
          rerun._compiled_once()):
        bare = AppTest.from_file(str(BARE_APP), default_timeout=rerun.RUN_TIMEOUT_SECONDS)
        bare.run()
        for spec in specs(family_name):
            if only is not None and spec.name not in only:
                continue
            app = _page_app(spec, users[spec.username], case)
            timed, bare_ms = rerun._alternate(app, bare, warmups=warmups, runs=runs,
                                              budget_seconds=budget_seconds)
            figures.append(Figure(f"{spec.name}_page_rerun", tuple(timed)))
            bare_all += bare_ms
    if not bare_all:
        bare_all.append(time_ms(bare.run))
    return PageFigures(bare=Figure("bare_page_rerun", tuple(bare_all)), pages=figures)


def report(register: GeneratedRegister, case: LargeCase, family: LargeFamily, *,
           data_dir: str, only: set[str] | None = None, print_baseline: bool = False) -> None:
    """Print every page's figure in `make bench`'s format."""
    figures = measure(register, case, "Gezin Nowak-El Idrissi", data_dir=data_dir, only=only)
    if print_baseline:
        print(baseline_line(figures.bare))
    for figure in figures.pages:
        print(figure_line(figure, figures.bare))
    print(f"{spread(figures.bare)} beside the pages below")
    print(f"  (pages on the large case: {case.describe()}; {family.describe()})")
    for figure in figures.pages:
        print(spread(figure))
    for figure in figures.pages:
        print(target_line(figure, figures.bare, max_ms=MAX_MS, max_ratio=MAX_RATIO))
    sys.stdout.flush()


def main(names: list[str]) -> int:
    with tempfile.TemporaryDirectory(prefix="sofs-bench-pages-") as tmp:
        register = build_register(Path(tmp), cases=2000)
        case = add_large_case(register, meetings=20, entries=40, raters=8)
        family = add_large_family(register, case)
        report(register, case, family, data_dir=tmp, only=set(names) or None,
               print_baseline=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
