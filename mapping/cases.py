"""The case register: families and their cases (begeleidingen).

Services take the session and the acting user as keyword arguments, flush but never commit:
the caller owns the transaction, so a refused save leaves nothing half-written.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from functools import lru_cache
from typing import Any, TypeVar, cast

from sqlalchemy import CursorResult, Select, bindparam, false, func, select, update
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.orm.exc import StaleDataError

from auth import Actor
from auth.access import (
    CASE_MAKERS,
    AccessRefused,
    Need,
    check_case,
    forget_facts,
    record,
    record_list_read,
    require_confirmed,
    visible_cases,
)
from privacy.retention import destruction_date
from registration.care_forms import care_forms
from sofs_core.clock import utcnow
from sofs_core.codes import AuditAction, CaseStatus, ClosureReason, ReferrerBody, Role
from sofs_core.errors import Conflict, FieldError, NotFound, ValidationFailed
from sofs_core.text import family_search_text, full_name, search_key
from storage.models import Case, Family, Person, User, case_counsellors
from storage.search import (
    SearchPlan,
    matches_clause,
    needs_family,
    search_parameters,
    search_plan,
)

EARLIEST_DATE = date(1990, 1, 1)
AnySelect = TypeVar("AnySelect", bound=Select[*tuple[Any, ...]])


@dataclass(frozen=True)
class CaseInput:
    """What the case form sends; None means the field was left empty."""

    family_name: str
    hulpvorm: str | None  # a key of the care forms (registration.care_forms)
    referrer_body: ReferrerBody | None
    start_date: date | None
    counsellor_ids: tuple[int, ...]
    referrer_other: str = ""
    consultant_name: str = ""
    planned_end_date: date | None = None
    status: CaseStatus = CaseStatus.ACTIVE
    # The consultant's account: the case is shared with her (the page does that in the
    # same transaction, with ``mapping.consultation.share_case``). Without one, consultant_name.
    consultant_id: int | None = None
    end_date: date | None = None
    closure_reason: ClosureReason | None = None
    closure_note: str = ""


@dataclass(frozen=True)
class CaseDetail:
    id: int
    version: int
    family_id: int
    family_version: int
    family_name: str
    hulpvorm: str
    referrer_body: ReferrerBody
    referrer_other: str
    consultant_name: str
    counsellor_ids: tuple[int, ...]
    counsellor_names: tuple[str, ...]
    start_date: date
    planned_end_date: date | None
    end_date: date | None
    status: CaseStatus
    closure_reason: ClosureReason | None
    closure_note: str
    destroy_on: date | None = None
    consultant_id: int | None = None

    def as_input(self) -> CaseInput:
        return CaseInput(
            family_name=self.family_name,
            hulpvorm=self.hulpvorm,
            referrer_body=self.referrer_body,
            start_date=self.start_date,
            counsellor_ids=self.counsellor_ids,
            referrer_other=self.referrer_other,
            consultant_name=self.consultant_name,
            planned_end_date=self.planned_end_date,
            status=self.status,
            end_date=self.end_date,
            closure_reason=self.closure_reason,
            closure_note=self.closure_note,
            consultant_id=self.consultant_id,
        )


class OpenState(StrEnum):
    OPEN = "open"
    CLOSED = "closed"
    ALL = "all"


@dataclass(frozen=True)
class CaseFilter:
    text: str = ""
    hulpvormen: tuple[str, ...] = ()
    referrers: tuple[ReferrerBody, ...] = ()
    counsellor_ids: tuple[int, ...] = ()
    statuses: tuple[CaseStatus, ...] = ()
    open_state: OpenState = OpenState.OPEN


@dataclass(frozen=True)
class CaseRow:
    id: int
    family_name: str
    hulpvorm: str
    referrer_body: ReferrerBody
    consultant_name: str
    start_date: date
    planned_end_date: date | None
    end_date: date | None
    status: CaseStatus
    counsellor_names: tuple[str, ...] = field(default=())


def validate_case_input(
    data: CaseInput, *, session: Session, current_counsellors: Sequence[int] = (),
    current_consultant: int | None = None, current_hulpvorm: str | None = None,
) -> list[FieldError]:
    """Problems with the input; counsellors already on the case may have left since, and
    its care form may have left the organisation's list (it stays, never lost)."""
    errors: list[FieldError] = []

    def require(name: str, present: bool) -> None:
        if not present:
            errors.append(FieldError(name, "error.required"))

    require("family_name", bool(data.family_name.strip()))
    require("hulpvorm", data.hulpvorm is not None)
    if data.hulpvorm is not None and data.hulpvorm != current_hulpvorm \
            and data.hulpvorm not in care_forms():
        errors.append(FieldError("hulpvorm", "error.registration.care_form_unknown"))
    require("referrer_body", data.referrer_body is not None)
    require("start_date", data.start_date is not None)
    require("counsellor_ids", bool(data.counsellor_ids))
    if data.referrer_body is ReferrerBody.OTHER:
        require("referrer_other", bool(data.referrer_other.strip()))
    for name in ("start_date", "planned_end_date", "end_date"):
        value = getattr(data, name)
        if value is not None and value < EARLIEST_DATE:
            errors.append(FieldError(name, "error.date_too_early", {"date": EARLIEST_DATE}))
    if data.start_date is not None:
        for name in ("planned_end_date", "end_date"):
            value = getattr(data, name)
            if value is not None and value < data.start_date:
                errors.append(FieldError(name, "error.end_before_start"))
    if data.status is CaseStatus.CLOSED:
        require("end_date", data.end_date is not None)
        require("closure_reason", data.closure_reason is not None)
    new_counsellors = set(data.counsellor_ids) - set(current_counsellors)
    if new_counsellors:
        known = set(session.scalars(select(User.id).where(
            User.id.in_(new_counsellors), User.is_active,
            User.role.in_([Role.COUNSELLOR, Role.TEAM_LEAD]))))
        if known != new_counsellors:
            errors.append(FieldError("counsellor_ids", "error.unknown_counsellor"))
    if data.consultant_id is not None and data.consultant_id != current_consultant:
        consultant = session.get(User, data.consultant_id)
        if consultant is None or consultant.role is not Role.CONSULTANT \
                or not consultant.is_active:
            errors.append(FieldError("consultant_id", "error.not_a_consultant"))
    return errors


