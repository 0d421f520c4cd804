#!/usr/bin/env bash
# Idempotent set-up of everything ThermoCraft needs on a fresh Debian 12 / Ubuntu machine.
#   scripts/setup.sh            -> system packages + the virtual environment in .venv
# The venv is built on /usr/bin/python3 with --system-site-packages, the interpreter Debian's
# FreeCAD is built for, and keeps numpy < 2 (Debian's matplotlib, used by FreeCAD, needs 1.x).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
VENV=${THERMOCRAFT_VENV:-$ROOT/.venv}
export DEBIAN_FRONTEND=noninteractive

SUDO=""
[ "$(id -u)" = 0 ] || SUDO="sudo"
APT_PACKAGES=(python3 python3-venv python3-dev build-essential postgresql chromium chromium-driver)
missing=()
for p in "${APT_PACKAGES[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing Debian packages: ${missing[*]}"
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -q "${missing[@]}"
fi

if [ ! -x "$VENV/bin/python" ]; then
  echo "setup: creating $VENV"
  /usr/bin/python3 -m venv --system-site-packages "$VENV"
fi
stamp="$VENV/.thermocraft-installed"
if [ ! -f "$stamp" ] || [ "$ROOT/pyproject.toml" -nt "$stamp" ] || [ "$ROOT/constraints.txt" -nt "$stamp" ]; then
  echo "setup: installing Python packages into $VENV"
  "$VENV/bin/pip" install -q --upgrade pip
  "$VENV/bin/pip" install -q -c "$ROOT/constraints.txt" -e "$ROOT[solver-extras,server,dev]"
  touch "$stamp"
fi
echo "setup: ready ($("$VENV/bin/python" -c 'import numpy, scipy, numba; print("numpy", numpy.__version__, "scipy", scipy.__version__, "numba", numba.__version__)'))"
