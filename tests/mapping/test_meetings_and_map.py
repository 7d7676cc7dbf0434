"""Meetings, the three-column map and copy-forward, on SQLite and PostgreSQL."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from sqlalchemy.orm import Session, sessionmaker

from auth import Actor
from mapping.map import (
    EntryInput,
    NeedsConfirmation,
    add_entry,
    get_map,
    move_entry,
    remove_entry,
    update_entry,
)
from mapping.meetings import (
    ParticipantInput,
    changes_since_previous,
    list_meetings,
    open_meeting,
)
from mapping.scaling import RatingInput, rate
from sofs_core.codes import EntryCategory, MeetingKind, ParticipantRole, RaterRole, Voice
from sofs_core.errors import Conflict, FieldError, ValidationFailed
from storage.db import transaction
from tests.conftest import make_case

C = EntryCategory
DANGER = ("Lotte en An zijn bang dat als mama en Karim ruzie maken waar de kinderen bij zijn, "
          "Zeynep en Emre weer klappen krijgen.")


@pytest.fixture
def case_id(factory: sessionmaker[Session], counsellor: Actor) -> int:
    with transaction(factory) as s:
        return make_case(s, counsellor)


def _meeting(factory: sessionmaker[Session], actor: Actor, case_id: int, day: int,
             kind: MeetingKind = MeetingKind.FOLLOW_UP) -> int:
    with transaction(factory) as s:
        return open_meeting(session=s, actor=actor, case_id=case_id, kind=kind,
                            held_on=date(2026, 10, day),
                            participants=(ParticipantInput("Elif", ParticipantRole.FAMILY),))


def _add(factory: sessionmaker[Session], actor: Actor, meeting_id: int, data: EntryInput):
    with transaction(factory) as s:
        return add_entry(session=s, actor=actor, meeting_id=meeting_id, data=data)


def _map(factory: sessionmaker[Session], actor: Actor, meeting_id: int):
    with factory() as s:
        return get_map(session=s, actor=actor, meeting_id=meeting_id)


def test_a_new_meeting_starts_from_a_copy_and_leaves_the_old_one_alone(
    factory: sessionmaker[Session], counsellor: Actor, case_id: int
) -> None:
    first = _meeting(factory, counsellor, case_id, 1, MeetingKind.INTAKE_MAPPING)
    danger = _add(factory, counsellor, first, EntryInput(C.DANGER_STATEMENT, DANGER))
    _add(factory, counsellor, first, EntryInput(
        C.SAFETY_GOAL, "Mama en Karim lossen ruzies rustig op.", danger_lineage=danger.lineage))
    _add(factory, counsellor, first, EntryInput(C.STRENGTH, "Oma Ayşe vangt de kinderen op.",
                                                Voice.FAMILY))
    second = _meeting(factory, counsellor, case_id, 15)
    copied = _map(factory, counsellor, second)
    assert [e.text for e in copied.of(C.DANGER_STATEMENT)] == [DANGER]
    assert copied.pairs[0].goal is not None  # the pairing came along
    assert copied.of(C.STRENGTH)[0].voice is Voice.FAMILY
    # Changing the new map does not touch the old one.
    strength = copied.of(C.STRENGTH)[0]
    with transaction(factory) as s:
        update_entry(session=s, actor=counsellor, entry_id=strength.id,
                     expected_version=strength.version,
                     data=replace(strength.as_input(), text="Oma Ayşe en tante Małgorzata helpen."))
    old = _map(factory, counsellor, first).of(C.STRENGTH)[0]
    assert old.text == "Oma Ayşe vangt de kinderen op."
    with factory() as s:
        meetings = list_meetings(session=s, actor=counsellor, case_id=case_id)
    assert [(m.number, m.kind) for m in meetings] == [
        (1, MeetingKind.INTAKE_MAPPING), (2, MeetingKind.FOLLOW_UP)]
    assert meetings[0].participants == (ParticipantInput("Elif", ParticipantRole.FAMILY),)


@pytest.mark.parametrize("text", ["<b>vet</b>", "x" * 20_000, "🙂 عائلة", "a<b & www.example.org"])
def test_entries_keep_any_text_exactly(
    factory: sessionmaker[Session], counsellor: Actor, case_id: int, text: str
) -> None:
    meeting = _meeting(factory, counsellor, case_id, 1)
    _add(factory, counsellor, meeting, EntryInput(C.HARM, text))
    assert _map(factory, counsellor, meeting).of(C.HARM)[0].text == text


@pytest.mark.parametrize(("data", "expected"), [
    (EntryInput(C.HARM, "   "), FieldError("text", "error.required")),
    (EntryInput(C.SAFETY_GOAL, "Rustig praten."),
     FieldError("danger_lineage", "error.goal_needs_danger")),
    (EntryInput(C.SAFETY_GOAL, "Rustig praten.", danger_lineage="nope"),
     FieldError("danger_lineage", "error.goal_needs_danger")),
])
def test_bad_entries_are_refused_and_nothing_is_saved(
    factory: sessionmaker[Session], counsellor: Actor, case_id: int, data: EntryInput,
    expected: FieldError,
) -> None:
    meeting = _meeting(factory, counsellor, case_id, 1)
    with pytest.raises(ValidationFailed) as refused:
        _add(factory, counsellor, meeting, data)
    assert list(refused.value.errors) == [expected]
    assert all(not entries for entries in _map(factory, counsellor, meeting).entries.values())


def test_each_danger_statement_has_at_most_one_goal_and_pairs_show_side_by_side(
    factory: sessionmaker[Session], counsellor: Actor, case_id: int
) -> None:
    meeting = _meeting(factory, counsellor, case_id, 1)
    first = _add(factory, counsellor, meeting, EntryInput(C.DANGER_STATEMENT, "Zorg 1"))
    second = _add(factory, counsellor, meeting, EntryInput(C.DANGER_STATEMENT, "Zorg 2"))
    _add(factory, counsellor, meeting,
         EntryInput(C.SAFETY_GOAL, "Doel 2", danger_lineage=second.lineage))
    with pytest.raises(ValidationFailed) as refused:
        _add(factory, counsellor, meeting,
             EntryInput(C.SAFETY_GOAL, "Nog een doel 2", danger_lineage=second.lineage))
    assert refused.value.errors[0].message_key == "error.danger_has_goal"
    view = _map(factory, counsellor, meeting)
    assert [(p.danger.text, p.goal.text if p.goal else None) for p in view.pairs] == [
        ("Zorg 1", None), ("Zorg 2", "Doel 2")]
    assert [w.message_key for w in view.warnings] == ["map.warning.danger_without_goal"]
    assert first.lineage != second.lineage


def test_more_than_three_danger_statements_warn_but_are_allowed(
    factory: sessionmaker[Session], counsellor: Actor, case_id: int
) -> None:
    meeting = _meeting(factory, counsellor, case_id, 1)
    for n in range(4):
        _add(factory, counsellor, meeting, EntryInput(C.DANGER_STATEMENT, f"Zorg {n}"))
    keys = [w.message_key for w in _map(factory, counsellor, meeting).warnings]
    assert keys.count("map.warning.too_many_dangers") == 1
    assert keys.count("map.warning.danger_without_goal") == 4


def test_a_disputed_danger_statement_keeps_the_familys_view(
    factory: sessionmaker[Session], counsellor: Actor, case_id: int
) -> None:
    meeting = _meeting(factory, counsellor, case_id, 1)
    _add(factory, counsellor, meeting, EntryInput(
        C.DANGER_STATEMENT, DANGER, disputed=True, family_view="Er wordt niet geslagen."))
    _add(factory, counsellor, meeting, EntryInput(
        C.STRENGTH, "Sterk", disputed=True, family_view="niet van toepassing"))
    view = _map(factory, counsellor, meeting)
    danger = view.of(C.DANGER_STATEMENT)[0]
    assert danger.disputed and danger.family_view == "Er wordt niet geslagen."
    strength = view.of(C.STRENGTH)[0]
    assert not strength.disputed and strength.family_view == ""  # only danger statements


def test_next_steps_have_who_and_by_when(
    factory: sessionmaker[Session], counsellor: Actor, case_id: int
) -> None:
    meeting = _meeting(factory, counsellor, case_id, 1)
    _add(factory, counsellor, meeting, EntryInput(
        C.NEXT_STEP, "Netwerkbijeenkomst plannen", who="Elif", due_on=date(2026, 11, 1)))
    step = _map(factory, counsellor, meeting).of(C.NEXT_STEP)[0]
    assert (step.who, step.due_on) == ("Elif", date(2026, 11, 1))


def test_reorder_moves_within_the_part_of_the_map(
    factory: sessionmaker[Session], counsellor: Actor, case_id: int
) -> None:
    meeting = _meeting(factory, counsellor, case_id, 1)
    for text in ("A", "B", "C"):
        _add(factory, counsellor, meeting, EntryInput(C.STRENGTH, text))
    c = _map(factory, counsellor, meeting).of(C.STRENGTH)[2]
    with transaction(factory) as s:
        move_entry(session=s, actor=counsellor, entry_id=c.id, expected_version=c.version, steps=-2)
    assert [e.text for e in _map(factory, counsellor, meeting).of(C.STRENGTH)] == ["C", "A", "B"]


def test_the_later_of_two_edits_is_refused_with_the_other_version(
    factory: sessionmaker[Session], counsellor: Actor, case_id: int
) -> None:
    meeting = _meeting(factory, counsellor, case_id, 1)
    entry = _add(factory, counsellor, meeting, EntryInput(C.HARM, "Eerste versie"))
    with transaction(factory) as s:
        update_entry(session=s, actor=counsellor, entry_id=entry.id,
                     expected_version=entry.version, data=replace(entry.as_input(), text="Van An"))
    with pytest.raises(Conflict) as refused, transaction(factory) as s:
        update_entry(session=s, actor=counsellor, entry_id=entry.id,
                     expected_version=entry.version, data=replace(entry.as_input(), text="Van Jan"))
    assert refused.value.current.text == "Van An"  # type: ignore[attr-defined]
    assert _map(factory, counsellor, meeting).of(C.HARM)[0].text == "Van An"


def test_removing_a_danger_statement_with_a_goal_and_ratings_asks_first(
    factory: sessionmaker[Session], counsellor: Actor, case_id: int
) -> None:
    meeting = _meeting(factory, counsellor, case_id, 1)
    danger = _add(factory, counsellor, meeting, EntryInput(C.DANGER_STATEMENT, DANGER))
    _add(factory, counsellor, meeting,
         EntryInput(C.SAFETY_GOAL, "Doel", danger_lineage=danger.lineage))
    with transaction(factory) as s:
        rate(session=s, actor=counsellor, meeting_id=meeting, data=RatingInput(
            "Elif", RaterRole.PARENT, 4, "Vraag", "nul", "tien", danger.lineage))
    with pytest.raises(NeedsConfirmation) as asked, transaction(factory) as s:
        remove_entry(session=s, actor=counsellor, entry_id=danger.id,
                     expected_version=danger.version)
    assert dict(asked.value.params) == {"goal": 1, "ratings": 1}
    assert len(_map(factory, counsellor, meeting).pairs) == 1  # nothing removed yet
    with transaction(factory) as s:
        remove_entry(session=s, actor=counsellor, entry_id=danger.id,
                     expected_version=danger.version, confirmed=True)
    view = _map(factory, counsellor, meeting)
    assert view.pairs == () and view.of(C.SAFETY_GOAL) == ()


def test_changes_since_the_previous_meeting(
    factory: sessionmaker[Session], counsellor: Actor, case_id: int
) -> None:
    first = _meeting(factory, counsellor, case_id, 1)
    for text in ("Blijft", "Wordt anders", "Verdwijnt"):
        _add(factory, counsellor, first, EntryInput(C.STRENGTH, text))
    second = _meeting(factory, counsellor, case_id, 15)
    view = _map(factory, counsellor, second)
    keep, change, drop = view.of(C.STRENGTH)
    with transaction(factory) as s:
        update_entry(session=s, actor=counsellor, entry_id=change.id,
                     expected_version=change.version,
                     data=replace(change.as_input(), text="Is anders"))
        remove_entry(session=s, actor=counsellor, entry_id=drop.id, expected_version=drop.version)
        move_entry(session=s, actor=counsellor, entry_id=keep.id, expected_version=keep.version,
                   steps=1)
    _add(factory, counsellor, second, EntryInput(C.HARM, "Nieuw"))
    with factory() as s:
        changes = changes_since_previous(session=s, actor=counsellor, meeting_id=second)
        first_changes = changes_since_previous(session=s, actor=counsellor, meeting_id=first)
    assert [(c.category, c.after) for c in changes.added] == [(C.HARM, "Nieuw")]
    assert [(c.before, c.after, c.fields) for c in changes.changed] == [
        ("Wordt anders", "Is anders", ("text",))]  # moving is not a change of content
    assert [c.before for c in changes.removed] == ["Verdwijnt"]
    assert changes.previous_meeting_id == first
    assert first_changes.previous_meeting_id is None
    assert [c.after for c in first_changes.added] == ["Blijft", "Wordt anders", "Verdwijnt"]


def test_a_meeting_needs_a_valid_date(
    factory: sessionmaker[Session], counsellor: Actor, case_id: int
) -> None:
    with pytest.raises(ValidationFailed) as refused, transaction(factory) as s:
        open_meeting(session=s, actor=counsellor, case_id=case_id, kind=MeetingKind.REVIEW,
                     held_on=None)
    assert refused.value.errors[0] == FieldError("held_on", "error.required")


def test_an_entry_removed_is_not_copied_even_within_one_session(
    factory: sessionmaker[Session], counsellor: Actor, case_id: int
) -> None:
    with transaction(factory) as s:
        first = open_meeting(session=s, actor=counsellor, case_id=case_id,
                             kind=MeetingKind.INTAKE_MAPPING, held_on=date(2026, 10, 1))
        kept = add_entry(session=s, actor=counsellor, meeting_id=first,
                         data=EntryInput(C.NEXT_STEP, "Blijft"))
        gone = add_entry(session=s, actor=counsellor, meeting_id=first,
                         data=EntryInput(C.NEXT_STEP, "Weg"))
        remove_entry(session=s, actor=counsellor, entry_id=gone.id,
                     expected_version=gone.version)
        second = open_meeting(session=s, actor=counsellor, case_id=case_id,
                              kind=MeetingKind.FOLLOW_UP, held_on=date(2026, 10, 8))
    assert [e.text for e in _map(factory, counsellor, second).of(C.NEXT_STEP)] == [kept.text]


def test_meeting_heading_numbers_the_meeting_and_checks_its_case(
    factory: sessionmaker[Session], counsellor: Actor, case_id: int
) -> None:
    from mapping.meetings import meeting_heading
    from sofs_core.errors import NotFound

    later = _meeting(factory, counsellor, case_id, 20)
    earlier = _meeting(factory, counsellor, case_id, 3)  # entered afterwards, held before
    same_day = _meeting(factory, counsellor, case_id, 20)
    with factory() as s:
        numbers = [meeting_heading(session=s, actor=counsellor, case_id=case_id,
                                   meeting_id=m).number for m in (earlier, later, same_day)]
        with pytest.raises(NotFound):
            meeting_heading(session=s, actor=counsellor, case_id=case_id + 1, meeting_id=later)
    assert numbers == [1, 2, 3]
