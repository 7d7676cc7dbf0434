"""A drawing made on the page's drawing canvas, turned into the PNG a photo of a paper
drawing would be, so that it goes through the same checked services
(``child_voice.add_drawing``, ``words_pictures.set_picture``, both re-encoding it with
``child_voice.clean_picture``) and is stored like a photo.

An empty canvas (nothing drawn, or everything wiped) is refused: nothing is saved.
"""

from __future__ import annotations

import io

from PIL import Image, ImageChops

from sofs_core.errors import FieldError, ValidationFailed


def is_blank(picture: Image.Image) -> bool:
    """Nothing to see: every pixel transparent, or every pixel the same colour (the canvas's
    background and nothing on it)."""
    rgba = picture.convert("RGBA")
    if rgba.getchannel("A").getbbox() is None:  # no pixel with any opacity
        return True
    first = rgba.getpixel((0, 0))
    same = Image.new("RGBA", rgba.size, first if isinstance(first, tuple) else (0, 0, 0, 0))
    return ImageChops.difference(rgba, same).getbbox(alpha_only=False) is None


def canvas_png(picture: Image.Image | None) -> bytes:
    """The canvas's pixels (RGBA, as the canvas hands them over) as PNG bytes, or a
    ``ValidationFailed`` saying the drawing is still empty."""
    if picture is None or picture.width == 0 or picture.height == 0 or is_blank(picture):
        raise ValidationFailed([FieldError("drawing", "child_voice.error.empty_drawing")])
    out = io.BytesIO()
    picture.convert("RGBA").save(out, format="PNG")
    return out.getvalue()
