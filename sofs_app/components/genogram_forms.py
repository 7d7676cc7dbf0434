"""Forms that draw the genogram in the family's words: "kind van", "nieuwe partner van",
"woont samen met". Each saves in one transaction and reruns so the picture follows."""

from __future__ import annotations

import math
from functools import partial

import pyarrow as pa
import streamlit as st
from sqlalchemy.orm import Session

from auth import Actor
from genograms.graph import (
    CoupleTie,
    Link,
    ParentTie,
    Relation,
    TwinTie,
    household_names,
    links,
    person_node,
    person_nodes,
)
from genograms.relations import (
    FamilyGraph,
    Relative,
    add_couple,
    add_emotional_line,
    add_parent,
    add_relative,
    add_twins,
    leave_household,
    live_together,
    nudge,
    remove_relationship,
    set_index_person,
    update_couple,
)
from genograms.table import FamilyRow, save_family_table
from sofs_app.components.adding import adding_form, is_submitted, refused, submit_button
from sofs_app.components.errors import field_message, show_error
from sofs_app.components.flash import flash
from sofs_app.components.person_form import person_fields
from sofs_app.components.saving import save
from sofs_app.context import db, labeller, t
from sofs_core.codes import CoupleStatus, EmotionalKind, ParentKind, Sex
from sofs_core.errors import Conflict, SofsError, ValidationFailed

Names = dict[int, str]


def _person_select(names: Names, key: str, text: str, *, optional: bool = False) -> int | None:
    return st.selectbox(text, list(names), format_func=names.__getitem__, index=None,
                        placeholder=t("common.choose"), key=key,
                        help=t("genogram_page.optional_help") if optional else None)


def _year(text: str, key: str) -> int | None:
    value = st.number_input(text, value=None, step=1, format="%d", key=key)
    return int(value) if value is not None else None


def add_relative_form(*, actor: Actor, family_id: int, names: Names) -> None:
    """A new person and how they belong to the family, in one step."""
    relatives = list(Relative)
    relative = st.radio(t("genogram_page.relative_kind"), relatives,
                        format_func=labeller("relative"), horizontal=True,
                        key="relative_kind")
    key = "relative_new"
    with adding_form(key):
        data = person_fields(form_key=key, initial=None, notes=False)
        of = _person_select(names, f"{key}:of", t(f"genogram_page.of_{relative.value}"))
        other = kind = status = start = None
        if relative is Relative.CHILD_OF:
            other = _person_select(names, f"{key}:other", t("genogram_page.other_parent"),
                                   optional=True)
        if relative in (Relative.CHILD_OF, Relative.PARENT_OF):
            kind = st.selectbox(t("genogram_page.parent_kind"), list(ParentKind),
                                format_func=labeller("parentkind"), key=f"{key}:kind")
        if relative is Relative.PARTNER_OF:
            status = st.selectbox(t("genogram_page.couple_status"), list(CoupleStatus),
                                  index=1, format_func=labeller("couplestatus"),
                                  key=f"{key}:status")
            start = _year(t("genogram_page.start_year"), f"{key}:start")
        submit_button(key, t("genogram_page.add_relative_submit"))
    if not is_submitted(key):
        return
    if of is None:
        refused(key, t("genogram_page.choose_relative"))
        return
    of_id = of

    def act(session: Session) -> None:
        add_relative(session=session, actor=actor, family_id=family_id, data=data,
                     relative=relative, of_person_id=of_id, other_parent_id=other,
                     parent_kind=kind or ParentKind.BIOLOGICAL,
                     couple_status=status or CoupleStatus.LIVING_TOGETHER, start_year=start)

    save(act, "genogram_page.person_added", adding=key)


