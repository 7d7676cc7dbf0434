"""The child's voice: a child's Three Houses (or, for young children, Wizards and Fairies)
at one meeting.

The child's words are kept exactly as said, each with what the child agrees to share with
the parents. Private words are marked confidential, so no parent's document and no other
minor's export holds them. A photo of a paper drawing is checked and re-encoded with
Pillow: only PNG and JPEG, at most 10 MB, and no metadata (camera, time, location) kept.
Each drawing is stored with its screen version (``screen_picture``, made when it is
stored); the page reads only those (``screen_pictures``), the original stays as it is for
the export. The reads of the page run statements built once, into plain rows.
Words the child shares can be placed on the meeting's map in one step; the item keeps the
map entry's lineage.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal, NamedTuple

from PIL import Image, ImageOps, UnidentifiedImageError
from sqlalchemy import BindParameter, and_, bindparam, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from auth import Actor
from auth.access import Need, case_of_meeting, check_case, inner_calls
from mapping.map import EntryInput, EntryView, add_entry
from sofs_core.clock import today as local_today
from sofs_core.clock import utcnow
from sofs_core.codes import EntryCategory, HouseKind, Restriction, Sharing, Voice, VoiceTool
from sofs_core.errors import Conflict, FieldError, NotFound, ValidationFailed
from storage.models import Case, ChildDrawing, ChildHouseItem, ChildHouses, Meeting, Person

MAX_PHOTO_BYTES = 10 * 1024 * 1024
MAX_SIDE = 2400  # pixels: a phone photo is made smaller, a drawing stays readable
FORMATS = {kind: f"image/{kind.lower()}" for kind in ("PNG", "JPEG")}  # format -> MIME type
SCREEN_WIDTH = 480  # pixels: as wide as the page shows a drawing
ADULT_AGE = 18
# Where the child's words of each house go on the map unless the counsellor chooses.
MAP_PART = {
    HouseKind.WORRIES: EntryCategory.COMPLICATING_FACTOR,
    HouseKind.GOOD_THINGS: EntryCategory.STRENGTH,
    HouseKind.DREAMS: EntryCategory.NEXT_STEP,
}
MAP_PARTS = (EntryCategory.HARM, EntryCategory.COMPLICATING_FACTOR, EntryCategory.STRENGTH,
             EntryCategory.EXISTING_SAFETY, EntryCategory.NEXT_STEP)


@dataclass(frozen=True)
class ItemInput:
    house: HouseKind
    words: str
    sharing: Sharing
    item_id: int | None = None  # an item already saved, to keep its link to the map


@dataclass(frozen=True)
class HousesInput:
    present: str
    items: tuple[ItemInput, ...]


@dataclass(frozen=True)
class ItemView:
    id: int
    house: HouseKind
    words: str
    sharing: Sharing
    map_lineage: str | None


@dataclass(frozen=True)
class DrawingView:
    id: int
    media_type: str
    width: int
    height: int
    sharing: Sharing


@dataclass(frozen=True)
class HousesView:
    """A child's houses at a meeting; ``id`` None and ``version`` 0 before the first save."""

    id: int | None
    version: int
    meeting_id: int
    child_id: int
    tool: VoiceTool
    present: str
    items: tuple[ItemView, ...]
    drawings: tuple[DrawingView, ...]

    def of(self, house: HouseKind) -> tuple[ItemView, ...]:
        return tuple(i for i in self.items if i.house is house)


@dataclass(frozen=True)
class Child:
    id: int
    first_name: str
    age: int | None

    @property
    def suggested_tool(self) -> VoiceTool:
        """Wizards and Fairies for children under about 8."""
        young = self.age is not None and self.age < 8
        return VoiceTool.WIZARDS_AND_FAIRIES if young else VoiceTool.THREE_HOUSES


def _restriction(sharing: Sharing) -> Restriction:
    return Restriction.CONFIDENTIAL if sharing is Sharing.PRIVATE else Restriction.NONE