def _apply(case: Case, data: CaseInput, counsellors: Sequence[User],
           consultant: User | None = None) -> None:
    if data.hulpvorm is None or data.referrer_body is None or data.start_date is None:
        raise ValueError("case input must be validated before it is applied")
    closed = data.status is CaseStatus.CLOSED
    case.hulpvorm = data.hulpvorm
    case.referrer_body = data.referrer_body
    case.referrer_other = (
        data.referrer_other.strip() if data.referrer_body is ReferrerBody.OTHER else ""
    )
    # A chosen account gives her name; else the name as typed (kept from before accounts).
    case.consultant_id = consultant.id if consultant is not None else None
    case.consultant_name = (consultant.display_name if consultant is not None
                            else data.consultant_name.strip())
    case.start_date = data.start_date
    case.planned_end_date = data.planned_end_date
    case.status = data.status
    # Closure facts belong to a closed case; reopening a case clears them.
    case.end_date = data.end_date if closed else None
    case.closure_reason = data.closure_reason if closed else None
    case.closure_note = data.closure_note if closed else ""
    case.counsellors = list(counsellors)
    # Always touch the row: a change of counsellors alone must move the version on too.
    case.updated_at = utcnow()


def _consultant(session: Session, data: CaseInput) -> User | None:
    return session.get(User, data.consultant_id) if data.consultant_id is not None else None


def member_names(members: Sequence[Person]) -> list[str]:
    return [full_name(p.first_name, p.last_name) for p in members]


def create_case(*, session: Session, actor: Actor, data: CaseInput) -> int:
    """Create a new family with its first case in the actor's team; returns the case id.

    Counsellors and team leads create cases; a counsellor is always among its counsellors
    (else they could not open the case they just made).
    """
    if actor.role not in CASE_MAKERS:
        raise AccessRefused(actor, None, "cases/create_case")
    require_confirmed(session, actor, "cases/create_case")
    if actor.role is Role.COUNSELLOR and actor.id not in data.counsellor_ids:
        data = dataclasses.replace(data, counsellor_ids=(actor.id, *data.counsellor_ids))
    errors = validate_case_input(data, session=session)
    if errors:
        raise ValidationFailed(errors)
    name = data.family_name.strip()
    family = Family(name=name, search_text=family_search_text(name, []))
    case = Case(family=family, created_by_id=actor.id, team_id=actor.team_id)
    counsellors = session.scalars(select(User).where(User.id.in_(data.counsellor_ids))).all()
    _apply(case, data, counsellors, _consultant(session, data))
    session.add(case)
    session.flush()
    record(session, actor, AuditAction.CHANGE, "cases/create_case", case_id=case.id)
    return case.id


