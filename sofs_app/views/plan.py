"""The safety plan: its versions, rules, the child's version, agreement and the printouts."""

import streamlit as st

from auth.access import rights
from genograms.people import list_family_members
from mapping.cases import family_of_case
from plans.printouts import children_of
from plans.review import list_comments
from plans.versions import RuleView, get_plan, list_plans, network_people
from sofs_app.components import plan_forms as forms
from sofs_app.components import review
from sofs_app.components.case_state import NETWORK_PAGE, require_case
from sofs_app.components.errors import show_error
from sofs_app.components.pictures import picture_page_header
from sofs_app.components.text import fmt_date_short, show_caption, show_heading
from sofs_app.context import db, label, locale, t
from sofs_app.gate import require_actor
from sofs_core.clock import today
from sofs_core.errors import NotFound, PermissionDenied
from storage.enums import PlanStatus, RuleKind

PLAN_CHOICE = "plan_choice"

actor = require_actor()
case_id = require_case()
try:
    with db() as session:
        family_id, family_name = family_of_case(session=session, actor=actor, case_id=case_id)
        versions = list_plans(session=session, actor=actor, case_id=case_id)
        chosen = st.session_state.get(PLAN_CHOICE)
        plan_id = chosen if chosen in {v.id for v in versions} else (
            versions[0].id if versions else None)
        plan = get_plan(session=session, actor=actor, plan_id=plan_id) if plan_id else None
        people = network_people(session=session, actor=actor, case_id=case_id)
        family = list_family_members(session=session, actor=actor, family_id=family_id)
        can = rights(session, actor, case_id)
        comments = list_comments(session=session, actor=actor, case_id=case_id,
                                 plan_id=plan_id) if plan_id else []
except (NotFound, PermissionDenied) as missing:
    show_error(missing)
    st.stop()

picture_page_header(t("plan_page.title", family=family_name),
                    other=(t("plan_page.to_network"), ":material/diversity_3:", NETWORK_PAGE))

if plan is None:
    st.info(t("plan_page.empty"), icon=":material/info:")
    if can.edit:
        forms.new_version_button(actor=actor, case_id=case_id)
    st.stop()

labels = {v.id: t("plan_page.version_label", number=v.number, status=label(v.status))
          for v in versions}
st.selectbox(t("plan_page.version"), list(labels), format_func=labels.__getitem__,
             index=list(labels).index(plan.id), key=PLAN_CHOICE)
if plan.status is PlanStatus.DRAFT:
    show_caption(t("plan_page.status_draft"))
elif plan.status is PlanStatus.APPROVED:
    show_caption(t("plan_page.status_approved", date=fmt_date_short(plan.approved_on),
                   who=plan.approved_by, agreed=fmt_date_short(plan.agreed_on)))
else:
    show_caption(t("plan_page.status_agreed", date=fmt_date_short(plan.agreed_on),
                   who=plan.agreed_by))
latest = plan.id == versions[0].id
review.plan_review(actor=actor, plan=plan, latest=latest, rights=can)
if plan.frozen and latest and can.edit:
    st.info(t("plan.frozen"), icon=":material/lock:")
    forms.new_version_button(actor=actor, case_id=case_id)

dangers = {d.lineage: f"{d.number}. {d.text}" for d in plan.dangers}
for danger in plan.uncovered:
    st.warning(t("plan_page.uncovered", number=danger.number), icon=":material/warning:")
    show_caption(danger.text)
if not plan.dangers:
    st.info(t("plan_page.no_dangers"), icon=":material/info:")

numbered: list[tuple[int, RuleView]] = []
for kind in RuleKind:
    rules = plan.of(kind)
    show_heading(t(f"plan_page.rules_{kind.value}"), level=2)
    if not rules:
        show_caption(t("plan_page.no_rules"))
    these = [(len(numbered) + n, rule) for n, rule in enumerate(rules, start=1)]
    forms.rule_cards(these, dangers=dangers)
    numbered += these

if not plan.frozen and can.edit:
    # Switched open rather than expanders, whose bodies run on every rerun even when closed
    # (these forms were a large part of the page's time, issue 19). The add form stays an
    # expander: what is typed in it is kept from one answer to the next (see `adding`).
    if numbered and st.toggle(t("plan_rule_edit.heading"), key=f"plan_panel:edit{plan.id}"):
        with st.container(border=True):
            forms.rule_editor(actor=actor, plan=plan, numbered=numbered, dangers=dangers,
                              people=people)
    with st.expander(t("plan_page.add"), icon=":material/add:", expanded=not plan.rules):
        forms.add_rule_form(actor=actor, plan=plan, dangers=dangers, people=people)
    if st.toggle(t("plan_page.details"), key=f"plan_panel:details{plan.id}"):
        with st.container(border=True):
            forms.details_form(actor=actor, plan=plan)
    if st.toggle(t("plan_page.agree"), key=f"plan_panel:agree{plan.id}"):
        with st.container(border=True):
            forms.agree_form(actor=actor, plan=plan)

if len(versions) > 1:
    forms.changes_section(actor=actor, plan=plan, versions=versions)

with st.expander(t("review.thread", count=len(comments)), icon=":material/forum:",
                 expanded=bool(comments) and plan.status is not PlanStatus.DRAFT):
    review.thread(comments)
    if can.edit or can.review:
        review.comment_form(actor=actor, case_id=case_id, key=f"plan{plan.id}",
                            plan_id=plan.id)

children = {child.person_id: child.name for child in children_of(family, today())}
show_heading(t("plan_page.print"), level=2)
forms.downloads(plan=plan, children=children, locale=locale())
