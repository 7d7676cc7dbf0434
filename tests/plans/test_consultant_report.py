"""The consultant's report, read back from real PDFs (pdfplumber, pdftotext, qpdf): at most
four A4 pages for the demo case, no page mostly empty, whose words each entry is, the
family's view beside a disputed statement, the scaling answers with their reasons, what
changed, who came, the versions with the consultant's decisions, and the exchange."""

from __future__ import annotations

import dataclasses
import unicodedata
from datetime import date, datetime
from functools import partial
from pathlib import Path

import pdfplumber
import pytest
from reportlab.graphics.widgets.markers import Marker
from reportlab.lib.pagesizes import A4
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from auth import Actor
from i18n import Words, load_catalogue
from mapping.consultation import CommentView
from mapping.map import EntryView, MapView
from mapping.meetings import MeetingSummary
from mapping.scaling import HistoryPoint, RatingView
from plans.consultant_report import consultant_report
from plans.printouts import PlanPrint, ReportPrint, gather_plan, gather_report
from plans.report_changes import map_changes
from plans.report_chart import Point, scaling_chart
from sofs_admin.demo import load_demo
from sofs_core.codes import (
    AuditAction,
    CommentKind,
    EntryCategory,
    MeetingKind,
    PlanStatus,
    RaterRole,
    Role,
    Voice,
)
from storage.db import make_engine, session_factory, transaction
from storage.models import AuditEvent, SafetyPlan, User
from tests.plans.printables import DANGER, plan_print, report_print
from tests.printing.pdf import assert_valid, pdf_text

DUTCH: Words = partial(load_catalogue(None).text, "nl-BE")


@dataclasses.dataclass(frozen=True)
class Read:
    text: str
    pages: int
    sizes: list[tuple[float, float]]
    smallest: float  # the smallest letters between the page header and footer
    lowest: list[float]  # per page: how far down (0..1) its text reaches above the footer
    marks: list[str]  # per page: the big diagonal letters (the draft mark)
    words: list[list[dict[str, object]]]  # per page: pdfplumber's words with positions


def read(pdf: bytes, tmp_path: Path, name: str = "report") -> Read:
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(pdf)
    assert_valid(path)
    lowest, marks, smallest, pages_words = [], [], 99.0, []
    with pdfplumber.open(path) as document:
        sizes = [(float(p.width), float(p.height)) for p in document.pages]
        for page in document.pages:
            inside = [c for c in page.chars if c["top"] > 45 and c["bottom"] < page.height - 45]
            body = [c for c in inside if c["size"] <= 60]
            marks.append("".join(c["text"] for c in inside if c["size"] > 60))
            smallest = min([smallest, *(c["size"] for c in body)])
            lowest.append(max((c["bottom"] for c in body), default=0) / float(page.height))
            pages_words.append(page.extract_words())
    text = unicodedata.normalize("NFKC", pdf_text(path)).replace("\u00a0", " ")
    return Read(text, len(sizes), sizes, smallest, lowest, marks, pages_words)


def flat(text: str) -> str:
    return "".join(text.split())


def _demo(demo_db: str, status: PlanStatus) -> tuple[PlanPrint, ReportPrint]:
    engine = make_engine(demo_db)
    factory: sessionmaker[Session] = session_factory(engine)
    with transaction(factory) as s:
        user = s.scalars(select(User).where(User.username == "begeleider")).one()
        actor = Actor(user.id, user.username, user.display_name, user.role, None, user.team_id)
        plan_id = s.scalars(select(SafetyPlan.id).where(SafetyPlan.status == status)).one()
        data = gather_plan(session=s, actor=actor, plan_id=plan_id, words=DUTCH,
                           on=date(2026, 11, 23), document="report", with_genogram=False)
        report = gather_report(session=s, actor=actor, plan=data, words=DUTCH)
    engine.dispose()
    return data, report


