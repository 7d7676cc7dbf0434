"""The interactive genogram page: the same picture as the SVG and the PDF (same positions,
symbols, lines), offline, with user text never in a form a parser reads as markup or an
address. The page in a real browser (zoom, pan, search) is in tests/browser."""

from __future__ import annotations

import base64
import html
import re
import xml.etree.ElementTree as ET

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as hst

from genograms.drawing import Drawing
from genograms.interactive import external_urls
from genograms.layout import layout
from genograms.picture import genogram_drawing
from genograms.relations import FamilyGraph
from genograms.render import to_svg
from genograms.view import genogram_view_html
from tests.genograms.test_interactive import (
    ANY_URL,
    ARABIC,
    HOSTILE,
    IMG,
    family,
    one_person,
    words,
)

NS = {"s": "http://www.w3.org/2000/svg"}


def drawing_of(fam: FamilyGraph, title: str = "Genogram") -> Drawing:
    return genogram_drawing(fam, layout(fam), words, title=title)


def page_of(fam: FamilyGraph, title: str = "Genogram", lang: str = "en") -> str:
    return genogram_view_html(drawing_of(fam, title), words, title=title, lang=lang)


def picture_in(page: str) -> str:
    """The SVG the page's script draws (it travels base64-encoded)."""
    match = re.search(r'<div id="stage" data-svg="([A-Za-z0-9+/=]*)"></div>', page)
    assert match is not None
    return base64.b64decode(match.group(1)).decode()


def test_the_view_holds_the_same_picture_as_the_download() -> None:
    fam = family()
    drawing = drawing_of(fam)
    svg = picture_in(genogram_view_html(drawing, words, title="Genogram", lang="en"))
    assert svg == to_svg(drawing, id_prefix="genogram-view")
    root = ET.fromstring(svg)
    classes = [g.get("class", "") for g in root.findall("s:g", NS)]
    # A genogram, not a network: couple lines, sibling bars, crosses for the deceased.
    assert any(c.startswith("couple") for c in classes)
    assert "children" in classes
    assert root.find(".//s:polyline[@class='sibling-bar']", NS) is not None
    assert root.find(".//s:g[@data-ref='person-1']/s:polyline[@class='deceased-x']",
                     NS) is not None


def test_the_page_is_offline_and_has_its_controls_in_words() -> None:
    page = page_of(family(), title=f"Genogram of {IMG} & {ARABIC}")
    assert ANY_URL.findall(page) == [] and external_urls(page) == []
    assert not re.search(r"<(link|img|iframe)\b|<script\b[^>]*\bsrc", page, re.IGNORECASE)
    assert page.startswith('<!DOCTYPE html>\n<html lang="en">')
    assert html.unescape(re.search(r"<title>([^<>]*)</title>", page).group(1)) == \
        f"Genogram of {IMG} & {ARABIC}"
    assert IMG not in page
    assert f'<label for="search">{words("genogram_view.search")}</label>' in page
    for control in ("zoom-in", "zoom-out", "fit"):
        assert f'id="{control}"' in page
    assert len(re.findall(r"<h1\b", page)) == 1 and "<main>" in page


def test_language_is_escaped() -> None:
    page = page_of(family(), lang='en"><x y="')
    lang = re.search(r'<html lang="([^"<>]*)">', page)
    assert lang is not None and html.unescape(lang.group(1)) == 'en"><x y="'


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_names_make_a_page_that_refers_to_no_host(name: str) -> None:
    page = page_of(one_person(name), title=f"Genogram van {name}", lang="nl-BE")
    assert ANY_URL.findall(page) == [] and external_urls(page) == []
    root = ET.fromstring(picture_in(page))
    person = root.find(".//s:g[@data-ref='person-1']", NS)
    assert person is not None and person.findtext("s:title", namespaces=NS) == name


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(hst.text(max_size=60))
def test_any_name_comes_back_exactly_and_never_as_markup(name: str) -> None:
    page = page_of(one_person(name), title=name)
    assert external_urls(page) == []
    assert re.search(r"<title>[^<>]*</title>", page)
    root = ET.fromstring(picture_in(page))
    person = root.find(".//s:g[@data-ref='person-1']", NS)
    assert person is not None
    # Only characters XML cannot hold (control characters) are left out.
    assert person.findtext("s:title", namespaces=NS) == re.sub(
        "[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]", "", name)
