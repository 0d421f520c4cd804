#!/usr/bin/env bash
# The solver's tests a second time on numpy 2 and the newest numba/scipy (the Python stack of
# current FreeCAD releases). Builds .venv-np2 idempotently (plain venv, no system site
# packages, rebuilt when pyproject.toml changes) and runs tests/solver in it.
#   scripts/test-numpy2.sh [pytest args]
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
VENV=${THERMOCRAFT_NP2_VENV:-$ROOT/.venv-np2}
PY=${THERMOCRAFT_NP2_PYTHON:-/usr/bin/python3}
if [ ! -x "$VENV/bin/python" ]; then
  echo "test-numpy2: creating $VENV"
  "$PY" -m venv "$VENV"
fi
stamp="$VENV/.thermocraft-installed"
if [ ! -f "$stamp" ] || [ "$ROOT/pyproject.toml" -nt "$stamp" ] || [ "$0" -nt "$stamp" ]; then
  echo "test-numpy2: installing numpy 2, the newest numba and scipy into $VENV"
  "$VENV/bin/pip" install -q --upgrade pip
  "$VENV/bin/pip" install -q --upgrade "numpy>=2" numba scipy pyamg gmsh meshio matplotlib jinja2 \
    pytest pytest-timeout hypothesis ht
  # this tree itself, for the `thermocraft` entry point (its dependencies are above)
  "$VENV/bin/pip" install -q --no-deps -e "$ROOT"
  touch "$stamp"
fi
"$VENV/bin/python" -c 'import numpy, scipy, numba; print("test-numpy2: numpy", numpy.__version__, "scipy", scipy.__version__, "numba", numba.__version__)'
export OPENBLAS_NUM_THREADS=${OPENBLAS_NUM_THREADS:-1}
# its own numba cache, so the two numpy versions never share compiled kernels
export NUMBA_CACHE_DIR=${NUMBA_CACHE_DIR:-$VENV/numba-cache}
"$VENV/bin/python" -m pytest tests/solver -q -p no:cacheprovider "$@"
