"""The safety network: the ecogram, the same as a list, and who does what."""

import pyarrow as pa
import streamlit as st

from auth.access import rights
from genograms.describe import describe_network
from genograms.documents import Picture
from genograms.ecogram import ecogram_drawing, role_text
from genograms.interactive import framed_page, network_html
from genograms.network import JIM_AGES, list_network
from genograms.people import list_family_members
from mapping.cases import get_case
from sofs_app.components import network_forms as forms
from sofs_app.components.case_state import GENOGRAM_PAGE, case_page, require_case
from sofs_app.components.panels import work_panel
from sofs_app.components.pictures import (
    drawing_options,
    picture_page_header,
    show_picture,
    show_text_list,
)
from sofs_app.components.text import fmt_date_short
from sofs_app.context import label, locale, t
from sofs_app.gate import require_actor
from sofs_core.clock import today

actor = require_actor()
case_id = require_case()
with case_page(actor, case_id, "page/network") as session:
    case = get_case(session=session, actor=actor, case_id=case_id)
    members = list_network(session=session, actor=actor, case_id=case_id)
    family = list_family_members(session=session, actor=actor, family_id=case.family_id)
    can = rights(session, actor, case_id)

title = t("network_page.title", family=case.family_name)
picture_page_header(title, other=(t("network_page.to_genogram"), ":material/family_history:",
                                        GENOGRAM_PAGE))

if members:
    drawing = ecogram_drawing(members, case.family_name, t, title=title,
                              options=drawing_options())
    show_picture(drawing, case_id=case_id, picture=Picture.ECOGRAM)
    if st.toggle(t("genogram_page.interactive"), key="network_interactive",
                 help=t("genogram_page.interactive_help")):
        page = network_html(members, case.family_name, t, title=title, lang=locale())
        st.iframe(framed_page(page, title=title, lang=locale()), height=620, alt=title)
    show_text_list(t("network_page.list_heading"), describe_network(members, t))
    st.dataframe(  # as Arrow: a dict would pass through pandas first
        pa.table({
            t("network_page.who"): [m.name for m in members],
            t("network_page.role"): [role_text(m, t) for m in members],
            t("network_page.phone"): [m.phone for m in members],
            t("network_page.commitment"): [m.commitment for m in members],
            t("network_page.told_on"): [fmt_date_short(m.told_danger_statements_on)
                                        for m in members],
            t("network_page.tie"): [label(m.tie) for m in members],
        }),
        hide_index=True, width="stretch",
    )
else:
    st.info(t("network_page.empty"), icon=":material/info:")

if not can.edit:
    st.stop()
on = today()
people = {p.id: p.full_name for p in family}
children = {p.id: p.full_name for p in family if (age := p.age(on)) is not None and age < 24}
young = {p.id: p.full_name for p in family
         if (age := p.age(on)) is not None and JIM_AGES[0] <= age <= JIM_AGES[1]}
with work_panel(t("network_page.add"), icon=":material/group_add:", key="network_panel:add",
                start_open=not members):
    forms.add_role_form(actor=actor, case_id=case_id, people=people, children=children,
                          young=young)
if members:
    with work_panel(t("network_page.edit"), icon=":material/edit:", key="network_panel:edit"):
        forms.edit_role_form(actor=actor, members=members, texts={
            m.role_id: f"{m.name}: {role_text(m, t)}" for m in members})
