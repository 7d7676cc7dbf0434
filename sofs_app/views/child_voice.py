"""The child's voice at one meeting: a child's Three Houses (or Wizards and Fairies), in
the child's own words, what the child shares, drawings, and shared words put on the map."""

from collections.abc import Callable
from functools import partial

import streamlit as st
from sqlalchemy.orm import Session

from auth.access import rights
from mapping.cases import family_name_of_case
from mapping.child_voice import (
    MAP_PART,
    SCREEN_WIDTH,
    HousesInput,
    HousesView,
    ItemInput,
    ItemView,
    add_drawing,
    children_of_case,
    get_houses,
    place_on_map,
    remove_drawing,
    save_houses,
    screen_pictures,
)
from mapping.drawing_canvas import canvas_png
from sofs_app.components.adding import added, adding_form, is_submitted, refused, submit_button
from sofs_app.components.case_state import MAP_PAGE, case_page, require_case_and_meeting
from sofs_app.components.drawing_canvas import clear_canvas, drawing_canvas
from sofs_app.components.errors import error_text, show_error
from sofs_app.components.flash import flash, show_flash
from sofs_app.components.houses_board import draw_houses
from sofs_app.components.safety_house import safety_house_section
from sofs_app.components.text import show_title
from sofs_app.context import db, label, labeller, t
from sofs_app.gate import require_actor
from sofs_core.codes import EntryCategory, HouseKind, Sharing, VoiceTool
from sofs_core.errors import SofsError

actor = require_actor()
case_id, meeting_id = require_case_and_meeting()

with case_page(actor, case_id, "page/child_voice") as session:
    family_name = family_name_of_case(session=session, actor=actor, case_id=case_id)
    children = children_of_case(session=session, actor=actor, case_id=case_id)
    can_edit = rights(session, actor, case_id).edit

show_title(family_name)
st.header(t("child_voice.title"))
# A link, not a button: going back is navigation (and no widget on every rerun).
st.page_link(MAP_PAGE, label=t("child_voice.to_map"), icon=":material/arrow_back:")
show_flash()
st.caption(t("child_voice.intro"))
if not children:
    st.info(t("child_voice.no_children"))
    st.stop()

by_id = {c.id: c for c in children}
names = {c.id: c.first_name for c in children}
child_id = st.selectbox(t("child_voice.child"), list(by_id), key=f"voice_child:{case_id}",
                        format_func=names.__getitem__)
# Only the chosen tab is drawn (Streamlit's lazy tabs): the other costs a rerun nothing.
houses_tab, safety_tab = st.tabs([t("safety_house.tab_houses"), t("safety_house.tab")],
                                 key=f"voice_tab:{case_id}", on_change="rerun")
if safety_tab.open:
    with safety_tab:
        safety_house_section(actor, case_id, child_id, can_edit)
if not houses_tab.open:
    st.stop()
