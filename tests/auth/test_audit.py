"""The audit trail: reads, changes, prints, exports and logins are on record, and no line
can be changed or deleted, not even with SQL, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import delete, event, select, text, update
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from auth import ThrottlePolicy, access, authenticate
from auth.audit import case_history, trail
from mapping.cases import get_case
from mapping.map import EntryInput, add_entry, get_map
from plans.printouts import gather_plan
from privacy.export import family_export
from sofs_core.codes import AuditAction, EntryCategory
from sofs_core.errors import PermissionDenied
from storage.db import transaction
from storage.models import AuditEvent
from tests.auth.world import World, build_world


@pytest.fixture
def world(factory: sessionmaker[Session]) -> World:
    return build_world(factory)


def _lines(factory: sessionmaker[Session]) -> list[tuple[str | None, int | None, str, str]]:
    with factory() as s:
        return [(e.actor_name, e.case_id, e.action.value, e.subject)
                for e in s.scalars(select(AuditEvent).order_by(AuditEvent.id))]


def _since(factory: sessionmaker[Session], before: int) -> list[tuple[str | None, int | None,
                                                                        str, str]]:
    return _lines(factory)[before:]


def test_read_change_print_and_export_are_recorded(
    factory: sessionmaker[Session], world: World
) -> None:
    lotte, case = world.lotte, world.own
    before = len(_lines(factory))
    with transaction(factory) as s:
        get_map(session=s, actor=lotte, meeting_id=case.meeting)
        add_entry(session=s, actor=lotte, meeting_id=case.meeting,
                  data=EntryInput(EntryCategory.HARM, "Emre werd geraakt."))
        gather_plan(session=s, actor=lotte, plan_id=case.draft_plan, words=lambda k, **_: k,
                    on=date(2026, 11, 23), document="family", with_genogram=False)
        family_export(session=s, actor=lotte, case_id=case.case_id)
    new = _since(factory, before)
    assert ("lotte", case.case_id, "read", "map/get_map") in new
    assert ("lotte", case.case_id, "change", "map/add_entry") in new
    assert ("lotte", case.case_id, "print", "print/family") in new
    assert ("lotte", case.case_id, "export", "privacy/export") in new
    # The lines hold codes and ids, never what was written.
    assert not any("Emre" in str(line) or "Peeters" in str(line) for line in _lines(factory))


def test_a_read_is_recorded_once_per_window_a_change_every_time(
    factory: sessionmaker[Session], world: World
) -> None:
    before = len(_lines(factory))
    for _ in range(3):
        with transaction(factory) as s:
            get_case(session=s, actor=world.lotte, case_id=world.own.case_id)
            add_entry(session=s, actor=world.lotte, meeting_id=world.own.meeting,
                      data=EntryInput(EntryCategory.HARM, "x"))
    new = _since(factory, before)
    assert [line for line in new if line[2] == "read"] == [
        ("lotte", world.own.case_id, "read", "cases/get_case")]
    assert len([line for line in new if line[3] == "map/add_entry"]) == 3


def test_known_reads_spare_the_trail_a_query_until_the_window_has_passed(
    factory: sessionmaker[Session], world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A page's reruns lend each transaction the read lines the earlier ones committed: the
    trail is not asked again, and still holds one line per window."""
    known: dict[access.ReadLine, datetime] = {}
    asked: list[str] = []
    engine = factory.kw["bind"]

    def watch(_conn: object, _cursor: object, statement: str, *_: object) -> None:
        if "FROM audit_events" in statement and "GROUP BY audit_events.subject" in statement:
            asked.append(statement)  # the trail asked for the window's read lines

    before = len(_lines(factory))
    event.listen(engine, "before_cursor_execute", watch)
    try:
        for _ in range(3):
            with transaction(factory) as s:
                access.known_reads(s, known)
                get_case(session=s, actor=world.lotte, case_id=world.own.case_id)
        assert len(asked) == 1  # the first rerun asked; the next two knew
        assert [line[3] for line in _since(factory, before)] == ["cases/get_case"]
        # Once the window has passed, the line is written again (and the trail asked).
        later = access.utcnow() + access.READ_WINDOW + timedelta(seconds=1)
        monkeypatch.setattr(access, "utcnow", lambda: later)
        with transaction(factory) as s:
            access.known_reads(s, known)
            get_case(session=s, actor=world.lotte, case_id=world.own.case_id)
    finally:
        event.remove(engine, "before_cursor_execute", watch)
    assert len(asked) == 2
    assert [line[3] for line in _since(factory, before)] == ["cases/get_case"] * 2


