"""Where each symbol stands in its row: close to its parents, its children under it.

Each row is placed as a whole by weighted least squares with the order kept and minimum
gaps (``_isotonic``), rows top-down and bottom-up in turn; then children whose family
still stands far off weigh more, while that helps without widening the picture much.
"""

from __future__ import annotations

from collections import defaultdict
from itertools import pairwise

# Distance between neighbours who are not partners: apart enough for their names.
CLUSTER_GAP = 1.1
PLACEMENT_ROUNDS = 8
UP_WEIGHT = 2.0
STRAY_SLOTS = 0.95
STRAY_ROUNDS = 6
STRAY_WIDER = 1.05  # pulling families in may widen the picture this much, no more


def _isotonic(desired: list[float], weights: list[float], gaps: list[float]) -> list[float]:
    """Positions closest to ``desired`` (weighted least squares), in order, ``gaps`` apart.

    Pool-adjacent-violators on positions shifted by the cumulative minimum gaps.
    """
    shift = [0.0]
    for gap in gaps:
        shift.append(shift[-1] + gap)
    blocks: list[list[float]] = []  # [mean, weight, count]
    for value, weight, offset in zip(desired, weights, shift, strict=True):
        blocks.append([value - offset, weight, 1])
        while len(blocks) > 1 and blocks[-2][0] > blocks[-1][0]:
            mean2, weight2, count2 = blocks.pop()
            mean1, weight1, count1 = blocks[-1]
            total = weight1 + weight2
            blocks[-1] = [(mean1 * weight1 + mean2 * weight2) / total, total, count1 + count2]
    out: list[float] = []
    for mean, _, count in blocks:
        out.extend([mean] * int(count))
    return [value + offset for value, offset in zip(out, shift, strict=True)]


class Placer:
    def __init__(self, rows: list[list[list[int]]], parents: dict[int, list[int]],
                 children: dict[int, list[int]]) -> None:
        self.rows = rows
        self.parents = parents
        self.children = children
        self.x: dict[int, float] = {}
        self.boost: dict[int, float] = {}  # children whose family strayed weigh more
        for row in rows:
            left = 0.0
            for cluster in row:
                for i, entry in enumerate(cluster):
                    self.x[entry] = left + i
                left += len(cluster) - 1 + CLUSTER_GAP

    def _gap(self, before: list[int], after: list[int]) -> float:
        siblings = {p for c in before for p in self.parents[c]} & \
            {p for c in after for p in self.parents[c]}
        return 1.0 if siblings else CLUSTER_GAP

    def _desire(self, cluster: list[int], up: bool, down: bool) -> tuple[float, float]:
        """Where the cluster's first entry wants to stand, and how strongly."""
        wishes: list[tuple[float, float]] = []
        for i, entry in enumerate(cluster):
            if down and (mine := [p for p in self.parents[entry] if p in self.x]):
                wishes.append((sum(self.x[p] for p in mine) / len(mine) - i,
                               self.boost.get(entry, 1.0)))
            if up and (kids := [k for k in self.children[entry] if k in self.x]):
                kids_mean = sum(self.x[k] for k in kids) / len(kids)
                partners = [j for j, other in enumerate(cluster) if other != entry and
                            any(other in self.parents[k] for k in kids)]
                middle = (i + partners[0]) / 2 if partners else i
                # Many children cannot crowd under their parents: the parents move instead.
                wishes.append((kids_mean - middle, UP_WEIGHT * len(kids) / (1 + len(partners))))
        if not wishes:
            return self.x[cluster[0]], 0.01
        weight = sum(w for _, w in wishes)
        return sum(v * w for v, w in wishes) / weight, weight

    def place_row(self, row: list[list[int]], up: bool, down: bool) -> None:
        if not row:
            return
        wishes = [self._desire(cluster, up, down) for cluster in row]
        gaps = [len(a) - 1 + self._gap(a, b) for a, b in pairwise(row)]
        starts = _isotonic([w for w, _ in wishes], [w for _, w in wishes], gaps)
        for cluster, start in zip(row, starts, strict=True):
            for i, entry in enumerate(cluster):
                self.x[entry] = start + i

    def turn_in_laws(self, row: list[list[int]]) -> None:
        """A couple where one partner married in: the other stands on their parents' side."""
        for cluster in row:
            own = [i for i, e in enumerate(cluster) if self.parents[e]]
            if len(cluster) != 2 or len(own) != 1:
                continue
            at = own[0]
            ups = self.parents[cluster[at]]
            target = sum(self.x[u] for u in ups) / len(ups)
            xs = [self.x[e] for e in cluster]
            middle = sum(xs) / len(xs)
            if (target > middle) == (at < len(cluster) - 1 - at) and \
                    at != len(cluster) - 1 - at:
                cluster.reverse()
                for entry, x in zip(cluster, xs, strict=True):
                    self.x[entry] = x

    def _strays(self) -> tuple[list[list[int]], float]:
        """Sibling groups standing more than a slot from their parents' line, and how far
        beyond that slot they stand in all."""
        groups: dict[tuple[int, ...], list[int]] = defaultdict(list)
        for row in self.rows:
            for cluster in row:
                for entry in cluster:
                    if self.parents[entry]:
                        groups[tuple(sorted(self.parents[entry]))].append(entry)
        strays, excess = [], 0.0
        for ups, kids in groups.items():
            off = abs(sum(self.x[k] for k in kids) / len(kids)
                      - sum(self.x[u] for u in ups) / len(ups))
            if off > STRAY_SLOTS:
                strays.append(kids)
                excess += off - STRAY_SLOTS
        return strays, excess

    def _width(self) -> float:
        return max(self.x.values(), default=0.0) - min(self.x.values(), default=0.0)

    def _pull_in_strays(self) -> None:
        """Least squares lets one small family stand far off to keep a large one close:
        such children weigh more, round by round, while that brings families nearer
        without making the picture much wider (else the round is undone)."""
        strays, excess = self._strays()
        width = self._width()
        for _ in range(STRAY_ROUNDS):
            if not strays:
                return
            kept, boost = dict(self.x), dict(self.boost)
            for kids in strays:
                for kid in kids:
                    self.boost[kid] = self.boost.get(kid, 1.0) * 2
            for row in self.rows[1:]:
                self.place_row(row, up=True, down=True)
            for row in reversed(self.rows[:-1]):
                self.place_row(row, up=True, down=False)
            now, further = self._strays()
            if further >= excess - 1e-6 or self._width() > width * STRAY_WIDER:
                self.x, self.boost = kept, boost
                return
            strays, excess = now, further

    def place(self) -> dict[int, float]:
        for row in self.rows[1:]:
            self.turn_in_laws(row)
        for _ in range(PLACEMENT_ROUNDS):
            for row in self.rows[1:]:
                self.place_row(row, up=True, down=True)
            for row in reversed(self.rows[:-1]):
                self.place_row(row, up=True, down=True)
        for row in self.rows[1:]:
            self.turn_in_laws(row)
            self.place_row(row, up=True, down=True)
        for row in reversed(self.rows[:-1]):
            self.place_row(row, up=True, down=False)
        self._pull_in_strays()
        left = min(self.x.values(), default=0.0)
        return {entry: x - left for entry, x in self.x.items()}
