"""The probe tool: click the model, read the temperature there (status bar and a label)."""

from __future__ import annotations

import math

import FreeCADGui as Gui
from pivy import coin

from ThermoCraftWorkbench.labels import text_node


class ProbeTool:
    """Listens for left clicks in the 3D view while active; Esc or ``stop()`` ends it."""

    def __init__(self, overlay, on_reading=None):
        self.overlay, self.on_reading = overlay, on_reading
        self.view = overlay.view
        self.marker = coin.SoAnnotation()  # on top: the reading is never hidden
        self.marker.setName("ThermoCraft_ProbeMarker")
        overlay.root.addChild(self.marker)
        self.callback = self.view.addEventCallbackPivy(
            coin.SoMouseButtonEvent.getClassTypeId(), self._clicked)
        self.readings = []

    def _clicked(self, event_callback):
        event = event_callback.getEvent()
        if event.getButton() == coin.SoMouseButtonEvent.BUTTON1 and \
                event.getState() == coin.SoButtonEvent.DOWN:
            x, y = event.getPosition().getValue()
            self.probe_screen(int(x), int(y))
            event_callback.setHandled()

    def probe_screen(self, x: int, y: int):
        """Probe the model under a view pixel; returns (point mm, degC) or None off-model."""
        # the overlay is no document object: take the nearest solid under the pixel
        hits = self.view.getObjectsInfo((x, y)) or []
        if not hits:
            return None
        info = hits[0]
        point = (info["x"], info["y"], info["z"])
        return self.probe_point(point)

    def probe_point(self, point):
        value = self.overlay.probe(point)
        text = f"{value:.2f} °C" if math.isfinite(value) else "outside the solids"
        self.marker.removeAllChildren()
        self.marker.addChild(text_node(point, f"+ {text}", boxed=True))
        Gui.getMainWindow().statusBar().showMessage(
            f"ThermoCraft probe at ({point[0]:.2f}, {point[1]:.2f}, {point[2]:.2f}) mm: {text}")
        self.readings.append((point, value))
        if self.on_reading is not None:
            self.on_reading(point, value)
        return point, value

    def stop(self):
        if self.callback is not None:
            self.view.removeEventCallbackPivy(coin.SoMouseButtonEvent.getClassTypeId(),
                                              self.callback)
            self.callback = None
        self.overlay.root.removeChild(self.marker)
