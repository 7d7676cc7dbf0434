"""The Safety House tab of the child's voice page through AppTest, on the demo case."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import select
from streamlit.testing.v1 import AppTest

from sofs_core.codes import SafetyHousePart, Sharing
from storage.db import make_engine, session_factory
from storage.models import Person, SafetyHouse, SafetyHouseItem

PAGE = "views/child_voice.py"


def _of(child: str):  # type: ignore[no-untyped-def]
    """The child's house (the page opens on Emre; the demo has Jonas's and Zeynep's)."""
    return select(SafetyHouse.id).join(Person, Person.id == SafetyHouse.child_id).where(
        Person.first_name == child)


def items(url: str, child: str = "Emre"
          ) -> list[tuple[SafetyHousePart, str, Sharing, int | None, bool]]:
    with session_factory(make_engine(url))() as s:
        return [(i.part, i.words, i.sharing, i.person_id, i.done) for i in s.scalars(
            select(SafetyHouseItem).where(SafetyHouseItem.house_id.in_(_of(child)))
            .order_by(SafetyHouseItem.position))]


def _open_tab(at: AppTest) -> None:
    """Choose the Safety House tab: only the chosen tab of the page is drawn."""
    at.session_state[f"voice_tab:{at.session_state['case_id']}"] = "Het veilige huis"
    at.run()
    assert not at.exception, at.exception


def _mine(widgets, label: str):  # type: ignore[no-untyped-def]
    """The Safety House's adding form's widget (the houses' form has the same labels)."""
    return next(w for w in widgets if w.label == label and (w.key or "").startswith(
        "house_add"))


def _add(at: AppTest, part: SafetyHousePart, words: str, sharing: Sharing,
         person: str | None = None) -> None:
    _mine(at.radio, "Waar hoort het bij?").set_value(part)
    if person is not None:
        box = _mine(at.selectbox, "Iemand uit het gezin of netwerk")
        box.select_index(box.options.index(person))
    _mine(at.text_area, "Naam, of de woorden van het kind").input(words)
    _mine(at.radio, "Wil het kind dit delen met de ouders?").set_value(sharing)
    next(b for b in at.button if b.label == "Toevoegen").click().run()


def test_the_safety_house_is_filled_step_by_step_shown_as_text_and_steps_ticked(
    logged_in: Callable[..., AppTest], app_env: str
) -> None:
    at = logged_in(PAGE, meeting=True)
    assert [tab.label for tab in at.tabs] == ["Zorgen, leuke dingen en dromen",
                                              "Het veilige huis"]
    # The houses' tab is drawn first and alone; the Safety House once its tab is chosen.
    assert not [b for b in at.selectbox if b.label == "Iemand uit het gezin of netwerk"]
    assert [r for r in at.radio if (r.key or "").startswith("voice_add")]
    _open_tab(at)
    assert not [r for r in at.radio if (r.key or "").startswith("voice_add")]
    box = next(b for b in at.selectbox if b.label == "Iemand uit het gezin of netwerk")
    picked = box.options[1]
    assert box.options[0] == "Niemand gekozen: zelf een naam schrijven"
    _add(at, SafetyHousePart.INSIDE, "", Sharing.SHARE, person=picked)
    assert not at.exception
    rule = "Niemand <b>roept</b>. ![x](http://example.org/x.png)"
    _add(at, SafetyHousePart.ROOF_RULE, rule, Sharing.SHARE)
    _add(at, SafetyHousePart.PATH_STEP, "Papa gaat naar de cursus", Sharing.PRIVATE)
    saved = items(app_env)
    assert [(p, w, s, d) for p, w, s, _, d in saved] == [
        (SafetyHousePart.INSIDE, picked, Sharing.SHARE, False),
        (SafetyHousePart.ROOF_RULE, rule, Sharing.SHARE, False),
        (SafetyHousePart.PATH_STEP, "Papa gaat naar de cursus", Sharing.PRIVATE, False)]
    assert saved[0][3] is not None  # the person picked, linked
    assert rule in [t.value for t in at.text]  # as text, never as markup
    next(b for b in at.button if b.label == "Gedaan").click().run()
    assert [d for *_, d in items(app_env)] == [False, False, True]
    assert "Toch nog niet" in [b.label for b in at.button]
    next(s for s in at.slider if s.label == "Waar staat het kind op het pad?").set_value(6).run()
    next(b for b in at.button if b.label == "Plaats opslaan").click().run()
    with session_factory(make_engine(app_env))() as s:
        assert s.scalars(select(SafetyHouse.path_position).where(
            SafetyHouse.id.in_(_of("Emre")))).one() == 6
    assert "**Het kind staat op 6 van 10.**" in [m.value for m in at.markdown]


def test_an_empty_rule_is_refused_in_dutch_and_nothing_is_saved(
    logged_in: Callable[..., AppTest], app_env: str
) -> None:
    at = logged_in(PAGE, meeting=True)
    _open_tab(at)
    _add(at, SafetyHousePart.ROOF_RULE, "   ", Sharing.SHARE)
    assert any("Woorden van het kind: vul dit in." in e.value for e in at.error)
    with session_factory(make_engine(app_env))() as s:
        assert s.scalars(select(SafetyHouse).where(SafetyHouse.id.in_(_of("Emre")))).all() == []
