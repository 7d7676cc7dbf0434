"""The child's voice page through AppTest, on the demo case's latest meeting."""

from __future__ import annotations

import html
import re
from collections.abc import Callable

import pytest
from sqlalchemy import select
from streamlit.testing.v1 import AppTest

from sofs_core.codes import EntryCategory, Sharing, VoiceTool
from storage.db import make_engine, session_factory
from storage.models import ChildHouseItem, ChildHouses, MapEntry, Person
from tests.app.conftest import latest_meeting_id

PAGE = "views/child_voice.py"


def button(at: AppTest, label: str):  # type: ignore[no-untyped-def]
    return next(b for b in at.button if b.label == label)


def houses_html(at: AppTest) -> str:
    """The one element that shows the child's three houses (sofs_app.components.houses_board)."""
    (board,) = [str(h.proto.body) for h in at.get("html") if "</h3>" in str(h.proto.body)]
    return board


def items(url: str, child: str = "Emre") -> list[tuple[str, Sharing, str | None]]:
    """The child's words (the page opens on Emre; the demo heard Jonas and Zeynep)."""
    with session_factory(make_engine(url))() as s:
        return [(i.words, i.sharing, i.map_lineage) for i in s.scalars(
            select(ChildHouseItem).join(ChildHouses).join(Person, Person.id == ChildHouses.child_id)
            .where(Person.first_name == child).order_by(ChildHouseItem.id))]


def _add(at: AppTest, words: str, sharing: Sharing) -> None:
    next(w for w in at.text_area if w.label == "De woorden van het kind").input(words)
    next(r for r in at.radio if r.label == "Wil het kind dit delen met de ouders?"
         ).set_value(sharing)
    next(b for b in at.button if b.label == "Toevoegen").click().run()


def test_the_page_lists_the_minors_and_suggests_wizards_and_fairies_for_the_youngest(
    logged_in: Callable[..., AppTest]
) -> None:
    at = logged_in(PAGE, meeting=True)
    child = at.selectbox[0]
    assert child.options == ["Emre", "Jonas", "Yasmina", "Zeynep"]
    def tool() -> object:
        return next(b for b in at.button_group if b.label == "Werkvorm").value

    assert tool() is VoiceTool.THREE_HOUSES
    child.select_index(child.options.index("Yasmina")).run()
    assert tool() is VoiceTool.WIZARDS_AND_FAIRIES  # 6 years old
    assert ">De zorgentovenaar</h3>" in houses_html(at)


def test_words_are_saved_exactly_shown_as_text_and_shared_words_go_on_the_map(
    logged_in: Callable[..., AppTest], app_env: str
) -> None:
    at = logged_in(PAGE, meeting=True)
    said = "Als het <b>ruzie</b> is, ga ik naar boven. ![x](http://example.org/x.png)"
    _add(at, said, Sharing.SHARE)
    assert not at.exception
    _add(at, "Ik mis papa.", Sharing.PRIVATE)
    assert [(w, s) for w, s, _ in items(app_env)] == [(said, Sharing.SHARE),
                                                        ("Ik mis papa.", Sharing.PRIVATE)]
    # As text, never as markup, each with its sharing in words, all houses in one element.
    board = houses_html(at)
    assert said not in board and "<b>" not in board and "<img" not in board
    worries = board.split("Huis van de zorgen</h3>")[1].split("</section>")[0]
    assert [html.unescape(w) for w in re.findall(r'anywhere">(.*?)</span>', worries)] == [
        said, "Ik mis papa."]
    assert [html.unescape(w) for w in re.findall(r"<small[^>]*>(.*?)</small>", worries)] == [
        "Mag gedeeld worden", "Wil ik niet delen"]
    # The words just added are chosen in "Iets aanpassen": private words go nowhere.
    assert "Op de kaart zetten" not in [b.label for b in at.button]
    pick = next(s for s in at.selectbox if s.label == "Welke woorden van het kind?")
    assert pick.options == [f"Huis van de zorgen: {said}", "Huis van de zorgen: Ik mis papa."]
    assert pick.value is not None and pick.index == 1
    pick.select_index(0).run()
    assert [b.label for b in at.button].count("Op de kaart zetten") == 1
    button(at, "Op de kaart zetten").click().run()
    assert not at.exception
    assert "Mag gedeeld worden · Staat op de kaart." in html.unescape(houses_html(at))
    (lineage,) = [m for _, _, m in items(app_env) if m]
    with session_factory(make_engine(app_env))() as s:
        entry = s.scalars(select(MapEntry).where(MapEntry.lineage == lineage,
                                                 MapEntry.meeting_id == latest_meeting_id(
                                                     app_env))).one()
    assert (entry.category, entry.text) == (EntryCategory.COMPLICATING_FACTOR,
                                            f"Emre: “{said}”")
    assert [s.value for s in at.success] == ["De woorden van het kind staan nu op de kaart."]