@pytest.mark.parametrize("status", [PlanStatus.APPROVED, PlanStatus.DRAFT])
def test_the_demo_report_fits_four_full_a4_pages(demo_db: str, tmp_path: Path,
                                                  status: PlanStatus) -> None:
    data, report = _demo(demo_db, status)
    doc = read(consultant_report(data, report, DUTCH), tmp_path)
    assert doc.pages <= 4, doc.pages
    assert all(abs(w - A4[0]) < 1 and abs(h - A4[1]) < 1 for w, h in doc.sizes)
    # No page is mostly empty: every page but the last is filled past 60 %, the last past a
    # quarter.
    assert all(low > 0.6 for low in doc.lowest[:-1]), doc.lowest
    assert doc.lowest[-1] > 0.25, doc.lowest
    # pdfminer takes a letter's size from its box's top minus bottom, so 7 pt letters low
    # on a page can read 6.99999...: compare to the thousandth of a point.
    assert round(doc.smallest, 3) >= 7
    draft = status is PlanStatus.DRAFT
    assert doc.marks == (["ONTWERP"] * doc.pages if draft else [""] * doc.pages)


def test_the_demo_report_holds_what_the_consultant_decides_on(demo_db: str,
                                                              tmp_path: Path) -> None:
    data, report = _demo(demo_db, PlanStatus.APPROVED)
    text = read(consultant_report(data, report, DUTCH), tmp_path).text
    squeezed = flat(text)
    wanted = [
        # The case and the decision.
        "Verslag voor de consulent", "SDJ: Sofie Van den Broeck",
        "Goedgekeurd door Sofie Van den Broeck op 27/10/2026.",
        # Bottom lines and the map, once, with whose words.
        "Bodemeisen", "Zeynep en Emre gaan elke schooldag naar school. (professional)",
        "Elif brengt Yasmina elke dag zelf naar de crèche. (gezin)",
        # The statement the family disputed until the meeting before, with their words.
        "Niet meer betwist. Eerder zei het gezin:", "Karim zegt dat het één keer gebeurd is",
        # The scaling answers with their reasons, and before.
        "Waarom dit cijfer (en niet lager)", "Zeynep zegt dat ze zich thuis rustiger voelt.",
        "Elif: 7 (was 6)",
        # What changed since the previous meeting, and who came.
        "Wat veranderde sinds de vorige bijeenkomst", "Niet meer betwist door het gezin.",
        "Netwerk: Ayşe Yılmaz, Małgorzata Kowalska",
        # The network, the plan, its versions, the consultant's note, and the exchange.
        "Het veiligheidsnetwerk", "Roept het netwerk samen",
        "1. Als een discussie te hoog oploopt, gaat Karim naar buiten.",
        "Elif, Karim, oma Ayşe en tante Małgorzata, op 20/10/2026",
        "Graag bij de volgende netwerkbijeenkomst bekijken of de afspraak met de school werkt.",
        "Uitwisseling met de consulent", "Versie 2 bespreken we met het gezin op de volgende",
    ]
    for phrase in wanted:
        assert flat(phrase) in squeezed, phrase
    # The map's danger statements print once in the map part (their own section) only.
    assert squeezed.count(flat("De school en Lotte zijn bezorgd dat als Zeynep en Emre")) == 1


def _entry(lineage: str, category: EntryCategory, text: str, **changes: object) -> EntryView:
    entry = EntryView(id=1, version=1, lineage=lineage, category=category, text=text,
                      voice=Voice.PROFESSIONAL, position=1, disputed=False, family_view="",
                      danger_lineage=None, who="", due_on=None)
    return dataclasses.replace(entry, **changes)  # type: ignore[arg-type]


def _map(*entries: EntryView) -> MapView:
    return MapView(1, {c: tuple(e for e in entries if e.category is c) for c in EntryCategory},
                   (), ())


