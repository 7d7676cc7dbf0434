"""Render a Drawing to SVG (screen) or to a vector PDF page (paper), shape for shape.

All text is escaped for SVG (it is the family's own words: names with ``<`` or ``&`` stay
text) and drawn for PDF with ``printing.fonts`` (every script in a shipped font, shaped).
"""

from __future__ import annotations

import io
import re
from html import escape as _html_escape

from reportlab.graphics import renderPDF, shapes
from reportlab.lib import colors
from reportlab.pdfgen.canvas import Canvas

from genograms.drawing import (
    DASHES,
    HIGHLIGHT,
    Drawing,
    Label,
    Path,
    Shape,
    ShapeKind,
    shape_points,
)
from genograms.paper import HEADING_ROOM, PAGE_MARGIN, Paper, piece, plan, without_text
from genograms.picture import is_rtl
from printing.fonts import (
    BOLD,
    REGULAR,
    draw_text,
    graphics_text,
    register_fonts,
    text_width,
    wrap,
)

# Characters XML 1.0 does not allow: a name holding one would make the whole SVG unreadable.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def escape(text: str) -> str:
    """Text for SVG: markup escaped, characters XML cannot hold left out, a carriage
    return kept as a reference (a parser would read it as a newline)."""
    return _html_escape(_NOT_XML.sub("", text)).replace("\r", "&#13;")


FONT_STACK = "'DejaVu Sans', Verdana, 'Noto Sans', sans-serif"
HEADING_SIZE, HEADING_MIN = 14, 10


def _n(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _svg_stroke(color: str, width: float, dash: tuple[float, ...]) -> str:
    out = f'stroke="{color}" stroke-width="{_n(width)}"'
    if dash:
        out += f' stroke-dasharray="{" ".join(_n(d) for d in dash)}"'
    return out


def _svg_part(part: Shape | Path | Label) -> str:
    if isinstance(part, Shape):
        common = f'class="{part.cls}" fill="{part.fill}" {_svg_stroke(part.color, part.width, ())}'
        h = part.size / 2
        if part.kind is ShapeKind.SQUARE:
            return (f'<rect {common} x="{_n(part.cx - h)}" y="{_n(part.cy - h)}" '
                    f'width="{_n(part.size)}" height="{_n(part.size)}"/>')
        if part.kind is ShapeKind.CIRCLE:
            return f'<circle {common} cx="{_n(part.cx)}" cy="{_n(part.cy)}" r="{_n(h)}"/>'
        points = " ".join(f"{_n(x)},{_n(y)}" for x, y in shape_points(part))
        return f'<polygon {common} data-shape="{part.kind.value}" points="{points}"/>'
    if isinstance(part, Path):
        points = " ".join(f"{_n(x)},{_n(y)}" for x, y in part.points)
        tag = "polygon" if part.closed else "polyline"
        fill = part.fill or "none"
        return (f'<{tag} class="{part.cls}" fill="{fill}" '
                f'{_svg_stroke(part.color, part.width, DASHES[part.stroke])} '
                f'stroke-linejoin="round" points="{points}"/>')
    direction = ' direction="rtl"' if is_rtl(part.text) else ""
    weight = ' font-weight="bold"' if part.bold else ""
    return (f'<text class="{part.cls}" x="{_n(part.x)}" y="{_n(part.y)}" '
            f'font-size="{_n(part.size)}" text-anchor="{part.anchor}" fill="{part.color}"'
            f'{weight}{direction}>{escape(part.text)}</text>')


def to_svg(drawing: Drawing, *, id_prefix: str = "genogram") -> str:
    """A standalone SVG with an accessible name (its title) and description."""
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_n(drawing.width)} '
        f'{_n(drawing.height)}" width="{_n(drawing.width)}" height="{_n(drawing.height)}" '
        f'role="img" aria-labelledby="{id_prefix}-title {id_prefix}-desc" '
        f'font-family="{escape(FONT_STACK)}" style="max-width:100%;height:auto">',
        f'<title id="{id_prefix}-title">{escape(drawing.title)}</title>',
        f'<desc id="{id_prefix}-desc">{escape(drawing.description)}</desc>',
        f'<rect x="0" y="0" width="{_n(drawing.width)}" height="{_n(drawing.height)}" '
        'fill="#ffffff"/>',
    ]
    for group in drawing.groups:
        ref = f' data-ref="{escape(group.ref)}"' if group.ref else ""
        out.append(f'<g class="{escape(group.cls)}"{ref}><title>{escape(group.title)}</title>')
        out.extend(_svg_part(part) for part in group.parts)
        out.append("</g>")
    out.append("</svg>")
    return "\n".join(out)


def to_reportlab(drawing: Drawing) -> shapes.Drawing:
    """The same picture as reportlab vector graphics (y flipped: PDF measures from below)."""
    register_fonts()
    height = drawing.height
    result = shapes.Drawing(drawing.width, height)
    for group in drawing.groups:
        rl_group = shapes.Group()
        for part in group.parts:
            rl_group.add(_rl_part(part, height))
        result.add(rl_group, name=None)
    return result


