"""The safety network (ecogram) as an interactive page: vis-network via pyvis. (The
interactive genogram is the genogram's own picture: see ``genograms.view``.)

Each page is one standalone HTML document that works offline: the vis-network script is
inlined and every reference to another host is taken out (pyvis adds Bootstrap from a CDN
even in its ``in_line`` mode, and the inlined libraries name URLs in comments and strings).
Positions come from our own layout and physics is off, so nothing moves by itself.

User text (names, the family's name, the title) never reaches the page as markup or as
anything a browser or our own URL check could read as an address. Labels and tooltips go
in percent-encoded (letters, digits and ``%_.-~`` only) and the page decodes them to plain
text for vis-network (see ``_DECODE``). Tooltips travel as ``tip``, never as ``title``:
once any title contains "href", pyvis shows titles with ``innerHTML``. The page's title
goes into the markup with every ASCII sign as a character reference. pyvis's ``heading``
is not escaped at all, so we never pass user text as a heading.

``framed_page`` wraps a page for the app: Streamlit's own iframe allows same-origin access,
so the graph runs one frame deeper, sandboxed without ``allow-same-origin``.
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Iterable
from typing import Any
from urllib.parse import quote

from pyvis.network import Network

from genograms.drawing import DANGER, HIGHLIGHT, INK, ShapeKind, wrap
from genograms.ecogram import role_text
from genograms.network import NetworkMember
from genograms.picture import Options, shape_for
from i18n import Words
from sofs_core.codes import (
    NetworkRoleKind,
    Sex,
    SupportDirection,
    TieStrength,
)

NODE_SIZE = 16
FAMILY_ID = "family"
FONT_FACE = "DejaVu Sans, Arial, sans-serif"
SHAPES = {ShapeKind.SQUARE: "square", ShapeKind.CIRCLE: "dot", ShapeKind.DIAMOND: "diamond",
          ShapeKind.TRIANGLE: "triangle"}
TIE_STYLE: dict[TieStrength, dict[str, Any]] = {
    TieStrength.STRONG: {"width": 4, "color": INK, "dashes": False},
    TieStrength.WEAK: {"width": 1.5, "color": INK, "dashes": [8, 6]},
    TieStrength.STRESSFUL: {"width": 2, "color": DANGER, "dashes": [12, 4, 3, 4]},
}
HIGHLIGHTED = {NetworkRoleKind.JIM, NetworkRoleKind.CHAIR}

_URL = re.compile(r"https?://", re.IGNORECASE)
_URL_TOKEN = re.compile(r"https?://[^\s\"'<>()]*", re.IGNORECASE)
_ATTRIBUTE_URL = re.compile(
    r"""(?<![\w.$-])(?:src|href|xlink:href|srcset|action|formaction|poster|data|background)"""
    r"""\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""", re.IGNORECASE)
_CSS_URL = re.compile(r"""(?:url\(\s*(?:"([^"]*)"|'([^']*)'|([^)'"\s]+))|@import\s+"""
                      r"""(?:"([^"]*)"|'([^']*)'))""", re.IGNORECASE)
_REMOTE = re.compile(r"^\s*(?:[a-z][a-z0-9+.-]*:)?//", re.IGNORECASE)
_SCRIPT_OR_STYLE = re.compile(r"(<(script|style)\b[^>]*>)(.*?)(</\2\s*>)",
                              re.IGNORECASE | re.DOTALL)
_LEADING_COMMENT = re.compile(r"^\s*/\*.*?\*/", re.DOTALL)
_SOURCE_MAP = re.compile(r"^[ \t]*//[#@]\s*source(?:Mapping)?URL=.*$", re.MULTILINE)
_EMPTY_HEADING = re.compile(r"<(h[1-6])\b[^>]*>\s*</\1\s*>", re.IGNORECASE)
_EMPTY_CENTER = re.compile(r"<center>\s*</center>", re.IGNORECASE)
_NEW_NETWORK = "network = new vis.Network(container, data, options);"

