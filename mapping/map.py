"""The three-column map of one meeting: add, edit, reorder and remove entries.

Every entry records whose words it holds. A danger statement may be disputed, with the
family's own view beside it. A safety goal answers exactly one danger statement (by its
lineage). Edits carry the version they started from; a save over someone else's newer
save is refused with their version.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from auth import Actor
from auth.access import Need, case_of_entry, case_of_meeting, check_case
from mapping.meetings import get_meeting
from sofs_core.codes import EntryCategory, Restriction, Voice
from sofs_core.errors import Conflict, FieldError, NotFound, SofsError, ValidationFailed
from sofs_core.ordering import move_within
from storage.models import MapEntry, Meeting, Rating

MAX_OPEN_DANGER_STATEMENTS = 3


@dataclass(frozen=True)
class EntryInput:
    category: EntryCategory
    text: str
    voice: Voice = Voice.PROFESSIONAL
    disputed: bool = False
    family_view: str = ""
    danger_lineage: str | None = None  # safety goals: the danger statement they answer
    who: str = ""  # next steps
    due_on: date | None = None  # next steps
    # Left out of what a minor reads of their own file (third party, confidential, court).
    restriction: Restriction = Restriction.NONE
    # Danger statements: in the words the family uses, and in their other language.
    family_words: str = ""
    family_words_translation: str = ""


@dataclass(frozen=True)
class EntryView:
    id: int
    version: int
    lineage: str
    category: EntryCategory
    text: str
    voice: Voice
    position: int
    disputed: bool
    family_view: str
    danger_lineage: str | None
    who: str
    due_on: date | None
    restriction: Restriction = Restriction.NONE
    family_words: str = ""
    family_words_translation: str = ""

    def as_input(self) -> EntryInput:
        return EntryInput(self.category, self.text, self.voice, self.disputed, self.family_view,
                          self.danger_lineage, self.who, self.due_on, self.restriction,
                          self.family_words, self.family_words_translation)


@dataclass(frozen=True)
class Pair:
    danger: EntryView
    goal: EntryView | None


@dataclass(frozen=True)
class MapWarning:
    """Guidance, not a block: the counsellor may go on."""

    message_key: str
    params: dict[str, object]


@dataclass(frozen=True)
class MapView:
    meeting_id: int
    entries: dict[EntryCategory, tuple[EntryView, ...]]
    pairs: tuple[Pair, ...]
    warnings: tuple[MapWarning, ...]

    def of(self, category: EntryCategory) -> tuple[EntryView, ...]:
        return self.entries.get(category, ())


class NeedsConfirmation(SofsError):
    """Removing this entry takes other things with it; ask the user first."""

    message_key = "map.confirm_remove_danger"


def _view(entry: MapEntry) -> EntryView:
    return EntryView(
        id=entry.id, version=entry.version, lineage=entry.lineage, category=entry.category,
        text=entry.text, voice=entry.voice, position=entry.position, disputed=entry.disputed,
        family_view=entry.family_view, danger_lineage=entry.danger_lineage, who=entry.who,
        due_on=entry.due_on, restriction=entry.restriction, family_words=entry.family_words,
        family_words_translation=entry.family_words_translation,
    )


# The columns of an EntryView, in its order: the map is read as rows, not as ORM objects
# (it is read on every rerun of the map page while the family watches).
_ENTRY_COLUMNS = (MapEntry.id, MapEntry.version, MapEntry.lineage, MapEntry.category,
                  MapEntry.text, MapEntry.voice, MapEntry.position, MapEntry.disputed,
                  MapEntry.family_view, MapEntry.danger_lineage, MapEntry.who, MapEntry.due_on,
                  MapEntry.restriction, MapEntry.family_words,
                  MapEntry.family_words_translation)


_MAP_ENTRIES = (
    select(*_ENTRY_COLUMNS)
    .where(MapEntry.meeting_id == bindparam("meeting_id", type_=MapEntry.meeting_id.type))
    .order_by(MapEntry.position, MapEntry.id))


def get_map(*, session: Session, actor: Actor, meeting_id: int) -> MapView:
    check_case(session, actor, case_of_meeting(session, meeting_id), Need.READ, "map/get_map")
    views = [EntryView(**row._asdict())
             for row in session.execute(_MAP_ENTRIES, {"meeting_id": meeting_id})]
    grouped: dict[EntryCategory, tuple[EntryView, ...]] = {
        category: tuple(v for v in views if v.category is category) for category in EntryCategory
    }
    goals = {g.danger_lineage: g for g in grouped[EntryCategory.SAFETY_GOAL]}
    dangers = grouped[EntryCategory.DANGER_STATEMENT]
    pairs = tuple(Pair(d, goals.get(d.lineage)) for d in dangers)
    warnings = [
        MapWarning("map.warning.danger_without_goal", {"number": n})
        for n, pair in enumerate(pairs, start=1) if pair.goal is None
    ]
    if len(dangers) > MAX_OPEN_DANGER_STATEMENTS:
        warnings.append(MapWarning("map.warning.too_many_dangers",
                                   {"count": len(dangers), "max": MAX_OPEN_DANGER_STATEMENTS}))
    return MapView(meeting_id, grouped, pairs, tuple(warnings))


def _validated(meeting: Meeting, data: EntryInput, *, editing: MapEntry | None) -> EntryInput:
    """The input as it will be stored (fields that do not apply are emptied), or refusal."""
    errors: list[FieldError] = []
    if not data.text.strip():
        errors.append(FieldError("text", "error.required"))
    danger_lineage = None
    if data.category is EntryCategory.SAFETY_GOAL:
        dangers = {e.lineage for e in meeting.entries
                   if e.category is EntryCategory.DANGER_STATEMENT}
        taken = {e.danger_lineage for e in meeting.entries
                 if e.category is EntryCategory.SAFETY_GOAL and e is not editing}
        if data.danger_lineage not in dangers:
            errors.append(FieldError("danger_lineage", "error.goal_needs_danger"))
        elif data.danger_lineage in taken:
            errors.append(FieldError("danger_lineage", "error.danger_has_goal"))
        danger_lineage = data.danger_lineage
    if errors:
        raise ValidationFailed(errors)
    is_danger = data.category is EntryCategory.DANGER_STATEMENT
    is_step = data.category is EntryCategory.NEXT_STEP
    return EntryInput(
        category=data.category,
        text=data.text,
        voice=data.voice,
        disputed=data.disputed and is_danger,
        family_view=data.family_view if is_danger and data.disputed else "",
        danger_lineage=danger_lineage,
        who=data.who if is_step else "",
        due_on=data.due_on if is_step else None,
        restriction=data.restriction,
        family_words=data.family_words.strip() if is_danger else "",
        family_words_translation=data.family_words_translation.strip() if is_danger else "",
    )


def _apply(entry: MapEntry, data: EntryInput) -> None:
    entry.text = data.text
    entry.voice = data.voice
    entry.disputed = data.disputed
    entry.family_view = data.family_view
    entry.danger_lineage = data.danger_lineage
    entry.who = data.who
    entry.due_on = data.due_on
    entry.restriction = data.restriction
    entry.family_words = data.family_words
    entry.family_words_translation = data.family_words_translation


def add_entry(*, session: Session, actor: Actor, meeting_id: int, data: EntryInput) -> EntryView:
    """Add an entry at the end of its part of the map."""
    check_case(session, actor, case_of_meeting(session, meeting_id), Need.EDIT, "map/add_entry")
    meeting = get_meeting(session, meeting_id)
    clean = _validated(meeting, data, editing=None)
    last = session.scalar(
        select(func.max(MapEntry.position)).where(
            MapEntry.meeting_id == meeting_id, MapEntry.category == data.category
        )
    )
    entry = MapEntry(meeting=meeting, lineage=uuid.uuid4().hex, category=data.category,
                     position=(last or 0) + 1)
    _apply(entry, clean)
    session.add(entry)
    session.flush()
    return _view(entry)


def _load(session: Session, entry_id: int, expected_version: int) -> MapEntry:
    entry = session.get(MapEntry, entry_id, populate_existing=True)
    if entry is None:
        raise NotFound()
    if entry.version != expected_version:
        raise Conflict(current=_view(entry))
    return entry


def update_entry(*, session: Session, actor: Actor, entry_id: int, expected_version: int,
                 data: EntryInput) -> EntryView:
    """Save an edit; the category stays what it was."""
    check_case(session, actor, case_of_entry(session, entry_id), Need.EDIT, "map/update_entry")
    entry = _load(session, entry_id, expected_version)
    clean = _validated(entry.meeting, EntryInput(
        entry.category, data.text, data.voice, data.disputed, data.family_view,
        data.danger_lineage, data.who, data.due_on, data.restriction, data.family_words,
        data.family_words_translation), editing=entry)
    _apply(entry, clean)
    try:
        session.flush()
    except StaleDataError as exc:  # someone saved between our check and our write
        raise Conflict(current=None) from exc
    return _view(entry)


def move_entry(*, session: Session, actor: Actor, entry_id: int, expected_version: int,
               steps: int) -> None:
    """Move an entry up (negative) or down (positive) within its part of the map."""
    check_case(session, actor, case_of_entry(session, entry_id), Need.EDIT, "map/move_entry")
    entry = _load(session, entry_id, expected_version)
    siblings = sorted((e for e in entry.meeting.entries if e.category is entry.category),
                      key=lambda e: (e.position, e.id))
    move_within(siblings, entry, steps)
    session.flush()


@dataclass(frozen=True)
class Dependents:
    goal: bool
    ratings: int

    @property
    def any(self) -> bool:
        return self.goal or self.ratings > 0


def dependents_of(session: Session, entry: MapEntry) -> Dependents:
    """What hangs on a danger statement in its meeting: its goal and the pair's ratings."""
    if entry.category is not EntryCategory.DANGER_STATEMENT:
        return Dependents(False, 0)
    goal = any(e.category is EntryCategory.SAFETY_GOAL and e.danger_lineage == entry.lineage
               for e in entry.meeting.entries)
    ratings = session.scalar(
        select(func.count(Rating.id)).where(
            Rating.meeting_id == entry.meeting_id, Rating.danger_lineage == entry.lineage
        )
    ) or 0
    return Dependents(goal, ratings)