with houses_tab:
    tool = st.segmented_control(t("child_voice.tool"), list(VoiceTool), required=True,
                                default=by_id[child_id].suggested_tool, format_func=label,
                                help=t("child_voice.tool_hint"),
                                key=f"voice_tool:{meeting_id}:{child_id}"
                                ) or by_id[child_id].suggested_tool

    with case_page(actor, case_id, "page/child_voice") as session:  # the same look
        houses = get_houses(session=session, actor=actor, meeting_id=meeting_id,
                            child_id=child_id, tool=tool)
        # The stored screen versions (one checked, recorded read), never the originals.
        pictures = (screen_pictures(session=session, actor=actor, houses_id=houses.id)
                    if houses.id is not None and houses.drawings else [])

    def as_input(item: ItemView) -> ItemInput:
        return ItemInput(item.house, item.words, item.sharing, item.id)

    PICK = f"voice_pick:{meeting_id}:{child_id}:{tool}"  # the item chosen to change

    def save(items: list[ItemInput], present: str, done: str, adding: str | None = None,
             pick: Callable[[HousesView], int | None] | None = None) -> None:
        """Save the houses; ``adding`` names the adding form the new words came from (it shows
        a refused submission again, see ``adding``); ``pick`` says which item to choose in
        "Iets aanpassen" after the save."""
        try:
            with db() as session:
                saved = save_houses(session=session, actor=actor, meeting_id=meeting_id,
                                    child_id=child_id, tool=tool,
                                    expected_version=houses.version,
                                    data=HousesInput(present, tuple(items)))
        except SofsError as error:
            if adding:
                refused(adding, error_text(error))
            show_error(error)
            return
        if adding:
            added(adding)
        if pick is not None:  # set at the next run, before the picker is drawn
            st.session_state[PICK + ":next"] = pick(saved)
        flash(done)
        st.rerun()

    def act(run: Callable[[Session, HousesView], object], done: str) -> None:
        try:
            with db() as session:
                current = houses
                if current.id is None:  # a drawing before any words: the houses begin here
                    current = save_houses(session=session, actor=actor, meeting_id=meeting_id,
                                          child_id=child_id, tool=tool, expected_version=0,
                                          data=HousesInput("", ()))
                run(session, current)
        except SofsError as error:
            show_error(error)
            return
        flash(done)
        st.rerun()

    def place_item(item_id: int, part: EntryCategory, s: Session, _houses: HousesView) -> None:
        place_on_map(session=s, actor=actor, item_id=item_id, category=part)

    def remove_picture(drawing_id: int, s: Session, current: HousesView) -> None:
        remove_drawing(session=s, actor=actor, drawing_id=drawing_id,
                       expected_version=current.version)


    kept = [as_input(i) for i in houses.items]
    present = st.text_area(t("child_voice.present"), value=houses.present,
                           help=t("child_voice.present_help"), disabled=not can_edit,
                           key=f"voice_present:{meeting_id}:{child_id}:{tool}:{houses.version}")
    if can_edit and st.button(t("child_voice.save_present")):
        save(kept, present, "child_voice.saved")

    # The three houses side by side in one element, the child's words as text (never as
    # markup), each with what the child shares, in words.
    draw_houses(houses, tool)

    # Changing: one item at a time, chosen from the list (as on the map). Words just added
    # are chosen already: sharing them or putting them on the map is one click.
    by_item = {i.id: i for i in houses.items}
    if PICK + ":next" in st.session_state:
        st.session_state[PICK] = st.session_state.pop(PICK + ":next")
    if st.session_state.get(PICK, None) not in (None, *by_item):  # removed meanwhile
        st.session_state[PICK] = None
    if can_edit and houses.items:
        st.subheader(t("child_voice.edit_heading"))
        house_names = labeller(f"child_voice.{tool}")
        choices = {i.id: f"{house_names(i.house)}: {i.words}" for i in houses.items}
        picked = st.selectbox(t("child_voice.edit_pick"), list(choices), index=None,
                              placeholder=t("common.choose"), key=PICK,
                              format_func=choices.__getitem__)
        item = by_item.get(picked) if picked is not None else None
        if item is not None:
            # A key per stored choice: a choice someone else saved meanwhile is shown, not
            # overwritten with this browser's older one.
            choice = st.segmented_control(
                t("child_voice.item_sharing"), list(Sharing), default=item.sharing,
                format_func=label, required=True, disabled=item.map_lineage is not None,
                key=f"voice_sharing:{item.id}:{item.sharing}")
            if item.map_lineage:
                st.caption(t("child_voice.on_map"))
            if choice is not None and choice is not item.sharing:
                save([ItemInput(i.house, i.words, choice, i.item_id) if i.item_id == item.id
                      else i for i in kept], houses.present, "child_voice.saved")
            with st.container(horizontal=True):
                if item.sharing is Sharing.SHARE and not item.map_lineage and st.button(
                        t("child_voice.place"), key=f"voice_place:{item.id}"):
                    act(partial(place_item, item.id, MAP_PART[item.house]),
                        "child_voice.placed")
                if st.button(t("child_voice.remove"), key=f"voice_remove:{item.id}"):
                    save([i for i in kept if i.item_id != item.id], houses.present,
                         "child_voice.saved", pick=lambda _saved: None)

    if can_edit:
        # The same form from one entry to the next (see `adding`): a child's words typed right
        # after a save are kept.
        ADD = f"voice_add:{meeting_id}:{child_id}:{tool}"
        with adding_form(ADD):
            st.markdown(f"**{t('child_voice.add_heading')}**")
            new_house = st.radio(t("child_voice.house"), list(HouseKind), horizontal=True,
                                 format_func=labeller(f"child_voice.{tool}"), key=f"{ADD}:house")
            words = st.text_area(t("child_voice.words"), key=f"{ADD}:words")
            sharing = st.radio(t("child_voice.sharing"), list(Sharing), horizontal=True, index=2,
                               format_func=label, key=f"{ADD}:sharing")
            submit_button(ADD, t("child_voice.add"))
        if is_submitted(ADD):
            save([*kept, ItemInput(new_house or HouseKind.WORRIES, words,
                                   sharing or Sharing.PRIVATE)], houses.present,
                 "child_voice.saved", adding=ADD, pick=lambda saved: saved.items[-1].id)

    st.subheader(t("child_voice.drawings"))
    DRAWING_WAYS = {"draw": t("canvas.draw"), "camera": t("child_voice.camera"),
                    "upload": t("child_voice.upload")}
    shown = {picture.drawing_id: picture for picture in pictures}
    drawn_here = [(d, shown[d.id]) for d in houses.drawings if d.id in shown]
    for number, (drawing, picture) in enumerate(drawn_here, 1):
        alt = t("child_voice.drawing_alt", number=number)
        st.image(picture.content, alt=alt, caption=f"{alt} · {t(f'sharing.{drawing.sharing}')}",
                 width=SCREEN_WIDTH,
                 output_format=picture.kind)  # as it is: Streamlit need not convert it
    if can_edit and drawn_here and st.toggle(t("child_voice.remove_drawings"),
                                             key=f"voice_draw_rm_open:{child_id}"):
        # Taking a drawing out is rare: its buttons are drawn only when asked for.
        with st.container(horizontal=True):
            for number, (drawing, _) in enumerate(drawn_here, 1):
                name = t("child_voice.drawing_alt", number=number)
                if st.button(t("child_voice.remove_drawing", name=name),
                             key=f"voice_draw_rm:{drawing.id}"):
                    act(partial(remove_picture, drawing.id), "child_voice.saved")
    if can_edit:
        st.caption(t("child_voice.drawings_intro"))
        # One choice of how (nothing chosen at first): Streamlit's drop zone carries an ARIA
        # conflict (axe, minor) that the page should not show until someone uploads, and the
        # rest of the drawing's controls cost a rerun nothing until they are needed.
        way = st.segmented_control(t("child_voice.drawing_way"), DRAWING_WAYS,
                                   format_func=DRAWING_WAYS.__getitem__,
                                   key=f"voice_draw_way:{child_id}")
        if way is not None:
            upload = (st.file_uploader(t("child_voice.upload"), type=["png", "jpg", "jpeg"],
                                       key=f"voice_upload:{meeting_id}:{child_id}:{tool}")
                      if way == "upload" else None)
            photo = (st.camera_input(t("child_voice.camera"), key=f"voice_camera:{child_id}")
                     if way == "camera" else None)
            CANVAS = f"voice_canvas:{meeting_id}:{child_id}:{tool}"
            drawing_on = way == "draw"
            drawn = drawing_canvas(CANVAS) if drawing_on else None
            drawing_sharing = st.radio(t("child_voice.drawing_sharing"), list(Sharing), index=2,
                                       horizontal=True, format_func=label,
                                       key=f"voice_draw_share:{child_id}")
            if st.button(t("child_voice.save_drawing")):
                chosen = photo or upload
                if chosen is None and not drawing_on:
                    st.error(t("child_voice.pick_drawing"), icon=":material/error:")
                else:
                    try:  # a photo first; else the canvas, refused while it is still empty
                        content = chosen.getvalue() if chosen is not None else canvas_png(drawn)
                    except SofsError as error:
                        show_error(error)
                    else:
                        def keep(s: Session, h: HousesView) -> None:
                            add_drawing(session=s, actor=actor, houses_id=h.id or 0,
                                        expected_version=h.version, content=content,
                                        sharing=drawing_sharing or Sharing.PRIVATE)
                            if chosen is None:
                                clear_canvas(CANVAS)
                        act(keep, "child_voice.drawing_saved")
