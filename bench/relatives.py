"""Adding a relative: the same call on a database of one family and on one of 60,000 links.

The figure is `genograms.relations.add_relative` (a child of two parents, with its checks:
own parent, cycle, third birth parent, born before a parent), flushed and rolled back, on a
family of three generations in a SQLite file that also holds 15,000 other families with
60,000 parent links between them; the baseline is the same call on the same family in a
file holding only that family (and the demo). The ratio shows whether the checks read the
whole register (it grows) or only the family's own line (it stays near 1).
Run alone with `python -m bench.relatives`.
"""

from __future__ import annotations

import random
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import insert, select
from sqlalchemy.orm import Session, sessionmaker

from auth import Actor
from bench.common import Figure, baseline_line, figure_line, spread, time_ms
from genograms.people import PersonInput, add_family_member
from genograms.relations import Relative, add_parent, add_relative
from mapping.cases import CaseInput, create_case
from sofs_admin.demo import load_demo
from sofs_core.codes import Gender, Hulpvorm, ParentKind, ReferrerBody, Sex
from storage.db import make_engine, migrate, session_factory, transaction
from storage.models import Case, Family, ParentLink, Person, User

OTHER_FAMILIES = 15_000
# Per other family: two grandparents, two parents, two children; four parent links.
LINKS_PER_FAMILY = 4


@dataclass(frozen=True)
class _Subject:
    url: str
    actor: Actor
    family_id: int
    mother_id: int
    father_id: int


def _one_family(path: Path) -> _Subject:
    """The demo plus one three-generation family, written by the services."""
    url = f"sqlite:///{path}"
    engine = make_engine(url)
    migrate(engine)
    with transaction(session_factory(engine)) as session:
        load_demo(session)
        user = session.scalars(select(User).where(User.username == "begeleider")).one()
        actor = Actor(user.id, user.username, user.display_name, user.role, None)
        case_id = create_case(session=session, actor=actor, data=CaseInput(
            family_name="Gezin Claes-Benali", hulpvorm=Hulpvorm.HOME_SUPPORT,
            referrer_body=ReferrerBody.SDJ, start_date=date(2025, 9, 1),
            counsellor_ids=(user.id,)))
        family_id = session.get_one(Case, case_id).family_id
        ids = {name: add_family_member(session=session, actor=actor, family_id=family_id,
                                       data=PersonInput(name, "Claes", sex, birth=born)).id
               for name, sex, born in (("Rita", Sex.FEMALE, "1955"), ("Marc", Sex.MALE, "1953"),
                                       ("Sofie", Sex.FEMALE, "1984"),
                                       ("Youssef", Sex.MALE, "1982"),
                                       ("Lotte", Sex.FEMALE, "2012"))}
        for parent, child in (("Rita", "Sofie"), ("Marc", "Sofie"), ("Sofie", "Lotte"),
                              ("Youssef", "Lotte")):
            add_parent(session=session, actor=actor, parent_id=ids[parent],
                       child_id=ids[child], kind=ParentKind.BIOLOGICAL)
    engine.dispose()
    return _Subject(url, actor, family_id, ids["Sofie"], ids["Youssef"])


def _add_other_families(url: str, families: int, seed: int = 19) -> int:
    """Many more families with their parent links, inserted in bulk (not through the
    services: only their rows matter here). Returns the number of links added."""
    rng = random.Random(seed)
    engine = make_engine(url)
    with transaction(session_factory(engine)) as session:
        first_family = (session.scalar(select(Family.id).order_by(Family.id.desc())) or 0) + 1
        first_person = (session.scalar(select(Person.id).order_by(Person.id.desc())) or 0) + 1
        session.execute(insert(Family), [
            {"id": first_family + n, "name": f"Gezin {n}", "search_text": f"gezin {n}"}
            for n in range(families)])
        people: list[dict[str, object]] = []
        links: list[dict[str, object]] = []
        for n in range(families):
            base = first_person + 6 * n
            year = rng.randint(1940, 1960)
            for offset in range(6):
                people.append({"id": base + offset, "family_id": first_family + n,
                               "first_name": f"P{offset}", "last_name": f"F{n}",
                               "sex": Sex.FEMALE if offset % 2 == 0 else Sex.MALE,
                               "gender": Gender.NOT_RECORDED,
                               "birth_year": year + 28 * (offset // 2)})
            for parent, child in ((0, 2), (1, 2), (2, 4), (3, 4)):
                links.append({"parent_id": base + parent, "child_id": base + child,
                              "kind": ParentKind.BIOLOGICAL})
        session.execute(insert(Person), people)
        session.execute(insert(ParentLink), links)
    engine.dispose()
    return len(links)


def _add_child(factory: sessionmaker[Session], subject: _Subject) -> None:
    """The measured call: flushed (every check and insert runs), then rolled back."""
    with factory() as session:
        add_relative(session=session, actor=subject.actor, family_id=subject.family_id,
                     data=PersonInput("Nour", "Claes", Sex.FEMALE, birth="2016"),
                     relative=Relative.CHILD_OF, of_person_id=subject.mother_id,
                     other_parent_id=subject.father_id)
        session.rollback()


@dataclass(frozen=True)
class RelativeFigures:
    one_family: Figure
    many_links: Figure
    links: int


def measure(*, runs: int = 40, warmups: int = 5, budget_seconds: float = 20.0
            ) -> RelativeFigures:
    with tempfile.TemporaryDirectory(prefix="sofs-bench-relatives-") as tmp:
        small_path, large_path = Path(tmp) / "one.sqlite3", Path(tmp) / "many.sqlite3"
        subject = _one_family(small_path)
        shutil.copy(small_path, large_path)
        links = _add_other_families(f"sqlite:///{large_path}", OTHER_FAMILIES)
        large_subject = _Subject(f"sqlite:///{large_path}", subject.actor, subject.family_id,
                                 subject.mother_id, subject.father_id)
        engines = [make_engine(subject.url), make_engine(large_subject.url)]
        small, large = (session_factory(engine) for engine in engines)
        for _ in range(warmups):
            _add_child(small, subject)
            _add_child(large, large_subject)
        small_ms: list[float] = []
        large_ms: list[float] = []
        deadline = time.monotonic() + budget_seconds
        while len(small_ms) < runs and (len(small_ms) < 3 or time.monotonic() < deadline):
            small_ms.append(time_ms(lambda: _add_child(small, subject)))
            large_ms.append(time_ms(lambda: _add_child(large, large_subject)))
        for engine in engines:
            engine.dispose()
    return RelativeFigures(
        one_family=Figure("add_relative_one_family", tuple(small_ms)),
        many_links=Figure(f"add_relative_{links}_links", tuple(large_ms)),
        links=links,
    )


def report() -> None:
    """Prints the figures in `make bench`'s format."""
    figures = measure()
    print(baseline_line(figures.one_family))
    print(figure_line(figures.many_links, figures.one_family))
    print(spread(figures.one_family))
    print(f"{spread(figures.many_links)} with {figures.links} parent links in "
          f"{OTHER_FAMILIES} other families")
    sys.stdout.flush()


if __name__ == "__main__":
    report()
