"""Hours of sessions on two real servers: does memory level off without `postScriptGC`?

`bench.sessions` clicks without pause for seconds; this is the long run (issue 19, item 3).
Two `streamlit run` servers of the app, each on its own copy of one generated register,
run side by side: one with `runner.postScriptGC` as configured, one with it flipped. Each
gets N sessions that click at a human pace (a think time between clicks, randomised around
`--think-seconds`), leave after `CLICKS_PER_VISIT` clicks and are replaced by a new login,
as in a day's work. One visit in `CASE_VISIT_EVERY` also opens a case from the list (its
overview) and then its map page, so not only the list is exercised.

Every `--sample-seconds` (a minute) the servers' RSS and CPU seconds are read from /proc
(the number of live Python objects cannot be read from outside, so it is not reported), with
the clicks and latency percentiles of that minute. A CSV per server goes to `--out`, and the
summary gives RSS at the start, after 10 minutes and at the end, the slope of RSS over the
last half (kB per hour, least squares; also without readings that jumped for one minute),
CPU milliseconds per click and p50/p95 latency.

Run with `nice -n 10 python -m bench.soak --minutes 80 --users 10 --out /tmp/soak`.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from streamlit.proto.WidgetStates_pb2 import WidgetState

from bench.generate import GeneratedRegister, build_register
from bench.sessions import (
    CLICKS_PER_VISIT,
    ENTRY,
    Server,
    _cpu_seconds,
    _login,
    _rss_kb,
    configured_post_script_gc,
)
from tests.browser.stream import StreamSession, open_session

CASE_VISIT_EVERY = 3  # one visit in three opens a case and its map page
GENERIC_ERROR = "Er ging iets mis"
OPEN_CHOICE = "Dossier openen"  # the list's "open a case" form: its choice
OPEN_BUTTON = "Openen"  # and its submit button
MAP_PATH = "map"
TEN_MINUTES = 600.0
# A reading this far above the last half's median is a one-minute spike (a burst of
# allocations given back by the next reading); the steady slope leaves such readings out.
SPIKE = 1.10
CSV_FIELDS = ("minute", "elapsed_s", "rss_kb", "cpu_s", "clicks", "logins", "cases_opened",
              "errors", "p50_ms", "p95_ms")


@dataclass(frozen=True)
class Sample:
    """One sampling interval of one server: its memory and CPU at the end, and its clicks."""

    minute: int
    elapsed_s: float
    rss_kb: int
    cpu_s: float
    clicks: int
    logins: int
    cases_opened: int
    errors: int
    p50_ms: float
    p95_ms: float

    def row(self) -> list[str]:
        return [str(self.minute), f"{self.elapsed_s:.1f}", str(self.rss_kb), f"{self.cpu_s:.2f}",
                str(self.clicks), str(self.logins), str(self.cases_opened), str(self.errors),
                f"{self.p50_ms:.1f}", f"{self.p95_ms:.1f}"]


def percentile(values: Sequence[float], fraction: float) -> float:
    """The value below which ``fraction`` of ``values`` lie (linear between neighbours);
    0 when there are none."""
    if not values:
        return 0.0
    ordered = sorted(values)
    position = fraction * (len(ordered) - 1)
    below = int(position)
    above = min(below + 1, len(ordered) - 1)
    return ordered[below] + (ordered[above] - ordered[below]) * (position - below)


def slope_per_hour(seconds: Sequence[float], values: Sequence[float]) -> float:
    """The least-squares slope of ``values`` over ``seconds``, per hour (0 for < 2 points)."""
    if len(seconds) < 2 or len(set(seconds)) < 2:
        return 0.0
    return statistics.linear_regression(seconds, values).slope * 3600


@dataclass(frozen=True)
class Summary:
    """What a soak says about one server."""

    name: str
    minutes: float
    rss_start_kb: int
    rss_10min_kb: int | None  # None when the soak was shorter than ten minutes
    rss_end_kb: int
    rss_peak_kb: int
    slope_last_half_kb_per_hour: float
    # The same fit without the last half's one-minute spikes, and how many it left out.
    slope_steady_kb_per_hour: float
    spikes: int
    clicks: int
    logins: int
    cases_opened: int
    errors: int
    cpu_ms_per_click: float
    p50_ms: float
    p95_ms: float

    def lines(self) -> list[str]:
        at_10 = (f"{self.rss_10min_kb / 1024:.1f} MB" if self.rss_10min_kb is not None
                 else "n/a")
        return [
            f"{self.name}: {self.minutes:.0f} min, {self.clicks} clicks, {self.logins} logins, "
            f"{self.cases_opened} cases opened, {self.errors} errors",
            f"  RSS {self.rss_start_kb / 1024:.1f} MB at start, {at_10} after 10 min, "
            f"{self.rss_end_kb / 1024:.1f} MB at the end; last half "
            f"{self.slope_last_half_kb_per_hour:+.0f} kB per hour "
            f"({self.slope_steady_kb_per_hour:+.0f} without {self.spikes} one-minute "
            f"spikes; peak {self.rss_peak_kb / 1024:.1f} MB)",
            f"  CPU {self.cpu_ms_per_click:.1f} ms per click; latency p50 {self.p50_ms:.0f} ms, "
            f"p95 {self.p95_ms:.0f} ms",
        ]


def summarise(name: str, start: Sample, samples: Sequence[Sample],
              latencies_ms: Sequence[float]) -> Summary:
    """``start`` is the reading before the first click; ``samples`` one per interval."""
    if not samples:
        raise ValueError(f"{name}: no samples")
    end = samples[-1]
    at_10 = [s for s in samples if s.elapsed_s >= TEN_MINUTES]
    half = end.elapsed_s / 2
    last_half = [s for s in (start, *samples) if s.elapsed_s >= half]
    usual = statistics.median(s.rss_kb for s in last_half)
    steady = [s for s in last_half if s.rss_kb <= usual * SPIKE]
    clicks = sum(s.clicks for s in samples)
    return Summary(
        name=name,
        minutes=end.elapsed_s / 60,
        rss_start_kb=start.rss_kb,
        rss_10min_kb=at_10[0].rss_kb if at_10 else None,
        rss_end_kb=end.rss_kb,
        rss_peak_kb=max(s.rss_kb for s in (start, *samples)),
        slope_last_half_kb_per_hour=slope_per_hour([s.elapsed_s for s in last_half],
                                                   [s.rss_kb for s in last_half]),
        slope_steady_kb_per_hour=slope_per_hour([s.elapsed_s for s in steady],
                                                [s.rss_kb for s in steady]),
        spikes=len(last_half) - len(steady),
        clicks=clicks,
        logins=sum(s.logins for s in samples),
        cases_opened=sum(s.cases_opened for s in samples),
        errors=sum(s.errors for s in samples),
        cpu_ms_per_click=1000 * (end.cpu_s - start.cpu_s) / max(1, clicks),
        p50_ms=percentile(latencies_ms, 0.50),
        p95_ms=percentile(latencies_ms, 0.95),
    )


@dataclass
class Tally:
    """What one server's sessions did since the last sample (and in all)."""

    latencies_ms: list[float] = field(default_factory=list)
    logins: int = 0
    cases_opened: int = 0
    errors: int = 0
    all_latencies_ms: list[float] = field(default_factory=list)

    def click(self, started_ns: int, failed: bool) -> None:
        latency = (time.perf_counter_ns() - started_ns) / 1e6
        self.latencies_ms.append(latency)
        self.all_latencies_ms.append(latency)
        self.errors += failed

    def take(self) -> tuple[list[float], int, int, int]:
        taken = self.latencies_ms, self.logins, self.cases_opened, self.errors
        self.latencies_ms, self.logins, self.cases_opened, self.errors = [], 0, 0, 0
        return taken


