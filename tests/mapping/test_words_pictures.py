"""Words and Pictures: a story for the children in parts, each with words and a drawing
(stripped of metadata), in versions (a draft, then agreed by the parents and frozen, a new
version a copy), printed as a booklet; on SQLite and PostgreSQL."""

from __future__ import annotations

import io
import json
import subprocess
from datetime import date
from functools import partial
from pathlib import Path

import pdfplumber
import pytest
from PIL import Image
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from auth import Actor
from i18n import load_catalogue
from mapping.words_pictures import (
    PartInput,
    StoryInput,
    agree_story,
    gather_booklet,
    get_story,
    list_stories,
    picture_of_part,
    remove_picture,
    save_story,
    set_picture,
    start_story,
)
from mapping.words_pictures_booklet import PageSize, booklet_pdf
from privacy.export import family_export, to_json
from privacy.scope import collect, destroy_case
from sofs_core.codes import AuditAction, PlanStatus, StoryPart
from sofs_core.errors import Conflict, ValidationFailed
from storage.db import transaction
from storage.models import AuditEvent, WordsPicturesPart, WordsPicturesStory
from tests.conftest import make_case

P = StoryPart
GPS_IFD = 0x8825
MM = 72 / 25.4


def _jpeg_with_gps(size: tuple[int, int] = (60, 40)) -> bytes:
    image = Image.new("RGB", size, (200, 80, 40))
    exif = Image.Exif()
    exif[0x010F] = "Camera"
    exif.get_ifd(GPS_IFD)[2] = (51.0, 3.0, 0.0)
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return out.getvalue()


@pytest.fixture
def case_id(factory: sessionmaker[Session], counsellor: Actor) -> int:
    with transaction(factory) as s:
        return make_case(s, counsellor)


def _start(factory: sessionmaker[Session], actor: Actor, case_id: int):  # type: ignore[no-untyped-def]
    with transaction(factory) as s:
        return start_story(session=s, actor=actor, case_id=case_id)


def _written(factory: sessionmaker[Session], actor: Actor, case_id: int,  # type: ignore[no-untyped-def]
             story=None):
    story = story or _start(factory, actor, case_id)
    texts = ["Juf Ann en wij waren ongerust.", "Papa riep heel hard.",
             "Oma Rita komt elke avond.", "Je kan altijd bellen naar oma Rita."]
    with transaction(factory) as s:
        return save_story(session=s, actor=actor, story_id=story.id,
                          expected_version=story.version, data=StoryInput("Ons verhaal", tuple(
                              PartInput(p.kind, text, "", p.id)
                              for p, text in zip(story.parts, texts, strict=True))))


def test_a_first_story_has_the_four_parts_in_order(
    factory: sessionmaker[Session], counsellor: Actor, case_id: int
) -> None:
    story = _start(factory, counsellor, case_id)
    assert [p.kind for p in story.parts] == [P.WORRIED, P.HAPPENED, P.SAFE_NOW, P.TALK_TO]
    assert (story.number, story.status) == (1, PlanStatus.DRAFT)
    with pytest.raises(ValidationFailed) as refused, transaction(factory) as s:
        start_story(session=s, actor=counsellor, case_id=case_id)
    assert refused.value.errors[0].message_key == "words_pictures.error.draft_exists"


def test_parts_are_saved_added_and_removed_with_the_counsellors_part(
    factory: sessionmaker[Session], counsellor: Actor, case_id: int
) -> None:
    story = _written(factory, counsellor, case_id)
    parts = [PartInput(p.kind, p.text, p.heading, p.id) for p in story.parts[1:]]
    with transaction(factory) as s:
        saved = save_story(session=s, actor=counsellor, story_id=story.id,
                           expected_version=story.version, data=StoryInput("T", (
                               *parts, PartInput(P.MORE, "Voor Lien: je mag het vragen.",
                                                 "Voor Lien"))))
    assert [p.kind for p in saved.parts] == [P.HAPPENED, P.SAFE_NOW, P.TALK_TO, P.MORE]
    assert saved.parts[-1].heading == "Voor Lien"
    with pytest.raises(ValidationFailed) as refused, transaction(factory) as s:
        save_story(session=s, actor=counsellor, story_id=story.id,
                   expected_version=saved.version,
                   data=StoryInput("T", (PartInput(P.MORE, "zonder titel"),)))
    assert refused.value.errors[0].message_key == "words_pictures.error.heading_required"


