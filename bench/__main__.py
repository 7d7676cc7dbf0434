"""`make bench`: every figure as `bench <name>: median <ms> ms, <ratio>x <baseline>`.

Targets (issues): `make run` to the login page answering in at most 3 s; the case list with
2,000 generated cases rerunning server-side in at most 100 ms median and at most 5x a bare
Streamlit page's rerun; in that database, a large case (20 meetings x 40 entries, 8 raters)
whose map page reruns server-side in at most 100 ms median and at most 5x the bare page;
adding one map entry (service call, committed) in at most 20 ms median on SQLite; the
genogram of 40 people in at most 50 ms median, of 1,000 in at most 2 s; the demo family's
plan (with its genogram) in at most 300 ms median, the consultant's report of a 20-meeting
case in at most 1.5 s, each against a plain reportlab document of the same text; the case
list and its search on a register grown to 20,000 cases, as flat as at 2,000 (issue 19);
adding a relative among 60,000 parent links as quick as in a database of one family; every
other page on the large case (with 40 people, a network and a plan of 30 rules in 3
versions) in at most 100 ms median and at most 10x the bare page (issue 19); clicks of 1
and 5 sessions on a real server, against the same on a bare page (`bench.sessions`); the
interactions of a scripted first meeting in Chromium, per part (issue 13: a map entry with
the keyboard alone and a scaling answer in at most 3 each; `bench.meeting_interactions`).
The annual figures of a year of 2,000 cases with about 40,000 contacts in at most 500 ms,
against a plain SQL count over the same tables (issue 16, `bench.registration`).
A child's Three Houses page with three drawings rerunning server-side in at most 100 ms
median and at most 5x the bare page (issue 15, `bench.child_voice`).
Lines starting with spaces are notes, not figures.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from bench import (
    case_list,
    child_voice,
    documents,
    genogram,
    large_family,
    meeting_interactions,
    pages,
    registration,
    relatives,
    rerun,
    sessions,
    startup,
    writes,
)
from bench.common import baseline_line, figure_line, spread, target_line
from bench.generate import add_large_case, build_register


def main() -> int:
    started = time.monotonic()

    starts = startup.measure(runs=5)
    print(baseline_line(starts.bare_start))
    print(figure_line(starts.cold_start, starts.bare_start))
    print(spread(starts.bare_start))
    print(spread(starts.cold_start))
    print(f"  (of which `sofs prepare` alone: median {starts.prepare.median_ms:.0f} ms)")
    print(target_line(starts.cold_start, starts.bare_start, max_ms=3000))
    sys.stdout.flush()

    # One generated database for the rerun and write figures: 2,000 cases and a large one.
    with tempfile.TemporaryDirectory(prefix="sofs-bench-") as tmp:
        register = build_register(Path(tmp), cases=2000)
        large = add_large_case(register, meetings=20, entries=40, raters=8)

        reruns = rerun.measure(register, large, data_dir=tmp, runs=30, warmups=3)
        print(baseline_line(reruns.bare))
        print(figure_line(reruns.case_list, reruns.bare))
        print(figure_line(reruns.case_list_search, reruns.bare))
        print(figure_line(reruns.map_page, reruns.bare))
        print(spread(reruns.bare))
        print(f"{spread(reruns.case_list)} listing {reruns.rows_listed}")
        print(f"{spread(reruns.case_list_search)} listing {reruns.rows_found}")
        print(f"{spread(reruns.map_page)} showing {reruns.map_shown}")
        print(target_line(reruns.case_list, reruns.bare, max_ms=100, max_ratio=5))
        print(target_line(reruns.case_list_search, reruns.bare, max_ms=100, max_ratio=5))
        print(target_line(reruns.map_page, reruns.bare, max_ms=100, max_ratio=5))
        sys.stdout.flush()

        adds = writes.measure(register, large, runs=50, warmups=5)
        print(baseline_line(adds.plain_insert))
        print(figure_line(adds.add_entry, adds.plain_insert))
        print(spread(adds.plain_insert))
        print(f"{spread(adds.add_entry)} on {adds.database}")
        print(target_line(adds.add_entry, adds.plain_insert, max_ms=20))
        sys.stdout.flush()

        # Every other page on the large case, now with its family, network and plan.
        family = large_family.add_large_family(register, large)
        pages.report(register, large, family, data_dir=tmp)
        # Sessions of a real server (AppTest skips the server's collection after each run).
        sessions.report(register)

        # The same list and search on a register grown to 20,000 cases: they stay flat.
        case_list.report(register, cases=case_list.LARGE_REGISTER)
        # A child's Three Houses page with three drawings (issue 15: <= 100 ms and <= 5x).
        child_voice.report(register, data_dir=tmp)

    genogram.report()
    relatives.report()
    documents.report()
    # The annual figures of 2,000 cases and about 40,000 contacts (issue 16: <= 500 ms).
    with tempfile.TemporaryDirectory(prefix="sofs-bench-figures-") as tmp:
        registration.report(Path(tmp))
    # Not a time: how many clicks, fields and submitting keys a first meeting takes (issue 13).
    meeting_interactions.report()

    print(f"  (all benchmarks took {time.monotonic() - started:.0f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
