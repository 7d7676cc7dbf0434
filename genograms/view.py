"""The interactive genogram: the same picture as on screen and on paper, to zoom, pan and
search by name, offline.

The page holds the genogram's own SVG (``render.to_svg``: same positions, symbols, couple
lines, sibling bars, households and emotional lines) and a small script of our own: no
library, nothing fetched. As in ``genograms.interactive``, no user text is in the page in a
form a parser could take for markup or an address: the SVG (names escaped in it) travels
base64-encoded and the script parses it as SVG; the page's title is character references.
The search reads the names back as text content (each person's ``<title>``).
"""

from __future__ import annotations

import base64
from html import escape

from genograms.drawing import HIGHLIGHT, Drawing
from genograms.interactive import _markup_text
from genograms.render import to_svg
from i18n import Words

_SCRIPT = """
(function () {
  // The picture travels as base64 (see the module's notes), decoded here into SVG nodes.
  var stage = document.getElementById("stage");
  var bytes = Uint8Array.from(atob(stage.dataset.svg), function (c) { return c.charCodeAt(0); });
  var parsed = new DOMParser().parseFromString(new TextDecoder().decode(bytes),
                                               "image/svg+xml");
  var svg = document.importNode(parsed.documentElement, true);
  stage.removeAttribute("data-svg");
  stage.appendChild(svg);
  var full = svg.viewBox.baseVal;
  var whole = [full.x, full.y, full.width, full.height];
  var box = whole.slice();
  svg.removeAttribute("width");
  svg.removeAttribute("height");
  function show() { svg.setAttribute("viewBox", box.join(" ")); }
  function zoom(factor, cx, cy) {
    var w = box[2] * factor, h = box[3] * factor;
    if (w < 80 || w > whole[2] * 4) { return; }
    box = [cx - (cx - box[0]) * factor, cy - (cy - box[1]) * factor, w, h];
    show();
  }
  function middle() { return [box[0] + box[2] / 2, box[1] + box[3] / 2]; }
  function point(event) {
    var r = svg.getBoundingClientRect();
    var scale = Math.max(box[2] / r.width, box[3] / r.height);
    return [box[0] + (event.clientX - r.left) * scale, box[1] + (event.clientY - r.top) * scale];
  }
  svg.addEventListener("wheel", function (event) {
    event.preventDefault();
    var p = point(event);
    zoom(event.deltaY < 0 ? 0.85 : 1 / 0.85, p[0], p[1]);
  }, {passive: false});
  var drag = null;
  svg.addEventListener("pointerdown", function (event) {
    drag = point(event);
    svg.setPointerCapture(event.pointerId);
  });
  svg.addEventListener("pointermove", function (event) {
    if (!drag) { return; }
    var p = point(event);
    box[0] -= p[0] - drag[0];
    box[1] -= p[1] - drag[1];
    show();
  });
  svg.addEventListener("pointerup", function () { drag = null; });
  document.getElementById("zoom-in").addEventListener("click", function () {
    var m = middle(); zoom(0.8, m[0], m[1]);
  });
  document.getElementById("zoom-out").addEventListener("click", function () {
    var m = middle(); zoom(1.25, m[0], m[1]);
  });
  document.getElementById("fit").addEventListener("click", function () {
    box = whole.slice(); show();
  });
  function plain(text) {
    return text.normalize("NFD").replace(/[\\u0300-\\u036f]/g, "").toLocaleLowerCase();
  }
  var people = Array.prototype.slice.call(svg.querySelectorAll("g.person, g.copy"));
  var count = document.getElementById("count");
  document.getElementById("search").addEventListener("input", function (event) {
    var wanted = plain(event.target.value.trim());
    var found = [];
    people.forEach(function (group) {
      var title = group.querySelector("title");
      var hit = wanted !== "" && title !== null && plain(title.textContent).indexOf(wanted) >= 0;
      group.classList.toggle("found", hit);
      if (hit) { found.push(group); }
    });
    if (wanted === "") { count.textContent = ""; return; }
    count.textContent = found.length ? count.dataset.found.replace("{count}", found.length)
                                     : count.dataset.none;
    if (found.length) {
      var b = found[0].getBBox();
      var w = Math.min(whole[2], Math.max(b.width * 6, 480));
      var h = w * whole[3] / whole[2];
      box = [b.x + b.width / 2 - w / 2, b.y + b.height / 2 - h / 2, w, h];
      show();
    }
  });
  show();
})();
"""

_STYLE = f"""
html, body {{ margin: 0; padding: 0; height: 100%; background: #ffffff;
  font-family: 'DejaVu Sans', Verdana, sans-serif; }}
main {{ display: flex; flex-direction: column; height: 100%; }}
.bar {{ display: flex; gap: 0.5rem; align-items: center; padding: 0.4rem; flex-wrap: wrap;
  border-bottom: 1px solid #cccccc; }}
.bar input {{ font-size: 1rem; padding: 0.2rem 0.4rem; }}
.bar button {{ font-size: 1rem; min-width: 2.2rem; }}
#stage {{ flex: 1; min-height: 0; }}
#stage svg {{ width: 100%; height: 100%; touch-action: none; cursor: grab; }}
g.found .symbol {{ stroke: {HIGHLIGHT}; stroke-width: 5; }}
g.found .name {{ fill: {HIGHLIGHT}; text-decoration: underline; }}
.hint {{ color: #4d4d4d; font-size: 0.85rem; }}
.hidden {{ position: absolute; width: 1px; height: 1px; margin: -1px; padding: 0;
  overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0; }}
"""


def genogram_view_html(drawing: Drawing, words: Words, *, title: str, lang: str) -> str:
    """A standalone offline page: the genogram's SVG with zoom, pan and search by name."""
    svg = base64.b64encode(to_svg(drawing, id_prefix="genogram-view").encode()).decode()
    w = {key: escape(words(f"genogram_view.{key}"), quote=True)
         for key in ("search", "not_found", "zoom_in", "zoom_out", "fit", "help")}
    found = escape(words("genogram_view.found", count="{count}"), quote=True)
    return (
        f'<!DOCTYPE html>\n<html lang="{_markup_text(lang)}">\n<head>\n'
        f'<meta charset="utf-8">\n<title>{_markup_text(title)}</title>\n'
        f"<style>{_STYLE}</style>\n"
        f"</head>\n<body>\n<main>\n"
        f'<h1 class="hidden">{_markup_text(title)}</h1>\n'
        f'<div class="bar" role="search">'
        f'<label for="search">{w["search"]}</label>'
        f'<input id="search" type="search" autocomplete="off">'
        f'<span id="count" role="status" data-found="{found}" data-none="{w["not_found"]}">'
        f"</span>"
        f'<button id="zoom-in" type="button" aria-label="{w["zoom_in"]}" '
        f'title="{w["zoom_in"]}">+</button>'
        f'<button id="zoom-out" type="button" aria-label="{w["zoom_out"]}" '
        f'title="{w["zoom_out"]}">&#8722;</button>'
        f'<button id="fit" type="button">{w["fit"]}</button>'
        f'<span class="hint">{w["help"]}</span></div>\n'
        f'<div id="stage" data-svg="{svg}"></div>'
        f"\n</main>\n<script>{_SCRIPT}</script>\n</body>\n</html>\n"
    )