def link_form(*, actor: Actor, family_id: int, names: Names) -> None:
    """A relationship between two people already on the genogram."""
    links = ["parent", "couple", "twin", "household", "emotional"]
    link = st.radio(t("genogram_page.link_kind"), links, format_func=labeller("genogram_link"),
                    horizontal=True, key="link_kind")
    key = "link_new"
    with adding_form(key):
        first = _person_select(names, f"{key}:first", t(f"genogram_page.first_{link}"))
        second = _person_select(names, f"{key}:second", t(f"genogram_page.second_{link}"))
        extra: dict[str, object] = {}
        if link == "parent":
            extra["kind"] = st.selectbox(t("genogram_page.parent_kind"), list(ParentKind),
                                         format_func=labeller("parentkind"), key=f"{key}:kind")
        elif link == "couple":
            extra["status"] = st.selectbox(t("genogram_page.couple_status"), list(CoupleStatus),
                                           format_func=labeller("couplestatus"),
                                           key=f"{key}:status")
            extra["start_year"] = _year(t("genogram_page.start_year"), f"{key}:start")
            extra["end_year"] = _year(t("genogram_page.end_year"), f"{key}:end")
        elif link == "twin":
            extra["identical"] = st.checkbox(t("genogram_page.identical"), key=f"{key}:same")
        elif link == "household":
            extra["name"] = st.text_input(t("genogram_page.household_name"),
                                          value=t("genogram_page.household_default"),
                                          key=f"{key}:home")
        else:
            extra["kind"] = st.selectbox(t("genogram_page.emotional_kind"), list(EmotionalKind),
                                         format_func=labeller("emotionalkind"),
                                         help=t("genogram_page.abuse_help"), key=f"{key}:feel")
        submit_button(key, t("genogram_page.add_link_submit"))
    if not is_submitted(key):
        return
    if first is None or second is None:
        refused(key, t("genogram_page.choose_two"))
        return
    a, b = first, second

    def act(session: Session) -> None:
        if link == "parent":
            add_parent(session=session, actor=actor, parent_id=a, child_id=b,
                       kind=ParentKind(str(extra["kind"])))
        elif link == "couple":
            add_couple(session=session, actor=actor, first_id=a, second_id=b,
                       status=CoupleStatus(str(extra["status"])),
                       start_year=_int(extra["start_year"]), end_year=_int(extra["end_year"]))
        elif link == "twin":
            add_twins(session=session, actor=actor, first_id=a, second_id=b,
                      identical=bool(extra["identical"]))
        elif link == "household":
            live_together(session=session, actor=actor, family_id=family_id, first_id=a,
                          second_id=b, name=str(extra["name"]))
        else:
            add_emotional_line(session=session, actor=actor, from_id=a, to_id=b,
                               kind=EmotionalKind(str(extra["kind"])))

    save(act, "genogram_page.link_added", adding=key)


def _int(value: object) -> int | None:
    return int(value) if isinstance(value, int | float) else None


def link_text(family: FamilyGraph, link: Link) -> str:
    first = person_node(family.graph, link.source).name
    second = person_node(family.graph, link.target).name
    if isinstance(link, ParentTie):
        return t("genogram_page.link_parent", parent=first, child=second,
                 kind=t(f"parentkind.{link.kind.value}"))
    if isinstance(link, CoupleTie):
        return t("genogram_page.link_couple", first=first, second=second,
                 status=t(f"couplestatus.{link.kind.value}"))
    if isinstance(link, TwinTie):
        return t("genogram_page.link_twin", first=first, second=second)
    return t("genogram_page.link_emotional", first=first, second=second,
             kind=t(f"emotionalkind.{link.kind.value}"))


def relationships_list(*, actor: Actor, family: FamilyGraph) -> None:
    """Every line on the genogram as one table, and one chooser to take a line off.

    One table and one button, not a row of widgets per line: a family of 40 has 70 lines,
    and every widget costs each rerun of the page (issue 19).
    """
    edges = sorted(links(family.graph),
                   key=lambda link: (link.relation.value, link.source, link.target))
    lines: dict[str, str] = {
        f"unlink:{link.relation.value}:{link.link_id}": link_text(family, link)
        for link in edges}
    for household_id, home_name in household_names(family.graph).items():
        for node in person_nodes(family.graph):
            if household_id in node.households:
                lines[f"moveout:{household_id}:{node.id}"] = t(
                    "genogram_page.link_household", name=node.name, home=home_name)
    if not lines:
        st.info(t("genogram_page.no_links"), icon=":material/info:")
        return
    st.dataframe({t("genogram_lines.column"): list(lines.values())}, hide_index=True,
                 width="stretch")
    chosen = st.selectbox(t("genogram_lines.pick"), list(lines), format_func=lines.__getitem__,
                          index=None, placeholder=t("common.choose"),
                          key="relationship_choice")
    if chosen is None or chosen not in lines:
        return
    what, first, second = chosen.split(":")
    if what == "unlink":
        if st.button(t("genogram_page.remove_link"), key="relationship_remove",
                     icon=":material/link_off:"):
            save(partial(_unlink, actor=actor, relation=Relation(first), link_id=int(second)),
                 "genogram_page.link_removed", forget="relationship_choice")
    elif st.button(t("genogram_page.move_out"), key="relationship_remove",
                   icon=":material/logout:"):
        save(partial(_move_out, actor=actor, household_id=int(first), person_id=int(second)),
             "genogram_page.link_removed", forget="relationship_choice")


