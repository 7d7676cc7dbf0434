"""The family plan and the child's pages, read back from real PDFs with pdfplumber and
pdftotext: pages, paper, letter sizes, who to call, the draft mark, no emotional lines, two
languages, and each child's own page."""

from __future__ import annotations

import dataclasses
import re
import tomllib
import unicodedata
from collections.abc import Iterator
from datetime import date
from functools import partial
from pathlib import Path

import pdfplumber
import pytest
from reportlab.lib.pagesizes import A4
from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from auth import Actor
from i18n import Words, load_catalogue
from i18n.catalogue import BUILTIN_DIR
from plans.child_document import child_version
from plans.contacts import FLEMISH_EMERGENCY, Organisation, Phone, WhoToCall
from plans.family_document import BODY, family_plan, numbered_rules
from plans.printouts import Child, PlanPrint, gather_plan
from plans.versions import ChildPage, DangerRef
from printing.document import MARGIN
from sofs_core.codes import NetworkRoleKind, PlanStatus
from storage.db import make_engine, session_factory, transaction
from storage.models import SafetyPlan, User
from tests.plans.printables import member, plan_print
from tests.printing.pdf import assert_valid, pdf_text

CATALOGUE = load_catalogue(None)
DUTCH: Words = partial(CATALOGUE.text, "nl-BE")
ORGANISATION = Organisation("Jeugdhulp Het Anker", "09 210 55 00", "0800 12 345")
# How people get on, as the genogram's legend and its line titles name it: never on the
# fridge.
EMOTIONAL = sorted(CATALOGUE.text("nl-BE", key).casefold() for key in CATALOGUE.keys("nl-BE")
                   if key.startswith(("genogram.legend_emotional_", "emotionalkind.")))
# The marks pdftotext puts around right-to-left runs; the letters are what was typed.
BIDI_MARKS = dict.fromkeys(map(ord, "\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
                                    "\u2066\u2067\u2068\u2069"))


@dataclasses.dataclass(frozen=True)
class Read:
    text: str
    layout: str  # the text as laid out: a table's row on one line
    pages: int
    sizes: list[tuple[float, float]]  # each page's width and height
    body_sizes: set[float]  # letter sizes of the text between header and footer
    marks: list[str]  # per page: the big diagonal letters (the draft mark), joined


def read(pdf: bytes, tmp_path: Path, name: str = "doc") -> Read:
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(pdf)
    assert_valid(path)
    with pdfplumber.open(path) as document:
        sizes = [(float(p.width), float(p.height)) for p in document.pages]
        body: set[float] = set()
        marks = []
        for page in document.pages:
            # The page header and footer sit in the margins: 9 pt furniture, not body text.
            inside = [c for c in page.chars if c["top"] > 40 and c["bottom"] < page.height - 40]
            marks.append("".join(c["text"] for c in inside if c["size"] > 60))
            body |= {round(c["size"], 1) for c in inside if c["size"] <= 60}
        pages = len(document.pages)
    text, layout = (unicodedata.normalize("NFKC", pdf_text(path, layout=layout)).replace(
        "\u00a0", " ").translate(BIDI_MARKS) for layout in (False, True))
    return Read(text, layout, pages, sizes, body, marks)


def flat(text: str) -> str:
    return "".join(text.split())


@pytest.fixture
def demo(demo_db: str) -> Iterator[sessionmaker[Session]]:
    engine = make_engine(demo_db)
    yield session_factory(engine)
    engine.dispose()


def _demo_print(factory: sessionmaker[Session], status: PlanStatus, *, genogram: bool = False,
                words: Words = DUTCH) -> PlanPrint:
    with transaction(factory) as s:
        user = s.scalars(select(User).where(User.username == "begeleider")).one()
        actor = Actor(user.id, user.username, user.display_name, user.role, None, user.team_id)
        plan_id = s.scalars(select(SafetyPlan.id).where(SafetyPlan.status == status)).one()
        return gather_plan(session=s, actor=actor, plan_id=plan_id, words=words,
                           on=date(2026, 11, 23), document="family", with_genogram=genogram,
                           organisation=ORGANISATION, for_family=True)


