"""Component labels in the 3D view that read on any background: each one a Qt-painted tag (a
white box, dark text, a frame and a badge in the status colour) shown as a Coin ``SoImage``,
joined to its component by a haloed leader that ends on the tag's edge, all in an
``SoAnnotation`` (on top of the solids).

The tags are laid out in screen space (:mod:`ThermoCraftWorkbench.labellayout`) at every
render, for that render's camera and viewport: the view, or an image saved at another size.
Only standard Coin nodes and QtGui are used (FreeCAD's ``SoFrameLabel`` draws a fixed navy
frame in 0.20 and does not report its size), so 0.20, 0.21 and 1.x behave alike.
"""

from __future__ import annotations

import math
import weakref
from dataclasses import dataclass

from pivy import coin
from PySide import QtCore, QtGui

from ThermoCraftWorkbench.junctions import NO_STATUS_COLOUR
from ThermoCraftWorkbench.labellayout import GAP, LIFT, MARGIN, Placed, layout
from ThermoCraftWorkbench.qtcompat import horizontal_advance

TEXT_PX = 15  # label text height in logical pixels (DejaVu Sans 15 px reads at 1200 x 900)
BADGE_PX = 12
PAD = 6  # logical px around the text
TEXT_RGB = (0.08, 0.08, 0.08)
LEADER_RGB = (0.12, 0.12, 0.12)
HALO_RGB = (1.0, 1.0, 1.0)


@dataclass
class Tag:
    """One label: the component's ``name``, its ``anchor`` (mm), the text, the status badge
    (None: no status) and the status colour (frame, badge, marker)."""
    name: str
    anchor: tuple[float, float, float]
    text: str
    badge: str | None
    rgb: tuple[float, float, float]


def _qcolor(rgb, alpha: int = 255):
    return QtGui.QColor(*[round(255 * c) for c in rgb], alpha)


def pixel_ratio(value) -> float:
    """A usable device pixel ratio (device pixels per logical pixel): ``value`` when it is a
    finite number >= 1, else 1.0 (no HiDPI scaling)."""
    try:
        ratio = float(value)
    except (TypeError, ValueError):
        return 1.0
    return ratio if math.isfinite(ratio) and ratio >= 1.0 else 1.0


def device_px(logical: float, ratio: float = 1.0) -> int:
    """``logical`` pixels as whole device pixels at device pixel ratio ``ratio`` (at least
    one). Coin draws an SoImage one image pixel per device pixel, so on a HiDPI screen
    (ratio 2: 2 x 2 device pixels per logical one) an unscaled tag looks half its size."""
    return max(1, round(logical * pixel_ratio(ratio)))


def view_pixel_ratio(view) -> float:
    """The device pixel ratio of a FreeCAD 3D view: its viewer as a QGraphicsView
    (``View3DInventor.graphicsView()``) and QWidget.devicePixelRatioF (Qt >= 5.6 and Qt6);
    1.0 when the view or its widget cannot tell (no view, no GUI)."""
    try:
        return pixel_ratio(view.graphicsView().devicePixelRatioF())
    except (AttributeError, RuntimeError, TypeError):  # no view, widget or ratio
        return 1.0


def tag_image(text: str, badge: str | None, rgb, ratio: float = 1.0) -> QtGui.QImage:
    """The tag as an RGBA image: ``text`` dark on an opaque white rounded box framed in
    ``rgb``, the ``badge`` (if any) white and bold on ``rgb`` at its right end; its sizes
    are logical pixels times the device pixel ``ratio``."""
    def px(logical):
        return device_px(logical, ratio)
    pad = px(PAD)
    font, bold = QtGui.QFont(), QtGui.QFont()
    font.setPixelSize(px(TEXT_PX))
    bold.setPixelSize(px(BADGE_PX))
    bold.setBold(True)
    fm, bm = QtGui.QFontMetrics(font), QtGui.QFontMetrics(bold)
    text_w = horizontal_advance(fm, text)
    badge_w = horizontal_advance(bm, badge) + 2 * pad if badge else 0
    height = fm.height() + 2 * pad - px(2)
    width = pad + text_w + pad + (badge_w + px(4) if badge else 0)
    image = QtGui.QImage(width, height, QtGui.QImage.Format_RGBA8888)
    image.fill(QtCore.Qt.transparent)
    painter = QtGui.QPainter(image)
    painter.setRenderHint(QtGui.QPainter.Antialiasing)
    painter.setPen(QtGui.QPen(_qcolor(rgb), 2.0 * pixel_ratio(ratio)))
    painter.setBrush(_qcolor((1.0, 1.0, 1.0)))
    edge = px(1)
    painter.drawRoundedRect(QtCore.QRectF(edge, edge, width - 2 * edge, height - 2 * edge),
                            px(4), px(4))
    painter.setPen(_qcolor(TEXT_RGB))
    painter.setFont(font)
    middle = QtCore.Qt.AlignLeft | QtCore.Qt.AlignVCenter
    painter.drawText(QtCore.QRectF(pad, 0, text_w + edge, height), middle, text)
    if badge:
        box = QtCore.QRectF(width - badge_w - px(4), px(4), badge_w, height - px(8))
        painter.setPen(QtCore.Qt.NoPen)
        painter.setBrush(_qcolor(rgb))
        painter.drawRoundedRect(box, px(3), px(3))
        painter.setPen(_qcolor((1.0, 1.0, 1.0)))
        painter.setFont(bold)
        painter.drawText(box, QtCore.Qt.AlignCenter, badge)
    painter.end()
    return image


