"""The Signs of Safety map of one meeting: see it, add to it, change it."""

import streamlit as st

from auth.access import rights
from mapping.cases import family_name_of_case
from mapping.map import (
    EntryView,
    NeedsConfirmation,
    add_entry,
    get_map,
    move_entry,
    remove_entry,
    update_entry,
)
from mapping.meetings import changes_since_previous, meeting_heading
from plans.review import list_comments
from sofs_app.components import review
from sofs_app.components.adding import added, refused
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
from sofs_app.components.text import show_fields, show_title
from sofs_app.context import db, label, t
from sofs_app.gate import FORM_BASE_PREFIX, require_actor
from sofs_core.errors import Conflict, NotFound, SofsError
from storage.enums import EntryCategory

actor = require_actor()
case_id, meeting_id = require_case_and_meeting()

try:
    with db() as session:
        family_name = family_name_of_case(session=session, actor=actor, case_id=case_id)
        meeting = meeting_heading(session=session, actor=actor, case_id=case_id,
                                  meeting_id=meeting_id)
        view = get_map(session=session, actor=actor, meeting_id=meeting_id)
        can = rights(session, actor, case_id)
        comments = list_comments(session=session, actor=actor, case_id=case_id,
                                 meeting_id=meeting_id)
except NotFound:  # a meeting of another case, or one that is gone: choose again
    st.session_state.pop(MEETING_KEY, None)
    st.switch_page(MEETINGS_PAGE)

show_title(family_name)
st.header(t("map.title", meeting=meeting_label(meeting)))
nav = st.columns(3)
if nav[0].button(t("map.to_meetings"), icon=":material/arrow_back:"):
    st.switch_page(MEETINGS_PAGE)
if nav[1].button(t("map.to_scaling"), icon=":material/linear_scale:"):
    st.switch_page(SCALING_PAGE)
if nav[2].button(t("map.to_meeting_view"), icon=":material/co_present:"):
    st.switch_page(MEETING_VIEW_PAGE)

show_flash()
# The warnings and the map grow and shrink: each in a container of its own, so that the
# forms below keep their place on the page (a form that moves is drawn anew).
with st.container():
    for warning in view.warnings:
        st.warning(t(warning.message_key, **warning.params), icon=":material/priority_high:")
with st.container():
    draw_map(view)
# Worked out only while the panel is open: most reruns of a live meeting do not need it.
changes_panel = st.expander(t("map.changes_title"), icon=":material/difference:",
                            key="map_changes_open", on_change="rerun")
if changes_panel.open:
    with db() as session:
        changes = changes_since_previous(session=session, actor=actor, meeting_id=meeting_id)
    with changes_panel:
        show_changes(changes)

with st.expander(t("review.thread", count=len(comments)), icon=":material/forum:",
                 expanded=bool(comments) and not can.edit):
    review.thread(comments)
    if can.edit or can.review:
        review.comment_form(actor=actor, case_id=case_id, key=f"meeting{meeting_id}",
                            meeting_id=meeting_id)
if not can.edit:
    st.stop()

# Adding: pick the part of the map first, so the form shows that part's fields and frame.
st.header(t("map.add_title"))
category = st.segmented_control(t("map.add_to"), list(EntryCategory), format_func=label,
                                key="map_add_category", default=EntryCategory.HARM,
                                required=True)
if category is not None:
    # One form per part of the map, the same form from one entry to the next: a typist
    # who goes on while the page reruns types into the box that stays (see `adding`).
    add_key = f"map_add_{meeting_id}_{category.value}"
    new = entry_form(form_key=add_key, category=category, view=view, initial=None,
                     submit_label=t("map.add_submit"), adding=True)
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

# Changing: one entry at a time, chosen from the list.
entries = [e for c in EntryCategory for e in view.of(c)]
if entries:
    st.header(t("map.edit_title"))
    positions = {e.id: n for c in EntryCategory for n, e in enumerate(view.of(c), start=1)}
    names = {e.id: entry_choice_label(e, positions[e.id]) for e in entries}
    entry_id = st.selectbox(t("map.edit_pick"), list(names), format_func=names.__getitem__,
                            index=None, placeholder=t("common.choose"), key="map_edit_choice")
    chosen = next((e for e in entries if e.id == entry_id), None)
    if chosen is not None:
        base_key = f"{FORM_BASE_PREFIX}entry:{chosen.id}"
        base = st.session_state.setdefault(base_key, chosen.version)
        edited = entry_form(form_key=f"map_edit_{chosen.id}", category=chosen.category,
                            view=view, initial=chosen.as_input(), submit_label=t("common.save"))
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