def _age(birth_date: date | None, birth_year: int | None, on: date) -> int | None:
    if birth_date is not None:
        born = birth_date
        return on.year - born.year - ((on.month, on.day) < (born.month, born.day))
    return None if birth_year is None else on.year - birth_year


# The page's reads, built once with bound parameters (building a statement costs several
# times what SQLite takes to answer it) and read as plain rows, not ORM objects.
def _bound(name: str, column: Any) -> BindParameter[Any]:
    return bindparam(name, type_=column.type)


_CASE_ID = _bound("case_id", Case.id)
_HOUSES_ID = _bound("houses_id", ChildHouses.id)
_PEOPLE = (select(Person.id, Person.first_name, Person.birth_date, Person.birth_year)
           .join(Case, Case.family_id == Person.family_id)
           .where(Case.id == _CASE_ID, Person.is_pregnancy.is_(False),
                  Person.deceased.is_(False))
           .order_by(Person.first_name, Person.id))
_CHILD_OF_CASE = (select(Person.id).join(Case, Case.family_id == Person.family_id)
                  .where(Person.id == _bound("child_id", Person.id), Case.id == _CASE_ID))
# The child (of the case's family) and its houses at the meeting, if any, in one query.
_HOUSES_ROW = (
    select(Person.id, ChildHouses.id, ChildHouses.version, ChildHouses.present)
    .join(Case, Case.family_id == Person.family_id)
    .outerjoin(ChildHouses, and_(
        ChildHouses.child_id == Person.id,
        ChildHouses.meeting_id == _bound("meeting_id", ChildHouses.meeting_id),
        ChildHouses.tool == _bound("tool", ChildHouses.tool)))
    .where(Person.id == _bound("child_id", Person.id), Case.id == _CASE_ID))
_ITEMS = (select(ChildHouseItem.id, ChildHouseItem.house, ChildHouseItem.words,
                 ChildHouseItem.sharing, ChildHouseItem.map_lineage)
          .where(ChildHouseItem.houses_id == _HOUSES_ID)
          .order_by(ChildHouseItem.position, ChildHouseItem.id))
_DRAWINGS = (select(ChildDrawing.id, ChildDrawing.media_type, ChildDrawing.width,
                    ChildDrawing.height, ChildDrawing.sharing)
             .where(ChildDrawing.houses_id == _HOUSES_ID).order_by(ChildDrawing.id))
_CASE_OF_HOUSES = (select(Meeting.case_id)
                   .join(ChildHouses, ChildHouses.meeting_id == Meeting.id)
                   .where(ChildHouses.id == _HOUSES_ID))
_SCREENS = (select(ChildDrawing.id, ChildDrawing.screen, ChildDrawing.screen_format)
            .where(ChildDrawing.houses_id == _HOUSES_ID).order_by(ChildDrawing.id))
_DRAWING = select(ChildDrawing.houses_id, ChildDrawing.media_type).where(
    ChildDrawing.id == _bound("drawing_id", ChildDrawing.id))
_ORIGINAL = select(ChildDrawing.content).where(
    ChildDrawing.id == _bound("drawing_id", ChildDrawing.id))


def children_of_case(*, session: Session, actor: Actor, case_id: int,
                     on: date | None = None) -> list[Child]:
    """The family's members under 18 (or of unknown age), youngest last, by first name."""
    check_case(session, actor, case_id, Need.READ, "child_voice/children_of_case")
    today = on or local_today()
    children = [Child(person_id, first_name, _age(birth_date, birth_year, today))
                for person_id, first_name, birth_date, birth_year
                in session.execute(_PEOPLE, {"case_id": case_id})]
    return [c for c in children if c.age is None or c.age < ADULT_AGE]


def _houses(session: Session, meeting_id: int, child_id: int, tool: VoiceTool
            ) -> ChildHouses | None:
    return session.scalars(select(ChildHouses).where(
        ChildHouses.meeting_id == meeting_id, ChildHouses.child_id == child_id,
        ChildHouses.tool == tool).execution_options(populate_existing=True)).one_or_none()


