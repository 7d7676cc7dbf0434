"""The safety plan: its versions, rules, the child's version, agreement and the printouts."""

import streamlit as st

from mapping.consultation import list_comments
from plans.printouts import children_of
from plans.versions import RuleView
from screens.plan import plan_screen
from sofs_app.components import plan_forms as forms
from sofs_app.components import review
from sofs_app.components.case_state import NETWORK_PAGE, case_page, require_case
from sofs_app.components.journal import journal_section
from sofs_app.components.panels import work_panel
from sofs_app.components.pictures import picture_page_header
from sofs_app.components.text import fmt_date_short, show_caption, show_heading
from sofs_app.context import db, label, locale, t
from sofs_app.gate import require_actor
from sofs_core.clock import today
from sofs_core.codes import PlanStatus, RuleKind

PLAN_CHOICE = "plan_choice"

actor = require_actor()
case_id = require_case()
with case_page(actor, case_id, "page/plan") as session:
    screen = plan_screen(session=session, actor=actor, case_id=case_id,
                         chosen=st.session_state.get(PLAN_CHOICE), on=today(),
                         organisation=forms.organisation())
family_name, versions, plan, people, family, can = (
    screen.family_name, screen.versions, screen.plan, screen.network, screen.family,
    screen.rights)

picture_page_header(t("plan_page.title", family=family_name),
                    other=(t("plan_page.to_network"), ":material/diversity_3:", NETWORK_PAGE))

if plan is None:
    st.info(t("plan_page.empty"), icon=":material/info:")
    if can.edit:
        forms.new_version_button(actor=actor, case_id=case_id)
    st.stop()

labels = {v.id: t("plan_page.version_label", number=v.number, status=label(v.status))
          for v in versions}


def _keep_choice(picker: str) -> None:
    st.session_state[PLAN_CHOICE] = st.session_state[picker]


# The browser keeps showing a keyed picker's old words when only the words of its options
# change (a version just agreed or approved): a key that names the statuses makes it a new
# picker then. The choice itself lives under PLAN_CHOICE.
picker = f"{PLAN_CHOICE}:" + ",".join(f"{v.id}{v.status.value}" for v in versions)
st.selectbox(t("plan_page.version"), list(labels), format_func=labels.__getitem__,
             index=list(labels).index(plan.id), key=picker, on_change=_keep_choice,
             args=(picker,))
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
    # It starts open: a draft is there to be written, agreement after agreement.
    if numbered and st.toggle(t("plan_rule_edit.heading"), key=f"plan_panel:edit{plan.id}"):
        with st.container(border=True):
            forms.rule_editor(actor=actor, plan=plan, numbered=numbered, dangers=dangers,
                              people=people)
    with work_panel(t("plan_page.add"), icon=":material/add:", key=f"plan_panel:add{plan.id}",
                    start_open=True):
        forms.add_rule_form(actor=actor, plan=plan, dangers=dangers, people=people)
    if st.toggle(t("plan_page.details"), key=f"plan_panel:details{plan.id}"):
        with st.container(border=True):
            forms.details_form(actor=actor, plan=plan)
    if st.toggle(t("plan_page.child_pages"), key=f"plan_panel:children{plan.id}"):
        with st.container(border=True):
            forms.child_pages_form(actor=actor, plan=plan, children={
                child.person_id: child.name for child in children_of(family, today())})
    if st.toggle(t("plan_page.agree"), key=f"plan_panel:agree{plan.id}"):
        with st.container(border=True):
            forms.agree_form(actor=actor, plan=plan)

if len(versions) > 1:
    forms.changes_section(actor=actor, plan=plan, versions=versions)

thread_panel = work_panel(t("review.thread", count=screen.comment_count),
                          icon=":material/forum:", key=f"plan_panel:thread{plan.id}",
                          start_open=screen.comment_count > 0
                          and plan.status is not PlanStatus.DRAFT)
if thread_panel.open:  # a closed thread costs the plan page's reruns only its count
    with db() as session:
        comments = list_comments(session=session, actor=actor, case_id=case_id,
                                 plan_id=plan.id)
    with thread_panel:
        review.thread(comments)
        if can.edit or can.review:
            review.comment_form(actor=actor, case_id=case_id, key=f"plan{plan.id}",
                                plan_id=plan.id)

if screen.journal is not None:
    journal_section(actor=actor, case_id=case_id, journal=screen.journal, can_edit=can.edit)

children = {child.person_id: child.name for child in children_of(family, today())}
show_heading(t("plan_page.print"), level=2)
if can.edit:
    forms.missing_list(screen.missing or [])
    if st.toggle(t("plan_page.my_phone"), key="plan_panel:my_phone"):
        forms.my_phone_form(actor=actor)
# Printing is what a fixed version is for: its documents are at hand. A draft prints only
# when asked (its documents say it is a draft), so the buttons cost a draft's reruns
# nothing; a version that becomes fixed opens them (a key of its own per status).
printing = work_panel(t("plan_page.print_panel"), icon=":material/print:",
                      key=f"plan_panel:print{plan.id}:{plan.status}", start_open=plan.frozen)
if printing.open:
    with printing:
        forms.downloads(plan=plan, children=children, locale=locale())
