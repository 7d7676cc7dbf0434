"""The Signs of Safety map of one meeting: see it, add to it, change it."""

from dataclasses import replace

import streamlit as st

from mapping.attendance import attendees
from mapping.consultation import list_comments
from mapping.map import (
    EntryView,
    NeedsConfirmation,
    add_entry,
    move_entry,
    remove_entry,
    update_entry,
)
from mapping.meetings import changes_since_previous
from screens.map import map_screen
from sofs_app.components import review
from sofs_app.components.adding import added, outside_value, refused
from sofs_app.components.case_state import (
    MEETING_KEY,
    MEETING_VIEW_PAGE,
    MEETINGS_PAGE,
    SCALING_PAGE,
    require_case_and_meeting,
)
from sofs_app.components.entry_form import entry_form
from sofs_app.components.errors import error_text, show_error
from sofs_app.components.flash import flash, show_flash
from sofs_app.components.map_board import draw_map, entry_choice_label
from sofs_app.components.map_changes import show_changes
from sofs_app.components.meeting_text import meeting_label
from sofs_app.components.panels import work_panel
from sofs_app.components.text import show_fields, show_title
from sofs_app.context import db, label, t
from sofs_app.gate import FORM_BASE_PREFIX, require_actor
from sofs_app.paths import CHILD_VOICE_PAGE
from sofs_core.codes import EntryCategory
from sofs_core.errors import Conflict, NotFound, SofsError

actor = require_actor()
case_id, meeting_id = require_case_and_meeting()

try:
    with db() as session:
        screen = map_screen(session=session, actor=actor, case_id=case_id,
                            meeting_id=meeting_id)
except NotFound:  # a meeting of another case, or one that is gone: choose again
    st.session_state.pop(MEETING_KEY, None)
    st.switch_page(MEETINGS_PAGE)
family_name, meeting, view, can = (
    screen.family_name, screen.meeting, screen.view, screen.rights)

show_title(family_name)
st.header(t("map.title", meeting=meeting_label(meeting)))
# Links, not buttons: going elsewhere is navigation (and a row of links is no widget state
# on every rerun of a live meeting).
with st.container(horizontal=True, gap="medium"):
    st.page_link(MEETINGS_PAGE, label=t("map.to_meetings"), icon=":material/arrow_back:")
    st.page_link(SCALING_PAGE, label=t("map.to_scaling"), icon=":material/linear_scale:")
    st.page_link(MEETING_VIEW_PAGE, label=t("map.to_meeting_view"),
                 icon=":material/co_present:")
    st.page_link(CHILD_VOICE_PAGE, label=t("child_voice.open"), icon=":material/child_care:")

# The message of the last save, the warnings and the map grow and shrink: in a container
# of their own, so that the forms below keep their place on the page (a form that moves is
# drawn anew).
with st.container():
    show_flash(in_own_slot=False)
    for warning in view.warnings:
        st.warning(t(warning.message_key, **warning.params), icon=":material/priority_high:")
    draw_map(view)
# Worked out only while the panel is open: most reruns of a live meeting do not need it.
changes_panel = work_panel(t("map.changes_title"), icon=":material/difference:",
                           key="map_changes_open")
if changes_panel.open:
    with db() as session:
        changes = changes_since_previous(session=session, actor=actor, meeting_id=meeting_id)
    with changes_panel:
        show_changes(changes)

thread_panel = work_panel(t("review.thread", count=screen.comment_count),
                          icon=":material/forum:", key="panel:map_thread",
                          start_open=not can.edit)  # a consultant's work on this page
if thread_panel.open:  # a closed thread costs the reruns of a live meeting nothing
    with db() as session:
        comments = list_comments(session=session, actor=actor, case_id=case_id,
                                 meeting_id=meeting_id)
    with thread_panel:
        review.thread(comments)
        if can.edit or can.review:
            review.comment_form(actor=actor, case_id=case_id, key=f"meeting{meeting_id}",
                                meeting_id=meeting_id)
if not can.edit:
    st.stop()



def present_names(category: EntryCategory) -> list[str]:
    """Who is at the meeting, for a next step's "who" (read only when a next step is open)."""
    if category is not EntryCategory.NEXT_STEP:
        return []
    with db() as session:
        return [a.name for a in attendees(session=session, actor=actor,
                                          meeting_id=meeting_id).people]


# Adding: pick the part of the map first, so the form shows that part's fields and frame.
st.header(t("map.add_title"))
category = st.segmented_control(t("map.add_to"), list(EntryCategory), format_func=label,
                                key="map_add_category", default=EntryCategory.HARM,
                                required=True)
