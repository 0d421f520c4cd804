#!/usr/bin/env bash
# Set up everything (idempotent) and run the whole test suite: ruff, then pytest on SQLite and
# the local PostgreSQL (started here when it is installed but not running).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
bash scripts/setup.sh
VENV=${THERMOCRAFT_VENV:-$ROOT/.venv}
source scripts/postgres.sh
export OPENBLAS_NUM_THREADS=${OPENBLAS_NUM_THREADS:-1}
"$VENV/bin/ruff" check .
"$VENV/bin/python" -m pytest "$@"
# the solver's tests again on numpy 2 and the newest numba (current FreeCAD releases' stack)
bash scripts/test-numpy2.sh
