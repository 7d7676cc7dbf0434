"""Words and Pictures: the story for the children, written with the parents, part by part
(text and a drawing), in versions (a draft, then agreed by the parents), printed as a
booklet through the checked download."""

from collections.abc import Callable
from datetime import date
from functools import partial

import streamlit as st
from sqlalchemy.orm import Session

from auth import Actor
from auth.access import rights
from i18n import Words
from mapping.cases import family_name_of_case
from mapping.drawing_canvas import canvas_png
from mapping.words_pictures import (
    PRINT_SUBJECT,
    PartInput,
    PartView,
    StoryInput,
    agree_story,
    gather_booklet,
    get_story,
    list_stories,
    picture_of_part,
    remove_picture,
    save_story,
    set_picture,
    start_story,
)
from mapping.words_pictures_booklet import PageSize, booklet_pdf
from sofs_app.components.adding import added, adding_form, is_submitted, refused, submit_button
from sofs_app.components.case_state import case_page, require_case
from sofs_app.components.downloads import Render, checked_download
from sofs_app.components.drawing_canvas import clear_canvas, drawing_canvas
from sofs_app.components.errors import error_text, show_error
from sofs_app.components.flash import flash, show_flash
from sofs_app.components.text import fmt_date, show_title
from sofs_app.context import db, label, labeller, t
from sofs_app.gate import require_actor
from sofs_app.paths import OVERVIEW_PAGE
from sofs_core.clock import today
from sofs_core.codes import StoryPart
from sofs_core.errors import SofsError

actor = require_actor()
case_id = require_case()

with case_page(actor, case_id, "page/words_pictures") as session:
    family_name = family_name_of_case(session=session, actor=actor, case_id=case_id)
    versions = list_stories(session=session, actor=actor, case_id=case_id)
    can_edit = rights(session, actor, case_id).edit

show_title(family_name)
st.header(t("words_pictures.title"))
if st.button(t("words_pictures.to_overview"), icon=":material/arrow_back:"):
    st.switch_page(OVERVIEW_PAGE)
show_flash()
st.caption(t("words_pictures.intro"))


def run(action: Callable[[Session], object], done: str) -> None:
    try:
        with db() as s:
            action(s)
    except SofsError as error:
        show_error(error)
        return
    flash(done)
    st.rerun()


if not versions:
    st.info(t("words_pictures.none_yet"))
    if can_edit and st.button(t("words_pictures.start"), type="primary"):
        run(lambda s: start_story(session=s, actor=actor, case_id=case_id),
            "words_pictures.started")
    st.stop()

names = {v.id: t("words_pictures.version_label", number=v.number, status=label(v.status))
         for v in versions}
story_id = st.selectbox(t("words_pictures.version"), list(names),
                        format_func=names.__getitem__, key=f"wp_version:{case_id}")
with case_page(actor, case_id, "page/words_pictures") as session:  # the same look
    story = get_story(session=session, actor=actor, story_id=story_id)
    pictures = {p.id: picture_of_part(session=session, actor=actor, part_id=p.id)[0]
                for p in story.parts if p.has_picture}
editing = can_edit and story.is_draft
if story.agreed_by:
    st.caption(t("words_pictures.agreed_line", who=story.agreed_by,
                 date=fmt_date(story.agreed_on)))
if can_edit and not story.is_draft and story.id == versions[0].id and st.button(
        t("words_pictures.new_version"), icon=":material/content_copy:"):
    # The picker then shows its first version, the new draft, not the one it was on.
    st.session_state.pop(f"wp_version:{case_id}", None)
    run(lambda s: start_story(session=s, actor=actor, case_id=case_id), "words_pictures.started")


def kept(part: PartView, text: str | None = None) -> PartInput:
    return PartInput(part.kind, part.text if text is None else text, part.heading, part.id)


def heading_of(part: PartView) -> str:
    return part.heading or t(f"storypart.{part.kind}")


def save(parts: list[PartInput], title: str, adding: str | None = None) -> None:
    try:
        with db() as s:
            save_story(session=s, actor=actor, story_id=story.id,
                       expected_version=story.version, data=StoryInput(title, tuple(parts)))
    except SofsError as error:
        if adding:
            refused(adding, error_text(error))
        show_error(error)
        return
    if adding:
        added(adding)
    flash("words_pictures.saved")
    st.rerun()


def chosen_picture(part_id: int) -> tuple[Callable[[], bytes], bool] | None:
    """The drawing chosen for a part, to read when it is saved, and whether it is the
    canvas's: an upload, a camera photo or, without those, the drawing canvas's PNG (refused
    while the canvas is empty); ``set_picture`` checks all alike."""
    upload = (st.file_uploader(t("words_pictures.upload"), type=["png", "jpg", "jpeg"],
                               key=f"wp_upload:{part_id}")
              if st.toggle(t("words_pictures.upload"), key=f"wp_upload_on:{part_id}") else None)
    photo = (st.camera_input(t("words_pictures.camera"), key=f"wp_camera:{part_id}")
             if st.toggle(t("words_pictures.camera"), key=f"wp_camera_on:{part_id}") else None)
    drawing_on = st.toggle(t("canvas.draw"), key=f"wp_canvas_on:{part_id}")
    drawn = drawing_canvas(f"wp_canvas:{part_id}") if drawing_on else None
    source = photo or upload
    if source is not None:
        return source.getvalue, False
    return (partial(canvas_png, drawn), True) if drawing_on else None


