"""`make bench`: every figure as `bench <name>: median <ms> ms, <ratio>x <baseline>`.

Targets (issues): `make run` to the login page answering in at most 3 s; the case list with
2,000 generated cases rerunning server-side in at most 100 ms median and at most 5x a bare
Streamlit page's rerun. Lines starting with spaces are notes, not figures.
"""

from __future__ import annotations

import sys
import time

from bench import rerun, startup
from bench.common import baseline_line, figure_line, spread, target_line


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

    reruns = rerun.measure(cases=2000, runs=30, warmups=3)
    print(baseline_line(reruns.bare))
    print(figure_line(reruns.case_list, reruns.bare))
    print(figure_line(reruns.case_list_search, reruns.bare))
    print(spread(reruns.bare))
    print(f"{spread(reruns.case_list)} listing {reruns.rows_listed}")
    print(f"{spread(reruns.case_list_search)} listing {reruns.rows_found}")
    print(target_line(reruns.case_list, reruns.bare, max_ms=100, max_ratio=5))
    print(target_line(reruns.case_list_search, reruns.bare, max_ms=100, max_ratio=5))

    print(f"  (all benchmarks took {time.monotonic() - started:.0f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
