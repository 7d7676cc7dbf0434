"""The child's page of the plan with what the child shares of its Safety House: the people
in the house, the rules on the roof and the safety object; never what the child keeps
private, will tell later itself, or the red zone (pdftotext on real PDFs)."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from auth import Actor
from mapping.safety_house import (
    HouseItemInput,
    SafetyHouseInput,
    SharedHouse,
    save_safety_house,
)
from plans.child_document import child_version
from plans.printouts import Child, child_of, gather_plan
from plans.versions import ChildPage
from sofs_core.codes import PlanStatus, SafetyHousePart, Sharing
from storage.db import make_engine, session_factory, transaction
from storage.models import SafetyHouse, SafetyPlan, User
from tests.plans.printables import plan_print
from tests.plans.test_family_documents import DUTCH, flat, read

P, S = SafetyHousePart, Sharing
HOUSE = SharedHouse(inside=("mama", "oma Rita"), visitors=("Karim",),
                    roof_rules=("Niemand roept. <b>Nooit</b> slaan.",),
                    safety_objects=("mijn blauwe armbandje",))


def _page(age: int, house: SharedHouse | None, plan_object: str = ""):  # type: ignore[no-untyped-def]
    data = plan_print("Afspraak")
    child = Child(99, "Lena Peeters", age, "Lena")
    plan = dataclasses.replace(data.plan, children=(ChildPage(99, "", "", plan_object),))
    return dataclasses.replace(data, children=(child,), plan=plan, network=(),
                               safety_houses={99: house} if house else {}), child


def test_a_young_childs_page_shows_its_house_its_rules_and_object_in_big_letters(
    tmp_path: Path
) -> None:
    data, lena = _page(9, HOUSE)
    doc = read(child_version(data, DUTCH, lena), tmp_path)
    text = flat(doc.text)
    assert "Mijn veilige huis" in doc.text
    assert flat("Bij mij in huis: mama, oma Rita") in text
    assert flat("Op bezoek komen: Karim") in text
    assert flat("Niemand roept. <b>Nooit</b> slaan.") in text  # as typed, not as markup
    assert "mijn blauwe armbandje" in doc.text  # the plan names no object: the house's
    assert min(doc.body_sizes) >= 16


def test_the_plans_object_comes_first_and_a_young_person_reads_plainer_words(
    tmp_path: Path
) -> None:
    data, lena = _page(14, HOUSE, plan_object="Een sms met een ster")
    doc = read(child_version(data, DUTCH, lena), tmp_path)
    assert "Jouw veilige huis" in doc.text and flat("Wie bij je woont: mama") in flat(doc.text)
    assert "Een sms met een ster" in doc.text and "armbandje" not in doc.text


def test_a_child_without_a_shared_house_gets_no_house_section(tmp_path: Path) -> None:
    for house in (None, SharedHouse((), (), (), ())):
        data, lena = _page(9, house)
        doc = read(child_version(data, DUTCH, lena), tmp_path)
        assert "veilige huis" not in doc.text


@pytest.fixture
def demo(demo_db: str) -> Iterator[sessionmaker[Session]]:
    engine = make_engine(demo_db)
    yield session_factory(engine)
    engine.dispose()


def test_what_the_child_keeps_private_or_tells_later_never_reaches_the_print(
    demo: sessionmaker[Session], tmp_path: Path
) -> None:
    with transaction(demo) as s:
        user = s.scalars(select(User).where(User.username == "begeleider")).one()
        actor = Actor(user.id, user.username, user.display_name, user.role, None, user.team_id)
        plan = s.scalars(select(SafetyPlan).where(SafetyPlan.status == PlanStatus.DRAFT)).one()
        first = gather_plan(session=s, actor=actor, plan_id=plan.id, words=DUTCH,
                            on=date(2026, 11, 23), document="child")
        child = first.children[0]
        current = first.safety_houses.get(child.person_id)
        house = s.scalars(select(SafetyHouse).where(
            SafetyHouse.case_id == plan.case_id,
            SafetyHouse.child_id == child.person_id)).one_or_none()
        save_safety_house(
            session=s, actor=actor, case_id=plan.case_id, child_id=child.person_id,
            expected_version=house.version if house else 0, data=SafetyHouseInput((
                HouseItemInput(P.INSIDE, "Tante Zuhal", S.SHARE),
                HouseItemInput(P.VISITOR, "De geheime vriend", S.PRIVATE),
                HouseItemInput(P.ROOF_RULE, "Ik vertel het later zelf", S.LATER_OWN_WORDS),
                HouseItemInput(P.ROOF_RULE, "We lachen samen", S.SHARE),
                HouseItemInput(P.RED_ZONE, "De man van de straat", S.SHARE),
                HouseItemInput(P.PATH_STEP, "Eerst een bezoek", S.SHARE),
            ), 3))
        data = gather_plan(session=s, actor=actor, plan_id=plan.id, words=DUTCH,
                           on=date(2026, 11, 23), document="child")
    assert current is None or current != data.safety_houses[child.person_id]
    doc = read(child_version(data, DUTCH, child_of(data, child.person_id)), tmp_path)
    assert "Tante Zuhal" in doc.text and "We lachen samen" in doc.text
    for hidden in ("geheime vriend", "later zelf", "De man van de straat", "Eerst een bezoek"):
        assert hidden not in doc.text, hidden
