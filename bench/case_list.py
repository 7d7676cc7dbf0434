"""The case list and its search on a register ten times larger: 20,000 generated cases.

The same reruns as `bench.rerun` (the list as the bench counsellor opens it, then searched
for 'kowal'), on a register of 20,000 cases; each against a bare page rerun timed in turn
with it. Beside the 2,000-case figures of `bench.rerun`, this shows whether the list and
the search stay flat as the register grows (the order walks an index and stops after a
page; the search is answered by a trigram index; the pager counts only up to a cap).
The first 2,000 cases are `bench.generate`'s register, written by the services; the other
18,000 come from the same seeded generator but are inserted in bulk (the services would take
about ten minutes on these machines, and only the rows the list reads matter here; the
search index is kept by the database itself, so it sees them as it would the services').
Run alone with `python -m bench.case_list`.
"""

from __future__ import annotations

import random
import shutil
import sys
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from sqlalchemy import func, insert, select
from streamlit.logger import get_logger
from streamlit.testing.v1 import AppTest

from bench import rerun
from bench.common import BARE_APP, Figure, baseline_line, figure_line, spread, target_line
from bench.generate import SURNAMES, GeneratedRegister, _case, _member, build_register
from genograms.people import parse_birth
from sofs_core.clock import utcnow
from sofs_core.text import family_search_text
from storage.db import make_engine, session_factory, transaction
from storage.models import Case, Family, Person, User, case_counsellors

LARGE_REGISTER = 20_000


def grow_register(register: GeneratedRegister, directory: Path, *, cases: int,
                  seed: int = 20) -> GeneratedRegister:
    """A copy of ``register`` in ``directory``, grown to ``cases`` generated cases."""
    source = Path(register.url.removeprefix("sqlite:///"))
    target = directory / "grown.sqlite3"
    shutil.copy(source, target)
    # ``cases`` counts the generated cases; GeneratedRegister.cases adds the demo's one.
    grown = replace(register, url=f"sqlite:///{target}", cases=cases + 1)
    new_cases = cases - (register.cases - 1)
    rng = random.Random(seed)
    engine = make_engine(grown.url)
    now = utcnow()
    with transaction(session_factory(engine)) as session:
        user = session.get_one(User, register.counsellor_id)
        counsellor_ids = list(session.scalars(select(User.id).where(User.role == user.role)))
        next_family = (session.scalar(select(func.max(Family.id))) or 0) + 1
        next_case = (session.scalar(select(func.max(Case.id))) or 0) + 1
        families: list[dict[str, Any]] = []
        rows: list[dict[str, Any]] = []
        links: list[dict[str, Any]] = []
        people: list[dict[str, Any]] = []
        for n in range(new_cases):
            surname = rng.choice(SURNAMES)
            data = _case(rng, surname, counsellor_ids)
            members = [_member(rng, surname, 1970, 1995) for _ in range(rng.randint(1, 2))]
            members += [_member(rng, surname, 2008, 2024) for _ in range(rng.randint(1, 3))]
            family_id, case_id = next_family + n, next_case + n
            families.append({"id": family_id, "name": data.family_name, "version": 1,
                             "created_at": now, "updated_at": now,
                             "search_text": family_search_text(data.family_name, [
                                 f"{m.first_name} {m.last_name}" for m in members])})
            rows.append({"id": case_id, "family_id": family_id, "hulpvorm": data.hulpvorm,
                         "referrer_body": data.referrer_body,
                         "referrer_other": data.referrer_other,
                         "consultant_name": data.consultant_name,
                         "start_date": data.start_date,
                         "planned_end_date": data.planned_end_date,
                         "end_date": data.end_date, "closure_reason": data.closure_reason,
                         "closure_note": data.closure_note, "status": data.status,
                         "created_by_id": user.id, "team_id": user.team_id, "version": 1,
                         "created_at": now, "updated_at": now})
            # As create_case does: the counsellor who makes a case is among its counsellors.
            links += [{"case_id": case_id, "user_id": c}
                      for c in sorted({user.id, *data.counsellor_ids})]
            for member in members:
                birth = parse_birth(member.birth)
                people.append({"family_id": family_id, "first_name": member.first_name,
                               "last_name": member.last_name, "sex": member.sex,
                               "gender": member.gender, "birth_date": birth.date,
                               "birth_year": birth.year, "notes": member.notes,
                               "created_at": now, "updated_at": now})
        session.execute(insert(Family), families)
        session.execute(insert(Case), rows)
        session.execute(insert(case_counsellors), links)
        session.execute(insert(Person), people)
    engine.dispose()
    return grown


@dataclass(frozen=True)
class CaseListFigures:
    bare: Figure
    case_list: Figure
    case_list_search: Figure
    rows_listed: str
    rows_found: str


def measure(register: GeneratedRegister, *, data_dir: str, runs: int = 30, warmups: int = 3,
            budget_seconds: float = 30.0) -> CaseListFigures:
    """Time the plain and the searched case list reruns, each alternating with a bare one."""
    for name in rerun.NOISY_LOGGERS:
        get_logger(name).disabled = True
    suffix = f"_{register.cases - 1}_cases"
    with (rerun._environment(SOFS_DATABASE_URL=register.url, SOFS_DATA_DIR=data_dir),
          rerun._compiled_once()):
        bare = AppTest.from_file(str(BARE_APP), default_timeout=rerun.RUN_TIMEOUT_SECONDS)
        bare.run()
        app = rerun._logged_in_app(register)
        rows_listed = rerun._count_caption(app)
        listed, bare_ms = rerun._alternate(app, bare, warmups=warmups, runs=runs,
                                           budget_seconds=budget_seconds)
        app.text_input(key="case_list_search").input(rerun.SEARCH_TEXT)
        rerun._checked_run(app)
        rows_found = rerun._count_caption(app)
        searched, bare_more = rerun._alternate(app, bare, warmups=1, runs=runs,
                                               budget_seconds=budget_seconds)
    return CaseListFigures(
        bare=Figure("bare_page_rerun", (*bare_ms, *bare_more)),
        case_list=Figure(f"case_list_rerun{suffix}", tuple(listed)),
        case_list_search=Figure(f"case_list_search_rerun{suffix}", tuple(searched)),
        rows_listed=rows_listed,
        rows_found=f"{rows_found} for {rerun.SEARCH_TEXT!r}",
    )


def report(register: GeneratedRegister | None = None, *, cases: int = LARGE_REGISTER,
           print_baseline: bool = False) -> None:
    """Grow ``register`` (or a new 2,000-case one) to ``cases`` cases, then print its
    figures in `make bench`'s format."""
    with tempfile.TemporaryDirectory(prefix="sofs-bench-list-") as tmp:
        if register is None:
            register = build_register(Path(tmp), cases=2000)
        grown = grow_register(register, Path(tmp), cases=cases)
        figures = measure(grown, data_dir=tmp)
    if print_baseline:
        print(baseline_line(figures.bare))
    print(figure_line(figures.case_list, figures.bare))
    print(figure_line(figures.case_list_search, figures.bare))
    print(f"{spread(figures.bare)} beside the {cases:,}-case list")
    print(f"{spread(figures.case_list)} listing {figures.rows_listed}")
    print(f"{spread(figures.case_list_search)} listing {figures.rows_found}")
    print(target_line(figures.case_list, figures.bare, max_ms=100, max_ratio=5))
    print(target_line(figures.case_list_search, figures.bare, max_ms=100, max_ratio=5))
    sys.stdout.flush()


if __name__ == "__main__":
    report(cases=int(sys.argv[1]) if len(sys.argv) > 1 else LARGE_REGISTER, print_baseline=True)
