"""What real families need (issue 14): a father and his son with the same partner saved,
warned about and drawn with a marked copy; siblings on one row when one marries someone
without recorded parents; every couple of a person with three partners visible with its
children under it; oldest left or the birth order printed; birth years from 1850 with
plausibility warnings, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date

import networkx as nx
import pytest
from sqlalchemy.orm import Session, sessionmaker

from auth import Actor
from genograms.checks import family_warnings
from genograms.layout import layout
from genograms.people import PersonInput, add_family_member, parse_birth
from genograms.picture import genogram_drawing
from genograms.quality import anchor, children_off, crossings, overlaps
from genograms.relations import FamilyGraph, add_couple, add_parent, family_graph
from genograms.render import to_svg
from sofs_core.codes import CoupleStatus, ParentKind, Sex
from sofs_core.errors import ValidationFailed
from storage.db import transaction
from storage.models import Case
from tests.conftest import make_case
from tests.genograms.pictures import couple, parent, person, words

ON = date(2026, 6, 1)


def father_and_son() -> FamilyGraph:
    """Karim and Anna have Omar; Karim later lives with Elif; later still, Omar does, and
    they have Noor."""
    g: nx.MultiDiGraph[int] = nx.MultiDiGraph()
    person(g, 1, "Karim", Sex.MALE, 1960)
    person(g, 2, "Anna", Sex.FEMALE, 1962)
    person(g, 3, "Elif", Sex.FEMALE, 1975)
    person(g, 4, "Omar", Sex.MALE, 1985)
    person(g, 5, "Noor", Sex.FEMALE, 2010)
    couple(g, 1, 2, CoupleStatus.DIVORCED, 1983, 1990)
    couple(g, 1, 3, CoupleStatus.SEPARATED, 1995, 2005)
    couple(g, 4, 3, CoupleStatus.LIVING_TOGETHER, 2008)
    for p, c in ((1, 4), (2, 4), (4, 5), (3, 5)):
        parent(g, p, c)
    return FamilyGraph(g)


def test_father_and_son_with_one_partner_draw_her_twice_and_say_why() -> None:
    family = father_and_son()
    lay = layout(family)
    # Karim's generation, then Omar's, then Noor's: nobody is their own grandparent.
    assert lay.row[1] == lay.row[2] == lay.row[3] == 0
    assert lay.row[4] == 1 and lay.row[5] == 2
    # Elif stands beside Karim, and once more, marked, beside Omar.
    assert [(c.person, c.row) for c in lay.copies] == [(3, 1)]
    ends = lay.couple_entries[frozenset((3, 4))]
    assert ends[3] == lay.copies[0].entry and abs(lay.at(ends[3])[0] - lay.x[4]) == 1.0
    assert abs(lay.x[3] - lay.x[1]) == 1.0
    # Noor hangs from the line of Omar and (the copy of) Elif.
    assert abs(lay.x[5] - anchor(family, lay, frozenset((3, 4)))) <= 1.0
    assert overlaps(lay) == 0 and crossings(family, lay) == 0
    assert family_warnings(family, lay, words, on=ON) == [
        "Karim staat zowel boven als naast Omar. Daarom staat Elif twee keer op het genogram."]
    svg = to_svg(genogram_drawing(family, lay, words, title="Genogram"))
    assert svg.count('data-ref="person-3"') == 1 and svg.count('data-ref="copy-3"') == 1
    assert 'class="same-person"' in svg


def test_the_services_store_the_father_and_son_case_and_the_genogram_warns(
        factory: sessionmaker[Session], counsellor: Actor) -> None:
    with transaction(factory) as s:
        family_id = s.get_one(Case, make_case(s, counsellor)).family_id

        def add(name: str, born: str) -> int:
            return add_family_member(session=s, actor=counsellor, family_id=family_id,
                                     data=PersonInput(name, birth=born)).id

        karim, elif_, omar = add("Karim", "1960"), add("Elif", "1975"), add("Omar", "1985")
        add_parent(session=s, actor=counsellor, parent_id=karim, child_id=omar,
                   kind=ParentKind.BIOLOGICAL)
        add_couple(session=s, actor=counsellor, first_id=karim, second_id=elif_,
                   status=CoupleStatus.SEPARATED, start_year=1995)
        add_couple(session=s, actor=counsellor, first_id=omar, second_id=elif_,
                   status=CoupleStatus.LIVING_TOGETHER, start_year=2008)
    with transaction(factory) as s:
        family = family_graph(session=s, actor=counsellor, family_id=family_id)
    lay = layout(family)
    assert family_warnings(family, lay, words, on=ON) == [
        "Karim staat zowel boven als naast Omar. Daarom staat Elif twee keer op het genogram."]


def test_a_partner_without_parents_stands_beside_their_partner_not_on_top() -> None:
    """Issue 14.1: siblings stay on one row when one marries someone whose parents are
    not recorded; the partner takes their partner's row."""
    g: nx.MultiDiGraph[int] = nx.MultiDiGraph()
    person(g, 1, "Opa", Sex.MALE, 1930)
    person(g, 2, "Oma", Sex.FEMALE, 1932)
    couple(g, 1, 2, CoupleStatus.MARRIED, 1955)
    for pid, name in ((3, "Zus"), (4, "Broer"), (5, "Jongste")):
        person(g, pid, name, Sex.FEMALE, 1955 + pid)
        parent(g, 1, pid)
        parent(g, 2, pid)
    person(g, 6, "Schoonzoon", Sex.MALE, 1957)
    couple(g, 3, 6, CoupleStatus.MARRIED, 1980)
    person(g, 7, "Kleinkind", Sex.MALE, 1985)
    parent(g, 3, 7)
    parent(g, 6, 7)
    lay = layout(FamilyGraph(g))
    assert lay.row[3] == lay.row[4] == lay.row[5] == lay.row[6] == 1
    assert lay.row[7] == 2


