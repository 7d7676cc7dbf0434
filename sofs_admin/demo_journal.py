"""The demo family's trajectory (the road to closure) and two weeks of its safety journal,
on the agreements of plan version 1 (agreed on 20/10/2026, approved by the consultant)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from auth import Actor
from plans.journal import JournalInput, add_journal_entry, safety_journal
from plans.trajectory import StepInput, add_trajectory_step, save_trajectory
from sofs_core.codes import JournalSource, PlanStatus, StepKind
from storage.models import PlanRule, SafetyPlan

JOURNAL_UNTIL = date(2026, 11, 22)  # the last day of the two weeks in the journal
PAPER = JournalSource.PAPER

# (day of November 2026, who by first name, agreement number in version 1, kept, words)
REPORTS = (
    (9, "Ayşe", 1, True, "Zondag verteld: Karim ging dinsdag naar buiten toen het hoog "
                         "opliep. Na een halfuur kwam hij rustig terug."),
    (10, "Marleen", 3, True, "Niets gehoord deze week. Alles rustig."),
    (11, "Elif", 4, True, "Alle drie naar school en naar de crèche geweest."),
    (13, "Zeynep", 2, True, "Ik heb tante gebeld omdat het lawaai maakte. Ze kwam meteen."),
    (14, "Elif", 1, False, "Karim bleef binnen. Hij riep, ik heb oma gebeld en de kinderen "
                           "gingen naar haar toe."),
    (16, "Ayşe", 1, True, "De kinderen vertelden dat Karim twee keer buiten is gaan wandelen."),
    (18, "Marleen", 3, False, "Ik hoorde roepen maar heb niet gebeld. Ik wist niet of de "
                              "kinderen thuis waren."),
    (19, "Małgorzata", 2, True, "Zeynep stuurde een berichtje over haar oplader. Ik heb haar "
                                "opgehaald, ze bleef slapen."),
    (20, "Elif", 4, True, "Emre was één dag ziek; de school wist het om 8 uur."),
    (22, "Ayşe", 1, True, "Rustige week. Karim zegt dat het buiten wandelen helpt."),
)


def load_demo_journal(session: Session, actor: Actor, case_id: int) -> None:
    save_trajectory(
        session=session, actor=actor, case_id=case_id, expected_version=0, works_weeks=12,
        closure_words="De hulp stopt als mama en Karim drie maanden lang ruzies oplossen "
                      "zonder duwen of gooien, en Zeynep, Emre, Jonas en Yasmina zeggen dat "
                      "ze zich thuis veilig voelen.", on=JOURNAL_UNTIL)
    for on, kind, text, done in (
            (date(2026, 11, 17), StepKind.OTHER, "Huisbezoek: samen het dagboek lezen", True),
            (date(2026, 12, 8), StepKind.NETWORK_MEETING,
             "Met oma Ayşe, tante Małgorzata, Marleen en de school", False),
            (date(2027, 2, 2), StepKind.NETWORK_MEETING,
             "Samen kijken of de hulp kan stoppen", False)):
        add_trajectory_step(session=session, actor=actor, case_id=case_id,
                            data=StepInput(on, kind, text, done))
    plan_id = session.scalars(select(SafetyPlan.id).where(
        SafetyPlan.case_id == case_id, SafetyPlan.status == PlanStatus.APPROVED)).one()
    rules = list(session.scalars(select(PlanRule.id).where(PlanRule.plan_id == plan_id)
                                 .order_by(PlanRule.position)))
    people = {name.split()[0]: person_id for person_id, name in safety_journal(
        session=session, actor=actor, case_id=case_id, on=JOURNAL_UNTIL).people.items()}
    for day, who, number, kept, words in REPORTS:
        add_journal_entry(session=session, actor=actor, case_id=case_id, data=JournalInput(
            date(2026, 11, day), rules[number - 1], kept, words, people[who],
            source=PAPER if who in ("Elif", "Zeynep") else JournalSource.TOLD),
            on=JOURNAL_UNTIL)
