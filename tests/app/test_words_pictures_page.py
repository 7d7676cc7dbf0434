"""The Words and Pictures page through AppTest, on the demo case: start the story, write its
parts (markup shown as text), add a part, agree it (then it is frozen), start a copy."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import select
from streamlit.testing.v1 import AppTest

from sofs_core.codes import PlanStatus
from storage.db import make_engine, session_factory
from storage.models import WordsPicturesStory

PAGE = "views/words_pictures.py"


def button(at: AppTest, label: str):  # type: ignore[no-untyped-def]
    return next(b for b in at.button if b.label == label)


def stories(url: str) -> list[tuple[int, PlanStatus, list[str]]]:
    with session_factory(make_engine(url))() as s:
        return [(story.number, story.status, [p.text for p in story.parts])
                for story in s.scalars(select(WordsPicturesStory).order_by(
                    WordsPicturesStory.number))]


def test_a_story_is_written_agreed_frozen_and_copied(
    logged_in: Callable[..., AppTest], app_env: str
) -> None:
    at = logged_in(PAGE, case=True)
    # The demo's story (version 1) is agreed by Elif and Karim: changes start version 2, a copy.
    assert "Elif en Karim" in " ".join(str(m.value) for m in (*at.markdown, *at.caption))
    button(at, "Nieuwe versie (een kopie om te wijzigen)").click().run()
    assert not at.exception
    # The page shows the new draft at once, not the version it was on.
    versions = next(b for b in at.selectbox if b.label == "Versie")
    assert "Ontwerp" in versions.format_func(versions.value)
    headings = [h.value for h in at.subheader]
    assert "1. Wie maakt zich zorgen, en waarom?" in headings
    assert "4. Met wie kun je praten?" in headings
    said = "Papa riep <b>heel</b> hard. ![x](http://example.org/x.png)"
    texts = [w for w in at.text_area if w.label == "Wat we vertellen"]
    for area, words in zip(texts, ["Juf Ann was ongerust.", said, "Oma Rita komt.",
                                   "Bel oma Rita."], strict=False):
        area.input(words)
    button(at, "Verhaal opslaan").click().run()
    assert not at.exception
    assert stories(app_env)[1:] == [(2, PlanStatus.DRAFT, ["Juf Ann was ongerust.", said,
                                                            "Oma Rita komt.", "Bel oma Rita."])]
    at.text_input(key=next(w.key for w in at.text_input
                           if w.label == "Titel van het deel")).input("Voor Jonas")
    next(w for w in at.text_area if w.key and w.key.endswith(":text") and "wp_add" in w.key
         ).input("Jonas, je mag alles vragen.")
    button(at, "Deel toevoegen").click().run()
    assert "5. Voor Jonas" in [h.value for h in at.subheader]
    next(w for w in at.text_input if w.label == "Wie is akkoord?").input("Ayşe en Mehmet")
    button(at, "Akkoord vastleggen").click().run()
    assert not at.exception
    assert stories(app_env)[1][1] is PlanStatus.AGREED
    assert said in [t.value for t in at.text]  # frozen: shown as text, never as markup
    assert not [w for w in at.text_area if w.label == "Wat we vertellen"]
    button(at, "Nieuwe versie (een kopie om te wijzigen)").click().run()
    assert [(n, s) for n, s, _ in stories(app_env)] == [(1, PlanStatus.AGREED),
                                                        (2, PlanStatus.AGREED),
                                                        (3, PlanStatus.DRAFT)]
    assert stories(app_env)[2][2] == stories(app_env)[1][2]


def test_the_case_overview_leads_to_the_page(logged_in: Callable[..., AppTest]) -> None:
    at = logged_in("views/case_overview.py", case=True)
    button(at, "Woord en beeld").click().run()
    assert not at.exception
    assert "Woord en beeld" in [h.value for h in at.header]
