"""The interactive ecogram page: offline, escaped, positioned, physics off. (The interactive
genogram is tested in test_view.py; its test family lives here for both.)

No database: the family graph and the network members are built directly, the way
genograms.relations.family_graph and genograms.network.list_network build them.
"""

from __future__ import annotations

import html
import json
import math
import re
from typing import Any
from urllib.parse import unquote

import networkx as nx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as hst

from genograms import graph as records
from genograms import interactive
from genograms.interactive import external_urls, network_html
from genograms.network import NetworkMember
from genograms.relations import FamilyGraph
from i18n import load_catalogue
from sofs_core.codes import (
    CoupleStatus,
    EmotionalKind,
    NetworkRoleKind,
    ParentKind,
    Sex,
    SupportDirection,
    TieStrength,
)

IMG = "<img src=x onerror=alert(1)>"
BOLD = "<b>bold</b>"
ARABIC = "أمينة الحسن"
LONG = "Zeynep " + "Ö" * 200
ANY_URL = re.compile(r"https?://|\burl\(\s*['\"]?//", re.IGNORECASE)


def words(key: str, /, **params: object) -> str:
    return load_catalogue().text("en", key, **params)


def add_person(graph: nx.MultiDiGraph[int], person: int, name: str, sex: Sex, year: int,
               **extra: Any) -> None:
    records.add_person(graph, records.PersonNode(person, name, sex=sex, birth_year=year,
                                                 **extra))


def family() -> FamilyGraph:
    graph: nx.MultiDiGraph[int] = nx.MultiDiGraph()
    add_person(graph, 1, "Opa Mehmet", Sex.MALE, 1950, deceased=True, death_year=2019)
    add_person(graph, 2, IMG, Sex.MALE, 1980)
    add_person(graph, 3, BOLD, Sex.FEMALE, 1982)
    add_person(graph, 4, ARABIC, Sex.INTERSEX, 2010, index=True)
    add_person(graph, 5, LONG, Sex.FEMALE, 2012)
    add_person(graph, 6, "Emre", Sex.MALE, 2012)
    add_person(graph, 7, "", Sex.UNKNOWN, 2025, pregnancy=True)
    for link in (
            records.ParentTie(1, 2, ParentKind.BIOLOGICAL, link_id=1),
            records.ParentTie(2, 4, ParentKind.ADOPTIVE, link_id=2),
            records.ParentTie(3, 4, ParentKind.STEP, link_id=3),
            records.ParentTie(2, 5, ParentKind.BIOLOGICAL, link_id=4),
            records.ParentTie(2, 6, ParentKind.BIOLOGICAL, link_id=5),
            records.ParentTie(3, 7, ParentKind.BIOLOGICAL, link_id=6),
            records.CoupleTie(2, 3, CoupleStatus.DIVORCED, link_id=1, start_year=2005,
                              end_year=2015),
            records.TwinTie(5, 6, identical=True, link_id=1),
            records.EmotionalTie(2, 3, EmotionalKind.ABUSE, link_id=1),
            records.EmotionalTie(3, 4, EmotionalKind.CLOSE, link_id=2)):
        records.add_link(graph, link)
    return FamilyGraph(graph)


def member(role_id: int, person_id: int, name: str, kind: NetworkRoleKind, *,
           tie: TieStrength = TieStrength.STRONG, for_name: str = "",
           support: SupportDirection = SupportDirection.NONE,
           sex: Sex = Sex.FEMALE) -> NetworkMember:
    return NetworkMember(
        role_id=role_id, person_id=person_id, name=name, sex=sex, in_family=False, kind=kind,
        for_person_id=99 if for_name else None, for_name=for_name, phone="", commitment="",
        told_danger_statements_on=None, chosen_on=None, parents_consent=False, tie=tie,
        support=support, version=1)


MEMBERS = [
    member(1, 10, "Marleen De Vos", NetworkRoleKind.CHAIR, support=SupportDirection.TO_FAMILY),
    member(2, 11, IMG, NetworkRoleKind.JIM, for_name="Zeynep", tie=TieStrength.WEAK,
           support=SupportDirection.BOTH_WAYS, sex=Sex.MALE),
    member(3, 11, IMG, NetworkRoleKind.MONITOR, tie=TieStrength.STRESSFUL),
    member(4, 12, ARABIC, NetworkRoleKind.TRUSTED_PERSON, for_name=BOLD,
           tie=TieStrength.STRESSFUL, support=SupportDirection.FROM_FAMILY),
    member(5, 13, LONG, NetworkRoleKind.OTHER, tie=TieStrength.WEAK),
]