def test_a_disputed_statement_has_the_family_view_beside_it(tmp_path: Path) -> None:
    data = plan_print("Afspraak")
    report = report_print(data, "tekst")
    danger = _entry(DANGER, EntryCategory.DANGER_STATEMENT, "De school is bezorgd.",
                    disputed=True, family_view="Wij zien het anders: het was één keer.")
    report = dataclasses.replace(report, map=MapView(
        1, {**report.map.entries, EntryCategory.DANGER_STATEMENT: (danger,)},  # type: ignore[union-attr]
        (report.map.pairs[0].__class__(danger, None),), ()))  # type: ignore[union-attr]
    doc = read(consultant_report(data, report, DUTCH), tmp_path)
    assert flat("Het gezin betwist dit. Hoe het gezin het ziet:") in flat(doc.text)
    words = [w for page in doc.words for w in page]
    statement = next(w for w in words if w["text"] == "school")
    view = next(w for w in words if w["text"] == "anders:")
    # Side by side: the family's view starts right of the statement, on the same band.
    assert float(view["x0"]) > float(statement["x1"])  # type: ignore[arg-type]
    assert abs(float(view["top"]) - float(statement["top"])) < 60  # type: ignore[arg-type]


def test_reasons_and_one_point_higher_print_per_person(tmp_path: Path) -> None:
    data = plan_print("Afspraak")
    report = report_print(data, "tekst")
    ratings = tuple(RatingView(id=n, meeting_id=3, danger_lineage=None, rater_name=name,
                               rater_role=RaterRole.PARENT, score=4, reason=f"reden {name}",
                               one_point_higher=f"hoger {name}", question="q", zero_means="0",
                               ten_means="10") for n, name in enumerate(("Elif", "Karim")))
    doc = read(consultant_report(data, dataclasses.replace(report, latest_ratings=ratings),
                                 DUTCH), tmp_path)
    for phrase in ("Wat maakt het één punt hoger", "reden Elif", "hoger Karim"):
        assert flat(phrase) in flat(doc.text), phrase


def test_the_chart_marks_every_answer_and_keeps_equal_raters_apart() -> None:
    # One meeting only, two people with the same score: both points show, side by side.
    chart = scaling_chart([Point(1, "Elif", 5), Point(1, "Karim", 5)], {1: "1 · 08/09"}, 400)
    markers = [m for m in chart.contents if isinstance(m, Marker)]
    plotted = [m for m in markers if m.y > 30]  # the legend sits under the plot
    assert len(markers) == 4 and len(plotted) == 2  # two points and two legend entries
    assert plotted[0].y == plotted[1].y and plotted[0].x != plotted[1].x
    assert {m.kind for m in markers} == {"FilledCircle", "FilledSquare"}
    lines = scaling_chart([Point(m, name, 5) for m in (1, 2) for name in ("Elif", "Karim")],
                          {1: "1", 2: "2"}, 400).contents
    dashes = [getattr(s, "strokeDashArray", None) for s in lines
              if type(s).__name__ == "PolyLine"]
    assert len(dashes) == 2 and dashes[0] != dashes[1]  # told apart without colour too


def test_what_changed_on_the_map_since_the_previous_meeting() -> None:
    before = _map(_entry("a" * 32, EntryCategory.HARM, "Oud"),
                  _entry("b" * 32, EntryCategory.DANGER_STATEMENT, "Zorg", disputed=True,
                         family_view="Klopt niet"),
                  _entry("c" * 32, EntryCategory.STRENGTH, "Weg"))
    after = _map(_entry("a" * 32, EntryCategory.HARM, "Nieuw woord"),
                 _entry("b" * 32, EntryCategory.DANGER_STATEMENT, "Zorg"),
                 _entry("d" * 32, EntryCategory.NEXT_STEP, "Bellen", voice=Voice.FAMILY))
    rows = map_changes(DUTCH, before, after)
    assert ("Nieuw", "Volgende stappen", "Bellen") in rows
    assert ("Geschrapt", "Bestaande krachten", "Weg") in rows
    assert ("Aangepast", "Schade", "Nieuw woord\nWas: Oud") in rows
    assert ("Aangepast", "Zorgverklaringen", "Zorg\nNiet meer betwist door het gezin.") in rows
    assert len(rows) == 4