def _pick(at: AppTest, index: int) -> None:
    next(s for s in at.selectbox if s.label == "Welke woorden van het kind?"
         ).select_index(index).run()


def _sharing(at: AppTest):  # type: ignore[no-untyped-def]
    return next(b for b in at.button_group if b.label == "Delen met de ouders?")


def test_the_sharing_is_saved_when_chosen_and_words_are_taken_out_from_the_picker(
    logged_in: Callable[..., AppTest], app_env: str
) -> None:
    at = logged_in(PAGE, meeting=True)
    _add(at, "Ik wil naar oma.", Sharing.PRIVATE)
    _add(at, "Papa leest voor.", Sharing.SHARE)
    _pick(at, 0)
    assert _sharing(at).value is Sharing.PRIVATE
    _sharing(at).set_value(Sharing.LATER_OWN_WORDS).run()  # one click: saved, no "Opslaan"
    assert not at.exception
    assert [(w, s) for w, s, _ in items(app_env)] == [
        ("Ik wil naar oma.", Sharing.LATER_OWN_WORDS), ("Papa leest voor.", Sharing.SHARE)]
    assert [s.value for s in at.success] == ["Opgeslagen."]
    assert _sharing(at).value is Sharing.LATER_OWN_WORDS  # still chosen, with its new choice
    button(at, "Weghalen").click().run()
    assert [w for w, _, _ in items(app_env)] == ["Papa leest voor."]
    pick = next(s for s in at.selectbox if s.label == "Welke woorden van het kind?")
    assert pick.value is None and pick.options == ["Huis van de zorgen: Papa leest voor."]
    assert not [b for b in at.button_group if b.label == "Delen met de ouders?"]


def test_a_sharing_someone_else_saved_meanwhile_is_shown_not_overwritten(
    logged_in: Callable[..., AppTest], app_env: str
) -> None:
    at = logged_in(PAGE, meeting=True)
    _add(at, "Ik wil naar oma.", Sharing.PRIVATE)
    with session_factory(make_engine(app_env))() as s:  # another counsellor's save
        houses = s.scalars(select(ChildHouses).join(Person, Person.id == ChildHouses.child_id)
                           .where(Person.first_name == "Emre")).one()
        houses.items[0].sharing = Sharing.SHARE
        s.commit()
    at.run()
    assert _sharing(at).value is Sharing.SHARE  # their choice, not this browser's old one
    assert not at.exception and [s for _, s, _ in items(app_env)] == [Sharing.SHARE]


def test_empty_words_are_refused_in_dutch_and_nothing_is_saved(
    logged_in: Callable[..., AppTest], app_env: str
) -> None:
    at = logged_in(PAGE, meeting=True)
    _add(at, "   ", Sharing.SHARE)
    assert "Woorden van het kind: vul dit in." in at.error[0].value
    with session_factory(make_engine(app_env))() as s:
        assert s.scalars(select(ChildHouses).join(Person, Person.id == ChildHouses.child_id)
                         .where(Person.first_name == "Emre")).all() == []