def text_image(text: str, px: int = 13, rgb=TEXT_RGB) -> QtGui.QImage:
    """``text`` alone (no box) as an RGBA image, in Qt's font: unlike Coin's own font, it
    has a real degree sign."""
    font = QtGui.QFont()
    font.setPixelSize(px)
    metrics = QtGui.QFontMetrics(font)
    image = QtGui.QImage(horizontal_advance(metrics, text) + 2, metrics.height(),
                         QtGui.QImage.Format_RGBA8888)
    image.fill(QtCore.Qt.transparent)
    painter = QtGui.QPainter(image)
    painter.setRenderHint(QtGui.QPainter.TextAntialiasing)
    painter.setPen(_qcolor(rgb))
    painter.setFont(font)
    painter.drawText(QtCore.QRectF(1, 0, image.width(), image.height()),
                     QtCore.Qt.AlignLeft | QtCore.Qt.AlignVCenter, text)
    painter.end()
    return image


def text_node(position, text: str, px: int = 13, right: bool = False,
              boxed: bool = False) -> coin.SoSeparator:
    """A text at ``position``, vertically centred on it, starting there (ending there when
    ``right``): an SoImage of :func:`text_image`, or of a grey-framed tag when ``boxed``
    (readable over the coloured solids); an SoInfo first holds the text."""
    sep = coin.SoSeparator()
    info = coin.SoInfo()
    info.string = text
    move = coin.SoTranslation()
    move.translation.setValue(*[float(c) for c in position])
    image = coin.SoImage()
    image.horAlignment = coin.SoImage.RIGHT if right else coin.SoImage.LEFT
    image.vertAlignment = coin.SoImage.HALF
    to_sfimage(tag_image(text, None, NO_STATUS_COLOUR) if boxed else text_image(text, px),
               image.image)
    for node in (info, move, image):
        sep.addChild(node)
    return sep


def to_sfimage(image: QtGui.QImage, field) -> None:
    """Put an RGBA8888 QImage into a Coin image field (whose rows run bottom to top)."""
    flipped = image.mirrored(False, True)
    data = bytes(flipped.constBits())[:flipped.width() * flipped.height() * 4]
    field.setValue(coin.SbVec2s(flipped.width(), flipped.height()), 4, data)


def _line(coords, rgb, width: float) -> list:
    colour = coin.SoBaseColor()
    colour.rgb.setValue(*rgb)
    style = coin.SoDrawStyle()
    style.lineWidth = width
    line = coin.SoLineSet()
    line.numVertices.setValue(2)
    return [colour, style, coords, line]


def _dot(rgb, marker_index) -> list:
    """A round marker at the current coordinates' first point (the leader's anchor)."""
    colour = coin.SoBaseColor()
    colour.rgb.setValue(*rgb)
    marker = coin.SoMarkerSet()
    marker.markerIndex = marker_index
    marker.numPoints = 1
    return [colour, marker]


