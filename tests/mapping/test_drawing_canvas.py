"""A canvas drawing becomes a PNG the checked picture services accept, and an empty canvas
(transparent, or one colour all over) is refused, in Dutch, before anything is stored."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image, ImageDraw

from i18n import load_catalogue
from mapping.child_voice import clean_picture
from mapping.drawing_canvas import canvas_png
from sofs_core.errors import ValidationFailed


def _canvas(background: tuple[int, int, int, int]) -> Image.Image:
    return Image.new("RGBA", (640, 420), background)


@pytest.mark.parametrize("blank", [None, _canvas((0, 0, 0, 0)), _canvas((255, 255, 255, 255)),
                                   Image.new("RGBA", (0, 0))])
def test_an_empty_canvas_is_refused_in_dutch(blank: Image.Image | None) -> None:
    with pytest.raises(ValidationFailed) as refused:
        canvas_png(blank)
    (error,) = refused.value.errors
    assert "De tekening is nog leeg" in load_catalogue(None).text("nl-BE", error.message_key)


def test_a_stroke_on_white_becomes_a_png_the_picture_check_keeps() -> None:
    sheet = _canvas((255, 255, 255, 255))
    ImageDraw.Draw(sheet).line([(40, 40), (300, 200)], fill=(31, 95, 191, 255), width=8)
    pixels = np.asarray(sheet)  # what the canvas hands over: an RGBA array
    png = canvas_png(Image.fromarray(pixels))
    assert png.startswith(b"\x89PNG")
    data, media_type, width, height = clean_picture(png)
    assert (media_type, width, height) == ("image/png", 640, 420)
    stored = Image.open(io.BytesIO(data)).convert("RGB")
    assert stored.getpixel((0, 0)) == (255, 255, 255)
    assert stored.getpixel((170, 120)) == (31, 95, 191)