def test_three_partners_each_couple_beside_its_children() -> None:
    g: nx.MultiDiGraph[int] = nx.MultiDiGraph()
    person(g, 1, "Hub", Sex.MALE, 1970)
    for partner, start in ((2, 1990), (3, 2000), (4, 2010)):
        person(g, partner, f"Partner {start}", Sex.FEMALE, 1972)
        couple(g, 1, partner, CoupleStatus.DIVORCED, start)
        for i in range(2):
            child = partner * 10 + i
            person(g, child, f"Kind {child}", Sex.UNKNOWN, start + 1 + i)
            parent(g, 1, child)
            parent(g, partner, child)
    family = FamilyGraph(g)
    lay = layout(family)
    for partner in (2, 3, 4):
        ends = lay.couple_entries[frozenset((1, partner))]
        xs = sorted(lay.at(e)[0] for e in ends.values())
        assert xs[1] - xs[0] == pytest.approx(1.0), "every couple line joins neighbours"
    assert [c.person for c in lay.copies] == [1], "the hub drawn once more, marked"
    assert children_off(family, lay) == 0 and crossings(family, lay) == 0
    # Each couple's years are at its own line: not hidden behind another partner.
    svg = to_svg(genogram_drawing(family, lay, words, title="Genogram"))
    # (each as a word over its year: "getr." over "1990")
    assert svg.count('class="couple-years"') == 2 * 3


def test_siblings_oldest_left_or_numbered() -> None:
    g: nx.MultiDiGraph[int] = nx.MultiDiGraph()
    person(g, 1, "Mama", Sex.FEMALE, 1960)
    person(g, 2, "Papa", Sex.MALE, 1958)
    couple(g, 1, 2, CoupleStatus.MARRIED, 1980)
    for pid, year in ((3, 1984), (4, 1982), (5, 1986)):
        person(g, pid, f"Kind {year}", Sex.MALE, year)
        parent(g, 1, pid)
        parent(g, 2, pid)
    lay = layout(FamilyGraph(g))
    assert sorted((3, 4, 5), key=lay.x.__getitem__) == [4, 3, 5]
    assert lay.birth_order == {}
    # The middle child marries into a family drawn on the left: the order cannot hold.
    person(g, 10, "Schoonvader", Sex.MALE, 1955)
    person(g, 11, "Schoonmoeder", Sex.FEMALE, 1957)
    couple(g, 10, 11, CoupleStatus.MARRIED, 1978)
    person(g, 12, "Schoondochter", Sex.FEMALE, 1985)
    for p in (10, 11):
        parent(g, p, 12)
    for sibling, year in ((13, 1980), (14, 1983), (15, 1990)):
        person(g, sibling, f"Zus {year}", Sex.FEMALE, year)
        parent(g, 10, sibling)
        parent(g, 11, sibling)
    couple(g, 3, 12, CoupleStatus.MARRIED, 2010)
    lay = layout(FamilyGraph(g))
    # He stands at the end of his row of siblings next to his wife, who stands at the end
    # of hers: both rows of siblings are out of birth order, so both are numbered.
    assert sorted((3, 4, 5), key=lay.x.__getitem__) == [3, 4, 5]
    assert {p: lay.birth_order[p] for p in (4, 3, 5)} == {4: 1, 3: 2, 5: 3}
    assert {p: lay.birth_order[p] for p in (13, 14, 12, 15)} == {13: 1, 14: 2, 12: 3, 15: 4}
    svg = to_svg(genogram_drawing(FamilyGraph(g), lay, words, title="G"))
    assert svg.count('class="birth-order"') == 7


@pytest.mark.parametrize("text,year", [("1850", 1850), ("1876", 1876), ("03/02/1899", 1899)])
def test_birth_years_from_1850_are_taken(text: str, year: int) -> None:
    assert parse_birth(text, on=ON).year == year


def test_a_birth_year_before_1850_is_refused_in_dutch() -> None:
    with pytest.raises(ValidationFailed) as refused:
        parse_birth("1849", on=ON)
    error = refused.value.errors[0]
    assert error.message_key == "error.birth_too_early" and error.params == {"year": 1850}


def test_unlikely_years_are_warned_about_not_refused() -> None:
    g: nx.MultiDiGraph[int] = nx.MultiDiGraph()
    person(g, 1, "Overgrootmoeder", Sex.FEMALE, 1880)  # alive: she would be 146
    person(g, 2, "Overgrootvader", Sex.MALE, 1870, deceased=True, death_year=1950)
    person(g, 3, "Grootvader", Sex.MALE, 1890)  # his father was 20
    person(g, 4, "Moeder", Sex.FEMALE, 1960)
    person(g, 5, "Kind", Sex.FEMALE, 1969)  # her mother was 9
    parent(g, 2, 3)
    parent(g, 4, 5)
    family = FamilyGraph(g)
    warnings = family_warnings(family, layout(family), words, on=ON)
    assert "Overgrootmoeder zou nu 146 jaar zijn. Klopt het geboortejaar?" in warnings
    assert "Grootvader zou nu 136 jaar zijn. Klopt het geboortejaar?" in warnings
    assert "Moeder was 9 jaar toen Kind geboren werd. Klopt het geboortejaar?" in warnings
    assert not any("Overgrootvader" in w for w in warnings), "died at 80: nothing odd"
    # The great-grandparents stand above, with their birth years.
    svg = to_svg(genogram_drawing(family, layout(family), words, title="G"))
    assert "° 1870 † 1950" in svg and "° 1880" in svg
