"""The genogram and ecogram files: checked and recorded as prints, refused to a counsellor
removed from the case; on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from auth import Actor
from genograms.documents import Picture, PictureDocument, PictureFormat, picture_document
from genograms.network import NetworkRoleInput, add_role
from genograms.people import PersonInput, add_family_member
from genograms.relations import add_parent
from sofs_core.codes import AuditAction, NetworkRoleKind, ParentKind, Role
from sofs_core.errors import PermissionDenied
from storage.db import transaction
from storage.models import AuditEvent, Case, User
from tests.conftest import make_case, make_user


def _words(key: str, **params: object) -> str:
    return key + "".join(f" {value}" for value in params.values())


@pytest.fixture
def case_id(factory: sessionmaker[Session], counsellor: Actor) -> int:
    with transaction(factory) as s:
        case_id = make_case(s, counsellor, family_name="Gezin Güneş")
        family_id = s.get_one(Case, case_id).family_id
        mother = add_family_member(session=s, actor=counsellor, family_id=family_id,
                                   data=PersonInput("Elif", birth="1986")).id
        child = add_family_member(session=s, actor=counsellor, family_id=family_id,
                                  data=PersonInput("Zeynep", birth="2012")).id
        add_parent(session=s, actor=counsellor, parent_id=mother, child_id=child,
                   kind=ParentKind.BIOLOGICAL)
        add_role(session=s, actor=counsellor, case_id=case_id,
                 data=NetworkRoleInput(mother, NetworkRoleKind.CHAIR))
    return case_id


def _document(factory: sessionmaker[Session], actor: Actor, case_id: int, picture: Picture,
              file_format: PictureFormat) -> PictureDocument:
    with transaction(factory) as s:
        return picture_document(session=s, actor=actor, case_id=case_id, picture=picture,
                                file_format=file_format, words=_words, footer="Afgedrukt")


def _lines(factory: sessionmaker[Session], case_id: int) -> list[tuple[AuditAction, str]]:
    with factory() as s:
        return [(e.action, e.subject) for e in s.scalars(
            select(AuditEvent).where(AuditEvent.case_id == case_id).order_by(AuditEvent.id))]


@pytest.mark.parametrize("picture", list(Picture))
@pytest.mark.parametrize("file_format", list(PictureFormat))
def test_a_picture_file_is_read_from_the_case_and_recorded_as_a_print(
    factory: sessionmaker[Session], counsellor: Actor, case_id: int, picture: Picture,
    file_format: PictureFormat
) -> None:
    before = _lines(factory, case_id)
    data = _document(factory, counsellor, case_id, picture, file_format).render()
    if file_format is PictureFormat.PDF:
        assert data.startswith(b"%PDF")
    else:
        assert data.startswith(b"<svg") and b"Elif" in data
    added = _lines(factory, case_id)[len(before):]
    assert (AuditAction.PRINT, f"print/{picture}.{file_format}") in added


@pytest.mark.parametrize("picture", list(Picture))
@pytest.mark.parametrize("file_format", list(PictureFormat))
def test_a_counsellor_removed_from_the_case_gets_no_picture_and_the_refusal_is_recorded(
    factory: sessionmaker[Session], counsellor: Actor, case_id: int, picture: Picture,
    file_format: PictureFormat
) -> None:
    with transaction(factory) as s:
        other = make_user(s, "jan", Role.COUNSELLOR)
        s.get_one(Case, case_id).counsellors = [s.get_one(User, other.id)]
    before = _lines(factory, case_id)
    with pytest.raises(PermissionDenied):
        _document(factory, counsellor, case_id, picture, file_format)
    added = _lines(factory, case_id)[len(before):]
    assert added == [(AuditAction.REFUSED, f"print/{picture}.{file_format}")]
