"""Scaling questions of one meeting: ask everyone, keep their words, see the history."""

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
from sofs_app.components.case_state import (
    MAP_PAGE,
    require_case_and_meeting,
)
from sofs_app.components.errors import show_error
from sofs_app.components.flash import flash, show_flash
from sofs_app.components.map_board import danger_numbers
from sofs_app.components.meeting_text import meeting_label
from sofs_app.components.scale_chart import scale_history
from sofs_app.components.text import show_heading, show_title
from sofs_app.context import db, label, t
from sofs_app.gate import require_actor
from sofs_core.errors import SofsError
from storage.enums import RaterRole

WHOLE_CASE = ""  # the choice for "the whole situation" (None is not a valid widget value)

actor = require_actor()
case_id, meeting_id = require_case_and_meeting()

with db() as session:
    case = get_case(session=session, actor=actor, case_id=case_id)
    meetings = {m.id: m for m in list_meetings(session=session, actor=actor, case_id=case_id)}
    view = get_map(session=session, actor=actor, meeting_id=meeting_id)
    answers = ratings_of_meeting(session=session, actor=actor, meeting_id=meeting_id)
    history = rating_history(session=session, actor=actor, case_id=case_id)
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
    round_ = st.session_state.setdefault("scaling_round", 0)
    with st.form(f"scaling_{meeting_id}_{round_}", enter_to_submit=False):
        subject = st.selectbox(t("scaling.subject"), list(subjects),
                               format_func=subjects.__getitem__)
        c1, c2 = st.columns(2)
        rater = c1.text_input(t("field.rater_name") + " *", help=t("scaling.rater_help",
                              names=", ".join(participants) or "—"))
        roles = list(RaterRole)
        role = c2.selectbox(t("scaling.rater_role"), roles, format_func=label)
        score = st.pills(t("field.score") + " *", list(range(11)), selection_mode="single")
        reason = st.text_area(t("scaling.reason"))
        higher = st.text_area(t("scaling.one_point_higher"))
        with st.expander(t("scaling.wording")):
            question = st.text_area(t("field.question"), value=t("scaling.default_question"))
            zero_means = st.text_input(t("field.zero_means"), value=t("scaling.default_zero"))
            ten_means = st.text_input(t("field.ten_means"), value=t("scaling.default_ten"))
        submitted = st.form_submit_button(t("scaling.save"), type="primary")
    if submitted:
        try:
            with db() as session:
                rate(session=session, actor=actor, meeting_id=meeting_id, data=RatingInput(
                    rater_name=rater, rater_role=role, score=score, question=question,
                    zero_means=zero_means, ten_means=ten_means,
                    danger_lineage=subject or None, reason=reason, one_point_higher=higher))
        except SofsError as error:
            show_error(error)
        else:
            st.session_state["scaling_round"] = round_ + 1
            flash("scaling.saved")
            st.rerun()

st.subheader(t("scaling.answers_title"))
if answers:
    st.dataframe({
        t("scaling.col.rater"): [a.rater_name for a in answers],
        t("scaling.rater_role"): [label(a.rater_role) for a in answers],
        t("scaling.subject"): [subjects.get(a.danger_lineage or WHOLE_CASE, "—")
                               for a in answers],
        t("scaling.col.score"): [a.score for a in answers],
        t("scaling.reason"): [a.reason for a in answers],
        t("scaling.one_point_higher"): [a.one_point_higher for a in answers],
    }, hide_index=True)
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
for lineage, name in subjects.items():
    show_heading(name, level=4)
    scale_history(history, lineage or None, meeting_id)