def _rl_part(part: Shape | Path | Label, height: float) -> shapes.Shape:
    if isinstance(part, Shape):
        style = {"strokeColor": colors.HexColor(part.color), "strokeWidth": part.width,
                 "fillColor": colors.HexColor(part.fill)}
        h = part.size / 2
        if part.kind is ShapeKind.SQUARE:
            return shapes.Rect(part.cx - h, height - part.cy - h, part.size, part.size, **style)
        if part.kind is ShapeKind.CIRCLE:
            return shapes.Circle(part.cx, height - part.cy, h, **style)
        flat = [v for x, y in shape_points(part) for v in (x, height - y)]
        return shapes.Polygon(flat, **style)
    if isinstance(part, Path):
        flat = [v for x, y in part.points for v in (x, height - y)]
        dash = list(DASHES[part.stroke]) or None
        stroke = {"strokeColor": colors.HexColor(part.color), "strokeWidth": part.width,
                  "strokeDashArray": dash, "strokeLineJoin": 1}
        if part.closed:
            fill = colors.HexColor(part.fill) if part.fill else None
            return shapes.Polygon(flat, fillColor=fill, **stroke)
        return shapes.PolyLine(flat, **stroke)
    return graphics_text(part.x, height - part.y, part.text, font=BOLD if part.bold else REGULAR,
                         size=part.size, anchor=part.anchor, color=part.color)


def to_pdf(drawing: Drawing, *, heading: str, footer: str, paper: Paper | None = None,
           overview: str = "") -> bytes:
    """The picture on A4 or A3 (see ``genograms.paper``): one page when every name prints at
    7 pt or more, else an overview page (``overview`` is its note) and one page per piece."""
    register_fonts()
    chosen = plan(drawing, paper)
    sheet = chosen.sheet
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(sheet.width, sheet.height), pageCompression=1)
    canvas.setTitle(heading)
    pages = len(chosen.tiles)
    if pages > 1:
        whole = without_text(drawing)
        room_w, room_h = sheet.room
        scale = min(1.0, room_w / whole.width, (room_h - 20) / whole.height)
        top = _page_top(canvas, sheet.width, sheet.height, heading, footer)
        if overview:
            draw_text(canvas, PAGE_MARGIN, top - 12, overview, size=9)
        _place(canvas, whole, scale, (0.0, 0.0, whole.width, whole.height),
               PAGE_MARGIN, top - 20)
        _grid(canvas, chosen.tiles, scale, PAGE_MARGIN, top - 20)
        canvas.showPage()
    for number, tile in enumerate(chosen.tiles, start=2 if pages > 1 else 1):
        title = heading if pages == 1 else f"{heading} ({number}/{pages + 1})"
        top = _page_top(canvas, sheet.width, sheet.height, title, footer)
        _place(canvas, piece(drawing, tile), chosen.scale, tile, PAGE_MARGIN, top)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _page_top(canvas: Canvas, page_w: float, page_h: float, heading: str, footer: str) -> float:
    """Heading and footer of a page; returns where the picture's top may be."""
    room_w = page_w - 2 * PAGE_MARGIN
    # A long family name: the heading goes smaller, then onto more lines, never off the page.
    size = max(HEADING_MIN, min(HEADING_SIZE, HEADING_SIZE * room_w
                                / max(text_width(heading, BOLD, HEADING_SIZE), 1)))
    lines = wrap(heading, room_w, font=BOLD, size=size)
    for number, line in enumerate(lines):
        draw_text(canvas, PAGE_MARGIN, page_h - 40 - number * size * 1.25, line, font=BOLD,
                  size=size)
    draw_text(canvas, PAGE_MARGIN, 16, footer, size=8)
    return page_h - PAGE_MARGIN - HEADING_ROOM - (len(lines) - 1) * size * 1.25


def _place(canvas: Canvas, drawing: Drawing, scale: float,
           tile: tuple[float, float, float, float], left: float, top: float) -> None:
    """Draws the ``tile`` of ``drawing`` at ``scale`` with its top-left corner at
    (``left``, ``top``) on the page, clipped to the tile."""
    tx, ty, tw, th = tile
    picture = to_reportlab(drawing)
    picture.scale(scale, scale)
    picture.width, picture.height = drawing.width * scale, drawing.height * scale
    canvas.saveState()
    clip = canvas.beginPath()
    clip.rect(left, top - th * scale, tw * scale, th * scale)
    canvas.clipPath(clip, stroke=0, fill=0)
    renderPDF.draw(picture, canvas, left - tx * scale, top - (drawing.height - ty) * scale)
    canvas.restoreState()


def _grid(canvas: Canvas, tiles: tuple[tuple[float, float, float, float], ...], scale: float,
          left: float, top: float) -> None:
    """Where each piece lies on the overview, with its page number."""
    canvas.saveState()
    canvas.setStrokeColor(colors.HexColor(HIGHLIGHT))
    canvas.setFillColor(colors.HexColor(HIGHLIGHT))
    canvas.setDash(4, 3)
    for number, (tx, ty, tw, th) in enumerate(tiles, start=2):
        x, y = left + tx * scale, top - (ty + th) * scale
        canvas.rect(x, y, tw * scale, th * scale, stroke=1, fill=0)
        draw_text(canvas, x + 4, top - ty * scale - 14, str(number), font=BOLD, size=12)
    canvas.restoreState()
