"""A first meeting played in Chromium, counting the counsellor's interactions per part.

Issue 13 measured a first meeting by hand: what costs time is not the page's speed but how
many things the counsellor must do. This script plays the parts that the meeting pages now
serve and counts, per part:

- a click (a button, a pill, a segment, a selectbox opened, an option chosen with the mouse);
- a field filled (text typed into a box; an option typed into a selectbox and taken);
- a key that submits (Enter or Ctrl+Enter that sends a form).

Moving the focus (Tab, or the focus staying in the box after a save) is not counted: it is
what a typist's hands do between fields. The parts:

- ``attendance``: starting the meeting with who is present (the mother, her partner, two
  children, the grandmother, the counsellor and the consultant);
- ``map_entry``: 20 map entries with the keyboard alone: the part is chosen once per run of
  entries of that part (the choice stays), each entry is typed and sent with Ctrl+Enter;
  a safety goal also picks its danger statement (typed into the selectbox);
- ``scaling_answer``: 7 answers about the whole situation, one from each person present:
  the next person is chosen by the page after each save; a score, the reason, save.

- ``genogram``: the whole genogram of a new family (its case made through the app first, not
  counted) typed into the family table with the keyboard: one click into the first cell,
  then each cell typed is a field filled (Tab, Enter and the arrow keys between cells move
  the focus), a sex typed into its list and taken is a field filled, and the save button
  a click. A relation is one line on the genogram: each parent-child link and each couple.
  The family (``FAMILY``): the mother, her partner, the father of her two older children,
  their baby, the grandmother and grandfather on the mother's side, the father's mother and
  the partner's parents: 11 people, 11 parent-child links and 4 couples, 15 relations. The
  couples all have children, so the table draws their line from the child's row; a sex is
  typed only for those who are nobody's parent. The stored genogram is then read back on
  the page ("Wie is wie"): every person once, every relation once.

- ``network_member``: on the genogram's family (in its own test, the case and genogram
  first, not counted), a network of five (``NETWORK``) on the network page: a role clicked
  when it changes (the role and "Wie" stay chosen after a save), a family member typed into
  "Wie" and taken, someone new typed there as a whole name, the child of a JIM or trusted
  person typed and taken, phone and promise filled, a JIM's date (its segments typed at
  once) and the parents' consent, the add button. Read back from "Wie doet wat": each
  member once, in the role and with the phone typed.

- ``plan_agreement``: on the demo case's draft plan (after the meeting, in the bench; opened
  from the case, not counted), four agreements (``AGREEMENTS``) in the add form, which is
  open on a draft: the kind clicked when it changes (it stays chosen after a save), the
  words typed, a danger statement and each helper typed into their lists and taken with
  Enter, who and when typed, Enter in "Wanneer" adds. Then the plan agreed (the switch,
  who agreed typed, "Markeer als afgesproken", "Ja, vastzetten" in the dialog) and the
  family plan downloaded, all counted into the part. Read back: each agreement once, under
  its kind, with its danger statement, helpers, who and when; the download is a PDF, the
  family plan of the agreed version with every agreement.

``make bench`` prints ``bench meeting_interactions_<part>: <n> interactions`` (per item,
one decimal; the totals and items follow as notes); tests/browser/test_meeting_interactions
asserts the targets. Run alone with ``python -m bench.meeting_interactions``.
"""

from __future__ import annotations

import re
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from playwright.sync_api import Locator, Page, expect, sync_playwright
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from sofs_core.codes import EntryCategory
from storage.db import make_engine, migrate

C = EntryCategory

# The targets, per item of each part (map entries: with the keyboard alone).
TARGETS = {"map_entry": 3.0, "scaling_answer": 3.0, "genogram": 40.0, "network_member": 6.0,
           "plan_agreement": 8.0}
PRESENT_FAMILY = ("Elif Yılmaz", "Karim El Amrani", "Zeynep Kowalska", "Emre Kowalski",
                  "Ayşe Yılmaz")
