"""The consultant's path through AppTest: a plan agreed in a case shared with nobody is
sent from the plan page itself (the consultant chosen there, the case shared in the same
step); without a choice, a Dutch message and nothing sent. The case list shows the case
number."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from sqlalchemy import delete, select
from streamlit.testing.v1 import AppTest

from auth import Actor
from plans.versions import PlanDetails, mark_agreed, update_details
from sofs_core.clock import today
from sofs_core.codes import PlanStatus, Role
from storage.db import make_engine, session_factory, transaction
from storage.models import Case, SafetyPlan, User, case_shares
from tests.app.test_map_pages import button
from tests.app.test_pages import all_text


def _agree_the_draft_of_an_unshared_case(url: str) -> int:
    """Take the demo case's consultant off and agree its draft (as the counsellor)."""
    factory = session_factory(make_engine(url))
    with transaction(factory) as s:
        s.execute(delete(case_shares))
        user = s.scalars(select(User).where(User.username == "begeleider")).one()
        actor = Actor(user.id, user.username, user.display_name, Role.COUNSELLOR, None,
                      user.team_id)
        draft = s.scalars(select(SafetyPlan).where(SafetyPlan.status == PlanStatus.DRAFT)).one()
        plan = update_details(session=s, actor=actor, plan_id=draft.id,
                              expected_version=draft.version,
                              data=PlanDetails(today() + timedelta(days=60)))
        mark_agreed(session=s, actor=actor, plan_id=plan.id, expected_version=plan.version,
                    agreed_by="Elif en Karim", agreed_on=today())
        return draft.id


def _state(url: str, plan_id: int) -> tuple[PlanStatus, list[int]]:
    with session_factory(make_engine(url))() as s:
        return (s.get_one(SafetyPlan, plan_id).status,
                list(s.scalars(select(case_shares.c.user_id))))


def test_a_plan_is_sent_to_a_consultant_chosen_on_the_plan_page(
    logged_in: Callable[..., AppTest], app_env: str
) -> None:
    plan_id = _agree_the_draft_of_an_unshared_case(app_env)
    at = logged_in("views/plan.py", case=True)
    [choice] = [s for s in at.selectbox if s.label == "Consulent *"]
    assert choice.options == ["Sofie Van den Broeck"]
    button(at, "Naar de consulent sturen").click().run()
    assert not at.exception
    # Nothing chosen: said in Dutch, where the choice is; nothing sent or shared.
    assert "Kies eerst de consulent met wie je het dossier deelt" in all_text(at)
    assert _state(app_env, plan_id) == (PlanStatus.AGREED, [])
    [choice] = [s for s in at.selectbox if s.label == "Consulent *"]
    choice.select("Sofie Van den Broeck").run()
    button(at, "Naar de consulent sturen").click().run()
    assert not at.exception
    assert "Het plan ligt nu bij de consulent." in all_text(at)
    with session_factory(make_engine(app_env))() as s:
        sofie = s.scalars(select(User.id).where(User.username == "consulent")).one()
    assert _state(app_env, plan_id) == (PlanStatus.SUBMITTED, [sofie])


def test_the_case_list_shows_the_case_number(
    logged_in: Callable[..., AppTest], app_env: str
) -> None:
    at = logged_in()
    with session_factory(make_engine(app_env))() as s:
        numbers = set(s.scalars(select(Case.id)))
    table = at.dataframe[0].value
    assert list(table.columns[:2]) == ["Nr.", "Gezin"]
    assert set(table["Nr."]) == numbers
