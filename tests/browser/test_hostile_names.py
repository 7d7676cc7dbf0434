"""Every page of the app with a case full of hostile names: nothing leaves, nothing links.

A server of its own holds the demo installation plus a case whose family, people, map,
scaling answers, network, plan and comments carry markdown images and links, bare web and
e-mail addresses, HTML and script, and names containing "href". Each page is visited as a
user would; after each one the test fails on any request to another host, on any link
(``<a href>``, in the page or any of its frames) that leaves the app, on any element with
an ``onerror`` or an image from elsewhere, on any dialog or uncaught script error, and on
"Er ging iets mis".
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import BrowserContext, Dialog, Frame, Page, expect
from sqlalchemy import select

from auth import Actor
from genograms.network import NetworkRoleInput, add_outside_person, add_role
from genograms.people import PersonInput, add_family_member
from genograms.relations import add_couple, set_household
from mapping.consultation import add_comment
from mapping.map import EntryInput, add_entry
from mapping.meetings import ParticipantInput, open_meeting
from mapping.scaling import RatingInput, rate
from plans.versions import PlanDetails, RuleInput, add_rule, open_draft, update_details
from sofs_core.codes import (
    CoupleStatus,
    EntryCategory,
    MeetingKind,
    NetworkRoleKind,
    ParticipantRole,
    RaterRole,
    RuleKind,
    Voice,
)
from storage.db import make_engine, session_factory, transaction
from storage.models import Case, User
from tests.browser.conftest import Server, serve_demo
from tests.browser.ui import (
    DEMO_HULPVORM,
    RequestLog,
    choose,
    combobox_options,
    login,
    main_area,
    nav,
    show,
    show_map,
    submit_login,
    switch_on,
    wait_idle,
)
from tests.conftest import make_case
from tests.hostile import (
    BARE_MAIL,
    BARE_WEB,
    HREF,
    IMG_TAG,
    MARKDOWN_IMAGE,
    MARKDOWN_LINK,
    SCRIPT,
    URL,
)

pytestmark = pytest.mark.browser

FAMILY = f"Gezin {MARKDOWN_IMAGE} {BARE_WEB}"
PARENT = (IMG_TAG, "href Peeters")
CHILD = ("Zeynep", URL)
PARTNER = (HREF, BARE_MAIL)
NEIGHBOUR = (MARKDOWN_LINK, "www.buren.example")
RATER = f"{MARKDOWN_IMAGE} {BARE_MAIL}"


@dataclass
class Watch:
    """What the page did that it must not: requests, dialogs, script errors."""

    base_url: str
    log: RequestLog = field(default_factory=RequestLog)
    dialogs: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def _seed(database_url: str) -> None:
    engine = make_engine(database_url)
    with transaction(session_factory(engine)) as s:
        user = s.scalars(select(User).where(User.username == "begeleider")).one()
        actor = Actor(user.id, user.username, user.display_name, user.role, None, user.team_id)
        case_id = make_case(s, actor, family_name=FAMILY, consultant_name=HREF)
        family_id = s.get_one(Case, case_id).family_id

        def person(names: tuple[str, str], birth: str) -> int:
            return add_family_member(session=s, actor=actor, family_id=family_id,
                                     data=PersonInput(*names, birth=birth, notes=MARKDOWN_LINK)
                                     ).id

        parent, child, partner = person(PARENT, "1985"), person(CHILD, "2012"), person(
            PARTNER, "1983")
        add_couple(session=s, actor=actor, first_id=parent, second_id=partner,
                   status=CoupleStatus.MARRIED)
        set_household(session=s, actor=actor, family_id=family_id, name=MARKDOWN_IMAGE,
                      person_ids=(parent, child))
        meeting = open_meeting(
            session=s, actor=actor, case_id=case_id, kind=MeetingKind.INTAKE_MAPPING,
            held_on=date(2026, 11, 2),
            participants=(ParticipantInput(IMG_TAG, ParticipantRole.FAMILY),
                          ParticipantInput(MARKDOWN_IMAGE, ParticipantRole.NETWORK)))
        danger = add_entry(session=s, actor=actor, meeting_id=meeting, data=EntryInput(
            EntryCategory.DANGER_STATEMENT, f"{MARKDOWN_IMAGE} {HREF}", disputed=True,
            family_view=f"{BARE_WEB} {SCRIPT}"))
        for category, text in ((EntryCategory.HARM, IMG_TAG), (EntryCategory.STRENGTH, BARE_WEB),
                               (EntryCategory.BOTTOM_LINE, MARKDOWN_LINK)):
            add_entry(session=s, actor=actor, meeting_id=meeting,
                      data=EntryInput(category, text, voice=Voice.FAMILY))
        add_entry(session=s, actor=actor, meeting_id=meeting, data=EntryInput(
            EntryCategory.SAFETY_GOAL, URL, danger_lineage=danger.lineage))
        add_entry(session=s, actor=actor, meeting_id=meeting, data=EntryInput(
            EntryCategory.NEXT_STEP, HREF, who=BARE_MAIL))
        rate(session=s, actor=actor, meeting_id=meeting, data=RatingInput(
            RATER, RaterRole.PARENT, 4, MARKDOWN_IMAGE, BARE_WEB, BARE_MAIL,
            danger_lineage=danger.lineage, reason=HREF, one_point_higher=IMG_TAG))
        # And about the whole situation: the subject the history shows first.
        rate(session=s, actor=actor, meeting_id=meeting, data=RatingInput(
            RATER, RaterRole.PARENT, 5, MARKDOWN_IMAGE, BARE_WEB, BARE_MAIL,
            reason=URL, one_point_higher=HREF))
        neighbour = add_outside_person(session=s, actor=actor, case_id=case_id,
                                       data=PersonInput(*NEIGHBOUR)).id
        add_role(session=s, actor=actor, case_id=case_id, data=NetworkRoleInput(
            neighbour, NetworkRoleKind.TRUSTED_PERSON, for_person_id=child, phone=BARE_WEB,
            commitment=MARKDOWN_IMAGE))
        add_role(session=s, actor=actor, case_id=case_id, data=NetworkRoleInput(
            partner, NetworkRoleKind.CHAIR, commitment=HREF))
        plan = open_draft(session=s, actor=actor, case_id=case_id)
        add_rule(session=s, actor=actor, plan_id=plan.id, data=RuleInput(
            RuleKind.IMMEDIATE, MARKDOWN_IMAGE, who=HREF, when=BARE_WEB, how_we_know=BARE_MAIL,
            if_not_kept=IMG_TAG, danger_lineages=(danger.lineage,), member_ids=(neighbour,)))
        update_details(session=s, actor=actor, plan_id=plan.id, expected_version=plan.version,
                       data=PlanDetails(None, MARKDOWN_IMAGE, HREF, BARE_WEB))
        add_comment(session=s, actor=actor, case_id=case_id, body=MARKDOWN_LINK,
                    meeting_id=meeting)
        add_comment(session=s, actor=actor, case_id=case_id, body=HREF, plan_id=plan.id)
    engine.dispose()


@pytest.fixture(scope="module")
def hostile_server(browser_requirements: None, sqlite_template: Path,
                   tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    with ExitStack() as stack:
        server = stack.enter_context(serve_demo(tmp_path_factory.mktemp("hostile-server"),
                                                sqlite_template))
        _seed(server.database_url)
        yield server


@pytest.fixture
def watched(browser_context: BrowserContext, hostile_server: Server
            ) -> Iterator[tuple[Page, Watch]]:
    # Logged out, like the shared `page` fixture: no kept login from the previous test.
    browser_context.clear_cookies()
    page = browser_context.new_page()
    watch = Watch(hostile_server.base_url)
    page.on("request", lambda request: watch.log.urls.append(request.url))
    page.on("websocket", lambda socket: watch.log.urls.append(socket.url))
    page.on("pageerror", lambda error: watch.errors.append(str(error)))

    def refuse(dialog: Dialog) -> None:
        watch.dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", refuse)
    page.goto(hostile_server.base_url)
    wait_idle(page)
    page.get_by_role("heading", level=1).first.wait_for()
    wait_idle(page)
    yield page, watch
    page.close()


# Links and images in a frame, resolved; elements with an inline error handler.
_LINKS = """() => ({
    links: Array.from(document.querySelectorAll("a[href]"), a => [a.href, a.textContent]),
    images: Array.from(document.querySelectorAll("img[src]"), img => img.src),
    handlers: document.querySelectorAll("[onerror], [onload], [onclick]").length,
})"""


def _own(url: str, base_url: str) -> bool:
    parts, own = urlsplit(url), urlsplit(base_url)
    if parts.scheme in ("data", "blob", "about"):
        return True
    return parts.scheme == "http" and (parts.hostname, parts.port) == (own.hostname, own.port)


def open_tooltips(page: Page) -> None:
    """Hover every help icon: a tooltip is drawn (and its markdown fetched) only then."""
    icons = main_area(page).locator('[data-testid="stTooltipIcon"]')
    for i in range(icons.count()):
        icon = icons.nth(i)
        if not icon.is_visible():
            continue
        icon.hover()
        expect(page.locator('[data-testid="stTooltipContent"]').first).to_be_visible()
    page.mouse.move(0, 0)


def check_page(page: Page, watch: Watch, where: str) -> None:
    """Fail on anything user text must never cause (see the module's note)."""
    wait_idle(page)
    open_tooltips(page)
    assert watch.log.external(watch.base_url) == [], f"{where}: requests to other hosts"
    for frame in page.frames:
        found = frame.evaluate(_LINKS)
        outside = [link for link in found["links"] if not _own(link[0], watch.base_url)]
        assert outside == [], f"{where}: links out of the app in {frame.url}"
        assert not [src for src in found["images"] if not _own(src, watch.base_url)], where
        assert found["handlers"] == 0, f"{where}: an element with an inline handler"
        # A link to the app itself must not be made from user text either.
        from_user = [link for link in found["links"]
                     if any(token in link[0] + link[1] for token in ("example", "203.0.113",
                                                                     "href", "evil"))]
        assert from_user == [], f"{where}: links made of user text"
    assert not [url for url in watch.log.urls if urlsplit(url).path.endswith(("/x", "x.png"))]
    expect(main_area(page).get_by_text("Er ging iets mis")).to_have_count(0)
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)
    assert watch.dialogs == [], f"{where}: dialogs {watch.dialogs}"
    assert watch.errors == [], f"{where}: script errors {watch.errors}"


