"""The soak of `bench.soak` (issue 19, item 3): its arithmetic on known series, and a short
real soak of two servers that must leave a CSV with readings in it."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from bench.generate import build_register
from bench.soak import CSV_FIELDS, Sample, percentile, slope_per_hour, soak, summarise


def _sample(minute: int, rss_kb: int, cpu_s: float, clicks: int = 0,
            latency_ms: float = 0.0) -> Sample:
    return Sample(minute, minute * 60.0, rss_kb, cpu_s, clicks, 0, 0, 0, latency_ms,
                  latency_ms)


def test_slope_is_the_least_squares_fit_per_hour() -> None:
    minutes = range(0, 41)
    # 300 kB per minute is 18,000 kB per hour.
    assert slope_per_hour([m * 60.0 for m in minutes], [200_000 + 300 * m for m in minutes]) \
        == pytest.approx(18_000)
    # Noise that alternates around a flat line fits no growth.
    assert slope_per_hour([m * 60.0 for m in minutes],
                          [200_000 + (500 if m % 2 else -500) for m in minutes]) \
        == pytest.approx(0, abs=1_000)
    # A fit over every point, not the first and last: 0, 3, 0, 3 an hour apart rises 3 end
    # to end in 3 hours (1 per hour) but fits 0.6 per hour.
    hours = [0.0, 3600.0, 7200.0, 10800.0]
    assert slope_per_hour(hours, [0.0, 3.0, 0.0, 3.0]) == pytest.approx(0.6)
    assert slope_per_hour(hours[:3], [0.0, 2.0, 0.0]) == pytest.approx(0.0)
    assert slope_per_hour([0.0], [5.0]) == 0.0


def test_percentile_interpolates_between_neighbours() -> None:
    assert percentile([], 0.5) == 0.0
    assert percentile([40.0, 10.0, 30.0, 20.0], 0.5) == pytest.approx(25.0)
    assert percentile([float(v) for v in range(1, 101)], 0.95) == pytest.approx(95.05)


def test_summary_of_memory_that_grows_then_levels_off() -> None:
    start = _sample(0, 200_000, 10.0)
    # 1,000 kB a minute for the first 20 minutes, then flat at 220,000 kB until minute 40.
    samples = [_sample(m, 200_000 + 1_000 * min(m, 20), 10.0 + 0.5 * m, clicks=100,
                       latency_ms=float(m)) for m in range(1, 41)]
    summary = summarise("gc_off", start, samples, [10.0, 20.0, 30.0, 40.0, 1000.0])

    assert summary.minutes == pytest.approx(40)
    assert summary.rss_start_kb == 200_000
    assert summary.rss_10min_kb == 210_000
    assert summary.rss_end_kb == 220_000
    # The last half (minutes 20 to 40) is flat although the whole run grew 20 MB.
    assert summary.slope_last_half_kb_per_hour == pytest.approx(0.0, abs=1e-6)
    assert summary.slope_steady_kb_per_hour == pytest.approx(0.0, abs=1e-6)
    assert summary.spikes == 0 and summary.rss_peak_kb == 220_000
    assert summary.clicks == 4_000
    assert summary.cpu_ms_per_click == pytest.approx(1000 * 20.0 / 4_000)
    assert summary.p50_ms == pytest.approx(30.0)
    assert summary.p95_ms == pytest.approx(808.0)
    text = "\n".join(summary.lines())
    assert "200000" not in text and "195.3 MB at start" in text and "+0 kB per hour" in text


def test_a_one_minute_spike_moves_the_fit_but_not_the_steady_slope() -> None:
    start = _sample(0, 200_000, 0.0)
    # Flat at 200,000 kB, but minute 35 reads 400,000 kB (given back by minute 36).
    samples = [_sample(m, 400_000 if m == 35 else 200_000, 0.1 * m, clicks=10)
               for m in range(1, 41)]
    summary = summarise("spiky", start, samples, [1.0])
    assert summary.slope_last_half_kb_per_hour > 50_000  # one late reading tilts the fit
    assert summary.slope_steady_kb_per_hour == pytest.approx(0.0, abs=1e-6)
    assert summary.spikes == 1 and summary.rss_peak_kb == 400_000
    assert "without 1 one-minute spikes; peak 390.6 MB" in "\n".join(summary.lines())


def test_summary_of_memory_that_keeps_growing() -> None:
    start = _sample(0, 200_000, 0.0)
    samples = [_sample(m, 200_000 + 50 * m, 0.1 * m, clicks=10) for m in range(1, 9)]
    summary = summarise("gc_on", start, samples, [1.0])
    assert summary.slope_last_half_kb_per_hour == pytest.approx(3_000)
    assert summary.slope_steady_kb_per_hour == pytest.approx(3_000)  # growth is no spike
    assert summary.rss_10min_kb is None  # eight minutes: no reading at ten
    assert "n/a after 10 min" in "\n".join(summary.lines())
    with pytest.raises(ValueError, match="no samples"):
        summarise("empty", start, [], [])


@pytest.mark.timeout(60)
def test_a_short_real_soak_writes_readings_of_both_servers(tmp_path: Path) -> None:
    register = build_register(tmp_path / "register", cases=20)
    out = tmp_path / "soak"
    summaries = soak(register, out, minutes=20 / 60, users=2, think=0.5, sample_seconds=4.0,
                     case_visit_every=1)

    assert {s.name for s in summaries} == {"postScriptGC_on", "postScriptGC_off"}
    for summary in summaries:
        with (out / f"{summary.name}.csv").open() as readings:
            rows = list(csv.DictReader(readings))
        assert tuple(rows[0]) == CSV_FIELDS
        assert len(rows) >= 5  # the reading at the start and one every 4 s
        assert all(int(row["rss_kb"]) > 0 for row in rows)
        cpu = [float(row["cpu_s"]) for row in rows]
        assert cpu[0] > 0 and cpu[-1] > cpu[0]
        assert sum(int(row["clicks"]) for row in rows) == summary.clicks > 10
        assert summary.errors == 0
        assert summary.logins >= 2 and summary.cases_opened >= 1
        assert summary.rss_start_kb > 0 and summary.cpu_ms_per_click > 0
        assert 0 < summary.p50_ms <= summary.p95_ms
    logs = [log.read_text() for log in out.glob("server-*.log")]
    assert len(logs) == 2 and not any("Traceback" in log for log in logs)
