"""The demo family's children heard: Jonas (11) and Zeynep (14) each with a Three Houses at
the review meeting and a Safety House, and the Words and Pictures story Elif and Karim
agreed for the children.

Some of the children's words are shared with the parents, some they will tell later
themselves, and one each is private. The shared words wait on the child's-voice page to be
put on the map (*Op de kaart zetten*).
Jonas shares little of his Safety House, so his page of the plan stays short. The drawings
are made here with Pillow (a house, a sun, people), as a photo of a paper drawing would be
stored: through the same checked, re-encoded upload.
"""

from __future__ import annotations

import io
from datetime import date

from PIL import Image, ImageDraw
from sqlalchemy import select
from sqlalchemy.orm import Session

from auth import Actor
from mapping.child_voice import (
    HousesInput,
    ItemInput,
    add_drawing,
    children_of_case,
    save_houses,
)
from mapping.safety_house import (
    HouseItemInput,
    SafetyHouseInput,
    get_safety_house,
    save_safety_house,
)
from mapping.words_pictures import (
    PartInput,
    StoryInput,
    agree_story,
    save_story,
    set_picture,
    start_story,
)
from sofs_core.codes import HouseKind, SafetyHousePart, Sharing, StoryPart, VoiceTool
from storage.models import Meeting, Person

HEARD_ON = date(2026, 11, 3)  # the review meeting: the children's ages are taken then
AGREED_ON = date(2026, 11, 17)  # the home visit at which Elif and Karim agreed the story
W, G, D = HouseKind.WORRIES, HouseKind.GOOD_THINGS, HouseKind.DREAMS
SHARE, LATER, PRIVATE = Sharing.SHARE, Sharing.LATER_OWN_WORDS, Sharing.PRIVATE
P = SafetyHousePart
IN, VISIT, ROOF, STEP, RED, OBJECT = (P.INSIDE, P.VISITOR, P.ROOF_RULE, P.PATH_STEP, P.RED_ZONE,
                                      P.SAFETY_OBJECT)

# Per child: who was there, and (house, the child's words, what the child shares).
HOUSES: dict[str, tuple[str, tuple[tuple[HouseKind, str, Sharing], ...]]] = {
    "Jonas": ("Jonas en Lotte, in de keuken. Elif was boven met Yasmina.", (
        (W, "Als Karim hard roept, zet ik mijn koptelefoon op en kruip ik onder mijn deken.",
         LATER),
        (W, "Ik ben bang dat ik weer naar een ander huis moet als er ruzie is.", PRIVATE),
        (G, "Op woensdag voetballen met Emre.", SHARE),
        (G, "Oma Ayşe bakt pannenkoeken als we bij haar zijn.", SHARE),
        (D, "Dat niemand meer roept en dat we samen naar zee gaan.", SHARE),
    )),
    "Zeynep": ("Zeynep en Lotte, op haar kamer. Zeynep wilde niemand anders erbij.", (
        (W, "Dat ik weer thuis moet blijven voor Yasmina en dan mijn toets mis.", SHARE),
        (W, "Als ze ruzie maken hoor ik alles door de muur. Dan kan ik niet slapen.", LATER),
        (W, "Ik vertel mijn vriendinnen niet wat er thuis gebeurt. Ik schaam me.", PRIVATE),
        (G, "Tante Małgorzata komt meteen als ik haar bel.", SHARE),
        (G, "Karim gaat nu naar buiten als hij boos wordt.", SHARE),
        (D, "Rustig kunnen leren, en later dierenarts worden.", SHARE),
    )),
}

# Per child: where it stands on the path (0-10), and (part, words, sharing, person's first
# name or "" when the child named someone by hand, done).
SafetyItem = tuple[SafetyHousePart, str, Sharing, str, bool]
SAFETY_HOUSES: dict[str, tuple[int, tuple[SafetyItem, ...]]] = {
    "Jonas": (6, (
        (IN, "Elif", LATER, "Elif", False),
        (IN, "Karim", LATER, "Karim", False),
        (IN, "Emre en Zeynep", PRIVATE, "", False),
        (IN, "Yasmina", PRIVATE, "Yasmina", False),
        (VISIT, "oma Ayşe", LATER, "Ayşe", False),
        (ROOF, "Niemand duwt of gooit.", LATER, "", False),
        (ROOF, "Als er geroepen wordt, mag ik naar mijn kamer.", PRIVATE, "", False),
        (STEP, "Karim gaat wandelen als hij boos wordt.", PRIVATE, "", True),
        (STEP, "Een hele maand zonder roepen.", PRIVATE, "", False),
        (RED, "De vriend van mijn vroegere mama.", PRIVATE, "", False),
        (OBJECT, "Mijn blauwe pet: als ik die opzet, wil ik praten.", LATER, "", False),
    )),
    "Zeynep": (7, (
        (IN, "mama", SHARE, "Elif", False),
        (IN, "Karim", SHARE, "Karim", False),
        (IN, "Emre, Jonas en Yasmina", SHARE, "", False),
        (VISIT, "oma Ayşe", SHARE, "Ayşe", False),
        (VISIT, "tante Małgorzata", SHARE, "Małgorzata", False),
        (ROOF, "Niemand duwt, slaat of gooit.", SHARE, "", False),
        (ROOF, "Ik ga naar school, ook als Yasmina ziek is.", SHARE, "", False),
        (STEP, "Karim gaat naar buiten als hij boos wordt.", SHARE, "", True),
        (STEP, "Mama belt oma als het te hoog oploopt.", SHARE, "", True),
        (STEP, "Twee maanden zonder ruzie met duwen.", SHARE, "", False),
        (RED, "De oudere jongens van het pleintje.", PRIVATE, "", False),
        (OBJECT, "Het berichtje 'mijn oplader is leeg' aan tante Małgorzata.", SHARE, "",
         False),
    )),
}