PRESENT_PROFESSIONALS = ("Sofie Van den Broeck",)  # the counsellor herself is chosen already
MAP = (
    (C.HARM, "Op 12 augustus had Emre een blauwe plek op zijn arm na een ruzie thuis."),
    (C.HARM, "Zeynep bleef in september twee dagen thuis om voor Yasmina te zorgen."),
    (C.DANGER_STATEMENT, "Lotte is bezorgd dat de kinderen opnieuw gekwetst worden als er "
                         "thuis geduwd en gegooid wordt."),
    (C.DANGER_STATEMENT, "De school is bezorgd dat Zeynep achterop raakt als ze thuisblijft."),
    (C.COMPLICATING_FACTOR, "Karim werkt 's nachts."),
    (C.COMPLICATING_FACTOR, "De brieven van de jeugdrechtbank zijn moeilijk te lezen."),
    (C.COMPLICATING_FACTOR, "Het appartement is klein."),
    (C.STRENGTH, "Elif brengt Yasmina elke dag naar de crèche."),
    (C.STRENGTH, "Oma Ayşe woont om de hoek."),
    (C.STRENGTH, "Emre voetbalt elke zaterdag."),
    (C.STRENGTH, "Tante Małgorzata helpt met de brieven."),
    (C.EXISTING_SAFETY, "Na de ruzie belde Elif zelf oma."),
    (C.EXISTING_SAFETY, "De kinderen logeerden een week bij oma."),
    (C.EXISTING_SAFETY, "De buurvrouw belt oma als ze geroep hoort."),
    (C.SAFETY_GOAL, "Elif en Karim lossen ruzies op zonder duwen of gooien."),
    (C.SAFETY_GOAL, "Zeynep en Emre zijn elke schooldag op school, ook als Yasmina ziek is."),
    (C.NEXT_STEP, "Netwerkbijeenkomst plannen met oma."),
    (C.NEXT_STEP, "Veiligheidsobject kiezen met Zeynep."),
    (C.NEXT_STEP, "De school vraagt elke vrijdag naar de aanwezigheden."),
    (C.NEXT_STEP, "Woord en beeld voorbereiden."),
)
SEGMENT = {
    C.HARM: "Schade", C.DANGER_STATEMENT: "Zorgverklaringen",
    C.COMPLICATING_FACTOR: "Complicerende factoren", C.STRENGTH: "Bestaande krachten",
    C.EXISTING_SAFETY: "Bestaande veiligheid", C.SAFETY_GOAL: "Veiligheidsdoelen",
    C.NEXT_STEP: "Volgende stappen",
}
# The genogram's family: name, sex typed (only for who is nobody's parent), birth, mother,
# father. Mother and father are typed by first name, as a counsellor would.
FAMILY = (
    ("Ayşe Yılmaz", "", "1958", "", ""),
    ("Mehmet Yılmaz", "", "1954", "", ""),
    ("Elif Yılmaz", "", "1986", "Ayşe", "Mehmet"),
    ("Tomasz Kowalski", "", "1983", "Halina", ""),
    ("Halina Kowalska", "", "1957", "", ""),
    ("Fatima El Amrani", "", "1963", "", ""),
    ("Youssef El Amrani", "", "1960", "", ""),
    ("Karim El Amrani", "", "1984", "Fatima", "Youssef"),
    ("Zeynep Kowalska", "v", "2011", "Elif", "Tomasz"),
    ("Emre Kowalski", "man", "2014", "Elif", "Tomasz"),
    ("Yasmina El Amrani", "v", "2024", "Elif", "Karim"),
)
SEX_SHOWN = {"": None, "v": "vrouwelijk", "man": "mannelijk"}
SCALING = ((6, "Er is al weken geen ruzie met duwen."), (5, "We praten er meer over."),
           (4, "Thuis is het rustiger."), (5, "Ik voel me beter."), (6, "Ik zie dat ze "
           "het proberen."), (4, "De afspraken moeten nog getest worden."),
           (3, "Het netwerk is nog niet gestart."))


@dataclass
class Interactions:
    """Counted interactions and items (entries, answers) per part."""

    counts: dict[str, int] = field(default_factory=dict)
    items: dict[str, int] = field(default_factory=dict)

    def per_item(self, part: str) -> float:
        return self.counts.get(part, 0) / max(self.items.get(part, 0), 1)