@pytest.mark.parametrize("status", [PlanStatus.APPROVED, PlanStatus.DRAFT])
def test_the_demo_family_plan_is_two_a4_pages_in_big_letters_with_who_to_call(
    demo: sessionmaker[Session], status: PlanStatus, tmp_path: Path
) -> None:
    data = _demo_print(demo, status)
    doc = read(family_plan(data, DUTCH), tmp_path)
    assert doc.pages <= 2
    assert all(abs(w - A4[0]) < 1 and abs(h - A4[1]) < 1 for w, h in doc.sizes)
    assert min(doc.body_sizes) >= BODY, sorted(doc.body_sizes)
    numbers = flat(doc.text)
    # Lotte has no phone on her account: the service's number stands by her name.
    assert re.search(r"Lotte Peeters jullie begeleider\s+09 210 55 00", doc.layout)
    for number in ("0800 12 345", "112", "1712", "102", "0470 12 34 56", "0486 98 76 54"):
        assert flat(number) in numbers, number
    assert "Awel" in doc.text
    # Why the plan: the family's words (and their Turkish), not the professionals'.
    assert re.search(r"Als Elif en Karim ruzie maken met duwen en gooien", doc.text)
    assert "Elif ve Karim itişip" in doc.text
    assert "Lotte en Sofie zijn bezorgd" not in doc.text
    for jargon in ("SDJ", "OCJ", "JIM", "zorgverklaring", "hulpvorm", "consulent"):
        assert jargon not in doc.text, jargon


def test_a_draft_says_draft_on_every_page_and_a_frozen_version_who_agreed(
    demo: sessionmaker[Session], tmp_path: Path
) -> None:
    draft = read(family_plan(_demo_print(demo, PlanStatus.DRAFT), DUTCH), tmp_path, "draft")
    assert draft.marks == ["ONTWERP"] * draft.pages
    assert "Dit is een ontwerp" in draft.text
    approved = read(family_plan(_demo_print(demo, PlanStatus.APPROVED), DUTCH), tmp_path)
    assert approved.marks == [""] * approved.pages
    assert re.search(r"Op 20/10/2026 spraken we dit plan af: Elif, Karim, oma Ayşe en\s+"
                     r"tante Małgorzata\.", approved.text)
    assert re.search(r"Op 27/10/2026 keurde Sofie Van den Broeck het plan goed", approved.text)


@pytest.mark.parametrize("make", ["child", "report", "cards"])
def test_every_document_of_a_draft_carries_the_mark(make: str, tmp_path: Path) -> None:
    from plans.documents import consultant_report, network_cards
    from tests.plans.printables import report_print

    data = plan_print("Afspraak", status=PlanStatus.DRAFT)
    pdf = (child_version(data, DUTCH, data.children[0]) if make == "child"
           else network_cards(data, DUTCH) if make == "cards"
           else consultant_report(data, report_print(data, "verslag"), DUTCH))
    doc = read(pdf, tmp_path)
    # Every page (every card, on a sheet of cards) says it is a draft.
    assert all(mark and set(mark.split("ONTWERP")) == {""} for mark in doc.marks), doc.marks
    agreed = read({"child": lambda d: child_version(d, DUTCH, d.children[0]),
                   "cards": lambda d: network_cards(d, DUTCH),
                   "report": lambda d: consultant_report(d, report_print(d, "v"), DUTCH)}[make](
        plan_print("Afspraak")), tmp_path, "agreed")
    assert agreed.marks == [""] * agreed.pages


def test_the_genogram_comes_only_when_ticked_and_never_with_emotional_lines(
    demo: sessionmaker[Session], tmp_path: Path
) -> None:
    without = read(family_plan(_demo_print(demo, PlanStatus.APPROVED), DUTCH), tmp_path, "a")
    assert "Ons gezin" not in without.text and "Legende" not in without.text
    data = _demo_print(demo, PlanStatus.APPROVED, genogram=True)
    with_genogram = read(family_plan(data, DUTCH), tmp_path, "b")
    assert "Ons gezin" in with_genogram.text and "Legende" in with_genogram.text
    assert "Grażyna" in with_genogram.text  # the family is drawn...
    for label in EMOTIONAL:  # ...but not how its members get on
        assert label not in with_genogram.text.casefold(), label
    # The demo family has those lines: a document for the consultant still shows them.
    assert data.genogram is not None