# Labels and tooltips arrive percent-encoded (``_text``), so the page holds no user text in
# any form a parser could take for markup or an address. Here they become plain text:
# vis-network draws labels on the canvas and shows a title element's text content.
_DECODE = """
                  (function () {
                    function tip(text) {
                      var box = document.createElement("div");
                      box.className = "sofs-tip";
                      box.textContent = decodeURIComponent(text);
                      return box;
                    }
                    [nodes, edges].forEach(function (items) {
                      items.forEach(function (item) {
                        var change = {id: item.id};
                        if (typeof item.label === "string") {
                          change.label = decodeURIComponent(item.label);
                        }
                        if (typeof item.tip === "string") { change.title = tip(item.tip); }
                        items.update(change);
                      });
                    });
                  })();
"""

_STYLE = """
        <style>
            html, body { margin: 0; padding: 0; height: 100%; background: #ffffff; }
            #mynetwork { width: 100%; height: 100vh; border: 0; float: none; }
            .sofs-visually-hidden {
                position: absolute; width: 1px; height: 1px; margin: -1px; padding: 0;
                overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0;
            }
            .sofs-tip { white-space: pre-line; max-width: 28em; }
        </style>
"""


def _text(value: str) -> str:
    """User (or catalogue) text for a label or tooltip: percent-encoded (see ``_DECODE``)."""
    return quote(value, safe="")


def _markup_text(value: str) -> str:
    """Text for the page's markup (its title): every ASCII sign but "-" as a character
    reference, so that no tag, attribute, ``url(`` or ``scheme://`` can be read into it."""
    return "".join(f"&#{ord(c)};" if c.isascii() and not c.isalnum() and c not in " -" else c
                   for c in value)


def _label(value: str) -> str:
    """A label; pyvis shows the node id instead of an empty one."""
    return _text(value) or " "


def _font(size: float = 12, color: str = INK) -> dict[str, Any]:
    return {"multi": False, "size": size, "color": color, "face": FONT_FACE,
            "strokeWidth": 3, "strokeColor": "#ffffff"}


def _arrows(to: bool = False, back: bool = False) -> dict[str, Any]:
    return {"to": {"enabled": to, "scaleFactor": 0.7},
            "from": {"enabled": back, "scaleFactor": 0.7}}


def _new_network() -> Any:
    # Directed, because pyvis silently drops a second edge between two nodes in an
    # undirected network (a couple who also have an emotional line); arrows are set per edge.
    net = Network(height="100vh", width="100%", directed=True, cdn_resources="in_line",
                  heading="", bgcolor="#ffffff")
    # A plain dict replaces pyvis's options object (physics on by default) as a whole.
    net.options = {
        "physics": {"enabled": False},
        "layout": {"improvedLayout": False, "hierarchical": {"enabled": False}},
        "interaction": {"dragNodes": True, "hover": True, "tooltipDelay": 150,
                        "navigationButtons": False, "keyboard": {"enabled": False}},
        "nodes": {"font": _font(), "physics": False},
        "edges": {"smooth": False, "font": _font(11), "physics": False},
        "configure": {"enabled": False},
    }
    return net


def _support(value: object) -> SupportDirection | None:
    if value is None:
        return None
    try:
        return SupportDirection(str(getattr(value, "value", value)))
    except ValueError:
        return None


def _unique(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(values))