class Player:
    """Plays the counsellor in a page, counting what she does under the current part."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.tally = Interactions()
        self._part = ""

    @contextmanager
    def part(self, name: str, items: int) -> Iterator[None]:
        self._part = name
        self.tally.counts.setdefault(name, 0)
        self.tally.items[name] = self.tally.items.get(name, 0) + items
        try:
            yield
        finally:
            self._part = ""

    def _count(self, n: int = 1) -> None:
        if self._part:
            self.tally.counts[self._part] += n

    def click(self, target: Locator) -> None:
        target.click()
        self._count()

    def type_text(self, text: str) -> None:
        """Type into the box that has the focus (one field filled)."""
        self.page.keyboard.type(text)
        self._count()

    def fill(self, box: Locator, text: str) -> None:
        box.fill(text)
        self._count()

    def submit_key(self, key: str = "Control+Enter") -> None:
        self.page.keyboard.press(key)
        self._count()

    def choose(self, combobox: Locator, option: str) -> None:
        """With the mouse: open the list, click the option (two clicks)."""
        self._open(combobox)
        listbox = self.page.get_by_role("listbox")
        listbox.get_by_role("option", name=option, exact=True).click()
        self._count()
        expect(self.page.get_by_role("listbox")).to_have_count(0)

    def _open(self, combobox: Locator) -> None:
        """One click opens the list. (A click may only focus the box while the page
        settles: then the arrow key opens it, as in tests/browser/ui.open_listbox.)"""
        listbox = self.page.get_by_role("listbox")
        combobox.click()
        self._count()
        try:
            listbox.wait_for(state="visible", timeout=2_000)
        except PlaywrightTimeoutError:
            combobox.press("ArrowDown")
            expect(listbox).to_be_visible()

    def choose_many(self, combobox: Locator, options: tuple[str, ...]) -> None:
        """A multiselect with the mouse: open the list, click an option; open it again
        whenever it closed (each opening is a click). An option below the part of a long
        list that is drawn is typed to find it (a field filled)."""
        listbox = self.page.get_by_role("listbox")
        for option in options:
            if not listbox.is_visible():
                self._open(combobox)
            choice = listbox.get_by_role("option", name=option, exact=True)
            try:
                choice.wait_for(timeout=1_000)
            except PlaywrightTimeoutError:  # a long list shows its first options only
                self.page.keyboard.type(option)
                self._count()
            choice.click()
            self._count()
        if listbox.is_visible():
            self.page.keyboard.press("Escape")  # not counted: the next click closes it too
        expect(self.page.get_by_role("listbox")).to_have_count(0)

    def choose_typed(self, combobox: Locator, text: str) -> None:
        """With the keyboard: the focus moves in, the start of the option is typed and taken
        with Enter (one field filled)."""
        combobox.focus()
        self.page.keyboard.type(text)
        expect(self.page.get_by_role("listbox")).to_be_visible()
        self.page.keyboard.press("Enter")
        expect(self.page.get_by_role("listbox")).to_have_count(0)
        self._count()

    def add_typed(self, combobox: Locator, text: str) -> None:
        """A multiselect with the keyboard: the focus moves in, words of the option are
        typed and taken with Enter (one field filled); its list, which stays open for more,
        is closed as the typist moves on (not counted)."""
        combobox.focus()
        self.page.keyboard.type(text)
        listbox = self.page.get_by_role("listbox")
        expect(listbox.get_by_role("option").first).to_contain_text(text)
        self.page.keyboard.press("Enter")
        self._count()
        expect(listbox.get_by_role("option", name=re.compile(re.escape(text)))
               ).to_have_count(0)  # taken: no longer offered
        self.page.keyboard.press("Escape")
        expect(listbox).to_have_count(0)

    def press_segment(self, group: Locator, option: str) -> None:
        """With the keyboard: the focus moves to the segment, Enter chooses it."""
        segment = group.get_by_role("radio", name=option, exact=True)
        segment.focus()
        self.page.keyboard.press("Enter")
        expect(segment).to_have_attribute("aria-checked", "true")
        self._count()


def _main(page: Page) -> Locator:
    return page.locator('[data-testid="stMain"]')


def _idle(page: Page) -> None:
    page.locator('[data-testid="stApp"][data-test-script-state="notRunning"]').wait_for(
        state="attached")


def start_meeting(player: Player) -> None:
    """From the meetings page: who is present, then start (the map page opens)."""
    main = _main(player.page)
    with player.part("attendance", 1):
        player.choose_many(main.get_by_role("combobox", name="Aanwezige gezinsleden",
                                            exact=True), PRESENT_FAMILY)
        player.choose_many(main.get_by_role("combobox", name="Aanwezige professionals",
                                            exact=True), PRESENT_PROFESSIONALS)
        player.click(main.get_by_role("button", name="Bijeenkomst starten", exact=True))
    expect(main.get_by_role("heading", name="Toevoegen aan de kaart", exact=True)
           ).to_be_visible()
    _idle(player.page)


def fill_map(player: Player) -> None:
    """20 entries with the keyboard alone; each is on the map exactly once afterwards."""
    page, main = player.page, _main(player.page)
    group = main.get_by_role("radiogroup", name="Waar hoort het bij?", exact=True)
    current: EntryCategory | None = C.HARM  # the part chosen when the page opens
    items = main.locator("xpath=.//div[@data-testid='stHtml']"
                         "[not(ancestor::*[@data-testid='stExpander'])]//li")
    with player.part("map_entry", len(MAP)):
        for category, text in MAP:
            box = main.get_by_role("textbox", name="Tekst *", exact=True)
            if category is not current:
                # The text box stays the same box: typing goes on at once, no waiting.
                player.press_segment(group, SEGMENT[category])
                current = category
                box.focus()  # Shift+Tab back into the text box: not counted
            elif not box.evaluate("box => box === document.activeElement"):
                box.focus()
            player.type_text(text)
            if category is C.SAFETY_GOAL:
                danger = main.get_by_role("combobox", name="Zorgverklaring *", exact=True)
                # Typed words of the statement added above, not its number: other entries
                # on the case (the demo's, another test's) shift the numbers.
                player.choose_typed(danger, "kinderen opnieuw gekwetst" if "ruzie" in text
                                    else "Zeynep achterop")
                box.focus()
            player.submit_key()
            # She sees it on the map before choosing another part. (Streamlit folds a rerun
            # asked for while another waits into one: the part's click would carry the
            # emptied form and the entry not sent yet would be lost; see test_typing_race.)
            expect(items.get_by_text(text, exact=True)).to_have_count(1)
            expect(main.locator('[data-testid="stAlertContentError"]')).to_have_count(0)
    _idle(page)
    for _, text in MAP:  # the entry's own words, exactly: the demo's map holds similar ones
        expect(items.get_by_text(text, exact=True)).to_have_count(1)


def answer_scaling(player: Player) -> None:
    """Seven answers about the whole situation, each from the next person present."""
    page, main = player.page, _main(player.page)
    main.get_by_role("link", name="Schaalvragen", exact=True).click()
    expect(main.get_by_role("heading", name="Een antwoord noteren", exact=True)).to_be_visible()
    _idle(page)
    with player.part("scaling_answer", len(SCALING)):
        for score, reason in SCALING:
            pills = main.get_by_role("radiogroup", name="Score *", exact=True)
            player.click(pills.get_by_role("radio", name=str(score), exact=True))
            player.fill(main.get_by_role("textbox", name="Waarom dit cijfer en niet lager? "
                                         "(in hun woorden)", exact=True), reason)
            player.click(main.get_by_role("button", name="Antwoord opslaan", exact=True))
            # Saved: the answer is in this meeting's table (the "saved" message lasts one
            # run only, and a busy machine may draw another before it is looked for).
            expect(main.locator("table").first.get_by_text(reason, exact=True)
                   ).to_have_count(1)
            _idle(page)
    table = main.locator("table").first
    for _, reason in SCALING:
        expect(table.get_by_text(reason, exact=True)).to_have_count(1)


def play_first_meeting(page: Page) -> Interactions:
    """On the demo case's meetings page, logged in as the counsellor: play the meeting."""
    player = Player(page)
    start_meeting(player)
    fill_map(player)
    answer_scaling(player)
    return player.tally