def _load_case(session: Session, case_id: int) -> Case:
    case = session.get(
        Case,
        case_id,
        options=[selectinload(Case.counsellors), selectinload(Case.family)],
        populate_existing=True,
    )
    if case is None:
        raise NotFound()
    return case


def _detail(case: Case) -> CaseDetail:
    return CaseDetail(
        id=case.id,
        version=case.version,
        family_id=case.family_id,
        family_version=case.family.version,
        family_name=case.family.name,
        hulpvorm=case.hulpvorm,
        referrer_body=case.referrer_body,
        referrer_other=case.referrer_other,
        consultant_name=case.consultant_name,
        counsellor_ids=tuple(u.id for u in case.counsellors),
        counsellor_names=tuple(u.display_name for u in case.counsellors),
        start_date=case.start_date,
        planned_end_date=case.planned_end_date,
        end_date=case.end_date,
        status=case.status,
        closure_reason=case.closure_reason,
        closure_note=case.closure_note,
        destroy_on=case.destroy_on,
        consultant_id=case.consultant_id,
    )


_FAMILY_NAME = (select(Family.name).join(Case, Case.family_id == Family.id)
                .where(Case.id == bindparam("case_id", type_=Case.id.type)))


def family_name_of_case(*, session: Session, actor: Actor, case_id: int) -> str:
    """Just the family's name, for pages that only need it as their title."""
    check_case(session, actor, case_id, Need.READ, "cases/family_name_of_case")
    name = session.scalar(_FAMILY_NAME, {"case_id": case_id})
    if name is None:
        raise NotFound()
    return name


_CASE_FAMILY = (select(Family.id, Family.name).join(Case, Case.family_id == Family.id)
                .where(Case.id == bindparam("case_id", type_=Case.id.type)))


def family_of_case(*, session: Session, actor: Actor, case_id: int) -> tuple[int, str]:
    """The family's id and name, for pages that need no more of the case (cheaper than
    `get_case`, which loads the case with its counsellors)."""
    check_case(session, actor, case_id, Need.READ, "cases/family_of_case")
    row = session.execute(_CASE_FAMILY, {"case_id": case_id}).first()
    if row is None:
        raise NotFound()
    return int(row[0]), str(row[1])


# A case as its pages read it, built once and read as rows (most pages read it on every
# rerun; building the statements and the ORM objects cost more than SQLite's answers).
_CASE_ID = bindparam("case_id", type_=Case.id.type)
_CASE_ROW = (select(Case.id, Case.version, Case.family_id,
                    Family.version.label("family_version"), Family.name.label("family_name"),
                    Case.hulpvorm, Case.referrer_body, Case.referrer_other,
                    Case.consultant_name, Case.start_date, Case.planned_end_date,
                    Case.end_date, Case.status, Case.closure_reason, Case.closure_note,
                    Case.destroy_on, Case.consultant_id)
             .join(Family, Family.id == Case.family_id).where(Case.id == _CASE_ID))
_CASE_COUNSELLORS = (select(User.id, User.display_name)
                     .join(case_counsellors, case_counsellors.c.user_id == User.id)
                     .where(case_counsellors.c.case_id == _CASE_ID)
                     .order_by(User.display_name))


def get_case(*, session: Session, actor: Actor, case_id: int) -> CaseDetail:
    check_case(session, actor, case_id, Need.READ, "cases/get_case")
    row = session.execute(_CASE_ROW, {"case_id": case_id}).first()
    if row is None:
        raise NotFound()
    counsellors = session.execute(_CASE_COUNSELLORS, {"case_id": case_id}).all()
    return CaseDetail(
        id=row.id, version=row.version, family_id=row.family_id,
        family_version=row.family_version, family_name=row.family_name,
        hulpvorm=row.hulpvorm, referrer_body=row.referrer_body,
        referrer_other=row.referrer_other, consultant_name=row.consultant_name,
        counsellor_ids=tuple(c.id for c in counsellors),
        counsellor_names=tuple(c.display_name for c in counsellors),
        start_date=row.start_date, planned_end_date=row.planned_end_date,
        end_date=row.end_date, status=row.status, closure_reason=row.closure_reason,
        closure_note=row.closure_note, destroy_on=row.destroy_on,
        consultant_id=row.consultant_id)


