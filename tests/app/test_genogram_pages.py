"""The genogram and network pages through AppTest, on the demo case: the picture and its
text list, a relative added in the family's words, a refusal that saves nothing, a nudge,
and a network member added from outside the family."""

from __future__ import annotations

import base64
import re
from collections.abc import Callable

from sqlalchemy import func, select
from streamlit.testing.v1 import AppTest

from genograms.paper import Orientation, PaperSize
from sofs_core.codes import CoupleStatus, NetworkRoleKind, Sex
from storage.db import make_engine, session_factory
from storage.models import Couple, NetworkRole, ParentLink, Person, household_members
from tests.app.test_map_pages import button
from tests.app.test_pages import all_text, html_bodies, shown_text


def count(url: str, model: object, *where: object) -> int:
    with session_factory(make_engine(url))() as s:
        return s.scalar(select(func.count()).select_from(model).where(*where)) or 0


def person_id(url: str, first_name: str) -> int:
    with session_factory(make_engine(url))() as s:
        found = s.scalar(select(Person.id).where(Person.first_name == first_name))
    assert found is not None
    return found


def svgs(at: AppTest) -> list[str]:
    """The pictures on the page (SVG images inlined as data URLs), decoded."""
    found = re.findall(r'src="data:image/svg\+xml;base64,([^"]+)"', "\n".join(html_bodies(at)))
    return [base64.b64decode(data).decode() for data in found]


def test_the_genogram_page_shows_the_picture_its_legend_and_the_same_as_a_list(
    logged_in: Callable[..., AppTest]
) -> None:
    at = logged_in("views/genogram.py", case=True)
    [svg] = svgs(at)
    assert 'role="img"' in svg and "Legende" in svg and 'class="couple divorced"' in svg
    text = all_text(at)
    assert "Wie is wie" in text
    assert "Emre Kowalski: mannelijk; ° 2012; het kind waar het om gaat" in text
    assert "pleegkind van" in text
    downloads = [e.proto.label for e in at.get("download_button")]
    assert downloads == ["PDF om af te drukken", "Tekening (SVG)"]


def test_a_new_partner_is_added_in_the_familys_words_and_drawn(
    logged_in: Callable[..., AppTest], app_env: str
) -> None:
    at = logged_in("views/genogram.py", case=True)
    at.radio(key="relative_kind").set_value("partner_of").run()
    form = "relative_new"
    at.text_input(key=f"{form}:first").input("Sanne <b>Peeters</b>")
    at.selectbox(key=f"{form}:sex").set_value(Sex.FEMALE)
    at.text_input(key=f"{form}:birth").input("1985")
    at.selectbox(key=f"{form}:of").set_value(person_id(app_env, "Tomasz"))
    button(at, "Toevoegen aan het genogram").click().run()
    assert not at.exception
    assert "Toegevoegd aan het genogram." in all_text(at)
    sanne = person_id(app_env, "Sanne <b>Peeters</b>")
    [svg] = svgs(at)
    assert f'data-ref="person-{sanne}"' in svg
    assert "Sanne &lt;b&gt;Peeters&lt;/b&gt;" in svg and "<b>Peeters" not in svg


def test_a_child_born_before_its_parent_is_refused_and_nobody_is_added(
    logged_in: Callable[..., AppTest], app_env: str
) -> None:
    people, links = count(app_env, Person), count(app_env, ParentLink)
    at = logged_in("views/genogram.py", case=True)
    at.radio(key="relative_kind").set_value("child_of").run()
    form = "relative_new"
    at.text_input(key=f"{form}:first").input("Te vroeg")
    at.text_input(key=f"{form}:birth").input("1950")
    at.selectbox(key=f"{form}:of").set_value(person_id(app_env, "Elif"))
    button(at, "Toevoegen aan het genogram").click().run()
    assert "geboren" in at.error[0].value.lower() or "ouder" in at.error[0].value.lower()
    assert (count(app_env, Person), count(app_env, ParentLink)) == (people, links)
    # The typed text is still there to correct.
    assert at.text_input(key=f"{form}:first").value == "Te vroeg"


def test_a_nudge_moves_someone_and_is_kept(
    logged_in: Callable[..., AppTest], app_env: str
) -> None:
    jonas = person_id(app_env, "Jonas")
    at = logged_in("views/genogram.py", case=True)
    at.toggle(key="genogram_panel:arrange").set_value(True).run()
    at.selectbox(key="nudge_person").set_value(jonas).run()
    button(at, "Naar links").click().run()
    assert "Verschoven" in all_text(at)
    with session_factory(make_engine(app_env))() as s:
        assert s.get_one(Person, jonas).genogram_nudge == -1


