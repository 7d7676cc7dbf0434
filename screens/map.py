"""The map page of one meeting: its heading, the map, how many review comments it has, and
what the reader may do there. The comments themselves are read when their thread is open
(most reruns of a live meeting have it closed)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from auth import Actor
from auth.access import Need, Rights, check_case, inner_calls, rights
from mapping.cases import family_name_of_case
from mapping.consultation import count_comments
from mapping.map import MapView, get_map
from mapping.meetings import MeetingSummary, meeting_heading


@dataclass(frozen=True)
class MapScreen:
    family_name: str
    meeting: MeetingSummary
    view: MapView
    rights: Rights
    comment_count: int


def map_screen(*, session: Session, actor: Actor, case_id: int, meeting_id: int) -> MapScreen:
    """Everything the map page shows; NotFound when the meeting is not one of the case's
    (anymore)."""
    check_case(session, actor, case_id, Need.READ, "map/map_screen")
    with inner_calls(session):  # one page, one audit line: the one above
        meeting = meeting_heading(session=session, actor=actor, case_id=case_id,
                                  meeting_id=meeting_id)
        return MapScreen(
            family_name=family_name_of_case(session=session, actor=actor, case_id=case_id),
            meeting=meeting,
            view=get_map(session=session, actor=actor, meeting_id=meeting_id),
            rights=rights(session, actor, case_id),
            comment_count=count_comments(session=session, actor=actor, case_id=case_id,
                                         meeting_id=meeting_id),
        )
