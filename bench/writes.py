"""Writing to the map: one entry added through the service and committed, on SQLite.

The same kind of transaction as the app's (a new session, commit at the end), on the
generated register's database file, against a trivial committed insert into that file: the
ratio is what the map service adds (loading the meeting, checking, numbering, flushing).
Each added entry is taken out again (untimed), so every run adds to the same 40-entry map.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from sqlalchemy import text

from auth import Actor
from bench.common import Figure, time_ms
from bench.generate import GeneratedRegister, LargeCase
from mapping.map import EntryInput, EntryView, add_entry, remove_entry
from sofs_core.codes import EntryCategory, Voice
from storage.db import make_engine, session_factory, transaction
from storage.models import User

# A scratch table of the benchmark's own, in the same database file.
CREATE_PROBE = ("CREATE TABLE IF NOT EXISTS bench_plain_insert "
                "(id INTEGER PRIMARY KEY, note TEXT NOT NULL)")
INSERT_PROBE = "INSERT INTO bench_plain_insert (note) VALUES (:note)"


@dataclass(frozen=True)
class WriteFigures:
    plain_insert: Figure
    add_entry: Figure
    database: str


def measure(
    register: GeneratedRegister,
    large_case: LargeCase,
    *,
    runs: int = 50,
    warmups: int = 5,
    budget_seconds: float = 20.0,
) -> WriteFigures:
    """Time adding one strength to the large case's latest map, alternating with the baseline."""
    engine = make_engine(register.url)
    factory = session_factory(engine)
    with engine.begin() as connection:
        connection.execute(text(CREATE_PROBE))
    with factory() as session:
        user = session.get_one(User, register.counsellor_id)
        actor = Actor(user.id, user.username, user.display_name, user.role, None)
    added: list[EntryView] = []

    def plain_insert() -> None:
        with transaction(factory) as session:
            session.execute(text(INSERT_PROBE), {"note": "Een korte notitie."})

    def add_one() -> None:
        data = EntryInput(EntryCategory.STRENGTH,
                          f"Oom Piotr bracht de kinderen deze week {len(added) + 1} keer naar "
                          "school.", Voice.FAMILY)
        with transaction(factory) as session:
            added.append(add_entry(session=session, actor=actor,
                                   meeting_id=large_case.latest_meeting_id, data=data))

    def take_back() -> None:
        entry = added[-1]
        with transaction(factory) as session:
            remove_entry(session=session, actor=actor, entry_id=entry.id,
                         expected_version=entry.version)

    try:
        for _ in range(warmups):
            plain_insert()
            add_one()
            take_back()
        plain_ms: list[float] = []
        add_ms: list[float] = []
        deadline = time.monotonic() + budget_seconds
        while len(add_ms) < runs and (len(add_ms) < 3 or time.monotonic() < deadline):
            plain_ms.append(time_ms(plain_insert))
            add_ms.append(time_ms(add_one))
            take_back()
    finally:
        engine.dispose()
    return WriteFigures(
        plain_insert=Figure("plain_insert_commit", tuple(plain_ms)),
        add_entry=Figure("add_map_entry", tuple(add_ms)),
        database=f"SQLite (WAL), map of {large_case.entries_per_meeting} entries",
    )
