"""Every example model in ``examples/`` validates and solves with the default settings, with
its energy balance."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from solver.api import solve
from solver.model import load_model, validate

EXAMPLES = sorted((Path(__file__).resolve().parents[3] / "examples").glob("*.json"))


def test_examples_present():
    names = {p.stem for p in EXAMPLES}
    assert {"rod", "board_chip", "transient_pulse", "mesh_body", "anisotropic_board"} <= names


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_example_validates_and_solves(path):
    """With the default solver, and without any fallback: ``auto`` would hide a geometric
    multigrid that fails to converge behind pyamg, so the log must stay silent."""
    model = load_model(path)
    assert validate(model, path.parent) == []
    notes: list[str] = []
    result = solve(model, path.parent, log=notes.append)
    assert notes == []
    s = result.summary
    assert s["energy_balance_error"] <= 1e-6
    assert np.isfinite(s["max_temperature_C"])
    assert all(np.isfinite(b["t_mean_C"]) for b in s["bodies"].values())
    assert set(s["probes"]) == {p.name for p in model.probes}
    if model.analysis.kind == "steady":
        assert s["min_temperature_C"] >= min(
            [model.ambient.temperature] + [getattr(c, "temperature", np.inf)
                                           for c in model.conditions]) - 1e-6