@pytest.fixture(scope="module")
def ecogram() -> str:
    return network_html(MEMBERS, f"Family {BOLD} & Yılmaz", words,
                        title=f"Network of {IMG}", lang="nl-BE")


def dataset(page: str, name: str) -> list[dict[str, Any]]:
    """The nodes or edges as the page holds them (labels and tooltips still encoded)."""
    match = re.search(rf"{name} = new vis\.DataSet\((\[.*?\])\);\n", page, re.DOTALL)
    assert match is not None, f"no {name} in the page"
    items: list[dict[str, Any]] = json.loads(match.group(1))
    return items


def shown(page: str, name: str) -> list[dict[str, Any]]:
    """The nodes or edges with labels and tooltips decoded, as the page's script does."""
    return [{**item, **{key: unquote(item[key]) for key in ("label", "tip") if key in item}}
            for item in dataset(page, name)]


def markup(page: str, pattern: str) -> str:
    """The text of a piece of the page's markup, character references decoded."""
    match = re.search(pattern, page)
    assert match is not None, pattern
    return html.unescape(match.group(1))


def vis_options(page: str) -> dict[str, Any]:
    match = re.search(r"var options = (\{.*?\});\n", page, re.DOTALL)
    assert match is not None
    options: dict[str, Any] = json.loads(match.group(1))
    return options


def by_id(items: list[dict[str, Any]]) -> dict[Any, dict[str, Any]]:
    return {item["id"]: item for item in items}


# -- offline -------------------------------------------------------------------------------

def test_no_url_to_any_host_anywhere_in_the_page(ecogram: str) -> None:
    for page in [ecogram]:
        assert ANY_URL.findall(page) == []
        assert external_urls(page) == []
        assert not re.search(r"<link\b", page, re.IGNORECASE)
        assert not re.search(r"<script\b[^>]*\bsrc\s*=", page, re.IGNORECASE)
        assert "sourceMappingURL" not in page
        assert "cdn.jsdelivr" not in page and "bootstrap" not in page.lower()


def test_vis_network_is_inlined(ecogram: str) -> None:
    for page in [ecogram]:
        assert "new vis.Network(container, data, options)" in page
        assert "vis-network" in page and "@license" in page  # the library's own header
        assert len(page) > 400_000
        # The SVG namespace the library uses still works, written without "//".
        assert 'createElementNS("http:\\/\\/www.w3.org/2000/svg"' in page


@pytest.mark.parametrize("snippet, found", [
    ('<script src="https://cdn.example.org/a.js"></script>', ["https://cdn.example.org/a.js"]),
    ("<link rel=stylesheet href='//cdn.example.org/a.css'>", ["//cdn.example.org/a.css"]),
    ("<img src=http://x.example/a.png>", ["http://x.example/a.png"]),
    ('<a href="HTTPS://x.example">', ["HTTPS://x.example"]),
    ("<style>a { background: url( 'https://x.example/i.png') }</style>",
     ["https://x.example/i.png"]),
    ('<style>@import "//x.example/a.css";</style>', ["//x.example/a.css"]),
    ('<img src="data:image/png;base64,AAAA"><a href="#top">', []),
    ('<script src="lib/utils.js"></script><div style="background: url(a.png)">', []),
    ("<style>i { background: url(\"data:image/png;base64,AA\") }</style>", []),
])
def test_external_urls(snippet: str, found: list[str]) -> None:
    assert external_urls(snippet) == found


def test_a_page_still_referring_to_another_host_is_refused() -> None:
    raw = ("<html><head><meta charset=\"utf-8\"></head><body>"
           '<div id="mynetwork"></div><img src="https://tracker.example/p.gif">'
           f"<script>{interactive._NEW_NETWORK}</script></body></html>")
    with pytest.raises(RuntimeError, match="other hosts"):
        interactive._offline_page(raw, title="t", lang="en")


# -- the page ------------------------------------------------------------------------------