def keep_picture(part_id: int, content: bytes, from_canvas: bool, s: Session) -> None:
    set_picture(session=s, actor=actor, part_id=part_id, expected_version=story.version,
                content=content)
    if from_canvas:
        clear_canvas(f"wp_canvas:{part_id}")


title = (st.text_input(t("words_pictures.story_title"), value=story.title,
                       key=f"wp_title:{story.id}:{story.version}") if editing else story.title)
if not editing and story.title:
    st.text(story.title)
texts: dict[int, str] = {}
for number, part in enumerate(story.parts, start=1):
    with st.container(border=True):
        st.subheader(t("words_pictures.part_heading", number=number, heading=heading_of(part)))
        if part.id in pictures:
            st.image(pictures[part.id], caption=t("words_pictures.picture_alt", number=number),
                     alt=t("words_pictures.picture_alt", number=number),
                     width=420)
        if not editing:
            st.text(part.text or t("words_pictures.no_words"))
            continue
        texts[part.id] = st.text_area(t("words_pictures.part_text"), value=part.text,
                                      key=f"wp_text:{part.id}:{story.version}")
        cols = st.columns(3)
        if part.id in pictures and cols[0].button(t("words_pictures.remove_picture"),
                                                  key=f"wp_pic_rm:{part.id}"):
            run(partial(lambda pid, s: remove_picture(
                session=s, actor=actor, part_id=pid, expected_version=story.version),
                part.id), "words_pictures.saved")
        if len(story.parts) > 1 and cols[1].button(t("words_pictures.remove_part"),
                                                   key=f"wp_rm:{part.id}"):
            save([kept(p, texts.get(p.id)) for p in story.parts if p.id != part.id], title)
        with st.expander(t("words_pictures.add_picture"), icon=":material/draw:"):
            chosen = chosen_picture(part.id)
            if st.button(t("words_pictures.save_picture"), key=f"wp_pic:{part.id}"):
                if chosen is None:
                    st.error(t("words_pictures.pick_picture"), icon=":material/error:")
                else:
                    read, from_canvas = chosen
                    try:
                        content = read()
                    except SofsError as error:
                        show_error(error)
                    else:
                        run(partial(keep_picture, part.id, content, from_canvas),
                            "words_pictures.picture_saved")

if editing:
    if st.button(t("words_pictures.save"), type="primary"):
        save([kept(p, texts.get(p.id)) for p in story.parts], title)
    ADD = f"wp_add:{story.id}"
    with adding_form(ADD):
        st.markdown(f"**{t('words_pictures.add_heading')}**")
        new_heading = st.text_input(t("words_pictures.new_heading"), key=f"{ADD}:heading")
        new_text = st.text_area(t("words_pictures.part_text"), key=f"{ADD}:text")
        submit_button(ADD, t("words_pictures.add"))
    if is_submitted(ADD):
        save([*(kept(p, texts.get(p.id)) for p in story.parts),
              PartInput(StoryPart.MORE, new_text, new_heading)], title, adding=ADD)
    with st.form(f"wp_agree:{story.id}"):
        st.markdown(f"**{t('words_pictures.agree_heading')}**")
        st.caption(t("words_pictures.agree_help"))
        who = st.text_input(t("words_pictures.agreed_by"))
        when = st.date_input(t("words_pictures.agreed_on"), value=today(), format="DD/MM/YYYY")
        if st.form_submit_button(t("words_pictures.agree")):
            on = when if isinstance(when, date) else today()
            run(lambda s: agree_story(session=s, actor=actor, story_id=story.id,
                                      expected_version=story.version, agreed_by=who,
                                      agreed_on=on), "words_pictures.agreed")

st.subheader(t("words_pictures.print_heading"))
size = st.radio(t("words_pictures.page_size"), list(PageSize), horizontal=True,
                format_func=labeller("words_pictures.size"), key="wp_size")


def make_booklet(chosen: PageSize, s: Session, who: Actor, words: Words) -> Render:
    data = gather_booklet(session=s, actor=who, story_id=story_id)
    return lambda: booklet_pdf(data, words, size=chosen, printed_on=today())


checked_download(st.container(), t("words_pictures.print"),
                 make=partial(make_booklet, size or PageSize.A5), case_id=case_id,
                 subject=PRINT_SUBJECT, file_name=f"woord_en_beeld_v{story.number}.pdf",
                 mime="application/pdf", key=f"wp_print:{story.id}",
                 icon=":material/picture_as_pdf:")
