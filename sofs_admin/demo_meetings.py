"""The demo family's three meetings: a map that changes and four people's scores that move.

Intake (disputed danger statement, low scores), network meeting (the aunt becomes Zeynep's
trusted person), review (the dispute is settled, scores rise): the history chart tells it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date

from sqlalchemy.orm import Session

from auth import Actor
from mapping.map import EntryInput, EntryView, add_entry, get_map, remove_entry, update_entry
from mapping.meetings import ParticipantInput, open_meeting
from mapping.scaling import RatingInput, rate
from sofs_core.codes import EntryCategory, MeetingKind, ParticipantRole, RaterRole, Voice

C, FAMILY = EntryCategory, Voice.FAMILY
QUESTION = (
    "Op een schaal van 0 tot 10, waarbij 10 betekent dat iedereen weet dat de kinderen veilig "
    "genoeg zijn om de begeleiding af te sluiten, en 0 dat het zo slecht gaat dat de kinderen "
    "niet thuis kunnen blijven: waar staat de situatie nu?",
    "Het gaat zo slecht dat de kinderen niet thuis kunnen blijven.",
    "Iedereen weet dat de kinderen veilig genoeg zijn om de begeleiding af te sluiten.",
)
RATERS = (("Elif", RaterRole.PARENT), ("Karim", RaterRole.PARENT),
          ("Lotte Peeters", RaterRole.COUNSELLOR), ("Sofie Van den Broeck", RaterRole.CONSULTANT))
# Scores per meeting, in RATERS order: (danger statement 1, whole case).
SCORES = (
    ((4, 5), (5, 5), (2, 3), (2, 3)),
    ((6, 6), (6, 6), (4, 4), (3, 4)),
    ((7, 7), (7, 8), (6, 6), (5, 6)),
)
REASONS = (
    ("Er is sinds augustus geen ruzie meer geweest met duwen.", "We praten er nu over.",
     "De kinderen zijn nog bang en er is nog geen plan.", "Er is nog geen netwerk rond het gezin."),
    ("Oma en Małgorzata weten nu wat er gebeurd is.", "Ik ga naar buiten als ik boos word.",
     "Het netwerk is er, de afspraken moeten nog getest worden.", "Het netwerk is gestart."),
    ("Zeynep zegt dat ze zich thuis rustiger voelt.", "Twee maanden zonder ruzie waar de "
     "kinderen bij waren.", "De afspraken worden gehouden en het netwerk weet ervan.",
     "De school ziet dat Emre en Zeynep elke dag komen."),
)
# "What would make it one point higher?", asked about the danger statement at the review.
HIGHER = {2: ("Als Karim ook 's avonds naar buiten gaat als het oploopt.",
              "Als Elif mij belt voor het te hoog oploopt.",
              "Als het netwerk twee maanden meldt dat de afspraken lukken.",
              "Als de school in december geen afwezigheden meer meldt.")}


def load_demo_meetings(session: Session, actor: Actor, case_id: int) -> None:
    first = _meeting(session, actor, case_id, MeetingKind.INTAKE_MAPPING, date(2026, 9, 8), ())
    add = _adder(session, actor, first)
    add(C.BOTTOM_LINE, "De kinderen zijn er niet bij als volwassenen ruzie maken met duwen, "
        "slaan of gooien.")
    add(C.BOTTOM_LINE, "Zeynep en Emre gaan elke schooldag naar school.")
    add(C.HARM, "Op 12 augustus meldde de school dat Emre (14) een blauwe plek op zijn arm had. "
        "Hij vertelde dat hij geraakt werd toen hij tussen mama en Karim ging staan tijdens een "
        "ruzie.")
    danger = add(C.DANGER_STATEMENT, "Lotte en Sofie zijn bezorgd dat als Elif en Karim ruzie "
                 "maken met duwen en gooien terwijl de kinderen thuis zijn, Emre en Zeynep "
                 "opnieuw gekwetst worden en bang worden om thuis te zijn.", disputed=True,
                 family_view="Karim zegt dat hij nooit iemand heeft willen raken en dat het "
                 "één keer gebeurd is.",
                 family_words="Als Elif en Karim ruzie maken met duwen en gooien, kunnen de "
                 "kinderen weer pijn krijgen. Dan zijn ze thuis bang.",
                 family_words_translation="Elif ve Karim itişip bir şeyler fırlatarak kavga "
                 "ederse, çocukların yine canı yanabilir. O zaman evde korkarlar.")
    school = add(C.DANGER_STATEMENT, "De school en Lotte zijn bezorgd dat als Zeynep en Emre "
                 "thuisblijven om voor Yasmina te zorgen, ze achterop raken op school en er "
                 "alleen voor komen te staan.",
                 family_words="Als Zeynep en Emre thuisblijven om voor Yasmina te zorgen, "
                 "missen ze school.",
                 family_words_translation="Zeynep ve Emre, Yasmina'ya bakmak için evde "
                 "kalırsa okulu kaçırırlar.")
    add(C.COMPLICATING_FACTOR, "Karim werkt 's nachts en slaapt overdag: afspraken overdag "
        "lukken moeilijk.")
    translation = add(C.COMPLICATING_FACTOR, "Elif leest beter Turks dan Nederlands; brieven "
                      "van de jeugdrechtbank zijn moeilijk te begrijpen.")
    add(C.STRENGTH, "Elif brengt Yasmina elke dag zelf naar de crèche.", voice=FAMILY)
    add(C.STRENGTH, "Oma Ayşe woont om de hoek en de kinderen gaan graag naar haar toe.",
        voice=FAMILY)
    add(C.EXISTING_SAFETY, "Na de ruzie van 12 augustus belde Elif zelf oma Ayşe, en de "
        "kinderen bleven een week bij haar logeren.", voice=FAMILY)
    add(C.SAFETY_GOAL, "Elif en Karim lossen meningsverschillen op zonder duwen, roepen of "
        "gooien. Loopt het te hoog op, dan gaat Karim naar buiten en belt Elif oma Ayşe. De "
        "kinderen zeggen zelf dat ze zich thuis veilig voelen. Lotte en het netwerk zien dit "
        "zes maanden lang.", danger_lineage=danger.lineage)
    add(C.SAFETY_GOAL, "Zeynep en Emre gaan elke schooldag naar school; Yasmina gaat naar de "
        "crèche of naar oma. De school ziet dit tot het einde van het schooljaar.",
        danger_lineage=school.lineage)
    network_step = add(C.NEXT_STEP, "Netwerkbijeenkomst met oma Ayşe en tante Małgorzata "
                       "plannen.", who="Elif", due_on=date(2026, 9, 22))
    _rate_all(session, actor, first, danger.lineage, 0)

    second = _meeting(session, actor, case_id, MeetingKind.NETWORK_MEETING, date(2026, 10, 6),
                      ("Ayşe Yılmaz", "Małgorzata Kowalska"))
    add = _adder(session, actor, second)
    _remove(session, actor, second, network_step.lineage)
    add(C.EXISTING_SAFETY, "Tante Małgorzata is de vertrouwenspersoon van Zeynep en haalt "
        "haar elke woensdag van school.", voice=FAMILY)
    add(C.STRENGTH, "Karim ging twee keer naar buiten toen een discussie te hoog opliep.",
        voice=FAMILY)
    add(C.NEXT_STEP, "Het veiligheidsplan samen met het netwerk opschrijven.", who="Lotte",
        due_on=date(2026, 10, 20))
    _edit(session, actor, second, danger.lineage, family_view="Karim zegt dat het één keer "
          "gebeurd is en dat hij wil dat de kinderen zich thuis veilig voelen.")
    _rate_all(session, actor, second, danger.lineage, 1)

    third = _meeting(session, actor, case_id, MeetingKind.REVIEW, date(2026, 11, 3),
                     ("Ayşe Yılmaz", "Małgorzata Kowalska"))
    _edit(session, actor, third, danger.lineage, disputed=False, family_view="")
    _edit(session, actor, third, translation.lineage, text="Elif leest beter Turks dan "
          "Nederlands. Tante Małgorzata leest de brieven nu samen met haar.")
    _rate_all(session, actor, third, danger.lineage, 2)


def _meeting(session: Session, actor: Actor, case_id: int, kind: MeetingKind, held_on: date,
             network: tuple[str, ...]) -> int:
    people = (
        ParticipantInput("Elif", ParticipantRole.FAMILY),
        ParticipantInput("Karim", ParticipantRole.FAMILY),
        *(ParticipantInput(name, ParticipantRole.NETWORK) for name in network),
        ParticipantInput("Lotte Peeters", ParticipantRole.PROFESSIONAL),
        ParticipantInput("Sofie Van den Broeck", ParticipantRole.PROFESSIONAL),
    )
    return open_meeting(session=session, actor=actor, case_id=case_id, kind=kind,
                        held_on=held_on, participants=people)


def _adder(session: Session, actor: Actor, meeting_id: int) -> Callable[..., EntryView]:
    def add(category: EntryCategory, text: str, voice: Voice = Voice.PROFESSIONAL,
            **details: object) -> EntryView:
        data = EntryInput(category, text, voice, **details)  # type: ignore[arg-type]
        return add_entry(session=session, actor=actor, meeting_id=meeting_id, data=data)

    return add


def _find(session: Session, actor: Actor, meeting_id: int, lineage: str) -> EntryView:
    view = get_map(session=session, actor=actor, meeting_id=meeting_id)
    return next(e for entries in view.entries.values() for e in entries if e.lineage == lineage)


def _edit(session: Session, actor: Actor, meeting_id: int, lineage: str, **changes: object
          ) -> None:
    entry = _find(session, actor, meeting_id, lineage)
    update_entry(session=session, actor=actor, entry_id=entry.id,
                 expected_version=entry.version,
                 data=replace(entry.as_input(), **changes))  # type: ignore[arg-type]


def _remove(session: Session, actor: Actor, meeting_id: int, lineage: str) -> None:
    entry = _find(session, actor, meeting_id, lineage)
    remove_entry(session=session, actor=actor, entry_id=entry.id,
                 expected_version=entry.version)


def _rate_all(session: Session, actor: Actor, meeting_id: int, lineage: str, round_: int
              ) -> None:
    higher = HIGHER.get(round_, ("",) * len(RATERS))
    for (name, role), (pair, whole), reason, more in zip(
            RATERS, SCORES[round_], REASONS[round_], higher, strict=True):
        for subject, score in ((lineage, pair), (None, whole)):
            rate(session=session, actor=actor, meeting_id=meeting_id, data=RatingInput(
                rater_name=name, rater_role=role, score=score, question=QUESTION[0],
                zero_means=QUESTION[1], ten_means=QUESTION[2], danger_lineage=subject,
                reason=reason if subject else "", one_point_higher=more if subject else ""))
