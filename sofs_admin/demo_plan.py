"""The demo family's safety plan: version 1 agreed, submitted and approved by the
consultant in the tool, version 2 a draft that tightens one agreement and adds one, so the
versions can be compared."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from auth import Actor
from mapping.consultation import add_comment, share_case
from plans.review import approve_plan, submit_for_review
from plans.versions import (
    ChildPage,
    PlanDetails,
    RuleInput,
    add_rule,
    latest_dangers,
    mark_agreed,
    network_people,
    open_draft,
    update_child_page,
    update_details,
    update_rule,
)
from sofs_core.codes import RuleKind
from storage.models import Case, Person

NOW, LATER = RuleKind.IMMEDIATE, RuleKind.STRUCTURAL


# A child's own page of the plan: first name, who worried about what, what happens now,
# the child's sign or safety object.
CHILD_PAGES = (
    ("Zeynep",
     "Je vertelde aan de school dat mama en Karim soms zo hard ruzie maken dat er geduwd "
     "en gegooid wordt. Emre werd daarbij geraakt. De school, Lotte en Sofie vonden dat "
     "het zo niet verder kon.",
     "Als het thuis te hoog oploopt, gaat Karim naar buiten. Jij mag altijd tante "
     "Małgorzata bellen, dag en nacht: zij komt je dan halen.",
     "Een berichtje aan tante Małgorzata: 'Mag ik mijn oplader komen halen?'"),
    ("Emre",
     "Je werd geraakt toen je tussen mama en Karim ging staan. De school zag de blauwe "
     "plek en maakte zich zorgen, net als Lotte en Sofie.",
     "Als het thuis te hoog oploopt, gaat Karim naar buiten. Je hoeft niet meer tussen "
     "hen in te gaan staan: bel oma Ayşe, dan komt zij.",
     "Je stuurt oma Ayşe een duim omlaag (👎): zij belt dan meteen."),
    ("Jonas",
     "Soms maakten mama Elif en Karim zo hard ruzie dat er geduwd en gegooid werd. Jij "
     "hoorde dat vanuit je kamer. De school, Lotte en Sofie vonden dat niet goed.",
     "Als het thuis te hoog oploopt, gaat Karim naar buiten. Jij mag dan naar oma Ayşe "
     "gaan, om de hoek. Zij weet dat je mag komen.",
     "Je voetbalsjaal aan de deurklink van je kamer: dan komt oma Ayşe kijken."),
)


def load_demo_plan(session: Session, actor: Actor, case_id: int, consultant: Actor) -> None:
    fights, school = (d.lineage for d in latest_dangers(session, case_id))
    people = {name.split()[0]: person_id for person_id, name in network_people(
        session=session, actor=actor, case_id=case_id).items()}
    aunt, oma, neighbour, teacher = (people[n] for n in ("Małgorzata", "Ayşe", "Marleen", "An"))
    plan = open_draft(session=session, actor=actor, case_id=case_id)
    rules = (
        RuleInput(NOW, "Als een discussie te hoog oploopt, gaat Karim naar buiten. Hij komt "
                  "pas terug als hij rustig is.", "Karim", "Telkens als het te hoog oploopt",
                  "Elif en de kinderen vertellen het aan oma Ayşe op zondag.",
                  "Elif belt oma Ayşe, en de kinderen gaan naar oma.", (fights,), (oma,)),
        RuleInput(NOW, "Zeynep mag tante Małgorzata altijd bellen als ze zich niet veilig "
                  "voelt. Tante komt haar dan halen.", "Zeynep en tante Małgorzata",
                  "Dag en nacht", "Tante vertelt het aan Lotte bij elk bezoek.",
                  "Oma Ayşe komt in de plaats van tante.", (fights,), (aunt,)),
        RuleInput(NOW, "Marleen belt oma Ayşe als ze ruzie hoort terwijl de kinderen thuis "
                  "zijn.", "Marleen", "Altijd", "Oma Ayşe houdt bij wanneer Marleen belt.",
                  "Oma Ayşe roept het netwerk samen.", (fights,), (neighbour, oma)),
        RuleInput(LATER, "Zeynep en Emre gaan elke schooldag naar school. Yasmina gaat naar "
                  "de crèche of naar oma.", "Elif", "Elke schooldag",
                  "De school meldt een afwezigheid dezelfde dag aan Elif en Lotte.",
                  "Lotte en Elif zoeken samen met oma een oplossing voor die week.",
                  (school,), (teacher, oma)),
    )
    for rule in rules:
        add_rule(session=session, actor=actor, plan_id=plan.id, data=rule)
    plan = update_details(session=session, actor=actor, plan_id=plan.id,
                          expected_version=plan.version, data=PlanDetails(
        date(2027, 1, 12),
        "De school, Lotte en Sofie waren bezorgd omdat mama en Karim soms zo hard ruzie "
        "maakten dat er geduwd en gegooid werd. Emre werd toen geraakt.",
        "Als het thuis te hoog oploopt, gaat Karim naar buiten. Jij mag altijd tante "
        "Małgorzata bellen, en oma Ayşe komt helpen.",
        "De blauwe knuffelbeer van oma"))
    # Zeynep (14) and Emre (14) get their own words and their own sign, not their little
    # sister's bear; Jonas (11) lives with the family as a foster child: his own story too.
    for name, worries, next_, sign in CHILD_PAGES:
        child_id = session.scalars(
            select(Person.id).join(Case, Case.family_id == Person.family_id)
            .where(Case.id == case_id, Person.first_name == name)).one()
        plan = update_child_page(session=session, actor=actor, plan_id=plan.id,
                                 expected_version=plan.version,
                                 data=ChildPage(child_id, worries, next_, sign))
    plan = mark_agreed(session=session, actor=actor, plan_id=plan.id,
                       expected_version=plan.version,
                       agreed_by="Elif, Karim, oma Ayşe en tante Małgorzata",
                       agreed_on=date(2026, 10, 20))
    share_case(session=session, actor=actor, case_id=case_id, consultant_id=consultant.id)
    plan = submit_for_review(session=session, actor=actor, plan_id=plan.id,
                             expected_version=plan.version, on=date(2026, 10, 21))
    approve_plan(session=session, actor=consultant, plan_id=plan.id,
                 expected_version=plan.version, on=date(2026, 10, 27),
                 note="Goedgekeurd. Graag bij de volgende netwerkbijeenkomst bekijken of de "
                      "afspraak met de school werkt.")
    draft = open_draft(session=session, actor=actor, case_id=case_id)
    first = draft.rules[0]
    update_rule(session=session, actor=actor, rule_id=first.id, expected_version=first.version,
                data=RuleInput(NOW, first.what, "Karim", "Telkens als het te hoog oploopt, "
                               "ook als de kinderen slapen", first.how_we_know,
                               first.if_not_kept, first.danger_lineages, (oma, aunt)))
    add_rule(session=session, actor=actor, plan_id=draft.id, data=RuleInput(
        LATER, "Elif en Karim gaan samen naar de relatietherapeut, om de twee weken.",
        "Elif en Karim", "Om de twee weken op dinsdag", "Ze vertellen het aan Lotte.",
        "Lotte bespreekt het op de volgende netwerkbijeenkomst.", (fights,), ()))
    add_comment(session=session, actor=actor, case_id=case_id, plan_id=draft.id,
                body="Versie 2 bespreken we met het gezin op de volgende bijeenkomst.")
