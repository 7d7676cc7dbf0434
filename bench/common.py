"""Timing helpers and the one-line report format of design.md, section Performance."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
BARE_APP = REPO_ROOT / "bench" / "bare_app.py"


@dataclass(frozen=True)
class Figure:
    """One benchmark figure: its samples in milliseconds."""

    name: str
    samples_ms: tuple[float, ...]

    @property
    def median_ms(self) -> float:
        return statistics.median(self.samples_ms)


def time_ms(action: Callable[[], object]) -> float:
    """Wall-clock milliseconds that one call of ``action`` takes."""
    started = time.perf_counter_ns()
    action()
    return (time.perf_counter_ns() - started) / 1e6


def _ms(value: float) -> str:
    return f"{value:.1f}" if value < 1000 else f"{value:.0f}"


def baseline_line(baseline: Figure) -> str:
    return f"bench {baseline.name}: median {_ms(baseline.median_ms)} ms"


def figure_line(figure: Figure, baseline: Figure) -> str:
    ratio = figure.median_ms / baseline.median_ms
    return (
        f"bench {figure.name}: median {_ms(figure.median_ms)} ms, "
        f"{ratio:.2f}x {baseline.name}"
    )


def target_line(
    figure: Figure,
    baseline: Figure,
    *,
    max_ms: float,
    max_ratio: float | None = None,
) -> str:
    """A note, not a bench line: whether the figure is within its target."""
    ratio = figure.median_ms / baseline.median_ms
    ok = figure.median_ms <= max_ms and (max_ratio is None or ratio <= max_ratio)
    limits = f"<= {max_ms:g} ms" + (f" and <= {max_ratio:g}x" if max_ratio is not None else "")
    return f"  target {figure.name}: {limits}: {'ok' if ok else 'MISSED'}"


def spread(figure: Figure) -> str:
    """min/max of the samples, as a note for judging noise."""
    return (
        f"  ({figure.name}: {len(figure.samples_ms)} runs, "
        f"min {_ms(min(figure.samples_ms))} ms, max {_ms(max(figure.samples_ms))} ms)"
    )
