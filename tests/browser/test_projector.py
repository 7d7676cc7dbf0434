"""The meeting view on a 1024 x 768 projector: the three columns side by side, a map of 25
entries in at most two screens, paged with the keyboard, and no word broken over two lines.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from itertools import pairwise
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import select

from auth.service import active_actor
from mapping.map import EntryInput, add_entry, get_map
from mapping.meetings import open_meeting
from sofs_core.codes import EntryCategory, MeetingKind
from storage.db import make_engine, session_factory, transaction
from storage.models import Case, User
from tests.browser.conftest import serve_demo
from tests.browser.ui import (
    UI_TIMEOUT_MS,
    main_area,
    open_latest_map,
    open_meetings,
    wait_idle,
)

pytestmark = pytest.mark.browser

C = EntryCategory
PROJECTOR = {"width": 1024, "height": 768}
MAP_ENTRIES = 25
# What a first meeting adds to the demo's map, in the family's and the counsellor's words
# (long Flemish words on purpose: they must stay whole).
MORE = (
    (C.HARM, "Zeynep vertelde dat ze in september twee keer niet naar school ging omdat "
             "ze thuis moest blijven."),
    (C.COMPLICATING_FACTOR, "De jeugdrechtbankbrieven komen altijd op vrijdag aan."),
    (C.COMPLICATING_FACTOR, "Karim heeft wisselende nachtdiensten."),
    (C.STRENGTH, "Emre speelt elke zaterdag voetbal en de trainer kent het gezin."),
    (C.STRENGTH, "Elif vraagt zelf hulp wanneer het haar te veel wordt."),
    (C.EXISTING_SAFETY, "Grootmoeder Ayşe haalt Yasmina op dinsdag en donderdag van de "
                        "kinderopvang."),
    (C.NEXT_STEP, "Oma en tante Małgorzata uitnodigen voor de volgende bijeenkomst."),
    (C.NEXT_STEP, "Een veiligheidsobject kiezen met Zeynep."),
    (C.NEXT_STEP, "De school vragen om elke vrijdag de aanwezigheden te sturen."),
    (C.NEXT_STEP, "Afspraak met de huisarts over Karims slaapproblemen."),
    (C.NEXT_STEP, "Woord-en-beeldverhaal voorbereiden met Elif en Karim."),
    (C.STRENGTH, "Tante Małgorzata spreekt Pools en Nederlands met de kinderen."),
    (C.COMPLICATING_FACTOR, "Het appartement is klein: er is geen plek om je even terug "
                            "te trekken."),
    (C.EXISTING_SAFETY, "De buurvrouw belde in oktober oma toen ze geroep hoorde."),
    (C.NEXT_STEP, "Vertrouwenspersoon van Emre zoeken."),
    (C.STRENGTH, "Jonas voelt zich welkom in het pleeggezin."),
    (C.HARM, "Yasmina was drie keer getuige van geroep en gooien met spullen."),
    (C.NEXT_STEP, "Kinderbegeleiding voor Zeynep en Emre navragen."),
)


def _column_entries(view) -> int:  # type: ignore[no-untyped-def]
    return sum(len(view.of(c)) for c in C if c is not C.BOTTOM_LINE)


@pytest.fixture(scope="module")
def projector_server(browser_requirements: None, sqlite_template: Path,
                     tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The demo with a fourth meeting whose map holds exactly 25 entries."""
    with serve_demo(tmp_path_factory.mktemp("projector"), sqlite_template) as server:
        factory = session_factory(make_engine(server.database_url))
        with transaction(factory) as s:
            user_id = s.scalar(select(User.id).where(User.username == "begeleider"))
            actor = active_actor(session=s, user_id=int(user_id or 0))
            assert actor is not None
            case_id = int(s.scalar(select(Case.id)) or 0)
            meeting = open_meeting(session=s, actor=actor, case_id=case_id,
                                   kind=MeetingKind.FOLLOW_UP, held_on=date(2026, 11, 17))
            more = iter(MORE)
            while _column_entries(get_map(session=s, actor=actor, meeting_id=meeting)) \
                    < MAP_ENTRIES:
                category, text = next(more)
                add_entry(session=s, actor=actor, meeting_id=meeting,
                          data=EntryInput(category, text))
        yield server.base_url