def network_html(members: list[NetworkMember], family_name: str, words: Words, *, title: str,
                 lang: str) -> str:
    """The safety network as an ecogram page: the family in the centre, people around it."""
    net = _new_network()
    net.add_node(FAMILY_ID, label=_label("\n".join(wrap(family_name, 22, 3))),
                 tip=_text(family_name),
                 shape="ellipse", x=0, y=0, physics=False, borderWidth=2,
                 color={"background": "#f2f2f2", "border": INK,
                        "highlight": {"background": "#e8f1f5", "border": HIGHLIGHT},
                        "hover": {"background": "#e8f1f5", "border": HIGHLIGHT}},
                 font=_font(16), margin=12)
    people: dict[int, list[NetworkMember]] = {}
    for member in members:
        people.setdefault(member.person_id, []).append(member)
    radius = max(240.0, len(people) * 170.0 / (2 * math.pi))
    for i, roles in enumerate(people.values()):
        angle = -math.pi / 2 + 2 * math.pi * i / len(people)
        node_id = f"person-{roles[0].person_id}"
        name = roles[0].name
        highlight = any(NetworkRoleKind(r.kind) in HIGHLIGHTED for r in roles)
        short = _unique(role_text(role, words) for role in roles)
        full = _unique(_role_words(words, role) for role in roles)
        # As in the static ecogram: the strongest tie is drawn, with its way of support.
        first = min(roles, key=lambda m: (list(TieStrength).index(TieStrength(m.tie)),
                                          m.role_id))
        tie = TieStrength(first.tie)
        tie_word = words(f"tiestrength.{tie.value}")
        support = _support(getattr(first, "support", None))
        facts = [words("ecogram.member_title", name=name, roles=", ".join(full), tie=tie_word)]
        if support is not None:
            facts.append(words(f"supportdirection.{support.value}"))
        net.add_node(
            node_id, label=_label("\n".join(
                [*wrap(name, 18, 2), *(part for role in short for part in wrap(role, 24, 2))])),
            tip=_text("\n".join(facts)), physics=False,
            shape=SHAPES[shape_for(Sex(getattr(first, "sex", None) or Sex.UNKNOWN), False,
                                   Options())],
            size=NODE_SIZE * (1.15 if highlight else 1),
            x=round(radius * math.cos(angle), 1), y=round(radius * math.sin(angle), 1),
            borderWidth=3 if highlight else 1.5, borderWidthSelected=4,
            color={"background": "#ffffff", "border": HIGHLIGHT if highlight else INK,
                   "highlight": {"background": "#e8f1f5", "border": HIGHLIGHT},
                   "hover": {"background": "#e8f1f5", "border": HIGHLIGHT}},
            font=_font())
        net.add_edge(node_id, FAMILY_ID, **TIE_STYLE[tie],
                     arrows=_arrows(to=support in (SupportDirection.TO_FAMILY,
                                                   SupportDirection.BOTH_WAYS),
                                    back=support in (SupportDirection.FROM_FAMILY,
                                                     SupportDirection.BOTH_WAYS)),
                     tip=_text("; ".join([tie_word, *facts[1:]])))
    return _page(net, title=title, lang=lang)


def _role_words(words: Words, member: NetworkMember) -> str:
    role = words(f"networkrolekind.{NetworkRoleKind(member.kind).value}")
    if member.for_name:
        return words("ecogram.role_for", role=role, name=member.for_name)
    return role


# -- the page ---------------------------------------------------------------------------------

def external_urls(page: str) -> list[str]:
    """URLs to another host (http(s):// or protocol-relative //host) that the page would load:
    in src/href-like attributes, CSS ``url(...)`` and ``@import``."""
    found: list[str] = []
    for pattern in (_ATTRIBUTE_URL, _CSS_URL):
        for match in pattern.finditer(page):
            value = next((g for g in match.groups() if g is not None), "")
            if _REMOTE.match(html.unescape(value)):
                found.append(value)
    return found


def _clean_script(body: str) -> str:
    """Inlined library code without URLs: comments lose them, strings spell them ``:\\/\\/``.

    In a JavaScript string (and a regular expression) ``\\/`` is ``/``, so a value such as
    the SVG namespace stays what it was while the page no longer holds a URL.
    """
    leading = _LEADING_COMMENT.match(body)
    if leading:
        body = _URL_TOKEN.sub("", leading.group(0)) + body[leading.end():]
    body = _SOURCE_MAP.sub("", body)
    return _URL.sub(lambda m: m.group(0)[:-2] + "\\/\\/", body)


def _clean_part(open_tag: str, kind: str, body: str, close_tag: str) -> str:
    if kind.lower() == "script":
        if re.search(r"\ssrc\s*=", open_tag, re.IGNORECASE):
            return ""  # a standalone page loads no script file
        return open_tag + _clean_script(body) + close_tag
    return open_tag + _URL.sub(lambda m: m.group(0)[:-2] + "\\/\\/", body) + close_tag


def _clean_markup(text: str) -> str:
    text = re.sub(r"<!--.*?-->", "", text, flags=re.DOTALL)
    text = re.sub(r"<link\b[^>]*>", "", text, flags=re.IGNORECASE)
    text = _EMPTY_HEADING.sub("", text)
    return _EMPTY_CENTER.sub("", text)