async def _timed(session: StreamSession, tally: Tally, widgets: Sequence[WidgetState] = (),
                 page_hash: str = "") -> None:
    started = time.perf_counter_ns()
    screen = await session.rerun(widgets, page_hash)
    tally.click(started, screen.has(GENERIC_ERROR) or bool(screen.kinds("exception")))


async def _open_case(session: StreamSession, tally: Tally, rng: random.Random) -> bool:
    """Choose a case of the list's page in its "open" form and submit it (the overview)."""
    screen = session.screen
    choice = next((s for s in screen.elements
                   if s.kind == "selectbox" and s.text == OPEN_CHOICE and s.options), None)
    submit = next((s for s in screen.elements if s.widget_id and s.text == OPEN_BUTTON), None)
    if choice is None or submit is None:
        return False
    await _timed(session, tally, [
        WidgetState(id=choice.widget_id, string_value=rng.choice(choice.options)),
        WidgetState(id=submit.widget_id, trigger_value=True),
    ])
    tally.cases_opened += 1
    return True


async def _visit(base_url: str, tally: Tally, rng: random.Random, think: float,
                 deadline: float, with_case: bool) -> None:
    """Log in, then CLICKS_PER_VISIT clicks with a think time before each; with_case: one
    click opens a case, the next its map page, the next the list again."""
    async with open_session(base_url) as session:
        await _login(session)
        tally.logins += 1
        case_at = rng.randrange(CLICKS_PER_VISIT - 2) if with_case else -1
        click = 0
        while click < CLICKS_PER_VISIT:
            await asyncio.sleep(rng.uniform(think * 2 / 3, think * 4 / 3))
            if time.monotonic() >= deadline:
                return
            if click == case_at and await _open_case(session, tally, rng):
                map_hash = session.screen.pages.get(MAP_PATH, "")
                await asyncio.sleep(rng.uniform(think * 2 / 3, think * 4 / 3))
                await _timed(session, tally, page_hash=map_hash)
                await asyncio.sleep(rng.uniform(think * 2 / 3, think * 4 / 3))
                await _timed(session, tally)  # the default page: the list
                click += 3
                continue
            await _timed(session, tally)
            click += 1


