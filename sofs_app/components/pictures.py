"""A picture (genogram or ecogram) with its text list, its downloads and its interactive view."""

from __future__ import annotations

import base64
import html
from functools import partial

import streamlit as st
from sqlalchemy.orm import Session

from auth import Actor
from genograms.documents import ID_PREFIXES, Picture, PictureFormat, picture_document
from genograms.drawing import Drawing, ShapeKind
from genograms.paper import Orientation, Paper, PaperSize
from genograms.picture import Options
from genograms.render import to_svg
from i18n import Words
from sofs_app.components.case_state import OVERVIEW_PAGE
from sofs_app.components.downloads import Render, checked_download
from sofs_app.components.flash import show_flash
from sofs_app.components.text import fmt_date_short, show_title
from sofs_app.context import settings, t
from sofs_core.clock import today


def picture_page_header(title: str, *, other: tuple[str, str, str]) -> None:
    """Title, a way back to the case and to the other picture (label, icon, page)."""
    show_flash()
    show_title(title)
    back, forward, _ = st.columns([1, 1, 3])
    if back.button(t("common.back_to_case"), icon=":material/arrow_back:"):
        st.switch_page(OVERVIEW_PAGE)
    label, icon, page = other
    if forward.button(label, icon=icon):
        st.switch_page(page)


def drawing_options() -> Options:
    return Options(other_shape=ShapeKind(settings().genogram_other_shape))


def figure_html(drawing: Drawing, picture: Picture) -> str:
    """The drawing as an HTML figure (a plain string, so a page may keep it between reruns)."""
    # st.html drops inline <svg>; as an image the SVG also cannot run or fetch anything.
    data = base64.b64encode(to_svg(drawing, id_prefix=ID_PREFIXES[picture]).encode()).decode()
    return (f'<figure style="margin:0;overflow-x:auto"><img src="data:image/svg+xml;base64,'
            f'{data}" alt="{html.escape(drawing.title)}. {html.escape(drawing.description)}" '
            f'width="{round(drawing.width)}" style="max-width:100%;height:auto"></figure>')


def show_picture(drawing: Drawing, *, case_id: int, picture: Picture) -> None:
    """The SVG, then PDF and SVG downloads, each made from the database at the click."""
    show_figure(figure_html(drawing, picture), case_id=case_id, picture=picture)


def show_figure(figure: str, *, case_id: int, picture: Picture, paper: Paper | None = None
                ) -> None:
    """A figure made by `figure_html`, then the downloads (read again at the click)."""
    key = ID_PREFIXES[picture]
    st.html(figure)
    pdf, svg = st.columns([1, 1])
    for host, file_format, label, icon, mime in (
            (pdf, PictureFormat.PDF, "pictures.download_pdf", ":material/print:",
             "application/pdf"),
            (svg, PictureFormat.SVG, "pictures.download_svg", ":material/image:",
             "image/svg+xml")):
        checked_download(
            host, t(label), make=partial(_picture_file, case_id, picture, file_format,
                                         drawing_options(), paper),
            case_id=case_id, subject=f"print/{picture}.{file_format}",
            file_name=f"{key}.{file_format}", mime=mime, key=f"{key}:{file_format}", icon=icon)


def _picture_file(case_id: int, picture: Picture, file_format: PictureFormat,
                  options: Options, paper: Paper | None, session: Session, actor: Actor,
                  words: Words) -> Render:
    """Read again under the access check, and recorded as a print (never the page's drawing)."""
    return picture_document(
        session=session, actor=actor, case_id=case_id, picture=picture,
        file_format=file_format, words=words, options=options, paper=paper,
        footer=words("pictures.printed_on", date=fmt_date_short(today()))).render


def paper_choice() -> Paper:
    """Sheet size and direction for the printed genogram (by default: chosen to fit)."""
    size_col, turn_col = st.columns(2)
    size = size_col.selectbox(t("genogram_print.paper"), list(PaperSize), key="print:paper",
                              format_func=_paper_label)
    turn = turn_col.selectbox(t("genogram_print.orientation"), list(Orientation),
                              key="print:orientation", format_func=_orientation_label)
    return Paper(size or PaperSize.AUTO, turn or Orientation.AUTO)


# Named functions, not lambdas: AppTest keeps widgets' format functions in session state.
def _paper_label(size: PaperSize) -> str:
    return t(f"genogram_print.paper_{size.value}")


def _orientation_label(orientation: Orientation) -> str:
    return t(f"genogram_print.orientation_{orientation.value}")


def show_text_list(heading: str, lines: list[str]) -> None:
    """The same people and relationships as the picture, for screen readers and readers."""
    items = "".join(f"<li>{html.escape(line)}</li>" for line in lines)
    st.html(f'<h2 style="font-size:1.25rem;margin:1rem 0 0.25rem">{html.escape(heading)}</h2>'
            f'<ul style="margin:0;padding-left:1.25rem;overflow-wrap:anywhere">{items}</ul>')
