#!/usr/bin/env bash
# Set up everything (idempotent) and run the demo analysis: a board with a chip, solved by the
# bundled solver, ending in its summary and result files under demo-output/.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
bash scripts/setup-demo.sh
VENV=${THERMOCRAFT_VENV:-$ROOT/.venv}
OUT=${1:-$ROOT/demo-output}
"$VENV/bin/thermocraft" solve examples/board_chip.json -o "$OUT"

