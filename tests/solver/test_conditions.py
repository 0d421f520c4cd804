"""The condition registry: a kind added in one place is validated, mapped, solved, checked as
a heat path and reported; values are re-evaluated at a time."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import numpy as np
import pytest

from solver.api import solve
from solver.conditions import REGISTRY, heat_paths
from solver.conditions.base import ConditionKind
from solver.discretize import discretize
from solver.model import (
    Body,
    BoxGeometry,
    FixedTemperature,
    HeatFlux,
    Material,
    MeshSettings,
    Model,
    Problem,
    validate,
)


@dataclass
class Film:
    """A test-only kind: a film ``h`` to a temperature rising at ``rate`` K/s from ``start``."""

    kind: ClassVar[str] = "film"
    body: str
    h: float
    start: float
    rate: float = 0.0
    faces: list[str] | None = None


class FilmKind(ConditionKind):
    name = "film"
    is_heat_path = True

    def defaults(self, model):
        return {"h": 0.0, "t": 0.0}

    def validate(self, cond, path, model):
        return [] if cond.h > 0 else [Problem(f"{path}.h", "must be positive")]

    def apply(self, cond, faces, values, model, time):
        values["h"][faces] = cond.h
        values["t"][faces] = cond.start + cond.rate * (time or 0.0)

    def film(self, values, t_surface):
        return values["h"], values["t"]

    def heat_path(self, values):
        return values["h"] > 0.0


@pytest.fixture
def film_kind(monkeypatch):
    monkeypatch.setitem(REGISTRY, "film", FilmKind())


def _slab(conditions) -> Model:
    """A 0.1 m slab, k = 2, 1 m^2 faces, 50 W inside."""
    return Model(materials=[Material("m", 2.0, 1000.0, 1000.0)],
                 bodies=[Body("s", BoxGeometry([0, 0, 0], [0.1, 1, 1]), "m", 50.0)],
                 conditions=conditions, mesh=MeshSettings(uniform=[10, 1, 1]))


def test_a_new_kind_is_one_registry_entry(film_kind):
    assert "film" in heat_paths()
    assert [str(p) for p in validate(_slab([Film("s", -1.0, 20.0)]))] == [
        "conditions[0].h: must be positive"]
    h = 25.0
    model = _slab([FixedTemperature("s", 100.0, ["xmin"]), Film("s", h, 20.0, faces=["xmax"])])
    model.bodies[0].power = 0.0
    r = solve(model)
    # the wall and the film in series: q = (100 - 20) / (L/k + 1/h), a linear field
    q = 80.0 / (0.1 / 2.0 + 1.0 / h)
    rows = r.summary["conditions"]
    assert rows[1]["kind"] == "film" and rows[1]["area_m2"] == pytest.approx(1.0)
    assert rows[1]["heat_out_W"] == pytest.approx(q, rel=1e-9)
    assert rows[0]["heat_out_W"] == pytest.approx(-q, rel=1e-9)
    assert np.allclose(r.t[:, 0, 0], 100.0 - q * r.disc.grid.centers(0) / 2.0, rtol=1e-9)


def test_values_are_evaluated_at_a_time(film_kind):
    disc = discretize(_slab([Film("s", 10.0, 20.0, rate=0.5, faces=["xmin"])]))
    c = disc.conditions
    on = c.on("film") == 0
    assert on.sum() == 1 and c.time is None
    later = c.at(8.0)
    assert later.time == 8.0 and np.array_equal(later.origin, c.origin)
    _, t_ref = later.film(None)
    assert t_ref[on] == pytest.approx([24.0]) and np.all(t_ref[~on] == 0.0)
    assert c.film(None)[1][on] == pytest.approx([20.0])


def test_a_kind_that_is_no_heat_path_leaves_a_steady_model_unsolvable():
    problems = validate(_slab([HeatFlux("s", 10.0)]))
    assert [str(p) for p in problems] == [
        "conditions: a steady model has no path for heat to leave: add a fixed_temperature, "
        "convection, radiation or natural_convection condition"]
