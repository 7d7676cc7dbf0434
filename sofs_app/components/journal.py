"""The safety journal with the plan: a quick form to write down a report (said to the
counsellor, or copied from the paper journal), the count per agreement (last two weeks and
in total) and the reports, newest first. User words are shown as text only."""

from __future__ import annotations

import pyarrow as pa
import streamlit as st

from auth import Actor
from plans.journal import Journal, JournalInput, add_journal_entry, remove_journal_entry
from sofs_app.components.adding import adding_form, is_submitted, refused, submit_button
from sofs_app.components.panels import work_panel
from sofs_app.components.saving import save
from sofs_app.components.text import fmt_date_short, show_caption, show_heading
from sofs_app.context import labeller, t
from sofs_core.clock import today
from sofs_core.codes import JournalSource

KEY = "journal_add"
OTHER = 0  # "someone else": a name is typed
SHOWN = 20  # reports listed; the counts cover all of them


def journal_section(*, actor: Actor, case_id: int, journal: Journal, can_edit: bool) -> None:
    show_heading(t("journal.heading"), level=2)
    show_caption(t("journal.intro"))
    if journal.tallies:
        # Arrow tables go to the browser as they are; a dict would pass through pandas.
        st.dataframe(pa.table({
            t("journal.agreement"): [x.rule_text for x in journal.tallies],
            t("journal.kept_recent"): [x.kept_recent for x in journal.tallies],
            t("journal.not_kept_recent"): [x.not_kept_recent for x in journal.tallies],
            t("journal.kept_total"): [x.kept for x in journal.tallies],
            t("journal.not_kept_total"): [x.not_kept for x in journal.tallies],
        }), hide_index=True, width="stretch")
    if can_edit and journal.agreements:
        _add_form(actor, case_id, journal)
    elif can_edit:
        st.info(t("journal.no_agreed_plan"), icon=":material/info:")
    if not journal.lines:
        show_caption(t("journal.empty"))
        return
    st.dataframe(pa.table({
        t("journal.date"): [fmt_date_short(x.on) for x in journal.lines[:SHOWN]],
        t("journal.who"): [x.who for x in journal.lines[:SHOWN]],
        t("journal.agreement"): [x.rule_text for x in journal.lines[:SHOWN]],
        t("journal.kept"): [t("journal.yes") if x.kept else t("journal.no")
                            for x in journal.lines[:SHOWN]],
        t("journal.what_happened"): [x.what_happened for x in journal.lines[:SHOWN]],
    }), hide_index=True, width="stretch")
    if can_edit and st.toggle(t("journal.remove_heading"), key="plan_panel:journal_remove"):
        lines = {x.id: x for x in journal.lines[:SHOWN]}
        names = {i: f"{fmt_date_short(x.on)} · {x.who}" for i, x in lines.items()}
        chosen = st.selectbox(t("journal.remove_which"), list(lines), index=None,
                              format_func=names.__getitem__,
                              placeholder=t("common.choose"), key="journal_remove_choice")
        if chosen is not None and st.button(t("journal.remove"), icon=":material/delete:"):
            save(lambda s: remove_journal_entry(session=s, actor=actor, entry_id=chosen,
                                                expected_version=lines[chosen].version),
                 "journal.removed", forget="journal_remove_choice")


def _add_form(actor: Actor, case_id: int, journal: Journal) -> None:
    people = {**journal.people, OTHER: t("journal.someone_else")}
    # Its form is drawn only while the panel is open: a closed one costs the plan page's
    # reruns nothing. The panel stays open across saves (see `panels`).
    panel = work_panel(t("journal.add"), icon=":material/edit_note:", key="journal_add_open")
    if not panel.open:
        return
    with panel, adding_form(KEY):
        on = st.date_input(t("journal.date"), value=today(), max_value=today(),
                           format="DD/MM/YYYY", key=f"{KEY}:on")
        who = st.selectbox(t("journal.who"), list(people), index=None,
                           format_func=people.__getitem__,
                           placeholder=t("common.choose"), key=f"{KEY}:who")
        name = st.text_input(t("journal.who_name"), key=f"{KEY}:name")
        rules = journal.agreements
        rule = st.selectbox(t("journal.agreement"), list(rules), index=None,
                            format_func=rules.__getitem__, placeholder=t("common.choose"),
                            key=f"{KEY}:rule")
        kept = st.radio(t("journal.kept"), ["yes", "no"], horizontal=True,
                        format_func=labeller("journal"), key=f"{KEY}:kept")
        what = st.text_area(t("journal.what_happened"), key=f"{KEY}:what")
        source = st.radio(t("journal.source"), list(JournalSource), horizontal=True,
                          format_func=labeller("journalsource"), key=f"{KEY}:source")
        submit_button(KEY, t("journal.submit"))
    if not is_submitted(KEY):
        return
    if rule is None:
        refused(KEY, t("journal.error.choose_agreement"))
    elif who is None and not name.strip():
        refused(KEY, t("journal.error.choose_who"))
    else:
        person = who if who not in (None, OTHER) else None
        data = JournalInput(on or today(), rule, kept == "yes", what, person, name,
                            JournalSource(source or JournalSource.TOLD))
        save(lambda s: add_journal_entry(session=s, actor=actor, case_id=case_id, data=data,
                                         on=today()), "journal.added", adding=KEY)
