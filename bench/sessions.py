"""Many sessions on one real server: clicks per second, latency, CPU per click and memory.

AppTest runs one session and skips what the server does after each run (Streamlit's
`runner.postScriptGC`: a full garbage collection after every script run), so the reruns of
`bench.rerun` cannot show it. Here a real `streamlit run` serves the generated register and
N sessions speak the app's WebSocket protocol (tests.browser.stream), each logged in as the
bench counsellor and asking for its next rerun of the case list as soon as the last one
finished, as N people clicking without pause would. Every session leaves after
`CLICKS_PER_VISIT` clicks and a new one logs in, so sessions come and go as in a day's work
(what the collection after each run is there to clean up).

Figures: the median latency of a click against the same clicks on a bare Streamlit page
served the same way (`bare_click_<n>_users`); notes give clicks per second, p95 latency, the
server's CPU milliseconds per click and its memory (RSS) at the start and the end, once with
the committed `.streamlit/config.toml` and once with `runner.postScriptGC` flipped.

Run alone with `python -m bench.sessions [--users 1 5] [--seconds 20]`.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tomllib
from dataclasses import dataclass
from pathlib import Path

from bench.common import BARE_APP, REPO_ROOT, Figure, baseline_line, figure_line
from bench.generate import GeneratedRegister, build_register
from bench.startup import START_TIMEOUT_SECONDS, _answers, _stop, free_port
from tests.browser.stream import StreamSession, open_session

ENTRY = REPO_ROOT / "sofs_app" / "streamlit_app.py"
CLICKS_PER_VISIT = 25
TICKS = os.sysconf("SC_CLK_TCK")
USERNAME = "begeleider"


def configured_post_script_gc() -> bool:
    """The committed setting (Streamlit's default, True, when the file does not set it)."""
    config = tomllib.loads((REPO_ROOT / ".streamlit" / "config.toml").read_text())
    return bool(config.get("runner", {}).get("postScriptGC", True))


@dataclass(frozen=True)
class Run:
    """One server under N sessions for a fixed time."""

    name: str
    users: int
    seconds: float
    latencies_ms: tuple[float, ...]
    cpu_seconds: float
    rss_start_kb: int
    rss_end_kb: int
    rss_peak_kb: int
    visits: int

    @property
    def clicks(self) -> int:
        return len(self.latencies_ms)

    @property
    def clicks_per_second(self) -> float:
        return self.clicks / self.seconds

    @property
    def p95_ms(self) -> float:
        return statistics.quantiles(self.latencies_ms, n=20)[-1]

    @property
    def cpu_ms_per_click(self) -> float:
        return 1000 * self.cpu_seconds / max(1, self.clicks)

    def figure(self) -> Figure:
        return Figure(self.name, self.latencies_ms)

    def note(self) -> str:
        return (f"  ({self.name}: {self.clicks} clicks in {self.seconds:.0f} s by {self.users} "
                f"users ({self.visits} logins): clicks_per_second_{self.users}_users "
                f"{self.clicks_per_second:.1f}, p95 {self.p95_ms:.0f} ms, server CPU "
                f"{self.cpu_ms_per_click:.1f} ms per click, RSS {self.rss_start_kb // 1024} MB "
                f"at start, {self.rss_end_kb // 1024} MB at the end, peak "
                f"{self.rss_peak_kb // 1024} MB)")


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS  # utime, stime


def _rss_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


class Server:
    """`streamlit run` of a script on a free port, from the repository root (its config)."""

    def __init__(self, script: Path, workdir: Path, env: dict[str, str],
                 post_script_gc: bool) -> None:
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.log = workdir / f"server-{self.port}.log"
        with self.log.open("wb") as out:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "streamlit", "run", str(script),
                 "--server.port", str(self.port), "--server.address", "127.0.0.1",
                 f"--runner.postScriptGC={str(post_script_gc).lower()}"],
                cwd=REPO_ROOT, env=env, stdin=subprocess.DEVNULL, stdout=out,
                stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + START_TIMEOUT_SECONDS
        while not _answers(self.port, "/_stcore/health"):
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"server did not start:\n{self.log.read_text()[-2000:]}")
            time.sleep(0.1)

    def stop(self) -> None:
        _stop(self.process)  # type: ignore[arg-type]


async def _visit(base_url: str, login: bool, latencies: list[float], deadline: float) -> None:
    """One session: log in (the app), then click until CLICKS_PER_VISIT or the deadline."""
    async with open_session(base_url) as session:
        if login:
            await _login(session)
        for _ in range(CLICKS_PER_VISIT):
            if time.monotonic() >= deadline:
                return
            started = time.perf_counter_ns()
            await session.rerun()
            latencies.append((time.perf_counter_ns() - started) / 1e6)


