"""The safety plan page through AppTest, on the demo case: versions, rules, the warning for
uncovered danger statements, a rule added in a draft, agreement refused without rules and
given with them, a new version, and the printed documents."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from sqlalchemy import select
from streamlit.testing.v1 import AppTest

from sofs_core.clock import today
from sofs_core.codes import PlanStatus, RuleKind
from storage.db import make_engine, session_factory
from storage.models import PlanRule, SafetyPlan
from tests.app.test_genogram_pages import count
from tests.app.test_map_pages import button
from tests.app.test_pages import all_text


def _plans(url: str) -> list[tuple[int, PlanStatus, int]]:
    with session_factory(make_engine(url))() as s:
        return [(p.number, p.status, len(p.rules)) for p in
                s.scalars(select(SafetyPlan).order_by(SafetyPlan.number))]


def open_printing(at: AppTest, url: str) -> None:
    """Open the draft's panel of documents to print (closed while it is a draft)."""
    assert [e for e in at.expander if e.label == "De documenten om af te drukken"]
    with session_factory(make_engine(url))() as s:
        draft = s.scalar(select(SafetyPlan.id).where(SafetyPlan.status == PlanStatus.DRAFT))
    at.session_state[f"plan_panel:print{draft}:draft"] = True
    at.run()
    assert not at.exception


def test_the_demo_draft_shows_its_rules_and_what_changed(
    logged_in: Callable[..., AppTest], app_env: str
) -> None:
    at = logged_in("views/plan.py", case=True)
    assert not at.exception
    text = all_text(at)
    assert "Veiligheidsplan van Gezin Yılmaz-Kowalski" in text
    assert "Ontwerp: dit plan kan nog veranderen." in text
    assert "1. Als een discussie te hoog oploopt, gaat Karim naar buiten." in text
    assert "Elif en Karim gaan samen naar de relatietherapeut" in text
    # A draft prints only when asked: its documents are in a closed panel.
    assert not at.get("download_button")
    open_printing(at, app_env)
    labels = [e.proto.label for e in at.get("download_button")]
    assert labels == ["Gezinsplan (PDF)",
                      "Kaarten voor het netwerk, vier per A4 om te knippen (PDF)",
                      "Kaarten voor het netwerk, één per A4 (PDF)", "Voor het kind (PDF)",
                      "Verslag voor de consulent (PDF)"]
    # The comparison runs only while its toggle is on (it is not worked out on every rerun).
    assert not [s for s in at.selectbox if s.key and s.key.startswith("compare")]
    [changes_toggle] = [w for w in at.toggle if w.key and w.key.startswith("changes")]
    changes_toggle.set_value(True).run()
    assert not at.exception
    compare = [s for s in at.selectbox if s.key and s.key.startswith("compare")]
    assert compare, "a draft based on an older version can be compared with it"
    changes = all_text(at)
    assert "Nieuw" in changes and "Aangepast" in changes


def test_a_rule_added_to_the_draft_is_saved_and_shown(
    logged_in: Callable[..., AppTest], app_env: str
) -> None:
    before = count(app_env, PlanRule)
    at = logged_in("views/plan.py", case=True)
    form = "plan_rule_new"
    at.text_area(key=f"{form}:what").input("Oma <b>Ayşe</b> belt elke zondag.")
    at.text_input(key=f"{form}:who").input("Oma Ayşe")
    button(at, "Afspraak toevoegen").click().run()
    assert not at.exception
    assert "Afspraak toegevoegd." in all_text(at)
    assert count(app_env, PlanRule) == before + 1
    assert "Oma <b>Ayşe</b> belt elke zondag." in all_text(at)  # as text, not bold


def test_the_chosen_kind_stays_for_the_next_agreement_and_links_are_saved(
    logged_in: Callable[..., AppTest], app_env: str
) -> None:
    at = logged_in("views/plan.py", case=True)
    form = "plan_rule_new"
    at.radio(key="plan_rule_new_kind").set_value(RuleKind.STRUCTURAL).run()
    dangers = at.multiselect(key=f"{form}:dangers")
    dangers.select(dangers.options[1])
    helpers = at.multiselect(key=f"{form}:people")
    helpers.select(next(o for o in helpers.options if o.startswith("Ayşe")))
    for n in (1, 2):
        at.text_area(key=f"{form}:what").input(f"Langere termijn, afspraak {n}.")
        button(at, "Afspraak toevoegen").click().run()
        assert not at.exception
        assert "Afspraak toegevoegd." in all_text(at)
        # The kind stays chosen; the form's fields are empty for the next agreement.
        assert at.radio(key="plan_rule_new_kind").value is RuleKind.STRUCTURAL
    with session_factory(make_engine(app_env))() as s:
        added = s.scalars(select(PlanRule).where(PlanRule.what.like("Langere termijn, %"))
                          .order_by(PlanRule.id)).all()
        assert [(r.what, r.kind) for r in added] == [
            ("Langere termijn, afspraak 1.", RuleKind.STRUCTURAL),
            ("Langere termijn, afspraak 2.", RuleKind.STRUCTURAL)]
        first = added[0]
        assert len(first.dangers) == 1 and [p.first_name for p in first.members] == ["Ayşe"]


