"""A case's meetings: open a new one (its map starts as a copy of the last) or pick one."""

import streamlit as st

from auth.access import rights
from mapping.attendance import attendance_choices
from mapping.cases import get_case
from mapping.meetings import list_meetings, open_meeting
from sofs_app.components.attendance import attendance_fields
from sofs_app.components.case_state import (
    OVERVIEW_PAGE,
    case_page,
    open_meeting_map,
    require_case,
)
from sofs_app.components.errors import show_error
from sofs_app.components.flash import flash
from sofs_app.components.form_dates import DATE_FORMAT, latest_date
from sofs_app.components.meeting_text import meeting_label
from sofs_app.components.text import show_title
from sofs_app.context import db, label, t
from sofs_app.gate import require_actor
from sofs_core.clock import today
from sofs_core.codes import MeetingKind
from sofs_core.errors import SofsError

actor = require_actor()
case_id = require_case()

with case_page(actor, case_id, "page/meetings") as session:
    case = get_case(session=session, actor=actor, case_id=case_id)
    meetings = list_meetings(session=session, actor=actor, case_id=case_id)
    choices = attendance_choices(session=session, actor=actor, case_id=case_id)
    can = rights(session, actor, case_id)

show_title(case.family_name)
if st.button(t("common.back_to_case"), icon=":material/arrow_back:"):
    st.switch_page(OVERVIEW_PAGE)
st.header(t("meetings.title"))

if meetings:
    labels = {m.id: meeting_label(m) for m in reversed(meetings)}
    with st.form("meeting_pick", border=False):
        chosen = st.selectbox(t("meetings.pick"), list(labels), format_func=labels.__getitem__)
        if st.form_submit_button(t("meetings.open_map"), type="primary", icon=":material/map:"):
            open_meeting_map(int(chosen))
else:
    st.info(t("meetings.none_yet"), icon=":material/event_busy:")

if not can.edit:
    st.stop()
st.header(t("meetings.new"))
st.caption(t("meetings.new_help") if meetings else t("meetings.first_help"))
with st.form("meeting_new", enter_to_submit=False):
    c1, c2 = st.columns(2)
    kinds = list(MeetingKind)
    kind = c1.selectbox(t("field.kind"), kinds, format_func=label,
                        index=kinds.index(MeetingKind.FOLLOW_UP if meetings
                                          else MeetingKind.INTAKE_MAPPING))
    held_on = c2.date_input(t("field.held_on") + " *", value=today(), format=DATE_FORMAT,
                            max_value=latest_date())
    participants = attendance_fields(choices, key="meeting_new",
                                     default_user_id=actor.id)
    submitted = st.form_submit_button(t("meetings.start"), type="primary",
                                      icon=":material/add_circle:")
if submitted:
    try:
        with db() as session:
            meeting_id = open_meeting(session=session, actor=actor, case_id=case_id, kind=kind,
                                      held_on=held_on if held_on else None,
                                      participants=participants)
    except SofsError as error:
        show_error(error)
    else:
        flash("meetings.started")
        open_meeting_map(meeting_id)
