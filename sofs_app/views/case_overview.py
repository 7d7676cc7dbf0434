"""Case overview: the family, its members, dates and referrer."""

import pyarrow as pa
import streamlit as st

from auth.access import rights
from genograms.people import (
    PersonDetail,
    add_family_member,
    list_family_members,
    remove_person,
    update_person,
)
from mapping.cases import get_case
from plans.trajectory import get_trajectory
from sofs_app.components import case_sections
from sofs_app.components.adding import added, refused
from sofs_app.components.care_forms import care_form_label
from sofs_app.components.case_state import (
    EDIT_PAGE,
    GENOGRAM_PAGE,
    LIST_PAGE,
    MEETINGS_PAGE,
    NETWORK_PAGE,
    PLAN_PAGE,
    case_page,
    require_case,
)
from sofs_app.components.errors import error_text, show_error
from sofs_app.components.flash import flash, show_flash
from sofs_app.components.panels import work_panel
from sofs_app.components.person_form import person_form
from sofs_app.components.text import fmt_date, fmt_date_short, show_fields, show_title
from sofs_app.components.trajectory import trajectory_section
from sofs_app.context import db, label, t
from sofs_app.gate import FORM_BASE_PREFIX, require_actor
from sofs_app.paths import REGISTRATION_PAGE, WORDS_PICTURES_PAGE
from sofs_core.clock import today
from sofs_core.errors import Conflict, SofsError

actor = require_actor()
case_id = require_case()

with case_page(actor, case_id, "page/case_overview") as session:
    case = get_case(session=session, actor=actor, case_id=case_id)
    members = list_family_members(session=session, actor=actor, family_id=case.family_id)
    can = rights(session, actor, case_id)
    trajectory = get_trajectory(session=session, actor=actor, case_id=case_id, on=today())

show_flash()

show_title(case.family_name)
top = st.columns(6)
if top[0].button(t("common.back_to_list"), icon=":material/arrow_back:"):
    st.switch_page(LIST_PAGE)
if can.edit and top[1].button(t("case_overview.edit"), icon=":material/edit:"):
    st.switch_page(EDIT_PAGE)
if top[2].button(t("case_overview.meetings"), icon=":material/map:", type="primary"):
    st.switch_page(MEETINGS_PAGE)
if top[3].button(t("case_overview.genogram"), icon=":material/family_history:"):
    st.switch_page(GENOGRAM_PAGE)
if top[4].button(t("case_overview.network"), icon=":material/diversity_3:"):
    st.switch_page(NETWORK_PAGE)
if top[5].button(t("case_overview.plan"), icon=":material/shield:"):
    st.switch_page(PLAN_PAGE)
if st.button(t("nav.registration"), icon=":material/fact_check:"):
    st.switch_page(REGISTRATION_PAGE)
if st.button(t("nav.words_pictures"), icon=":material/auto_stories:"):
    st.switch_page(WORDS_PICTURES_PAGE)

st.header(t("case_overview.case_section"))
c1, c2, c3 = st.columns(3)
referrer = label(case.referrer_body)
if case.referrer_other:
    referrer = f"{referrer}: {case.referrer_other}"
with c1:
    show_fields([
        (t("field.hulpvorm"), care_form_label(case.hulpvorm)),
        (t("field.status"), label(case.status)),
        (t("field.counsellor_ids"), ", ".join(case.counsellor_names)),
    ])
with c2:
    show_fields([
        (t("field.referrer_body"), referrer),
        (t("field.consultant_name"), case.consultant_name),
    ])
with c3:
    dates = [
        (t("field.start_date"), fmt_date(case.start_date)),
        (t("field.planned_end_date"), fmt_date(case.planned_end_date)),
    ]
    if case.end_date:
        dates += [
            (t("field.end_date"), fmt_date(case.end_date)),
            (t("field.closure_reason"), label(case.closure_reason) if case.closure_reason else ""),
            (t("field.closure_note"), case.closure_note),
            (t("field.destroy_on"), fmt_date(case.destroy_on) if case.destroy_on
             else t("case_overview.destroy_unknown")),
        ]
    show_fields(dates)

case_sections.review_and_privacy(actor=actor, case=case, rights=can)
trajectory_section(actor=actor, case_id=case_id, view=trajectory, can=can)

st.header(t("case_overview.members_section"))
on = today()