def open_case(page: Page) -> None:
    choose(page, "Dossier openen", f"{FAMILY} · {DEMO_HULPVORM}")
    main_area(page).get_by_role("button", name="Openen", exact=True).click()
    show(page, FAMILY)


def graph_frame(page: Page) -> Frame:
    """The interactive view's own frame, inside the frame Streamlit makes: drawn."""
    outer = main_area(page).frame_locator("iframe[title]").first
    expect(outer.locator('iframe[sandbox="allow-scripts"]')).to_have_count(1)
    expect(outer.frame_locator("iframe").locator("#mynetwork canvas")).to_have_count(1)
    inner = next(f for f in page.frames
                 if f.parent_frame is not None and f.parent_frame.parent_frame is not None)
    inner.wait_for_function("""() => {
        const canvas = document.querySelector("#mynetwork canvas");
        if (!canvas || !canvas.width) return false;
        const data = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
        for (let i = 3; i < data.length; i += 4) { if (data[i] > 0) return true; }
        return false;
    }""")
    return inner


def check_genogram_view(page: Page, names: list[str]) -> None:
    """The interactive genogram is drawn (the picture's SVG), runs without the app's origin,
    and holds the names as typed, as text."""
    outer = main_area(page).frame_locator("iframe[title]").first
    expect(outer.locator('iframe[sandbox="allow-scripts"]')).to_have_count(1)
    expect(outer.frame_locator("iframe").locator("#stage svg g.person").first).to_be_attached()
    inner = next(f for f in page.frames
                 if f.parent_frame is not None and f.parent_frame.parent_frame is not None)
    assert inner.evaluate("() => window.origin") == "null"
    assert inner.evaluate("""() => {
        try { return String(window.parent.parent.document.title); }
        catch (e) { return "refused"; }
    }""") == "refused"
    titles: list[str] = inner.evaluate("""() => Array.from(
        document.querySelectorAll("#stage svg g.person > title"), t => t.textContent)""")
    for name in names:
        assert name in titles, (name, titles)
    assert not [text for text in titles if "&lt;" in text or "&quot;" in text]
    assert inner.evaluate("() => document.querySelectorAll('#stage img, #stage a').length") == 0