def update_case(
    *,
    session: Session,
    actor: Actor,
    case_id: int,
    expected_version: int,
    expected_family_version: int,
    data: CaseInput,
) -> CaseDetail:
    """Save the case form; refuse with the stored version if someone saved in between.

    Changing who the counsellors are is the team lead's (``Need.ASSIGN``); closing the case
    sets the date its file is to be destroyed.
    """
    check_case(session, actor, case_id, Need.EDIT, "cases/update_case")
    case = _load_case(session, case_id)
    if case.version != expected_version or case.family.version != expected_family_version:
        raise Conflict(current=_detail(case))
    if set(data.counsellor_ids) != {u.id for u in case.counsellors}:
        check_case(session, actor, case_id, Need.ASSIGN, "cases/assign_counsellors")
    errors = validate_case_input(
        data, session=session, current_counsellors=[u.id for u in case.counsellors],
        current_consultant=case.consultant_id, current_hulpvorm=case.hulpvorm,
    )
    if errors:
        raise ValidationFailed(errors)
    name = data.family_name.strip()
    if case.family.name != name:
        _rename_family(session, case.family, name, expected_family_version)
    counsellors = session.scalars(select(User).where(User.id.in_(data.counsellor_ids))).all()
    _apply(case, data, counsellors, _consultant(session, data))
    case.destroy_on = (destruction_date(case.family.members)
                       if case.status is CaseStatus.CLOSED else None)
    try:
        session.flush()
    except StaleDataError as exc:  # someone saved between our check and our write
        raise Conflict(current=None) from exc
    forget_facts(session)
    return _detail(case)


def assign_counsellors(*, session: Session, actor: Actor, case_id: int, expected_version: int,
                       counsellor_ids: tuple[int, ...]) -> CaseDetail:
    """The team lead chooses who works on a case of their team."""
    check_case(session, actor, case_id, Need.ASSIGN, "cases/assign_counsellors")
    case = _load_case(session, case_id)
    if case.version != expected_version:
        raise Conflict(current=_detail(case))
    if not counsellor_ids:
        raise ValidationFailed([FieldError("counsellor_ids", "error.required")])
    errors = validate_case_input(dataclasses.replace(_detail(case).as_input(),
                                                     counsellor_ids=counsellor_ids),
                                 session=session,
                                 current_counsellors=[u.id for u in case.counsellors],
                                 current_consultant=case.consultant_id,
                                 current_hulpvorm=case.hulpvorm)
    if errors:
        raise ValidationFailed(errors)
    case.counsellors = list(session.scalars(select(User).where(User.id.in_(counsellor_ids))))
    case.updated_at = utcnow()
    try:
        session.flush()
    except StaleDataError as exc:
        raise Conflict(current=None) from exc
    forget_facts(session)
    return _detail(case)


def _rename_family(session: Session, family: Family, name: str, expected_version: int) -> None:
    """Rename only if nobody renamed it meanwhile. The family's version moves on with its
    name alone: adding a member (which changes the search text) is no conflict for the case
    form."""
    search_text = family_search_text(name, member_names(family.members))
    renamed = cast(CursorResult[Any], session.execute(
        update(Family)
        .where(Family.id == family.id, Family.version == expected_version)
        .values(name=name, search_text=search_text, version=Family.version + 1)
        .execution_options(synchronize_session="fetch")
    ))
    if renamed.rowcount != 1:
        raise Conflict(current=None)


def _filtered(query: AnySelect, filters: CaseFilter, search: SearchPlan | None) -> AnySelect:
    """The query narrowed to the filters; it must select from cases, joined to families
    when the search reads them (``needs_family``)."""
    if search is not None:
        # Only letters and digits are searched: a query of punctuation finds nothing.
        query = query.where(matches_clause(search, family_id=Case.family_id)
                            if search.key else false())
    if filters.hulpvormen:
        query = query.where(Case.hulpvorm.in_(filters.hulpvormen))
    if filters.referrers:
        query = query.where(Case.referrer_body.in_(filters.referrers))
    if filters.statuses:
        query = query.where(Case.status.in_(filters.statuses))
    if filters.open_state == OpenState.OPEN:
        query = query.where(Case.status != CaseStatus.CLOSED)
    elif filters.open_state == OpenState.CLOSED:
        query = query.where(Case.status == CaseStatus.CLOSED)
    if filters.counsellor_ids:
        query = query.where(
            Case.id.in_(
                select(case_counsellors.c.case_id).where(
                    case_counsellors.c.user_id.in_(filters.counsellor_ids)
                )
            )
        )
    return query


def _search(session: Session, filters: CaseFilter) -> SearchPlan | None:
    """How the text filter searches (None: no text filter; an empty key finds nothing)."""
    if not filters.text.strip():
        return None
    key = search_key(filters.text)
    return search_plan(session, key) if key else SearchPlan("", by_index=False)


