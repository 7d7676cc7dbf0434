"""Moving one item up or down a list whose order is kept in a ``position`` column."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol


class Positioned(Protocol):
    position: int


def move_within(siblings: Sequence[Positioned], item: Positioned, steps: int) -> None:
    """Move ``item`` ``steps`` places (negative: up) among ``siblings``, which are in their
    current order, and number them 1, 2, 3... again. Only positions that change are set."""
    ordered = list(siblings)
    index = ordered.index(item)
    target = max(0, min(len(ordered) - 1, index + steps))
    ordered.insert(target, ordered.pop(index))
    for position, sibling in enumerate(ordered, start=1):
        if sibling.position != position:
            sibling.position = position
