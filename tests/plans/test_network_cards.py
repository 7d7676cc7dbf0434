"""The network cards, read back from real PDFs with pdfplumber: A6 cards four to an A4
sheet (or one per A4 page), each card inside its own quarter, agreements numbered as on the
family plan, the chair's cards holding the whole plan with the name on each, and every card
saying whom to call."""

from __future__ import annotations

import dataclasses
import re
from collections import defaultdict
from datetime import date
from functools import partial
from pathlib import Path

import pdfplumber
import pytest
from reportlab.lib.pagesizes import A4
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from auth import Actor
from i18n import Words, load_catalogue
from plans.contacts import Phone, WhoToCall
from plans.family_document import family_plan, numbered_rules
from plans.network_cards import CardSize, network_cards
from plans.printouts import PlanPrint, gather_plan
from sofs_core.codes import PlanStatus
from storage.db import make_engine, session_factory, transaction
from storage.models import SafetyPlan, User
from tests.plans.printables import plan_print
from tests.printing.pdf import assert_valid, pdf_text

DUTCH: Words = partial(load_catalogue(None).text, "nl-BE")
WIDTH, HEIGHT = A4
CALL = WhoToCall(counsellors=(Phone("Lotte Peeters", "09 123 00 00", "call.counsellor"),))


@dataclasses.dataclass(frozen=True)
class Card:
    page: int
    quarter: tuple[int, int]  # (column, row) on the sheet; (0, 0) for a whole page
    text: str  # its words, top to bottom
    mark: str  # the big diagonal letters (the draft mark)


def cards_of(pdf: bytes, tmp_path: Path, size: CardSize = CardSize.A6) -> list[Card]:
    """Every card, by the quarter of the sheet its letters are in. A letter that straddles
    a cut line fails the test: a card never runs over its edge."""
    path = tmp_path / "cards.pdf"
    path.write_bytes(pdf)
    assert_valid(path)
    half = size is CardSize.A6
    found: list[Card] = []
    with pdfplumber.open(path) as document:
        for number, page in enumerate(document.pages, start=1):
            assert (round(float(page.width)), round(float(page.height))) == (round(WIDTH),
                                                                               round(HEIGHT))
            quarters: dict[tuple[int, int], list[dict[str, object]]] = defaultdict(list)
            for char in page.chars:
                column, row = 0, 0
                if half:
                    column = int(float(char["x0"]) >= WIDTH / 2)
                    row = int(float(char["top"]) >= HEIGHT / 2)
                    # A card's letter (not the draft mark) ends in the quarter it starts in.
                    if char["size"] <= 30:
                        assert column or float(char["x1"]) <= WIDTH / 2 + 0.5, char["text"]
                        assert row or float(char["bottom"]) <= HEIGHT / 2 + 0.5, char["text"]
                quarters[(column, row)].append(char)
            for quarter, chars in sorted(quarters.items(), key=lambda q: (q[0][1], q[0][0])):
                body = sorted((c for c in chars if c["size"] <= 30),
                              key=lambda c: (round(float(c["top"])), float(c["x0"])))
                lines: dict[int, list[str]] = defaultdict(list)
                for c in body:
                    lines[round(float(c["top"]))].append(str(c["text"]))
                text = "\n".join("".join(letters) for _, letters in sorted(lines.items()))
                mark = "".join(str(c["text"]) for c in chars if c["size"] > 30)
                found.append(Card(number, quarter, text, mark))
    return found


def _flat(text: str) -> str:
    return "".join(text.split())


