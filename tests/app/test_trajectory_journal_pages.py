"""The trajectory on the case overview and the safety journal on the plan page, through
AppTest on the demo case."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import func, select
from streamlit.testing.v1 import AppTest

from storage.db import make_engine, session_factory
from storage.models import JournalEntry, Trajectory, TrajectoryStep

OVERVIEW, PLAN = "views/case_overview.py", "views/plan.py"


def _html(at: AppTest) -> str:
    return "".join(str(e.proto.body) for e in at.get("html"))


def test_the_overview_draws_the_road_with_the_familys_words_as_text(
    logged_in: Callable[..., AppTest], app_env: str
) -> None:
    at = logged_in(OVERVIEW, case=True)
    drawn = _html(at)
    assert "<svg" in drawn and "Eerste gesprek" in drawn and "nu aan de beurt" in drawn
    assert "Met oma Ayşe, tante" in drawn  # the next step, under its dot
    assert "Wat nu komt: 08/12/2026, Samen met het netwerk" in drawn
    assert "Traject afdrukken (A4)" in [b.label for b in at.get("download_button")]
    at.toggle(key="overview_panel:trajectory").set_value(True).run()
    words = "Als <script>alert(1)</script> alles rustig blijft"
    at.text_area(key="trajectory:closure").input(words)
    at.number_input(key="trajectory:weeks").set_value(16)
    next(b for b in at.button if b.label == "Opslaan").click().run()
    assert not at.exception
    assert "<script>" not in _html(at)  # escaped in the drawing
    assert words in [t.value for t in at.text]  # shown as text
    with session_factory(make_engine(app_env))() as s:
        saved = s.scalars(select(Trajectory)).one()
    assert (saved.works_weeks, saved.closure_words) == (16, words)


def test_a_step_without_a_date_is_refused_and_one_with_a_date_is_on_the_road(
    logged_in: Callable[..., AppTest], app_env: str
) -> None:
    at = logged_in(OVERVIEW, case=True)
    at.toggle(key="overview_panel:trajectory").set_value(True).run()
    at.text_input(key="trajectory_step:text").input("Huisbezoek met oma")
    next(b for b in at.button if b.label == "Stap toevoegen").click().run()
    assert "Kies een datum voor de stap." in [e.value for e in at.error]

    def steps() -> int:
        with session_factory(make_engine(app_env))() as s:
            return s.scalar(select(func.count(TrajectoryStep.id))) or 0

    assert steps() == 3
    at.date_input(key="trajectory_step:on").set_value("2026-12-20")
    at.text_input(key="trajectory_step:text").input("Huisbezoek met oma")
    next(b for b in at.button if b.label == "Stap toevoegen").click().run()
    assert not at.exception and steps() == 4
    assert "Huisbezoek met oma" in _html(at)


def test_the_plan_page_counts_the_journal_and_takes_a_report(
    logged_in: Callable[..., AppTest], app_env: str
) -> None:
    at = logged_in(PLAN, case=True)
    tables = [d.value for d in at.dataframe]
    counts = next(t for t in tables if "Gelukt (laatste 2 weken)" in t.columns)
    assert list(counts["Gelukt (in totaal)"]) == [3, 2, 1, 2]
    assert list(counts["Niet gelukt (in totaal)"]) == [1, 0, 1, 0]

    def reports() -> int:
        with session_factory(make_engine(app_env))() as s:
            return s.scalar(select(func.count(JournalEntry.id))) or 0

    # The report form is drawn only while its panel is open.
    assert not [w for w in at.selectbox if w.key == "journal_add:who"]
    at.session_state["journal_add_open"] = True
    at.run()
    # Without an agreement: a message, nothing saved.
    at.selectbox(key="journal_add:who").select_index(0)
    next(b for b in at.button if b.label == "In het dagboek zetten").click().run()
    assert "Kies de afspraak." in [e.value for e in at.error]
    assert reports() == 10
    at.selectbox(key="journal_add:rule").select_index(0)
    at.radio(key="journal_add:kept").set_value("no")
    at.text_area(key="journal_add:what").input("Karim bleef binnen. **Niet vet**")
    next(b for b in at.button if b.label == "In het dagboek zetten").click().run()
    assert not at.exception and reports() == 11
    shown = [d.value for d in at.dataframe]
    assert any("Karim bleef binnen. **Niet vet**" in list(t.get("Wat gebeurde er? (hun woorden)",
                                                                  [])) for t in shown)