def _unlink(session: Session, *, actor: Actor, relation: Relation, link_id: int) -> None:
    remove_relationship(session=session, actor=actor, relation=relation, link_id=link_id)


def _move_out(session: Session, *, actor: Actor, household_id: int, person_id: int) -> None:
    leave_household(session=session, actor=actor, household_id=household_id,
                    person_id=person_id)


def couple_form(*, actor: Actor, family: FamilyGraph) -> None:
    """They marry, separate or divorce: change the couple's status and years."""
    couples = {link.link_id: link for link in links(family.graph)
               if isinstance(link, CoupleTie)}
    if not couples:
        return
    texts = {i: link_text(family, couple) for i, couple in couples.items()}
    chosen = st.selectbox(t("genogram_page.choose_couple"), list(texts),
                          format_func=texts.__getitem__, index=None,
                          placeholder=t("common.choose"), key="couple_choice")
    if chosen is None:
        return
    couple = couples[chosen]
    statuses = list(CoupleStatus)
    with st.form(f"couple_{chosen}", enter_to_submit=False):
        status = st.selectbox(t("genogram_page.couple_status"), statuses,
                              index=statuses.index(couple.kind),
                              format_func=labeller("couplestatus"), key=f"couple_{chosen}:s")
        start = st.number_input(t("genogram_page.start_year"), value=couple.start_year,
                                step=1, format="%d", key=f"couple_{chosen}:a")
        end = st.number_input(t("genogram_page.end_year"), value=couple.end_year, step=1,
                              format="%d", key=f"couple_{chosen}:b")
        if not st.form_submit_button(t("common.save"), type="primary"):
            return
    save(lambda s: update_couple(
        session=s, actor=actor, couple_id=chosen, status=status,
        start_year=int(start) if start is not None else None,
        end_year=int(end) if end is not None else None), "genogram_page.couple_saved")


def arrange_form(*, actor: Actor, family_id: int, names: Names, index_id: int | None) -> None:
    """Nudge someone left or right (kept), and choose the child the genogram is about."""
    person = _person_select(names, "nudge_person", t("genogram_page.nudge_person"))
    left, right, back = st.columns(3)
    if person is not None:
        chosen = person
        if left.button(t("genogram_page.nudge_left"), icon=":material/arrow_back:"):
            save(lambda s: nudge(session=s, actor=actor, person_id=chosen, places=-1),
                  "genogram_page.nudged")
        if right.button(t("genogram_page.nudge_right"), icon=":material/arrow_forward:"):
            save(lambda s: nudge(session=s, actor=actor, person_id=chosen, places=1),
                  "genogram_page.nudged")
        if back.button(t("genogram_page.nudge_reset"), icon=":material/restart_alt:"):
            save(lambda s: nudge(session=s, actor=actor, person_id=chosen, places=None),
                  "genogram_page.nudged")
    ids = list(names)
    index = st.selectbox(t("genogram_page.index_person"), ids, format_func=names.__getitem__,
                         index=ids.index(index_id) if index_id in ids else None,
                         placeholder=t("common.choose"), key=f"index_person_{index_id}")
    if index != index_id and index is not None:
        save(lambda s: set_index_person(session=s, actor=actor, family_id=family_id,
                                         person_id=index), "genogram_page.index_saved")


