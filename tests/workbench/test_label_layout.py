"""The screen layout of the component labels: no two boxes overlap, no leader runs through a
label, each label stays over its anchor where there is room, the same input gives the same
layout."""

import random

import pytest

from ThermoCraftWorkbench.labellayout import GAP, LIFT, Placed, crosses, layout, overlaps, spread

VIEW = (1200, 900)


def _check(anchors, placed, viewport=VIEW):
    """No overlap, no leader through a label, leaders end on their own box's edge."""
    for i, a in enumerate(placed):
        ex, ey = a.end
        assert a.x <= ex <= a.x + a.width and ey in (a.y, a.y + a.height)
        for j, b in enumerate(placed):
            if i != j:
                assert not overlaps(a, b), (i, j, a, b)
                assert not crosses(anchors[j], b.end, a), (j, "crosses", i)


def test_a_lone_label_is_centred_over_its_anchor_one_lift_above_it():
    (p,) = layout([(400.0, 300.0)], [(160, 28)], VIEW)
    assert p == Placed(320.0, 300.0 + LIFT, 160, 28, (400.0, 300.0 + LIFT))


def test_demo_like_labels_that_would_collide_are_pushed_apart_in_one_row():
    # U1, Q1 (on the tall heat sink) and U2 as the demo's isometric view projects them
    anchors = [(300.0, 425.0), (600.0, 527.0), (660.0, 348.0)]
    sizes = [(166, 28), (161, 28), (198, 28)]
    naive = [Placed(x - w / 2, 527.0 + LIFT, w, h, (x, 527.0 + LIFT))
             for (x, _y), (w, h) in zip(anchors, sizes, strict=True)]
    assert overlaps(naive[1], naive[2])  # centred over their anchors, Q1 and U2 collide
    placed = layout(anchors, sizes, VIEW)
    _check(anchors, placed)
    assert {p.y for p in placed} == {527.0 + LIFT}  # one row above the highest anchor
    assert placed[0].x < placed[1].x < placed[2].x  # in the anchors' order
    assert placed[0].end[0] == pytest.approx(300.0)  # U1 has room: straight above
    # Q1 and U2 touch (one gap apart), centred together on their anchors
    assert placed[2].x - (placed[1].x + placed[1].width) == pytest.approx(GAP)
    assert (placed[1].end[0] + placed[2].end[0]) / 2 == pytest.approx((600.0 + 660.0) / 2)


def test_spread_keeps_a_group_centred_on_its_wishes():
    lefts = spread([500.0, 500.0, 500.0], [100, 100, 100], gap=10)
    assert lefts == pytest.approx([340.0, 450.0, 560.0])
    assert spread([100.0, 400.0], [100, 100]) == [50.0, 350.0]  # room: untouched


def test_a_row_too_wide_for_the_view_is_split_above_and_below():
    anchors = [(100.0 + 100 * i, 400.0 + 20 * (i % 3)) for i in range(8)]
    sizes = [(200, 28)] * 8
    placed = layout(anchors, sizes, VIEW)
    _check(anchors, placed)
    above = [i for i, p in enumerate(placed) if p.y > 440]
    below = [i for i, p in enumerate(placed) if p.y + p.height < 400]
    assert sorted(above + below) == list(range(8)) and len(above) == 4
    assert min(anchors[i][1] for i in above) >= max(anchors[i][1] for i in below)


def test_rows_slide_into_the_view():
    placed = layout([(20.0, 300.0), (1190.0, 300.0)], [(150, 28), (150, 28)], VIEW)
    assert placed[0].x == 6.0 and placed[1].x + placed[1].width == 1194.0
    (top,) = layout([(600.0, 880.0)], [(150, 28)], VIEW)
    assert top.y == 880.0 + GAP  # no room above the view's top: as close as allowed


@pytest.mark.parametrize("seed", range(40))
def test_random_placements_never_overlap_or_cross(seed):
    rng = random.Random(seed)
    n = rng.randint(2, 12)
    anchors = [(rng.uniform(100, 1100), rng.uniform(150, 750)) for _ in range(n)]
    sizes = [(rng.randint(90, 230), rng.choice((26, 28))) for _ in range(n)]
    placed = layout(anchors, sizes, VIEW)
    _check(anchors, placed)
    order = list(range(n))
    rng.shuffle(order)  # deterministic: the same labels in another order, the same boxes
    shuffled = layout([anchors[i] for i in order], [sizes[i] for i in order], VIEW)
    assert [shuffled[order.index(i)] for i in range(n)] == placed


def test_crosses_counts_the_inside_not_the_edge():
    box = Placed(10, 10, 20, 10, (20, 10))
    assert crosses((0, 15), (40, 15), box)
    assert not crosses((20, 0), (20, 10), box)  # ends on the bottom edge
    assert not crosses((0, 10), (40, 10), box)  # runs along it
    assert not crosses((0, 0), (5, 30), box)
