"""Registration for the annual report on one case: minors, contact log, procedures,
outcomes at closure and the satisfaction survey (registration.records)."""

from datetime import date

import streamlit as st

from registration.records import (
    ContactInput,
    SurveyInput,
    add_contact,
    add_procedure,
    add_survey_response,
    registration_of_case,
    remove_contact,
    remove_procedure,
    remove_survey_response,
    set_minors,
    set_outcomes,
)
from sofs_app.components.adding import adding_form, is_submitted, submit_button
from sofs_app.components.care_forms import care_form_label
from sofs_app.components.case_state import OVERVIEW_PAGE, case_page, require_case
from sofs_app.components.flash import show_flash
from sofs_app.components.form_dates import DATE_FORMAT
from sofs_app.components.removing import list_and_remove
from sofs_app.components.saving import save
from sofs_app.components.text import fmt_date_short
from sofs_app.context import label, labeller, t
from sofs_app.gate import require_actor
from sofs_core.clock import today
from sofs_core.codes import ContactKind, Outcome, ProcedureKind, Respondent

actor = require_actor()
case_id = require_case()
with case_page(actor, case_id, "page/registration") as session:
    reg = registration_of_case(session=session, actor=actor, case_id=case_id)

st.title(t("registration_page.title"))
show_flash()
if st.button(t("common.back_to_case"), icon=":material/arrow_back:"):
    st.switch_page(OVERVIEW_PAGE)
st.caption(t("registration_page.intro"))
st.text(f"{t('field.hulpvorm')}: {care_form_label(reg.hulpvorm)}")

# Outcomes first when a closed case still lacks them: that is what the figures miss.
st.header(t("registration_page.outcomes"))
if not reg.closed:
    st.caption(t("registration_page.outcomes_when_closed"))
else:
    if not reg.answers:
        st.warning(t("registration_page.outcomes_missing"), icon=":material/warning:")
    with st.form("registration_outcomes", enter_to_submit=False):
        answers: dict[Outcome, bool | None] = {}
        for question in reg.questions:
            known = reg.answers.get(question)
            picked_answer = st.radio(
                label(question), ["yes", "no"], horizontal=True,
                index=None if known is None else (0 if known else 1),
                format_func=labeller("registration_page"), key=f"outcome_{question.value}")
            answers[question] = None if picked_answer is None else picked_answer == "yes"
        if st.form_submit_button(t("registration_page.save_outcomes"), type="primary"):
            save(lambda s: set_outcomes(session=s, actor=actor, case_id=case_id,
                                        expected_version=reg.version, answers=answers),
                 "registration_page.saved")

st.header(t("registration_page.minors"))
if not reg.candidates:
    st.caption(t("registration_page.no_members"))
else:
    names = {c.person_id: c.name for c in reg.candidates}
    with st.form("registration_minors", enter_to_submit=False):
        chosen = st.multiselect(
            t("field.minors"), list(names), format_func=names.__getitem__,
            default=[c.person_id for c in reg.candidates if c.registered],
            placeholder=t("common.choose"))
        st.caption(t("registration_page.minors_help"))
        if st.form_submit_button(t("registration_page.save_minors")):
            save(lambda s: set_minors(session=s, actor=actor, case_id=case_id,
                                      expected_version=reg.version, person_ids=chosen),
                 "registration_page.saved")

st.header(t("registration_page.contacts"))
hours, minutes = divmod(reg.direct_minutes, 60)
st.write(t("registration_page.contacts_total", hours=hours, minutes=minutes))
# Adding forms stay the same form from one entry to the next (see `adding`): whatever is
# typed right after a save is kept.
CONTACT = f"registration_contact:{case_id}"
with adding_form(CONTACT):
    c1, c2, c3 = st.columns(3)
    held_on = c1.date_input(t("field.held_on"), value=min(today(), reg.end_date or today()),
                            format=DATE_FORMAT, key=f"{CONTACT}:held_on")
    kind = c2.selectbox(t("field.contact_kind"), list(ContactKind),
                        format_func=labeller("contactkind"), key=f"{CONTACT}:kind")
    length = c3.number_input(t("field.minutes"), min_value=0, value=60, step=15,
                             key=f"{CONTACT}:minutes")
    submit_button(CONTACT, t("registration_page.add_contact"), icon=":material/add:")
if is_submitted(CONTACT):
    contact = ContactInput(held_on if isinstance(held_on, date) else None,
                           kind or ContactKind.FACE_TO_FACE, int(length), actor.id)
    save(lambda s: add_contact(session=s, actor=actor, case_id=case_id, data=contact),
         "registration_page.saved", adding=CONTACT)