def test_the_network_page_shows_the_ecogram_and_adds_someone_from_outside(
    logged_in: Callable[..., AppTest], app_env: str
) -> None:
    at = logged_in("views/network.py", case=True)
    [svg] = svgs(at)
    assert "member jim trusted_person" in svg and "highlight" in svg
    assert "JIM van Zeynep Kowalska" in all_text(at)
    roles = count(app_env, NetworkRole)
    at.radio(key="role_kind").set_value(NetworkRoleKind.MONITOR).run()
    at.selectbox(key="role_who").set_value(-1).run()
    at.text_input(key="role_new:new:first").input("Coach Dries")
    at.text_input(key="role_new:phone").input("0499 11 22 33")
    button(at, "Toevoegen aan het netwerk").click().run()
    assert not at.exception
    assert count(app_env, NetworkRole) == roles + 1
    assert "Coach Dries" in all_text(at)


def test_a_jim_without_whose_is_refused_on_the_network_page(
    logged_in: Callable[..., AppTest], app_env: str
) -> None:
    roles = count(app_env, NetworkRole)
    at = logged_in("views/network.py", case=True)
    at.radio(key="role_kind").set_value(NetworkRoleKind.JIM).run()
    at.selectbox(key="role_who").set_value(person_id(app_env, "Ayşe")).run()
    button(at, "Toevoegen aan het netwerk").click().run()
    assert at.error, "a JIM must name their young person"
    assert count(app_env, NetworkRole) == roles


def test_a_line_is_taken_off_the_genogram_and_someone_moves_out(
    logged_in: Callable[..., AppTest], app_env: str
) -> None:
    links = count(app_env, ParentLink)
    at = logged_in("views/genogram.py", case=True)
    at.toggle(key="genogram_panel:relationships").set_value(True).run()
    choice = at.selectbox(key="relationship_choice")
    with session_factory(make_engine(app_env))() as s:
        link = s.scalars(select(ParentLink.id).order_by(ParentLink.id)).first()
    choice.set_value(f"unlink:parent:{link}").run()
    at.button(key="relationship_remove").click().run()
    assert not at.exception
    assert "Relatie verwijderd." in all_text(at)
    assert count(app_env, ParentLink) == links - 1
    jonas = person_id(app_env, "Jonas")
    with session_factory(make_engine(app_env))() as s:
        home = s.scalar(select(household_members.c.household_id)
                        .where(household_members.c.person_id == jonas))
    at.selectbox(key="relationship_choice").set_value(f"moveout:{home}:{jonas}").run()
    at.button(key="relationship_remove").click().run()
    assert not at.exception
    assert count(app_env, household_members, household_members.c.person_id == jonas) == 0


def test_relations_no_row_can_show_are_drawn_twice_and_warned_about_as_text(
    logged_in: Callable[..., AppTest], app_env: str
) -> None:
    """Karim (Elif's partner) also partners Elif's mother: kept, warned about in words,
    drawn with her a second time (beside Karim); the print choices are on the page."""
    with session_factory(make_engine(app_env))() as s, s.begin():
        s.add(Couple(first_id=person_id(app_env, "Karim"), second_id=person_id(app_env, "Ayşe"),
                     status=CoupleStatus.SEPARATED, start_year=2021))
    at = logged_in("views/genogram.py", case=True)
    assert not at.exception
    warnings = [shown_text(body) for body in html_bodies(at) if 'role="note"' in body]
    assert warnings == [" Ayşe Yılmaz staat zowel boven als naast Elif Yılmaz. Daarom staat "
                        "Ayşe Yılmaz twee keer op het genogram. "]
    [svg] = svgs(at)
    assert svg.count(f'data-ref="copy-{person_id(app_env, "Ayşe")}"') == 1
    assert at.selectbox(key="print:paper").value == PaperSize.AUTO
    at.selectbox(key="print:paper").set_value(PaperSize.A3).run()
    at.selectbox(key="print:orientation").set_value(Orientation.PORTRAIT).run()
    assert not at.exception
    assert [o for o in at.selectbox(key="print:paper").options] == [
        "Zelf kiezen (A4 als het leesbaar past, anders A3)", "A4", "A3"]
