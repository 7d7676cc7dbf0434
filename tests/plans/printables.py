"""Documents' input built by hand, so any text can go into every field without a database."""

from __future__ import annotations

from datetime import date

from genograms.network import NetworkMember
from mapping.cases import CaseDetail
from mapping.map import EntryView, MapView, Pair
from mapping.scaling import HistoryPoint
from plans.compare import PlanChanges, RuleChange
from plans.printouts import Child, PlanPrint, ReportPrint
from plans.versions import DangerRef, MemberRef, PlanSummary, PlanView, RuleView
from sofs_core.codes import (
    CaseStatus,
    EntryCategory,
    Hulpvorm,
    NetworkRoleKind,
    PlanStatus,
    RaterRole,
    ReferrerBody,
    RuleKind,
    Sex,
    SupportDirection,
    TieStrength,
    Voice,
)

DANGER = "a" * 32


def member(person_id: int, name: str, kind: NetworkRoleKind, text: str = "", *,
           for_person_id: int | None = None) -> NetworkMember:
    return NetworkMember(
        role_id=person_id * 10 + len(kind.value), person_id=person_id, name=name, sex=Sex.FEMALE,
        in_family=False, kind=kind, for_person_id=for_person_id,
        for_name="Zeynep" if for_person_id else "", phone=f"0470 00 00 {person_id:02d}",
        commitment=text, told_danger_statements_on=None, chosen_on=None, parents_consent=False,
        tie=TieStrength.STRONG, support=SupportDirection.TO_FAMILY, version=1)


def rule(number: int, text: str, members: tuple[MemberRef, ...], *,
         kind: RuleKind = RuleKind.IMMEDIATE) -> RuleView:
    return RuleView(id=number, version=1, lineage=f"{number:032d}", kind=kind, position=number,
                    what=f"{text} {number}", who=text, when=text, how_we_know=text,
                    if_not_kept=text, danger_lineages=(DANGER,), members=members)


def plan_print(text: str, *, rules: int = 2, network: int = 3, names: tuple[str, ...] = (),
               status: PlanStatus = PlanStatus.AGREED) -> PlanPrint:
    """A plan whose every text field holds ``text``; people called ``names`` (or ``text``)."""
    people = [names[i % len(names)] if names else f"{text} {i}" for i in range(network)]
    network_members = [member(1, people[0], NetworkRoleKind.CHAIR, text)]
    network_members += [member(i + 1, people[i], NetworkRoleKind.TRUSTED_PERSON, text,
                               for_person_id=99) for i in range(1, network)]
    helpers = tuple(MemberRef(m.person_id, m.name) for m in network_members[:2])
    plan = PlanView(
        id=1, case_id=1, number=2, status=status, version=3, based_on_id=None,
        review_on=date(2027, 1, 12), agreed_by=text, agreed_on=date(2026, 11, 23),
        approved_by=text, approved_on=None, submitted_on=None, child_worries=text,
        child_next=text,
        safety_object=text,
        rules=tuple(rule(n, text, helpers, kind=RuleKind.STRUCTURAL if n % 3 == 0
                         else RuleKind.IMMEDIATE) for n in range(1, rules + 1)),
        dangers=(DangerRef(DANGER, 1, text, text),))
    return PlanPrint(family_name=text, printed_on=date(2026, 11, 23), plan=plan,
                     network=tuple(network_members), children=(Child(99, people[-1]),),
                     genogram=None)


def _entry(number: int, category: EntryCategory, text: str) -> EntryView:
    return EntryView(id=number, version=1, lineage=f"{number:032d}" if number else DANGER,
                     category=category, text=text, voice=Voice.FAMILY, position=number,
                     disputed=False, family_view="", danger_lineage=None, who="", due_on=None)


def report_print(data: PlanPrint, text: str, *, meetings: int = 3) -> ReportPrint:
    entries = {category: (_entry(n, category, text),)
               for n, category in enumerate(EntryCategory)}
    danger = entries[EntryCategory.DANGER_STATEMENT][0]
    case = CaseDetail(
        id=1, version=1, family_id=1, family_version=1, family_name=data.family_name,
        hulpvorm=Hulpvorm.CONTEXT_SIGNS_OF_SAFETY, referrer_body=ReferrerBody.OCJ,
        referrer_other="", consultant_name=text, counsellor_ids=(1,), counsellor_names=(text,),
        start_date=date(2026, 1, 5), planned_end_date=None, end_date=None,
        status=CaseStatus.ACTIVE, closure_reason=None, closure_note="")
    history = tuple(
        HistoryPoint(meeting_id=m, meeting_number=m, held_on=date(2026, 1, 5),
                     danger_lineage=None, rater_name=name, rater_role=RaterRole.PARENT,
                     score=(m + i) % 11)
        for m in range(1, meetings + 1) for i, name in enumerate((text, "Elif", "Karim")))
    older = PlanView(**{**data.plan.__dict__, "number": 1, "rules": data.plan.rules[:1]})
    changes = PlanChanges(older, data.plan, tuple(RuleChange(None, r, ())
                                                  for r in data.plan.rules[1:]), (), (), ())
    return ReportPrint(
        case=case, meetings=meetings, latest_meeting_on=date(2026, 11, 3),
        map=MapView(1, entries, (Pair(danger, entries[EntryCategory.SAFETY_GOAL][0]),), ()),
        history=history, dangers={DANGER: text},
        versions=(PlanSummary(1, 2, PlanStatus.DRAFT, None, None, None),
                  PlanSummary(2, 1, PlanStatus.APPROVED, date(2027, 1, 1), date(2026, 10, 1),
                              date(2026, 10, 8))),
        changes=changes, ecogram=None)
