"""The printed documents, read back with pdftotext and checked with qpdf and pdfinfo."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from datetime import date
from functools import partial
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import MetaData, select
from sqlalchemy.orm import Session, sessionmaker

from auth import Actor
from i18n import Words, load_catalogue
from plans.documents import child_version, consultant_report, family_plan, network_cards
from plans.printouts import PlanPrint, gather_plan, gather_report
from sofs_core.codes import PlanStatus
from storage.db import make_engine, session_factory, transaction
from storage.models import SafetyPlan, User
from tests.plans.printables import plan_print, report_print
from tests.printing.pdf import assert_valid, page_count, pdf_text

CATALOGUE = load_catalogue(None)
DUTCH: Words = partial(CATALOGUE.text, "nl-BE")
# Turkish, Polish, Romanian, Czech, Arabic, and emoji.
NAMES = ("Ayşe Yılmaz", "Małgorzata Łęcka", "Ștefan Țăran", "Růžena Dvořák", "فاطمة العمراني",
         "Noor 🙂👍")
Document = Callable[[PlanPrint, Words], bytes]
DOCUMENTS: dict[str, Document] = {
    "family_plan": family_plan,
    "cards": network_cards,
    "child": lambda data, words: child_version(data, words, data.children[0]),
    "report": lambda data, words: consultant_report(data, report_print(data, "verslag"), words),
}


def _read(pdf: bytes, tmp_path: Path, name: str = "doc") -> tuple[str, int]:
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(pdf)
    assert_valid(path)
    # NFKC turns shaped Arabic (presentation forms) back into its letters.
    return unicodedata.normalize("NFKC", pdf_text(path)), page_count(path)


def _flat(text: str) -> str:
    return "".join(text.split())


@pytest.mark.parametrize("document", sorted(DOCUMENTS))
def test_every_document_prints_names_in_five_scripts_and_emoji(document: str,
                                                                tmp_path: Path) -> None:
    data = plan_print("Afspraak", names=NAMES, network=len(NAMES))
    text, pages = _read(DOCUMENTS[document](data, DUTCH), tmp_path)
    wanted = NAMES[-1:] if document == "child" else NAMES
    for name in wanted:
        assert name in text, (document, name)
    if document == "cards":  # cut apart, so every card says its plan's version and date
        assert text.count("versie 2 · 23/11/2026") >= len(NAMES)
        return
    assert f"pagina {pages} van {pages}" in text
    assert "Versie 2 · afgedrukt op 23/11/2026" in text


MARKUP = ('<b>vet</b> a<b & c <img src="/etc/passwd"> '
          '<a href="javascript:alert(1)">klik</a> <font size=90>')


@pytest.mark.parametrize("document", sorted(DOCUMENTS))
def test_markup_prints_literally_and_is_never_followed(document: str, tmp_path: Path) -> None:
    data = plan_print(MARKUP)
    pdf = DOCUMENTS[document](data, DUTCH)
    text, _ = _read(pdf, tmp_path)
    assert _flat(MARKUP) in _flat(text)
    # No link, no script, no embedded image: the tags stayed letters.
    for mark in (b"/URI", b"/JavaScript", b"/Annots", b"/Subtype /Image", b"/Subtype/Image"):
        assert mark not in pdf, mark


def test_a_long_plan_paginates_without_losing_text(tmp_path: Path) -> None:
    long_rule = " ".join(f"woord{i}" for i in range(700))  # about 5,000 characters
    data = plan_print("Afspraak", rules=60, network=40)
    rules = list(data.plan.rules)
    rules[0] = rules[0].__class__(**{**rules[0].__dict__, "what": long_rule})
    data = PlanPrint(**{**data.__dict__, "plan": data.plan.__class__(
        **{**data.plan.__dict__, "rules": tuple(rules)})})
    assert len(long_rule) >= 5000
    text, pages = _read(family_plan(data, DUTCH), tmp_path)
    flat = _flat(text)
    # The long rule runs over pages (their headers and footers come in between), every word
    # of it in order.
    assert [int(n) for n in re.findall(r"woord(\d+)", text)] == list(range(700))
    # Immediate rules first, then structural ones, numbered 1 to 60 without a gap.
    titles = re.findall(r"^(\d+)\. Afspraak (\d+)$", text, re.MULTILINE)
    assert sorted(int(rule) for _, rule in titles) == list(range(2, 61))
    assert [int(shown) for shown, _ in titles] == list(range(2, 61))
    for person in range(1, 41):  # everyone's phone in "who do you call"
        assert f"04700000{person:02d}" in flat, person
    # 60 rules of five lines in 14 pt, the 5,000-character rule, 40 contacts, signatures.
    assert 12 <= pages <= 40, pages
    assert f"pagina {pages} van {pages}" in text
    cards, _ = _read(network_cards(data, DUTCH), tmp_path, "cards")
    # Everyone has a card; the chair's (the whole plan) runs over several, each named.
    assert len(set(re.findall(r"Kaart voor (Afspraak \d+)", cards))) == 40
    assert len(re.findall(r"Kaart voor Afspraak 0 \(\d+/\d+\)", cards)) > 1


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(min_size=1, max_size=60), st.sampled_from(sorted(DOCUMENTS)))
def test_any_text_in_every_field_prints_without_crash_or_markup(text: str,
                                                                 document: str) -> None:
    data = plan_print(text + " <i>x</i>")
    pdf = DOCUMENTS[document](data, DUTCH)
    assert pdf.startswith(b"%PDF") and pdf.rstrip().endswith(b"%%EOF")
    assert b"/URI" not in pdf and b"/JavaScript" not in pdf


def test_the_family_plan_prints_in_english_and_french(tmp_path: Path) -> None:
    used: set[str] = set()

    def recording(locale: str) -> Words:
        def words(key: str, /, **params: object) -> str:
            used.add(key)
            return CATALOGUE.text(locale, key, **params)
        return words

    data = plan_print("Afspraak", names=NAMES, network=len(NAMES))
    english, _ = _read(family_plan(data, recording("en")), tmp_path, "en")
    french, _ = _read(family_plan(data, recording("fr")), tmp_path, "fr")
    assert "Who do you call?" in english and "Our safety plan" in english
    assert "Qui appeler ?" in french and "Notre plan de sécurité" in french
    assert sorted(k for k in used if not CATALOGUE.has("fr", k)) == []


def test_the_demo_documents_print_from_the_database_and_change_nothing(
    demo_db: str, tmp_path: Path
) -> None:
    """Printing changes no case data; the audit trail alone grows, by the print and reads."""
    engine = make_engine(demo_db)
    factory: sessionmaker[Session] = session_factory(engine)

    def snapshot() -> dict[str, list[tuple[object, ...]]]:
        meta = MetaData()
        meta.reflect(engine)
        with engine.connect() as connection:
            return {name: sorted(map(tuple, connection.execute(table.select())), key=repr)
                    for name, table in meta.tables.items()}

    before = snapshot()
    with transaction(factory) as s:
        user = s.scalars(select(User).where(User.username == "begeleider")).one()
        actor = Actor(user.id, user.username, user.display_name, user.role, None, user.team_id)
        plans = {p.status: p.id for p in s.scalars(select(SafetyPlan))}
        data = gather_plan(session=s, actor=actor, plan_id=plans[PlanStatus.APPROVED],
                           words=DUTCH, on=date(2026, 11, 23), document="report")
        report = gather_report(session=s, actor=actor, plan=data, words=DUTCH)
    family, _ = _read(family_plan(data, DUTCH), tmp_path, "family")
    assert re.search(r"Ons veiligheidsplan: Gezin\s+Yılmaz-Kowalski", family)
    assert re.search(r"Op 20/10/2026 spraken we dit plan af: Elif, Karim, oma Ayşe en\s+"
                     r"tante Małgorzata\.", family)
    assert re.search(r"Op 27/10/2026 keurde Sofie Van den Broeck het plan goed\.", family)
    assert "Zeynep mag tante Małgorzata altijd bellen" in family
    assert "0486 98 76 54" in family  # the neighbour's phone, under "who do you call"
    assert "We bekijken dit plan opnieuw op 12/01/2027." in family
    assert "فاطمة" in family and "العمراني" in family  # the genogram, on its own page
    cards, _ = _read(network_cards(data, DUTCH), tmp_path, "cards")
    assert "Kaart voor Marleen De Vos" in cards and "Belt Ayşe als ze ruzie hoort" in cards
    zeynep = next(c for c in data.children if c.name.startswith("Zeynep"))
    child, child_pages = _read(child_version(data, DUTCH, zeynep), tmp_path, "child")
    # Zeynep (14): her JIM as she calls her, her own sign, not her little sister's bear.
    assert re.search(r"tante Małgorzata\s+0470 12 34 56", child.replace("\u00a0", " "))
    assert child_pages == 1 and "Mag ik mijn oplader komen halen?" in " ".join(child.split())
    assert "knuffelbeer" not in child
    yasmina = next(c for c in data.children if c.name.startswith("Yasmina"))
    little, little_pages = _read(child_version(data, DUTCH, yasmina), tmp_path, "little")
    assert "De blauwe knuffelbeer van oma" in little and "Awel" in little
    # One page per child: the fridge, not a booklet; every child's own story.
    assert little_pages == 1
    for other in data.children:
        text, pages = _read(child_version(data, DUTCH, other), tmp_path, f"c{other.person_id}")
        assert pages == 1, other.name
        assert ("knuffelbeer" in text) == (other is yasmina), other.name
    consultant, _ = _read(consultant_report(data, report, DUTCH), tmp_path, "report")
    for heading in ("Bodemeisen", "De laatste kaart (03/11/2026)", "Schaalvraag",
                    "Het veiligheidsnetwerk", "Versies van het plan",
                    "Uitwisseling met de consulent"):
        assert heading in consultant, heading
    assert re.search(r"Zeynep en Emre gaan elke\s+schooldag naar school", consultant)
    after = snapshot()
    trail = after.pop("audit_events")
    after.pop("audit_chain_head")  # the trail's newest line: moves with every line
    assert after == {k: v for k, v in before.items()
                     if k not in ("audit_events", "audit_chain_head")}
    new = [row for row in trail if row not in before["audit_events"]]
    assert [row for row in new if row[5] == "print"] != []
    assert {row[5] for row in new} <= {"print", "read"}
    engine.dispose()