def remove_entry(*, session: Session, actor: Actor, entry_id: int, expected_version: int,
                 confirmed: bool = False) -> None:
    """Remove an entry from this meeting's map (earlier meetings keep theirs).

    A danger statement with a goal or ratings is only removed when ``confirmed``; its goal
    and this meeting's ratings of the pair go with it.
    """
    check_case(session, actor, case_of_entry(session, entry_id), Need.EDIT, "map/remove_entry")
    entry = _load(session, entry_id, expected_version)
    hanging = dependents_of(session, entry)
    if hanging.any and not confirmed:
        raise NeedsConfirmation(goal=int(hanging.goal), ratings=hanging.ratings)
    entries = entry.meeting.entries
    if entry.category is EntryCategory.DANGER_STATEMENT:
        for goal in [e for e in entries if e.category is EntryCategory.SAFETY_GOAL
                     and e.danger_lineage == entry.lineage]:
            entries.remove(goal)
        for rating in session.scalars(select(Rating).where(
                Rating.meeting_id == entry.meeting_id, Rating.danger_lineage == entry.lineage)):
            session.delete(rating)
    # Through the collection (delete-orphan deletes the row): a session.delete() alone would
    # leave the entry in the meeting's loaded list, and a copy made next would bring it back.
    entries.remove(entry)
    session.flush()
