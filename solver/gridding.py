"""The model's grid and each body's volume fractions on it."""

from __future__ import annotations

import numpy as np

from solver.errors import GridError
from solver.grid import Grid
from solver.meshing.checkpoint import Check, never
from solver.meshing.gridgen import GridSettings, build_grid, build_uniform_grid
from solver.meshing.voxelize import box_fractions, mesh_fractions
from solver.model import Model, ModelError, Problem
from solver.resolve import ResolvedBody

DEFAULT_CELLS_PER_EXTENT = 40


def make_grid(model: Model, bodies: list[ResolvedBody], check: Check = never) -> Grid:
    """A uniform grid over the bodies when ``mesh.uniform`` is set, else the snapped grid with
    every box face (and every mesh's bounding box) as keypoints, refined where a mesh body is
    a thin wall across an axis (:func:`solver.meshing.thickness.thin_ranges`)."""
    lo = np.min([b.lo for b in bodies], axis=0)
    hi = np.max([b.hi for b in bodies], axis=0)
    m = model.mesh
    try:
        if m.uniform is not None:
            return build_uniform_grid(lo, hi, tuple(m.uniform))
        size = m.max_cell_size or float(np.max(hi - lo)) / DEFAULT_CELLS_PER_EXTENT
        settings = GridSettings(max_cell_size=size, min_cells_across=m.min_cells_across,
                                max_growth=m.max_growth, max_cells=m.max_cells)
        return build_grid([(b.lo, b.hi) for b in bodies], settings,
                          refinements=_wall_refinements(bodies, settings, check))
    except GridError as exc:
        raise ModelError([Problem("mesh", str(exc))]) from exc


def _wall_refinements(bodies: list[ResolvedBody], s: GridSettings,
                      check: Check) -> list[list[tuple[float, float, float]]]:
    """Per axis, the refinement ranges of every mesh body's thin walls."""
    meshes = [b for b in bodies if not b.is_box]
    out: list[list[tuple[float, float, float]]] = [[], [], []]
    if not meshes:
        return out
    from solver.meshing.thickness import thin_ranges  # numba kernels only for mesh bodies

    for b in meshes:
        check()
        for a, ranges in enumerate(thin_ranges(b.vertices, b.triangles, s.min_cells_across,
                                               0.5 * s.max_cell_size, s.max_growth, check)):
            out[a] += ranges
    return out


def body_fractions(grid: Grid, body: ResolvedBody, check: Check = never):
    """The body's volume fraction in the cells of its bounding region: (slices, values)."""
    if body.is_box:
        return box_fractions(grid, body.lo, body.hi)
    return mesh_fractions(grid, body.vertices, body.triangles, check=check)
