#!/usr/bin/env bash
# The demo, end to end on a fresh Debian 12 / Ubuntu machine: installs what it needs
# (FreeCAD, Xvfb, the solver's venv: scripts/setup-demo.sh), then in FreeCAD's GUI on a virtual
# display builds a board with a BGA, a QFN and a TO-220 on its heat sink inside a vented box,
# solves it with the workbench and writes demo-output/: demo.FCStd (+ its result folder),
# summary.json, timing.json, the report (report.html, report.pdf) and screenshots of the
# coloured model.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
bash scripts/setup-demo.sh
VENV=${THERMOCRAFT_VENV:-$ROOT/.venv}
OUT=${1:-$ROOT/demo-output}
export QTWEBENGINE_DISABLE_SANDBOX=1   # FreeCAD's Qt WebEngine as root
PYTHONPATH="$ROOT" timeout 1200 xvfb-run -a -s "-screen 0 1280x1024x24" \
  "$VENV/bin/python" -m ThermoCraftWorkbench.examples.demo "$OUT"
