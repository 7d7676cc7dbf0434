"""All data of one family's case, as JSON and as a PDF (the right of access).

A minor of 12 or older may read their own dossier, except information about third
parties, information given in confidence and documents for the court (decreet
rechtspositie minderjarige). Their export leaves out the map entries marked so, the notes
about people (they are about others), and the professionals' review thread.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from reportlab.platypus import Flowable
from sqlalchemy import select
from sqlalchemy.orm import Session

from auth import Actor
from auth.access import Need, check_case
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

Words = Callable[..., str]
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


def to_pdf(data: dict[str, Any], words: Words, *, printed_on: date) -> bytes:
    """The same data as a readable A4 document: a heading per part, a line per item."""
    heading = style(15, bold=True, space_after=6, heading=True)
    sub = style(12, bold=True, space_after=4, heading=True)
    body = style(10.5, space_after=3)
    family = str(data["family"]["name"])
    story: list[Flowable] = [
        para(words("export.heading", family=family), style(20, bold=True, space_after=6)),
        para(words("export.minor_note") if data["for_minor"] else words("export.full_note"),
             style(10.5, space_after=10)),
    ]

    def items(title: str, rows: list[dict[str, object]]) -> None:
        story.append(para(title, sub))
        if not rows:
            story.append(para("—", body))
        for row in rows:
            text = "; ".join(f"{key}: {value}" for key, value in row.items()
                             if value not in (None, "", [], False))
            story.append(para(text, body, label="•"))

    story.append(para(words("export.family"), heading))
    items(words("export.members"), data["family"]["members"])
    items(words("export.outside"), data["family"]["outside_network"])
    story.append(para(words("export.case"), heading))
    items(words("export.case"), [data["case"]])
    items(words("export.network"), data["network"])
    for number, meeting in enumerate(data["meetings"], start=1):
        story.append(para(words("export.meeting", number=number, date=meeting["held_on"]),
                          heading))
        items(words("export.participants"), meeting["participants"])
        items(words("export.map"), meeting["map"])
        items(words("export.ratings"), meeting["ratings"])
    for plan in data["safety_plans"]:
        story.append(para(words("export.plan", number=plan["number"]), heading))
        items(words("export.plan_details"),
              [{k: v for k, v in plan.items() if k != "rules"}])
        items(words("export.rules"), plan["rules"])
    if "review" in data:
        story.append(gap(6))
        story.append(para(words("export.review"), heading))
        items(words("export.review"), data["review"])
    return build(story, Furniture(
        title=words("export.title", family=family),
        stamp=words("export.stamp", date=printed_on.strftime("%d/%m/%Y")),
        page_of=lambda page, pages: words("doc.page_of", page=page, pages=pages)),
        subject=words("export.title", family=family))