def test_the_family_plans_genogram_fills_the_page_width_with_names_of_10_pt(
    demo: sessionmaker[Session], tmp_path: Path
) -> None:
    data = _demo_print(demo, PlanStatus.APPROVED, genogram=True)
    path = tmp_path / "plan.pdf"
    path.write_bytes(family_plan(data, DUTCH))
    with pdfplumber.open(path) as document:
        page = document.pages[-1]
        words = page.extract_words(extra_attrs=["size"])
        drawn = [*page.lines, *page.curves, *page.rects]
    sizes = {w["text"]: w["size"] for w in words}
    for name in ("Elif", "Tomasz", "Grażyna", "Kowalski"):
        assert sizes[name] >= 10, (name, sizes[name])
    for word in ("getr.", "gesch.", "sinds"):  # couples' years, as large
        assert sizes[word] >= 10, (word, sizes[word])
    # The picture (with its legend) spans the text width: scaled up, not a third of it.
    left = min(float(d["x0"]) for d in drawn)
    right = max(float(d["x1"]) for d in drawn)
    assert right - left >= 0.9 * (A4[0] - 2 * MARGIN) - 30


def test_a_genogram_too_large_to_read_is_left_out_of_the_family_plan_with_a_note(
    demo: sessionmaker[Session], tmp_path: Path
) -> None:
    from bench.genogram import synthetic_family
    from genograms.layout import layout
    from genograms.picture import genogram_drawing

    family = synthetic_family(200)
    large = genogram_drawing(family, layout(family), DUTCH, title="Genogram")
    data = dataclasses.replace(_demo_print(demo, PlanStatus.APPROVED, genogram=True),
                               genogram=large)
    plan = read(family_plan(data, DUTCH), tmp_path)
    assert "Legende" not in plan.text
    assert "Ons gezin is te groot om hier leesbaar te tekenen" in " ".join(plan.text.split())


def _translated(text: str) -> PlanPrint:
    data = plan_print("Afspraak")
    rules = tuple(dataclasses.replace(r, translation=f"{text} {r.id}") for r in data.plan.rules)
    dangers = (DangerRef("a" * 32, 1, "Professionele zorg", "Doel", "Zo zeggen wij het",
                         text),)
    return dataclasses.replace(data, plan=dataclasses.replace(data.plan, rules=rules,
                                                             dangers=dangers))


@pytest.mark.parametrize("text", ["مرحبا <b>بكم</b> & أهلا", "Merhaba <i>dünya</i> ğşı",
                                  "Dzień dobry <img src=x> łżć"])
def test_translations_print_under_the_dutch_in_any_script_as_letters(
    text: str, tmp_path: Path
) -> None:
    data = _translated(text)
    pdf = family_plan(data, DUTCH)
    doc = read(pdf, tmp_path)
    for rule in data.plan.rules:
        assert flat(f"{text} {rule.id}") in flat(doc.text)
        # Dutch first, the other language under it.
        assert doc.text.index(rule.what) < doc.text.find(text.split()[0], doc.text.index(
            rule.what))
    assert "Zo zeggen wij het" in doc.text and "Professionele zorg" not in doc.text
    assert b"/URI" not in pdf and b"/Subtype /Image" not in pdf


def test_right_to_left_translations_are_aligned_right(tmp_path: Path) -> None:
    path = tmp_path / "rtl.pdf"
    path.write_bytes(family_plan(_translated("مرحبا بكم في البيت"), DUTCH))
    with pdfplumber.open(path) as document:
        page = document.pages[0]
        arabic = [c for c in page.chars if "\u0600" <= c["text"] <= "\u06ff"
                  or "\ufb50" <= c["text"] <= "\ufeff"]
        assert arabic
        right = max(c["x1"] for c in arabic)
        left = min(c["x0"] for c in arabic)
    assert right > page.width - MARGIN - 20  # ends at the right margin
    assert left > page.width / 2  # a short line: it does not start at the left


