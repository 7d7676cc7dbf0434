"""Scaling questions of one meeting: ask everyone, keep their words, see the history."""

from textwrap import shorten

import streamlit as st

from auth.access import rights
from mapping.attendance import attendees
from mapping.cases import get_case
from mapping.map import get_map
from mapping.meetings import list_meetings
from mapping.scaling import (
    RatingInput,
    rate,
    rating_history,
    ratings_of_meeting,
    remove_rating,
)
from sofs_app.components.adding import (
    added,
    adding_form,
    is_submitted,
    outside_value,
    refused,
    submit_button,
)
from sofs_app.components.attendance import attendance_panel
from sofs_app.components.case_state import (
    MAP_PAGE,
    case_page,
    require_case_and_meeting,
)
from sofs_app.components.errors import error_text, show_error
from sofs_app.components.flash import flash, show_flash
from sofs_app.components.map_board import danger_numbers
from sofs_app.components.meeting_text import meeting_label
from sofs_app.components.scale_chart import (
    answers_table,
    first_to_answer,
    next_to_answer,
    scale_history,
)
from sofs_app.components.text import show_heading, show_title
from sofs_app.context import db, t
from sofs_app.gate import require_actor
from sofs_core.codes import RaterRole
from sofs_core.errors import SofsError

WHOLE_CASE = ""  # the choice for "the whole situation" (None is not a valid widget value)
NEXT_RATER = "scaling_next_rater"  # (who just answered, who answers next) after a save

actor = require_actor()
case_id, meeting_id = require_case_and_meeting()
HISTORY_CHOICE = f"scaling_history:{case_id}"

with case_page(actor, case_id, "page/scaling") as session:
    case = get_case(session=session, actor=actor, case_id=case_id)
    meetings = {m.id: m for m in list_meetings(session=session, actor=actor, case_id=case_id)}
    view = get_map(session=session, actor=actor, meeting_id=meeting_id)
    answers = ratings_of_meeting(session=session, actor=actor, meeting_id=meeting_id)
    attendance = attendees(session=session, actor=actor, meeting_id=meeting_id)
    # Only the subject whose history is shown (the choice below, kept from the last run).
    read_for = st.session_state.get(HISTORY_CHOICE, WHOLE_CASE)
    read_for = read_for if isinstance(read_for, str) else WHOLE_CASE
    history = rating_history(session=session, actor=actor, case_id=case_id,
                             subject=(read_for or None,))
    can = rights(session, actor, case_id)

show_title(case.family_name)
st.header(t("scaling.title", meeting=meeting_label(meetings[meeting_id])))
# A link, not a button: going back is navigation (and no widget on every rerun).
st.page_link(MAP_PAGE, label=t("scaling.to_map"), icon=":material/arrow_back:")
show_flash()

numbers = danger_numbers(view)
subjects = {WHOLE_CASE: t("scaling.whole_case")} | {
    p.danger.lineage: t("scaling.pair", number=numbers[p.danger.lineage],
                        text=shorten(p.danger.text, width=90, placeholder=" …"))
    for p in view.pairs
}
short_subjects = {WHOLE_CASE: t("scaling.whole_case")} | {  # for the table: no text cut
    p.danger.lineage: t("meeting_view.pair", number=numbers[p.danger.lineage])
    for p in view.pairs
}
people = {a.id: a for a in attendance.people}