def test_a_stored_drawing_is_shown_with_its_sharing(
    logged_in: Callable[..., AppTest], app_env: str
) -> None:
    import io

    from PIL import Image

    from auth import Actor
    from mapping.child_voice import HousesInput, add_drawing, children_of_case, save_houses
    from storage.db import transaction
    from storage.models import Case, User
    from tests.app.conftest import ids

    user_id, case_id = ids(app_env)
    picture = io.BytesIO()
    Image.new("RGB", (64, 48), (0, 128, 0)).save(picture, format="JPEG")
    factory = session_factory(make_engine(app_env))
    with transaction(factory) as s:
        user = s.get_one(User, user_id)
        actor = Actor(user.id, user.username, user.display_name, user.role, None, user.team_id)
        assert s.get_one(Case, case_id)
        emre = children_of_case(session=s, actor=actor, case_id=case_id)[0]
        houses = save_houses(session=s, actor=actor, meeting_id=latest_meeting_id(app_env),
                             child_id=emre.id, tool=VoiceTool.THREE_HOUSES,
                             expected_version=0, data=HousesInput("Lotte", ()))
        assert houses.id is not None
        add_drawing(session=s, actor=actor, houses_id=houses.id,
                    expected_version=houses.version, content=picture.getvalue(),
                    sharing=Sharing.PRIVATE)
    at = logged_in(PAGE, meeting=True)
    assert len(at.get("image")) == 1
    assert [m.caption for m in at.get("image")[0].proto.imgs] == [
        "Tekening van het kind (1) · Wil ik niet delen"]
    # Taking a drawing out is asked for first: its buttons are not drawn on every rerun.
    assert not [b for b in at.button if "weghalen" in b.label]
    next(t for t in at.toggle if t.label == "Een tekening weghalen").set_value(True).run()
    button(at, "Tekening van het kind (1) weghalen").click().run()
    assert not at.exception and len(at.get("image")) == 0


def test_the_page_hands_streamlit_the_screen_versions_as_they_are_and_keeps_the_originals(
    logged_in: Callable[..., AppTest], app_env: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A 1600 px photo and a canvas PNG: what the page registers with Streamlit are the
    screen versions byte for byte (at most 480 px wide, no metadata, nothing for Streamlit
    to decode, resize or convert at a rerun); the stored originals stay full size."""
    import io

    from PIL import Image
    from streamlit.runtime.media_file_manager import MediaFileManager

    from auth import Actor
    from mapping.child_voice import (
        HousesInput,
        add_drawing,
        children_of_case,
        drawing_content,
        save_houses,
        screen_picture,
    )
    from storage.db import transaction
    from storage.models import User
    from tests.app.conftest import ids

    photo, canvas = io.BytesIO(), io.BytesIO()
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    Image.new("RGB", (1600, 1200), (200, 30, 30)).save(photo, format="JPEG", exif=exif)
    Image.new("RGBA", (640, 420), (255, 255, 255, 255)).save(canvas, format="PNG")
    user_id, case_id = ids(app_env)
    factory = session_factory(make_engine(app_env))
    with transaction(factory) as s:
        user = s.get_one(User, user_id)
        actor = Actor(user.id, user.username, user.display_name, user.role, None, user.team_id)
        emre = children_of_case(session=s, actor=actor, case_id=case_id)[0]
        houses = save_houses(session=s, actor=actor, meeting_id=latest_meeting_id(app_env),
                             child_id=emre.id, tool=VoiceTool.THREE_HOUSES,
                             expected_version=0, data=HousesInput("Lotte", ()))
        for content in (photo.getvalue(), canvas.getvalue()):
            houses = add_drawing(session=s, actor=actor, houses_id=houses.id or 0,
                                 expected_version=houses.version, content=content,
                                 sharing=Sharing.SHARE)
        originals = [drawing_content(session=s, actor=actor, drawing_id=d.id)[0]
                     for d in houses.drawings]
    given: list[tuple[bytes, str]] = []
    add = MediaFileManager.add

    def recorded(self: MediaFileManager, data: bytes | str, mimetype: str, *args: object,
                 **kwargs: object) -> str:
        if isinstance(data, bytes) and mimetype.startswith("image/"):
            given.append((data, mimetype))
        return add(self, data, mimetype, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(MediaFileManager, "add", recorded)
    at = logged_in(PAGE, meeting=True)
    assert [Image.open(io.BytesIO(o)).size for o in originals] == [(1600, 1200), (640, 420)]
    screens = [screen_picture(o) for o in originals]
    # (The app's own icons are registered too.)
    assert (screens[0].content, "image/jpeg") in given
    assert (screens[1].content, "image/png") in given
    assert [(s.width, s.height) for s in screens] == [(480, 360), (480, 315)]
    assert not [g for g, _ in given if g in originals or Image.open(io.BytesIO(g)).width > 480]
    assert all(b"PhoneMaker" not in g and not Image.open(io.BytesIO(g)).getexif()
               for g, _ in given)
    shown = [i.proto.imgs for i in at.get("image")]
    assert [[(m.alt, m.url.rsplit(".", 1)[1]) for m in imgs] for imgs in shown] == [
        [("Tekening van het kind (1)", "jpg")], [("Tekening van het kind (2)", "png")]]