def test_versions_meetings_and_the_exchange_say_who_did_what(tmp_path: Path) -> None:
    data = plan_print("Afspraak", status=PlanStatus.SUBMITTED)
    report = report_print(data, "tekst")
    meetings = tuple(MeetingSummary(m, 1, MeetingKind.REVIEW, date(2026, 10, m), (), m)
                     for m in (1, 2))
    at = datetime(2026, 11, 2, 10, 0)
    comments = (
        CommentView(1, CommentKind.RETURNED, "Sofie", Role.CONSULTANT, "Te vaag: wie belt?",
                    at, 1, None),
        CommentView(2, CommentKind.COMMENT, "Lotte", Role.COUNSELLOR, "Zie bijeenkomst.", at,
                    None, 2),
    )
    versions = (dataclasses.replace(report.versions[0], status=PlanStatus.SUBMITTED,
                                    submitted_on=date(2026, 11, 3)),
                dataclasses.replace(report.versions[1], status=PlanStatus.RETURNED))
    report = dataclasses.replace(report, meeting_list=meetings, comments=comments,
                                 versions=versions)
    text = read(consultant_report(data, report, DUTCH), tmp_path).text
    squeezed = flat(text)
    for phrase in ("Op 03/11/2026 gestuurd; nog geen beslissing.",
                   "Teruggestuurd op 02/11/2026.", "Te vaag: wie belt?",
                   "bijeenkomst 2 (02/10/2026)", "Zie bijeenkomst.", "wacht op uw beslissing",
                   "Bijeenkomsten en wie er was", "Evaluatie"):
        assert flat(phrase) in squeezed, phrase


def test_a_report_of_a_single_meeting_says_there_is_nothing_to_compare(tmp_path: Path) -> None:
    data = plan_print("Afspraak")
    report = dataclasses.replace(report_print(data, "tekst", meetings=1), previous_map=None)
    report = dataclasses.replace(report, history=tuple(
        HistoryPoint(1, 1, date(2026, 1, 5), None, name, RaterRole.PARENT, 3)
        for name in ("Elif", "Karim")))
    doc = read(consultant_report(data, report, DUTCH), tmp_path)
    assert "Er was nog maar één bijeenkomst" in doc.text
    assert "Elif" in doc.text and "Karim" in doc.text


def test_the_consultant_prints_the_report_on_each_database(factory: sessionmaker[Session],
                                                           tmp_path: Path) -> None:
    """SQLite and PostgreSQL: the consultant the case is shared with gathers and prints the
    report of the version sent to her; printing is recorded, nothing else changes."""
    with transaction(factory) as s:
        load_demo(s)
    with transaction(factory) as s:
        user = s.scalars(select(User).where(User.username == "consulent")).one()
        actor = Actor(user.id, user.username, user.display_name, user.role, None, user.team_id)
        plan_id = s.scalars(select(SafetyPlan.id).where(
            SafetyPlan.status == PlanStatus.APPROVED)).one()
        before = s.scalar(select(func.count(AuditEvent.id)))
        data = gather_plan(session=s, actor=actor, plan_id=plan_id, words=DUTCH,
                           on=date(2026, 11, 23), document="report", with_genogram=False)
        report = gather_report(session=s, actor=actor, plan=data, words=DUTCH)
    with transaction(factory) as s:
        actions = set(s.scalars(select(AuditEvent.action).order_by(AuditEvent.id)
                                .offset(before)))
    assert AuditAction.PRINT in actions and actions <= {AuditAction.PRINT, AuditAction.READ}
    assert [m.number for m in report.meeting_list] == [1, 2, 3]
    assert {c.kind for c in report.comments} >= {CommentKind.APPROVED, CommentKind.COMMENT}
    assert report.previous_map is not None and report.latest_ratings
    doc = read(consultant_report(data, report, DUTCH), tmp_path)
    assert doc.pages <= 4
    assert flat("Gezin: Elif, Karim") in flat(doc.text)