def test_cards_are_a6_four_to_a_sheet_each_inside_its_quarter(tmp_path: Path) -> None:
    data = dataclasses.replace(plan_print("Afspraak", rules=6, network=9), call=CALL)
    cards = cards_of(network_cards(data, DUTCH), tmp_path)
    assert len({c.page for c in cards}) == -(-len(cards) // 4)
    for card in cards:
        # Each card starts with the name it is for, and ends with whom to call.
        assert _flat(card.text).startswith(_flat("Veiligheidsplan Afspraak · versie 2"))
        assert "Kaartvoor" in _flat(card.text), card
        assert _flat("Hulp nodig? Lotte Peeters: 09 123 00 00") in _flat(card.text)
        assert "Nood:112" in _flat(card.text)
        assert card.mark == ""  # an agreed plan carries no draft mark


def test_agreement_numbers_on_the_cards_are_those_of_the_family_plan(tmp_path: Path) -> None:
    data = plan_print("Afspraak", rules=9, network=4)
    cards = "\n".join(c.text for c in cards_of(network_cards(data, DUTCH), tmp_path))
    plan = pdf_text(_write(tmp_path, family_plan(data, DUTCH)))
    expected = {rule.what: number for number, rule in numbered_rules(data.plan)}
    on_cards = set(re.findall(r"^(\d+)\. (Afspraak \d+)$", cards, re.MULTILINE))
    on_plan = set(re.findall(r"^(\d+)\. (Afspraak \d+)$", plan, re.MULTILINE))
    assert on_cards and len(on_plan) == 9, (cards, plan)
    for shown, what in on_cards:
        assert int(shown) == expected[what], (shown, what)
    # The same agreement has the same number on a card and on the family plan (immediate
    # ones first, so "Afspraak 3", a structural one, is 7. on both).
    assert on_cards <= on_plan
    assert ("7", "Afspraak 3") in on_cards


def _write(tmp_path: Path, pdf: bytes) -> Path:
    path = tmp_path / "plan.pdf"
    path.write_bytes(pdf)
    return path


def test_the_chairs_cards_hold_the_whole_plan_each_with_the_name(tmp_path: Path) -> None:
    data = plan_print("Afspraak", rules=40, network=3)
    cards = cards_of(network_cards(data, DUTCH), tmp_path)
    chair = data.network[0].name
    own = [c for c in cards if _flat(f"Kaart voor {chair}") in _flat(c.text)]
    assert len(own) > 1
    for index, card in enumerate(own, start=1):
        assert _flat(f"Kaart voor {chair} ({index}/{len(own)})") in _flat(card.text)
    numbers = {int(n) for c in own for n in re.findall(r"^(\d+)\. Afspraak", c.text,
                                                      re.MULTILINE)}
    assert numbers == set(range(1, 41))
    # A member who helps keep no agreement gets their own card without the plan.
    third = [c for c in cards if _flat(f"Kaart voor {data.network[2].name}") in _flat(c.text)]
    assert len(third) == 1 and "Er is nog geen afspraak waar jij bij helpt." in third[0].text


def test_a_member_sees_only_their_agreements_and_a_missing_phone_says_so(
        tmp_path: Path) -> None:
    data = plan_print("Afspraak", rules=3, network=3)
    helpers = dataclasses.replace(data.network[1], phone="")
    data = dataclasses.replace(data, network=(data.network[0], helpers, data.network[2]))
    cards = cards_of(network_cards(data, DUTCH), tmp_path)
    second = "\n".join(c.text for c in cards
                       if _flat(f"Kaart voor {helpers.name}") in _flat(c.text))
    assert re.findall(r"^(\d+)\. Afspraak", second, re.MULTILINE) == ["1", "2", "3"]
    chair = "\n".join(c.text for c in cards
                      if _flat(f"Kaart voor {data.network[0].name}") in _flat(c.text))
    assert "(geen nummer)" in chair  # the helper without a phone, under "Wie bel je?"


def test_one_card_per_a4_page_is_an_option(tmp_path: Path) -> None:
    data = plan_print("Afspraak", rules=3, network=5)
    cards = cards_of(network_cards(data, DUTCH, CardSize.A4), tmp_path, CardSize.A4)
    assert [c.page for c in cards] == list(range(1, len(cards) + 1))
    assert len(cards) == 5


@pytest.mark.parametrize("size", list(CardSize))
def test_every_card_of_a_draft_says_ontwerp(tmp_path: Path, size: CardSize) -> None:
    data = plan_print("Afspraak", rules=8, network=6, status=PlanStatus.DRAFT)
    cards = cards_of(network_cards(data, DUTCH, size), tmp_path, size)
    assert cards and all(c.mark == "ONTWERP" for c in cards)


def test_the_demo_cards_fit_the_sheets_and_name_every_member(demo_db: str,
                                                             tmp_path: Path) -> None:
    engine = make_engine(demo_db)
    factory: sessionmaker[Session] = session_factory(engine)
    with transaction(factory) as s:
        user = s.scalars(select(User).where(User.username == "begeleider")).one()
        actor = Actor(user.id, user.username, user.display_name, user.role, None, user.team_id)
        plan_id = s.scalars(select(SafetyPlan.id).where(
            SafetyPlan.status == PlanStatus.APPROVED)).one()
        data: PlanPrint = gather_plan(session=s, actor=actor, plan_id=plan_id, words=DUTCH,
                                      on=date(2026, 11, 23), document="cards",
                                      with_genogram=False)
    engine.dispose()
    cards = cards_of(network_cards(data, DUTCH), tmp_path)
    text = "\n".join(c.text for c in cards)
    for name in ("Ayşe Yılmaz", "Małgorzata Kowalska", "An Claes", "Marleen De Vos"):
        assert _flat(f"Kaart voor {name}") in _flat(text), name
    marleen = next(c.text for c in cards if _flat("Kaart voor Marleen") in _flat(c.text))
    assert _flat("Belt Ayşe als ze ruzie hoort") in _flat(marleen)
    assert "09 123 45 67" in marleen  # the chair, under "Wie bel je?"
    assert len({c.page for c in cards}) <= 2
