"""The attendance fields: who is present, picked from the case's people, free names too."""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from auth import Actor
from mapping.attendance import (
    Attendance,
    AttendanceChoices,
    Choice,
    ParticipantInput,
    attendance_choices,
    set_attendance,
)
from sofs_app.components.errors import show_error
from sofs_app.components.flash import flash
from sofs_app.context import db, t
from sofs_core.codes import ParticipantRole
from sofs_core.errors import Conflict, SofsError

R = ParticipantRole


def _pick(label: str, options: Sequence[Choice], chosen: Sequence[int], key: str) -> list[int]:
    names = {c.id: c.name for c in options}
    # Names are user text: they go in as options (shown as text), never in a label or help.
    picked = st.multiselect(label, list(names), default=[i for i in chosen if i in names],
                            format_func=names.__getitem__, placeholder=t("common.choose"),
                            key=key)
    return [int(i) for i in picked]


def attendance_fields(choices: AttendanceChoices, *, key: str,
                      current: Sequence[ParticipantInput] = (),
                      default_user_id: int | None = None) -> tuple[ParticipantInput, ...]:
    """Draw the fields (inside a form) and return who they say is present."""
    by_role = {role: [p for p in current if p.role is role] for role in R}
    family = _pick(t("meetings.family_present"), choices.family,
                   [p.person_id for p in by_role[R.FAMILY] if p.person_id is not None],
                   f"{key}:family")
    c1, c2 = st.columns(2)
    with c1:
        network = _pick(t("meetings.network_present"), choices.network,
                        [p.person_id for p in by_role[R.NETWORK] if p.person_id is not None],
                        f"{key}:network")
        network_free = st.text_area(
            t("meetings.network_others"), help=t("meetings.one_per_line"), height=68,
            value="\n".join(p.name for p in by_role[R.NETWORK] if p.person_id is None),
            key=f"{key}:network_free")
    with c2:
        users = [p.user_id for p in by_role[R.PROFESSIONAL] if p.user_id is not None]
        if not current and default_user_id is not None:
            users = [default_user_id]
        professionals = _pick(t("meetings.professionals_present"), choices.professionals,
                              users, f"{key}:professionals")
        professionals_free = st.text_area(
            t("meetings.professionals_others"), help=t("meetings.one_per_line"), height=68,
            value="\n".join(p.name for p in by_role[R.PROFESSIONAL] if p.user_id is None),
            key=f"{key}:professionals_free")
    # The service stores a picked person or account under its own name, whatever comes in.
    people = {c.id: c.name for c in (*choices.family, *choices.network)}
    accounts = {c.id: c.name for c in choices.professionals}
    return (
        *(ParticipantInput(people.get(i, ""), R.FAMILY, person_id=i) for i in family),
        *(ParticipantInput(people.get(i, ""), R.NETWORK, person_id=i) for i in network),
        *(ParticipantInput(n.strip(), R.NETWORK) for n in network_free.splitlines()
          if n.strip()),
        *(ParticipantInput(accounts.get(i, ""), R.PROFESSIONAL, user_id=i)
          for i in professionals),
        *(ParticipantInput(n.strip(), R.PROFESSIONAL) for n in professionals_free.splitlines()
          if n.strip()),
    )


def attendance_panel(*, actor: Actor, case_id: int, meeting_id: int,
                     attendance: Attendance) -> None:
    """Change who is present (someone came late): the names are read only while it is open
    (the page says to open it when nobody is recorded yet)."""
    panel = st.expander(t("meetings.attendance_title"), icon=":material/groups:",
                        key=f"attendance_open:{meeting_id}", on_change="rerun")
    if not panel.open:
        return
    with db() as session:
        choices = attendance_choices(session=session, actor=actor, case_id=case_id)
    current = [ParticipantInput(a.name, a.role, a.person_id, a.user_id)
               for a in attendance.people]
    with panel, st.form(f"attendance_{meeting_id}", enter_to_submit=False, border=False):
        participants = attendance_fields(choices, key=f"attendance_{meeting_id}",
                                         current=current)
        saved = st.form_submit_button(t("meetings.attendance_save"), icon=":material/save:")
    if not saved:
        return
    try:
        with db() as session:
            set_attendance(session=session, actor=actor, meeting_id=meeting_id,
                           expected_version=attendance.version, participants=participants)
    except Conflict:
        panel.error(t("meetings.attendance_conflict"), icon=":material/sync_problem:")
    except SofsError as error:
        with panel:
            show_error(error)
    else:
        flash("meetings.attendance_saved")
        st.rerun()
