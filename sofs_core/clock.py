"""Time in one place, so rules about 'now' and 'today' can be tested.

Instants are timezone-aware UTC. "Today" is the date where the service works (setting
SOFS_TIMEZONE, default Europe/Brussels): at 00:30 in Ghent it is already tomorrow there,
while UTC still says yesterday, and a birth date of today must not be "in the future".
"""

from __future__ import annotations

import os
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

DEFAULT_TIMEZONE = "Europe/Brussels"


def utcnow() -> datetime:
    return datetime.now(UTC)


def local_zone() -> ZoneInfo:
    return ZoneInfo(os.environ.get("SOFS_TIMEZONE") or DEFAULT_TIMEZONE)


def today() -> date:
    return datetime.now(local_zone()).date()