async def _warm_up(base_url: str, rng: random.Random) -> None:
    tally = Tally()
    async with open_session(base_url) as session:
        await _login(session)
        await _timed(session, tally)
        if not await _open_case(session, tally, rng):
            raise RuntimeError("warm-up: the case list offers no case to open")
        await _timed(session, tally, page_hash=session.screen.pages.get(MAP_PATH, ""))
        await _timed(session, tally)
    if tally.errors:
        raise RuntimeError(f"warm-up: {tally.errors} of {len(tally.latencies_ms)} runs failed")


async def _user(base_url: str, tally: Tally, rng: random.Random, think: float,
                deadline: float, case_visit_every: int) -> None:
    # Users start spread over one think time, not all at the same instant.
    await asyncio.sleep(rng.uniform(0, think))
    visit = rng.randrange(case_visit_every)
    while time.monotonic() < deadline:
        try:
            await _visit(base_url, tally, rng, think, deadline,
                         with_case=visit % case_visit_every == 0)
        except (OSError, RuntimeError, TimeoutError, LookupError) as error:
            # A dropped connection or a failed login is counted, and the user comes back.
            tally.errors += 1
            print(f"  {base_url}: {type(error).__name__}: {str(error)[:200]}", file=sys.stderr)
            await asyncio.sleep(think)
        visit += 1


@dataclass
class Watched:
    """One server under soak, with its CSV."""

    name: str
    server: Server
    csv_path: Path
    tally: Tally = field(default_factory=Tally)
    samples: list[Sample] = field(default_factory=list)
    start: Sample | None = None

    def read(self, minute: int, elapsed: float) -> Sample:
        latencies, logins, cases, errors = self.tally.take()
        pid = self.server.process.pid
        return Sample(minute, elapsed, _rss_kb(pid), _cpu_seconds(pid), len(latencies),
                      logins, cases, errors, percentile(latencies, 0.5),
                      percentile(latencies, 0.95))

    def record(self, sample: Sample) -> None:
        with self.csv_path.open("a", newline="") as out:
            csv.writer(out).writerow(sample.row())
        if self.start is None:
            self.start = sample
        else:
            self.samples.append(sample)