async def _login(session: StreamSession) -> None:
    screen = await session.login(USERNAME)
    if not screen.kinds("heading") or screen.has("Er ging iets mis"):
        raise RuntimeError(f"login failed: {screen.kinds('heading')} {screen.kinds('alert')}")


async def _user(base_url: str, login: bool, latencies: list[float], deadline: float
                ) -> int:
    visits = 0
    while time.monotonic() < deadline:
        await _visit(base_url, login, latencies, deadline)
        visits += 1
    return visits


async def _users(base_url: str, users: int, login: bool, seconds: float
                 ) -> tuple[list[float], int]:
    latencies: list[float] = []
    deadline = time.monotonic() + seconds
    visits = await asyncio.gather(*(_user(base_url, login, latencies, deadline)
                                    for _ in range(users)))
    return latencies, sum(visits)


def run_server(name: str, script: Path, workdir: Path, env: dict[str, str], *, users: int,
               seconds: float, post_script_gc: bool, login: bool) -> Run:
    server = Server(script, workdir, env, post_script_gc)
    try:
        asyncio.run(_users(server.base_url, users, login, min(3.0, seconds)))  # warm-up
        pid = server.process.pid
        rss_start, cpu_start = _rss_kb(pid), _cpu_seconds(pid)
        peak = rss_start
        started = time.monotonic()

        async def watched() -> tuple[list[float], int]:
            nonlocal peak
            work = asyncio.ensure_future(_users(server.base_url, users, login, seconds))
            while not work.done():
                peak = max(peak, _rss_kb(pid))
                await asyncio.sleep(0.5)
            return await work

        latencies, visits = asyncio.run(watched())
        elapsed = time.monotonic() - started
        cpu = _cpu_seconds(pid) - cpu_start
        rss_end = _rss_kb(pid)
    finally:
        server.stop()
    log = server.log.read_text(errors="replace")
    if "Traceback" in log or "failed" in log:
        raise RuntimeError(f"{name}: the server logged a failure:\n{log[-3000:]}")
    return Run(name, users, elapsed, tuple(latencies), cpu, rss_start, rss_end,
               max(peak, rss_end), visits)


def measure(register: GeneratedRegister, *, users: tuple[int, ...] = (1, 5),
            seconds: float = 20.0) -> list[tuple[Run, Run, Run]]:
    """For each number of users: the bare page, the app as configured, the app with the
    collection after each run flipped; each server on a copy of the register."""
    configured = configured_post_script_gc()
    results = []
    with tempfile.TemporaryDirectory(prefix="sofs-bench-sessions-") as tmp:
        work = Path(tmp)
        source = Path(register.url.removeprefix("sqlite:///"))
        for n in users:
            runs = [run_server(f"bare_click_{n}_users", BARE_APP, work, dict(os.environ),
                               users=n, seconds=seconds, post_script_gc=configured,
                               login=False)]
            for gc_on, suffix in ((configured, ""), (not configured,
                                                     "_gc_on" if not configured else "_gc_off")):
                copy = work / f"app-{n}{suffix}.sqlite3"
                shutil.copy(source, copy)
                data = work / f"data-{n}{suffix}"
                data.mkdir()
                env = {**os.environ, "SOFS_DATABASE_URL": f"sqlite:///{copy}",
                       "SOFS_DATA_DIR": str(data), "SOFS_DEFAULT_LOCALE": "nl-BE"}
                runs.append(run_server(f"click_{n}_users{suffix}", ENTRY, work, env, users=n,
                                       seconds=seconds, post_script_gc=gc_on, login=True))
            results.append((runs[0], runs[1], runs[2]))
    return results


def report(register: GeneratedRegister, *, users: tuple[int, ...] = (1, 5),
           seconds: float = 20.0) -> None:
    configured = configured_post_script_gc()
    print(f"  (sessions on a real server, runner.postScriptGC = {str(configured).lower()} "
          "as configured, and flipped)")
    for bare, app, flipped in measure(register, users=users, seconds=seconds):
        print(baseline_line(bare.figure()))
        print(figure_line(app.figure(), bare.figure()))
        print(figure_line(flipped.figure(), bare.figure()))
        for run in (bare, app, flipped):
            print(run.note())
        sys.stdout.flush()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, nargs="+", default=[1, 5])
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--cases", type=int, default=2000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="sofs-bench-sessions-reg-") as tmp:
        register = build_register(Path(tmp), cases=args.cases)
        report(register, users=tuple(args.users), seconds=args.seconds)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
