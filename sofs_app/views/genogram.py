"""The family's genogram: the picture, the same as a list, and forms to draw it."""

import html

import streamlit as st

from auth.access import rights
from genograms.checks import family_warnings
from genograms.describe import describe_family
from genograms.documents import Picture
from genograms.fingerprint import family_fingerprint
from genograms.graph import person_nodes
from genograms.interactive import framed_page
from genograms.layout import layout
from genograms.people import list_family_members
from genograms.picture import genogram_drawing
from genograms.relations import family_graph
from genograms.table import family_rows
from genograms.view import genogram_view_html
from i18n.catalogue import catalogue_stamp
from mapping.cases import get_case
from sofs_app.components import genogram_forms as forms
from sofs_app.components.case_state import NETWORK_PAGE, case_page, require_case
from sofs_app.components.panels import work_panel
from sofs_app.components.pictures import (
    drawing_options,
    figure_html,
    paper_choice,
    picture_page_header,
    show_figure,
    show_text_list,
)
from sofs_app.context import locale, settings, t
from sofs_app.gate import require_actor
from sofs_core.clock import today

DRAWN_KEY = "genogram_drawn"  # (stamp, figure HTML, text list): plain values only

actor = require_actor()
case_id = require_case()
with case_page(actor, case_id, "page/genogram") as session:
    case = get_case(session=session, actor=actor, case_id=case_id)
    family = family_graph(session=session, actor=actor, family_id=case.family_id)
    members = list_family_members(session=session, actor=actor, family_id=case.family_id)
    can = rights(session, actor, case_id)

title = t("genogram_page.title", family=case.family_name)
picture_page_header(title, other=(t("genogram_page.to_network"), ":material/diversity_3:",
                                        NETWORK_PAGE))

names = {p.id: p.full_name for p in members}
index_id = next((node.id for node in person_nodes(family.graph) if node.index), None)
if not names:
    st.info(t("genogram_page.empty"), icon=":material/info:")
else:
    options = drawing_options()
    # Laying out and drawing are most of a rerun: the figure and the text list are kept in
    # this session while what they are made of (the graph read above, under this run's
    # access check), the words and the options stay the same.
    stamp = repr((case.family_id, family_fingerprint(family), title, locale(),
                  catalogue_stamp(settings().effective_catalogue_dir), options))
    kept = st.session_state.get(DRAWN_KEY)
    if isinstance(kept, tuple) and len(kept) == 4 and kept[0] == stamp:
        figure, lines, warnings = kept[1], kept[2], kept[3]
    else:
        lay = layout(family)
        figure = figure_html(genogram_drawing(family, lay, t, title=title, options=options),
                             Picture.GENOGRAM)
        lines = describe_family(family, lay, t)
        warnings = family_warnings(family, lay, t, on=today())
        st.session_state[DRAWN_KEY] = (stamp, figure, lines, warnings)
    # Names are user text: escaped into HTML, never markdown.
    for warning in warnings:
        st.html(f'<div role="note" style="background:#fff4e5;border-left:4px solid #b26a00;'
                f'padding:0.5rem 0.75rem;margin:0.25rem 0">{html.escape(warning)}</div>')
    show_figure(figure, case_id=case_id, picture=Picture.GENOGRAM, paper=paper_choice())
    if st.toggle(t("genogram_page.interactive"), key="genogram_interactive",
                 help=t("genogram_page.interactive_help")):
        page = genogram_view_html(
            genogram_drawing(family, layout(family), t, title=title, options=options), t,
            title=title, lang=locale())
        st.iframe(framed_page(page, title=title, lang=locale()), height=620, alt=title)
    show_text_list(t("genogram_page.list_heading"), lines)

if not can.edit:
    st.stop()
st.header(t("genogram_page.edit_heading"))
table_panel = work_panel(t("genogram_table.panel"), icon=":material/table_edit:",
                         key="genogram_panel:table", start_open=not family.graph.number_of_edges())
with table_panel:
    if table_panel.open:
        forms.family_table(actor=actor, family_id=case.family_id,
                           rows=family_rows(members, family))
with work_panel(t("genogram_page.add_relative"), icon=":material/person_add:",
                key="genogram_panel:add", start_open=not family.graph.number_of_edges()):
    if names:
        forms.add_relative_form(actor=actor, family_id=case.family_id, names=names)
    else:
        st.info(t("genogram_page.first_member"), icon=":material/info:")
if len(names) > 1:
    # Switched open, not expanders: an expander's body runs on every rerun even when closed,
    # and these forms (a row per relationship) were a third of the page's time (issue 19).
    if st.toggle(t("genogram_page.add_link"), key="genogram_panel:link"):
        with st.container(border=True):
            forms.link_form(actor=actor, family_id=case.family_id, names=names)
    if st.toggle(t("genogram_page.relationships"), key="genogram_panel:relationships"):
        with st.container(border=True):
            forms.relationships_list(actor=actor, family=family)
            forms.couple_form(actor=actor, family=family)
    if st.toggle(t("genogram_page.arrange"), key="genogram_panel:arrange"):
        with st.container(border=True):
            forms.arrange_form(actor=actor, family_id=case.family_id, names=names,
                               index_id=index_id)