def test_language_title_heading_and_landmarks(ecogram: str) -> None:
    page = network_html(MEMBERS, "Gezin", words, title=f"Network of {IMG} & {ARABIC}",
                        lang="en")
    title = f"Network of {IMG} & {ARABIC}"
    assert page.startswith("<!DOCTYPE html>\n<html lang=\"en\">")
    assert markup(page, r"<title>([^<>]*)</title>") == title
    assert markup(page, r'<h1 class="sofs-visually-hidden">([^<>]*)</h1>') == title
    assert markup(page, r'<div id="mynetwork" role="img" aria-label="([^"<>]*)"') == title
    assert "<main>" in page and "</main>" in page
    assert '<html lang="nl-BE">' in ecogram
    for one in (page, ecogram):
        assert not re.search(r"<h([1-6])\b[^>]*>\s*</h\1>", one), "an empty heading"
        assert len(re.findall(r"<h1\b", one)) == 1
        assert "<center>" not in one


def test_language_is_escaped() -> None:
    page = network_html(MEMBERS, "Gezin", words, title="t", lang='en"><x y="')
    assert markup(page, r'<html lang="([^"<>]*)">') == 'en"><x y="'


def test_physics_is_off(ecogram: str) -> None:
    options = vis_options(ecogram)
    assert options["physics"]["enabled"] is False
    assert options["layout"]["hierarchical"]["enabled"] is False
    assert all(node["physics"] is False for node in dataset(ecogram, "nodes"))


# -- user text -----------------------------------------------------------------------------

def test_user_text_is_only_ever_escaped(ecogram: str) -> None:
    # (The vis library itself names "<b>" for its own label markup.)
    for raw in (IMG, BOLD, "<img src=x", "onerror=alert(1)>", "<b>bold"):
        assert raw not in ecogram
    texts = [str(item.get(key, "")) for name in ("nodes", "edges")
             for item in dataset(ecogram, name) for key in ("label", "tip")]
    for text in texts:
        assert re.fullmatch(r"[A-Za-z0-9%_.~ -]*", text), text
    assert any(IMG in unquote(text) for text in texts)
    centre = by_id(shown(ecogram, "nodes"))["family"]
    assert centre["tip"] == f"Family {BOLD} & Yılmaz"


def test_pyvis_never_shows_tooltips_itself() -> None:
    """pyvis shows titles with innerHTML once any title holds "href": it never gets one."""
    name = '<a href="javascript:alert(1)">x</a>'
    page = network_html([member(1, 10, name, NetworkRoleKind.CHAIR)], "Gezin", words,
                        title="t", lang="en")
    assert "popup.innerHTML" not in page
    assert "<a href" not in page
    assert all("title" not in item for name in ("nodes", "edges")
               for item in dataset(page, name))
    assert by_id(shown(page, "nodes"))["person-10"]["tip"].startswith(name)


def test_arabic_and_long_names(ecogram: str) -> None:
    people = [node for node in shown(ecogram, "nodes") if node["id"] != "family"]
    assert any(node["tip"].startswith(LONG) for node in people)  # the whole name on hover
    assert any(node["tip"].startswith(ARABIC) for node in people)


# -- ecogram -------------------------------------------------------------------------------

def test_ecogram_people_around_the_family(ecogram: str) -> None:
    nodes = by_id(shown(ecogram, "nodes"))
    assert set(nodes) == {"family", "person-10", "person-11", "person-12", "person-13"}
    assert (nodes["family"]["x"], nodes["family"]["y"]) == (0, 0)
    distances = {round(math.hypot(n["x"], n["y"])) for key, n in nodes.items()
                 if key != "family"}
    assert len(distances) == 1 and distances.pop() >= 200
    assert nodes["person-10"]["x"] == pytest.approx(0) and nodes["person-10"]["y"] < 0
    # One node for someone with two roles, both roles named.
    label = nodes["person-11"]["label"]
    assert words("ecogram.role_for", role=words("ecogram.role_jim"), name="Zeynep") in label
    assert words("ecogram.role_monitor") in label
    assert words("networkrolekind.monitor") in nodes["person-11"]["tip"]
    assert nodes["person-11"]["shape"] == "square"


