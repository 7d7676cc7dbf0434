"""Laying a person's card text out over as many cards as it needs.

Each card is laid out on its own (``network_cards`` draws it into its own frame), so what
goes on a card must fit the card: blocks (an agreement, "who to call") stay whole on one
card when they fit one, else they flow on to the next card, split between lines.
"""

from __future__ import annotations

from reportlab.platypus import Flowable, KeepInFrame

# Room kept free at a card's foot: measured heights and drawn heights differ by rounding.
SLACK = 2.0


def height(flowable: Flowable, width: float) -> float:
    _, tall = flowable.wrap(width, 1e6)
    return float(tall + flowable.getSpaceBefore() + flowable.getSpaceAfter())


def pack(blocks: list[list[Flowable]], width: float, room: float) -> list[list[Flowable]]:
    """``blocks`` laid onto cards whose text is ``width`` wide and ``room`` high."""
    room -= SLACK
    cards: list[list[Flowable]] = []
    current: list[Flowable] = []
    used = 0.0
    for block in blocks:
        tall = sum(height(f, width) for f in block)
        if used + tall <= room:
            current += block
            used += tall
            continue
        if current and tall <= room:
            cards.append(current)
            current, used = list(block), tall
            continue
        pending = list(block)  # taller than a card: flow it on, splitting where needed
        while pending:
            item = pending.pop(0)
            tall = height(item, width)
            if used + tall <= room:
                current.append(item)
                used += tall
                continue
            parts = item.split(width, room - used) if room - used > 0 else []
            if len(parts) > 1 and height(parts[0], width) <= room - used:
                current.append(parts[0])
                pending[:0] = parts[1:]
            elif not current:
                # Nothing splits it and it is alone on a card: shrunk to fit, never lost.
                current.append(KeepInFrame(width, room, [item], mode="shrink"))
            else:
                pending.insert(0, item)
            cards.append(current)
            current, used = [], 0.0
    if current or not cards:
        cards.append(current)
    return cards