def age_text(person: PersonDetail) -> str:
    age = person.age(on)
    if age is None:
        return ""
    if person.birth.date is None:  # from the birth year alone: say it is approximate
        return t("case_overview.age_about", age=age)
    if age == 0:
        return t("case_overview.age_months", months=person.months_old(on))
    return t("case_overview.age_years", age=age)


if members:
    # An Arrow table goes to the browser as it is; a dict would pass through pandas first.
    st.dataframe(
        pa.table({
            t("field.first_name"): [p.first_name for p in members],
            t("field.last_name"): [p.last_name for p in members],
            t("field.sex"): [label(p.sex) for p in members],
            t("field.gender"): [label(p.gender) for p in members],
            t("field.birth"): [p.birth.as_text() for p in members],
            t("case_overview.age"): [age_text(p) for p in members],
            t("field.notes"): [p.notes for p in members],
        }),
        hide_index=True,
        width="stretch",
    )
else:
    st.info(t("case_overview.no_members"), icon=":material/group_off:")

st.caption(t("case_overview.birth_note", date=fmt_date_short(on)))
if not can.edit:
    st.stop()

# The same form from one member to the next (see `adding`): nothing typed is lost.
with work_panel(t("case_overview.add_member"), icon=":material/person_add:",
                key="overview_panel:add", start_open=not members):
    new_member = person_form(form_key="member_add", initial=None, adding=True,
                             submit_label=t("case_overview.add_member_submit"))
    if new_member is not None:
        try:
            with db() as session:
                add_family_member(session=session, actor=actor, family_id=case.family_id,
                                  data=new_member)
        except SofsError as error:
            refused("member_add", error_text(error))
        else:
            added("member_add")
            flash("case_overview.member_added")
            st.rerun()

if members:
    with work_panel(t("case_overview.edit_member"), icon=":material/manage_accounts:",
                    key="overview_panel:edit"):
        by_id = {p.id: p for p in members}
        names = {p.id: p.full_name for p in members}
        person_id = st.selectbox(t("case_overview.choose_member"), list(names),
                                 format_func=names.__getitem__, index=None,
                                 placeholder=t("common.choose"), key="member_edit_choice")
        if person_id is not None:
            person = by_id[person_id]
            base_key = f"{FORM_BASE_PREFIX}member:{person_id}"
            st.session_state.setdefault(base_key, person.version)
            edited = person_form(form_key=f"member_edit_{person_id}", initial=person.as_input(),
                                 submit_label=t("common.save"))
            if edited is not None:
                try:
                    with db() as session:
                        update_person(session=session, actor=actor, person_id=person_id,
                                      expected_version=st.session_state[base_key], data=edited)
                except Conflict as conflict:
                    st.error(t("error.conflict"), icon=":material/sync_problem:")
                    theirs = conflict.current
                    if not isinstance(theirs, PersonDetail):
                        raise
                    st.write(t("case_overview.conflict_theirs"))
                    show_fields([
                        (t("field.first_name"), theirs.first_name),
                        (t("field.last_name"), theirs.last_name),
                        (t("field.birth"), theirs.birth.as_text()),
                        (t("field.notes"), theirs.notes),
                    ])
                    st.info(t("case_edit.conflict_next"), icon=":material/info:")
                    st.session_state[base_key] = theirs.version
                except SofsError as error:
                    show_error(error)
                else:
                    st.session_state.pop(base_key, None)
                    flash("case_overview.member_saved")
                    st.rerun()
            confirm_key = f"member_remove_confirm_{person_id}"
            if not st.session_state.get(confirm_key):
                if st.button(t("case_overview.remove_member"), icon=":material/person_remove:"):
                    st.session_state[confirm_key] = True
                    st.rerun()
            else:
                st.warning(t("case_overview.remove_confirm_text"), icon=":material/warning:")
                yes, no = st.columns([1, 4])
                if yes.button(t("case_overview.remove_yes"), type="primary"):
                    try:
                        with db() as session:
                            remove_person(session=session, actor=actor, person_id=person_id,
                                          expected_version=st.session_state.get(
                                              base_key, person.version))
                    except SofsError as error:
                        show_error(error)
                    else:
                        for key in (confirm_key, base_key, "member_edit_choice"):
                            st.session_state.pop(key, None)
                        flash("case_overview.member_removed")
                        st.rerun()
                if no.button(t("common.cancel")):
                    st.session_state.pop(confirm_key, None)
                    st.rerun()

