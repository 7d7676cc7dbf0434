"""Who is at a meeting, through AppTest: picked from the case's people, then used by the
scaling answers and the next steps of the map."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import select
from streamlit.testing.v1 import AppTest

from sofs_core.codes import EntryCategory, ParticipantRole, RaterRole
from storage.db import make_engine, session_factory
from storage.models import MapEntry, Meeting, MeetingParticipant, Person, Rating, User
from tests.app.conftest import latest_meeting_id
from tests.app.test_map_pages import button, pick_rater, rater_box


def multiselect(at: AppTest, label: str):
    return next(m for m in at.multiselect if m.label == label)


def newest_meeting(url: str) -> int:
    with session_factory(make_engine(url))() as s:
        found = s.scalar(select(Meeting.id).order_by(Meeting.id.desc()).limit(1))
    assert found is not None
    return found


def test_a_new_meeting_records_family_network_and_professionals_by_pick_and_by_name(
    logged_in: Callable[..., AppTest], app_env: str
) -> None:
    at = logged_in("views/meetings.py", case=True)
    family = multiselect(at, "Aanwezige gezinsleden")
    network = multiselect(at, "Aanwezige netwerkleden")
    professionals = multiselect(at, "Aanwezige professionals")
    # The network's members from outside the family; the accounts working on the case.
    assert network.options == ["An Claes", "Marleen De Vos"]
    assert "Sofie Van den Broeck" in professionals.options  # the consultant it is shared with
    assert professionals.value and len(professionals.value) == 1  # the counsellor herself
    family.set_value([i for i, name in _ids(app_env, "persons", family.options)
                      if name in ("Elif Yılmaz", "Zeynep Kowalska", "Ayşe Yılmaz")])
    network.set_value([i for i, name in _ids(app_env, "persons", network.options)
                       if name == "Marleen De Vos"])
    next(w for w in at.text_area if w.label == "Andere aanwezigen uit het netwerk").input(
        "Meester Jan")
    next(w for w in at.text_area if w.label == "Andere aanwezige professionals").input(
        "Dokter Peeters")
    button(at, "Bijeenkomst starten").click().run()
    assert not at.exception and not at.error
    meeting = newest_meeting(app_env)
    with session_factory(make_engine(app_env))() as s:
        rows = s.execute(select(MeetingParticipant.name, MeetingParticipant.role,
                                MeetingParticipant.person_id.is_not(None),
                                MeetingParticipant.user_id.is_not(None))
                         .where(MeetingParticipant.meeting_id == meeting)).all()
    assert sorted(rows) == sorted([
        ("Ayşe Yılmaz", ParticipantRole.FAMILY, True, False),
        ("Elif Yılmaz", ParticipantRole.FAMILY, True, False),
        ("Zeynep Kowalska", ParticipantRole.FAMILY, True, False),
        ("Marleen De Vos", ParticipantRole.NETWORK, True, False),
        ("Meester Jan", ParticipantRole.NETWORK, False, False),
        ("Lotte Peeters", ParticipantRole.PROFESSIONAL, False, True),
        ("Dokter Peeters", ParticipantRole.PROFESSIONAL, False, False),
    ])

    # Scaling answers come from those present, each in the role they answer in.
    at.switch_page("views/scaling.py").run()
    assert rater_box(at).options == ["Ayşe Yılmaz", "Elif Yılmaz", "Zeynep Kowalska",
                                     "Marleen De Vos", "Meester Jan", "Lotte Peeters",
                                     "Dokter Peeters"]
    for name, score in (("Zeynep Kowalska", 4), ("Elif Yılmaz", 6), ("Ayşe Yılmaz", 7)):
        pick_rater(at, name)
        at.get("button_group")[0].set_value(score)
        button(at, "Antwoord opslaan").click().run()
        assert not at.error
    with session_factory(make_engine(app_env))() as s:
        roles = dict(s.execute(select(Rating.rater_name, Rating.rater_role)
                               .where(Rating.meeting_id == meeting)).all())
    assert roles == {"Zeynep Kowalska": RaterRole.CHILD, "Elif Yılmaz": RaterRole.PARENT,
                     "Ayşe Yılmaz": RaterRole.NETWORK_MEMBER}


def _ids(url: str, table: str, names: list[str]) -> list[tuple[int, str]]:
    """The ids behind the shown names of a multiselect (persons or users)."""
    with session_factory(make_engine(url))() as s:
        if table == "users":
            known = {name: i for i, name in s.execute(select(User.id, User.display_name))}
        else:
            known = {f"{p.first_name} {p.last_name}".strip(): p.id
                     for p in s.scalars(select(Person))}
    return [(known[name], name) for name in names]


def test_someone_who_comes_late_is_added_and_can_answer(
    logged_in: Callable[..., AppTest], app_env: str
) -> None:
    at = logged_in("views/scaling.py", meeting=True)
    assert "Zeynep Kowalska" not in rater_box(at).options
    at.session_state["attendance_open:" + str(latest_meeting_id(app_env))] = True
    at.run()
    family = multiselect(at, "Aanwezige gezinsleden")
    family.set_value([i for i, name in _ids(app_env, "persons", family.options)
                      if name == "Zeynep Kowalska"])
    button(at, "Aanwezigen opslaan").click().run()
    assert "De aanwezigen zijn opgeslagen." in at.success[0].value
    options = rater_box(at).options
    # The free names of the demo's meeting stay; Zeynep is added from the family.
    assert options[0] == "Zeynep Kowalska" and "Lotte Peeters" in options


def test_a_next_step_picks_its_who_from_those_present_and_keeps_an_earlier_name(
    logged_in: Callable[..., AppTest], app_env: str
) -> None:
    at = logged_in("views/map.py", meeting=True)
    at.segmented_control(key="map_add_category").set_value(EntryCategory.NEXT_STEP).run()
    who = next(s for s in at.selectbox if s.label == "Wie")
    assert who.options == ["Elif", "Karim", "Ayşe Yılmaz", "Małgorzata Kowalska",
                           "Lotte Peeters", "Sofie Van den Broeck"]
    next(w for w in at.text_area if w.label == "Tekst *").input("Oma belt de school.")
    who.select("Ayşe Yılmaz")
    button(at, "Toevoegen").click().run()
    with session_factory(make_engine(app_env))() as s:
        saved = s.scalars(select(MapEntry.who).where(
            MapEntry.text == "Oma belt de school.")).one()
    assert saved == "Ayşe Yılmaz"
    # A name given before, of someone not present now, stays the step's "who" when edited.
    at.session_state["map_edit_open"] = True  # the panel to change an entry
    at.run()
    choice = at.selectbox(key="map_edit_choice")
    choice.select(next(o for o in choice.options if "veiligheidsplan samen" in o)).run()
    edit_who = [s for s in at.selectbox if s.label == "Wie"][-1]
    assert edit_who.value == "Lotte" and "Lotte" in edit_who.options


def test_with_nobody_present_the_page_says_where_to_record_them(
    logged_in: Callable[..., AppTest]
) -> None:
    at = logged_in("views/meetings.py", case=True)
    multiselect(at, "Aanwezige professionals").set_value([])
    button(at, "Bijeenkomst starten").click().run()
    at.switch_page("views/scaling.py").run()
    assert rater_box(at).options == []
    assert any("Wie is er aanwezig?" in i.value for i in at.info)
    button(at, "Antwoord opslaan").click().run()  # nobody chosen: refused, nothing saved
    assert "Wie antwoordt: vul dit in." in at.error[0].value