if category is not None:
    # One form for every part of the map, the same form from one entry to the next: a
    # typist who goes on while the page reruns, or right after choosing another part,
    # types into the box that stays (see `adding`). The part is taken at the click.
    add_key = f"map_add_{meeting_id}"
    new = entry_form(form_key=add_key, category=category, view=view, initial=None,
                     submit_label=t("map.add_submit"), adding=True,
                     present=present_names(category), outside=("map_add_category",))
    sent_to = outside_value(add_key, "map_add_category") if new is not None else None
    if new is not None and isinstance(sent_to, EntryCategory) and sent_to is not category:
        new = replace(new, category=sent_to)  # sent before another part was chosen
    if new is not None:
        try:
            with db() as session:
                add_entry(session=session, actor=actor, meeting_id=meeting_id, data=new)
        except SofsError as error:
            refused(add_key, error_text(error))
        else:
            added(add_key)
            flash("map.added")
            st.rerun()

# Changing: one entry at a time, chosen from the list, in a panel that stays as it was
# left (adding is what a live meeting mostly does: a closed panel costs its reruns
# nothing).
entries = [e for c in EntryCategory for e in view.of(c)]
editing = (work_panel(t("map.edit_title"), icon=":material/edit:", key="map_edit_open")
           if entries else None)
if editing is not None and editing.open:
    with editing:
        positions = {e.id: n for c in EntryCategory for n, e in enumerate(view.of(c), start=1)}
        names = {e.id: entry_choice_label(e, positions[e.id]) for e in entries}
        entry_id = st.selectbox(t("map.edit_pick"), list(names), format_func=names.__getitem__,
                                index=None, placeholder=t("common.choose"), key="map_edit_choice")
        chosen = next((e for e in entries if e.id == entry_id), None)
        if chosen is not None:
            base_key = f"{FORM_BASE_PREFIX}entry:{chosen.id}"
            base = st.session_state.setdefault(base_key, chosen.version)
            edited = entry_form(form_key=f"map_edit_{chosen.id}", category=chosen.category,
                                view=view, initial=chosen.as_input(), submit_label=t("common.save"),
                                present=present_names(chosen.category))
            up, down, remove, _ = st.columns([1, 1, 1, 3])
            action = (
                "save" if edited is not None
                else "up" if up.button(t("map.move_up"), icon=":material/arrow_upward:")
                else "down" if down.button(t("map.move_down"), icon=":material/arrow_downward:")
                else "remove" if remove.button(t("map.remove"), icon=":material/delete:")
                else None
            )
            confirm_key = f"map_remove_asked_{chosen.id}"
            if st.session_state.get(confirm_key):
                # Asked before: what hangs on this entry was shown; removing takes it along.
                st.warning(t("map.confirm_remove_danger", **st.session_state[confirm_key]),
                           icon=":material/warning:")
                if st.button(t("map.remove_confirm"), type="primary"):
                    action = "remove_confirmed"
            if action is not None:
                try:
                    with db() as session:
                        if action == "save" and edited is not None:
                            update_entry(session=session, actor=actor, entry_id=chosen.id,
                                         expected_version=base, data=edited)
                        elif action in ("up", "down"):
                            move_entry(session=session, actor=actor, entry_id=chosen.id,
                                       expected_version=base, steps=-1 if action == "up" else 1)
                        else:
                            remove_entry(session=session, actor=actor, entry_id=chosen.id,
                                         expected_version=base,
                                         confirmed=action == "remove_confirmed")
                except NeedsConfirmation as asked:
                    st.session_state[confirm_key] = dict(asked.params)
                    st.rerun()
                except Conflict as conflict:
                    st.error(t("error.conflict"), icon=":material/sync_problem:")
                    if isinstance(conflict.current, EntryView):
                        st.write(t("case_edit.conflict_theirs"))
                        show_fields([(t("field.text"), conflict.current.text)])
                        st.info(t("case_edit.conflict_next"), icon=":material/info:")
                        st.session_state[base_key] = conflict.current.version
                except SofsError as error:
                    show_error(error)
                else:
                    for key in (base_key, confirm_key):
                        st.session_state.pop(key, None)
                    if action.startswith("remove"):
                        st.session_state.pop("map_edit_choice", None)
                    flash({"save": "map.saved", "up": "map.moved",
                           "down": "map.moved"}.get(action, "map.removed"))
                    st.rerun()
