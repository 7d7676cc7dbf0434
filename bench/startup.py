"""Start-up: from `make run` to the login page answering, against a bare `streamlit run`.

"Answering" means what a person sees: the server is up and a browser shows the rendered
login form (the bare page's title for the baseline), so the first script run is included.
Chromium is started once beforehand and not counted; without Chromium the figure falls
back to HTTP answers only and says so.

Both servers start from the repository root, so both read `.streamlit/config.toml`. The data
folder is prepared by one warm-up start (migrate, load the demo) before the timed starts:
the figure is for an installation that has been used before.
"""

from __future__ import annotations

import http.client
import os
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from playwright.sync_api import Browser, sync_playwright

from bench.common import BARE_APP, REPO_ROOT, Figure

POLL_SECONDS = 0.02
START_TIMEOUT_SECONDS = 60.0
STOP_TIMEOUT_SECONDS = 10.0


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _answers(port: int, path: str) -> bool:
    """True when GET ``path`` on the local server answers 200."""
    connection = http.client.HTTPConnection("localhost", port, timeout=2)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        response.read()
        return response.status == 200
    except (OSError, http.client.HTTPException):
        return False
    finally:
        connection.close()


def _stop(process: subprocess.Popen[bytes]) -> None:
    """End the server's whole process group (make, its shell, streamlit) and reap it."""
    for sig, wait in ((signal.SIGTERM, STOP_TIMEOUT_SECONDS), (signal.SIGKILL, None)):
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            break
        try:
            process.wait(timeout=wait)
            return
        except subprocess.TimeoutExpired:
            continue
    process.wait()


CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
Rendered = Callable[[int], None]


def _wait_rendered(browser: Browser, port: int, role: str, name: str) -> None:
    page = browser.new_page()
    try:
        page.goto(f"http://localhost:{port}/")
        page.get_by_role(role, name=name).wait_for(timeout=START_TIMEOUT_SECONDS * 1000)  # type: ignore[arg-type]
    finally:
        page.close()


def time_start(
    command: Sequence[str], env: dict[str, str], log: Path, rendered: Rendered | None = None
) -> float:
    """Milliseconds from spawning ``command`` until it answers, and, given ``rendered``,
    until a browser shows the page."""
    port = free_port()
    with log.open("wb") as out:
        started = time.perf_counter_ns()
        process = subprocess.Popen(
            [*command, *_port_args(command, port)],
            cwd=REPO_ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            deadline = time.monotonic() + START_TIMEOUT_SECONDS
            while not (_answers(port, "/_stcore/health") and _answers(port, "/")):
                if process.poll() is not None:
                    raise RuntimeError(f"{command[0]} exited early:\n{log.read_text()[-2000:]}")
                if time.monotonic() > deadline:
                    raise RuntimeError(f"no answer on port {port}:\n{log.read_text()[-2000:]}")
                time.sleep(POLL_SECONDS)
            if rendered is not None:
                rendered(port)
            elapsed_ms = (time.perf_counter_ns() - started) / 1e6
        finally:
            _stop(process)
    return elapsed_ms


def _port_args(command: Sequence[str], port: int) -> list[str]:
    if command[0] == "make":
        return [f"PORT={port}"]
    return ["--server.port", str(port)]


MAKE_RUN = ("make", "--no-print-directory", "run")
BARE_RUN = (
    str(REPO_ROOT / ".venv" / "bin" / "streamlit"),
    "run",
    str(BARE_APP.relative_to(REPO_ROOT)),
    "--server.headless",
    "true",
)


PREPARE = (str(REPO_ROOT / ".venv" / "bin" / "sofs"), "prepare", "--demo-if-empty")


@dataclass(frozen=True)
class StartFigures:
    cold_start: Figure
    bare_start: Figure
    prepare: Figure  # the `sofs prepare` step of `make run` on its own, as a note


def time_command(command: Sequence[str], env: dict[str, str]) -> float:
    started = time.perf_counter_ns()
    subprocess.run(command, cwd=REPO_ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
    return (time.perf_counter_ns() - started) / 1e6


def measure(runs: int = 5) -> StartFigures:
    """Start-up figures, interleaved, after one warm-up start of each server."""
    if not CHROMIUM.exists():
        print("  (no /usr/bin/chromium: start-up measured to HTTP answers, not rendering)")
        return _measure(runs, None, None)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            return _measure(
                runs,
                partial(_wait_rendered, browser, role="button", name="Aanmelden"),
                partial(_wait_rendered, browser, role="heading", name="bare"),
            )
        finally:
            browser.close()


def _measure(runs: int, login_shown: Rendered | None, bare_shown: Rendered | None
             ) -> StartFigures:
    with tempfile.TemporaryDirectory(prefix="sofs-bench-start-") as tmp:
        env = dict(os.environ)
        env.pop("SOFS_DATABASE_URL", None)
        env["SOFS_DATA_DIR"] = str(Path(tmp) / "data")
        log = Path(tmp) / "server.log"
        time_start(MAKE_RUN, env, log, login_shown)  # migrates, loads the demo: warm-up
        time_start(BARE_RUN, env, log, bare_shown)
        app: list[float] = []
        bare: list[float] = []
        prepare: list[float] = []
        for _ in range(runs):
            app.append(time_start(MAKE_RUN, env, log, login_shown))
            bare.append(time_start(BARE_RUN, env, log, bare_shown))
            prepare.append(time_command(PREPARE, env))
    return StartFigures(
        cold_start=Figure("cold_start", tuple(app)),
        bare_start=Figure("bare_streamlit_start", tuple(bare)),
        prepare=Figure("sofs_prepare", tuple(prepare)),
    )
