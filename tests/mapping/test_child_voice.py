"""A child's Three Houses (and Wizards and Fairies): the child's exact words, what the child
shares, photos of drawings stripped of metadata, and shared words placed on the map; on
SQLite and PostgreSQL."""

from __future__ import annotations

import io
import json
import re
from dataclasses import dataclass
from datetime import date

import pytest
from PIL import Image
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from auth import Actor
from genograms.people import PersonInput, add_family_member
from mapping.cases import family_of_case
from mapping.child_voice import (
    MAX_PHOTO_BYTES,
    SCREEN_WIDTH,
    HousesInput,
    ItemInput,
    add_drawing,
    children_of_case,
    drawing_content,
    get_houses,
    place_on_map,
    remove_drawing,
    save_houses,
    screen_picture,
    screen_pictures,
)
from mapping.map import get_map
from mapping.meetings import open_meeting
from privacy.export import family_export, to_json
from privacy.scope import collect
from sofs_core.codes import EntryCategory, HouseKind, MeetingKind, Sharing, Voice, VoiceTool
from sofs_core.errors import Conflict, NotFound, ValidationFailed
from storage.db import transaction
from storage.models import ChildDrawing, ChildHouseItem, ChildHouses
from tests.conftest import make_case

H, S, T = HouseKind, Sharing, VoiceTool
GPS_IFD = 0x8825


@dataclass(frozen=True)
class Family:
    case_id: int
    meeting_id: int
    wout: int  # 9 years old
    lien: int  # 14
    mother: int
    other_child: int  # a child of another family


@pytest.fixture
def family(factory: sessionmaker[Session], counsellor: Actor) -> Family:
    with transaction(factory) as s:
        case_id = make_case(s, counsellor)
        family_id, _ = family_of_case(session=s, actor=counsellor, case_id=case_id)

        def member(first: str, birth: str, on: int = family_id) -> int:
            return add_family_member(session=s, actor=counsellor, family_id=on,
                                     data=PersonInput(first, "Peeters", birth=birth)).id

        mother, wout, lien = member("Els", "1985"), member("Wout", "2017"), member(
            "Lien", "14/03/2012")
        meeting = open_meeting(session=s, actor=counsellor, case_id=case_id,
                               kind=MeetingKind.INTAKE_MAPPING, held_on=date(2026, 11, 1))
        other_case = make_case(s, counsellor, family_name="Gezin Janssens")
        other_family, _ = family_of_case(session=s, actor=counsellor, case_id=other_case)
        other = member("Mia", "2016", on=other_family)
    return Family(case_id, meeting, wout, lien, mother, other)


WORDS = ItemInput(H.WORRIES, "Als papa roept, ga ik onder mijn bed. \"Heel stil\".", S.SHARE)
PRIVATE = ItemInput(H.WORRIES, "Ik mis oma Rita.", S.PRIVATE)
LATER = ItemInput(H.DREAMS, "  Dat we samen naar zee gaan  ", S.LATER_OWN_WORDS)
GOOD = ItemInput(H.GOOD_THINGS, "Voetbal met Karim", S.SHARE)


def _save(factory: sessionmaker[Session], actor: Actor, family: Family, version: int,
          *items: ItemInput, child: int | None = None, tool: VoiceTool = T.THREE_HOUSES,
          present: str = "Lotte\nWout") -> int:
    with transaction(factory) as s:
        return save_houses(session=s, actor=actor, meeting_id=family.meeting_id,
                           child_id=child or family.wout, tool=tool, expected_version=version,
                           data=HousesInput(present, items)).version


def _houses(factory: sessionmaker[Session], actor: Actor, family: Family,
            tool: VoiceTool = T.THREE_HOUSES):  # type: ignore[no-untyped-def]
    with transaction(factory) as s:
        return get_houses(session=s, actor=actor, meeting_id=family.meeting_id,
                          child_id=family.wout, tool=tool)