@pytest.mark.parametrize("locale,heading", [("ar", "خطة الأمان الخاصة بنا"),
                                            ("tr", "Güvenlik planımız"),
                                            ("pl", "Nasz plan bezpieczeństwa"),
                                            ("fr", "Notre plan de sécurité"),
                                            ("en", "Our safety plan")])
def test_the_family_plan_labels_follow_the_chosen_language(locale: str, heading: str,
                                                            tmp_path: Path) -> None:
    used: set[str] = set()

    def words(key: str, /, **params: object) -> str:
        used.add(key)
        return CATALOGUE.text(locale, key, **params)

    data = plan_print("Afspraak", status=PlanStatus.DRAFT)
    doc = read(family_plan(data, words), tmp_path)
    assert heading in doc.text
    assert sorted(k for k in used if not CATALOGUE.has(locale, k)) == []


def test_the_genogram_on_the_family_plan_speaks_the_chosen_language_too(
    demo: sessionmaker[Session], tmp_path: Path
) -> None:
    for locale, legend in (("ar", "مفتاح الرموز"), ("tr", "Açıklama"), ("pl", "Legenda"),
                           ("fr", "Légende")):
        used: set[str] = set()

        def words(key: str, /, locale: str = locale, used: set[str] = used,
                  **params: object) -> str:
            used.add(key)
            return CATALOGUE.text(locale, key, **params)

        data = _demo_print(demo, PlanStatus.APPROVED, genogram=True, words=words)
        doc = read(family_plan(data, words), tmp_path, locale)
        assert legend in doc.text
        assert sorted(k for k in used if not CATALOGUE.has(locale, k)) == [], locale


@pytest.mark.parametrize("locale", ["ar", "tr", "pl"])
def test_new_languages_are_marked_for_a_native_speakers_review(locale: str) -> None:
    with (BUILTIN_DIR / f"{locale}.toml").open("rb") as handle:
        assert tomllib.load(handle)["meta"]["needs_review"] == "native speaker"


def _who(counsellors: tuple[Phone, ...] = ()) -> WhoToCall:
    service = Phone("Jeugdhulp Het Anker", "09 210 55 00", "call.service")
    return WhoToCall(counsellors=counsellors, service=service,
                     crisis=Phone("Jeugdhulp Het Anker", "0800 12 345", "call.crisis"),
                     emergency=FLEMISH_EMERGENCY)


def test_missing_parts_still_print(tmp_path: Path) -> None:
    """A danger statement without family words prints its goal; a member without a phone
    prints without one; nothing breaks."""
    data = plan_print("Afspraak")
    network = (*data.network[:1], dataclasses.replace(data.network[1], phone=""))
    data = dataclasses.replace(
        data, network=network, call=_who((Phone("Lotte Peeters", "09 210 55 00",
                                                 "call.counsellor"),)),
        plan=dataclasses.replace(data.plan, dangers=(DangerRef("a" * 32, 1, "Vaktaal",
                                                               "Het veiligheidsdoel"),)))
    doc = read(family_plan(data, DUTCH), tmp_path)
    assert "Het veiligheidsdoel" in doc.text and "Vaktaal" not in doc.text
    assert data.network[1].name in doc.text
    assert doc.text.count("09 210 55 00") == 1  # the counsellor's, not twice for the service


def _child(age: int) -> tuple[PlanPrint, Child]:
    data = plan_print("Afspraak")
    child = Child(99, "Lena Peeters", age, "Lena")
    network = (member(1, "Rita Claeys", NetworkRoleKind.TRUSTED_PERSON, for_person_id=99),
               member(2, "Kim Janssens", NetworkRoleKind.JIM, for_person_id=99),
               member(3, "Bart Peeters", NetworkRoleKind.TRUSTED_PERSON, for_person_id=7))
    plan = dataclasses.replace(data.plan, safety_object="De knuffel van Tom",
                               children=(ChildPage(99, "Jij vertelde het aan de juf.", "",
                                                   "Een sms met een ster"),))
    return dataclasses.replace(data, children=(child,), network=network, plan=plan,
                               called={1: "oma Rita"}, call=_who()), child


