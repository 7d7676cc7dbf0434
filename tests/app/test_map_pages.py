"""The meetings, map, scaling and meeting-view pages through AppTest, on the demo case."""

from __future__ import annotations

import re
from collections.abc import Callable

from sqlalchemy import func, select
from streamlit.testing.v1 import AppTest

from sofs_core.codes import EntryCategory, RaterRole
from storage.db import make_engine, session_factory
from storage.models import MapEntry, Meeting, Rating
from tests.app.conftest import latest_meeting_id
from tests.app.test_pages import all_text, html_bodies


def count(url: str, model: type, *where: object) -> int:
    with session_factory(make_engine(url))() as s:
        return s.scalar(select(func.count()).select_from(model).where(*where)) or 0


DEMO_ICON = ":material/science:"


def map_warnings(at: AppTest) -> list[str]:
    """The page's own warnings, without the demo banner."""
    return [w.value for w in at.warning if w.icon != DEMO_ICON]


def button(at: AppTest, label: str):
    return next(b for b in at.button if b.label == label)


def test_map_shows_bottom_lines_three_columns_and_pairs(
    logged_in: Callable[..., AppTest]
) -> None:
    at = logged_in("views/map.py", meeting=True)
    text = all_text(at)
    for heading in ("Bodemeisen", "Waar maken we ons zorgen over?", "Wat gaat er goed?",
                    "Wat moet er gebeuren?", "Zorgverklaringen en hun veiligheidsdoel"):
        assert heading in text
    assert "Tante Małgorzata leest de brieven nu samen met haar." in text
    assert "Bijeenkomst 3 · Evaluatie · 03/11/2026" in text
    assert "Netwerkbijeenkomst met oma" not in text  # done, and left out at meeting 2
    assert map_warnings(at) == []  # both danger statements have a goal


def test_adding_an_entry_and_refusing_an_empty_one(
    logged_in: Callable[..., AppTest], app_env: str
) -> None:
    meeting = latest_meeting_id(app_env)
    before = count(app_env, MapEntry, MapEntry.meeting_id == meeting)
    at = logged_in("views/map.py", meeting=True)
    at.segmented_control(key="map_add_category").set_value(EntryCategory.STRENGTH).run()
    button(at, "Toevoegen").click().run()
    assert "Tekst: vul dit in." in at.error[0].value
    assert count(app_env, MapEntry, MapEntry.meeting_id == meeting) == before
    text_area = next(w for w in at.text_area if w.label == "Tekst *")
    text_area.input("Emre <b>lacht</b> weer & www.example.org")
    button(at, "Toevoegen").click().run()
    assert count(app_env, MapEntry, MapEntry.meeting_id == meeting) == before + 1
    shown = "\n".join(html_bodies(at))
    assert "Emre &lt;b&gt;lacht&lt;/b&gt; weer &amp; www.example.org" in shown


def test_a_danger_statement_without_goal_warns(
    logged_in: Callable[..., AppTest]
) -> None:
    at = logged_in("views/map.py", meeting=True)
    at.segmented_control(key="map_add_category").set_value(
        EntryCategory.DANGER_STATEMENT).run()
    assert any("Zinsbouw" in i.value for i in at.info)  # the sentence frame is offered
    next(w for w in at.text_area if w.label == "Tekst *").input("Nieuwe zorg")
    button(at, "Toevoegen").click().run()
    assert map_warnings(at) == ["Zorgverklaring 3 heeft nog geen veiligheidsdoel."]


def test_removing_a_danger_statement_asks_first_and_says_what_hangs_on_it(
    logged_in: Callable[..., AppTest], app_env: str
) -> None:
    meeting = latest_meeting_id(app_env)
    at = logged_in("views/map.py", meeting=True)
    at.session_state["map_edit_open"] = True  # the panel to change an entry
    at.run()
    choice = at.selectbox(key="map_edit_choice")
    danger = next(o for o in choice.options if o.startswith("Zorgverklaringen 1"))
    choice.select(danger).run()
    button(at, "Weglaten").click().run()
    assert "1 veiligheidsdoel en 4 score(s)" in map_warnings(at)[0]
    assert count(app_env, Rating, Rating.meeting_id == meeting) == 8  # nothing removed yet
    button(at, "Ja, weglaten").click().run()
    assert count(app_env, Rating, Rating.meeting_id == meeting) == 4  # the whole-case answers
    assert count(app_env, MapEntry, MapEntry.meeting_id == meeting,
                 MapEntry.category == EntryCategory.SAFETY_GOAL) == 1


def test_changes_since_the_previous_meeting_are_listed(
    logged_in: Callable[..., AppTest]
) -> None:
    at = logged_in("views/map.py", meeting=True)
    assert "Aangepast" not in all_text(at)  # only worked out when the panel is opened
    at.session_state["map_changes_open"] = True
    text = all_text(at.run())
    assert "Aangepast" in text and "Tante Małgorzata leest de brieven" in text