def _page(net: Any, *, title: str, lang: str) -> str:
    if any("title" in item for item in [*net.nodes, *net.edges]):
        raise RuntimeError("a tooltip given to pyvis as a title")  # see the module's note
    return _offline_page(str(net.generate_html()), title=title, lang=lang)


def _offline_page(raw: str, *, title: str, lang: str) -> str:
    # Scripts and styles are set aside while the markup is worked on, so that nothing in
    # the libraries' text can be taken for a tag.
    blocks: list[str] = []

    def set_aside(match: re.Match[str]) -> str:
        blocks.append(_clean_part(match.group(1), match.group(2), match.group(3),
                                  match.group(4)))
        return f"\x00{len(blocks) - 1}\x00"

    page = _clean_markup(_SCRIPT_OR_STYLE.sub(set_aside, raw.replace("\x00", "")))
    safe_title = _markup_text(title)
    page = _replace_once_re(page, r"<html\b[^>]*>",
                            f'<!DOCTYPE html>\n<html lang="{_markup_text(lang)}">')
    page = _replace_once_re(page, r"<meta charset=[^>]*>",
                            '<meta charset="utf-8">\n        <meta name="viewport" '
                            'content="width=device-width, initial-scale=1">\n'
                            f"        <title>{safe_title}</title>")
    page = _replace_once_re(page, r"</head\s*>", _STYLE + "    </head>")
    page = _replace_once_re(page, r"<body\b[^>]*>",
                            '<body>\n    <main>\n        <h1 class="sofs-visually-hidden">'
                            f"{safe_title}</h1>")
    page = _replace_once_re(page, r"</body\s*>", "    </main>\n</body>")
    page = _replace_once_re(page, r'<div id="mynetwork"',
                            f'<div id="mynetwork" role="img" aria-label="{safe_title}"')
    page = re.sub("\x00(\\d+)\x00", lambda m: blocks[int(m.group(1))], page)
    page = _replace_once(page, _NEW_NETWORK, _DECODE + "\n                  " + _NEW_NETWORK)
    remaining = external_urls(page) + _URL.findall(page)
    if remaining:
        raise RuntimeError(f"the interactive page still refers to other hosts: {remaining[:5]}")
    return page


def framed_page(page: str, *, title: str, lang: str) -> str:
    """``page`` inside an iframe sandboxed with scripts but without ``allow-same-origin``.

    Streamlit shows HTML in an iframe whose sandbox allows both scripts and same-origin
    access: a script there could reach the app's origin (its cookies, its session). The
    graph runs one frame deeper, in an opaque origin of its own; this outer document holds
    no script. The page goes in ``srcdoc``, so the graph still needs no server and no
    network.
    """
    safe_title = _markup_text(title)
    return (
        f'<!DOCTYPE html>\n<html lang="{_markup_text(lang)}">\n<head>\n'
        '<meta charset="utf-8">\n'
        f"<title>{safe_title}</title>\n"
        "<style>html, body, main { margin: 0; padding: 0; height: 100%; overflow: hidden; }"
        " iframe { display: block; width: 100%; height: 100%; border: 0; }"
        " h1 { position: absolute; width: 1px; height: 1px; margin: -1px; overflow: hidden;"
        " clip: rect(0 0 0 0); white-space: nowrap; }</style>\n"
        f"</head>\n<body>\n<main>\n<h1>{safe_title}</h1>\n"
        f'<iframe sandbox="allow-scripts" title="{safe_title}" '
        f'srcdoc="{html.escape(page, quote=True)}"></iframe>\n'
        "</main>\n</body>\n</html>\n"
    )


def _replace_once(page: str, old: str, new: str) -> str:
    if page.count(old) != 1:
        raise RuntimeError(f"unexpected pyvis page: {old!r} found {page.count(old)} times")
    return page.replace(old, new)


def _replace_once_re(page: str, pattern: str, new: str) -> str:
    result, count = re.subn(pattern, lambda _: new, page, count=1, flags=re.IGNORECASE)
    if count != 1:
        raise RuntimeError(f"unexpected pyvis page: no {pattern!r}")
    return result