if reg.contacts:
    list_and_remove(
        key=f"registration_contacts:{case_id}",
        table={t("registration_page.col_date"): [fmt_date_short(c.held_on)
                                                 for c in reg.contacts],
               t("registration_page.col_kind"): [label(c.kind) for c in reg.contacts],
               t("registration_page.col_minutes"): [c.minutes for c in reg.contacts]},
        choices={c.id: f"{fmt_date_short(c.held_on)} · {label(c.kind)} · {c.minutes}"
                 for c in reg.contacts},
        which=t("registration_page.which_contact"),
        button=t("registration_page.remove_contact"),
        remove=lambda s, row: remove_contact(session=s, actor=actor, contact_id=row),
        done="registration_page.removed")
else:
    st.caption(t("registration_page.no_contacts"))

st.header(t("registration_page.procedures"))
PROCEDURE = f"registration_procedure:{case_id}"
with adding_form(PROCEDURE):
    c1, c2 = st.columns(2)
    procedure = c1.selectbox(t("field.procedure_kind"), list(ProcedureKind),
                             format_func=labeller("procedurekind"), key=f"{PROCEDURE}:kind")
    started_on = c2.date_input(t("field.started_on"), value=None, format=DATE_FORMAT,
                               key=f"{PROCEDURE}:started_on")
    submit_button(PROCEDURE, t("registration_page.add_procedure"), icon=":material/add:")
if is_submitted(PROCEDURE):
    save(lambda s: add_procedure(session=s, actor=actor, case_id=case_id,
                                 kind=procedure or ProcedureKind.M_DOCUMENT,
                                 started_on=started_on if isinstance(started_on, date)
                                 else None),
         "registration_page.saved", adding=PROCEDURE)
if reg.procedures:
    list_and_remove(
        key=f"registration_procedures:{case_id}",
        table={t("registration_page.col_kind"): [label(p.kind) for p in reg.procedures],
               t("registration_page.col_date"): [fmt_date_short(p.started_on)
                                                 for p in reg.procedures]},
        choices={p.id: f"{label(p.kind)} · {fmt_date_short(p.started_on)}"
                 for p in reg.procedures},
        which=t("registration_page.which_procedure"),
        button=t("registration_page.remove_procedure"),
        remove=lambda s, row: remove_procedure(session=s, actor=actor, procedure_id=row),
        done="registration_page.removed")
else:
    st.caption(t("registration_page.no_procedures"))

st.header(t("registration_page.survey"))
st.caption(t("registration_page.survey_help"))
SURVEY = f"registration_survey:{case_id}"
with adding_form(SURVEY):
    c1, c2, c3 = st.columns(3)
    respondent = c1.selectbox(t("field.respondent"), list(Respondent),
                              format_func=labeller("respondent"), key=f"{SURVEY}:respondent")
    filled_in = c2.checkbox(t("field.filled_in"), value=True, key=f"{SURVEY}:filled_in")
    score = c3.number_input(t("field.score"), min_value=0.0, max_value=10.0, value=None,
                            step=0.1, format="%.1f", key=f"{SURVEY}:score")
    remarks = st.text_area(t("field.remarks"), height=68, key=f"{SURVEY}:remarks")
    submit_button(SURVEY, t("registration_page.add_survey"), icon=":material/add:")
if is_submitted(SURVEY):
    answer = SurveyInput(respondent or Respondent.PARENT, filled_in, score, remarks)
    save(lambda s: add_survey_response(session=s, actor=actor, case_id=case_id, data=answer),
         "registration_page.saved", adding=SURVEY)
if reg.surveys:
    list_and_remove(
        key=f"registration_surveys:{case_id}",
        table={t("registration_page.col_respondent"): [label(r.respondent)
                                                       for r in reg.surveys],
               t("registration_page.col_filled_in"): [
                   t("registration_page.yes") if r.filled_in else t("registration_page.no")
                   for r in reg.surveys],
               t("registration_page.col_score"): [r.score for r in reg.surveys],
               t("registration_page.col_remarks"): [r.remarks for r in reg.surveys]},
        choices={r.id: f"{n + 1}. {label(r.respondent)}" for n, r in enumerate(reg.surveys)},
        which=t("registration_page.which_survey"),
        button=t("registration_page.remove_survey"),
        remove=lambda s, row: remove_survey_response(session=s, actor=actor,
                                                     response_id=row),
        done="registration_page.removed")
else:
    st.caption(t("registration_page.no_surveys"))
