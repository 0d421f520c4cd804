"""A tiny model that touches every kernel family a first solve compiles, solved to fill
numba's on-disk cache (the workbench does it in the background at activation).

:func:`warm_up_model` has a box board carrying a two-resistor component, a tessellated
16-sided standoff on it (a triangle mesh like a STEP or FreeCAD shape export: voxelizer,
thin-wall scan, surface-area correction, triangle predicates, self-intersection check; a
recognised cylinder), a contact between the two, a probe (the point sampler), natural
convection from the correlations (plates and the cylinder) and radiation to the
surroundings, then (``exchange``) among the surfaces (view factors, radiosity).
:func:`warm_up` solves it without, writes its result files and samples them as the
workbench's overlay does, then solves it with the exchange: the kernels most solves need are
ready first (the view factors alone compile for about 25 s). Its figures are
round numbers chosen only to compile the kernels, not data of any real part.
"""

from __future__ import annotations

import math
import tempfile
from pathlib import Path

from solver.model import Model, model_from_dict
from solver.results import Result

SIDES = 16  # facets of the standoff's side: recognised as a cylinder (solver.geometry)
BOARD = (0.02, 0.02, 0.0016)  # m
STANDOFF = (0.014, 0.014, 0.002, 0.004)  # centre x, y, radius, height (m)


def cylinder_mesh(cx: float, cy: float, r: float, z0: float, z1: float,
                  sides: int = SIDES) -> dict:
    """A closed, outward-oriented triangle mesh of an upright ``sides``-gon prism (vertex
    ring at the bottom, ring at the top, one centre vertex per end disc)."""
    ring = [(cx + r * math.cos(2 * math.pi * i / sides), cy + r * math.sin(2 * math.pi * i / sides))
            for i in range(sides)]
    vertices = ([[x, y, z0] for x, y in ring] + [[x, y, z1] for x, y in ring]
                + [[cx, cy, z0], [cx, cy, z1]])
    bottom, top = 2 * sides, 2 * sides + 1
    triangles = []
    for i in range(sides):
        j = (i + 1) % sides
        triangles += [[i, j, sides + j], [i, sides + j, sides + i],
                      [bottom, j, i], [top, sides + i, sides + j]]
    return {"kind": "mesh", "vertices": vertices, "triangles": triangles}


def warm_up_model(exchange: bool = True) -> Model:
    """The warm-up model (22 400 cells); ``exchange``: the board and the standoff exchange
    radiation among their surfaces (else with the surroundings)."""
    lx, ly, lz = BOARD
    cx, cy, r, height = STANDOFF
    return model_from_dict({
        "name": "warm-up",
        "materials": [
            {"name": "board", "conductivity": [20.0, 20.0, 0.4], "density": 1900.0,
             "specific_heat": 1100.0, "emissivity": 0.9},
            {"name": "metal", "conductivity": 100.0, "density": 8000.0,
             "specific_heat": 400.0, "emissivity": 0.3}],
        "bodies": [
            {"name": "board", "geometry": {"kind": "box", "min": [0, 0, 0],
                                           "max": [lx, ly, lz]}, "material": "board"},
            {"name": "standoff", "geometry": cylinder_mesh(cx, cy, r, lz, lz + height),
             "material": "metal", "power": 0.05}],
        "components": [
            {"name": "U1", "board": "board", "position": [0.006, 0.006], "power": 0.1,
             "package": {"length": 0.004, "width": 0.004, "height": 0.001,
                         "theta_jc": 10.0, "theta_jb": 15.0, "tj_max": 125.0}}],
        "contacts": [{"bodies": ["standoff", "board"], "resistance": 1e-4}],
        "conditions": [
            *({"kind": "radiation", "body": body,
               "exchange": "surfaces" if exchange else "surroundings"}
              for body in ("board", "standoff")),
            {"kind": "convection", "body": "U1", "h": 10.0},
            {"kind": "radiation", "body": "U1"}],
        "ambient": {"temperature": 25.0, "natural_convection": True},
        "probes": [{"name": "board centre", "position": [lx / 2, ly / 2, lz / 2]}],
    })


def warm_up(progress=None, log=None) -> Result:
    """Solve the warm-up model without surface exchange, write its result files to a
    temporary folder and sample them (in a body, at a face within reach, anywhere) as the
    workbench's overlay does, at every cell centre (more points than the sampler interprets,
    so its kernel is compiled); then solve it with the exchange (that result is returned)."""
    import numpy as np

    from solver.api import solve
    from solver.output import write_results
    from solver.sampling import Sampler

    result = solve(warm_up_model(exchange=False), log=log)
    centres = np.stack(np.meshgrid(*(result.disc.grid.centers(a) for a in range(3)),
                                   indexing="ij"), axis=-1).reshape(-1, 3)
    cx, cy, _r, height = STANDOFF
    with tempfile.TemporaryDirectory() as out:
        files = write_results(result, out)
        sampler = Sampler.load(Path(files["fields"]))
        sampler.sample(centres, body="standoff", reach=1e-4)
        sampler.sample(np.vstack([centres, [[cx, cy, BOARD[2] + height / 2],
                                            [0.001, 0.001, BOARD[2]], [1.0, 1.0, 1.0]]]))
    return solve(warm_up_model(), progress=progress, log=log)
