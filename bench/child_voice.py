"""A child's Three Houses page with three drawings, rerun server-side, against a bare page.

As `bench.rerun` and `bench.pages` do: AppTest runs the entry script and the page in this
process, logged in by session state, with the demo family's review meeting open and Jonas
chosen. The demo gives Jonas's houses one drawing; two more photographed drawings (1600 x
1200 JPEG, re-encoded as an upload is) make three. The figure is `three_houses_rerun`
against `bare_page_rerun` (issue 15: at most 100 ms and at most 5x).

Run alone with `python -m bench.child_voice`.
"""

from __future__ import annotations

import io
import random
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw
from sqlalchemy import select
from streamlit.logger import get_logger
from streamlit.testing.v1 import AppTest

from auth import Actor
from bench import rerun
from bench.common import BARE_APP, Figure, baseline_line, figure_line, spread, target_line
from bench.generate import GeneratedRegister, build_register
from mapping.child_voice import add_drawing, children_of_case, get_houses
from sofs_admin.demo import DEMO_FAMILY_NAME
from sofs_app.components.case_state import CASE_KEY, MEETING_KEY
from sofs_app.paths import CHILD_VOICE_PAGE
from sofs_core.codes import Sharing, VoiceTool
from storage.db import make_engine, session_factory, transaction
from storage.models import Case, Family, Meeting, User

MAX_MS = 100.0
MAX_RATIO = 5.0
DRAWINGS = 3
CHILD = "Jonas"


@dataclass(frozen=True)
class ThreeHouses:
    case_id: int
    meeting_id: int
    child_id: int
    drawings: int


def _photo(seed: int) -> bytes:
    """A photographed paper drawing: coloured strokes on an off-white sheet."""
    rng = random.Random(seed)
    image = Image.new("RGB", (1600, 1200), (246, 243, 236))
    pen = ImageDraw.Draw(image)
    for _ in range(60):
        pen.line([rng.randrange(1600), rng.randrange(1200), rng.randrange(1600),
                  rng.randrange(1200)], fill=(rng.randrange(220), 60, 120), width=8)
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=90)
    return out.getvalue()


def add_drawings(register: GeneratedRegister) -> ThreeHouses:
    """Jonas's Three Houses at the demo's latest meeting, brought to three drawings."""
    engine = make_engine(register.url)
    with transaction(session_factory(engine)) as s:
        user = s.get_one(User, register.counsellor_id)
        actor = Actor(user.id, user.username, user.display_name, user.role, None, user.team_id)
        case_id = s.scalars(select(Case.id).join(Family, Family.id == Case.family_id)
                            .where(Family.name == DEMO_FAMILY_NAME)).one()
        meeting_id = s.scalars(select(Meeting.id).where(Meeting.case_id == case_id)
                               .order_by(Meeting.held_on.desc()).limit(1)).one()
        child_id = next(c.id for c in children_of_case(session=s, actor=actor, case_id=case_id)
                        if c.first_name == CHILD)
        houses = get_houses(session=s, actor=actor, meeting_id=meeting_id, child_id=child_id,
                            tool=VoiceTool.THREE_HOUSES)
        if houses.id is None:
            raise RuntimeError(f"the demo has no Three Houses for {CHILD}")
        for seed in range(len(houses.drawings), DRAWINGS):
            houses = add_drawing(session=s, actor=actor, houses_id=houses.id or 0,
                                 expected_version=houses.version, content=_photo(seed),
                                 sharing=Sharing.SHARE)
        drawings = len(houses.drawings)
    engine.dispose()
    return ThreeHouses(case_id, meeting_id, child_id, drawings)


def _page(register: GeneratedRegister, houses: ThreeHouses) -> AppTest:
    app = AppTest.from_file(str(rerun.ENTRY_SCRIPT), default_timeout=rerun.RUN_TIMEOUT_SECONDS)
    app.session_state["user_id"] = register.counsellor_id
    app.session_state["last_activity"] = time.time()
    app.session_state[CASE_KEY] = houses.case_id
    app.session_state[MEETING_KEY] = houses.meeting_id
    app.session_state[f"voice_child:{houses.case_id}"] = houses.child_id
    rerun._checked_run(app)
    app.switch_page(CHILD_VOICE_PAGE)
    rerun._checked_run(app)
    shown = sum(len(element.proto.imgs) for element in app.get("image"))
    if shown != houses.drawings:
        raise RuntimeError(f"the page shows {shown} drawings, not {houses.drawings}")
    if not [h for h in app.get("html") if "voetballen met Emre" in str(h.proto.body)]:
        raise RuntimeError(f"the page does not show {CHILD}'s words")
    return app


@dataclass(frozen=True)
class ThreeHousesFigures:
    bare: Figure
    three_houses: Figure
    shown: str


def measure(register: GeneratedRegister, *, data_dir: str, runs: int = 30, warmups: int = 3,
            budget_seconds: float = 30.0) -> ThreeHousesFigures:
    for name in rerun.NOISY_LOGGERS:
        get_logger(name).disabled = True
    houses = add_drawings(register)
    with (rerun._environment(SOFS_DATABASE_URL=register.url, SOFS_DATA_DIR=data_dir),
          rerun._compiled_once()):
        bare = AppTest.from_file(str(BARE_APP), default_timeout=rerun.RUN_TIMEOUT_SECONDS)
        bare.run()
        app = _page(register, houses)
        timed, bare_ms = rerun._alternate(app, bare, warmups=warmups, runs=runs,
                                          budget_seconds=budget_seconds)
    return ThreeHousesFigures(Figure("bare_page_rerun", tuple(bare_ms)),
                              Figure("three_houses_rerun", tuple(timed)),
                              f"{CHILD}'s Three Houses with {houses.drawings} drawings")


def report(register: GeneratedRegister, *, data_dir: str) -> None:
    figures = measure(register, data_dir=data_dir)
    print(baseline_line(figures.bare))
    print(figure_line(figures.three_houses, figures.bare))
    print(spread(figures.bare))
    print(f"{spread(figures.three_houses)} showing {figures.shown}")
    print(target_line(figures.three_houses, figures.bare, max_ms=MAX_MS, max_ratio=MAX_RATIO))
    sys.stdout.flush()


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="sofs-bench-voice-") as tmp:
        report(build_register(Path(tmp), cases=10), data_dir=tmp)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
