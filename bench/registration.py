"""The annual figures (issue 16): ``annual_figures`` for a year of 2,000 cases with about
40,000 contacts, against a plain SQL count over the same tables in the same run.

The register is made by the demo year's generator (sofs_admin.demo_year) at a larger
scale, in a SQLite file of its own; both timings run in a committed transaction, as a page
rerun does (the figures also write their read to the audit trail).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import and_, func, select

from auth import Actor
from bench.common import Figure, baseline_line, figure_line, spread, target_line, time_ms
from registration.figures import Period, annual_figures
from sofs_admin.demo_year import SHAPES, fill_year
from sofs_core.codes import Role
from storage.db import make_engine, migrate, session_factory, transaction
from storage.models import Case, CaseContact, Team
from tests.conftest import make_user

YEAR = 2025
CASES = 2000


@dataclass(frozen=True)
class FigureTimes:
    plain_count: Figure
    annual_figures: Figure
    cases: int
    contacts: int


def build(folder: Path) -> tuple[str, Actor, int, int]:
    url = f"sqlite:///{folder / 'figures.sqlite3'}"
    engine = make_engine(url)
    migrate(engine)
    factory = session_factory(engine)
    with transaction(factory) as s:
        team = Team(name="Team Jaar")
        s.add(team)
        s.flush()
        counsellor = make_user(s, "jaar", Role.COUNSELLOR, team_id=team.id)
        lead = make_user(s, "lead", Role.TEAM_LEAD, team_id=team.id)
        fill_year(s, team_id=team.id, counsellor_id=counsellor.id, year=YEAR, seed=16,
                  scale=CASES / sum(shape.cases for shape in SHAPES.values()),
                  contacts_per_week=1.3, today=date(YEAR + 1, 3, 1))
    with factory() as s:
        cases = s.scalar(select(func.count()).select_from(Case)) or 0
        contacts = s.scalar(select(func.count()).select_from(CaseContact)) or 0
    engine.dispose()
    return url, lead, cases, contacts


def measure(folder: Path, *, runs: int = 15, warmups: int = 2) -> FigureTimes:
    url, lead, cases, contacts = build(folder)
    factory = session_factory(make_engine(url))
    period = Period.year(YEAR)
    running = and_(Case.team_id == lead.team_id, Case.start_date <= period.last,
                   Case.end_date.is_(None) | (Case.end_date >= period.first))

    def plain() -> None:
        with transaction(factory) as s:
            s.execute(select(Case.hulpvorm, func.count(Case.id.distinct()),
                             func.sum(CaseContact.minutes))
                      .outerjoin(CaseContact, CaseContact.case_id == Case.id)
                      .where(running).group_by(Case.hulpvorm)).all()

    def figures() -> None:
        with transaction(factory) as s:
            annual_figures(session=s, actor=lead, period=period)

    for _ in range(warmups):
        plain()
        figures()
    plain_ms: list[float] = []
    figures_ms: list[float] = []
    for _ in range(runs):
        plain_ms.append(time_ms(plain))
        figures_ms.append(time_ms(figures))
    return FigureTimes(Figure("figures_plain_sql_count", tuple(plain_ms)),
                       Figure("annual_figures_2000_cases", tuple(figures_ms)), cases, contacts)


def report(folder: Path) -> None:
    times = measure(folder)
    print(baseline_line(times.plain_count))
    print(figure_line(times.annual_figures, times.plain_count))
    print(spread(times.plain_count))
    print(f"{spread(times.annual_figures)} over {times.cases} cases, "
          f"{times.contacts} contacts")
    print(target_line(times.annual_figures, times.plain_count, max_ms=500))


if __name__ == "__main__":
    import tempfile

    with tempfile.TemporaryDirectory(prefix="sofs-bench-figures-") as tmp:
        report(Path(tmp))