def test_the_childs_words_are_kept_exactly_with_who_was_there_and_what_is_shared(
    factory: sessionmaker[Session], counsellor: Actor, family: Family
) -> None:
    assert _houses(factory, counsellor, family).version == 0  # nothing yet
    _save(factory, counsellor, family, 0, WORDS, PRIVATE, LATER, GOOD)
    houses = _houses(factory, counsellor, family)
    assert houses.present == "Lotte\nWout"
    assert [(i.house, i.words, i.sharing) for i in houses.items] == [
        (H.WORRIES, WORDS.words, S.SHARE), (H.WORRIES, PRIVATE.words, S.PRIVATE),
        (H.DREAMS, LATER.words, S.LATER_OWN_WORDS), (H.GOOD_THINGS, GOOD.words, S.SHARE)]
    assert [i.words for i in houses.of(H.WORRIES)] == [WORDS.words, PRIVATE.words]
    # Wizards and Fairies is held apart from the Three Houses of the same child.
    assert _houses(factory, counsellor, family, T.WIZARDS_AND_FAIRIES).items == ()


def test_editing_keeps_the_items_kept_and_removes_the_rest(
    factory: sessionmaker[Session], counsellor: Actor, family: Family
) -> None:
    version = _save(factory, counsellor, family, 0, WORDS, GOOD)
    first, second = _houses(factory, counsellor, family).items
    changed = ItemInput(H.GOOD_THINGS, "Voetbal", S.PRIVATE, item_id=second.id)
    newer = _save(factory, counsellor, family, version, changed)
    assert newer == version + 1
    (only,) = _houses(factory, counsellor, family).items
    assert (only.id, only.words, only.sharing) == (second.id, "Voetbal", S.PRIVATE)
    with factory() as s:
        assert s.get(ChildHouseItem, first.id) is None
        assert s.get_one(ChildHouseItem, second.id).restriction == "confidential"


def test_two_sessions_editing_the_same_childs_houses_conflict_and_change_nothing(
    factory: sessionmaker[Session], counsellor: Actor, family: Family
) -> None:
    version = _save(factory, counsellor, family, 0, WORDS)
    _save(factory, counsellor, family, version, WORDS, GOOD)
    with pytest.raises(Conflict):
        _save(factory, counsellor, family, version, PRIVATE)
    assert [i.words for i in _houses(factory, counsellor, family).items] == [
        WORDS.words, GOOD.words]
    # Two first saves: the second is told, not merged.
    with pytest.raises(Conflict):
        _save(factory, counsellor, family, 0, LATER)


@pytest.mark.parametrize("items", [
    (ItemInput(H.WORRIES, "   ", S.SHARE),),
    (WORDS, ItemInput(H.DREAMS, "x", S.SHARE, item_id=999_999)),
])
def test_bad_items_are_refused_and_nothing_is_saved(
    factory: sessionmaker[Session], counsellor: Actor, family: Family,
    items: tuple[ItemInput, ...]
) -> None:
    with pytest.raises(ValidationFailed):
        _save(factory, counsellor, family, 0, *items)
    with factory() as s:
        assert s.scalar(select(func.count(ChildHouses.id))) == 0


def test_a_child_of_another_family_is_not_found(
    factory: sessionmaker[Session], counsellor: Actor, family: Family
) -> None:
    with pytest.raises(NotFound):
        _save(factory, counsellor, family, 0, WORDS, child=family.other_child)


def test_the_children_of_the_case_are_its_minors_with_the_tool_for_their_age(
    factory: sessionmaker[Session], counsellor: Actor, family: Family
) -> None:
    with transaction(factory) as s:
        found = children_of_case(session=s, actor=counsellor, case_id=family.case_id,
                                 on=date(2026, 12, 6))
    assert [(c.first_name, c.age) for c in found] == [("Lien", 14), ("Wout", 9)]
    with transaction(factory) as s:
        young = children_of_case(session=s, actor=counsellor, case_id=family.case_id,
                                 on=date(2023, 1, 1))
    assert {c.first_name: c.suggested_tool for c in young} == {
        "Lien": T.THREE_HOUSES, "Wout": T.WIZARDS_AND_FAIRIES}


