"""Who a family calls, the organisation's settings file, and what is missing before
printing, on SQLite and PostgreSQL."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

from sqlalchemy import update
from sqlalchemy.orm import Session, sessionmaker

from auth import Actor
from genograms.network import NetworkRoleInput, add_role
from mapping.map import EntryInput, get_map, update_entry
from mapping.meetings import list_meetings
from plans.contacts import FLEMISH_EMERGENCY, Organisation, load_organisation, who_to_call
from plans.readiness import missing_before_printing
from plans.versions import ChildPage, open_draft, update_child_page
from sofs_core.codes import EntryCategory, NetworkRoleKind
from storage.db import transaction
from storage.models import User
from tests.plans.cases import planned_case

SERVICE = Organisation("Jeugdhulp Het Anker", "09 210 55 00", "0800 12 345")


def test_the_organisation_file_is_read_and_read_again_when_it_changes(tmp_path: Path) -> None:
    assert load_organisation(tmp_path) == Organisation()  # no file: 112, 1712, 102
    assert [p.number for p in Organisation().emergency] == ["112", "1712", "102"]
    path = tmp_path / "organisation.toml"
    path.write_text('[service]\nname = "Het Anker"\nphone = " 09 1 "\ncrisis_phone = "0800"\n',
                    encoding="utf-8")
    first = load_organisation(tmp_path)
    assert (first.name, first.phone, first.crisis_phone) == ("Het Anker", "09 1", "0800")
    assert first.emergency == FLEMISH_EMERGENCY
    path.write_text('[service]\nphone = "09 2"\n[[emergency]]\nnumber = "101"\n'
                    'words = "call.e112"\n', encoding="utf-8")
    os.utime(path, ns=(1, 1))  # a copy that keeps an older time is still seen
    second = load_organisation(tmp_path)
    assert second.phone == "09 2" and [p.number for p in second.emergency] == ["101"]
    path.write_text("[service\nphone = ", encoding="utf-8")
    assert load_organisation(tmp_path).unreadable


def test_who_to_call_prints_the_services_number_for_an_account_without_one(
    factory: sessionmaker[Session], counsellor: Actor
) -> None:
    case = planned_case(factory, counsellor)
    with transaction(factory) as s:
        call = who_to_call(session=s, actor=counsellor, case_id=case.case_id,
                           organisation=SERVICE)
    assert [(p.name, p.number) for p in call.service_lines] == [
        ("Lotte Peeters", "09 210 55 00"), ("Jeugdhulp Het Anker", "0800 12 345")]
    assert call.without_phone == ("Lotte Peeters",)
    with transaction(factory) as s:
        s.execute(update(User).where(User.id == counsellor.id).values(phone="0499 11 22 33"))
        call = who_to_call(session=s, actor=counsellor, case_id=case.case_id,
                           organisation=SERVICE)
    assert [p.number for p in call.service_lines] == ["0499 11 22 33", "09 210 55 00",
                                                      "0800 12 345"]
    assert call.without_phone == ()


def test_the_plan_page_lists_what_is_missing_until_it_is_there(
    factory: sessionmaker[Session], counsellor: Actor
) -> None:
    case = planned_case(factory, counsellor)
    with transaction(factory) as s:
        plan = open_draft(session=s, actor=counsellor, case_id=case.case_id)
        missing = missing_before_printing(session=s, actor=counsellor, plan_id=plan.id,
                                          on=date(2026, 11, 23), organisation=Organisation())
    assert sorted(m.message_key for m in missing) == sorted([
        "missing.family_words", "missing.family_words", "missing.safety_object",
        "missing.counsellor_phone", "missing.service_phone", "missing.crisis_phone"])
    assert {m.about for m in missing if m.message_key == "missing.safety_object"} == {
        "Zeynep Yılmaz"}
    with transaction(factory) as s:
        meeting = list_meetings(session=s, actor=counsellor, case_id=case.case_id)[-1].id
        for danger in get_map(session=s, actor=counsellor,
                              meeting_id=meeting).of(EntryCategory.DANGER_STATEMENT):
            update_entry(session=s, actor=counsellor, entry_id=danger.id,
                         expected_version=danger.version, data=EntryInput(
                             danger.category, danger.text, family_words="Zo zeggen wij het"))
        plan = update_child_page(session=s, actor=counsellor, plan_id=plan.id,
                                 expected_version=plan.version,
                                 data=ChildPage(case.child, safety_object="Een ster"))
        s.execute(update(User).where(User.id == counsellor.id).values(phone="0499 11 22 33"))
        add_role(session=s, actor=counsellor, case_id=case.case_id, data=NetworkRoleInput(
            case.neighbour, NetworkRoleKind.CHAIR))  # the same person, with a phone
        missing = missing_before_printing(session=s, actor=counsellor, plan_id=plan.id,
                                          on=date(2026, 11, 23), organisation=SERVICE)
    assert missing == []