def test_a_read_line_rolled_back_is_not_known(
    factory: sessionmaker[Session], world: World
) -> None:
    """A rerun that failed after its read wrote no line: the next one must write it."""
    known: dict[access.ReadLine, datetime] = {}
    before = len(_lines(factory))
    with pytest.raises(RuntimeError), transaction(factory) as s:
        access.known_reads(s, known)
        get_case(session=s, actor=world.lotte, case_id=world.own.case_id)
        raise RuntimeError("the page failed after reading")
    assert known == {}
    assert _since(factory, before) == []
    with transaction(factory) as s:
        access.known_reads(s, known)
        get_case(session=s, actor=world.lotte, case_id=world.own.case_id)
    assert [line[3] for line in _since(factory, before)] == ["cases/get_case"]
    assert list(known) == [(world.lotte.id, world.own.case_id, "cases/get_case")]


def test_logins_and_failed_logins_are_recorded_with_only_names_of_accounts(
    factory: sessionmaker[Session], world: World
) -> None:
    policy = ThrottlePolicy()
    with transaction(factory) as s:
        assert authenticate(session=s, username="lotte", password="fout",
                            policy=policy) is None
    with transaction(factory) as s:
        assert authenticate(session=s, username="LOTTE", password="geheim-wachtwoord",
                            policy=policy) is not None
    with transaction(factory) as s:
        assert authenticate(session=s, username="niemand", password="x", policy=policy) is None
    with transaction(factory) as s:
        # A password typed in the name field is no account's name: not kept.
        assert authenticate(session=s, username="Geheim-Wachtwoord!", password="",
                            policy=policy) is None
    logins = [line for line in _lines(factory) if line[2].startswith("login")]
    assert logins == [("lotte", None, "login_failed", "login"), ("lotte", None, "login", "login"),
                      ("", None, "login_failed", "login"), ("", None, "login_failed", "login")]


@pytest.mark.parametrize("statement", [
    update(AuditEvent).values(subject="weggepoetst"),
    delete(AuditEvent),
])
def test_no_audit_line_can_be_changed_or_deleted(
    factory: sessionmaker[Session], world: World, statement: object
) -> None:
    before = _lines(factory)
    assert before
    with pytest.raises(DBAPIError, match="append-only"), transaction(factory) as s:
        s.execute(statement)  # type: ignore[call-overload]
    with pytest.raises(DBAPIError, match="append-only"), transaction(factory) as s:
        s.execute(text("UPDATE audit_events SET actor_name = 'x' WHERE id = 1"))
    assert _lines(factory) == before


def test_the_history_of_a_case_is_for_its_team_lead_and_the_administrator(
    factory: sessionmaker[Session], world: World
) -> None:
    with transaction(factory) as s:
        get_case(session=s, actor=world.lotte, case_id=world.own.case_id)
    with transaction(factory) as s:
        lines = case_history(session=s, actor=world.lead, case_id=world.own.case_id)
        assert ("lotte", AuditAction.READ, "cases/get_case") in {
            (x.actor_name, x.action, x.subject) for x in lines}
        assert {x.case_id for x in lines} == {world.own.case_id}
    with transaction(factory) as s:
        assert case_history(session=s, actor=world.admin, case_id=world.other.case_id)
        assert trail(session=s, actor=world.admin, actions=(AuditAction.CHANGE,))
    for actor in (world.lotte, world.consultant, world.jan):
        with pytest.raises(PermissionDenied), transaction(factory) as s:
            case_history(session=s, actor=actor, case_id=world.own.case_id)
    with pytest.raises(PermissionDenied), transaction(factory) as s:
        trail(session=s, actor=world.lead)
    # Looking at the history is itself on record.
    assert ("hilde", world.own.case_id, "read", "audit/case_history") in _lines(factory)
