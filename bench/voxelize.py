"""Voxelization speed: a 20k-triangle icosphere on a 200³ grid (python bench/voxelize.py)."""

import math
import time

from solver.geometry.trimesh import check_mesh, sphere_mesh
from solver.meshing.gridgen import GridSettings, build_grid, build_uniform_grid
from solver.meshing.voxelize import box_fractions, mesh_fractions


def main() -> None:
    V, T = sphere_mesh(1.0, (0, 0, 0), 5)
    g = build_uniform_grid((-1.1,) * 3, (1.1,) * 3, (200, 200, 200))
    mesh_fractions(g, V, T, samples=1)  # compile / load the numba cache
    print(f"mesh: {T.shape[0]} triangles, grid {g.shape}")
    for s in (1, 2, 4, 8):
        t0 = time.perf_counter()
        sl, f = mesh_fractions(g, V, T, samples=s)
        dt = time.perf_counter() - t0
        vol = float((f * g.cell_volumes()[sl]).sum())
        print(f"  mesh_fractions samples={s}: {dt:.3f} s, volume error "
              f"{vol / (4 / 3 * math.pi) - 1:+.2e} (icosphere itself "
              f"{check_mesh(V, T, self_intersection=False).volume / (4 / 3 * math.pi) - 1:+.2e})")
    t0 = time.perf_counter()
    check_mesh(V, T)
    print(f"  check_mesh (incl. self-intersection): {time.perf_counter() - t0:.3f} s")
    t0 = time.perf_counter()
    for _ in range(1000):
        box_fractions(g, (-0.3, -0.2, 0.1), (0.05, 0.4, 0.3))
    print(f"  box_fractions, small box: {(time.perf_counter() - t0) * 1e3:.3f} µs/call")
    boxes = [((0, 0, 0), (0.2, 0.15, 0.002))]
    boxes += [((0.01 * i, 0.01 * j, 0.002), (0.01 * i + 0.005, 0.01 * j + 0.004, 0.0035))
              for i in range(15) for j in range(10)]
    t0 = time.perf_counter()
    grid = build_grid(boxes, GridSettings(max_cell_size=0.005))
    print(f"  build_grid, 151 boxes: {(time.perf_counter() - t0) * 1e3:.1f} ms -> {grid.shape}")


if __name__ == "__main__":
    main()