def check_graph(page: Page, names: list[str]) -> None:
    """The graph is drawn, runs without the app's origin, and shows names as typed."""
    inner = graph_frame(page)
    assert inner.evaluate("() => window.origin") == "null"
    assert inner.evaluate("""() => {
        try { return String(window.parent.parent.document.title); }
        catch (e) { return "refused"; }
    }""") == "refused"
    tips: list[str] = inner.evaluate("""() => nodes.get().map(
        n => n.title instanceof Element ? n.title.textContent : String(n.title))""")
    labels: list[str] = inner.evaluate("() => nodes.get().map(n => n.label)")
    for name in names:
        assert any(tip.startswith(name) for tip in tips), (name, tips)
    assert not [text for text in tips + labels if "&lt;" in text or "&quot;" in text]


def test_every_page_with_hostile_names(watched: tuple[Page, Watch]) -> None:
    page, watch = watched
    login(page)
    check_page(page, watch, "case list")
    open_case(page)
    check_page(page, watch, "case overview")
    main = main_area(page)

    main.get_by_role("button", name="Bijeenkomsten en kaart", exact=True).click()
    show(page, "Bijeenkomsten")
    check_page(page, watch, "meetings")
    main.get_by_role("button", name="Kaart openen", exact=True).click()
    show_map(page)
    main.get_by_text("Wat is er veranderd sinds de vorige bijeenkomst?", exact=True).click()
    wait_idle(page)
    check_page(page, watch, "map")

    main.get_by_role("link", name="Schaalvragen", exact=True).click()
    show(page, FAMILY)
    expect(main.get_by_role("heading", name="Verloop over de bijeenkomsten", exact=True)
           ).to_be_visible()
    expect(main.locator('[data-testid="stVegaLiteChart"] svg').first).to_be_visible()
    # The people present are named as text (options of who answers), not in a tooltip.
    assert combobox_options(page, "Wie antwoordt *") == [IMG_TAG, MARKDOWN_IMAGE]
    check_page(page, watch, "scaling")

    main.get_by_role("link", name="Terug naar de kaart", exact=True).click()
    show_map(page)
    main.get_by_role("link", name="Toon aan het gezin", exact=True).click()
    expect(main.get_by_role("button", name="Terug naar het werkscherm", exact=True)
           ).to_be_visible()
    check_page(page, watch, "meeting view")
    main.get_by_role("button", name="Terug naar het werkscherm", exact=True).click()
    show_map(page)
    main.get_by_role("link", name="Bijeenkomsten", exact=True).click()
    show(page, "Bijeenkomsten")
    main.get_by_role("button", name="Naar het dossier", exact=True).click()
    show(page, FAMILY)

    main.get_by_role("button", name="Genogram", exact=True).click()
    show(page, f"Genogram van {FAMILY}")
    main.get_by_text("Interactieve weergave", exact=True).click()
    check_genogram_view(page, [" ".join(PARENT), " ".join(PARTNER), " ".join(CHILD)])
    main.get_by_text("Relaties bekijken, wijzigen of verwijderen", exact=True).click()
    wait_idle(page)
    check_page(page, watch, "genogram")

    main.get_by_role("button", name="Netwerk", exact=True).click()
    show(page, f"Veiligheidsnetwerk van {FAMILY}")
    main.get_by_text("Interactieve weergave", exact=True).click()
    check_graph(page, [" ".join(NEIGHBOUR), " ".join(PARTNER), FAMILY])
    check_page(page, watch, "network")

    main.get_by_role("button", name="Naar het dossier", exact=True).click()
    show(page, FAMILY)
    main.get_by_role("button", name="Veiligheidsplan", exact=True).click()
    show(page, f"Veiligheidsplan van {FAMILY}")
    main.get_by_text("Overleg met de consulent", exact=False).first.click()
    wait_idle(page)
    switch_on(page, "Datum om opnieuw te bekijken en de versie voor de kinderen")
    wait_idle(page)
    check_page(page, watch, "plan")


def test_audit_trail_with_hostile_names(watched: tuple[Page, Watch]) -> None:
    """The whole trail, as the administrator reads it (the other test's reads are in it)."""
    page, watch = watched
    submit_login(page, "admin", "demo")
    wait_idle(page)
    nav(page, "Audittrail")
    check_page(page, watch, "audit trail")