def test_a_stale_save_is_a_conflict_and_changes_nothing(
    factory: sessionmaker[Session], counsellor: Actor, case_id: int
) -> None:
    story = _written(factory, counsellor, case_id)
    with pytest.raises(Conflict), transaction(factory) as s:
        save_story(session=s, actor=counsellor, story_id=story.id,
                   expected_version=story.version - 1,
                   data=StoryInput("Oud", (PartInput(P.WORRIED, "oud"),)))
    with factory() as s:
        assert get_story(session=s, actor=counsellor, story_id=story.id).title == "Ons verhaal"


def test_a_picture_is_stripped_of_its_metadata_and_bad_files_are_refused(
    factory: sessionmaker[Session], counsellor: Actor, case_id: int
) -> None:
    story = _start(factory, counsellor, case_id)
    part = story.parts[0]
    with transaction(factory) as s:
        story = set_picture(session=s, actor=counsellor, part_id=part.id,
                            expected_version=story.version, content=_jpeg_with_gps())
    with factory() as s:
        content, media_type = picture_of_part(session=s, actor=counsellor, part_id=part.id)
    with Image.open(io.BytesIO(content)) as image:
        assert (media_type, image.size) == ("image/jpeg", (60, 40))
        assert not image.getexif() and not image.getexif().get_ifd(GPS_IFD)
    for bad in (b"%PDF-1.4 renamed to .jpg", b""):
        with pytest.raises(ValidationFailed), transaction(factory) as s:
            set_picture(session=s, actor=counsellor, part_id=part.id,
                        expected_version=story.version, content=bad)
    with transaction(factory) as s:
        story = remove_picture(session=s, actor=counsellor, part_id=part.id,
                               expected_version=story.version)
    assert not story.parts[0].has_picture


def test_agreed_is_frozen_and_a_new_version_is_a_copy_with_the_drawings(
    factory: sessionmaker[Session], counsellor: Actor, case_id: int
) -> None:
    story = _start(factory, counsellor, case_id)
    with pytest.raises(ValidationFailed) as empty, transaction(factory) as s:
        agree_story(session=s, actor=counsellor, story_id=story.id,
                    expected_version=story.version, agreed_by="Els", agreed_on=date(2026, 11, 3))
    assert "words_pictures.error.empty_part" in {e.message_key for e in empty.value.errors}
    story = _written(factory, counsellor, case_id, story)
    with transaction(factory) as s:
        story = set_picture(session=s, actor=counsellor, part_id=story.parts[2].id,
                            expected_version=story.version, content=_jpeg_with_gps())
        agreed = agree_story(session=s, actor=counsellor, story_id=story.id,
                             expected_version=story.version, agreed_by="Els en Karim",
                             agreed_on=date(2026, 11, 3))
    assert (agreed.status, agreed.agreed_by) == (PlanStatus.AGREED, "Els en Karim")
    with pytest.raises(ValidationFailed) as frozen, transaction(factory) as s:
        save_story(session=s, actor=counsellor, story_id=story.id,
                   expected_version=agreed.version,
                   data=StoryInput("Anders", (PartInput(P.WORRIED, "anders"),)))
    assert frozen.value.errors[0].message_key == "words_pictures.error.frozen"
    second = _start(factory, counsellor, case_id)
    assert (second.number, second.status) == (2, PlanStatus.DRAFT)
    assert [(p.kind, p.text, p.has_picture) for p in second.parts] == [
        (p.kind, p.text, p.has_picture) for p in agreed.parts]
    with factory() as s:
        assert [v.number for v in list_stories(session=s, actor=counsellor,
                                               case_id=case_id)] == [2, 1]


