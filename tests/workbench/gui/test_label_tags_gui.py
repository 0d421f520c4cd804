"""Component tags in the 3D view: a demo-like scene (a board, two chips, a tall part beside
one of them, all coloured) with a pass, a warning and a fail tag, rendered to an image under
Xvfb: the scene graph, the layout for that image, and the pixels of the tags."""

import gc
import itertools
import os
import weakref
from pathlib import Path

import numpy as np
import pytest
from tc_gui_helpers import process_events

pytestmark = pytest.mark.gui
SHOTS_ENV = "THERMOCRAFT_LABEL_SHOTS"  # a folder: keep the images for a look
SIZE = (1200, 900)
SOLIDS = {  # name: (position mm, size mm, colour) like the demo's U1, U2 and Q1 on its sink
    "Board": ((0, 0, 0), (100, 80, 2), (0.0, 0.6, 1.0)),
    "U1": ((20, 20, 2), (15, 15, 2), (0.3, 0.9, 0.2)),
    "U2": ((60, 30, 2), (12, 12, 3), (1.0, 0.9, 0.0)),
    "Q1": ((45, 35, 2), (10, 10, 25), (1.0, 0.2, 0.0)),
}


def _scene(doc):
    import FreeCAD as App
    for name, (at, size, colour) in SOLIDS.items():
        box = doc.addObject("Part::Box", name)
        box.Length, box.Width, box.Height = size
        box.Placement.Base = App.Vector(*at)
        box.ViewObject.ShapeColor = colour
    doc.recompute()


def _tags():
    from ThermoCraftWorkbench.junctions import STATUS_COLOURS
    from ThermoCraftWorkbench.labels import Tag
    out = []
    for (name, (at, size, _c)), status, tj in zip(list(SOLIDS.items())[1:],
                                                  ("pass", "warning", "fail"),
                                                  (50.1, 64.4, 93.6), strict=True):
        top = (at[0] + size[0] / 2, at[1] + size[1] / 2, at[2] + size[2])
        out.append(Tag(name, top, f"{name}: Tj {tj} °C", status.upper(), STATUS_COLOURS[status]))
    return out


def _pixels(path):
    from PIL import Image
    return np.asarray(Image.open(path).convert("RGB")).astype(int)


def _region(im, placed):
    """The image pixels of a tag's box (the layout's y runs up from the bottom)."""
    h = im.shape[0]
    x0, x1 = round(placed.x), round(placed.x + placed.width)
    y0, y1 = round(h - placed.y - placed.height), round(h - placed.y)
    return im[y0 + 3:y1 - 3, x0 + 3:x1 - 3]  # inside the frame


def _children(node):
    return [node.getChild(i) for i in range(node.getNumChildren())]


