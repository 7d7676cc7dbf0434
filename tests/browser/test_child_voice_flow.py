"""The child's voice in a real browser: the child's words, then a phone photo of a drawing
uploaded with GPS in its EXIF, stored without it (checked with Pillow in the database).

The demo database is shared by every browser test: this test writes to the child it
picks at the latest meeting, and reads what it stored by the words it typed.
"""

from __future__ import annotations

import io
import uuid
from pathlib import Path

import pytest
from PIL import Image
from playwright.sync_api import Locator, Page, expect
from sqlalchemy import select

from sofs_core.codes import Sharing
from storage.db import make_engine, session_factory
from storage.models import ChildDrawing, ChildHouseItem
from tests.browser.ui import (
    RequestLog,
    choose,
    main_area,
    open_latest_map,
    open_meetings,
    pick_segment,
    wait_idle,
)

pytestmark = pytest.mark.browser
GPS_IFD = 0x8825


def _phone_photo(path: Path) -> None:
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    exif.get_ifd(GPS_IFD).update({1: "N", 2: (51.0, 3.0, 0.0), 3: "E", 4: (3.0, 43.0, 0.0)})
    Image.new("RGB", (800, 600), (20, 90, 200)).save(path, format="JPEG", exif=exif)
    assert Image.open(path).getexif().get_ifd(GPS_IFD)


def shared_as(main: Locator, words: str) -> Locator:
    """What the child shares of ``words``, under them in their house (shown as text)."""
    return main.locator("li").filter(
        has=main.page.get_by_text(words, exact=True)).locator("small")


def test_a_childs_words_and_an_uploaded_photo_are_kept_without_its_gps(
    page: Page, app_server: str, request_log: RequestLog, tmp_path: Path,
    tmp_path_factory: pytest.TempPathFactory
) -> None:
    open_meetings(page)
    open_latest_map(page)
    main = main_area(page)
    main.get_by_role("link", name="De stem van het kind", exact=True).click()
    expect(main.get_by_role("heading", name="De stem van het kind", exact=True)).to_be_visible()
    wait_idle(page)
    choose(page, "Kind", "Emre")  # the demo heard Jonas and Zeynep, with a drawing each
    wait_idle(page)
    said = f"Ik speel graag buiten {uuid.uuid4().hex[:6]}"
    main.get_by_role("textbox", name="De woorden van het kind", exact=True).fill(said)
    main.get_by_text("Mag gedeeld worden", exact=True).first.click()
    main.get_by_role("button", name="Toevoegen", exact=True).click()
    # The words in their house, as text with their sharing; chosen already in "Iets
    # aanpassen", so putting them on the map is one click.
    expect(shared_as(main, said)).to_have_text("Mag gedeeld worden")
    wait_idle(page)
    main.get_by_role("button", name="Op de kaart zetten", exact=True).click()
    expect(main.get_by_text("De woorden van het kind staan nu op de kaart.", exact=True)
           ).to_be_visible()
    expect(shared_as(main, said)).to_have_text("Mag gedeeld worden · Staat op de kaart.")
    wait_idle(page)
    # Private words, then shared later in the child's own words: saved when chosen.
    private = f"Ik mis opa {uuid.uuid4().hex[:6]}"
    main.get_by_role("textbox", name="De woorden van het kind", exact=True).fill(private)
    main.get_by_role("radiogroup", name="Wil het kind dit delen met de ouders?", exact=True
                     ).get_by_text("Wil ik niet delen", exact=True).click()
    main.get_by_role("button", name="Toevoegen", exact=True).click()
    expect(shared_as(main, private)).to_have_text("Wil ik niet delen")
    wait_idle(page)
    pick_segment(page, "Delen met de ouders?", "Vertel ik later zelf")
    expect(shared_as(main, private)).to_have_text("Vertel ik later zelf")
    wait_idle(page)

    photo = tmp_path / "tekening.jpg"
    _phone_photo(photo)
    pick_segment(page, "Een tekening toevoegen: hoe?", "Foto opladen")
    wait_idle(page)
    main.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files(str(photo))
    expect(main.get_by_text("tekening.jpg")).to_be_visible()
    wait_idle(page)
    main.get_by_role("button", name="Tekening bewaren", exact=True).click()
    expect(main.get_by_text("De tekening is bewaard.", exact=True)).to_be_visible()
    expect(main.get_by_text("Tekening van het kind (1) · Wil ik niet delen", exact=True)
           ).to_be_visible()
    expect(main.locator("[data-testid='stImage'] img")).to_have_count(1)
    # Only the chosen tab is drawn (a rerun on choosing it): the Safety House appears, and
    # the drawing again on going back.
    main.get_by_role("tab", name="Het veilige huis", exact=True).click()
    expect(main.get_by_role("slider", name="Waar staat het kind op het pad?")).to_be_visible()
    expect(main.locator("[data-testid='stImage'] img")).to_have_count(0)
    wait_idle(page)
    main.get_by_role("tab", name="Zorgen, leuke dingen en dromen", exact=True).click()
    expect(main.locator("[data-testid='stImage'] img")).to_have_count(1)
    expect(main.get_by_text(said)).to_be_visible()

    # The shared server's database (tests/browser/conftest.py: app_server).
    (database,) = tmp_path_factory.getbasetemp().glob("browser-server[0-9]*/sofs.sqlite3")
    with session_factory(make_engine(f"sqlite:///{database}"))() as s:
        item = s.scalars(select(ChildHouseItem).where(ChildHouseItem.words == said)).one()
        assert item.map_lineage is not None
        assert s.scalars(select(ChildHouseItem.sharing).where(
            ChildHouseItem.words == private)).one() == Sharing.LATER_OWN_WORDS
        drawing = s.scalars(select(ChildDrawing).where(
            ChildDrawing.houses_id == item.houses_id)).one()
        stored = Image.open(io.BytesIO(drawing.content))
        assert (stored.format, stored.size) == ("JPEG", (800, 600))
        assert dict(stored.getexif()) == {}
        assert b"PhoneMaker" not in drawing.content
    assert request_log.external(app_server) == []
