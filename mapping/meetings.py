"""Meetings of a case, each holding its own map; a new meeting starts from the last one.

Copying forward keeps each entry's lineage, so an item can be followed from meeting to
meeting, and "what changed since last time" is a comparison by lineage.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, bindparam, func, or_, select
from sqlalchemy.orm import Session, aliased

from auth import Actor
from auth.access import Need, case_of_meeting, check_case
from mapping.attendance import ParticipantInput as ParticipantInput  # used with meetings
from mapping.attendance import checked_participants
from sofs_core.codes import EntryCategory, MeetingKind
from sofs_core.errors import FieldError, NotFound, ValidationFailed
from storage.models import Case, MapEntry, Meeting, MeetingParticipant

EARLIEST_MEETING = date(1990, 1, 1)


@dataclass(frozen=True)
class MeetingSummary:
    id: int
    case_id: int
    kind: MeetingKind
    held_on: date
    participants: tuple[ParticipantInput, ...]
    number: int  # 1 for the case's first meeting, in date order


def _ordered(session: Session, case_id: int) -> list[Meeting]:
    return list(
        session.scalars(
            select(Meeting).where(Meeting.case_id == case_id)
            .order_by(Meeting.held_on, Meeting.id)
        )
    )


# Read on every rerun of the meetings and scaling pages: built once.
_MEETINGS = (select(Meeting.id, Meeting.kind, Meeting.held_on)
             .where(Meeting.case_id == bindparam("case_id", type_=Meeting.case_id.type))
             .order_by(Meeting.held_on, Meeting.id))
_PARTICIPANTS = (select(MeetingParticipant.meeting_id, MeetingParticipant.name,
                        MeetingParticipant.role, MeetingParticipant.person_id,
                        MeetingParticipant.user_id)
                 .join(Meeting, Meeting.id == MeetingParticipant.meeting_id)
                 .where(Meeting.case_id == bindparam("case_id", type_=Meeting.case_id.type))
                 .order_by(MeetingParticipant.id))


def list_meetings(*, session: Session, actor: Actor, case_id: int) -> list[MeetingSummary]:
    """The case's meetings, oldest first (two queries, however many meetings)."""
    check_case(session, actor, case_id, Need.READ, "meetings/list_meetings")
    rows = session.execute(_MEETINGS, {"case_id": case_id}).all()
    people: dict[int, list[ParticipantInput]] = {row.id: [] for row in rows}
    for meeting_id, name, role, person_id, user_id in session.execute(
            _PARTICIPANTS, {"case_id": case_id}):
        people[meeting_id].append(ParticipantInput(name, role, person_id, user_id))
    return [
        MeetingSummary(row.id, case_id, row.kind, row.held_on, tuple(people[row.id]), number)
        for number, row in enumerate(rows, start=1)
    ]


# Built once (on every rerun of a meeting's pages, building it would cost more than
# answering it): the meeting, and its number (how many meetings of the case came before).
_EARLIER = aliased(Meeting)
_HEADING = select(
    Meeting.kind, Meeting.held_on,
    select(func.count(_EARLIER.id)).where(
        _EARLIER.case_id == Meeting.case_id,
        or_(_EARLIER.held_on < Meeting.held_on,
            and_(_EARLIER.held_on == Meeting.held_on, _EARLIER.id < Meeting.id)),
    ).scalar_subquery(),
).where(Meeting.id == bindparam("meeting_id", type_=Meeting.id.type),
        Meeting.case_id == bindparam("case_id", type_=Meeting.case_id.type))


def meeting_heading(*, session: Session, actor: Actor, case_id: int, meeting_id: int
                    ) -> MeetingSummary:
    """One meeting of the case, numbered, without its participants (for page titles)."""
    check_case(session, actor, case_id, Need.READ, "meetings/meeting_heading")
    row = session.execute(_HEADING, {"meeting_id": meeting_id, "case_id": case_id}).first()
    if row is None:
        raise NotFound()
    kind, held_on, number_before = row
    return MeetingSummary(meeting_id, case_id, kind, held_on, (), number_before + 1)