def _view(houses: ChildHouses) -> HousesView:
    return HousesView(
        houses.id, houses.version, houses.meeting_id, houses.child_id, houses.tool,
        houses.present,
        tuple(ItemView(i.id, i.house, i.words, i.sharing, i.map_lineage)
              for i in houses.items),
        tuple(DrawingView(d.id, d.media_type, d.width, d.height, d.sharing)
              for d in houses.drawings))


def _child_of_case(session: Session, case_id: int, child_id: int) -> None:
    if session.scalar(_CHILD_OF_CASE, {"child_id": child_id, "case_id": case_id}) is None:
        raise NotFound()


def get_houses(*, session: Session, actor: Actor, meeting_id: int, child_id: int,
               tool: VoiceTool) -> HousesView:
    case_id = case_of_meeting(session, meeting_id)
    check_case(session, actor, case_id, Need.READ, "child_voice/get_houses")
    row = session.execute(_HOUSES_ROW, {"meeting_id": meeting_id, "child_id": child_id,
                                        "tool": tool, "case_id": case_id}).first()
    if row is None:  # not a child of this family
        raise NotFound()
    _child, houses_id, version, present = row
    if houses_id is None:
        return HousesView(None, 0, meeting_id, child_id, tool, "", (), ())
    bound = {"houses_id": houses_id}
    return HousesView(
        houses_id, version, meeting_id, child_id, tool, present,
        tuple(ItemView(*item) for item in session.execute(_ITEMS, bound)),
        tuple(DrawingView(*drawing) for drawing in session.execute(_DRAWINGS, bound)))


def _validated(data: HousesInput, houses: ChildHouses | None) -> None:
    errors: list[FieldError] = []
    known = {i.id: i for i in houses.items} if houses else {}
    for item in data.items:
        if not item.words.strip():
            errors.append(FieldError("words", "error.required"))
        if item.item_id is not None and item.item_id not in known:
            errors.append(FieldError("item", "child_voice.error.item_gone"))
        elif (item.item_id is not None and known[item.item_id].map_lineage
              and item.sharing is not Sharing.SHARE):
            # Words on the map are shared already: take them off the map first.
            errors.append(FieldError("sharing", "child_voice.error.on_the_map"))
    if errors:
        raise ValidationFailed(errors)


def save_houses(*, session: Session, actor: Actor, meeting_id: int, child_id: int,
                tool: VoiceTool, expected_version: int, data: HousesInput) -> HousesView:
    """Save who was there and the child's words (all of them, in this order).

    ``expected_version`` is the version read (0 before the first save); a save over someone
    else's newer one is refused with theirs. Items not in ``data`` are removed.
    """
    case_id = case_of_meeting(session, meeting_id)
    check_case(session, actor, case_id, Need.EDIT, "child_voice/save_houses")
    _child_of_case(session, case_id, child_id)
    houses = _houses(session, meeting_id, child_id, tool)
    if (houses.version if houses else 0) != expected_version:
        raise Conflict(current=_view(houses) if houses else None)
    _validated(data, houses)
    if houses is None:
        meeting = session.get_one(Meeting, meeting_id)
        houses = ChildHouses(meeting_id=meeting.id, child_id=child_id, tool=tool)
        session.add(houses)
    houses.present = data.present.strip()
    known = {i.id: i for i in houses.items}
    kept: list[ChildHouseItem] = []
    for position, item in enumerate(data.items, start=1):
        row = known[item.item_id] if item.item_id is not None else ChildHouseItem()
        row.house, row.words, row.sharing = item.house, item.words, item.sharing
        row.restriction, row.position = _restriction(item.sharing), position
        kept.append(row)
    houses.items = kept
    _bump(session, houses)
    return _view(houses)