class LabelLayer:
    """The tags' scene graph, ``root`` (an SoAnnotation named ThermoCraft_Labels: one
    separator ``TC_Label_<name>`` per tag with an SoInfo holding its text, the leader and
    the SoImage), laid out again whenever it is rendered; ``placed`` holds the last layout
    (device pixels, as Coin's viewport) and ``viewport`` its size. ``ratio``: the view's
    device pixel ratio (:func:`view_pixel_ratio`), the tags' scale."""

    def __init__(self, tags: list[Tag], ratio: float = 1.0):
        self.tags = tags
        self.ratio = pixel_ratio(ratio)
        self.root = coin.SoAnnotation()
        self.root.setName("ThermoCraft_Labels")
        self.callback = coin.SoCallback()
        # pivy never releases a callback: it gets a weak reference, so a replaced layer goes
        # (whoever shows the layer keeps it, e.g. Overlay.label_layer)
        self.callback.setCallback(_traversal_callback(weakref.ref(self)))
        self.root.addChild(self.callback)
        self.leaders, self.moves, self.images = [], [], []
        self.pictures: list[QtGui.QImage] = []  # what each SoImage shows (pivy cannot read it)
        self.placed: list[Placed] = []
        self.viewport = (0, 0)
        for tag in tags:
            self.root.addChild(self._tag_graph(tag))

    def _tag_graph(self, tag: Tag) -> coin.SoSeparator:
        sep = coin.SoSeparator()
        sep.setName(f"TC_Label_{tag.name}")
        info = coin.SoInfo()
        info.string = tag.text
        coords = coin.SoCoordinate3()
        coords.point.setValues(0, 2, [list(map(float, tag.anchor))] * 2)
        move = coin.SoTranslation()
        image = coin.SoImage()
        image.horAlignment = coin.SoImage.LEFT
        image.vertAlignment = coin.SoImage.BOTTOM
        picture = tag_image(tag.text, tag.badge, tag.rgb, self.ratio)
        to_sfimage(picture, image.image)
        light = coin.SoLightModel()
        light.model = coin.SoLightModel.BASE_COLOR
        for node in (info, light, *_line(coords, HALO_RGB, 4.0), *_line(coords, LEADER_RGB, 2.0),
                     *_dot(HALO_RGB, coin.SoMarkerSet.CIRCLE_FILLED_9_9),
                     *_dot(LEADER_RGB, coin.SoMarkerSet.CIRCLE_FILLED_7_7), move, image):
            sep.addChild(node)
        self.leaders.append(coords)
        self.moves.append(move)
        self.images.append(image)
        self.pictures.append(picture)
        return sep

    def sizes(self) -> list[tuple[int, int]]:
        """Each tag's image size in pixels."""
        return [(p.width(), p.height()) for p in self.pictures]

    def arrange(self, volume, viewport) -> None:
        """Lay the tags out for a view volume and viewport (pixels) and move their nodes
        there (a field is only set when it changes: no endless redraws)."""
        w, h = viewport
        if not self.tags or w <= 0 or h <= 0:
            return
        anchors, depths = [], []
        eye, direction = volume.getProjectionPoint(), volume.getProjectionDirection()
        for tag in self.tags:
            point = coin.SbVec3f(*map(float, tag.anchor))
            screen = volume.projectToScreen(point)
            anchors.append((screen[0] * w, screen[1] * h))
            depths.append((point - eye).dot(direction))
        r = self.ratio  # the layout's spacings are logical pixels too
        self.placed = layout(anchors, self.sizes(), viewport, lift=LIFT * r, gap=GAP * r,
                             margin=MARGIN * r)
        self.viewport = viewport
        for placed, depth, coords, move in zip(self.placed, depths, self.leaders, self.moves,
                                               strict=True):
            corner = volume.getPlanePoint(depth, coin.SbVec2f(placed.x / w, placed.y / h))
            end = volume.getPlanePoint(depth, coin.SbVec2f(placed.end[0] / w,
                                                           placed.end[1] / h))
            _set_if_changed(move.translation, corner)
            _set_if_changed(coords.point, end, index=1)


def _traversal_callback(layer_ref):
    """The SoCallback function: lay the layer out for each render's view volume and
    viewport."""
    def traversed(_data, action):
        layer = layer_ref()
        if layer is not None and action.isOfType(coin.SoGLRenderAction.getClassTypeId()):
            state = action.getState()
            size = coin.SoViewportRegionElement.get(state).getViewportSizePixels()
            layer.arrange(coin.SoViewVolumeElement.get(state), (int(size[0]), int(size[1])))
    return traversed


def _set_if_changed(field, value, index: int | None = None) -> None:
    current = field.getValue() if index is None else field[index]
    if (current - value).length() > 1e-9 * max(1.0, value.length()):
        if index is None:
            field.setValue(value)
        else:
            field.set1Value(index, value)
