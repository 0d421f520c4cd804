#!/usr/bin/env bash
# Idempotent set-up of what the demo needs on a fresh Debian 12 / Ubuntu machine:
#   FreeCAD (Debian's 0.20), pivy, Xvfb + Mesa (screenshots without a display), python3-venv,
#   and the virtual environment in .venv with the solver's dependencies (gmsh and pyamg
#   included: STEP bodies and the linear-solver fallback).
# The venv is built on /usr/bin/python3 with --system-site-packages, the interpreter Debian's
# FreeCAD is built for (FreeCAD.so, PySide2, pivy and matplotlib come from Debian), and keeps
# numpy < 2 (constraints.txt: Debian's matplotlib, used by FreeCAD, needs numpy 1.x).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
VENV=${THERMOCRAFT_VENV:-$ROOT/.venv}
export DEBIAN_FRONTEND=noninteractive
SUDO=""
[ "$(id -u)" = 0 ] || SUDO="sudo"

# apt_install PKG...: install the packages that are not installed yet (one apt-get run).
apt_install() {
  local missing=() p
  for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "setup: installing Debian packages: ${missing[*]}"
    $SUDO apt-get update -qq
    $SUDO apt-get install -y -q "${missing[@]}"
  fi
}
apt_install python3 python3-venv freecad python3-pivy xvfb libgl1-mesa-dri

# `import FreeCAD` from a plain interpreter derives its home from FreeCAD.so's folder
# (/usr/lib/freecad-python3) and finds no Mod/ there, hence no Part GUI or stock workbenches:
# mirror Debian's /usr/lib/freecad layout.
for d in Mod Ext; do
  [ -e "/usr/lib/freecad-python3/$d" ] || $SUDO ln -s "../../share/freecad/$d" "/usr/lib/freecad-python3/$d"
done

if [ ! -x "$VENV/bin/python" ]; then
  echo "setup: creating $VENV"
  /usr/bin/python3 -m venv --system-site-packages "$VENV"
fi
# install_venv STAMP SPEC: pip-install SPEC (editable checkout) once, again when SPEC or the
# project's dependencies change.
install_venv() {
  local stamp="$VENV/.thermocraft-$1"
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$2" ] || [ "$ROOT/pyproject.toml" -nt "$stamp" ] \
      || [ "$ROOT/constraints.txt" -nt "$stamp" ]; then
    echo "setup: installing Python packages ($2) into $VENV"
    "$VENV/bin/pip" install -q --upgrade pip
    "$VENV/bin/pip" install -q -c "$ROOT/constraints.txt" -e "$ROOT$2"
    printf '%s' "$2" > "$stamp"
  fi
}
install_venv demo "[solver-extras]"
echo "setup: demo ready ($("$VENV/bin/python" -c 'import sys; sys.path.append("/usr/lib/freecad-python3/lib"); import FreeCAD, numpy, scipy, numba; print("FreeCAD", ".".join(FreeCAD.Version()[:3]), "numpy", numpy.__version__, "scipy", scipy.__version__, "numba", numba.__version__)'))"