def test_a_young_persons_page_speaks_to_her_with_her_jim_and_own_sign(tmp_path: Path) -> None:
    data, lena = _child(14)
    doc = read(child_version(data, DUTCH, lena), tmp_path)
    assert "Voor Lena" in doc.text and "Jij vertelde het aan de juf." in doc.text
    assert re.search(r"Je JIM, de volwassene die je zelf koos: Kim Janssens\s+0470 00 00 02",
                     doc.text)
    assert "oma Rita" in doc.text and "Rita Claeys" not in doc.text
    assert "Bart Peeters" not in doc.text  # her brother's trusted person
    assert "Een sms met een ster" in doc.text and "knuffel" not in doc.text
    assert "…" not in doc.text and min(doc.body_sizes) >= 12


def test_a_young_childs_page_is_big_with_pictures(tmp_path: Path) -> None:
    data, lena = _child(6)
    pdf = child_version(data, DUTCH, lena)
    doc = read(pdf, tmp_path)
    assert "Voor jou, Lena" in doc.text
    assert "Kim Janssens" not in doc.text  # a JIM is for young people of 12 and over
    assert min(doc.body_sizes) >= 16, sorted(doc.body_sizes)
    assert re.search(r"102\s+Awel", doc.text)
    path = tmp_path / "young.pdf"
    path.write_bytes(pdf)
    with pdfplumber.open(path) as document:
        drawn = sum(len(p.curves) + len(p.rects) + len(p.lines) for p in document.pages)
    assert drawn > 30  # the pictures: cloud, house, people, bear, phone, pencil


def test_a_child_without_trusted_person_or_sign_gets_a_kind_sentence(tmp_path: Path) -> None:
    data, lena = _child(8)
    data = dataclasses.replace(data, network=(), plan=dataclasses.replace(
        data.plan, safety_object="", children=()))
    doc = read(child_version(data, DUTCH, lena), tmp_path)
    assert flat("We zoeken samen nog iemand bij wie jij terecht kan.") in flat(doc.text)
    assert "veilig voorwerp" not in doc.text and "…" not in doc.text


def test_agreements_are_numbered_as_on_the_family_plan(tmp_path: Path) -> None:
    data = plan_print("Afspraak", rules=7)
    doc = read(family_plan(data, DUTCH), tmp_path)
    for number, rule in numbered_rules(data.plan):
        assert re.search(rf"^{number}\. {re.escape(rule.what)}$", doc.text, re.MULTILINE)


def test_the_print_test_data_is_real(demo: sessionmaker[Session]) -> None:
    """The organisation's numbers reach the print through gather_plan, and an account's own
    phone replaces the service's number."""
    with transaction(demo) as s:
        s.execute(update(User).where(User.username == "begeleider").values(phone="0499 11 22 33"))
    data = _demo_print(demo, PlanStatus.APPROVED)
    assert [p.number for p in data.call.counsellors] == ["0499 11 22 33"]
    assert data.call.crisis is not None and data.call.crisis.number == "0800 12 345"
    assert data.called[next(m.person_id for m in data.network if m.name.startswith("Ayşe"))] \
        == "oma Ayşe"


def test_a_new_family_of_six_gets_a_two_page_plan(tmp_path: Path) -> None:
    """Six people, four agreements of full sentences, every helper with a phone."""
    data = plan_print("Afspraak", rules=4, network=6,
                      names=("Rita Claeys", "Kim Janssens", "Bart Peeters", "Lena Peeters",
                             "Tom Peeters", "An De Smet"))
    rules = tuple(dataclasses.replace(
        r, what=f"{r.id}. Mama belt oma Rita als het thuis te hoog oploopt, ook 's avonds.",
        who="Mama en Bart", when="Telkens als het te hoog oploopt",
        how_we_know="Oma Rita schrijft het op en vertelt het aan Lotte.",
        if_not_kept="Lotte roept iedereen samen.") for r in data.plan.rules)
    plan = dataclasses.replace(data.plan, rules=rules, agreed_by="Mama, Bart en oma Rita",
                               dangers=(DangerRef("a" * 32, 1, "Vaktaal", "Doel",
                                                  "Als mama en Bart ruziemaken, zijn de "
                                                  "kinderen bang."),))
    data = dataclasses.replace(data, family_name="Gezin Peeters", plan=plan, call=_who(
        (Phone("Lotte Peeters", "0499 11 22 33", "call.counsellor"),)))
    doc = read(family_plan(data, DUTCH), tmp_path)
    assert doc.pages <= 2 and min(doc.body_sizes) >= BODY
    for number in ("0499 11 22 33", "09 210 55 00", "0800 12 345", "0470 00 00 06"):
        assert number in doc.layout, number