def _full_name(first: str) -> str:
    return next(row[0] for row in FAMILY if row[0].split()[0] == first)


def expected_genogram() -> tuple[set[tuple[str, str]], set[frozenset[str]]]:
    """The family's parent-child links (parent, child) and couples (the child's parents)."""
    parents = {(_full_name(p), child) for child, _, _, *of in FAMILY for p in of if p}
    couples = {frozenset((_full_name(m), _full_name(f))) for _, _, _, m, f in FAMILY
               if m and f}
    return parents, couples


def new_case(page: Page, family_name: str) -> None:
    """Make a case for a new family through the app (not counted); its overview opens."""
    from tests.browser.ui import choose, nav, show

    main = _main(page)
    nav(page, "Nieuw dossier")
    main.get_by_role("textbox", name="Naam van het gezin *", exact=True).fill(family_name)
    choose(page, "Hulpvorm *", "Contextbegeleiding 'Signs of Safety'")
    main.get_by_role("radiogroup", name="Aanmelder *").get_by_text("OCJ", exact=True).click()
    main.get_by_role("button", name="Opslaan", exact=True).click()
    show(page, family_name)


def _between_cells(page: Page, key: str) -> None:
    """A key that moves on (not counted), at a typist's pace: the grid closes the editor
    of the cell just typed a moment after the key."""
    page.keyboard.press(key)
    page.wait_for_timeout(150)