def test_tags_read_over_coloured_solids_and_never_overlap(gui, gdoc, tmp_path):
    from pivy import coin

    from ThermoCraftWorkbench.labellayout import LIFT, Placed, crosses, overlaps
    from ThermoCraftWorkbench.labels import LabelLayer
    shots = Path(os.environ.get(SHOTS_ENV) or tmp_path)
    _scene(gdoc)
    view = gui.ActiveDocument.ActiveView
    tags = _tags()
    layer = LabelLayer(tags)
    view.viewIsometric()
    view.fitAll()
    process_events()
    bare = shots / "labels-bare.png"
    view.saveImage(str(bare), *SIZE, "White")  # the same view without the tags
    view.getSceneGraph().addChild(layer.root)
    process_events()
    shot = shots / "labels-tags.png"
    view.saveImage(str(shot), *SIZE, "White")

    # the scene graph: on top of the solids, one separator per tag with its text and image
    assert layer.root.isOfType(coin.SoAnnotation.getClassTypeId())
    assert layer.root.getName() == "ThermoCraft_Labels"
    seps = _children(layer.root)[1:]
    assert [s.getName().getString() for s in seps] == ["TC_Label_U1", "TC_Label_U2",
                                                       "TC_Label_Q1"]
    for sep, tag in zip(seps, tags, strict=True):
        types = {c.getTypeId().getName().getString() for c in _children(sep)}
        assert {"Info", "Image", "LineSet", "MarkerSet", "Translation"} <= types
        info = next(c for c in _children(sep) if c.isOfType(coin.SoInfo.getClassTypeId()))
        assert info.string.getValue().getString() == tag.text

    # the layout ran for the saved image, and the nodes went where it says
    assert layer.viewport == SIZE
    volume = view.getCameraNode().getViewVolume(SIZE[0] / SIZE[1])
    for placed, move, coords in zip(layer.placed, layer.moves, layer.leaders, strict=True):
        corner = volume.projectToScreen(move.translation.getValue())
        end = volume.projectToScreen(coords.point[1])
        assert (corner[0] * SIZE[0], corner[1] * SIZE[1]) == pytest.approx(
            (placed.x, placed.y), abs=0.5)
        assert (end[0] * SIZE[0], end[1] * SIZE[1]) == pytest.approx(placed.end, abs=0.5)
    anchors = []
    for tag in tags:
        p = volume.projectToScreen(coin.SbVec3f(*tag.anchor))
        anchors.append((p[0] * SIZE[0], p[1] * SIZE[1]))
    top = max(y for _x, y in anchors) + LIFT
    naive = [Placed(x - p.width / 2, top, p.width, p.height, (x, top))
             for (x, _y), p in zip(anchors, layer.placed, strict=True)]
    assert overlaps(naive[1], naive[2])  # U2's and Q1's tags would collide over their parts
    for i, a in enumerate(layer.placed):
        for j, b in enumerate(layer.placed):
            if i != j:
                assert not overlaps(a, b) and not crosses(anchors[j], b.end, a)

    # the pixels: each tag is a white box with dark text and its status badge, drawn over
    # what was a coloured solid or the background
    im, before = _pixels(shot), _pixels(bare)
    for placed, tag in zip(layer.placed, tags, strict=True):
        box = _region(im, placed)
        white = (box.min(-1) > 235).mean()
        dark = int((box.max(-1) < 90).sum())
        badge = int((np.abs(box - np.array(tag.rgb) * 255).max(-1) < 30).sum())
        assert white > 0.45 and dark > 60 and badge > 150, (tag.name, white, dark, badge)
    covered = np.concatenate([_region(before, p).reshape(-1, 3) for p in layer.placed])
    assert (covered.min(-1) < 200).mean() > 0.3  # there were coloured solids under the tags

    # the frame of each picture is in the status colour
    for picture, tag in zip(layer.pictures, tags, strict=True):
        frame = picture.pixelColor(picture.width() // 3, 1)
        assert (frame.redF(), frame.greenF(), frame.blueF()) == pytest.approx(tag.rgb, abs=0.06)

    # a layer no one keeps goes (pivy keeps its callback for ever: that holds a weak
    # reference), even while its nodes are still shown; rendering them then is harmless
    gone = weakref.ref(layer)
    del layer
    gc.collect()
    assert gone() is None
    view.saveImage(str(tmp_path / "after.png"), *SIZE, "White")


def test_the_label_font_has_a_real_degree_sign(gui):
    from PySide2 import QtGui

    from ThermoCraftWorkbench.labels import TEXT_PX, text_image
    font = QtGui.QFont()
    font.setPixelSize(TEXT_PX)
    assert QtGui.QFontMetrics(font).inFontUcs4(0xB0)  # U+00B0 DEGREE SIGN, not a fallback
    image = text_image("°", TEXT_PX)
    ink = [(x, y) for x in range(image.width()) for y in range(image.height())
           if image.pixelColor(x, y).alpha() > 128]
    assert ink and max(y for _x, y in ink) < image.height() / 2  # a raised ring


def test_tags_scale_with_the_views_device_pixel_ratio(gui, gdoc, tmp_path):
    """On a HiDPI screen (device pixel ratio 2) Coin draws the tag images pixel for device
    pixel: the tags are painted twice as large in each direction, the layout's spacings too.
    This Xvfb screen has ratio 1, read from the real 3D view's widget."""
    from ThermoCraftWorkbench.labellayout import GAP
    from ThermoCraftWorkbench.labels import LabelLayer, view_pixel_ratio
    _scene(gdoc)
    view = gui.ActiveDocument.ActiveView
    assert view_pixel_ratio(view) == view.graphicsView().devicePixelRatioF() == 1.0
    tags = _tags()
    normal, hidpi = LabelLayer(tags), LabelLayer(tags, ratio=2.0)
    for (w1, h1), (w2, h2) in zip(normal.sizes(), hidpi.sizes(), strict=True):
        assert 1.8 < w2 / w1 < 2.2 and 1.8 < h2 / h1 < 2.2, ((w1, h1), (w2, h2))
    view.viewIsometric()
    view.fitAll()
    view.getSceneGraph().addChild(hidpi.root)
    process_events()
    view.saveImage(str(tmp_path / "hidpi.png"), *SIZE, "White")  # lays the tags out
    assert hidpi.viewport == SIZE
    row = sorted(hidpi.placed, key=lambda p: p.x)
    neighbours = [(a, b) for a, b in itertools.pairwise(row) if abs(a.y - b.y) < 1e-6]
    assert neighbours  # the callout row over the parts
    for a, b in neighbours:  # keep the scaled gap
        assert b.x - (a.x + a.width) >= 2 * GAP - 0.5
    view.getSceneGraph().removeChild(hidpi.root)
