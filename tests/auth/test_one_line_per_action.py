"""One thing a person does is one line in the audit trail: every service of the access
matrix, allowed, writes exactly one line, also when it is made of other services (adding a
child of two parents, printing a plan). A refusal is one line too (test_access.py)."""

from __future__ import annotations

from datetime import timedelta
from functools import partial

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from auth import Actor, access
from genograms.people import PersonInput
from genograms.relations import Relative, add_relative
from sofs_core.errors import PermissionDenied, SofsError
from storage.db import transaction
from storage.models import AuditEvent, Person
from tests.auth.test_access import ALLOWED, CALLS, Call, _share_with_the_consultant
from tests.auth.world import CaseWorld, World, build_world


class _Written(Exception):
    """Carries the count out of the transaction it rolls back."""

    def __init__(self, lines: list[str]) -> None:
        super().__init__()
        self.lines = lines


def _lines_written(factory: sessionmaker[Session], call: Call, actor: Actor,
                   case: CaseWorld) -> list[str] | None:
    """The audit lines the call wrote (action and subject), or None when it was refused or
    refused what it was asked (then it is rolled back and only a refusal may be on record).
    The call is rolled back either way, so every call meets the same world."""
    try:
        with transaction(factory) as s:
            last = s.scalar(select(func.max(AuditEvent.id))) or 0
            call(s, actor, case)
            s.flush()
            raise _Written([f"{line.action} {line.subject}" for line in s.scalars(
                select(AuditEvent).where(AuditEvent.id > last).order_by(AuditEvent.id))])
    except _Written as written:
        return written.lines
    except (PermissionDenied, SofsError):
        return None


@pytest.fixture
def world(factory: sessionmaker[Session]) -> World:
    return build_world(factory)


@pytest.mark.parametrize("role", ["counsellor", "team_lead", "consultant", "admin"])
def test_every_allowed_service_writes_exactly_one_audit_line(
    factory: sessionmaker[Session], world: World, role: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # No read of building the world may hide a read line a service writes besides its own.
    monkeypatch.setattr(access, "READ_WINDOW", timedelta(0))
    actor = {"counsellor": world.lotte, "team_lead": world.lead,
             "consultant": world.consultant, "admin": world.admin}[role]
    wrong: dict[str, list[str]] = {}
    checked = 0
    for name, (need, call) in CALLS.items():
        if need not in ALLOWED[(role, True)]:
            continue
        if name in ("share_case", "unshare_case"):
            call = partial(_share_with_the_consultant, world)
        lines = _lines_written(factory, call, actor, world.own)
        if lines is None:
            continue
        checked += 1
        if len(lines) != 1:
            wrong[name] = lines
    assert checked > 0
    assert wrong == {}


def test_adding_a_child_of_two_parents_is_one_line(factory: sessionmaker[Session],
                                                   world: World) -> None:
    """The issue's example: it wrote six CHANGE lines (the person, each parent link, and
    each end of every link checked and recorded again)."""
    call: Call = lambda s, a, w: add_relative(  # noqa: E731
        session=s, actor=a, family_id=w.family_id, data=PersonInput("Baby"),
        relative=Relative.CHILD_OF, of_person_id=w.mother, other_parent_id=w.partner)
    assert _lines_written(factory, call, world.lotte, world.own) == [
        "change relations/add_relative"]


def test_the_services_inside_a_composed_one_still_check_access(
    factory: sessionmaker[Session], world: World
) -> None:
    """Recording once is not checking once: a second parent from a family the counsellor
    does not work with is refused, nothing is saved, and the refusal is the one line."""
    def before() -> tuple[int, int]:
        with factory() as s:
            return (s.scalar(select(func.count(Person.id))) or 0,
                    s.scalar(select(func.max(AuditEvent.id))) or 0)

    people, last = before()
    with pytest.raises(PermissionDenied), transaction(factory) as s:
        add_relative(session=s, actor=world.lotte, family_id=world.own.family_id,
                     data=PersonInput("Baby"), relative=Relative.CHILD_OF,
                     of_person_id=world.own.mother, other_parent_id=world.other.partner)
    with factory() as s:
        lines = [f"{line.action} {line.case_id == world.other.case_id}" for line in s.scalars(
            select(AuditEvent).where(AuditEvent.id > last))]
    assert before()[0] == people
    assert lines == ["refused True"]
