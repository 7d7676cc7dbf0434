"""Scaling questions of one meeting: ask everyone, keep their words, see the history."""

import pyarrow as pa
import streamlit as st

from auth.access import rights
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
from sofs_app.components.adding import added, adding_form, is_submitted, refused, submit_button
from sofs_app.components.case_state import (
    MAP_PAGE,
    require_case_and_meeting,
)
from sofs_app.components.errors import error_text, show_error
from sofs_app.components.flash import flash, show_flash
from sofs_app.components.map_board import danger_numbers
from sofs_app.components.meeting_text import meeting_label
from sofs_app.components.scale_chart import scale_history
from sofs_app.components.text import show_caption, show_heading, show_title
from sofs_app.context import db, label, t
from sofs_app.gate import require_actor
from sofs_core.errors import SofsError
from storage.enums import RaterRole

WHOLE_CASE = ""  # the choice for "the whole situation" (None is not a valid widget value)

actor = require_actor()
case_id, meeting_id = require_case_and_meeting()
HISTORY_CHOICE = f"scaling_history:{case_id}"

with db() as session:
    case = get_case(session=session, actor=actor, case_id=case_id)
    meetings = {m.id: m for m in list_meetings(session=session, actor=actor, case_id=case_id)}
    view = get_map(session=session, actor=actor, meeting_id=meeting_id)
    answers = ratings_of_meeting(session=session, actor=actor, meeting_id=meeting_id)
    # Only the subject whose history is shown (the choice below, kept from the last run).
    read_for = st.session_state.get(HISTORY_CHOICE, WHOLE_CASE)
    read_for = read_for if isinstance(read_for, str) else WHOLE_CASE
    history = rating_history(session=session, actor=actor, case_id=case_id,
                             subject=(read_for or None,))
    can = rights(session, actor, case_id)

show_title(case.family_name)
st.header(t("scaling.title", meeting=meeting_label(meetings[meeting_id])))
if st.button(t("scaling.to_map"), icon=":material/arrow_back:"):
    st.switch_page(MAP_PAGE)
show_flash()

numbers = danger_numbers(view)
subjects = {WHOLE_CASE: t("scaling.whole_case")} | {
    p.danger.lineage: t("scaling.pair", number=numbers[p.danger.lineage],
                        text=p.danger.text[:90])
    for p in view.pairs
}
participants = [p.name for p in meetings[meeting_id].participants]

if can.edit:
    st.subheader(t("scaling.ask_title"))
    # Names are user text: shown escaped, never in a help tooltip (that is markdown).
    show_caption(t("scaling.present", names=", ".join(participants) or "—"))
    # The same form from one answer to the next (see `adding`): nothing typed is lost.
    form = f"scaling_{meeting_id}"
    with adding_form(form):
        subject = st.selectbox(t("scaling.subject"), list(subjects),
                               format_func=subjects.__getitem__, key=f"{form}:subject")
        c1, c2 = st.columns(2)
        rater = c1.text_input(t("field.rater_name") + " *", key=f"{form}:rater")
        roles = list(RaterRole)
        role = c2.selectbox(t("scaling.rater_role"), roles, format_func=label,
                            key=f"{form}:role")
        score = st.pills(t("field.score") + " *", list(range(11)), selection_mode="single",
                        key=f"{form}:score")
        reason = st.text_area(t("scaling.reason"), key=f"{form}:reason")
        higher = st.text_area(t("scaling.one_point_higher"), key=f"{form}:higher")
        with st.expander(t("scaling.wording")):
            question = st.text_area(t("field.question"), value=t("scaling.default_question"),
                                    key=f"{form}:question")
            zero_means = st.text_input(t("field.zero_means"), value=t("scaling.default_zero"),
                                       key=f"{form}:zero")
            ten_means = st.text_input(t("field.ten_means"), value=t("scaling.default_ten"),
                                      key=f"{form}:ten")
        submit_button(form, t("scaling.save"))
    if is_submitted(form):
        try:
            with db() as session:
                rate(session=session, actor=actor, meeting_id=meeting_id, data=RatingInput(
                    rater_name=rater, rater_role=role, score=score, question=question,
                    zero_means=zero_means, ten_means=ten_means,
                    danger_lineage=subject or None, reason=reason, one_point_higher=higher))
        except SofsError as error:
            refused(form, error_text(error))
        else:
            added(form)
            flash("scaling.saved")
            st.rerun()

st.subheader(t("scaling.answers_title"))
if answers:
    st.dataframe(pa.table({  # an Arrow table: no pandas frame built on every rerun
        t("scaling.col.rater"): [a.rater_name for a in answers],
        t("scaling.rater_role"): [label(a.rater_role) for a in answers],
        t("scaling.subject"): [subjects.get(a.danger_lineage or WHOLE_CASE, "—")
                               for a in answers],
        t("scaling.col.score"): [a.score for a in answers],
        t("scaling.reason"): [a.reason for a in answers],
        t("scaling.one_point_higher"): [a.one_point_higher for a in answers],
    }), hide_index=True)
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
