"""The annual figures of a hand-counted year (tests/registration/fixture.py), number by
number, on SQLite and PostgreSQL. Every expected value below is counted by hand from the
table of the fixture; the comments show the count."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from registration.figures import (
    AnnualFigures,
    FormFigures,
    Period,
    Share,
    annual_figures,
    family_names,
)
from sofs_core.codes import AuditAction, Hulpvorm, Outcome, ProcedureKind, ReferrerBody
from sofs_core.errors import PermissionDenied
from storage.db import transaction
from storage.models import AuditEvent
from tests.registration.fixture import Year, build_year

Y2022 = Period.year(2022)


@pytest.fixture
def year(factory: sessionmaker[Session]) -> Year:
    return build_year(factory)


def _figures(factory: sessionmaker[Session], year: Year, actor_name: str = "lead",
             period: Period = Y2022) -> AnnualFigures:
    with transaction(factory) as s:
        return annual_figures(session=s, actor=getattr(year, actor_name), period=period)


def _form(figures: AnnualFigures, form: Hulpvorm) -> FormFigures:
    return next(f for f in figures.forms if f.hulpvorm == form)


def _names(year: Year, ids: tuple[int, ...]) -> list[str]:
    by_id = {v: k for k, v in year.case_ids.items()}
    return sorted(by_id[i] for i in ids)


def _pct(share: Share) -> tuple[int, int, int | None]:
    return share.count, share.total, share.percent


def test_crisis_intervention_counted_by_hand(factory: sessionmaker[Session], year: Year) -> None:
    ci = _form(_figures(factory, year), Hulpvorm.CRISIS_INTERVENTION)
    # A6 ended in 2021 and A7 starts in 2023: they do not count.
    assert _names(year, ci.counted) == ["A1", "A2", "A3", "A4", "A5", "A8"]
    assert _names(year, ci.started) == ["A1", "A2", "A3", "A5"]
    assert _names(year, ci.ended) == ["A1", "A2", "A3", "A4"]
    # police 3 of 6, the client, the Crisismeldpunt and the SDJ 1 each (16,7 -> 17)
    assert {r: _pct(s) for r, s in ci.referrers.items()} == {
        ReferrerBody.POLICE_PROSECUTOR: (3, 6, 50), ReferrerBody.CLIENT: (1, 6, 17),
        ReferrerBody.CRISIS_HOTLINE: (1, 6, 17), ReferrerBody.SDJ: (1, 6, 17)}
    assert _names(year, ci.referrers[ReferrerBody.POLICE_PROSECUTOR].cases) == ["A1", "A2",
                                                                                 "A5"]
    # minors: A1 girl 13, A2 boy 6, A3 girl 13 and boy 10, A4 girl 15, A5 boy (2010) 12
    assert ci.minors == 6
    assert _pct(ci.girls) == (3, 6, 50) and _pct(ci.boys) == (3, 6, 50)
    assert _pct(ci.older_than_12) == (4, 6, 67)
    assert _names(year, ci.older_than_12.cases) == ["A1", "A3", "A4", "A5"]
    assert _pct(ci.adults) == (0, 6, 0)
    # A1's M-document in 2022; A8's VIST was started in 2021
    assert _pct(ci.procedures[ProcedureKind.M_DOCUMENT]) == (1, 6, 17)
    assert _pct(ci.procedures[ProcedureKind.VIST]) == (0, 6, 0)
    # 3, 4, 3 and 4 calendar days
    assert ci.duration_days.value == Decimal("3.5")
    # direct contact 180, 240, 180 and 120 minutes; 720 minutes over 14 days is 360 a week
    assert ci.direct_minutes_per_case.value == 180
    assert ci.direct_minutes_per_week.value == 360
    assert ci.external_minutes_per_case.value == 15  # A3's hour of consultation over 4
    # answered by A1, A2 and A3 (A4 answered nothing)
    assert {o: _pct(s) for o, s in ci.outcomes.items()} == {
        Outcome.CRISIS_RESOLVED: (1, 3, 33), Outcome.SAFE_ENOUGH: (2, 3, 67),
        Outcome.ROUTINES_RESTORED: (1, 3, 33), Outcome.PLACEMENT_AVOIDED: (2, 3, 67)}
    assert _pct(ci.early_stop) == (1, 4, 25) and _names(year, ci.early_stop.cases) == ["A3"]
    assert _pct(ci.parents_responded) == (1, 2, 50) and ci.parents_score.value == 8
    assert _pct(ci.young_responded) == (1, 1, 100) and ci.young_score.value == Decimal("9.5")


def test_ikt_and_cbaw_counted_by_hand(factory: sessionmaker[Session], year: Year) -> None:
    figures = _figures(factory, year)
    ikt = _form(figures, Hulpvorm.IKT)
    assert _names(year, ikt.counted) == ["B1", "B2", "B3", "B4"]
    assert _names(year, ikt.started) == ["B2", "B3", "B4"]
    assert _names(year, ikt.ended) == ["B1", "B2", "B4"]
    assert _pct(ikt.referrers[ReferrerBody.SDJ]) == (2, 4, 50)
    assert _pct(ikt.girls) == (2, 3, 67) and _pct(ikt.older_than_12) == (1, 3, 33)
    assert _pct(ikt.procedures[ProcedureKind.M_DOCUMENT]) == (1, 4, 25)
    # 181 + 183 + 92 days
    assert ikt.duration_days.value == 152
    assert ikt.direct_minutes_per_case.value == 440  # (600 + 720 + 0) / 3
    assert ikt.direct_minutes_per_week.value == Decimal(1320 * 7) / 456
    assert _pct(ikt.outcomes[Outcome.PLACEMENT_AVOIDED]) == (2, 3, 67)
    assert _pct(ikt.outcomes[Outcome.NO_OR_LIGHT_HELP]) == (1, 3, 33)
    assert _pct(ikt.early_stop) == (1, 3, 33)
    assert _pct(ikt.parents_responded) == (2, 3, 67)
    assert ikt.parents_score.value == Decimal("8.5")
    cbaw = _form(figures, Hulpvorm.CBAW)
    assert _names(year, cbaw.counted) == ["C1", "C2"]
    # C1 17, C2 19 and one of unknown age and sex
    assert cbaw.minors == 3 and _pct(cbaw.adults) == (1, 3, 33)
    assert _pct(cbaw.older_than_12) == (2, 3, 67)
    assert cbaw.duration_days.value == 320  # 17 days of January, then 303 to 30 November
    assert _pct(cbaw.outcomes[Outcome.WORK_OR_DAY_ACTIVITY]) == (0, 1, 0)
    assert _pct(cbaw.outcomes[Outcome.STABLE_HOUSING]) == (1, 1, 100)


def test_totals_and_what_is_missing(factory: sessionmaker[Session], year: Year) -> None:
    figures = _figures(factory, year)
    total = figures.total
    tb = _form(figures, Hulpvorm.HOME_SUPPORT)
    assert len(tb.counted) == 12 and len(tb.ended) == 0 and tb.duration_days.value is None
    assert _pct(tb.referrers[ReferrerBody.VK]) == (3, 12, 25)
    assert [f.hulpvorm for f in figures.forms] == [
        Hulpvorm.CRISIS_INTERVENTION, Hulpvorm.IKT, Hulpvorm.HOME_SUPPORT, Hulpvorm.CBAW]
    assert (len(total.counted), len(total.started), len(total.ended)) == (24, 21, 8)
    # 3 of 24 is 12,5%: rounded half up, as the report does
    assert _pct(total.referrers[ReferrerBody.POLICE_PROSECUTOR]) == (3, 24, 13)
    assert _pct(total.referrers[ReferrerBody.OCJ]) == (10, 24, 42)
    assert _pct(total.referrers[ReferrerBody.CLIENT]) == (2, 24, 8)
    assert _pct(total.girls) == (12, 24, 50) and _pct(total.older_than_12) == (13, 24, 54)
    assert total.duration_days.value == Decimal("98.75")  # 14 + 456 + 320 days over 8
    assert total.direct_minutes_per_case.value == Decimal("288.75")  # 2310 over 8
    assert _pct(total.outcomes[Outcome.PLACEMENT_AVOIDED]) == (4, 6, 67)
    assert _pct(total.outcomes[Outcome.NO_OR_LIGHT_HELP]) == (2, 4, 50)
    assert _pct(total.early_stop) == (2, 8, 25)
    assert _pct(total.parents_responded) == (3, 5, 60)
    assert total.parents_score.value == Decimal(25) / 3
    assert _pct(total.procedures[ProcedureKind.M_DOCUMENT]) == (2, 24, 8)
    missing = figures.missing
    assert _names(year, missing.ended_without_outcome) == ["A4"]
    assert _names(year, missing.without_minors) == ["A8", "B4"]
    assert _names(year, missing.ended_without_contacts) == ["B4"]
    assert _names(year, missing.minors_without_age) == ["C2"]


def test_any_period_counts_by_the_same_rules(factory: sessionmaker[Session], year: Year
                                             ) -> None:
    figures = _figures(factory, year, period=Period(date(2022, 1, 1), date(2022, 1, 31)))
    ci = _form(figures, Hulpvorm.CRISIS_INTERVENTION)
    assert _names(year, ci.counted) == ["A1", "A4", "A8"]
    assert _names(year, ci.ended) == ["A1", "A4"]


def test_each_role_reads_only_its_figures(factory: sessionmaker[Session], year: Year) -> None:
    everything = _figures(factory, year, "management")
    assert len(everything.total.counted) == 25  # team B's Z1 too
    other = _figures(factory, year, "other_lead")
    assert other.total.counted == (year.other_team_case,)
    for role in ("counsellor", "admin"):
        with pytest.raises(PermissionDenied), transaction(factory) as s:
            annual_figures(session=s, actor=getattr(year, role), period=Y2022)
    with transaction(factory) as s:
        names = family_names(session=s, actor=year.lead,
                             case_ids=(year.case_ids["A1"], year.other_team_case))
    assert names == {year.case_ids["A1"]: "Gezin A1"}  # never another team's family
    with pytest.raises(PermissionDenied), transaction(factory) as s:
        family_names(session=s, actor=year.management, case_ids=(year.case_ids["A1"],))
    with factory() as s:
        refused = s.scalar(select(func.count()).select_from(AuditEvent).where(
            AuditEvent.action == AuditAction.REFUSED))
        reads = s.scalar(select(func.count()).select_from(AuditEvent).where(
            AuditEvent.action == AuditAction.READ, AuditEvent.subject.like("figures/%")))
    assert refused == 3 and reads == 3  # two figures, one list of names
