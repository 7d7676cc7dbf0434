"""No sequence of actions by one administrator reaches a family (issue 18).

Hypothesis plays one person who is the administrator: they create teams and accounts of
every role, change roles, teams and sign-on addresses (to their own), set passwords,
(de)activate accounts, and log in as every account whose password they know or whose
sign-on address is theirs, doing there what that role can: choose a new password, confirm
accounts, assign counsellors, share the case. After every step, no account they control
has any right on the family's case or sees it in a list. The real team lead, counsellor
and consultant of that case do nothing meanwhile.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test
from sqlalchemy import select

from auth import Actor, ThrottlePolicy, UserCreate, authenticate
from auth.access import rights
from auth.accounts import (
    actor_for_sign_on,
    create_account,
    create_team,
    reset_password,
    set_active,
    update_account,
)
from auth.confirmation import change_own_password, confirm_account
from mapping.cases import CaseFilter, OpenState, assign_counsellors, get_case, list_cases
from mapping.consultation import share_case
from sofs_core.codes import Role
from sofs_core.errors import SofsError
from storage.db import make_engine, session_factory, transaction
from storage.models import Team, User
from tests.conftest import make_case, make_user

ADMIN_MAIL = "beheerder@prive.be"  # the administrator's own sign-on address
PASSWORD = "wachtwoord-van-de-beheerder"

_template: Path | None = None


@pytest.fixture
def template(sqlite_template: Path) -> Path:
    return sqlite_template


def _actor(user: User) -> Actor:
    return Actor(user.id, user.username, user.display_name, user.role, None, user.team_id)


class AdministratorAlone(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        assert _template is not None
        self.dir = tempfile.mkdtemp()
        path = Path(self.dir) / "sofs.sqlite3"
        shutil.copy(_template, path)
        self.engine = make_engine(f"sqlite:///{path}")
        self.factory = session_factory(self.engine)
        with transaction(self.factory) as s:
            team = Team(name="Team A")
            s.add(team)
            s.flush()
            lead = make_user(s, "hilde", Role.TEAM_LEAD, team_id=team.id)
            lotte = make_user(s, "lotte", Role.COUNSELLOR, team_id=team.id)
            sofie = make_user(s, "sofie", Role.CONSULTANT)
            admin = make_user(s, "admin", Role.ADMIN)
            self.case_id = make_case(s, lotte)
            share_case(session=s, actor=lotte, case_id=self.case_id, consultant_id=sofie.id)
            self.admin = admin
            self.user_ids = [lead.id, lotte.id, sofie.id, admin.id]
            self.team_ids: list[int | None] = [team.id, None]
        # The accounts whose password the administrator knows (they set it).
        self.known: set[int] = {admin.id}
        self.made = 0

    def teardown(self) -> None:
        self.engine.dispose()
        shutil.rmtree(self.dir, ignore_errors=True)

    def _try(self, action: object) -> None:
        try:
            with transaction(self.factory) as s:
                action(s)  # type: ignore[operator]
        except SofsError:
            pass  # refused: nothing happened, which is fine

    def _controlled(self) -> list[Actor]:
        """Every account the administrator can act as, fresh from the database."""
        with self.factory() as s:
            users = s.scalars(select(User).where(
                User.id.in_(self.known) | (User.email == ADMIN_MAIL))).all()
            return [_actor(u) for u in users]

    def _pick(self, i: int) -> int:
        return self.user_ids[i % len(self.user_ids)]

    def _team(self, i: int) -> int | None:
        return self.team_ids[i % len(self.team_ids)]

    @rule()
    def make_team(self) -> None:
        self.made += 1
        with transaction(self.factory) as s:
            self.team_ids.append(create_team(session=s, actor=self.admin,
                                             name=f"Team {self.made}"))

    @rule(role=st.sampled_from(list(Role)), team=st.integers(0, 9), mail=st.booleans())
    def make_account(self, role: Role, team: int, mail: bool) -> None:
        self.made += 1
        with transaction(self.factory) as s:
            if mail and s.scalar(select(User.id).where(User.email == ADMIN_MAIL)) is not None:
                mail = False
            user_id = create_account(
                session=s, actor=self.admin,
                data=UserCreate(f"account{self.made}", f"Account {self.made}", PASSWORD, role),
                team_id=self._team(team), email=ADMIN_MAIL if mail else "")
        self.user_ids.append(user_id)
        self.known.add(user_id)

    @rule(who=st.integers(0, 20), role=st.sampled_from(list(Role)), team=st.integers(0, 9),
          mail=st.booleans())
    def change_account(self, who: int, role: Role, team: int, mail: bool) -> None:
        user_id = self._pick(who)
        self._try(lambda s: update_account(
            session=s, actor=self.admin, user_id=user_id, display_name="Iemand", role=role,
            team_id=self._team(team), email=ADMIN_MAIL if mail else ""))

    @rule(who=st.integers(0, 20))
    def set_password(self, who: int) -> None:
        user_id = self._pick(who)
        with transaction(self.factory) as s:
            reset_password(session=s, actor=self.admin, user_id=user_id, password=PASSWORD)
        self.known.add(user_id)

    @rule(who=st.integers(0, 20), active=st.booleans())
    def switch(self, who: int, active: bool) -> None:
        user_id = self._pick(who)
        self._try(lambda s: set_active(session=s, actor=self.admin, user_id=user_id,
                                       active=active))

    @rule(who=st.integers(0, 20))
    def log_in_and_choose_a_password(self, who: int) -> None:
        user_id = self._pick(who)
        if user_id not in self.known:
            return
        with self.factory() as s:
            name = s.get_one(User, user_id).username
        with transaction(self.factory) as s:
            actor = authenticate(session=s, username=name, password=PASSWORD,
                                 policy=ThrottlePolicy())
        if actor is not None and actor.must_change_password:
            self._try(lambda s: change_own_password(
                session=s, actor=actor, current=PASSWORD, new=PASSWORD + "!",
                repeated=PASSWORD + "!"))
            self._try(lambda s: change_own_password(
                session=s, actor=actor, current=PASSWORD + "!", new=PASSWORD,
                repeated=PASSWORD))

    @rule()
    def sign_on(self) -> None:
        self._try(lambda s: actor_for_sign_on(session=s, email=ADMIN_MAIL))

    @rule(who=st.integers(0, 20), other=st.integers(0, 20))
    def confirm_as(self, who: int, other: int) -> None:
        for actor in self._controlled():
            if actor.id == self._pick(who):
                self._try(lambda s, a=actor: confirm_account(session=s, actor=a,
                                                             user_id=self._pick(other)))

    @rule(who=st.integers(0, 20), other=st.integers(0, 20))
    def work_on_the_case_as(self, who: int, other: int) -> None:
        """Assign (a lead) or share (a counsellor), putting controlled accounts on it."""
        for actor in self._controlled():
            if actor.id != self._pick(who):
                continue

            def assign(s: object, a: Actor = actor) -> None:
                version = get_case(session=s, actor=a, case_id=self.case_id).version  # type: ignore[arg-type]
                assign_counsellors(session=s, actor=a, case_id=self.case_id,  # type: ignore[arg-type]
                                   expected_version=version,
                                   counsellor_ids=(a.id, self._pick(other)))

            self._try(assign)
            self._try(lambda s, a=actor: share_case(session=s, actor=a, case_id=self.case_id,
                                                    consultant_id=self._pick(other)))

    @invariant()
    def no_controlled_account_reaches_the_case(self) -> None:
        with self.factory() as s:
            for actor in self._controlled():
                granted = rights(s, actor, self.case_id)
                assert not (granted.read or granted.edit or granted.review or granted.assign
                            or granted.export), (actor, granted)
                page = list_cases(session=s, actor=actor,
                                  filters=CaseFilter(open_state=OpenState.ALL))
                assert page.total == 0, actor


def test_no_sequence_of_administrator_actions_reaches_a_case(template: Path) -> None:
    global _template
    _template = template
    run_state_machine_as_test(AdministratorAlone, settings=settings(
        max_examples=25, stateful_step_count=20, deadline=None, derandomize=True,
        suppress_health_check=[HealthCheck.too_slow]))
