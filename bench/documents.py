"""The printed documents: the demo family's plan (with its genogram) and the consultant's
report of a 20-meeting case, each against a plain reportlab document of the same text.

`python -m bench.documents` runs these alone. The baseline is the same words (as the PDF's
own text layer gives them back) set in reportlab's built-in Helvetica with one plain
paragraph per line: what printing costs without our fonts, layout and pictures.
"""

from __future__ import annotations

import io
import random
import subprocess
import sys
import tempfile
from collections.abc import Callable
from datetime import date
from functools import partial
from pathlib import Path
from xml.sax.saxutils import escape

from PIL import Image, ImageDraw
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.platypus import Paragraph, SimpleDocTemplate
from sqlalchemy import select

from auth import Actor
from bench.common import Figure, baseline_line, figure_line, spread, target_line, time_ms
from bench.generate import add_large_case, build_register
from i18n import Words, load_catalogue
from mapping.words_pictures import (
    PartInput,
    StoryInput,
    gather_booklet,
    save_story,
    set_picture,
    start_story,
)
from mapping.words_pictures_booklet import PageSize, booklet_pdf
from plans.contacts import Organisation
from plans.documents import consultant_report, family_plan
from plans.printouts import gather_plan, gather_report
from plans.versions import RuleInput, add_rule, latest_dangers, open_draft
from sofs_admin.demo import DEMO_FAMILY_NAME
from sofs_core.codes import RuleKind, StoryPart
from storage.db import make_engine, session_factory, transaction
from storage.models import Case, Family, SafetyPlan, User

RUNS = 15


def _plain(text: str) -> bytes:
    """The baseline: ``text`` as plain Helvetica paragraphs, one per line."""
    buffer = io.BytesIO()
    body = getSampleStyleSheet()["BodyText"]
    story = [Paragraph(escape(line), body) for line in text.splitlines() if line.strip()]
    SimpleDocTemplate(buffer, pagesize=A4).build(story)
    return buffer.getvalue()


def _text_of(pdf: bytes) -> str:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(pdf)
        handle.flush()
        return subprocess.run(["pdftotext", handle.name, "-"], capture_output=True, text=True,
                              check=True).stdout


def _alternate(name: str, make: Callable[[], bytes], runs: int) -> tuple[Figure, Figure]:
    text = _text_of(make())
    make()
    _plain(text)
    ours: list[float] = []
    plain: list[float] = []
    for _ in range(runs):
        ours.append(time_ms(make))
        plain.append(time_ms(lambda: _plain(text)))
    return Figure(name, tuple(ours)), Figure("plain_reportlab_same_text", tuple(plain))


def _actor(url: str) -> Actor:
    with transaction(session_factory(make_engine(url))) as s:
        user = s.scalars(select(User).where(User.username == "begeleider")).one()
        return Actor(user.id, user.username, user.display_name, user.role, None)


def _plan_for_large_case(url: str, actor: Actor, case_id: int) -> int:
    """A plan of 12 rules for the generated 20-meeting case."""
    with transaction(session_factory(make_engine(url))) as s:
        plan = open_draft(session=s, actor=actor, case_id=case_id)
        dangers = tuple(d.lineage for d in latest_dangers(s, case_id))[:2]
        for number in range(12):
            add_rule(session=s, actor=actor, plan_id=plan.id, data=RuleInput(
                RuleKind.IMMEDIATE if number < 6 else RuleKind.STRUCTURAL,
                f"Afspraak {number + 1}: Nadia belt oma als het thuis te hoog oploopt.",
                "Nadia", "Elke avond", "Oma vertelt het aan de begeleider.",
                "De begeleider roept het netwerk samen.", dangers))
        return plan.id