def _jpeg_with_gps(size: tuple[int, int] = (640, 480)) -> bytes:
    picture = Image.new("RGB", size, (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # camera make
    exif[0x0132] = "2026:11:01 10:00:00"
    exif.get_ifd(GPS_IFD).update({1: "N", 2: (51.0, 3.0, 0.0), 3: "E", 4: (3.0, 43.0, 0.0)})
    out = io.BytesIO()
    picture.save(out, format="JPEG", exif=exif, comment=b"Wout thuis")
    assert Image.open(io.BytesIO(out.getvalue())).getexif().get_ifd(GPS_IFD)  # it is there
    return out.getvalue()


def _add_drawing(factory: sessionmaker[Session], actor: Actor, family: Family,
                 content: bytes, sharing: Sharing = S.SHARE) -> int:
    houses = _houses(factory, actor, family)
    assert houses.id is not None
    with transaction(factory) as s:
        return add_drawing(session=s, actor=actor, houses_id=houses.id,
                           expected_version=houses.version, content=content,
                           sharing=sharing).drawings[-1].id


def test_a_photo_is_stored_without_exif_gps_or_comments(
    factory: sessionmaker[Session], counsellor: Actor, family: Family
) -> None:
    _save(factory, counsellor, family, 0, WORDS)
    drawing_id = _add_drawing(factory, counsellor, family, _jpeg_with_gps())
    with transaction(factory) as s:
        content, media_type = drawing_content(session=s, actor=counsellor,
                                              drawing_id=drawing_id)
    stored = Image.open(io.BytesIO(content))
    assert (media_type, stored.format, stored.size) == ("image/jpeg", "JPEG", (640, 480))
    assert dict(stored.getexif()) == {}
    assert "exif" not in stored.info and "comment" not in stored.info
    assert b"PhoneMaker" not in content and b"Wout thuis" not in content


def test_a_png_keeps_its_format_and_loses_its_text_chunks(
    factory: sessionmaker[Session], counsellor: Actor, family: Family
) -> None:
    from PIL.PngImagePlugin import PngInfo

    _save(factory, counsellor, family, 0, WORDS)
    info = PngInfo()
    info.add_text("Location", "Gent, Kortrijksesteenweg 1")
    out = io.BytesIO()
    Image.new("RGBA", (300, 200), (0, 0, 255, 128)).save(out, format="PNG", pnginfo=info)
    drawing_id = _add_drawing(factory, counsellor, family, out.getvalue())
    with transaction(factory) as s:
        content, media_type = drawing_content(session=s, actor=counsellor,
                                              drawing_id=drawing_id)
    stored = Image.open(io.BytesIO(content))
    assert (media_type, stored.mode, stored.size) == ("image/png", "RGBA", (300, 200))
    assert b"Kortrijksesteenweg" not in content and not stored.info.get("Location")


def test_the_screen_version_is_stored_with_the_drawing_and_the_original_stays_whole(
    factory: sessionmaker[Session], counsellor: Actor, family: Family
) -> None:
    _save(factory, counsellor, family, 0, WORDS)
    drawing_id = _add_drawing(factory, counsellor, family, _jpeg_with_gps((1600, 1200)))
    houses = _houses(factory, counsellor, family)
    assert houses.id is not None
    with transaction(factory) as s:
        content, _ = drawing_content(session=s, actor=counsellor, drawing_id=drawing_id)
        stored = screen_pictures(session=s, actor=counsellor, houses_id=houses.id)
    assert Image.open(io.BytesIO(content)).size == (1600, 1200)  # the original, for export
    assert [(d.drawing_id, d.kind) for d in stored] == [(drawing_id, "JPEG")]
    screen = screen_picture(content)
    assert stored[0].content == screen.content  # made when stored, as the page shows it
    shown = Image.open(io.BytesIO(stored[0].content))
    assert SCREEN_WIDTH == 480
    assert (screen.kind, shown.format, shown.size) == ("JPEG", "JPEG", (480, 360))
    assert (screen.width, screen.height) == shown.size
    assert shown.getpixel((240, 180)) == pytest.approx((200, 30, 30), abs=4)
    assert dict(shown.getexif()) == {}
    assert "exif" not in shown.info and "comment" not in shown.info
    assert b"PhoneMaker" not in screen.content and b"Wout thuis" not in screen.content
    assert len(screen.content) < len(content) // 4


def test_the_view_of_the_houses_loads_no_picture(
    factory: sessionmaker[Session], counsellor: Actor, family: Family
) -> None:
    """Listing the drawings (the page's read, and the view a save returns) never loads a
    picture: the originals and screen versions are read only when asked for."""
    from sqlalchemy import event

    _save(factory, counsellor, family, 0, WORDS)
    _add_drawing(factory, counsellor, family, _jpeg_with_gps((1600, 1200)))
    houses = _houses(factory, counsellor, family)
    statements: list[str] = []
    with transaction(factory) as s:
        engine = s.get_bind()
        listen = lambda *args: statements.append(str(args[2]))  # noqa: E731
        event.listen(engine, "before_cursor_execute", listen)
        try:
            read = get_houses(session=s, actor=counsellor, meeting_id=houses.meeting_id,
                              child_id=houses.child_id, tool=houses.tool)
            saved = save_houses(session=s, actor=counsellor, meeting_id=houses.meeting_id,
                                child_id=houses.child_id, tool=houses.tool,
                                expected_version=houses.version,
                                data=HousesInput("Lotte", tuple(
                                    ItemInput(i.house, i.words, i.sharing, i.id)
                                    for i in houses.items)))
        finally:
            event.remove(engine, "before_cursor_execute", listen)
    assert len(read.drawings) == len(saved.drawings) == 1
    touching = [q for q in statements if "child_drawings" in q]
    assert touching and not [q for q in touching
                             if re.search(r"child_drawings\.(content|screen)\b", q)]


def test_a_png_screen_version_stays_png_with_its_transparency_and_a_small_one_its_size(
) -> None:
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    info.add_text("Location", "Gent, Kortrijksesteenweg 1")
    wide, small = io.BytesIO(), io.BytesIO()
    Image.new("RGBA", (1000, 500), (0, 0, 255, 128)).save(wide, format="PNG", pnginfo=info)
    Image.new("RGB", (300, 200), (0, 90, 0)).save(small, format="PNG")
    screen = screen_picture(wide.getvalue())
    shown = Image.open(io.BytesIO(screen.content))
    assert (screen.kind, shown.format, shown.mode, shown.size) == ("PNG", "PNG", "RGBA",
                                                                   (480, 240))
    assert shown.getpixel((10, 10)) == (0, 0, 255, 128)
    assert b"Kortrijksesteenweg" not in screen.content and not shown.info.get("Location")
    kept = Image.open(io.BytesIO(screen_picture(small.getvalue()).content))
    assert (kept.format, kept.mode, kept.size) == ("PNG", "RGB", (300, 200))


def _gif() -> bytes:
    out = io.BytesIO()
    Image.new("P", (10, 10)).save(out, format="GIF")
    return out.getvalue()


@pytest.mark.parametrize("content,message", [
    (b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF", "child_voice.error.not_a_picture"),
    (b"", "child_voice.error.empty_picture"),
    (b"\xff\xd8\xff\xe0" + b"\0" * (MAX_PHOTO_BYTES + 1), "child_voice.error.too_large"),
    (_gif(), "child_voice.error.not_a_picture"),
    (b"\xff\xd8\xff\xe0 broken jpeg", "child_voice.error.not_a_picture"),
])
def test_what_is_not_a_png_or_jpeg_of_at_most_10_mb_is_refused_and_nothing_kept(
    factory: sessionmaker[Session], counsellor: Actor, family: Family, content: bytes,
    message: str
) -> None:
    _save(factory, counsellor, family, 0, WORDS)
    with pytest.raises(ValidationFailed) as refused:
        _add_drawing(factory, counsellor, family, content)
    assert [e.message_key for e in refused.value.errors] == [message]
    with factory() as s:
        assert s.scalar(select(func.count(ChildDrawing.id))) == 0
    assert _houses(factory, counsellor, family).version == 1


def test_a_drawing_is_removed_with_the_version_checked(
    factory: sessionmaker[Session], counsellor: Actor, family: Family
) -> None:
    _save(factory, counsellor, family, 0, WORDS)
    drawing_id = _add_drawing(factory, counsellor, family, _jpeg_with_gps((50, 50)))
    with transaction(factory) as s, pytest.raises(Conflict):
        remove_drawing(session=s, actor=counsellor, drawing_id=drawing_id, expected_version=1)
    with transaction(factory) as s:
        after = remove_drawing(session=s, actor=counsellor, drawing_id=drawing_id,
                               expected_version=2)
    assert after.drawings == () and after.version == 3


def test_shared_words_go_on_the_map_as_the_childs_words_in_one_step(
    factory: sessionmaker[Session], counsellor: Actor, family: Family
) -> None:
    version = _save(factory, counsellor, family, 0, WORDS, PRIVATE, LATER)
    shared, private, later = _houses(factory, counsellor, family).items
    with transaction(factory) as s:
        entry = place_on_map(session=s, actor=counsellor, item_id=shared.id)
    assert (entry.category, entry.voice) == (EntryCategory.COMPLICATING_FACTOR, Voice.FAMILY)
    assert entry.text == f"Wout: “{WORDS.words}”"
    with transaction(factory) as s:
        view = get_map(session=s, actor=counsellor, meeting_id=family.meeting_id)
    assert [e.lineage for e in view.of(EntryCategory.COMPLICATING_FACTOR)] == [entry.lineage]
    houses = _houses(factory, counsellor, family)
    assert houses.items[0].map_lineage == entry.lineage and houses.version == version + 1
    for item in (private, later, shared):  # not shared, or there already
        with transaction(factory) as s, pytest.raises(ValidationFailed):
            place_on_map(session=s, actor=counsellor, item_id=item.id)
    # Words on the map cannot quietly become private.
    with pytest.raises(ValidationFailed):
        _save(factory, counsellor, family, houses.version,
              ItemInput(H.WORRIES, WORDS.words, S.PRIVATE, item_id=shared.id))
    with transaction(factory) as s:
        view = get_map(session=s, actor=counsellor, meeting_id=family.meeting_id)
    texts = [e.text for part in view.entries.values() for e in part]
    assert not any(PRIVATE.words in text or LATER.words in text for text in texts)


def test_the_houses_are_exported_whole_and_private_words_not_to_a_minor(
    factory: sessionmaker[Session], counsellor: Actor, family: Family
) -> None:
    _save(factory, counsellor, family, 0, WORDS, PRIVATE)
    _add_drawing(factory, counsellor, family, _jpeg_with_gps((40, 40)))
    _add_drawing(factory, counsellor, family, _jpeg_with_gps((30, 30)), S.PRIVATE)
    with transaction(factory) as s:
        full = family_export(session=s, actor=counsellor, case_id=family.case_id)
        minor = family_export(session=s, actor=counsellor, case_id=family.case_id,
                              for_minor=True)
    exported = json.loads(to_json(full))["tables"]["child_drawings"][0]
    # The screen copy is stored data of the drawing too: exported with the original.
    assert exported["content"] and exported["screen"] and exported["screen_format"] == "JPEG"
    assert [i["words"] for i in full["tables"]["child_house_items"]] == [
        WORDS.words, PRIVATE.words]
    assert [i["words"] for i in minor["tables"]["child_house_items"]] == [WORDS.words]
    assert [d["width"] for d in minor["tables"]["child_drawings"]] == [40]
    with factory() as s:
        scoped = collect(s, family.case_id)
    assert {"child_houses", "child_house_items", "child_drawings"} <= set(scoped.rows)
