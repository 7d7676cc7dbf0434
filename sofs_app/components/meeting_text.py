"""How a meeting is named on screen: number, kind and date."""

from __future__ import annotations

from mapping.meetings import MeetingSummary
from sofs_app.components.text import fmt_date_short
from sofs_app.context import label, t


def meeting_label(meeting: MeetingSummary) -> str:
    return t("meetings.label", number=meeting.number, kind=label(meeting.kind),
             date=fmt_date_short(meeting.held_on))
