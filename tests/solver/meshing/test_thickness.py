"""The thin-wall scan of mesh bodies: a hollow body is refined at its walls only, a thin fin
keeps its own fine range beside a thick wall, ranges of similar caps merge."""

from pathlib import Path

import numpy as np

from solver.geometry.trimesh import box_mesh
from solver.gridding import make_grid
from solver.meshing.thickness import merge_ranges
from solver.model import Body, Material, MeshGeometry, MeshSettings, Model
from solver.resolve import resolve_bodies

L, T, H = 0.1, 0.002, 0.005  # box edge, wall thickness, max cell size (m)
FIN = (0.02, 0.0205)  # a 0.5 mm plate inside the box, across x


def _shells(*boxes):
    """One mesh of several closed box shells; ``(lo, hi, inward)``: an inward shell is a
    cavity's surface (its triangles reversed)."""
    verts, tris = [], []
    for lo, hi, inward in boxes:
        V, Tr, _ = box_mesh(lo, hi)
        tris.append((Tr[:, ::-1] if inward else Tr) + sum(v.shape[0] for v in verts))
        verts.append(V)
    return np.concatenate(verts), np.concatenate(tris)


def _grid(V, Tr):
    model = Model(materials=[Material("al", 200.0)],
                  bodies=[Body("box", MeshGeometry(V.tolist(), Tr.tolist()), "al")],
                  mesh=MeshSettings(max_cell_size=H))
    return make_grid(model, resolve_bodies(model, Path(".")))


def _cells_in(line, lo, hi):
    return np.count_nonzero((line[:-1] >= lo - 1e-12) & (line[1:] <= hi + 1e-12))


def test_hollow_box_is_refined_at_its_walls_only():
    """Walls 2 mm thick of a 100 mm box (5 mm cells): 3 cells across each wall along every
    axis, and 5 mm cells in the middle of the box, although a ray running inside a wall
    crosses the whole box (entry and exit faces opposed) and overlaps the walls' ranges."""
    V, Tr = _shells(([0, 0, 0], [L] * 3, False), ([T] * 3, [L - T] * 3, True))
    g = _grid(V, Tr)
    for line in g.lines:
        assert _cells_in(line, 0.0, T) >= 3
        assert _cells_in(line, L - T, L) >= 3
        middle = np.diff(line)[(line[:-1] > 0.3 * L) & (line[1:] < 0.7 * L)]
        assert middle.size and np.all(middle > 0.9 * H)
        assert line.size - 1 < 2 * L / H  # 20 coarse cells + the two graded walls
    assert g.n_cells < (2 * L / H) ** 3


def test_thin_fin_beside_a_wall_keeps_its_fine_cells():
    """A 0.5 mm plate 18 mm from the wall inside the hollow box gets 3 cells across x; along
    y and z (where the plate spans the box) nothing is refined beyond the walls."""
    V, Tr = _shells(([0, 0, 0], [L] * 3, False), ([T] * 3, [L - T] * 3, True),
                    ([FIN[0], 0.01, 0.01], [FIN[1], 0.09, 0.09], False))
    g = _grid(V, Tr)
    assert _cells_in(g.x, *FIN) >= 3
    across = (g.x[:-1] >= FIN[0]) & (g.x[1:] <= FIN[1])
    assert np.max(np.diff(g.x)[across]) <= (FIN[1] - FIN[0]) / 3 * (1 + 1e-9)
    assert np.all(np.diff(g.x)[(g.x[:-1] > 0.05) & (g.x[1:] < 0.07)] > 0.9 * H)
    for line in (g.y, g.z):
        middle = np.diff(line)[(line[:-1] > 0.3 * L) & (line[1:] < 0.7 * L)]
        assert np.all(middle > 0.9 * H)


def test_overlapping_ranges_of_dissimilar_caps_stay_apart():
    whole, wall, other = (0.0, L, L / 3), (0.0, T, T / 3), (L - T, L, T / 3)
    assert merge_ranges([whole, wall, other], 1.3) == [wall, whole, other]
    thick, fin = (0.0, 0.01, 0.01 / 3), (0.01, 0.0105, 0.0005 / 3)
    assert merge_ranges([fin, thick], 1.3) == [thick, fin]


def test_overlapping_and_near_ranges_of_similar_caps_merge():
    """Similar caps merge when they overlap or lie closer than the cap (smallest cap wins);
    a gap wider than the cap keeps them apart."""
    assert merge_ranges([(0.0, 1.0, 0.30), (0.9, 2.0, 0.32)], 1.3) == [(0.0, 2.0, 0.30)]
    assert merge_ranges([(0.0, 1.0, 0.30), (1.2, 2.0, 0.25)], 1.3) == [(0.0, 2.0, 0.25)]
    assert merge_ranges([(0.0, 1.0, 0.30), (1.5, 2.0, 0.30)], 1.3) == [(0.0, 1.0, 0.30),
                                                                      (1.5, 2.0, 0.30)]
