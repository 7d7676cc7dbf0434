"""A child's Safety House on the child's voice page: its parts, the path to the house with
each step done or not yet, where the child stands on the path, and what the child shares.
The child's words and names are shown as text, never as markup."""

from __future__ import annotations

from typing import Protocol

import streamlit as st

from auth import Actor
from mapping.safety_house import (
    PATH_END,
    PEOPLE_PARTS,
    HouseItemInput,
    HouseItemView,
    SafetyHouseInput,
    SafetyHouseView,
    get_safety_house,
    save_safety_house,
)
from sofs_app.components.adding import added, adding_form, is_submitted, refused, submit_button
from sofs_app.components.errors import error_text, show_error
from sofs_app.components.flash import flash
from sofs_app.context import db, label, t
from sofs_core.codes import SafetyHousePart, Sharing
from sofs_core.errors import SofsError


def safety_house_section(actor: Actor, case_id: int, child_id: int, can_edit: bool) -> None:
    with db() as session:
        house = get_safety_house(session=session, actor=actor, case_id=case_id,
                                 child_id=child_id)
    st.caption(t("safety_house.intro"))
    kept = [i.as_input() for i in house.items]

    def save(items: list[HouseItemInput], position: int | None,
             adding: str | None = None) -> None:
        try:
            with db() as session:
                save_safety_house(session=session, actor=actor, case_id=case_id,
                                  child_id=child_id, expected_version=house.version,
                                  data=SafetyHouseInput(tuple(items), position))
        except SofsError as error:
            if adding:
                refused(adding, error_text(error))
            show_error(error)
            return
        if adding:
            added(adding)
        flash("safety_house.saved")
        st.rerun()

    for part in SafetyHousePart:
        st.subheader(t(f"safety_house.parts.{part}"))
        items = house.of(part)
        if not items:
            st.caption(t("safety_house.nothing_yet"))
        for item in items:
            _item(item, house, kept, save, can_edit)
        if part is SafetyHousePart.PATH_STEP:
            _path(house, kept, save, can_edit)

    if can_edit:
        _add_form(house, kept, save)


def _item(item: HouseItemView, house: SafetyHouseView, kept: list[HouseItemInput],
          save: _Save, can_edit: bool) -> None:
    with st.container(border=True):
        st.text(item.words)  # the child's words or a name, as text
        notes = [t("safety_house.picked")] if item.person_id is not None else []
        if item.part is SafetyHousePart.PATH_STEP:
            notes.insert(0, t("safety_house.done" if item.done else "safety_house.not_yet"))
        if not can_edit:
            st.caption(" ".join([*notes, t(f"sharing.{item.sharing}")]))
            return
        if notes:
            st.caption(" ".join(notes))
        cols = st.columns([3, 2, 2, 2])
        choice = cols[0].selectbox(
            t("safety_house.item_sharing"), list(Sharing),
            index=list(Sharing).index(item.sharing), key=f"house_sharing:{item.id}",
            format_func=label)
        if cols[1].button(t("safety_house.save_sharing"), key=f"house_share:{item.id}"):
            save(_changed(kept, item.id, sharing=choice or item.sharing), house.path_position)
        if cols[2].button(t("safety_house.remove"), key=f"house_remove:{item.id}"):
            save([i for i in kept if i.item_id != item.id], house.path_position)
        if item.part is SafetyHousePart.PATH_STEP and cols[3].button(
                t("safety_house.mark_not_yet" if item.done else "safety_house.mark_done"),
                key=f"house_done:{item.id}"):
            save(_changed(kept, item.id, done=not item.done), house.path_position)


def _changed(kept: list[HouseItemInput], item_id: int, *, sharing: Sharing | None = None,
             done: bool | None = None) -> list[HouseItemInput]:
    return [HouseItemInput(i.part, i.words, sharing or i.sharing, i.person_id,
                           i.done if done is None else done, i.item_id)
            if i.item_id == item_id else i for i in kept]


def _path(house: SafetyHouseView, kept: list[HouseItemInput], save: _Save,
          can_edit: bool) -> None:
    """Where the child places itself on the path: a scale from 0 to 10."""
    if house.path_position is None:
        st.caption(t("safety_house.path_none"))
    else:
        st.markdown(f"**{t('safety_house.path_shown', position=house.path_position)}**")
    if not can_edit:
        return
    position = st.slider(t("safety_house.path"), 0, PATH_END,
                         value=house.path_position or 0, help=t("safety_house.path_help"),
                         key=f"house_path:{house.child_id}:{house.version}")
    if st.button(t("safety_house.save_path"), key=f"house_path_save:{house.child_id}"):
        save(kept, position)


def _add_form(house: SafetyHouseView, kept: list[HouseItemInput], save: _Save) -> None:
    add = f"house_add:{house.case_id}:{house.child_id}"
    names = {c.id: c.name for c in house.choices}
    with adding_form(add):
        st.markdown(f"**{t('safety_house.add_heading')}**")
        part = st.radio(t("safety_house.part"), list(SafetyHousePart), horizontal=True,
                        format_func=label, key=f"{add}:part")
        shown = {0: t("safety_house.nobody"), **names}  # 0: nobody picked
        person = st.selectbox(t("safety_house.person"), list(shown),
                              format_func=shown.__getitem__, key=f"{add}:person") or None
        words = st.text_area(t("safety_house.words"), help=t("safety_house.words_help"),
                             key=f"{add}:words")
        sharing = st.radio(t("safety_house.sharing"), list(Sharing), horizontal=True,
                           index=2, format_func=label, key=f"{add}:sharing")
        submit_button(add, t("safety_house.add"))
    if is_submitted(add):
        chosen = part or SafetyHousePart.INSIDE
        # A person picked for a part that takes people is named by the pick, unless the
        # counsellor wrote how the child says it.
        picked = person if person is not None and chosen in PEOPLE_PARTS else None
        said = words or ""
        if picked is not None and not said.strip():
            said = names[picked]
        save([*kept, HouseItemInput(chosen, said, sharing or Sharing.PRIVATE, person)],
             house.path_position, adding=add)


class _Save(Protocol):  # ``save`` inside ``safety_house_section``, for the helpers
    def __call__(self, items: list[HouseItemInput], position: int | None,
                 adding: str | None = None) -> None: ...