def test_an_empty_rule_is_refused_and_nothing_is_saved(
    logged_in: Callable[..., AppTest], app_env: str
) -> None:
    before = count(app_env, PlanRule)
    at = logged_in("views/plan.py", case=True)
    button(at, "Afspraak toevoegen").click().run()
    assert not at.exception
    assert "Er is niets opgeslagen" in all_text(at)
    assert count(app_env, PlanRule) == before


def test_the_draft_is_agreed_and_a_new_version_starts_from_it(
    logged_in: Callable[..., AppTest], app_env: str
) -> None:
    at = logged_in("views/plan.py", case=True)
    for panel in ("plan_panel:details", "plan_panel:agree"):
        [switch] = [w for w in at.toggle if w.key and w.key.startswith(panel)]
        switch.set_value(True)
    at.run()
    [review] = [w for w in at.date_input if w.key and w.key.startswith("review")]
    review.set_value(today() + timedelta(days=60))
    button(at, "Datum en versie voor de kinderen opslaan").click().run()
    assert "Opgeslagen." in all_text(at)
    [agreed_by] = [w for w in at.text_input if w.key and w.key.startswith("agreed_by")]
    agreed_by.input("Elif en Karim")
    button(at, "Markeer als afgesproken").click().run()
    assert not at.exception
    assert _plans(app_env)[-1][:2] == (2, PlanStatus.DRAFT)  # asks first
    assert "Daarna verandert niets meer aan versie 2" in all_text(at)
    button(at, "Ja, vastzetten").click().run()
    assert not at.exception
    assert "Het plan is afgesproken." in all_text(at)
    assert _plans(app_env)[-1][:2] == (2, PlanStatus.AGREED)
    assert "Deze versie ligt vast" in all_text(at)
    button(at, "Nieuwe versie maken").click().run()
    assert not at.exception
    plans = _plans(app_env)
    assert [(n, s) for n, s, _ in plans] == [(1, PlanStatus.APPROVED), (2, PlanStatus.AGREED),
                                             (3, PlanStatus.DRAFT)]
    assert plans[2][2] == plans[1][2]  # the new version copies every rule
    # The page now shows the new draft, ready to change.
    assert "Ontwerp: dit plan kan nog veranderen." in all_text(at)
    [picker] = [w for w in at.selectbox if w.key and w.key.startswith("plan_choice")]
    assert picker.format_func(picker.value) == "Versie 3: Ontwerp"


def test_the_plan_page_lists_what_is_missing_and_saves_a_childs_own_page(
    logged_in: Callable[..., AppTest], app_env: str
) -> None:
    at = logged_in("views/plan.py", case=True)
    text = all_text(at)
    assert "Dit ontbreekt nog voor het afdrukken" in text
    # The demo's danger statements have the family's words; its counsellor has no phone,
    # and this installation has no organisation.toml.
    assert "Begeleider zonder telefoonnummer" in text and "Lotte Peeters" in text
    assert "Het telefoonnummer van de dienst is niet ingesteld" in text
    assert "Zorgverklaring zonder woorden van het gezin" not in text
    open_printing(at, app_env)
    assert [c.label for c in at.checkbox if c.key == "plan_genogram"] == [
        "Genogram op het gezinsplan"]
    [own_pages] = [w for w in at.toggle if w.key and w.key.startswith("plan_panel:children")]
    own_pages.set_value(True).run()
    [pick] = [s for s in at.selectbox if s.key and s.key.startswith("child_page_pick")]
    pick.select(next(o for o in pick.options if o.startswith("Emre"))).run()
    [thing] = [w for w in at.text_input if w.key and w.key.endswith(":o")]
    thing.input("Een <b>voetbal</b>")
    button(at, "Pagina van dit kind opslaan").click().run()
    assert not at.exception
    assert "Opgeslagen." in all_text(at)
    with session_factory(make_engine(app_env))() as s:
        draft = s.scalars(select(SafetyPlan).order_by(SafetyPlan.number.desc())).first()
        assert draft is not None
        # Zeynep's own page came along from version 1; Emre's is new.
        assert sorted(c.safety_object for c in draft.children) == [
            "Een <b>voetbal</b>", "Een berichtje aan tante Małgorzata: 'Mag ik mijn oplader "
            "komen halen?'", "Je voetbalsjaal aan de deurklink van je kamer: dan komt oma "
            "Ayşe kijken."]
    [phone_toggle] = [w for w in at.toggle if w.key == "plan_panel:my_phone"]
    phone_toggle.set_value(True).run()
    at.text_input(key="my_phone").input("0499 11 22 33")
    button(at, "Opslaan").click().run()
    assert not at.exception
    assert "Je telefoonnummer is opgeslagen." in all_text(at)
    assert "Begeleider zonder telefoonnummer" not in all_text(at)
