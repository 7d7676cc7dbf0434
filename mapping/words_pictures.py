"""Words and Pictures: the story the counsellor writes with the parents to tell the children
who is worried and why, what happened, what everyone does now so that it is safe, and who
they can talk to.

One story for the children of the family together: siblings lived the same events and live
under the same plan, and one booklet read together is what practitioners make; a part the
counsellor adds can speak to one child. Each part has text and a drawing (a photo or an
upload, checked and re-encoded without metadata by ``child_voice.clean_picture``; a drawing
made on a canvas comes in through the same ``set_picture``). Versions work like the plan's:
a draft changes until the parents agree it (who and when), then it is frozen, and a new
version starts as a copy of the newest.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from auth import Actor
from auth.access import Need, check_case, inner_calls
from mapping.cases import family_name_of_case
from mapping.child_voice import clean_picture
from sofs_core.clock import utcnow
from sofs_core.codes import AuditAction, PlanStatus, StoryPart
from sofs_core.errors import Conflict, FieldError, NotFound, ValidationFailed
from storage.models import WordsPicturesPart, WordsPicturesStory

# The parts a new story starts with, in the order a child hears them.
FIRST_PARTS = (StoryPart.WORRIED, StoryPart.HAPPENED, StoryPart.SAFE_NOW, StoryPart.TALK_TO)
MAX_PARTS = 20
PRINT_SUBJECT = "print/words_pictures"


@dataclass(frozen=True)
class PartInput:
    kind: StoryPart
    text: str
    heading: str = ""  # empty: the part's usual heading ("Wie is er ongerust?")
    part_id: int | None = None  # a part already saved, to keep its drawing


@dataclass(frozen=True)
class StoryInput:
    title: str
    parts: tuple[PartInput, ...]


@dataclass(frozen=True)
class PartView:
    id: int
    kind: StoryPart
    heading: str
    text: str
    media_type: str | None
    width: int | None
    height: int | None

    @property
    def has_picture(self) -> bool:
        return self.media_type is not None


@dataclass(frozen=True)
class StoryView:
    id: int
    case_id: int
    number: int
    status: PlanStatus
    title: str
    agreed_by: str
    agreed_on: date | None
    version: int
    parts: tuple[PartView, ...]

    @property
    def is_draft(self) -> bool:
        return self.status is PlanStatus.DRAFT


@dataclass(frozen=True)
class StoryHeader:
    id: int
    number: int
    status: PlanStatus
    agreed_by: str
    agreed_on: date | None


@dataclass(frozen=True)
class PrintedPart:
    kind: StoryPart
    heading: str
    text: str
    picture: bytes | None


@dataclass(frozen=True)
class StoryPrint:
    """What the booklet prints: plain values, the pictures included."""

    family_name: str
    number: int
    draft: bool
    title: str
    agreed_by: str
    agreed_on: date | None
    parts: tuple[PrintedPart, ...]


def _view(story: WordsPicturesStory) -> StoryView:
    return StoryView(
        story.id, story.case_id, story.number, story.status, story.title, story.agreed_by,
        story.agreed_on, story.version,
        tuple(PartView(p.id, p.kind, p.heading, p.text, p.media_type, p.width, p.height)
              for p in story.parts))


def _load(session: Session, story_id: int) -> WordsPicturesStory:
    story = session.get(WordsPicturesStory, story_id, populate_existing=True)
    if story is None:
        raise NotFound()
    return story


def _case_of_story(session: Session, story_id: int) -> int:
    case_id = session.scalar(select(WordsPicturesStory.case_id)
                             .where(WordsPicturesStory.id == story_id))
    if case_id is None:
        raise NotFound()
    return case_id


def _editable(session: Session, story_id: int, expected_version: int) -> WordsPicturesStory:
    story = _load(session, story_id)
    if story.version != expected_version:
        raise Conflict(current=_view(story))
    if story.status is not PlanStatus.DRAFT:
        raise ValidationFailed([FieldError("story", "words_pictures.error.frozen")])
    return story


def _bump(session: Session, story: WordsPicturesStory) -> None:
    """Write the story row itself, so its version moves on whatever changed in its parts."""
    story.updated_at = utcnow()
    try:
        session.flush()
    except (StaleDataError, IntegrityError) as exc:  # IntegrityError: two new versions at once
        raise Conflict(current=None) from exc


def list_stories(*, session: Session, actor: Actor, case_id: int) -> list[StoryHeader]:
    """The case's story versions, newest first."""
    check_case(session, actor, case_id, Need.READ, "words_pictures/list_stories")
    rows = session.scalars(select(WordsPicturesStory).where(
        WordsPicturesStory.case_id == case_id).order_by(WordsPicturesStory.number.desc()))
    return [StoryHeader(s.id, s.number, s.status, s.agreed_by, s.agreed_on) for s in rows]


def get_story(*, session: Session, actor: Actor, story_id: int) -> StoryView:
    check_case(session, actor, _case_of_story(session, story_id), Need.READ,
               "words_pictures/get_story")
    return _view(_load(session, story_id))