TABLE_KEY = "family_table"
_TABLE_ROUND = "family_table_round"  # a new editor (empty of edits) after each save
_TABLE_SENT = "family_table_sent"  # the save button was pressed (its callback runs first)
_TABLE_COLUMNS = ("name", "sex", "birth", "mother", "father", "partner")
BLANK_ROWS, MIN_BLANK = 12, 3  # room for a family of twelve; three more below any family


def _cell(value: object) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value).strip()


def _number(value: object) -> int | None:
    text = _cell(value)
    return int(float(text)) if text else None


def _table_rows(edited: pa.Table) -> list[FamilyRow]:
    rows = []
    for record in edited.to_pylist():
        sex = _cell(record.get("sex"))
        rows.append(FamilyRow(
            name=_cell(record.get("name")), sex=Sex(sex) if sex in set(Sex) else Sex.UNKNOWN,
            birth=_cell(record.get("birth")), mother=_cell(record.get("mother")),
            father=_cell(record.get("father")), partner=_cell(record.get("partner")),
            person_id=_number(record.get("person_id")),
            version=_number(record.get("version"))))
    return rows


def _send_table() -> None:
    st.session_state[_TABLE_SENT] = True


def family_table(*, actor: Actor, family_id: int, rows: list[FamilyRow]) -> None:
    """The whole family as one editable table: a row per person, new rows at the bottom,
    saved together or not at all. What was typed stays in the table until it is saved:
    a refusal leaves every cell as typed, with the rows to look at."""
    st.caption(t("genogram_table.help"))
    # Blank rows to type into: a row added at the bottom while typing loses the first
    # words typed into it (the grid opens its editor only once the row is there).
    rows = [*rows, *[FamilyRow("") for _ in range(max(BLANK_ROWS - len(rows), MIN_BLANK))]]
    # Typed columns: an empty family's table must still take text (not guessed numbers).
    frame = pa.table({
        "nr": pa.array(range(1, len(rows) + 1), type=pa.int64()),
        **{c: pa.array([str(getattr(r, c)) for r in rows], type=pa.string())
           for c in _TABLE_COLUMNS},
        "person_id": pa.array([r.person_id for r in rows], type=pa.int64()),
        "version": pa.array([r.version for r in rows], type=pa.int64())})
    text = st.column_config.TextColumn
    # In a form: outside one, every cell and every new row reruns the page, and a typist
    # who goes on at once loses the words typed into a row while it is being added.
    with st.form(f"{TABLE_KEY}:form", enter_to_submit=False, border=False):
        edited = st.data_editor(
            frame, key=f"{TABLE_KEY}~{st.session_state.get(_TABLE_ROUND, 0)}",
            num_rows="add", width="stretch", hide_index=True,
            column_order=("nr", *_TABLE_COLUMNS), disabled=("nr",),
            column_config={
                "nr": st.column_config.NumberColumn(t("genogram_table.row"), width="small"),
                "name": text(t("field.table_name"), required=True, default=""),
                "sex": st.column_config.SelectboxColumn(
                    t("field.sex"), options=[s.value for s in Sex], default=Sex.UNKNOWN.value,
                    format_func=labeller("sex"), required=True),
                "birth": text(t("genogram_table.birth"), default=""),
                "mother": text(t("field.table_mother"), default=""),
                "father": text(t("field.table_father"), default=""),
                "partner": text(t("field.table_partner"), default=""),
            })
        st.form_submit_button(t("genogram_table.save"), key=f"{TABLE_KEY}:save",
                              type="primary", icon=":material/save:", on_click=_send_table)
    if not st.session_state.pop(_TABLE_SENT, False):
        return
    table = _table_rows(edited)
    try:
        with db() as session:
            save_family_table(session=session, actor=actor, family_id=family_id, rows=table)
    except ValidationFailed as failed:
        lines = [t("genogram_table.row_error", row=e.params.get("row", "?"),
                   message=field_message(e)) for e in failed.errors]
        st.error("\n".join([t("genogram_table.refused"), "", *(f"- {x}" for x in lines)]),
                 icon=":material/error:")
    except Conflict:
        st.error(t("error.changed_meanwhile"), icon=":material/sync_problem:")
    except SofsError as error:
        show_error(error)
    else:
        st.session_state[_TABLE_ROUND] = st.session_state.get(_TABLE_ROUND, 0) + 1
        flash("genogram_table.saved")
        st.rerun()