async def _soak(watched: Sequence[Watched], users: int, think: float, seconds: float,
                sample_seconds: float, seed: int, case_visit_every: int) -> None:
    # Warm-up: one visit per server loads the app's modules and caches (a list, a case, its
    # map page), so "at start" is the app ready for work, not a bare Streamlit process.
    await asyncio.gather(*(_warm_up(one.server.base_url, random.Random(seed))
                           for one in watched))
    began = time.monotonic()
    deadline = began + seconds
    for one in watched:
        one.record(one.read(0, 0.0))
    work = [asyncio.ensure_future(_user(one.server.base_url, one.tally,
                                        random.Random(seed * 1000 + index), think, deadline,
                                        case_visit_every))
            for one in watched for index in range(users)]
    minute = 0
    while time.monotonic() < deadline:
        await asyncio.sleep(max(0.0, min(began + (minute + 1) * sample_seconds, deadline)
                                - time.monotonic()))
        minute += 1
        elapsed = time.monotonic() - began
        for one in watched:
            one.record(one.read(minute, elapsed))
            last = one.samples[-1]
            print(f"  [{one.name}] {minute:3d}: {last.rss_kb / 1024:.1f} MB, "
                  f"{last.clicks} clicks, p95 {last.p95_ms:.0f} ms, {last.errors} errors",
                  flush=True)
    # Sessions still thinking see the deadline on their next click; wait for their last.
    await asyncio.gather(*work)


def soak(register: GeneratedRegister, out: Path, *, minutes: float, users: int,
         think: float, sample_seconds: float = 60.0, seed: int = 19,
         case_visit_every: int = CASE_VISIT_EVERY) -> list[Summary]:
    """Two servers, postScriptGC as configured and flipped, each with ``users`` sessions for
    ``minutes``; writes a CSV per server in ``out`` and returns their summaries."""
    out.mkdir(parents=True, exist_ok=True)
    configured = configured_post_script_gc()
    source = Path(register.url.removeprefix("sqlite:///"))
    watched: list[Watched] = []
    with tempfile.TemporaryDirectory(prefix="sofs-soak-") as tmp:
        work = Path(tmp)
        try:
            for gc_on in (configured, not configured):
                name = f"postScriptGC_{'on' if gc_on else 'off'}"
                copy = work / f"{name}.sqlite3"
                shutil.copy(source, copy)
                data = work / f"data-{name}"
                data.mkdir()
                env = {**os.environ, "SOFS_DATABASE_URL": f"sqlite:///{copy}",
                       "SOFS_DATA_DIR": str(data), "SOFS_DEFAULT_LOCALE": "nl-BE"}
                server = Server(ENTRY, out, env, gc_on)
                csv_path = out / f"{name}.csv"
                with csv_path.open("w", newline="") as header:
                    csv.writer(header).writerow(CSV_FIELDS)
                watched.append(Watched(name, server, csv_path))
            asyncio.run(_soak(watched, users, think, minutes * 60, sample_seconds, seed,
                              case_visit_every))
        finally:
            for one in watched:
                one.server.stop()
    summaries = []
    for one in watched:
        assert one.start is not None
        summaries.append(summarise(one.name, one.start, one.samples,
                                   one.tally.all_latencies_ms))
        log = one.server.log.read_text(errors="replace")
        if "Traceback" in log:
            print(f"  {one.name}: the server logged a traceback (see {one.server.log})")
    return summaries


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=80.0)
    parser.add_argument("--users", type=int, default=10, help="sessions per server")
    parser.add_argument("--think-seconds", type=float, default=3.0,
                        help="mean pause between a session's clicks (randomised ±1/3)")
    parser.add_argument("--sample-seconds", type=float, default=60.0)
    parser.add_argument("--cases", type=int, default=2000)
    parser.add_argument("--out", type=Path, default=Path(tempfile.gettempdir()) / "soak")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="sofs-soak-reg-") as tmp:
        register = build_register(Path(tmp), cases=args.cases)
        print(f"soak: {args.users} users per server, a click every {args.think_seconds:.1f} s "
              f"(±1/3), {args.minutes:.0f} min, {args.cases} cases, CSV in {args.out}",
              flush=True)
        summaries = soak(register, args.out, minutes=args.minutes, users=args.users,
                         think=args.think_seconds, sample_seconds=args.sample_seconds)
    for summary in summaries:
        print("\n".join(summary.lines()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
