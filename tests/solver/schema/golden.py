"""The temperatures the schema-1 fixtures solved to when they were frozen (see
``schema1_golden.json``); ``python tests/solver/schema/golden.py`` rewrites that file."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "schema1"
GOLDEN = Path(__file__).with_name("schema1_golden.json")
COMMAND = "PYTHONPATH=. python tests/solver/schema/golden.py"


def measure(path: Path) -> dict:
    """Cell-field figures of one solve: maximum cell temperature and each body's volume mean
    (degC), taken from the final field so they do not depend on the summary's layout."""
    from solver.api import solve
    from solver.model import load_model

    result = solve(load_model(path), base_dir=path.parent)
    disc, flat = result.disc, result.t.ravel()
    return {"ambient_C": disc.model.ambient.temperature,
            "max_cell_C": float(np.nanmax(result.t)),
            "body_mean_C": {body.name: float(flat[bc.cells] @ bc.weights)
                            for body, bc in zip(disc.model.bodies, disc.body_cells,
                                                strict=True)}}


def main() -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parents[3]))
    cases = {p.name: measure(p) for p in sorted(FIXTURES.glob("*.json"))}
    GOLDEN.write_text(json.dumps({"command": COMMAND, "cases": cases}, indent=2) + "\n")


if __name__ == "__main__":
    main()