def _arabic(char: dict[str, object]) -> bool:
    text = str(char["text"])
    return "\u0600" <= text <= "\u06ff" or "\ufb50" <= text <= "\ufeff"


def _line_of(words: list[dict[str, object]], text: str) -> list[dict[str, object]]:
    """The words on the same line as the first word ``text``."""
    found = next(w for w in words if w["text"] == text)
    return [w for w in words if abs(float(w["top"]) - float(found["top"])) < 3]  # type: ignore[arg-type]


@pytest.mark.parametrize("locale", ["ar", "nl-BE"])
def test_a_plan_in_arabic_is_laid_out_right_to_left_and_a_dutch_one_is_not(
    demo: sessionmaker[Session], locale: str, tmp_path: Path
) -> None:
    words: Words = partial(CATALOGUE.text, locale)
    path = tmp_path / "plan.pdf"
    path.write_bytes(family_plan(_demo_print(demo, PlanStatus.APPROVED, words=words), words))
    # Text starts and ends where the page frame's padding (6 pt) lets it.
    left, right = MARGIN + 6, A4[0] - MARGIN - 6
    with pdfplumber.open(path) as document:
        page = document.pages[0]
        found = page.extract_words(keep_blank_chars=False)
        heading = [c for c in page.chars if c["size"] >= BODY + 4 - 0.1]
        # Labels and headings: the bold Arabic (what a row of "who to call" is for is not).
        labels = [c for c in page.chars if _arabic(c) and "Bold" in c["fontname"]
                  and 40 < c["top"] < page.height - 40]
        numbers = _line_of(found, "Lotte")
        furniture = [c for c in page.chars if c["top"] > page.height - 40]
    name_x0 = min(w["x0"] for w in numbers if w["text"] in ("Lotte", "Peeters"))
    number_x1 = max(w["x1"] for w in numbers if w["text"] in ("210", "55", "00"))
    number_x0 = min(w["x0"] for w in numbers if w["text"] in ("09", "210", "55", "00"))
    if locale == "ar":
        # Headings and labels end at the right margin (the labels of an agreement at its
        # indent); the numbers stand left of the names; the page number at the left.
        assert abs(max(c["x1"] for c in heading) - right) < 1.5
        assert min(c["x0"] for c in heading) > MARGIN + 20
        lines: dict[int, float] = {}
        for char in labels:
            top = round(char["top"])
            lines[top] = max(lines.get(top, 0.0), char["x1"])
        assert lines and all(right - BODY * 1.6 - 1.5 < x1 < right + 1.5
                             for x1 in lines.values()), lines
        assert number_x1 < name_x0
        assert max(c["x1"] for c in furniture) < A4[0] / 2
    else:
        assert abs(min(c["x0"] for c in heading) - left) < 1.5
        assert number_x0 > name_x0
        assert min(c["x0"] for c in furniture) > A4[0] / 2
        assert not labels


def test_the_number_of_an_agreement_stands_at_the_right_in_arabic(tmp_path: Path) -> None:
    words: Words = partial(CATALOGUE.text, "ar")
    path = tmp_path / "plan.pdf"
    path.write_bytes(family_plan(plan_print("Afspraak", rules=2), words))
    with pdfplumber.open(path) as document:
        found = document.pages[0].extract_words()
    # "Afspraak 1" as typed, its number "1." at the right margin after it.
    number = next(w for w in found if w["text"] == "1.")
    typed = [w for w in _line_of(found, "1.") if w["text"].startswith("Afspraak")]
    assert typed and number["x0"] > max(w["x1"] for w in typed)
    assert abs(number["x1"] - (A4[0] - MARGIN - 6)) < 1.5