def _pdf_text(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "booklet.pdf"
    path.write_bytes(pdf)
    subprocess.run(["qpdf", "--check", str(path)], check=True, capture_output=True)
    out = subprocess.run(["pdftotext", str(path), "-"], check=True, capture_output=True,
                         text=True).stdout
    return " ".join(out.split())


def _marks(pdf: bytes) -> list[str]:
    """Per page, the big diagonal letters (the draft mark), joined."""
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        return ["".join(c["text"] for c in page.chars if c["size"] > 60)
                for page in document.pages]


@pytest.mark.parametrize("size,width_mm,height_mm", [(PageSize.A5, 148, 210),
                                                      (PageSize.A4, 210, 297)])
def test_the_booklet_prints_each_part_large_on_its_page_size_and_is_recorded(
    factory: sessionmaker[Session], counsellor: Actor, case_id: int, tmp_path: Path,
    size: PageSize, width_mm: int, height_mm: int
) -> None:
    story = _written(factory, counsellor, case_id)
    with transaction(factory) as s:
        story = set_picture(session=s, actor=counsellor, part_id=story.parts[0].id,
                            expected_version=story.version, content=_jpeg_with_gps((400, 300)))
        data = gather_booklet(session=s, actor=counsellor, story_id=story.id)
    words = partial(load_catalogue().text, "nl-BE")
    pdf = booklet_pdf(data, words, size=size, printed_on=date(2026, 11, 4))
    text = _pdf_text(pdf, tmp_path)
    for expected in ("Wie maakt zich zorgen, en waarom?", "Papa riep heel hard.",
                     "Met wie kun je praten?", "Ons verhaal"):
        assert expected in text
    assert _marks(pdf) == ["ONTWERP"] * 5
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        assert len(document.pages) == 5  # the cover and one page per part
        for page in document.pages:
            assert (round(page.width / MM), round(page.height / MM)) == (width_mm, height_mm)
        # The story's own words are at least 16 pt; the drawing takes most of the width.
        second = document.pages[1]
        story_sizes = {round(c["size"]) for c in second.chars if c["text"].strip()
                       and c["size"] > 12 and c["size"] < 60}
        assert story_sizes and min(story_sizes) >= 16
        (image,) = second.images
        assert image["width"] > 0.7 * (second.width - 2 * 18 * MM)
    with factory() as s:
        prints = s.scalars(select(AuditEvent.subject).where(
            AuditEvent.action == AuditAction.PRINT)).all()
    assert prints == ["print/words_pictures"]


def test_markup_in_the_story_prints_as_letters_and_agreed_has_no_draft_mark(
    factory: sessionmaker[Session], counsellor: Actor, case_id: int, tmp_path: Path
) -> None:
    story = _start(factory, counsellor, case_id)
    evil = '<img src="/etc/passwd"/> a<b & <a href="javascript:x()">klik</a>'
    with transaction(factory) as s:
        story = save_story(session=s, actor=counsellor, story_id=story.id,
                           expected_version=story.version,
                           data=StoryInput(evil, (PartInput(P.WORRIED, evil),)))
        agree_story(session=s, actor=counsellor, story_id=story.id,
                    expected_version=story.version, agreed_by="Els", agreed_on=date(2026, 11, 3))
        data = gather_booklet(session=s, actor=counsellor, story_id=story.id)
    pdf = booklet_pdf(data, partial(load_catalogue().text, "nl-BE"))
    text = _pdf_text(pdf, tmp_path)
    assert '<img src="/etc/passwd"/>' in text and "a<b &" in text
    assert _marks(pdf) == ["", ""]
    assert b"/URI" not in pdf and b"javascript" not in pdf.replace(b"javascript:x()", b"")


def test_the_story_is_exported_and_destroyed_with_the_case(
    factory: sessionmaker[Session], counsellor: Actor, case_id: int
) -> None:
    story = _written(factory, counsellor, case_id)
    with transaction(factory) as s:
        set_picture(session=s, actor=counsellor, part_id=story.parts[0].id,
                    expected_version=story.version, content=_jpeg_with_gps())
        export = json.loads(to_json(family_export(session=s, actor=counsellor,
                                                  case_id=case_id)))
    assert [r["text"] for r in export["tables"]["words_pictures_parts"]][1] == (
        "Papa riep heel hard.")
    assert export["tables"]["words_pictures_parts"][0]["picture"]
    assert export["tables"]["words_pictures_stories"][0]["title"] == "Ons verhaal"
    with transaction(factory) as s:
        assert {"words_pictures_stories", "words_pictures_parts"} <= set(
            collect(s, case_id).rows)
        destroy_case(s, case_id)
    with factory() as s:
        assert s.scalar(select(func.count(WordsPicturesStory.id))) == 0
        assert s.scalar(select(func.count(WordsPicturesPart.id))) == 0
