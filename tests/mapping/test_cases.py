"""Case register services on a real database (SQLite, and PostgreSQL when configured)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from auth import Actor
from auth.access import AccessRefused
from mapping.cases import (
    CaseFilter,
    OpenState,
    count_cases,
    create_case,
    get_case,
    list_cases,
    update_case,
)
from sofs_core.codes import CaseStatus, ClosureReason, Hulpvorm, ReferrerBody, Role
from sofs_core.errors import Conflict, FieldError, NotFound, ValidationFailed
from storage.db import transaction
from storage.models import Case, Family, Team
from tests.conftest import case_input, make_case, make_user

HOSTILE_TEXTS = [
    "<b>vet</b>",
    "<img src=x onerror=alert(1)>",
    "![x](http://example.org/a.png)",
    "Zeynep Ğüneş-El Amrani 🙂👨‍👩‍👧",
    "عائلة العمراني",
    "x" * 20_000,
]


def _count(session: Session, model: type) -> int:
    return session.scalar(select(func.count()).select_from(model)) or 0


def test_create_case_stores_family_case_and_counsellors(
    factory: sessionmaker[Session], counsellor: Actor
) -> None:
    with transaction(factory) as s:
        case_id = make_case(s, counsellor, planned_end_date=date(2027, 3, 1))
    with factory() as s:
        case = get_case(session=s, actor=counsellor, case_id=case_id)
    assert case.family_name == "Gezin Peeters"
    assert case.hulpvorm == Hulpvorm.CONTEXT_SIGNS_OF_SAFETY
    assert case.referrer_body is ReferrerBody.OCJ
    assert case.counsellor_names == ("Lotte Peeters",)
    assert case.planned_end_date == date(2027, 3, 1)
    assert case.status is CaseStatus.ACTIVE


@pytest.mark.parametrize("text", HOSTILE_TEXTS, ids=lambda s: s[:20])
def test_names_and_texts_are_stored_unchanged(
    factory: sessionmaker[Session], counsellor: Actor, text: str
) -> None:
    with transaction(factory) as s:
        case_id = make_case(s, counsellor, family_name=text, consultant_name=text)
    with factory() as s:
        case = get_case(session=s, actor=counsellor, case_id=case_id)
    assert case.family_name == text
    assert case.consultant_name == text


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"family_name": "   "}, FieldError("family_name", "error.required")),
        ({"hulpvorm": None}, FieldError("hulpvorm", "error.required")),
        ({"referrer_body": None}, FieldError("referrer_body", "error.required")),
        ({"start_date": None}, FieldError("start_date", "error.required")),
        ({"referrer_body": ReferrerBody.OTHER, "referrer_other": ""},
         FieldError("referrer_other", "error.required")),
        ({"planned_end_date": date(2026, 8, 31)},
         FieldError("planned_end_date", "error.end_before_start")),
        ({"status": CaseStatus.CLOSED, "end_date": date(2026, 8, 1),
          "closure_reason": ClosureReason.GOALS_REACHED},
         FieldError("end_date", "error.end_before_start")),
        ({"status": CaseStatus.CLOSED, "closure_reason": ClosureReason.MOVED},
         FieldError("end_date", "error.required")),
        ({"status": CaseStatus.CLOSED, "end_date": date(2026, 12, 1)},
         FieldError("closure_reason", "error.required")),
        ({"start_date": date(1985, 1, 1)},
         FieldError("start_date", "error.date_too_early", {"date": date(1990, 1, 1)})),
        ({"counsellor_ids": (99999,)}, FieldError("counsellor_ids", "error.unknown_counsellor")),
    ],
)
def test_bad_case_input_is_refused_and_saves_nothing(
    factory: sessionmaker[Session], counsellor: Actor, changes: dict[str, object],
    expected: FieldError,
) -> None:
    with pytest.raises(ValidationFailed) as refused, transaction(factory) as s:
        make_case(s, counsellor, **changes)
    assert expected in refused.value.errors
    with factory() as s:
        assert _count(s, Case) == 0
        assert _count(s, Family) == 0


def test_update_case_saves_and_bumps_the_version(
    factory: sessionmaker[Session], counsellor: Actor
) -> None:
    with transaction(factory) as s:
        case_id = make_case(s, counsellor)
        before = get_case(session=s, actor=counsellor, case_id=case_id)
    closed = replace(before.as_input(), family_name="Gezin Peeters-Janssens",
                     status=CaseStatus.CLOSED, end_date=date(2027, 1, 15),
                     closure_reason=ClosureReason.GOALS_REACHED, closure_note="Goed verlopen")
    with transaction(factory) as s:
        after = update_case(session=s, actor=counsellor, case_id=case_id,
                            expected_version=before.version,
                            expected_family_version=before.family_version, data=closed)
    assert after.version == before.version + 1
    assert after.family_version == before.family_version + 1
    with factory() as s:
        stored = get_case(session=s, actor=counsellor, case_id=case_id)
    assert stored.family_name == "Gezin Peeters-Janssens"
    assert stored.status is CaseStatus.CLOSED
    assert stored.closure_reason is ClosureReason.GOALS_REACHED


def test_a_later_save_from_an_old_version_is_refused_with_the_other_version(
    factory: sessionmaker[Session], counsellor: Actor
) -> None:
    with transaction(factory) as s:
        case_id = make_case(s, counsellor)
        loaded = get_case(session=s, actor=counsellor, case_id=case_id)
    # Two people opened the same version; the first saves.
    with transaction(factory) as s:
        update_case(session=s, actor=counsellor, case_id=case_id, expected_version=loaded.version,
                    expected_family_version=loaded.family_version,
                    data=replace(loaded.as_input(), consultant_name="Eerste"))
    with pytest.raises(Conflict) as refused, transaction(factory) as s:
        update_case(session=s, actor=counsellor, case_id=case_id, expected_version=loaded.version,
                    expected_family_version=loaded.family_version,
                    data=replace(loaded.as_input(), consultant_name="Tweede"))
    assert refused.value.current.consultant_name == "Eerste"  # type: ignore[attr-defined]
    with factory() as s:
        assert get_case(session=s, actor=counsellor, case_id=case_id).consultant_name == "Eerste"


def test_get_unknown_case_is_not_found(factory: sessionmaker[Session], counsellor: Actor) -> None:
    with pytest.raises(NotFound), factory() as s:
        get_case(session=s, actor=counsellor, case_id=424242)


@pytest.fixture
def register(factory: sessionmaker[Session]) -> dict[str, object]:
    """A small register of one team: three cases, two counsellors, one closed, and the
    team lead who sees them all."""
    with transaction(factory) as s:
        team = Team(name="Team Gent")
        s.add(team)
        s.flush()
        lotte = make_user(s, "lotte", Role.COUNSELLOR, "Lotte Peeters", team_id=team.id)
        jan = make_user(s, "jan", Role.COUNSELLOR, "Jan Claes", team_id=team.id)
        lead = make_user(s, "hilde", Role.TEAM_LEAD, "Hilde Maes", team_id=team.id)
        ids = {
            "yilmaz": make_case(s, lotte, family_name="Gezin Yılmaz-Kowalski",
                                referrer_body=ReferrerBody.SDJ),
            "peeters": make_case(s, jan, family_name="Gezin Peeters", hulpvorm=Hulpvorm.IKT,
                                 start_date=date(2025, 2, 1)),
            "closed": make_case(s, lotte, family_name="Gezin Wouters",
                                counsellor_ids=(lotte.id, jan.id),
                                status=CaseStatus.CLOSED, end_date=date(2026, 10, 1),
                                closure_reason=ClosureReason.UNPLANNED_DROPOUT),
        }
    return {"lotte": lotte, "jan": jan, "lead": lead, **ids}


def _names(factory: sessionmaker[Session], actor: Actor, filters: CaseFilter) -> list[str]:
    with factory() as s:
        return [r.family_name for r in list_cases(session=s, actor=actor, filters=filters).rows]


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (CaseFilter(), ["Gezin Yılmaz-Kowalski", "Gezin Peeters"]),
        (CaseFilter(open_state=OpenState.CLOSED), ["Gezin Wouters"]),
        # Newest start first; on the same start date, the newest case first.
        (CaseFilter(open_state=OpenState.ALL),
         ["Gezin Wouters", "Gezin Yılmaz-Kowalski", "Gezin Peeters"]),
        (CaseFilter(text="yilmaz"), ["Gezin Yılmaz-Kowalski"]),
        (CaseFilter(text="KOWAL"), ["Gezin Yılmaz-Kowalski"]),
        (CaseFilter(text="%"), []),
        (CaseFilter(hulpvormen=(Hulpvorm.IKT,)), ["Gezin Peeters"]),
        (CaseFilter(referrers=(ReferrerBody.SDJ,)), ["Gezin Yılmaz-Kowalski"]),
        (CaseFilter(statuses=(CaseStatus.CLOSED,), open_state=OpenState.ALL), ["Gezin Wouters"]),
    ],
)
def test_list_cases_filters(
    factory: sessionmaker[Session], register: dict[str, object], filters: CaseFilter,
    expected: list[str],
) -> None:
    assert _names(factory, register["lead"], filters) == expected  # type: ignore[arg-type]


def test_a_counsellor_lists_only_the_cases_they_work_on(
    factory: sessionmaker[Session], register: dict[str, object]
) -> None:
    lotte: Actor = register["lotte"]  # type: ignore[assignment]
    assert _names(factory, lotte, CaseFilter(open_state=OpenState.ALL)) == [
        "Gezin Wouters", "Gezin Yılmaz-Kowalski"]
    with factory() as s:
        assert count_cases(session=s, actor=lotte, filters=CaseFilter()) == 1


def test_list_cases_by_counsellor_shows_all_their_cases_and_names(
    factory: sessionmaker[Session], register: dict[str, object]
) -> None:
    jan: Actor = register["jan"]  # type: ignore[assignment]
    with factory() as s:
        rows = list_cases(session=s, actor=jan, filters=CaseFilter(
            counsellor_ids=(jan.id,), open_state=OpenState.ALL)).rows
    assert [r.family_name for r in rows] == ["Gezin Wouters", "Gezin Peeters"]
    assert rows[0].counsellor_names == ("Jan Claes", "Lotte Peeters")


def test_search_finds_a_family_by_a_member_name(
    factory: sessionmaker[Session], register: dict[str, object]
) -> None:
    from genograms.people import PersonInput, add_family_member

    jan: Actor = register["jan"]  # type: ignore[assignment]
    with transaction(factory) as s:
        family_id = s.get_one(Case, register["peeters"]).family_id
        add_family_member(session=s, actor=jan, family_id=family_id,
                          data=PersonInput("Małgorzata", "Nowak"))
    assert _names(factory, jan, CaseFilter(text="malgorzata")) == ["Gezin Peeters"]


def test_create_case_input_defaults_are_valid(counsellor: Actor) -> None:
    data = case_input(counsellor)
    assert data.status is CaseStatus.ACTIVE and data.end_date is None


def test_case_created_for_inactive_counsellor_is_refused(
    factory: sessionmaker[Session], counsellor: Actor
) -> None:
    from storage.models import User

    with transaction(factory) as s:
        colleague = make_user(s, "pieter", Role.COUNSELLOR)
        s.get_one(User, colleague.id).is_active = False
    with pytest.raises(ValidationFailed), transaction(factory) as s:
        create_case(session=s, actor=counsellor,
                    data=case_input(counsellor, counsellor_ids=(counsellor.id, colleague.id)))


def test_list_cases_pages_through_a_large_register(
    factory: sessionmaker[Session], counsellor: Actor
) -> None:
    with transaction(factory) as s:
        for day in range(1, 8):
            make_case(s, counsellor, family_name=f"Gezin {day}", start_date=date(2026, 1, day))
    with factory() as s:
        total = count_cases(session=s, actor=counsellor, filters=CaseFilter())
        found = [list_cases(session=s, actor=counsellor, filters=CaseFilter(), limit=3,
                            offset=offset) for offset in (0, 3, 6, 9)]
    pages = [[r.family_name for r in page.rows] for page in found]
    assert total == 7
    assert [page.total for page in found] == [7, 7, 7, 7]  # also past the last page
    assert pages[3] == []
    pages = pages[:3]
    assert pages == [["Gezin 7", "Gezin 6", "Gezin 5"], ["Gezin 4", "Gezin 3", "Gezin 2"],
                     ["Gezin 1"]]


def _save(factory: sessionmaker[Session], actor: Actor, case_id: int, base, **changes: object):
    with transaction(factory) as s:
        return update_case(session=s, actor=actor, case_id=case_id,
                           expected_version=base.version,
                           expected_family_version=base.family_version,
                           data=replace(base.as_input(), **changes))


def test_reopening_a_case_clears_its_closure(
    factory: sessionmaker[Session], counsellor: Actor
) -> None:
    with transaction(factory) as s:
        case_id = make_case(s, counsellor, status=CaseStatus.CLOSED, end_date=date(2026, 12, 1),
                            closure_reason=ClosureReason.MOVED, closure_note="Naar Gent")
        closed = get_case(session=s, actor=counsellor, case_id=case_id)
    reopened = _save(factory, counsellor, case_id, closed, status=CaseStatus.ACTIVE)
    assert (reopened.end_date, reopened.closure_reason, reopened.closure_note) == (None, None, "")


def test_changing_only_the_counsellors_still_refuses_a_stale_save(
    factory: sessionmaker[Session], counsellor: Actor
) -> None:
    with transaction(factory) as s:
        team = Team(name="Team Gent")
        s.add(team)
        s.flush()
        lead = make_user(s, "hilde", Role.TEAM_LEAD, "Hilde Maes", team_id=team.id)
        colleague = make_user(s, "jan", Role.COUNSELLOR, "Jan Claes")
        case_id = make_case(s, lead, counsellor_ids=(lead.id,))
        loaded = get_case(session=s, actor=lead, case_id=case_id)
    _save(factory, lead, case_id, loaded, counsellor_ids=(lead.id, colleague.id))
    with pytest.raises(Conflict):
        _save(factory, lead, case_id, loaded, consultant_name="Later")
    with factory() as s:
        assert len(get_case(session=s, actor=lead, case_id=case_id).counsellor_ids) == 2


def test_a_counsellor_who_left_stays_on_the_case_when_it_is_saved(
    factory: sessionmaker[Session], counsellor: Actor
) -> None:
    from storage.models import User

    with transaction(factory) as s:
        colleague = make_user(s, "pieter", Role.COUNSELLOR)
        case_id = make_case(s, counsellor, counsellor_ids=(counsellor.id, colleague.id))
        s.get_one(User, colleague.id).is_active = False
        loaded = get_case(session=s, actor=counsellor, case_id=case_id)
    saved = _save(factory, counsellor, case_id, loaded, consultant_name="Nieuw")
    assert set(saved.counsellor_ids) == {counsellor.id, colleague.id}


def test_an_account_that_was_deactivated_reaches_no_case(
    factory: sessionmaker[Session], counsellor: Actor
) -> None:
    from storage.models import User

    with transaction(factory) as s:
        case_id = make_case(s, counsellor)
        s.get_one(User, counsellor.id).is_active = False
    with pytest.raises(AccessRefused), factory() as s:
        get_case(session=s, actor=counsellor, case_id=case_id)
    with pytest.raises(AccessRefused), transaction(factory) as s:
        create_case(session=s, actor=counsellor, data=case_input(counsellor))


def test_adding_a_member_does_not_make_the_case_form_conflict(
    factory: sessionmaker[Session], counsellor: Actor
) -> None:
    from genograms.people import PersonInput, add_family_member

    with transaction(factory) as s:
        case_id = make_case(s, counsellor)
        loaded = get_case(session=s, actor=counsellor, case_id=case_id)
        add_family_member(session=s, actor=counsellor, family_id=loaded.family_id,
                          data=PersonInput("Noor"))
    renamed = _save(factory, counsellor, case_id, loaded, family_name="Gezin Peeters-Noor")
    assert renamed.family_name == "Gezin Peeters-Noor"
    with pytest.raises(Conflict):  # but a second rename from the old version is refused
        _save(factory, counsellor, case_id, loaded, family_name="Gezin Anders")


def test_names_lose_only_their_outer_spaces(
    factory: sessionmaker[Session], counsellor: Actor
) -> None:
    with transaction(factory) as s:
        case_id = make_case(s, counsellor, family_name="  Gezin  Janssens ",
                            consultant_name=" An ")
        case = get_case(session=s, actor=counsellor, case_id=case_id)
    assert (case.family_name, case.consultant_name) == ("Gezin  Janssens", "An")


@pytest.mark.parametrize(("name", "query"), [
    ("Gezin Van den Broeck", "vandenbroeck"), ("Gezin D'Hondt", "dhondt"),
    ("Gezin De Smet", "desmet"), ("Gezin Ğüneş-El Amrani", "gunes el"),
])
def test_search_finds_flemish_spelling_variants(
    factory: sessionmaker[Session], counsellor: Actor, name: str, query: str
) -> None:
    with transaction(factory) as s:
        make_case(s, counsellor, family_name=name)
    assert _names(factory, counsellor, CaseFilter(text=query)) == [name]


def test_the_search_index_follows_renames_new_members_and_removals(
    factory: sessionmaker[Session], counsellor: Actor
) -> None:
    from genograms.people import PersonInput, add_family_member

    with transaction(factory) as s:
        case_id = make_case(s, counsellor, family_name="Gezin Nowak")
        base = get_case(session=s, actor=counsellor, case_id=case_id)
    _save(factory, counsellor, case_id, base, family_name="Gezin Kowalczyk")
    assert _names(factory, counsellor, CaseFilter(text="nowak")) == []
    assert _names(factory, counsellor, CaseFilter(text="kowalc")) == ["Gezin Kowalczyk"]
    with transaction(factory) as s:
        family_id = s.get_one(Case, case_id).family_id
        add_family_member(session=s, actor=counsellor, family_id=family_id,
                          data=PersonInput("Zofia", "Wiśniewska"))
    assert _names(factory, counsellor, CaseFilter(text="wisniew")) == ["Gezin Kowalczyk"]
    with transaction(factory) as s:  # as the retention job removes an expired file
        case = s.get_one(Case, case_id)
        family = case.family
        s.delete(case)
        s.flush()
        s.delete(family)
    with transaction(factory) as s:  # SQLite may give the new family the freed row id
        make_case(s, counsellor, family_name="Gezin Peeters")
    assert _names(factory, counsellor, CaseFilter(text="kowalc")) == []
    assert _names(factory, counsellor, CaseFilter(text="wisniew")) == []
    assert _names(factory, counsellor, CaseFilter(text="peeters")) == ["Gezin Peeters"]


@pytest.mark.parametrize("common", [False, True], ids=["rare key", "common key"])
def test_the_search_finds_the_same_cases_for_rare_common_and_short_keys(
    factory: sessionmaker[Session], counsellor: Actor, monkeypatch: pytest.MonkeyPatch,
    common: bool,
) -> None:
    if common:  # every key counts as common: the list walks its order and tests each row
        monkeypatch.setattr("storage.search.COMMON_KEY_FAMILIES", 1)
    with transaction(factory) as s:
        for day, name in enumerate(("Gezin Kowalski", "Gezin Peeters", "Gezin Kowalczyk"), 1):
            make_case(s, counsellor, family_name=name, start_date=date(2026, 1, day))
    assert _names(factory, counsellor, CaseFilter(text="Kowal")) == [
        "Gezin Kowalczyk", "Gezin Kowalski"]
    assert _names(factory, counsellor, CaseFilter(text="ee")) == ["Gezin Peeters"]
    assert _names(factory, counsellor, CaseFilter(text="zz")) == []
    assert _names(factory, counsellor, CaseFilter(text="gezin kowalski")) == ["Gezin Kowalski"]
    with factory() as s:
        assert count_cases(session=s, actor=counsellor, filters=CaseFilter(text="owal")) == 2


def test_the_pager_counts_no_further_than_its_cap_past_the_page(
    factory: sessionmaker[Session], counsellor: Actor, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("mapping.cases.COUNT_CAP", 4)
    with transaction(factory) as s:
        for day in range(1, 8):
            make_case(s, counsellor, family_name=f"Gezin {day}", start_date=date(2026, 1, day))
    with factory() as s:
        first = list_cases(session=s, actor=counsellor, filters=CaseFilter(), limit=3)
        second = list_cases(session=s, actor=counsellor, filters=CaseFilter(), limit=3,
                            offset=3)
        everything = list_cases(session=s, actor=counsellor, filters=CaseFilter())
        assert count_cases(session=s, actor=counsellor, filters=CaseFilter(), cap=5) == 6
        assert count_cases(session=s, actor=counsellor, filters=CaseFilter(), cap=7) == 7
    assert (first.total, first.capped) == (4, True)  # "more than 4"
    assert (second.total, second.capped) == (7, False)  # 3 + 4 reaches every case
    assert (everything.total, everything.capped, len(everything.rows)) == (7, False, 7)


def test_a_searched_page_is_chosen_from_the_cases_index_alone(
    factory: sessionmaker[Session], counsellor: Actor
) -> None:
    """A search that finds many families picks its page and its count from the cases'
    covering index; only the page's own cases are read with their family (issue 19)."""
    from mapping.cases import _count_statement, _page_statement
    from storage.search import search_parameters, search_plan

    with transaction(factory) as s:
        for day in range(1, 8):
            make_case(s, counsellor, family_name=f"Gezin Kowalski {day}",
                      start_date=date(2026, 1, day))
        make_case(s, counsellor, family_name="Gezin Peeters", start_date=date(2026, 1, 9))
    with factory() as s:
        first = list_cases(session=s, actor=counsellor, filters=CaseFilter(text="kowal"),
                           limit=3)
        last = list_cases(session=s, actor=counsellor, filters=CaseFilter(text="kowal"),
                          limit=3, offset=6)
        assert [r.family_name for r in first.rows] == [
            "Gezin Kowalski 7", "Gezin Kowalski 6", "Gezin Kowalski 5"]
        assert [r.family_name for r in last.rows] == ["Gezin Kowalski 1"]
        assert (first.total, last.total) == (7, 7)
        if s.get_bind().dialect.name != "sqlite":
            return
        plan = search_plan(s, "kowal")
        assert plan.by_index
        connection = s.connection()
        for statement in (_page_statement(counsellor, CaseFilter(text="kowal"), plan, 3, 0),
                          _count_statement(counsellor, CaseFilter(text="kowal"), plan, 10)):
            compiled = statement.compile(connection)
            values = compiled.construct_params(search_parameters(plan))
            positional = tuple(values[name] for name in compiled.positiontup or ())
            steps = [str(row[-1]) for row in connection.exec_driver_sql(
                f"EXPLAIN QUERY PLAN {compiled}", positional)]
            assert any("COVERING INDEX ix_cases_family_list" in step for step in steps), steps
            # Families are read by their key, for the page's cases only, never scanned.
            assert not any(step.startswith("SCAN families") for step in steps), steps