@pytest.fixture
def projector(browser: Browser, projector_server: str) -> Iterator[Page]:
    context = browser.new_context(viewport=PROJECTOR, locale="nl-BE",
                                  timezone_id="Europe/Brussels")
    context.set_default_timeout(UI_TIMEOUT_MS)
    page = context.new_page()
    page.goto(projector_server)
    wait_idle(page)
    page.get_by_role("heading", level=1).first.wait_for()
    wait_idle(page)
    yield page
    context.close()


def _open_meeting_view(page: Page) -> None:
    open_meetings(page)
    open_latest_map(page)
    main_area(page).get_by_role("link", name="Toon aan het gezin", exact=True).click()
    expect(main_area(page).get_by_role("heading", name="Wat gaat er goed?", exact=True)
           ).to_be_visible()
    wait_idle(page)
    # No sidebar on this page: wait until it has slid out of the way.
    page.wait_for_function("""() => {
      const bar = document.querySelector('[data-testid="stSidebar"]');
      const map = document.querySelector('.sofs-columns');
      return (!bar || bar.getBoundingClientRect().right <= 1)
        && map && map.getBoundingClientRect().left < 40;
    }""")


# Every word of the map as a range: a word that wraps onto the next line has two boxes.
BROKEN_WORDS = """() => {
  const broken = [];
  for (const root of document.querySelectorAll('.sofs-projector')) {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const match of node.textContent.matchAll(/\\S+/g)) {
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const lines = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
        if (lines.size > 1) broken.push(match[0]);
      }
    }
  }
  return broken;
}"""

SCROLLER = """() => {
  const main = document.querySelector('[data-testid="stMain"]');
  const candidates = [document.scrollingElement, main,
                      document.querySelector('[data-testid="stAppViewContainer"]')];
  const s = candidates.find(e => e && e.scrollHeight > e.clientHeight + 1);
  return s ? {top: s.scrollTop, height: s.scrollHeight, view: s.clientHeight} : null;
}"""


def test_the_meeting_view_fits_a_projector(projector: Page) -> None:
    page = projector
    _open_meeting_view(page)
    items = page.locator(".sofs-columns li")
    expect(items).to_have_count(MAP_ENTRIES)

    # The three columns side by side: one row, left to right, none overlapping.
    boxes = [page.locator(".sofs-columns > div").nth(n).bounding_box() for n in range(3)]
    assert all(b is not None for b in boxes)
    tops = {round(b["y"]) for b in boxes if b}
    assert len(tops) == 1, boxes
    for left, right in pairwise(boxes):
        assert left and right and left["x"] + left["width"] <= right["x"]
    assert boxes[-1] and boxes[-1]["x"] + boxes[-1]["width"] <= PROJECTOR["width"]

    # All 25 entries within two screens, counted from the top of the page.
    scrolled = page.evaluate(SCROLLER)["top"]
    bottoms = [scrolled + b["y"] + b["height"] for b in
               (items.nth(n).bounding_box() for n in range(MAP_ENTRIES)) if b]
    assert len(bottoms) == MAP_ENTRIES
    assert max(bottoms) <= 2 * PROJECTOR["height"], max(bottoms)

    # No word split over two lines, and nothing sticks out sideways.
    assert page.evaluate(BROKEN_WORDS) == []
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PROJECTOR["width"]

    # Page Down pages through the map, with no click first; Page Up comes back.
    before = page.evaluate(SCROLLER)
    assert before is not None and before["top"] == 0
    page.keyboard.press("PageDown")  # scrolls smoothly: wait for most of a screen
    page.wait_for_function(f"() => ({SCROLLER})().top >= 0.8 * {before['view']}")
    page.keyboard.press("PageDown")
    page.wait_for_function(f"() => ({SCROLLER})().top >= 1.6 * {before['view']}"
                           f" || ({SCROLLER})().top + {before['view']} >= {before['height']} - 1")
    page.keyboard.press("PageUp")
    page.keyboard.press("PageUp")
    page.wait_for_function(f"() => ({SCROLLER})().top === 0")