def clean_picture(content: bytes) -> tuple[bytes, str, int, int]:
    """The picture re-encoded without metadata: (bytes, media type, width, height).

    Refuses what is too large, not a picture, or another format (a PDF renamed to .jpg).
    """
    if not content:
        raise ValidationFailed([FieldError("drawing", "child_voice.error.empty_picture")])
    if len(content) > MAX_PHOTO_BYTES:
        raise ValidationFailed([FieldError("drawing", "child_voice.error.too_large",
                                           {"max_mb": MAX_PHOTO_BYTES // (1024 * 1024)})])
    try:
        with Image.open(io.BytesIO(content)) as opened:
            kind = opened.format or ""
            if kind not in FORMATS:
                raise ValidationFailed([FieldError("drawing", "child_voice.error.not_a_picture")])
            opened.load()
            # Turn it as the camera meant, then copy the pixels only: no EXIF, GPS or
            # comments survive into the stored file.
            upright = ImageOps.exif_transpose(opened)
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError, SyntaxError) as exc:
        raise ValidationFailed([FieldError("drawing", "child_voice.error.not_a_picture")]
                               ) from exc
    mode = "RGBA" if kind == "PNG" and "A" in upright.getbands() else "RGB"
    pixels = upright.convert(mode)
    pixels.thumbnail((MAX_SIDE, MAX_SIDE))
    bare = Image.frombytes(mode, pixels.size, pixels.tobytes())
    out = io.BytesIO()
    if kind == "PNG":
        bare.save(out, format="PNG", optimize=True)
    else:
        bare.save(out, format="JPEG", quality=88)
    return out.getvalue(), FORMATS[kind], bare.width, bare.height


@dataclass(frozen=True)
class ScreenPicture:
    """A drawing as the page shows it: ``kind`` is its format, PNG or JPEG."""

    content: bytes
    kind: Literal["PNG", "JPEG"]
    width: int
    height: int


class DrawingScreen(NamedTuple):
    """A stored drawing's screen version (``screen_pictures``)."""

    drawing_id: int
    content: bytes
    kind: Literal["PNG", "JPEG"]


def screen_picture(content: bytes) -> ScreenPicture:
    """A drawing (as ``clean_picture`` stores it) made at most ``SCREEN_WIDTH`` wide, in
    its own format and without metadata, for the page to show as it is: Streamlit then
    neither decodes nor resizes it. Made once, when the drawing is stored."""
    with Image.open(io.BytesIO(content)) as opened:
        kind = opened.format or ""
        if kind not in FORMATS:
            raise ValidationFailed([FieldError("drawing", "child_voice.error.not_a_picture")])
        if kind == "JPEG":  # decode at a fraction of the size: far less work than all pixels
            opened.draft("RGB", (SCREEN_WIDTH, SCREEN_WIDTH))
        opened.load()
        mode = "RGBA" if kind == "PNG" and "A" in opened.getbands() else "RGB"
        pixels = opened.convert(mode)
    if pixels.width > SCREEN_WIDTH:
        height = max(1, round(pixels.height * SCREEN_WIDTH / pixels.width))
        pixels = pixels.resize((SCREEN_WIDTH, height), Image.Resampling.LANCZOS)
    bare = Image.frombytes(mode, pixels.size, pixels.tobytes())  # the pixels only, as stored
    out = io.BytesIO()
    if kind == "PNG":
        bare.save(out, format="PNG", optimize=True)
    else:
        bare.save(out, format="JPEG", quality=88)
    return ScreenPicture(out.getvalue(), "PNG" if kind == "PNG" else "JPEG", bare.width,
                         bare.height)


def _load_houses(session: Session, houses_id: int, expected_version: int) -> ChildHouses:
    houses = session.get(ChildHouses, houses_id, populate_existing=True)
    if houses is None:
        raise NotFound()
    if houses.version != expected_version:
        raise Conflict(current=_view(houses))
    return houses


def _case_of_houses(session: Session, houses_id: int) -> int:
    case_id = session.scalar(_CASE_OF_HOUSES, {"houses_id": houses_id})
    if case_id is None:
        raise NotFound()
    return int(case_id)


def add_drawing(*, session: Session, actor: Actor, houses_id: int, expected_version: int,
                content: bytes, sharing: Sharing) -> HousesView:
    """Keep a photo or upload of the child's drawing (re-encoded, see ``clean_picture``)."""
    check_case(session, actor, _case_of_houses(session, houses_id), Need.EDIT,
               "child_voice/add_drawing")
    houses = _load_houses(session, houses_id, expected_version)
    data, media_type, width, height = clean_picture(content)
    screen = screen_picture(data)
    houses.drawings.append(ChildDrawing(
        media_type=media_type, content=data, width=width, height=height, sharing=sharing,
        restriction=_restriction(sharing), screen=screen.content, screen_format=screen.kind))
    _bump(session, houses)
    return _view(houses)


def _bump(session: Session, houses: ChildHouses) -> None:
    """Write the houses row itself, so their version moves on whatever changed below them
    (a save over someone else's newer one is refused at the write)."""
    houses.updated_at = utcnow()
    try:
        session.flush()
    except (StaleDataError, IntegrityError) as exc:  # IntegrityError: both saved a first
        raise Conflict(current=None) from exc


def remove_drawing(*, session: Session, actor: Actor, drawing_id: int,
                   expected_version: int) -> HousesView:
    drawing = session.get(ChildDrawing, drawing_id)
    if drawing is None:
        raise NotFound()
    check_case(session, actor, _case_of_houses(session, drawing.houses_id), Need.EDIT,
               "child_voice/remove_drawing")
    houses = _load_houses(session, drawing.houses_id, expected_version)
    houses.drawings.remove(drawing)
    _bump(session, houses)
    return _view(houses)


def drawing_content(*, session: Session, actor: Actor, drawing_id: int) -> tuple[bytes, str]:
    """The stored (already stripped) original picture and its media type."""
    found = session.execute(_DRAWING, {"drawing_id": drawing_id}).first()
    if found is None:
        raise NotFound()
    houses_id, media_type = found
    check_case(session, actor, _case_of_houses(session, houses_id), Need.READ,
               "child_voice/drawing_content")
    return session.execute(_ORIGINAL, {"drawing_id": drawing_id}).scalar_one(), media_type


def screen_pictures(*, session: Session, actor: Actor, houses_id: int
                    ) -> list[DrawingScreen]:
    """The screen versions of the houses' drawings (see ``screen_picture``), in the order
    of ``HousesView.drawings``: what the page shows, never the originals."""
    check_case(session, actor, _case_of_houses(session, houses_id), Need.READ,
               "child_voice/screen_pictures")
    return [DrawingScreen(drawing_id, screen, "PNG" if kind == "PNG" else "JPEG")
            for drawing_id, screen, kind in session.execute(_SCREENS, {"houses_id": houses_id})]


def place_on_map(*, session: Session, actor: Actor, item_id: int,
                 category: EntryCategory | None = None) -> EntryView:
    """Put words the child shares on the meeting's map as the child's words ("Wout:
    “...”", the family's voice), in one step; the item keeps the entry's lineage."""
    item = session.get(ChildHouseItem, item_id, populate_existing=True)
    if item is None:
        raise NotFound()
    houses = item.houses
    check_case(session, actor, case_of_meeting(session, houses.meeting_id), Need.EDIT,
               "child_voice/place_on_map")
    part = category or MAP_PART[item.house]
    errors: list[FieldError] = []
    if item.sharing is not Sharing.SHARE:
        errors.append(FieldError("sharing", "child_voice.error.not_shared"))
    if item.map_lineage is not None:
        errors.append(FieldError("item", "child_voice.error.already_on_map"))
    if part not in MAP_PARTS:
        errors.append(FieldError("map_part", "child_voice.error.map_part"))
    if errors:
        raise ValidationFailed(errors)
    child = session.get_one(Person, houses.child_id)
    with inner_calls(session):  # one action on record: this one
        entry = add_entry(session=session, actor=actor, meeting_id=houses.meeting_id,
                          data=EntryInput(part, f"{child.first_name}: “{item.words}”",
                                          Voice.FAMILY))
    item.map_lineage = entry.lineage
    _bump(session, houses)
    return entry
