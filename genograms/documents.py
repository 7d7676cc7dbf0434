"""The genogram and the ecogram as files to take away (PDF to print, SVG drawing).

A picture that leaves the screen is a print: the case is checked for reading at the moment
the file is made, and the print is recorded in the audit trail, like the plan documents.
Everything in the file is read here, under that check, never taken from a drawing that a
page made earlier.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy.orm import Session

from auth import Actor
from auth.access import Need, check_case, inner_calls
from genograms.drawing import Drawing
from genograms.ecogram import ecogram_drawing
from genograms.layout import layout
from genograms.network import list_network
from genograms.paper import Paper
from genograms.picture import Options, genogram_drawing
from genograms.relations import family_graph
from genograms.render import to_pdf, to_svg
from i18n import Words
from sofs_core.codes import AuditAction
from sofs_core.errors import NotFound
from storage.models import Case


class Picture(StrEnum):
    GENOGRAM = "genogram"
    ECOGRAM = "ecogram"


class PictureFormat(StrEnum):
    PDF = "pdf"
    SVG = "svg"


# The title of each picture, as on its page.
TITLES = {Picture.GENOGRAM: "genogram_page.title", Picture.ECOGRAM: "network_page.title"}
# The SVG's id prefix, as on its page (ids must not clash with the page's own).
ID_PREFIXES = {Picture.GENOGRAM: "genogram", Picture.ECOGRAM: "network"}


@dataclass(frozen=True)
class PictureDocument:
    """What one download holds, read under the access check; ``render`` makes the file."""

    picture: Picture
    file_format: PictureFormat
    drawing: Drawing
    heading: str
    footer: str
    paper: Paper | None = None
    overview: str = ""

    def render(self) -> bytes:
        if self.file_format is PictureFormat.SVG:
            return to_svg(self.drawing, id_prefix=ID_PREFIXES[self.picture]).encode()
        return to_pdf(self.drawing, heading=self.heading, footer=self.footer, paper=self.paper,
                      overview=self.overview)


def picture_document(*, session: Session, actor: Actor, case_id: int, picture: Picture,
                     file_format: PictureFormat, words: Words, footer: str,
                     options: Options | None = None, paper: Paper | None = None
                     ) -> PictureDocument:
    """The case's genogram or ecogram as a file, recorded as a print (or refused); on
    ``paper`` as chosen (by default the smallest sheet that prints names readably)."""
    check_case(session, actor, case_id, Need.READ, f"print/{picture}.{file_format}",
               action=AuditAction.PRINT)
    case = session.get(Case, case_id)
    if case is None:
        raise NotFound()
    title = words(TITLES[picture], family=case.family.name)
    if picture is Picture.GENOGRAM:
        with inner_calls(session):  # one print, one audit line: the one above
            graph = family_graph(session=session, actor=actor, family_id=case.family_id)
        drawing = genogram_drawing(graph, layout(graph), words, title=title, options=options)
    else:
        with inner_calls(session):
            members = list_network(session=session, actor=actor, case_id=case_id)
        drawing = ecogram_drawing(members, case.family.name, words, title=title,
                                  options=options)
    return PictureDocument(picture, file_format, drawing, title, footer, paper,
                           words("genogram.print_overview"))
