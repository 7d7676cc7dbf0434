"""Date widgets the same way everywhere: Flemish day/month/year, sensible bounds."""

from __future__ import annotations

from datetime import date, timedelta

from sofs_core.clock import today

DATE_FORMAT = "DD/MM/YYYY"


def latest_date() -> date:
    """Plans look ahead; ten years is far enough and catches typing 2062 for 2026."""
    return today() + timedelta(days=366 * 10)
