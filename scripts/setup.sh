#!/usr/bin/env bash
# Everything (the tests' set-up, which includes the demo's): kept for existing instructions.
#   scripts/setup-demo.sh  -> only what scripts/demo.sh needs (FreeCAD, Xvfb, the solver venv)
#   scripts/setup-test.sh  -> plus PostgreSQL, Chromium and the development packages
set -euo pipefail
exec bash "$(dirname "$0")/setup-test.sh"
