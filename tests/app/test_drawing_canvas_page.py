"""The drawing canvas on the child's-voice page through AppTest: the canvas is shown behind
its switch, and saving it before anything is drawn is refused in Dutch with nothing stored
(drawing strokes needs a browser: tests/browser/test_drawing_canvas.py)."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import func, select
from streamlit.testing.v1 import AppTest

from storage.db import make_engine, session_factory
from storage.models import ChildDrawing, ChildHouses

PAGE = "views/child_voice.py"


def _counts(url: str) -> tuple[int, int]:
    with session_factory(make_engine(url))() as s:
        return (s.scalar(select(func.count()).select_from(ChildDrawing)) or 0,
                s.scalar(select(func.count()).select_from(ChildHouses)) or 0)


def test_an_empty_canvas_is_refused_and_nothing_is_saved(
    logged_in: Callable[..., AppTest], app_env: str
) -> None:
    at = logged_in(PAGE, meeting=True)
    before = _counts(app_env)
    assert not [w for w in at.selectbox if w.label == "Kleur"]  # the canvas waits for its switch
    next(w for w in at.button_group if w.label == "Een tekening toevoegen: hoe?"
         ).set_value("draw").run()
    assert not at.exception
    assert [w.label for w in at.selectbox if w.label == "Kleur"] == ["Kleur"]
    next(b for b in at.button if b.label == "Tekening bewaren").click().run()
    assert not at.exception
    assert any("De tekening is nog leeg" in e.value for e in at.error)
    assert _counts(app_env) == before  # no drawing, and no houses begun for it