def _story_with_six_drawings(url: str, actor: Actor, case_id: int) -> int:
    """A Words and Pictures story of six parts, each with a photographed drawing."""
    factory = session_factory(make_engine(url))
    with transaction(factory) as s:
        story = start_story(session=s, actor=actor, case_id=case_id)
        parts = [PartInput(p.kind, f"Deel {n}: oma Rita komt elke avond en papa belt haar "
                           "als het thuis te hoog oploopt.", "", p.id)
                 for n, p in enumerate(story.parts, 1)]
        parts += [PartInput(StoryPart.MORE, "Je mag alles vragen aan juf Ann.", f"Extra {n}")
                  for n in (5, 6)]
        story = save_story(session=s, actor=actor, story_id=story.id,
                           expected_version=story.version, data=StoryInput("Ons verhaal",
                                                                           tuple(parts)))
        rng = random.Random(6)
        for part in story.parts:
            image = Image.new("RGB", (1200, 900), "white")
            pen = ImageDraw.Draw(image)
            for _ in range(40):  # stick-figure strokes, like a photo of a paper drawing
                xy = [rng.randrange(1200), rng.randrange(900), rng.randrange(1200),
                      rng.randrange(900)]
                pen.line(xy, fill=(rng.randrange(200), 40, 90), width=6)
            out = io.BytesIO()
            image.save(out, format="JPEG", quality=90)
            story = set_picture(session=s, actor=actor, part_id=part.id,
                                expected_version=story.version, content=out.getvalue())
        return story.id


ORGANISATION = Organisation("Jeugdhulp Het Anker", "09 210 55 00", "0800 12 345")


def measure(runs: int = RUNS) -> list[tuple[Figure, Figure, float]]:
    words: Words = partial(load_catalogue(None).text, "nl-BE")
    on = date(2026, 11, 23)
    with tempfile.TemporaryDirectory(prefix="sofs-bench-docs-") as tmp:
        register = build_register(Path(tmp), cases=10)
        large = add_large_case(register, meetings=20, entries=40, raters=8)
        actor = _actor(register.url)
        factory = session_factory(make_engine(register.url))
        with transaction(factory) as s:
            demo_plan = s.scalars(
                select(SafetyPlan.id).join(Case, Case.id == SafetyPlan.case_id)
                .join(Family, Family.id == Case.family_id)
                .where(Family.name == DEMO_FAMILY_NAME).order_by(SafetyPlan.number.desc())
            ).first()
        assert demo_plan is not None
        report_plan = _plan_for_large_case(register.url, actor, large.case_id)
        story_id = _story_with_six_drawings(register.url, actor, large.case_id)

        def demo_family_plan() -> bytes:
            with transaction(factory) as s:
                # With the genogram ticked (the heavier case), as the family gets it.
                data = gather_plan(session=s, actor=actor, plan_id=demo_plan, words=words, on=on,
                                   document="family", for_family=True,
                                   organisation=ORGANISATION)
            return family_plan(data, words)

        def large_report() -> bytes:
            with transaction(factory) as s:
                data = gather_plan(session=s, actor=actor, plan_id=report_plan, words=words,
                                   on=on, document="report")
                report = gather_report(session=s, actor=actor, plan=data, words=words)
            return consultant_report(data, report, words)

        def words_pictures_booklet() -> bytes:
            with transaction(factory) as s:
                data = gather_booklet(session=s, actor=actor, story_id=story_id)
            return booklet_pdf(data, words, size=PageSize.A5, printed_on=on)

        return [(*_alternate("family_plan_pdf", demo_family_plan, runs), 300.0),
                (*_alternate("words_pictures_pdf", words_pictures_booklet, runs), 1000.0),
                (*_alternate("consultant_report_pdf", large_report, runs), 1500.0)]


def report() -> None:
    for ours, plain, max_ms in measure():
        print(baseline_line(plain))
        print(figure_line(ours, plain))
        print(spread(plain))
        print(spread(ours))
        print(target_line(ours, plain, max_ms=max_ms))
        sys.stdout.flush()


if __name__ == "__main__":
    report()
