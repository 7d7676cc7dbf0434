"""Hostile text: what a probe types into every form, as examples and hypothesis strategies.

Markdown images and links, bare web and e-mail addresses (autolinks), HTML and script,
bidirectional controls, names in many scripts and very long texts. Shared by the service
property tests and the browser test that visits every page with such names.
"""

from __future__ import annotations

from hypothesis import strategies as st

# A request to any of these hosts means user text became a link, an image or a script.
MARKDOWN_IMAGE = "![x](http://203.0.113.1/x.png)"
MARKDOWN_LINK = "[klik](http://evil.example/)"
BARE_WEB = "www.example.org"
BARE_MAIL = "mail@example.org"
IMG_TAG = "<img src=x onerror=alert(1)>"
URL = "http://evil.example/"
HREF = '<a href="https://evil.example/">href</a>'
SCRIPT = "</script><script>alert(1)</script>"
BIDI = "\u202eAmina\u202c"

EXAMPLES = (
    MARKDOWN_IMAGE, MARKDOWN_LINK, BARE_WEB, BARE_MAIL, IMG_TAG, URL, HREF, SCRIPT, BIDI,
    "<b>vet</b> & 'quote' \"dubbel\"", "javascript:alert(1)", "data:text/html,<p>x</p>",
    "<style>@import '//evil.example/a.css'</style>", "`code` *schuin* **vet** ~~weg~~",
    "# Kop\n- lijst\n> citaat", ":material/home: :smile:", "$x^2$", "{name} {0} %s",
    "\u2066Ayşe\u2069 \u200fעברית\u200e", "a\u0000b",
)

NAMES = (
    "Güneş Yılmaz", "Łucja Wróbel", "Ștefan Țurcanu", "Řehoř Dvořák", "أمينة الحسن",
    "יעל כהן", "Ольга Иванова", "Νίκος Παπαδόπουλος", "王小明", "さくら", "김민준",
    "देवी शर्मा", "ሰላም ተስፋዬ", "Nguyễn Thị Hoa", "Ömer 🌻", "Zoë O'Brien-Van den Broeck",
)

BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"

_piece = st.one_of(st.sampled_from(EXAMPLES), st.sampled_from(NAMES),
                   st.sampled_from(tuple(BIDI_CONTROLS)), st.text(max_size=12))


def _long(piece: str, size: int) -> str:
    return (piece * (size // max(1, len(piece)) + 1))[:size]


# Any text a form could send: examples glued together, any unicode, or 20,000 characters.
hostile_text = st.one_of(
    st.sampled_from(EXAMPLES),
    st.lists(_piece, min_size=1, max_size=5).map(" ".join),
    st.text(max_size=60),
    st.builds(_long, st.sampled_from(EXAMPLES + NAMES), st.sampled_from((5_001, 20_000))),
)
