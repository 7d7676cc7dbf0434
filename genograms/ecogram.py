"""The safety network as an ecogram (Hartman): the family in the centre, its network around,
strong ties thick, weak ones dashed, stressful ones jagged, arrows for the way support goes,
the JIM and the chair highlighted."""

from __future__ import annotations

import math
from collections import defaultdict

from genograms.drawing import (
    DANGER,
    HIGHLIGHT,
    INK,
    Drawing,
    Group,
    Label,
    Part,
    Path,
    Shape,
    ShapeKind,
    Stroke,
    arrow_head,
    shorten,
    wrap,
    zigzag,
)
from genograms.network import NetworkMember
from genograms.picture import Options, person_symbol, shape_for
from i18n import Words
from sofs_core.codes import NetworkRoleKind, SupportDirection, TieStrength

CENTRE_R = 62.0
SYMBOL = 34.0
HIGHLIGHTED = {NetworkRoleKind.JIM, NetworkRoleKind.CHAIR}


def role_text(member: NetworkMember, words: Words) -> str:
    kind = words(f"ecogram.role_{member.kind.value}")
    if member.for_name:
        return words("ecogram.role_for", role=kind, name=member.for_name)
    return kind


def ecogram_drawing(members: list[NetworkMember], family_name: str, words: Words, *,
                    title: str, options: Options | None = None) -> Drawing:
    """One symbol per person, however many roles they hold; their strongest tie is drawn."""
    options = options or Options()
    people: dict[int, list[NetworkMember]] = defaultdict(list)
    for member in members:
        people[member.person_id].append(member)
    count = len(people)
    radius = max(200.0, count * 130 / (2 * math.pi))
    size = 2 * (radius + 130)
    cx = cy = size / 2
    groups: list[Group] = []
    centre: list[Part] = [Shape(ShapeKind.CIRCLE, cx, cy, 2 * CENTRE_R, width=2.2,
                                fill="#f4f4f4", cls="family-centre")]
    lines = wrap(family_name, 16, 3)
    for i, line in enumerate(lines):
        centre.append(Label(cx, cy + 4 + (i - (len(lines) - 1) / 2) * 13, line, 11, bold=True,
                            cls="family-name"))
    used: set[str] = set()
    for i, (person_id, roles) in enumerate(people.items()):
        angle = -math.pi / 2 + 2 * math.pi * i / max(count, 1)
        px, py = cx + radius * math.cos(angle), cy + radius * math.sin(angle)
        first = min(roles, key=lambda m: (list(TieStrength).index(m.tie), m.role_id))
        highlight = any(m.kind in HIGHLIGHTED for m in roles)
        parts = _tie(first.tie, first.support, (cx, cy), (px, py), used)
        color = HIGHLIGHT if highlight else INK
        if highlight:
            parts.append(Shape(ShapeKind.CIRCLE, px, py, SYMBOL + 22, width=3, color=HIGHLIGHT,
                               fill="#e3f1f6", cls="highlight"))
            used.add("highlight")
        kind = shape_for(first.sex, False, options)
        parts.extend(person_symbol(kind=kind, cx=px, cy=py, size=SYMBOL, deceased=False,
                                   index=False, color=color, width=2.4 if highlight else 1.6))
        below = math.sin(angle) >= -0.2
        y = py + (SYMBOL / 2 + 26 if below else -SYMBOL / 2 - 44)
        names = wrap(first.name, 22, 2)
        for j, text in enumerate(names):
            parts.append(Label(px, y + j * 12, text, 10, bold=highlight, cls="name"))
        for j, member in enumerate(roles[:3], start=len(names)):
            parts.append(Label(px, y + j * 12, wrap(role_text(member, words), 30, 1)[0], 8.5,
                               cls="role"))
        kinds = " ".join(sorted({m.kind.value for m in roles}))
        title_text = words("ecogram.member_title", name=first.name,
                           roles=", ".join(role_text(m, words) for m in roles),
                           tie=words(f"tiestrength.{first.tie.value}"))
        groups.append(Group(f"member {kinds} tie-{first.tie.value}", title_text, tuple(parts),
                            ref=f"person-{person_id}"))
    groups.insert(0, Group("family", family_name, tuple(centre)))
    key, key_height = _legend(used, words, size)
    return Drawing(width=size, height=size + key_height, title=title,
                   description=words("ecogram.description", people=count),
                   groups=(*groups, key))


def _tie(tie: TieStrength, support: SupportDirection, centre: tuple[float, float],
         member: tuple[float, float], used: set[str]) -> list[Part]:
    start, end = shorten(centre, member, CENTRE_R + 2, SYMBOL / 2 + 14)
    used.add(f"tie-{tie.value}")
    if tie is TieStrength.STRONG:
        parts: list[Part] = [Path((start, end), width=4.0, cls="tie strong")]
    elif tie is TieStrength.WEAK:
        parts = [Path((start, end), stroke=Stroke.DASHED, width=1.6, cls="tie weak")]
    else:
        parts = [Path(zigzag(start, end, 8, 5), width=1.6, color=DANGER, cls="tie stressful")]
    color = DANGER if tie is TieStrength.STRESSFUL else INK
    if support in (SupportDirection.TO_FAMILY, SupportDirection.BOTH_WAYS):
        parts.append(arrow_head(start, end, 11, color, "arrow to-family"))
        used.add("arrow")
    if support in (SupportDirection.FROM_FAMILY, SupportDirection.BOTH_WAYS):
        parts.append(arrow_head(end, start, 11, color, "arrow to-member"))
        used.add("arrow")
    return parts


def _legend(used: set[str], words: Words, top: float) -> tuple[Group, float]:
    items = [k for k in ("tie-strong", "tie-weak", "tie-stressful", "arrow", "highlight")
             if k in used]
    parts: list[Part] = [Label(40, top + 4, words("genogram.legend"), 11, anchor="start",
                               bold=True, cls="legend-title")]
    for i, key in enumerate(items):
        x, y = 40 + (i % 2) * 260, top + 26 + (i // 2) * 26
        if key == "highlight":
            parts.append(Shape(ShapeKind.CIRCLE, x + 18, y, 18, width=3, color=HIGHLIGHT,
                               fill="#e3f1f6"))
        elif key == "arrow":
            parts.append(Path(((x, y), (x + 36, y)), width=1.6))
            parts.append(arrow_head((x, y), (x + 36, y), 9))
        else:
            parts.extend(_tie(TieStrength(key.removeprefix("tie-")), SupportDirection.NONE,
                              (x - CENTRE_R - 2, y), (x + 36 + SYMBOL / 2 + 14, y), set()))
        parts.append(Label(x + 48, y + 4, words(f"ecogram.legend_{key.replace('-', '_')}"),
                           9.5, anchor="start", cls="legend-text"))
    return Group("legend", words("genogram.legend"), tuple(parts)), 30 + \
        ((len(items) + 1) // 2) * 26