def _matching(actor: Actor, filters: CaseFilter, search: SearchPlan | None) -> Select[int]:
    """The ids of the cases ``actor`` may see that match the filters. The families are
    joined only when the search reads them: the families a search found are tested on the
    case's own family_id, which the list's index covers (ix_cases_family_list)."""
    query = select(Case.id).where(visible_cases(actor))
    if needs_family(search):
        query = query.join(Family, Case.family_id == Family.id)
    return _filtered(query, filters, search)


# Building a statement costs more than SQLite takes to answer it (about 1 ms of the list's
# 2): the list reruns while the user reads or types, so each user's statements for the same
# filters and page are built once (an actor carries its id, role and team).
@lru_cache(maxsize=256)
def _count_statement(actor: Actor, filters: CaseFilter, search: SearchPlan | None,
                     cap: int | None) -> Select[int]:
    matching = _matching(actor, filters, search)
    if cap is not None:
        matching = matching.limit(cap + 1)
    return select(func.count()).select_from(matching.subquery())


@lru_cache(maxsize=256)
def _page_statement(actor: Actor, filters: CaseFilter, search: SearchPlan | None,
                    limit: int | None, offset: int) -> Select[*tuple[Any, ...]]:
    """One page: its case ids chosen first, from the cases alone, then only those read with
    their family's name (a search that finds hundreds of families would otherwise read
    each family before the page is cut)."""
    newest_first = (Case.start_date.desc(), Case.id.desc())
    page = (_matching(actor, filters, search).order_by(*newest_first)
            .limit(limit).offset(offset))
    return (select(
        Case.id,
        Family.name,
        Case.hulpvorm,
        Case.referrer_body,
        Case.consultant_name,
        Case.start_date,
        Case.planned_end_date,
        Case.end_date,
        Case.status,
    ).join(Family, Case.family_id == Family.id)
        .where(Case.id.in_(page.scalar_subquery()))
        .order_by(*newest_first))


_COUNSELLOR_NAMES = (
    select(case_counsellors.c.case_id, User.display_name)
    .join(User, User.id == case_counsellors.c.user_id)
    .where(case_counsellors.c.case_id.in_(bindparam("case_ids", expanding=True)))
    .order_by(User.display_name)
)


def count_cases(*, session: Session, actor: Actor, filters: CaseFilter,
                cap: int | None = None) -> int:
    """How many of the cases ``actor`` may see match the filters; with ``cap``, counting
    stops after ``cap + 1`` (so a result above ``cap`` means "more than ``cap``")."""
    search = _search(session, filters)
    return session.scalar(_count_statement(actor, filters, search, cap),
                          search_parameters(search)) or 0


# The pager counts at most this many cases past the page's start: counting all of a large
# register on every rerun would cost more than the page itself (the list stops after a page).
COUNT_CAP = 1000


@dataclass(frozen=True)
class CasePage:
    rows: list[CaseRow]
    total: int  # all matching cases, not only this page's (at least this many if capped)
    capped: bool = False  # more than ``total`` cases match: the count stopped there


def list_cases(
    *, session: Session, actor: Actor, filters: CaseFilter, limit: int | None = None,
    offset: int = 0,
) -> CasePage:
    """Cases matching the filters, newest start first, with their counsellors' names.

    limit/offset give one page of the list, so a register of thousands stays quick. The
    total is a query of its own: `count(*) OVER ()` would make SQLite read every match
    before the limit, three times slower than both queries together (measured). With a
    limit it counts no further than COUNT_CAP cases past ``offset`` (``CasePage.capped``).
    """
    record_list_read(session, actor, "cases/list_cases")
    search = _search(session, filters)
    found = session.execute(_page_statement(actor, filters, search, limit, offset),
                            search_parameters(search)).all()
    cap = None if limit is None else offset + COUNT_CAP
    total = count_cases(session=session, actor=actor, filters=filters, cap=cap)
    capped = cap is not None and total > cap
    total = min(total, cap) if cap is not None else total
    if not found:
        return CasePage([], total, capped)
    names: dict[int, list[str]] = defaultdict(list)
    for case_id, display_name in session.execute(
            _COUNSELLOR_NAMES, {"case_ids": [row.id for row in found]}):
        names[case_id].append(display_name)
    rows = [
        CaseRow(
            id=row.id,
            family_name=row.name,
            hulpvorm=row.hulpvorm,
            referrer_body=row.referrer_body,
            consultant_name=row.consultant_name,
            start_date=row.start_date,
            planned_end_date=row.planned_end_date,
            end_date=row.end_date,
            status=row.status,
            counsellor_names=tuple(names[row.id]),
        )
        for row in found
    ]
    return CasePage(rows, total, capped)
