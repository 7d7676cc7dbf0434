"""Render a Drawing to SVG (screen) or to a vector PDF page (paper), shape for shape.

All text is escaped for SVG (it is the family's own words: names with ``<`` or ``&`` stay
text) and drawn for PDF with ``printing.fonts`` (every script in a shipped font, shaped).
"""

from __future__ import annotations

import io
from html import escape

from reportlab.graphics import renderPDF, shapes
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfgen.canvas import Canvas

from genograms.drawing import (
    DASHES,
    Drawing,
    Label,
    Path,
    Shape,
    ShapeKind,
    shape_points,
)
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


def to_pdf(drawing: Drawing, *, heading: str, footer: str) -> bytes:
    """One landscape A4 page: the heading, the picture scaled to fit, a footer line."""
    register_fonts()
    buffer = io.BytesIO()
    page_w, page_h = landscape(A4)
    canvas = Canvas(buffer, pagesize=(page_w, page_h), pageCompression=1)
    canvas.setTitle(heading)
    room_w = page_w - 72
    # A long family name: the heading goes smaller, then onto more lines, never off the page.
    size = max(HEADING_MIN, min(HEADING_SIZE, HEADING_SIZE * room_w
                                / max(text_width(heading, BOLD, HEADING_SIZE), 1)))
    lines = wrap(heading, room_w, font=BOLD, size=size)
    for number, line in enumerate(lines):
        draw_text(canvas, 36, page_h - 40 - number * size * 1.25, line, font=BOLD, size=size)
    below = (len(lines) - 1) * size * 1.25
    draw_text(canvas, 36, 24, footer, size=8)
    picture = to_reportlab(drawing)
    room_h = page_h - 90 - below
    scale = min(1.0, room_w / drawing.width, room_h / drawing.height)
    picture.scale(scale, scale)
    picture.width, picture.height = drawing.width * scale, drawing.height * scale
    renderPDF.draw(picture, canvas, 36, page_h - 54 - below - picture.height)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
