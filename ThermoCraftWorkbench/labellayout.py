"""Where the component labels go on the screen, so that no two overlap and no leader runs
through a label (pixels, y up, origin at the view's lower left). No FreeCAD, no Qt, no Coin.

The labels sit in a callout row above the highest anchor; a row too wide for the view is
split, the labels of the lower anchors going to a second row below the lowest anchor. In a row
each label is centred over its anchor where there is room; labels that would overlap are
pushed apart as a group centred on their anchors. A leader runs from its anchor to the middle
of its label's edge facing the anchors: all leaders stay between the rows, so none crosses a
label.
"""

from __future__ import annotations

from typing import NamedTuple

LIFT = 36.0  # px between the highest (lowest) anchor and the row above (below) it
GAP = 8.0  # px between neighbouring labels
MARGIN = 6.0  # px kept free along the view's edges


class Placed(NamedTuple):
    """A label's box (lower-left corner and size) and where its leader ends, in pixels."""
    x: float
    y: float
    width: float
    height: float
    end: tuple[float, float]


def spread(centres, widths, gap: float = GAP) -> list[float]:
    """Left edges of boxes on a line, given in the order of their wanted ``centres``, each as
    close to its centre as the others allow: overlapping neighbours merge into a group whose
    boxes touch (``gap`` apart) and whose offset is the mean of its members' wishes (the least
    squares position)."""
    groups: list[tuple[int, int, float]] = []  # (first, last, left edge of the first)
    for i, (centre, width) in enumerate(zip(centres, widths, strict=True)):
        groups.append((i, i, centre - width / 2))
        while len(groups) > 1:
            (a0, a1, a_left), (_b0, b1, b_left) = groups[-2], groups[-1]
            a_right = a_left + sum(widths[a0:a1 + 1]) + gap * (a1 - a0)
            if a_right + gap <= b_left:
                break
            offsets, at = [], 0.0
            for k in range(a0, b1 + 1):  # each box's centre from the group's left edge
                offsets.append(at + widths[k] / 2)
                at += widths[k] + gap
            left = sum(centres[k] - off for k, off in zip(range(a0, b1 + 1), offsets,
                                                          strict=True)) / len(offsets)
            groups[-2:] = [(a0, b1, left)]
    lefts = []
    for first, last, left in groups:
        for k in range(first, last + 1):
            lefts.append(left)
            left += widths[k] + gap
    return lefts


def layout(anchors, sizes, viewport, lift: float = LIFT, gap: float = GAP,
           margin: float = MARGIN) -> list[Placed]:
    """A :class:`Placed` per label of ``sizes`` (width, height) joined to ``anchors`` (x, y),
    in a view of ``viewport`` (width, height) pixels; deterministic (ties by index)."""
    n = len(anchors)
    by_x = sorted(range(n), key=lambda i: (anchors[i][0], anchors[i][1], i))
    room = viewport[0] - 2 * margin
    if sum(w for w, _h in sizes) + gap * (n - 1) <= room or n < 2:
        rows = [(by_x, True)]
    else:  # too wide for one row: the lower half of the anchors gets a row below
        by_y = sorted(range(n), key=lambda i: (-anchors[i][1], anchors[i][0], i))
        upper = set(by_y[:(n + 1) // 2])
        rows = [([i for i in by_x if i in upper], True),
                ([i for i in by_x if i not in upper], False)]
    out: list[Placed | None] = [None] * n
    for row, above in rows:
        widths = [sizes[i][0] for i in row]
        height = max(sizes[i][1] for i in row)
        wishes = [min(max(anchors[i][0], margin + w / 2), viewport[0] - margin - w / 2)
                  for i, w in zip(row, widths, strict=True)]  # a box wholly in the view
        lefts = spread(wishes, widths, gap)
        lo, hi = lefts[0], lefts[-1] + widths[-1]
        if hi - lo <= room:  # slide the row into the view when it fits
            shift = max(margin - lo, 0.0) + min(viewport[0] - margin - hi, 0.0)
            lefts = [left + shift for left in lefts]
        if above:
            highest = max(anchors[i][1] for i in row)
            base = max(min(highest + lift, viewport[1] - margin - height), highest + gap)
        else:
            lowest = min(anchors[i][1] for i in row)
            base = min(max(lowest - lift, margin + height), lowest - gap)  # the boxes' top
        for i, left, width in zip(row, lefts, widths, strict=True):
            h = sizes[i][1]
            y = base if above else base - h
            out[i] = Placed(left, y, width, h, (left + width / 2, y if above else y + h))
    return out


def overlaps(a: Placed, b: Placed) -> bool:
    """Whether two labels' boxes share any area."""
    return (a.x < b.x + b.width and b.x < a.x + a.width
            and a.y < b.y + b.height and b.y < a.y + a.height)


def crosses(start, end, box: Placed) -> bool:
    """Whether the segment ``start``-``end`` passes through the inside of ``box`` (touching
    its edge does not count: a leader ends on its own label's edge)."""
    (x0, y0), (x1, y1) = start, end
    t0, t1 = 0.0, 1.0  # Liang-Barsky clip of the segment against the open box
    for p, q in ((x0 - x1, x0 - box.x), (x1 - x0, box.x + box.width - x0),
                 (y0 - y1, y0 - box.y), (y1 - y0, box.y + box.height - y0)):
        if p == 0:
            if q <= 0:
                return False
            continue
        t = q / p
        if p < 0:
            t0 = max(t0, t)
        else:
            t1 = min(t1, t)
    return t1 - t0 > 1e-9