def open_meeting(
    *,
    session: Session,
    actor: Actor,
    case_id: int,
    kind: MeetingKind,
    held_on: date | None,
    participants: tuple[ParticipantInput, ...] = (),
) -> int:
    """Start a meeting whose map is a copy of the latest earlier meeting's map.

    The earlier meeting is left exactly as it was. Returns the new meeting's id.
    """
    case = session.get(Case, case_id)
    if case is None:
        raise NotFound()
    check_case(session, actor, case_id, Need.EDIT, "meetings/open_meeting")
    errors: list[FieldError] = []
    if held_on is None:
        errors.append(FieldError("held_on", "error.required"))
    elif held_on < EARLIEST_MEETING:
        errors.append(FieldError("held_on", "error.date_too_early", {"date": EARLIEST_MEETING}))
    if errors or held_on is None:
        raise ValidationFailed(errors)
    earlier = [m for m in _ordered(session, case_id) if m.held_on <= held_on]
    source = earlier[-1] if earlier else None
    meeting = Meeting(case_id=case_id, kind=kind, held_on=held_on,
                      copied_from_id=source.id if source else None)
    meeting.participants = checked_participants(session, case, participants)
    if source is not None:
        meeting.entries = [_copy(entry) for entry in source.entries]
    session.add(meeting)
    session.flush()
    return meeting.id


def _copy(entry: MapEntry) -> MapEntry:
    return MapEntry(
        lineage=entry.lineage,
        category=entry.category,
        text=entry.text,
        voice=entry.voice,
        position=entry.position,
        disputed=entry.disputed,
        family_view=entry.family_view,
        danger_lineage=entry.danger_lineage,
        who=entry.who,
        due_on=entry.due_on,
        restriction=entry.restriction,
        family_words=entry.family_words,
        family_words_translation=entry.family_words_translation,
    )


def previous_meeting(session: Session, meeting: Meeting) -> Meeting | None:
    """The meeting before this one in the case's date order."""
    ordered = _ordered(session, meeting.case_id)
    index = ordered.index(meeting)
    return ordered[index - 1] if index > 0 else None


def get_meeting(session: Session, meeting_id: int) -> Meeting:
    meeting = session.get(Meeting, meeting_id)
    if meeting is None:
        raise NotFound()
    return meeting


# What "changed" compares: the words and the facts around them, not the order on the page.
_COMPARED = ("text", "voice", "disputed", "family_view", "danger_lineage", "who", "due_on")


@dataclass(frozen=True)
class EntryChange:
    category: EntryCategory
    before: str | None  # None when added
    after: str | None  # None when removed
    fields: tuple[str, ...]  # which compared fields differ, for a changed entry


@dataclass(frozen=True)
class MapChanges:
    previous_meeting_id: int | None
    added: tuple[EntryChange, ...]
    changed: tuple[EntryChange, ...]
    removed: tuple[EntryChange, ...]

    @property
    def is_empty(self) -> bool:
        return not (self.added or self.changed or self.removed)


def changes_since_previous(*, session: Session, actor: Actor, meeting_id: int) -> MapChanges:
    """What was added, changed and removed on this meeting's map since the meeting before."""
    check_case(session, actor, case_of_meeting(session, meeting_id), Need.READ,
               "meetings/changes_since_previous")
    meeting = get_meeting(session, meeting_id)
    before_meeting = previous_meeting(session, meeting)
    before = {e.lineage: e for e in before_meeting.entries} if before_meeting else {}
    after = {e.lineage: e for e in meeting.entries}
    added = [EntryChange(e.category, None, e.text, ()) for k, e in after.items() if k not in before]
    removed = [EntryChange(e.category, e.text, None, ()) for k, e in before.items()
               if k not in after]
    changed = []
    for lineage, now in after.items():
        then = before.get(lineage)
        if then is None:
            continue
        fields = tuple(f for f in _COMPARED if getattr(then, f) != getattr(now, f))
        if fields:
            changed.append(EntryChange(now.category, then.text, now.text, fields))
    return MapChanges(
        previous_meeting_id=before_meeting.id if before_meeting else None,
        added=tuple(added),
        changed=tuple(changed),
        removed=tuple(removed),
    )