def start_story(*, session: Session, actor: Actor, case_id: int) -> StoryView:
    """A new draft: a copy of the newest version (words and drawings), or the usual four
    empty parts for the first. Refused while a draft exists: that one is the draft."""
    check_case(session, actor, case_id, Need.EDIT, "words_pictures/start_story")
    newest = session.scalars(select(WordsPicturesStory).where(
        WordsPicturesStory.case_id == case_id).order_by(
        WordsPicturesStory.number.desc()).limit(1)).one_or_none()
    if newest is not None and newest.status is PlanStatus.DRAFT:
        raise ValidationFailed([FieldError("story", "words_pictures.error.draft_exists")])
    number = (session.scalar(select(func.max(WordsPicturesStory.number)).where(
        WordsPicturesStory.case_id == case_id)) or 0) + 1
    story = WordsPicturesStory(case_id=case_id, number=number, status=PlanStatus.DRAFT,
                               title=newest.title if newest else "")
    if newest is None:
        story.parts = [WordsPicturesPart(kind=kind, heading="", text="", position=position)
                       for position, kind in enumerate(FIRST_PARTS, start=1)]
    else:
        story.parts = [WordsPicturesPart(
            kind=p.kind, heading=p.heading, text=p.text, position=p.position,
            media_type=p.media_type, picture=p.picture, width=p.width, height=p.height)
            for p in newest.parts]
    session.add(story)
    _bump(session, story)
    return _view(story)


def _validated(data: StoryInput, story: WordsPicturesStory) -> None:
    errors: list[FieldError] = []
    known = {p.id for p in story.parts}
    if not data.parts:
        errors.append(FieldError("parts", "words_pictures.error.no_parts"))
    if len(data.parts) > MAX_PARTS:
        errors.append(FieldError("parts", "words_pictures.error.too_many",
                                 {"max": MAX_PARTS}))
    for part in data.parts:
        if part.part_id is not None and part.part_id not in known:
            errors.append(FieldError("part", "words_pictures.error.part_gone"))
        if part.kind is StoryPart.MORE and not part.heading.strip():
            errors.append(FieldError("heading", "words_pictures.error.heading_required"))
    if errors:
        raise ValidationFailed(errors)


def save_story(*, session: Session, actor: Actor, story_id: int, expected_version: int,
               data: StoryInput) -> StoryView:
    """Save the draft's title and parts (all of them, in this order; parts not in ``data``
    are removed, with their drawings). A save over someone else's newer one is refused
    with theirs; an agreed version is frozen."""
    check_case(session, actor, _case_of_story(session, story_id), Need.EDIT,
               "words_pictures/save_story")
    story = _editable(session, story_id, expected_version)
    _validated(data, story)
    story.title = data.title.strip()
    known = {p.id: p for p in story.parts}
    kept: list[WordsPicturesPart] = []
    for position, part in enumerate(data.parts, start=1):
        row = known[part.part_id] if part.part_id is not None else WordsPicturesPart()
        row.kind, row.heading, row.text = part.kind, part.heading.strip(), part.text.strip()
        row.position = position
        kept.append(row)
    story.parts = kept
    _bump(session, story)
    return _view(story)


def _part(session: Session, part_id: int) -> WordsPicturesPart:
    part = session.get(WordsPicturesPart, part_id)
    if part is None:
        raise NotFound()
    return part


def set_picture(*, session: Session, actor: Actor, part_id: int, expected_version: int,
                content: bytes) -> StoryView:
    """Put a drawing with a part (a photo, an upload or, later, a canvas), checked and
    re-encoded without metadata; it replaces the part's drawing."""
    part = _part(session, part_id)
    check_case(session, actor, _case_of_story(session, part.story_id), Need.EDIT,
               "words_pictures/set_picture")
    story = _editable(session, part.story_id, expected_version)
    picture, media_type, width, height = clean_picture(content)
    part.picture, part.media_type, part.width, part.height = picture, media_type, width, height
    _bump(session, story)
    return _view(story)


def remove_picture(*, session: Session, actor: Actor, part_id: int,
                   expected_version: int) -> StoryView:
    part = _part(session, part_id)
    check_case(session, actor, _case_of_story(session, part.story_id), Need.EDIT,
               "words_pictures/remove_picture")
    story = _editable(session, part.story_id, expected_version)
    part.picture = part.media_type = part.width = part.height = None
    _bump(session, story)
    return _view(story)


def picture_of_part(*, session: Session, actor: Actor, part_id: int) -> tuple[bytes, str]:
    """The stored (already stripped) drawing of a part and its media type."""
    part = _part(session, part_id)
    check_case(session, actor, _case_of_story(session, part.story_id), Need.READ,
               "words_pictures/picture_of_part")
    if part.picture is None or part.media_type is None:
        raise NotFound()
    return part.picture, part.media_type


def agree_story(*, session: Session, actor: Actor, story_id: int, expected_version: int,
                agreed_by: str, agreed_on: date) -> StoryView:
    """The parents agree the words: who and when are kept, and the version is frozen.
    Every part needs its words first."""
    check_case(session, actor, _case_of_story(session, story_id), Need.EDIT,
               "words_pictures/agree_story")
    story = _editable(session, story_id, expected_version)
    errors: list[FieldError] = []
    if not agreed_by.strip():
        errors.append(FieldError("agreed_by", "error.required"))
    if any(not p.text.strip() for p in story.parts):
        errors.append(FieldError("parts", "words_pictures.error.empty_part"))
    if errors:
        raise ValidationFailed(errors)
    story.status = PlanStatus.AGREED
    story.agreed_by, story.agreed_on = agreed_by.strip(), agreed_on
    _bump(session, story)
    return _view(story)


def gather_booklet(*, session: Session, actor: Actor, story_id: int) -> StoryPrint:
    """The story and its drawings, to print as the booklet (recorded as a print)."""
    case_id = _case_of_story(session, story_id)
    check_case(session, actor, case_id, Need.READ, PRINT_SUBJECT, action=AuditAction.PRINT)
    with inner_calls(session):  # one print, one audit line: the one above
        family_name = family_name_of_case(session=session, actor=actor, case_id=case_id)
    story = _load(session, story_id)
    return StoryPrint(
        family_name, story.number, story.status is PlanStatus.DRAFT, story.title,
        story.agreed_by, story.agreed_on,
        tuple(PrintedPart(p.kind, p.heading, p.text, p.picture) for p in story.parts))
