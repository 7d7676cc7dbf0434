"""Scaling questions: bounds, one answer per person, history across meetings."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from auth import Actor
from mapping.map import EntryInput, add_entry
from mapping.meetings import open_meeting
from mapping.scaling import RatingInput, rate, rating_history, remove_rating, spread_at
from sofs_core.codes import EntryCategory, MeetingKind, RaterRole
from sofs_core.errors import FieldError, ValidationFailed
from storage.db import transaction
from storage.models import Rating
from tests.conftest import make_case

QUESTION = ("Op een schaal van 0 tot 10, waar staat de situatie nu?", "het kan thuis niet meer",
            "iedereen weet dat de kinderen veilig genoeg zijn")


@pytest.fixture
def setting(factory: sessionmaker[Session], counsellor: Actor) -> tuple[int, int, str]:
    with transaction(factory) as s:
        case_id = make_case(s, counsellor)
        meeting = open_meeting(session=s, actor=counsellor, case_id=case_id,
                               kind=MeetingKind.INTAKE_MAPPING, held_on=date(2026, 10, 1))
        danger = add_entry(session=s, actor=counsellor, meeting_id=meeting,
                           data=EntryInput(EntryCategory.DANGER_STATEMENT, "Zorg"))
    return case_id, meeting, danger.lineage


def _answer(name: str, score: object, lineage: str | None = None, **kw: object) -> RatingInput:
    return RatingInput(name, RaterRole.PARENT, score, *QUESTION, danger_lineage=lineage,  # type: ignore[arg-type]
                       **kw)  # type: ignore[arg-type]


@pytest.mark.parametrize(("score", "key"), [
    (11, "error.score_range"), (-1, "error.score_range"), ("zeven", "error.score_not_number"),
    ("7.5", "error.score_not_number"), (None, "error.required"), ("", "error.required"),
])
def test_bad_scores_are_refused_and_nothing_is_saved(
    factory: sessionmaker[Session], counsellor: Actor, setting: tuple[int, int, str],
    score: object, key: str,
) -> None:
    _, meeting, lineage = setting
    with pytest.raises(ValidationFailed) as refused, transaction(factory) as s:
        rate(session=s, actor=counsellor, meeting_id=meeting, data=_answer("Elif", score, lineage))
    assert [e.message_key for e in refused.value.errors] == [key]
    with factory() as s:
        assert s.scalar(select(func.count(Rating.id))) == 0


@pytest.mark.parametrize("score", [0, 10, "7"])
def test_scores_from_zero_to_ten_are_kept_with_the_question(
    factory: sessionmaker[Session], counsellor: Actor, setting: tuple[int, int, str],
    score: object,
) -> None:
    _, meeting, lineage = setting
    with transaction(factory) as s:
        saved = rate(session=s, actor=counsellor, meeting_id=meeting,
                     data=_answer("Elif", score, lineage, reason="Karim helpt nu mee"))
    assert saved.score == int(score)  # type: ignore[call-overload]
    assert (saved.question, saved.zero_means, saved.ten_means) == QUESTION
    assert saved.reason == "Karim helpt nu mee"


def test_a_rating_needs_a_danger_statement_on_this_map_and_a_rater(
    factory: sessionmaker[Session], counsellor: Actor, setting: tuple[int, int, str]
) -> None:
    _, meeting, _ = setting
    with pytest.raises(ValidationFailed) as refused, transaction(factory) as s:
        rate(session=s, actor=counsellor, meeting_id=meeting, data=_answer(" ", 5, "nope"))
    assert list(refused.value.errors) == [
        FieldError("rater_name", "error.required"),
        FieldError("danger_lineage", "error.rating_needs_danger"),
    ]


def test_one_answer_per_person_per_question_per_meeting(
    factory: sessionmaker[Session], counsellor: Actor, setting: tuple[int, int, str]
) -> None:
    _, meeting, lineage = setting
    with transaction(factory) as s:
        first = rate(session=s, actor=counsellor, meeting_id=meeting,
                     data=_answer("Elif", 3, lineage))
        rate(session=s, actor=counsellor, meeting_id=meeting, data=_answer("Elif", 5))  # whole case
    with pytest.raises(ValidationFailed) as refused, transaction(factory) as s:
        rate(session=s, actor=counsellor, meeting_id=meeting, data=_answer("ELIF ", 4, lineage))
    assert refused.value.errors[0].message_key == "error.already_rated"
    with transaction(factory) as s:
        remove_rating(session=s, actor=counsellor, rating_id=first.id)
        rate(session=s, actor=counsellor, meeting_id=meeting, data=_answer("Elif", 4, lineage))


def test_history_follows_each_rater_across_meetings(
    factory: sessionmaker[Session], counsellor: Actor, setting: tuple[int, int, str]
) -> None:
    case_id, first, lineage = setting
    with transaction(factory) as s:
        rate(session=s, actor=counsellor, meeting_id=first, data=_answer("Elif", 3, lineage))
        rate(session=s, actor=counsellor, meeting_id=first, data=_answer("Lotte", 2, lineage))
        second = open_meeting(session=s, actor=counsellor, case_id=case_id,
                              kind=MeetingKind.FOLLOW_UP, held_on=date(2026, 10, 20))
        rate(session=s, actor=counsellor, meeting_id=second, data=_answer("Elif", 6, lineage))
        rate(session=s, actor=counsellor, meeting_id=second, data=_answer("Lotte", 4, lineage))
    with factory() as s:
        points = rating_history(session=s, actor=counsellor, case_id=case_id)
    assert [(p.meeting_number, p.rater_name, p.score) for p in points] == [
        (1, "Elif", 3), (1, "Lotte", 2), (2, "Elif", 6), (2, "Lotte", 4)]
    assert spread_at(points, second, lineage) == (4, 6)
    assert spread_at(points, second, None) is None
