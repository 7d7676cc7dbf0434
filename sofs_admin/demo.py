"""The demo installation: three accounts and one fictional blended family.

The Yılmaz-Kowalski family is invented. Three generations, names in Turkish, Polish and
Arabic script, referred by the SDJ. Later issues add its maps, genogram and plan.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from auth import Actor
from auth.service import hash_password
from genograms.people import PersonInput, add_family_member
from mapping.cases import CaseInput, create_case
from sofs_admin.demo_child_voice import load_demo_child_voice
from sofs_admin.demo_genogram import load_demo_genogram, load_demo_network
from sofs_admin.demo_journal import load_demo_journal
from sofs_admin.demo_meetings import load_demo_meetings
from sofs_admin.demo_plan import load_demo_plan
from sofs_core.clock import utcnow
from sofs_core.codes import CaseStatus, Gender, Hulpvorm, ReferrerBody, Role, Sex
from storage.db import DEMO_MARKER
from storage.models import AppMeta, Team, User

DEMO_PASSWORD = "demo"  # noqa: S105 - the documented password of the demo accounts only
DEMO_FAMILY_NAME = "Gezin Yılmaz-Kowalski"

DEMO_TEAM = "Team Gent"
# (user name, name, role, in the demo team)
DEMO_ACCOUNTS = (
    ("begeleider", "Lotte Peeters", Role.COUNSELLOR, True),
    ("begeleider2", "Pieter Wouters", Role.COUNSELLOR, True),
    ("teamleider", "Hilde Claes", Role.TEAM_LEAD, True),
    ("consulent", "Sofie Van den Broeck", Role.CONSULTANT, False),
    ("admin", "Beheerder", Role.ADMIN, False),
)

F, M = Sex.FEMALE, Sex.MALE
W, MAN = Gender.WOMAN, Gender.MAN
DEMO_MEMBERS = (
    PersonInput("Ayşe", "Yılmaz", F, W, "1958", "Grootmoeder langs moederskant.",
                called_by_children="oma Ayşe"),
    PersonInput("Mehmet", "Yılmaz", M, MAN, "1955", "Grootvader langs moederskant.",
                deceased=True, death_year=2019),
    PersonInput("Grażyna", "Kowalska", F, W, "12/02/1961", "Grootmoeder langs vaderskant."),
    PersonInput("فاطمة", "العمراني", F, W, "1962", "Moeder van Karim."),
    PersonInput("Tomasz", "Kowalski", M, MAN, "02/09/1983", "Vader van Zeynep en Emre."),
    PersonInput("Karim", "El Amrani", M, MAN, "20/01/1984", "Nieuwe partner van Elif."),
    PersonInput("Elif", "Yılmaz", F, W, "14/05/1986", "Moeder."),
    PersonInput("Małgorzata", "Kowalska", F, W, "1988", "Tante, zus van Tomasz.",
                called_by_children="tante Małgorzata"),
    PersonInput("Zeynep", "Kowalska", F, W, "08/03/2012", "Tweeling met Emre."),
    PersonInput("Emre", "Kowalski", M, MAN, "08/03/2012", "Tweeling met Zeynep."),
    PersonInput("Jonas", "De Smet", M, MAN, "2015", "Pleegkind bij Elif en Karim."),
    PersonInput("Yasmina", "El Amrani", F, W, "30/11/2020", "Dochter van Elif en Karim."),
)


def load_demo(session: Session) -> None:
    """Create the demo accounts and family in an empty database (the caller commits)."""
    password_hash = hash_password(DEMO_PASSWORD)
    team = Team(name=DEMO_TEAM)
    session.add(team)
    session.flush()
    users = {
        username: User(
            username=username, display_name=name, password_hash=password_hash, role=role,
            team_id=team.id if in_team else None,
            # Confirmed as the server's `sofs confirm-account` would: the demo loader runs
            # on the server, and the demo accounts work at once.
            confirmed_at=utcnow(),
        )
        for username, name, role, in_team in DEMO_ACCOUNTS
    }
    session.add_all(users.values())
    session.flush()
    actor, consultant = (Actor(u.id, u.username, u.display_name, u.role, None, u.team_id)
                         for u in (users["begeleider"], users["consulent"]))
    case_id = create_case(
        session=session,
        actor=actor,
        data=CaseInput(
            family_name=DEMO_FAMILY_NAME,
            hulpvorm=Hulpvorm.CONTEXT_SIGNS_OF_SAFETY,
            referrer_body=ReferrerBody.SDJ,
            consultant_name=users["consulent"].display_name,
            consultant_id=users["consulent"].id,
            start_date=date(2026, 9, 1),
            planned_end_date=date(2027, 3, 1),
            counsellor_ids=(actor.id,),
            status=CaseStatus.ACTIVE,
        ),
    )
    from storage.models import Case

    family_id = session.get_one(Case, case_id).family_id
    ids = {
        member.first_name: add_family_member(session=session, actor=actor, family_id=family_id,
                                             data=member).id
        for member in DEMO_MEMBERS
    }
    load_demo_genogram(session, actor, family_id, ids)
    load_demo_network(session, actor, case_id, ids)
    load_demo_meetings(session, actor, case_id)
    load_demo_plan(session, actor, case_id, consultant)
    load_demo_journal(session, actor, case_id)
    load_demo_child_voice(session, actor, case_id)
    session.add(AppMeta(key=DEMO_MARKER, value=utcnow().isoformat()))
    session.flush()
