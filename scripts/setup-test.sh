#!/usr/bin/env bash
# Idempotent set-up of everything the tests need: the demo's set-up (FreeCAD, Xvfb, the venv),
# plus a compiler, the PostgreSQL server (server tests), Chromium (web-page tests) and the
# optional solver, server and development packages in .venv.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
source "$ROOT/scripts/setup-demo.sh"
apt_install python3-dev build-essential postgresql chromium chromium-driver poppler-utils
install_venv test "[solver-extras,server,dev]"
echo "setup: tests ready"