def enter_genogram(player: Player, family_name: str) -> None:
    """On the new family's genogram page: the whole family in the table, saved once."""
    page, main = player.page, _main(player.page)
    main.get_by_role("button", name="Genogram", exact=True).click()
    expect(main.get_by_role("heading", name=f"Genogram van {family_name}", exact=True)
           ).to_be_visible()
    _idle(page)
    grid = main.locator('[data-testid="stDataFrame"]').first
    canvas = grid.locator("canvas").first
    expect(canvas).to_be_visible()
    box = canvas.bounding_box()
    assert box is not None
    with player.part("genogram", 1):
        # The first blank row's name cell (the grid is drawn: its cells have no elements).
        page.mouse.click(box["x"] + 150, box["y"] + 52)
        player._count()
        for number, (name, sex, birth, mother, father) in enumerate(FAMILY):
            if number:  # down a row (Enter did), to the first column, then to the name
                # A row's cells reach the server as they are typed; the next row waits for
                # its rerun (not counted), or a rerun that lands mid-word under a loaded
                # machine takes the grid's editor, and what was typed in it, away.
                _idle(page)
                _between_cells(page, "Home")
                _between_cells(page, "ArrowRight")
            cells = (name, sex, birth, mother, father)
            last = max(i for i, value in enumerate(cells) if value)
            for column, value in enumerate(cells[:last + 1]):
                if value:
                    page.keyboard.type(value, delay=50)
                    player._count()
                    if column == 1:  # the sex's list, filtered by what was typed
                        expect(page.get_by_role("option").first).to_be_visible()
                _between_cells(page, "Tab" if column < last else "Enter")
        player.click(main.get_by_role("button", name="Tabel opslaan", exact=True))
        expect(main.get_by_text("De tabel is opgeslagen.", exact=True)).to_be_visible()
    _idle(page)
    check_genogram(page)


def check_genogram(page: Page) -> None:
    """Read the stored genogram back from the page's text list: each person exactly once
    with the sex and year typed, each parent-child link and each couple exactly once."""
    main = _main(page)
    heading = main.get_by_role("heading", name="Wie is wie", exact=True)
    expect(heading).to_be_visible()
    items = [text.strip() for text in heading.locator("xpath=following-sibling::ul[1]/li")
             .all_inner_texts()]
    people = {row[0]: row for row in FAMILY}
    by_person: dict[str, str] = {}
    for item in items:
        name, _, rest = item.partition(": ")
        assert name not in by_person, f"{name} is on the genogram twice"
        by_person[name] = rest
    assert set(by_person) == set(people), sorted(set(by_person) ^ set(people))
    parents: list[tuple[str, str]] = []
    couples: list[frozenset[str]] = []
    for name, rest in by_person.items():
        _, sex, birth, _, _ = people[name]
        assert f"° {birth}" in rest, (name, rest)
        shown = SEX_SHOWN[sex] or ("vrouwelijk" if any(r[3] == name.split()[0] for r in FAMILY)
                                   else "mannelijk")
        assert rest.startswith(shown), (name, rest)
        for part in rest.rstrip(".").split("; "):
            if part.startswith("ouder van "):
                parents += [(name, child) for child in part.removeprefix("ouder van ")
                            .split(", ")]
            elif part.startswith("partner van "):
                couples += [frozenset((name, other.rsplit(" (", 1)[0])) for other in
                            part.removeprefix("partner van ").split(", ")]
    want_parents, want_couples = expected_genogram()
    assert sorted(parents) == sorted(want_parents), "a parent-child line is missing or twice"
    # Each couple is said of both partners.
    assert sorted(couples, key=sorted) == sorted([c for c in want_couples for _ in c],
                                                 key=sorted), "a couple missing or twice"
    assert len(want_parents) + len(want_couples) == 15


def play_genogram(page: Page, player: Player | None = None) -> Interactions:
    """Logged in as the counsellor: a new family's case, then its genogram in the table."""
    player = player or Player(page)
    family_name = f"Gezin Kowalski-El Amrani {uuid.uuid4().hex[:6]}"
    new_case(page, family_name)
    enter_genogram(player, family_name)
    return player.tally


@dataclass(frozen=True)
class Member:
    """A network member as the counsellor enters them: ``family`` is picked from the family
    (by the start of the name), else a new outside person: the name typed in "Wie"."""

    role: str  # the role's words on the page
    name: str
    family: bool
    phone: str
    commitment: str
    for_name: str = ""  # the young person of a JIM, the child of a trusted person
    chosen_on: str = ""  # a JIM's: the day the young person chose them


ROLE_SHOWN = {"voorzitter van het netwerk": "voorzitter", "JIM (Jouw Ingebrachte Mentor)":
              "JIM", "vertrouwenspersoon": "vertrouwenspersoon",
              "houdt een oogje in het zeil": "houdt een oogje in het zeil"}