if can.edit:
    attendance_panel(actor=actor, case_id=case_id, meeting_id=meeting_id,
                     attendance=attendance)
    st.subheader(t("scaling.ask_title"))
    form = f"scaling_{meeting_id}"
    # Who answers and about what stay chosen from one answer to the next (outside the
    # form, which empties itself when sent); after a save the next person is chosen.
    subject_key, rater_key = f"scaling_subject:{meeting_id}", f"scaling_rater:{meeting_id}"
    follow = st.session_state.pop(NEXT_RATER, None)
    if follow is not None and st.session_state.get(rater_key) == follow[0]:
        st.session_state[rater_key] = follow[1]
    if st.session_state.get(subject_key) not in subjects:  # its danger was left out
        st.session_state.pop(subject_key, None)
    if st.session_state.get(rater_key) not in people:
        # At first, the first one present who has not answered about the whole situation.
        st.session_state[rater_key] = first_to_answer(attendance.people, answers, None)
    if not people:
        st.info(t("scaling.nobody_present"), icon=":material/group_add:")
    c1, c2 = st.columns(2)
    c1.selectbox(t("scaling.subject"), list(subjects), format_func=subjects.__getitem__,
                 key=subject_key)
    # Names are user text: options of a selectbox are shown as text, never as markdown.
    rater_names = {a.id: a.name for a in attendance.people}
    c2.selectbox(t("field.rater_name") + " *", list(rater_names),
                 format_func=rater_names.__getitem__, index=None,
                 placeholder=t("scaling.pick_rater"), key=rater_key)
    # The same form from one answer to the next (see `adding`): nothing typed is lost.
    with adding_form(form):
        score = st.pills(t("field.score") + " *", list(range(11)), selection_mode="single",
                         key=f"{form}:score")
        reason = st.text_area(t("scaling.reason"), key=f"{form}:reason", height=80)
        higher = st.text_area(t("scaling.one_point_higher"), key=f"{form}:higher", height=80)
        # The question and what 0 and 10 mean, on the page: read out, or changed for a
        # person (a parent's own 10); each answer keeps the words it was given to.
        question = st.text_area(t("field.question"), value=t("scaling.default_question"),
                                key=f"{form}:question", height=100)
        w1, w2 = st.columns(2)
        zero_means = w1.text_area(t("field.zero_means"), value=t("scaling.default_zero"),
                                  key=f"{form}:zero", height=80)
        ten_means = w2.text_area(t("field.ten_means"), value=t("scaling.default_ten"),
                                 key=f"{form}:ten", height=80)
        submit_button(form, t("scaling.save"), outside=(subject_key, rater_key))
    if is_submitted(form):
        subject = outside_value(form, subject_key) or WHOLE_CASE
        rater = people.get(outside_value(form, rater_key))
        try:
            with db() as session:
                rate(session=session, actor=actor, meeting_id=meeting_id, data=RatingInput(
                    rater_name=rater.name if rater else "",
                    rater_role=rater.rater_role if rater else RaterRole.COUNSELLOR,
                    rater_person_id=rater.person_id if rater else None,
                    score=score, question=question, zero_means=zero_means,
                    ten_means=ten_means, danger_lineage=subject or None, reason=reason,
                    one_point_higher=higher))
        except SofsError as error:
            refused(form, error_text(error))
        else:
            added(form)
            if rater is not None:
                st.session_state[NEXT_RATER] = (rater.id, next_to_answer(
                    attendance.people, answers, rater, subject or None))
            flash("scaling.saved")
            st.rerun()

st.subheader(t("scaling.answers_title"))
if answers:
    answers_table(answers, short_subjects)
    names = {a.id: f"{a.rater_name} · {subjects.get(a.danger_lineage or WHOLE_CASE, '—')}"
             f" · {a.score}" for a in answers}
    if can.edit:
        with st.form("scaling_remove", border=False):
            gone = st.selectbox(t("scaling.remove_pick"), list(names),
                                format_func=names.__getitem__, index=None,
                                placeholder=t("common.choose"))
            if st.form_submit_button(t("scaling.remove")) and gone is not None:
                try:
                    with db() as session:
                        remove_rating(session=session, actor=actor, rating_id=int(gone))
                except SofsError as error:
                    show_error(error)
                else:
                    flash("scaling.removed")
                    st.rerun()
else:
    st.caption(t("scaling.no_answers"))

st.subheader(t("scaling.history_title"))
# One subject's chart at a time: one chart per subject made the page slow (issue 19).
shown = st.selectbox(t("scaling_history.subject"), list(subjects),
                     format_func=subjects.__getitem__, key=HISTORY_CHOICE)
shown = shown if shown in subjects else WHOLE_CASE
if shown != read_for:  # the danger chosen before is gone: read the one shown instead
    with db() as session:
        history = rating_history(session=session, actor=actor, case_id=case_id,
                                 subject=(shown or None,))
show_heading(subjects[shown], level=4)
scale_history(history, shown or None, meeting_id)