STORY_TITLE = "Wat er thuis gebeurd is, en wat we nu doen"
# The four parts in plain words for children; a drawing with the first and the third.
STORY = (
    (StoryPart.WORRIED, "Lotte en Sofie helpen gezinnen. Zij waren ongerust, want mama en "
     "Karim maakten soms ruzie met duwen en gooien. Dan kunnen kinderen pijn krijgen en bang "
     "worden. De school was ook ongerust, omdat Zeynep en Emre soms thuisbleven.", True),
    (StoryPart.HAPPENED, "In de zomer was er een grote ruzie. Emre ging tussen mama en "
     "Karim staan en kreeg een blauwe plek op zijn arm. Hij vertelde het op school. Dat was "
     "goed. Het was niet de schuld van Emre, en ook niet van de andere kinderen.", False),
    (StoryPart.SAFE_NOW, "Mama en Karim maken geen ruzie meer met duwen of gooien. Als "
     "Karim boos wordt, gaat hij buiten wandelen. Loopt het toch te hoog op, dan belt mama "
     "oma Ayşe en mogen jullie naar oma gaan. Oma, tante Małgorzata en buurvrouw Marleen "
     "weten de afspraken en helpen mee.", True),
    (StoryPart.TALK_TO, "Je mag altijd praten met oma Ayşe, tante Małgorzata, juf An op "
     "school en Lotte. Zeynep mag tante Małgorzata altijd bellen, ook 's avonds laat.", False),
)


def _picture(seed: int, people: int) -> bytes:
    """A simple drawing as a child or a parent makes one: a house, a sun and people."""
    image = Image.new("RGB", (800, 600), "white")
    pen = ImageDraw.Draw(image)
    pen.ellipse((640, 40, 740, 140), fill=(250, 200, 40))  # the sun
    pen.rectangle((120, 260, 420, 520), outline=(30, 30, 30), width=6)  # the house
    pen.polygon(((100, 270), (270, 120), (440, 270)), outline=(190, 40, 40), width=6)
    pen.rectangle((240, 400, 300, 520), fill=(120, 70, 30))  # the door
    pen.line((0, 520, 800, 520), fill=(60, 160, 60), width=8)  # the grass
    for number in range(people):
        x = 480 + number * 70
        height = 110 - 20 * ((number + seed) % 3)
        top = 520 - height
        pen.ellipse((x - 18, top - 36, x + 18, top), outline=(40, 60, 160), width=5)
        pen.line((x, top, x, top + height * 0.6), fill=(40, 60, 160), width=5)
        pen.line((x - 30, top + 25, x + 30, top + 25), fill=(40, 60, 160), width=5)
        pen.line((x, top + height * 0.6, x - 20, 520), fill=(40, 60, 160), width=5)
        pen.line((x, top + height * 0.6, x + 20, 520), fill=(40, 60, 160), width=5)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def load_demo_child_voice(session: Session, actor: Actor, case_id: int) -> None:
    children = {c.first_name: c.id for c in children_of_case(
        session=session, actor=actor, case_id=case_id, on=HEARD_ON)}
    meeting_id = session.scalars(select(Meeting.id).where(Meeting.case_id == case_id)
                                 .order_by(Meeting.held_on.desc(), Meeting.id.desc())
                                 .limit(1)).one()
    for seed, (name, (present, items)) in enumerate(HOUSES.items()):
        houses = save_houses(
            session=session, actor=actor, meeting_id=meeting_id, child_id=children[name],
            tool=VoiceTool.THREE_HOUSES, expected_version=0,
            data=HousesInput(present, tuple(ItemInput(*item) for item in items)))
        add_drawing(session=session, actor=actor, houses_id=houses.id or 0,
                    expected_version=houses.version, content=_picture(seed, 3 + seed),
                    sharing=SHARE if name == "Jonas" else LATER)
    for name, (position, parts) in SAFETY_HOUSES.items():
        _safety_house(session, actor, case_id, children[name], position, parts)
    _story(session, actor, case_id)


def _safety_house(session: Session, actor: Actor, case_id: int, child_id: int, position: int,
                  parts: tuple[SafetyItem, ...]) -> None:
    choices = {c.id for c in get_safety_house(session=session, actor=actor, case_id=case_id,
                                              child_id=child_id).choices}
    first_names = {p.first_name: p.id for p in session.scalars(
        select(Person).where(Person.id.in_(choices)))}
    items = tuple(HouseItemInput(part, words, sharing, first_names[who] if who else None, done)
                  for part, words, sharing, who, done in parts)
    save_safety_house(session=session, actor=actor, case_id=case_id, child_id=child_id,
                      expected_version=0, data=SafetyHouseInput(items, position))


def _story(session: Session, actor: Actor, case_id: int) -> None:
    story = start_story(session=session, actor=actor, case_id=case_id)
    story = save_story(session=session, actor=actor, story_id=story.id,
                       expected_version=story.version, data=StoryInput(STORY_TITLE, tuple(
                           PartInput(kind, text, "", part.id)
                           for (kind, text, _), part in zip(STORY, story.parts, strict=True))))
    for seed, ((_, _, drawn), part) in enumerate(zip(STORY, story.parts, strict=True)):
        if drawn:
            story = set_picture(session=session, actor=actor, part_id=part.id,
                                expected_version=story.version, content=_picture(seed, 2 + seed))
    agree_story(session=session, actor=actor, story_id=story.id,
                expected_version=story.version, agreed_by="Elif en Karim", agreed_on=AGREED_ON)