NETWORK = (
    Member("voorzitter van het netwerk", "Ayşe Yılmaz", True, "0470 11 22 33",
           "Roept het netwerk elke maand samen en belt de consulent."),
    Member("JIM (Jouw Ingebrachte Mentor)", "Małgorzata Nowak", False, "0486 44 55 66",
           "Spreekt elke week af met Zeynep.", for_name="Zeynep Kowalska",
           chosen_on="01/09/2025"),
    Member("vertrouwenspersoon", "Halina Kowalska", True, "0472 77 88 99",
           "Emre mag haar altijd bellen.", for_name="Emre Kowalski"),
    Member("houdt een oogje in het zeil", "Sara Wouters", False, "0495 12 34 56",
           "Belt oma als ze geroep hoort."),
    Member("houdt een oogje in het zeil", "Dirk Janssens", False, "0478 65 43 21",
           "Let op Emre bij de voetbal op zaterdag."),
)


def enter_network(player: Player) -> None:
    """From the family's genogram page: five people in the network, one of them a JIM;
    each stored once, read back from the page's list ("Wie doet wat")."""
    page, main = player.page, _main(player.page)
    main.get_by_role("button", name="Netwerk", exact=True).click()
    role = main.get_by_role("radiogroup", name="Rol", exact=True)
    expect(role).to_be_visible()
    _idle(page)
    current_role = "voorzitter van het netwerk"  # chosen when the page opens
    current_who = ""
    with player.part("network_member", len(NETWORK)):
        for member in NETWORK:
            if member.role != current_role:
                player.click(role.get_by_text(member.role, exact=True))
                current_role = member.role
                _idle(page)
            who = main.get_by_role("combobox", name="Wie", exact=True)
            if not member.family:  # someone new: the whole name typed into "Wie", Enter
                who.focus()
                player.type_text(member.name)
                page.keyboard.press("Enter")
                expect(who).to_have_value(member.name)
                _idle(page)
            elif member.name != current_who:  # the choice stays from one to the next
                player.choose_typed(who, member.name.split()[0])
                current_who = member.name
                _idle(page)
            if member.for_name:
                young = main.get_by_role("combobox", name=re.compile(r"^(JIM|Vertrouwens"
                                                                     r"persoon) van welk"))
                if young.input_value() != member.for_name:  # the only one: chosen already
                    player.choose_typed(young, member.for_name.split()[0])
            player.fill(main.get_by_role("textbox", name="Telefoon", exact=True), member.phone)
            player.fill(main.get_by_role("textbox", name="Wat belooft deze persoon te doen?",
                                         exact=True), member.commitment)
            if member.chosen_on:
                # A date field's day, month and year segments, typed at once: one field.
                main.get_by_label("Gekozen door de jongere op", exact=True).locator(
                    '[role="spinbutton"]').first.click()
                player.type_text(member.chosen_on.replace("/", ""))
                page.keyboard.press("Tab")
                player.click(main.get_by_text("De ouders gaan akkoord", exact=True))
            player.click(main.get_by_role("button", name="Toevoegen aan het netwerk",
                                          exact=True))
            expect(main.get_by_text("Toegevoegd aan het netwerk.", exact=True)).to_be_visible()
            _idle(page)
    check_network(page)


def check_network(page: Page) -> None:
    """Each member exactly once in the page's list, in the role and with the phone typed."""
    heading = _main(page).get_by_role("heading", name="Wie doet wat", exact=True)
    expect(heading).to_be_visible()
    items = [text.strip() for text in heading.locator("xpath=following-sibling::ul[1]/li")
             .all_inner_texts()]
    for member in NETWORK:
        # The list may name family members by their first name alone.
        name = next((n for n in (member.name, member.name.split()[0])
                     if any(item.startswith(f"{n}: ") for item in items)), member.name)
        lines = [item for item in items if item.startswith(f"{name}: ")]
        assert len(lines) == 1, (member.name, items)
        shown = ROLE_SHOWN[member.role]
        if member.for_name:
            shown += f" van {member.for_name}"
        assert lines[0].startswith(f"{name}: {shown};"), lines[0]
        assert f"telefoon {member.phone}" in lines[0], lines[0]
    assert len(items) == len(NETWORK), items


def play_network(page: Page, player: Player | None = None) -> Interactions:
    """Logged in as the counsellor: a new family (case and genogram, not counted here),
    then its network of five on the network page."""
    player = player or Player(page)
    family_name = f"Gezin Kowalski-El Amrani {uuid.uuid4().hex[:6]}"
    new_case(page, family_name)
    enter_genogram(Player(page), family_name)
    enter_network(player)
    return player.tally


