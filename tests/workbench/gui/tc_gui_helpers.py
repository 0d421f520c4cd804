"""Helpers for the GUI tests: event pumping, solving through the Solve panel, modal-dialog
watchdog, screenshot colours."""

import time

import numpy as np


def process_events(n: int = 3):
    from PySide2 import QtWidgets
    for _ in range(n):
        QtWidgets.QApplication.processEvents()


def wait_until(predicate, timeout: float = 60.0, step: float = 0.05) -> bool:
    """Pump Qt events until ``predicate()`` is true (True) or the timeout passes (False)."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        process_events(1)
        if predicate():
            return True
        time.sleep(step)
    return bool(predicate())


def solve(gui, analysis, timeout: float = 240):
    """Run ``analysis`` through the Solve panel until the child ends; returns the panel."""
    from ThermoCraftWorkbench.solvejob import SolvePanel
    panel = SolvePanel(analysis)
    gui.Control.showDialog(panel)
    panel.start()
    assert wait_until(lambda: panel.job is None or (panel.job.outcome is not None
                                                    and not panel.job.running()), timeout)
    process_events()
    return panel


def solved_result(gui, analysis):
    """``analysis`` solved through the Solve panel (which must succeed), the panel closed:
    its Result object."""
    from ThermoCraftWorkbench.objects.analysis import members
    panel = solve(gui, analysis)
    assert panel.job.outcome[0] == "done", panel.job.outcome
    gui.Control.closeDialog()
    process_events()
    return members(analysis, "ThermoCraft::Result")[0]


class ModalWatchdog:
    """Rejects any modal widget (also inside nested exec_() loops) and remembers it."""

    def __init__(self, interval_ms: int = 200):
        from PySide2 import QtCore
        self.seen = []
        self.timer = QtCore.QTimer()
        self.timer.timeout.connect(self._check)
        self.timer.start(interval_ms)

    def _check(self):
        from PySide2 import QtWidgets
        w = QtWidgets.QApplication.activeModalWidget()
        if w is None:
            return
        text = w.text() if hasattr(w, "text") else ""
        self.seen.append((type(w).__name__, w.windowTitle(), text[:300]))
        w.reject() if hasattr(w, "reject") else w.close()

    def stop(self):
        self.timer.stop()


def colour_stats(path):
    """(pixels with red dominant, with blue dominant, not white, distinct hue bins)."""
    from PIL import Image
    im = np.asarray(Image.open(path).convert("RGB")).astype(int)
    r, g, b = im[..., 0], im[..., 1], im[..., 2]
    red = int(((r > 180) & (g < 110) & (b < 110)).sum())
    blue = int(((b > 180) & (r < 110) & (g < 140)).sum())
    nonwhite = int(((r < 235) | (g < 235) | (b < 235)).sum())
    saturated = (np.max(im, -1) - np.min(im, -1)) > 80
    hues = {tuple(c) for c in (im[saturated] // 64).tolist()}
    return red, blue, nonwhite, len(hues)


def click_ok(gui):
    from PySide2 import QtWidgets
    boxes = [b for b in gui.getMainWindow().findChildren(QtWidgets.QDialogButtonBox)
             if b.isVisible()]
    ok = [b for box in boxes for b in box.buttons()
          if box.buttonRole(b) == QtWidgets.QDialogButtonBox.AcceptRole]
    assert ok, "no visible OK button"
    ok[0].click()
    process_events()