def rater_box(at: AppTest):
    return next(s for s in at.selectbox if s.label == "Wie antwoordt *")


def pick_rater(at: AppTest, name: str) -> None:
    box = rater_box(at)
    box.select_index(box.options.index(name)).run()


def test_scaling_records_an_answer_from_those_present_and_asks_the_next(
    logged_in: Callable[..., AppTest], app_env: str
) -> None:
    meeting = latest_meeting_id(app_env)
    at = logged_in("views/scaling.py", meeting=True)
    assert at.get("vega_lite_chart"), "the history chart is drawn"
    # One subject's history at a time: the demo's scores about its first danger statement.
    [history] = [s for s in at.selectbox if s.key and s.key.startswith("scaling_history:")]
    history.select_index(1).run()
    assert len(at.get("vega_lite_chart")) == 1
    assert "uiteen van 5 tot 7" in all_text(at)
    # No free text for who answers: the people present at this meeting.
    assert not [w for w in at.text_input if "antwoordt" in w.label]
    assert rater_box(at).options == ["Elif", "Karim", "Ayşe Yılmaz", "Małgorzata Kowalska",
                                     "Lotte Peeters", "Sofie Van den Broeck"]
    # The question and what 0 and 10 mean are on the page, not in a closed panel.
    assert not [e for e in at.expander if "Vraag" in e.label]
    question = next(w for w in at.text_area if w.label == "Vraag")
    assert question.value.startswith("Op een schaal van 0 tot 10")
    pick_rater(at, "Ayşe Yılmaz")
    at.get("button_group")[0].set_value(8)  # the 0..10 pills
    button(at, "Antwoord opslaan").click().run()
    assert "Het antwoord is opgeslagen." in at.success[0].value
    with session_factory(make_engine(app_env))() as s:
        saved = s.scalars(select(Rating).where(Rating.meeting_id == meeting,
                                               Rating.rater_name == "Ayşe Yılmaz")).one()
        assert (saved.score, saved.rater_role, saved.danger_lineage) == (
            8, RaterRole.NETWORK_MEMBER, None)
    # The next one present who has not answered about the whole situation is asked next.
    box = rater_box(at)
    assert box.index is not None and box.options[box.index] == "Małgorzata Kowalska"
    pick_rater(at, "Elif")
    at.get("button_group")[0].set_value(3)
    button(at, "Antwoord opslaan").click().run()
    assert "al beantwoord" in at.error[0].value


def test_scaling_asks_the_first_who_has_not_answered_and_needs_a_score(
    logged_in: Callable[..., AppTest]
) -> None:
    at = logged_in("views/scaling.py", meeting=True)
    box = rater_box(at)  # the four who answered at the demo's meeting are passed over
    assert box.index is not None and box.options[box.index] == "Ayşe Yılmaz"
    button(at, "Antwoord opslaan").click().run()
    assert "Score: vul dit in." in at.error[0].value


def test_scaling_tables_never_cut_a_word_and_one_answer_says_so(
    logged_in: Callable[..., AppTest]
) -> None:
    at = logged_in("views/meetings.py", case=True)
    button(at, "Bijeenkomst starten").click().run()  # a new meeting: no answers yet
    at.switch_page("views/scaling.py").run()
    pick_rater(at, "Lotte Peeters")
    at.get("button_group")[0].set_value(6)
    button(at, "Antwoord opslaan").click().run()
    text = all_text(at)
    assert "Bij deze bijeenkomst is er één antwoord: 6." in text
    assert "verschil 0" not in text
    tables = [b for b in html_bodies(at) if "<table" in b]
    assert tables and all("word-break:normal;overflow-wrap:normal" in b for b in tables)
    assert not at.dataframe  # dataframes cut long names and headings


def test_meeting_view_is_large_and_read_only(logged_in: Callable[..., AppTest]) -> None:
    at = logged_in("views/meeting_view.py", meeting=True)
    bodies = "\n".join(html_bodies(at))
    sizes = [int(s) for s in re.findall(r"font-size:(\d+)px", bodies)]
    assert sizes and min(sizes) >= 24
    main = at.main
    assert not main.text_input and not main.text_area and not main.selectbox  # nothing to edit
    assert "Waar staan we nu?" in bodies


def test_opening_a_new_meeting_copies_the_map(
    logged_in: Callable[..., AppTest], app_env: str
) -> None:
    before = count(app_env, Meeting)
    at = logged_in("views/meetings.py", case=True)
    button(at, "Bijeenkomst starten").click().run()
    assert count(app_env, Meeting) == before + 1
    assert "De bijeenkomst is gestart." in at.success[0].value
    assert "Tante Małgorzata leest de brieven nu samen met haar." in all_text(at)