@dataclass(frozen=True)
class Agreement:
    """An agreement as the counsellor adds it: the danger statement by words typed into its
    list (words of one statement only: the demo's, which the meeting's map holds too; Enter
    on words of two would take both), the helpers by their first name, typed and taken."""

    kind: str  # the kind's words on the page
    what: str
    danger: str
    helpers: tuple[str, ...]
    who: str
    when: str


KIND_HEADING = {"Meteen": "Afspraken die meteen gelden",
                "Op langere termijn": "Afspraken voor de langere termijn"}
AGREEMENTS = (
    Agreement("Meteen", "Als de stemmen luider worden, zegt Elif of Karim 'pauze' en maakt "
              "Karim een wandeling.", "Emre en Zeynep opnieuw", ("Ayşe",), "Karim en Elif",
              "Telkens als het oploopt"),
    Agreement("Meteen", "Zeynep en Emre gaan naar oma Ayşe als er thuis geroepen wordt.",
              "Emre en Zeynep opnieuw", ("Ayşe",), "Zeynep en Emre", "Dag en nacht"),
    Agreement("Op langere termijn", "Oma Ayşe past op Yasmina als die ziek is, zodat Zeynep "
              "naar school kan.", "achterop raken", ("Ayşe",), "Oma Ayşe", "Elke schooldag"),
    Agreement("Op langere termijn", "Het netwerk komt elke maand samen bij oma Ayşe en "
              "bekijkt het plan.", "Emre en Zeynep opnieuw", ("Ayşe", "Małgorzata"), "Oma Ayşe",
              "De eerste zondag van de maand"),
)
AGREED_BY = "Elif en Karim"


def open_plan(page: Page) -> None:
    """From anywhere in the app, the demo case's safety plan (not counted)."""
    from tests.browser.ui import DEMO_FAMILY, nav, open_demo_case, show

    nav(page, "Dossiers")
    open_demo_case(page)
    _main(page).get_by_role("button", name="Veiligheidsplan", exact=True).click()
    show(page, f"Veiligheidsplan van {DEMO_FAMILY}")
    _idle(page)


def enter_plan(player: Player, pdf: Path) -> None:
    """On the demo case's draft plan: four agreements added with the keyboard (the kind
    clicked when it changes), the plan agreed (with its dialog) and the family plan printed,
    all counted; each agreement read back once, under its kind, and the download read as
    the family plan of the agreed version (saved to ``pdf``)."""
    page, main = player.page, _main(player.page)
    kinds = main.get_by_role("radiogroup", name="Wanneer gaat de afspraak in?", exact=True)
    with player.part("plan_agreement", len(AGREEMENTS)):
        expect(kinds).to_be_visible()  # the add panel is open on a draft
        _idle(page)
        current = "Meteen"  # chosen when the page opens
        for agreement in AGREEMENTS:
            if agreement.kind != current:
                player.click(kinds.get_by_text(agreement.kind, exact=True))
                current = agreement.kind
                _idle(page)
            what = main.get_by_role("textbox", name="Wat gebeurt er *", exact=True)
            what.focus()  # the typist's hands: back to the first box (not counted)
            player.type_text(agreement.what)
            player.add_typed(main.get_by_role("combobox", name="Zorgverklaringen",
                                              exact=True), agreement.danger)
            for helper in agreement.helpers:
                player.add_typed(main.get_by_role("combobox", name="Wie helpt mee",
                                                  exact=True), helper)
            main.get_by_role("textbox", name="Wie doet het", exact=True).focus()
            player.type_text(agreement.who)
            main.get_by_role("textbox", name="Wanneer", exact=True).focus()
            player.type_text(agreement.when)
            player.submit_key("Enter")  # Enter in a one-line field adds the agreement
            expect(main.get_by_role("heading", name=_rule_heading(agreement))).to_have_count(1)
            expect(main.locator('[data-testid="stAlertContentError"]')).to_have_count(0)
            _idle(page)
        check_plan(page)
        player.click(main.get_by_text("Afgesproken met het gezin", exact=True))  # a switch
        player.fill(main.get_by_role("textbox", name="Afgesproken door *", exact=True),
                    AGREED_BY)
        player.click(main.get_by_role("button", name="Markeer als afgesproken", exact=True))
        player.click(page.get_by_role("dialog").get_by_role("button", name="Ja, vastzetten",
                                                              exact=True))
        expect(main.get_by_text("Het plan is afgesproken. Deze versie ligt nu vast.",
                                exact=True)).to_be_visible()
        _idle(page)
        with page.expect_download() as download_info:
            player.click(main.get_by_role("button", name="Gezinsplan (PDF)", exact=True))
        download = download_info.value
    assert re.fullmatch(r"veiligheidsplan-v\d+\.pdf", download.suggested_filename), \
        download.suggested_filename
    download.save_as(pdf)
    check_family_plan(pdf)


