"""The family-and-case form, shared by the new-case and edit-case pages."""

from __future__ import annotations

from datetime import date

import streamlit as st

from auth import Actor, list_consultants, list_counsellors
from mapping.cases import EARLIEST_DATE, CaseDetail, CaseInput
from sofs_app.components.care_forms import care_form_label, care_forms_or_stop
from sofs_app.components.form_dates import DATE_FORMAT, latest_date
from sofs_app.components.text import fmt_date_short, show_caption, show_fields
from sofs_app.context import db, label, t
from sofs_core.clock import today
from sofs_core.codes import CaseStatus, ClosureReason, ReferrerBody, Role


def case_form(
    *, form_key: str, actor: Actor, initial: CaseInput | None, editing: bool,
    may_assign: bool = True,
) -> CaseInput | None:
    """Render the form; return what was typed when it is submitted, else None.

    Who the counsellors are is the team lead's to change (``may_assign``); for others the
    field shows them and cannot be changed.

    Widgets keep what was typed after a refused save (nothing lost from the screen).
    """
    default_counsellors: tuple[int, ...] = (
        initial.counsellor_ids
        if initial
        else (actor.id,)
        if actor.role in (Role.COUNSELLOR, Role.TEAM_LEAD)
        else ()
    )
    # A counsellor deactivated since being assigned stays on the list, marked as such.
    with db() as session:
        options = list_counsellors(session=session, also=default_counsellors)
        consultant_options = list_consultants(
            session=session, also=(initial.consultant_id,) if initial and initial.consultant_id
            else ())
    counsellors = {
        o.id: o.display_name if o.active else t("case_form.inactive_counsellor",
                                                name=o.display_name)
        for o in options
    }
    consultants = {
        o.id: o.display_name if o.active else t("case_form.inactive_counsellor",
                                                name=o.display_name)
        for o in consultant_options
    }
    # A name typed before consultants were accounts: kept until an account is chosen.
    typed_consultant = initial.consultant_name if initial and not initial.consultant_id else ""
    forms = care_forms_or_stop()

    with st.form(form_key, enter_to_submit=False):
        st.header(t("case_form.family_section"))
        family_name = st.text_input(
            t("field.family_name") + " *",
            value=initial.family_name if initial else "",
            placeholder=t("case_form.family_name_hint"),
            key=f"{form_key}:family_name",
        )
        st.header(t("case_form.case_section"))
        c1, c2 = st.columns(2)
        # The organisation's list; a case keeps a form taken out of it since (marked).
        hulpvormen = list(forms.keys())
        if initial and initial.hulpvorm and initial.hulpvorm not in hulpvormen:
            hulpvormen.append(initial.hulpvorm)
        hulpvorm = c1.selectbox(
            t("field.hulpvorm") + " *",
            hulpvormen,
            index=hulpvormen.index(initial.hulpvorm) if initial and initial.hulpvorm else None,
            format_func=care_form_label,
            placeholder=t("common.choose"),
            key=f"{form_key}:hulpvorm",
        )
        statuses = [s for s in CaseStatus if editing or s is not CaseStatus.CLOSED]
        status = c2.selectbox(
            t("field.status") + " *",
            statuses,
            index=statuses.index(initial.status) if initial else statuses.index(CaseStatus.ACTIVE),
            format_func=label,
            key=f"{form_key}:status",
        )
        referrers = list(ReferrerBody)
        referrer = c1.radio(
            t("field.referrer_body") + " *",
            referrers,
            index=(
                referrers.index(initial.referrer_body)
                if initial and initial.referrer_body
                else None
            ),
            format_func=label,
            horizontal=True,
            key=f"{form_key}:referrer",
        )
        referrer_other = c2.text_input(
            t("field.referrer_other"),
            value=initial.referrer_other if initial else "",
            help=t("case_form.referrer_other_help"),
            key=f"{form_key}:referrer_other",
        )
        consultant_id = c1.selectbox(
            t("field.consultant_id"),
            list(consultants),
            index=(list(consultants).index(initial.consultant_id)
                   if initial and initial.consultant_id in consultants else None),
            format_func=consultants.__getitem__,
            placeholder=t("case_form.consultant_placeholder"),
            help=t("case_form.consultant_help"),
            key=f"{form_key}:consultant",
        )
        if typed_consultant:
            with c1:
                show_fields([(t("case_form.consultant_typed"), typed_consultant)])
        if may_assign:
            counsellor_ids = c2.multiselect(
                t("field.counsellor_ids") + " *",
                list(counsellors),
                default=list(default_counsellors),
                format_func=counsellors.__getitem__,
                placeholder=t("common.choose"),
                key=f"{form_key}:counsellors",
            )
        else:  # shown, not offered: a disabled field would be too faint to read (axe)
            counsellor_ids = list(default_counsellors)
            with c2:
                show_fields([(t("field.counsellor_ids"), ", ".join(
                    counsellors[i] for i in default_counsellors if i in counsellors))])
                show_caption(t("case_form.counsellors_by_team_lead"))
        d1, d2 = st.columns(2)
        start = d1.date_input(
            t("field.start_date") + " *",
            value=initial.start_date if initial else today(),
            min_value=EARLIEST_DATE,
            max_value=latest_date(),
            format=DATE_FORMAT,
            key=f"{form_key}:start",
        )
        planned_end = d2.date_input(
            t("field.planned_end_date"),
            value=initial.planned_end_date if initial else None,
            min_value=EARLIEST_DATE,
            max_value=latest_date(),
            format=DATE_FORMAT,
            key=f"{form_key}:planned_end",
        )
        # A date field that holds a date cannot be emptied in the browser: this can.
        no_planned_end = (
            d2.checkbox(t("case_form.clear_planned_end"), key=f"{form_key}:no_planned_end")
            if initial and initial.planned_end_date
            else False
        )
        end_date: date | None = None
        closure_reason: ClosureReason | None = None
        closure_note = ""
        if editing:
            st.header(t("case_form.closure_section"))
            st.caption(t("case_form.closure_help"))
            e1, e2 = st.columns(2)
            end_date = e1.date_input(
                t("field.end_date"),
                value=initial.end_date if initial else None,
                min_value=EARLIEST_DATE,
                max_value=latest_date(),
                format=DATE_FORMAT,
                key=f"{form_key}:end_date",
            )
            reasons = list(ClosureReason)
            closure_reason = e2.selectbox(
                t("field.closure_reason"),
                reasons,
                index=(
                    reasons.index(initial.closure_reason)
                    if initial and initial.closure_reason
                    else None
                ),
                format_func=label,
                placeholder=t("common.choose"),
                key=f"{form_key}:closure_reason",
            )
            closure_note = st.text_area(
                t("field.closure_note"),
                value=initial.closure_note if initial else "",
                key=f"{form_key}:closure_note",
            )
        st.caption(t("common.required_hint"))
        submitted = st.form_submit_button(t("common.save"), type="primary", icon=":material/save:")
    if not submitted:
        return None
    return CaseInput(
        family_name=family_name,
        hulpvorm=hulpvorm,
        referrer_body=referrer,
        start_date=start if isinstance(start, date) else None,
        counsellor_ids=tuple(counsellor_ids),
        referrer_other=referrer_other,
        consultant_name=typed_consultant,
        consultant_id=consultant_id,
        planned_end_date=(
            planned_end if isinstance(planned_end, date) and not no_planned_end else None
        ),
        status=status,
        end_date=end_date if isinstance(end_date, date) else None,
        closure_reason=closure_reason,
        closure_note=closure_note,
    )


def show_case_summary(case: CaseDetail) -> None:
    """Another person's saved version, read-only, shown beside a refused save."""
    show_fields(
        [
            (t("field.family_name"), case.family_name),
            (t("field.hulpvorm"), care_form_label(case.hulpvorm)),
            (t("field.status"), label(case.status)),
            (t("field.referrer_body"), label(case.referrer_body)),
            (t("field.consultant_name"), case.consultant_name),
            (t("field.counsellor_ids"), ", ".join(case.counsellor_names)),
            (t("field.start_date"), fmt_date_short(case.start_date)),
            (t("field.planned_end_date"), fmt_date_short(case.planned_end_date)),
            (t("field.end_date"), fmt_date_short(case.end_date)),
        ]
    )
