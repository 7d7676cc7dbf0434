"""All data of one family's case, as JSON and as a PDF (the right of access).

A minor of 12 or older may read their own dossier, except information about third
parties, information given in confidence and documents for the court (decreet
rechtspositie minderjarige). Their export leaves out the map entries marked so, the notes
about people (they are about others), and the professionals' review thread.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from reportlab.platypus import Flowable
from sqlalchemy import select
from sqlalchemy.orm import Session

from auth import Actor
from auth.access import Need, check_case
from genograms.drawing import Words
from printing.document import Furniture, build, gap, para, style
from storage.enums import AuditAction, Restriction
from storage.models import (
    Case,
    Meeting,
    NetworkRole,
    Person,
    Rating,
    ReviewComment,
    SafetyPlan,
    User,
)

FORMAT = "sofs-family-export/1"


def _value(value: object) -> object:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, StrEnum):  # a coded value
        return value.value
    return value


def _row(obj: object, names: tuple[str, ...]) -> dict[str, object]:
    return {name: _value(getattr(obj, name)) for name in names}


PERSON = ("id", "first_name", "last_name", "sex", "gender", "birth_date", "birth_year",
          "deceased", "death_year", "is_pregnancy")
CASE = ("id", "hulpvorm", "referrer_body", "referrer_other", "consultant_name", "start_date",
        "planned_end_date", "end_date", "status", "closure_reason", "closure_note",
        "destroy_on")
ENTRY = ("category", "text", "voice", "disputed", "family_view", "who", "due_on")
RATING = ("danger_lineage", "rater_name", "rater_role", "score", "reason", "one_point_higher",
          "question")
ROLE = ("person_id", "kind", "for_person_id", "phone", "commitment",
        "told_danger_statements_on", "chosen_on", "parents_consent")
PLAN = ("number", "status", "review_on", "agreed_by", "agreed_on", "approved_by", "approved_on",
        "child_worries", "child_next", "safety_object")
RULE = ("kind", "what", "who", "when", "how_we_know", "if_not_kept")


def family_export(*, session: Session, actor: Actor, case_id: int, for_minor: bool = False
                  ) -> dict[str, Any]:
    """Everything stored about the case and its family, as plain data (recorded as an
    export)."""
    subject = "privacy/export_minor" if for_minor else "privacy/export"
    check_case(session, actor, case_id, Need.EXPORT, subject, action=AuditAction.EXPORT)
    case = session.get_one(Case, case_id)
    person_fields = PERSON if for_minor else (*PERSON, "notes")
    people = session.scalars(select(Person).where(Person.family_id == case.family_id)
                             .order_by(Person.id))
    outsiders = session.scalars(
        select(Person).join(NetworkRole, NetworkRole.person_id == Person.id)
        .where(NetworkRole.case_id == case_id, Person.family_id.is_(None))
        .distinct().order_by(Person.id))
    meetings = []
    for meeting in session.scalars(select(Meeting).where(Meeting.case_id == case_id)
                                   .order_by(Meeting.held_on, Meeting.id)):
        entries = [e for e in meeting.entries
                   if not for_minor or e.restriction is Restriction.NONE]
        ratings = session.scalars(select(Rating).where(Rating.meeting_id == meeting.id)
                                  .order_by(Rating.id))
        meetings.append({
            "held_on": _value(meeting.held_on), "kind": _value(meeting.kind),
            "participants": [{"name": p.name, "role": _value(p.role)}
                             for p in meeting.participants],
            "map": [_row(e, ENTRY) for e in sorted(entries, key=lambda e: (e.position, e.id))],
            "ratings": [_row(r, RATING) for r in ratings],
        })
    plans = [
        {**_row(plan, PLAN), "rules": [
            {**_row(rule, RULE), "members": [m.id for m in rule.members]}
            for rule in plan.rules]}
        for plan in session.scalars(select(SafetyPlan).where(SafetyPlan.case_id == case_id)
                                    .order_by(SafetyPlan.number))
    ]
    data: dict[str, Any] = {
        "format": FORMAT,
        "for_minor": for_minor,
        "family": {"name": case.family.name,
                   "members": [_row(p, person_fields) for p in people],
                   "outside_network": [_row(p, person_fields) for p in outsiders]},
        "case": _row(case, CASE),
        "meetings": meetings,
        "network": [_row(r, ROLE) for r in session.scalars(
            select(NetworkRole).where(NetworkRole.case_id == case_id).order_by(NetworkRole.id))],
        "safety_plans": plans,
    }
    if not for_minor:
        data["review"] = [
            {"author": name, "kind": _value(c.kind), "body": c.body,
             "created_at": _value(c.created_at)}
            for c, name in session.execute(
                select(ReviewComment, User.display_name)
                .join(User, User.id == ReviewComment.author_id)
                .where(ReviewComment.case_id == case_id)
                .order_by(ReviewComment.created_at, ReviewComment.id))]
    return data


def to_json(data: dict[str, Any]) -> bytes:
    return json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8")


# How the PDF names each field (the JSON keeps the code names), and which coded values
# read through which part of the catalogue.
LABELS = {
    "first_name": "field.first_name", "last_name": "field.last_name", "sex": "field.sex",
    "gender": "field.gender", "birth_date": "export_field.birth_date",
    "birth_year": "export_field.birth_year", "deceased": "export_field.deceased",
    "death_year": "field.death_year", "is_pregnancy": "export_field.is_pregnancy",
    "notes": "field.notes", "hulpvorm": "field.hulpvorm", "referrer_body": "field.referrer_body",
    "referrer_other": "field.referrer_other", "consultant_name": "field.consultant_name",
    "start_date": "field.start_date", "planned_end_date": "field.planned_end_date",
    "end_date": "field.end_date", "status": "field.status",
    "closure_reason": "field.closure_reason", "closure_note": "field.closure_note",
    "destroy_on": "field.destroy_on", "category": "export_field.category", "text": "field.text",
    "voice": "export_field.voice", "disputed": "export_field.disputed",
    "family_view": "export_field.family_view", "who": "field.who",
    "due_on": "export_field.due_on", "rater_name": "field.rater_name",
    "rater_role": "export_field.rater_role", "score": "field.score",
    "reason": "export_field.reason", "one_point_higher": "export_field.one_point_higher",
    "question": "field.question", "person_id": "field.person_id",
    "kind": "export_field.kind", "for_person_id": "field.for_person_id",
    "phone": "export_field.phone", "commitment": "export_field.commitment",
    "told_danger_statements_on": "export_field.told_danger_statements_on",
    "chosen_on": "export_field.chosen_on", "parents_consent": "export_field.parents_consent",
    "number": "export_field.number", "review_on": "field.review_on",
    "agreed_by": "field.agreed_by", "agreed_on": "field.agreed_on",
    "approved_by": "field.approved_by", "approved_on": "field.approved_on",
    "child_worries": "field.child_worries", "child_next": "field.child_next",
    "safety_object": "field.safety_object", "what": "field.what", "when": "field.when",
    "how_we_know": "field.how_we_know", "if_not_kept": "field.if_not_kept",
    "members": "export_field.members", "name": "export_field.name", "role": "field.role",
    "author": "export_field.author", "body": "field.body", "created_at": "export_field.created_at",
}
CODED = {"sex": "sex", "gender": "gender", "hulpvorm": "hulpvorm",
         "referrer_body": "referrerbody", "closure_reason": "closurereason",
         "category": "entrycategory", "voice": "voice", "rater_role": "raterrole"}
PEOPLE = {"person_id", "for_person_id", "members"}
LEFT_OUT = {"id", "danger_lineage"}  # codes that mean nothing on paper


def _shown(key: str, value: object, words: Words, names: dict[int, str],
           kinds: dict[str, str]) -> str:
    """One stored value as a reader sees it: words for codes, names for people, dates as
    dd/mm/yyyy, yes for a ticked box."""
    if key in PEOPLE:
        ids = value if isinstance(value, list) else [value]
        return ", ".join(names.get(i, "?") if isinstance(i, int) else "?" for i in ids)
    if key in CODED or key in kinds:
        return words(f"{CODED.get(key) or kinds[key]}.{value}")
    if value is True:
        return words("export.yes")
    if isinstance(value, str) and len(value) >= 10 and value[4] == "-" and value[7] == "-" \
            and value[:4].isdigit():
        return f"{value[8:10]}/{value[5:7]}/{value[:4]}"  # an ISO date or moment
    return str(value)


def to_pdf(data: dict[str, Any], words: Words, *, printed_on: date) -> bytes:
    """The same data as a readable A4 document: a heading per part, a line per item, in
    the reader's words (no codes, no ids)."""
    heading = style(15, bold=True, space_after=6, heading=True)
    sub = style(12, bold=True, space_after=4, heading=True)
    body = style(10.5, space_after=3)
    family = str(data["family"]["name"])
    everyone = [*data["family"]["members"], *data["family"]["outside_network"]]
    names = {int(p["id"]): f"{p['first_name']} {p['last_name']}".strip() for p in everyone}
    story: list[Flowable] = [
        para(words("export.heading", family=family), style(20, bold=True, space_after=6)),
        para(words("export.minor_note") if data["for_minor"] else words("export.full_note"),
             style(10.5, space_after=10)),
    ]

    def items(title: str, rows: list[dict[str, object]], **kinds: str) -> None:
        story.append(para(title, sub))
        if not rows:
            story.append(para("—", body))
        for row in rows:
            text = "; ".join(
                f"{words(LABELS[key])}: {_shown(key, value, words, names, kinds)}"
                for key, value in row.items()
                if key not in LEFT_OUT and value not in (None, "", [], False))
            story.append(para(text, body, label="•"))

    story.append(para(words("export.family"), heading))
    items(words("export.members"), data["family"]["members"])
    items(words("export.outside"), data["family"]["outside_network"])
    story.append(para(words("export.case"), heading))
    items(words("export.case"), [data["case"]], status="casestatus")
    items(words("export.network"), data["network"], kind="networkrolekind")
    for number, meeting in enumerate(data["meetings"], start=1):
        held_on = _shown("held_on", meeting["held_on"], words, names, {})
        story.append(para(words("export.meeting", number=number, date=held_on), heading))
        items(words("export.participants"), meeting["participants"], role="participantrole")
        items(words("export.map"), meeting["map"])
        items(words("export.ratings"), meeting["ratings"])
    for plan in data["safety_plans"]:
        story.append(para(words("export.plan", number=plan["number"]), heading))
        items(words("export.plan_details"),
              [{k: v for k, v in plan.items() if k not in ("rules", "number")}],
              status="planstatus")
        items(words("export.rules"), plan["rules"], kind="rulekind")
    if "review" in data:
        story.append(gap(6))
        story.append(para(words("export.review"), heading))
        items(words("export.review"), data["review"], kind="commentkind")
    return build(story, Furniture(
        title=words("export.title", family=family),
        stamp=words("export.stamp", date=printed_on.strftime("%d/%m/%Y")),
        page_of=lambda page, pages: words("doc.page_of", page=page, pages=pages)),
        subject=words("export.title", family=family))