def _rule_heading(agreement: Agreement) -> re.Pattern[str]:
    return re.compile(rf"^\d+\. {re.escape(agreement.what)}$")


def check_plan(page: Page) -> None:
    """Each agreement exactly once, under its kind, with its danger statement, helpers, who
    and when."""
    main = _main(page)
    for agreement in AGREEMENTS:
        heading = main.get_by_role("heading", name=_rule_heading(agreement))
        expect(heading).to_have_count(1)
        kind = heading.locator("xpath=preceding::h2[1]").inner_text().strip()
        assert kind == KIND_HEADING[agreement.kind], (agreement.what, kind)
        card = " ".join(heading.locator("xpath=..").inner_text().split())
        for label, value in (("Wie doet het", agreement.who), ("Wanneer", agreement.when)):
            assert f"{label} {value}" in card, (label, card)
        helpers = card.partition("Wie helpt mee ")[2].partition(" Zorgverklaringen")[0]
        assert sorted(name.split()[0] for name in helpers.split(", ")) == sorted(
            agreement.helpers), card
        danger = card.partition("Zorgverklaringen ")[2]
        assert agreement.danger in danger and ";" not in danger, card


def check_family_plan(pdf: Path) -> None:
    """The download is a PDF: the family plan of the agreed version, with every agreement."""
    from tests.printing.pdf import pdf_text

    assert pdf.read_bytes().startswith(b"%PDF-"), "not a PDF"
    text = " ".join(pdf_text(pdf).split())
    assert "Ons veiligheidsplan" in text, text[:200]
    assert f"spraken we dit plan af: {AGREED_BY}." in text, text[:400]
    assert "Dit is een ontwerp" not in text  # the agreed version, not the draft
    for agreement in AGREEMENTS:
        assert agreement.what in text, agreement.what


def play_plan(page: Page, pdf: Path, player: Player | None = None) -> Interactions:
    """Logged in as the counsellor: the demo case's draft plan, four agreements, agreed and
    printed (the download saved to ``pdf``)."""
    player = player or Player(page)
    open_plan(page)
    enter_plan(player, pdf)
    return player.tally


def report_lines(tally: Interactions) -> list[str]:
    lines = []
    for part in ("attendance", "map_entry", "scaling_answer", "genogram", "network_member",
                 "plan_agreement"):
        lines.append(f"bench meeting_interactions_{part}: {tally.per_item(part):.1f} "
                     "interactions")
    for part, count in tally.counts.items():
        target = TARGETS.get(part)
        verdict = (f", target <= {target:g}: "
                   f"{'ok' if tally.per_item(part) <= target else 'MISSED'}"
                   if target is not None else "")
        lines.append(f"  ({part}: {count} interactions for {tally.items[part]}{verdict})")
    return lines


def measure() -> Interactions:
    """Serve the demo app, log in and play the meeting in Debian's Chromium."""
    # The browser tests' own server and helpers: the same app as `make run` serves.
    from tests.browser.conftest import serve_demo
    from tests.browser.ui import CHROMIUM, CHROMIUM_ARGS, UI_TIMEOUT_MS, open_meetings

    with tempfile.TemporaryDirectory(prefix="sofs-bench-meeting-") as tmp:
        template = Path(tmp) / "template.sqlite3"
        engine = make_engine(f"sqlite:///{template}")
        migrate(engine)
        engine.dispose()
        with serve_demo(Path(tmp), template) as server, sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM),
                                                 args=CHROMIUM_ARGS)
            try:
                page = browser.new_page(viewport={"width": 1366, "height": 900},
                                        locale="nl-BE")
                page.set_default_timeout(UI_TIMEOUT_MS)
                page.goto(server.base_url)
                _idle(page)
                open_meetings(page)
                tally = play_first_meeting(page)
                player = Player(page)
                player.tally = tally
                play_plan(page, Path(tmp) / "plan.pdf", player)  # the same family's plan
                play_genogram(page, player)
                enter_network(player)  # the genogram's family
                return player.tally
            finally:
                browser.close()


def report() -> None:
    for line in report_lines(measure()):
        print(line, flush=True)


if __name__ == "__main__":
    report()
