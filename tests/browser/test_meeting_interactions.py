"""The scripted first meeting (bench.meeting_interactions) within the issue's targets, and
the keyboard typist: Ctrl+Enter adds, the chosen part stays, nothing is lost or doubled."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from bench.meeting_interactions import (
    TARGETS,
    play_first_meeting,
    play_genogram,
    play_network,
    play_plan,
)
from tests.browser.test_typing_race import _assert_each_stored_once, _start_meeting
from tests.browser.ui import login, main_area, open_meetings, pick_segment, wait_idle
from tests.printing.pdf import assert_valid

pytestmark = pytest.mark.browser


def test_the_first_meeting_needs_few_interactions(page: Page) -> None:
    open_meetings(page)
    tally = play_first_meeting(page)  # also checks every entry and answer is stored once
    print({part: round(tally.per_item(part), 2) for part in tally.counts})
    for part in ("attendance", "map_entry", "scaling_answer"):
        if part in TARGETS:
            assert tally.per_item(part) <= TARGETS[part], (part, tally.counts[part])


def test_a_new_family_s_genogram_of_15_relations_is_typed_in_one_table(page: Page) -> None:
    login(page)
    tally = play_genogram(page)  # also reads every person and relation back, once each
    print(dict(tally.counts))
    assert tally.per_item("genogram") <= TARGETS["genogram"], tally.counts


def test_a_network_of_five_with_a_jim_takes_few_interactions_per_member(page: Page) -> None:
    login(page)
    tally = play_network(page)  # also reads every member back, once each, in their role
    print(dict(tally.counts))
    assert tally.per_item("network_member") <= TARGETS["network_member"], tally.counts


def test_a_plan_of_four_agreements_is_agreed_and_printed_in_few_interactions(
        fresh: Page, tmp_path: Path) -> None:
    # On the module's own server: agreeing fixes the demo plan the other modules share.
    login(fresh)
    # Also reads every agreement back once, under its kind, and the download as the
    # family plan of the agreed version.
    tally = play_plan(fresh, tmp_path / "plan.pdf")
    print(dict(tally.counts))
    assert tally.per_item("plan_agreement") <= TARGETS["plan_agreement"], tally.counts
    assert_valid(tmp_path / "plan.pdf")


def test_a_keyboard_typist_adds_entry_after_entry_with_ctrl_enter(page: Page) -> None:
    token = uuid.uuid4().hex[:6]
    texts = [f"Met het toetsenbord {n:02d} {token}." for n in range(1, 7)]
    _start_meeting(page)
    main = main_area(page)
    pick_segment(page, "Waar hoort het bij?", "Bestaande krachten")
    box = main.get_by_role("textbox", name="Tekst *", exact=True)
    box.focus()
    for text in texts:  # at once: no waiting for the rerun, no click
        page.keyboard.type(text, delay=30)
        page.keyboard.press("Control+Enter")
    _assert_each_stored_once(page, texts, token)
    # The part stays chosen and the focus stays in the box for the next entry.
    segment = main.get_by_role("radiogroup", name="Waar hoort het bij?", exact=True
                               ).get_by_role("radio", name="Bestaande krachten", exact=True)
    expect(segment).to_have_attribute("aria-checked", "true")
    expect(box).to_be_focused()


def test_a_refused_entry_sent_with_ctrl_enter_comes_back_with_the_reason(page: Page) -> None:
    _start_meeting(page)
    main = main_area(page)
    pick_segment(page, "Waar hoort het bij?", "Veiligheidsdoelen")
    wait_idle(page)
    box = main.get_by_role("textbox", name="Tekst *", exact=True)
    box.focus()
    page.keyboard.type("Een doel zonder zorgverklaring.", delay=10)
    page.keyboard.press("Control+Enter")  # no danger statement chosen: refused
    expect(main.get_by_text("Zorgverklaring: kies de zorgverklaring", exact=False)).to_be_visible()
    expect(main.get_by_role("textbox", name="Tekst *", exact=True)).to_have_value(
        "Een doel zonder zorgverklaring.")