def test_ecogram_highlight_ties_and_support(ecogram: str) -> None:
    nodes = by_id(dataset(ecogram, "nodes"))
    for highlighted in ("person-10", "person-11"):  # chair, JIM
        assert nodes[highlighted]["color"]["border"] == "#1a6f8f"
        assert nodes[highlighted]["borderWidth"] == 3
    for plain in ("person-12", "person-13"):
        assert nodes[plain]["color"]["border"] != "#1a6f8f"
        assert nodes[plain]["borderWidth"] < 3
    edges = {e["from"]: e for e in dataset(ecogram, "edges")}
    assert all(e["to"] == "family" for e in edges.values())
    strong, weak, stressful = edges["person-10"], edges["person-13"], edges["person-12"]
    assert strong["width"] == 4 and strong["dashes"] is False
    assert weak["dashes"] and weak["width"] < 4
    assert stressful["color"] == "#b2182b" and stressful["dashes"]
    # person 11 is drawn by their strongest tie (weak, the JIM role), as on the static ecogram.
    assert edges["person-11"]["dashes"] == weak["dashes"]

    def arrows(person: str) -> tuple[bool, bool]:
        a = edges[person]["arrows"]
        return a["to"]["enabled"], a["from"]["enabled"]

    assert arrows("person-10") == (True, False)  # supports the family: arrow to the family
    assert arrows("person-11") == (True, True)  # both ways
    assert arrows("person-12") == (False, True)  # supported by the family: arrow to them
    assert arrows("person-13") == (False, False)


def test_ecogram_without_members() -> None:
    page = network_html([], "Gezin", words, title="Netwerk", lang="nl-BE")
    assert [n["id"] for n in dataset(page, "nodes")] == ["family"]
    assert dataset(page, "edges") == []


# -- hostile names -------------------------------------------------------------------------

HOSTILE = [
    "http://evil.example/",
    "![x](http://203.0.113.1/x.png)",
    "Jan <img src=//203.0.113.1/x.png>",
    "<a href='https://evil.example'>klik</a>",
    "url(//evil.example/a.css) @import '//evil.example/b.css'",
    "www.example.org mail@example.org javascript:alert(1)",
    "src=//evil.example/a.js href=http://x.example",
    "\u202eAmina\u202c </script><script>alert(1)</script>",
]


def one_person(name: str) -> FamilyGraph:
    graph: nx.MultiDiGraph[int] = nx.MultiDiGraph()
    add_person(graph, 1, name, Sex.FEMALE, 1980)
    add_person(graph, 2, "Kind", Sex.MALE, 2010)
    records.add_link(graph, records.ParentTie(1, 2, ParentKind.BIOLOGICAL, link_id=1))
    return FamilyGraph(graph)


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_names_make_a_page_that_still_refers_to_no_host(name: str) -> None:
    page = network_html([member(1, 10, name, NetworkRoleKind.JIM, for_name=name)], name, words,
                        title=f"Netwerk van {name}", lang="nl-BE")
    assert ANY_URL.findall(page) == [] and external_urls(page) == []
    assert "popup.innerHTML" not in page
    assert markup(page, r"<title>([^<>]*)</title>").endswith(name)
    assert any(item.get("tip", "").startswith(name) for item in shown(page, "nodes"))
    assert by_id(shown(page, "nodes"))["family"]["tip"] == name


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(hst.text(max_size=60))
def test_any_name_comes_back_exactly_and_never_as_markup(name: str) -> None:
    page = network_html([member(1, 10, name, NetworkRoleKind.CHAIR)], "Gezin", words,
                        title=name, lang="en")
    assert external_urls(page) == []
    assert re.search(r"<title>[^<>]*</title>", page)  # no markup of the name's own
    assert by_id(shown(page, "nodes"))["person-10"]["tip"].startswith(name)
    for item in dataset(page, "nodes") + dataset(page, "edges"):
        for key in ("label", "tip"):
            assert re.fullmatch(r"[A-Za-z0-9%_.~ -]*", str(item.get(key, ""))), item


# -- the frame the app shows it in ---------------------------------------------------------

def test_framed_page_runs_the_graph_without_the_apps_origin(ecogram: str) -> None:
    page = ecogram
    framed = interactive.framed_page(page, title=f"Genogram van {IMG}", lang="nl-BE")
    frames = re.findall(r"<iframe\b([^>]*)>", framed)
    assert len(frames) == 1
    attributes = frames[0]
    assert ' sandbox="allow-scripts" ' in attributes
    assert "allow-same-origin" not in framed
    assert markup(framed, r' srcdoc="([^"]*)"') == page
    assert markup(framed, r'title="([^"<>]*)"') == f"Genogram van {IMG}"
    # The outer document itself holds no script and no markup of the page's.
    outer = re.sub(r'srcdoc="[^"]*"', "", framed)
    assert "<script" not in outer.lower() and IMG not in outer
    assert outer.startswith('<!DOCTYPE html>\n<html lang="nl-BE">')
    assert "<main>" in outer and "<title>" in outer
