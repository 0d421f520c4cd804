"""Sampler speed: 100k points inside and on the surface of a solved board-and-chip model,
best of 15 calls after a warm-up (python bench/sampling.py); the first call's time includes
the kernel's compilation when the numba cache is cold (NUMBA_CACHE_DIR=$(mktemp -d))."""

import os
import time

import numpy as np

from solver.api import solve
from solver.model import Body, BoxGeometry, Convection, Material, MeshSettings, Model
from solver.sampling import Sampler

N = 100_000


def model() -> Model:
    """A 100 x 80 x 1.6 mm board with a 20 x 20 x 2 mm chip on it (two bodies)."""
    return Model(materials=[Material("fr4", [0.8, 0.8, 0.3]), Material("si", 150.0)],
                 bodies=[Body("board", BoxGeometry([0, 0, 0], [0.1, 0.08, 0.0016]), "fr4"),
                         Body("chip", BoxGeometry([0.04, 0.03, 0.0016], [0.06, 0.05, 0.0036]),
                              "si", 2.0)],
                 conditions=[Convection("board", 10.0), Convection("chip", 10.0)],
                 mesh=MeshSettings(max_cell_size=0.001))


def best_of(fn, repeats: int = 15) -> float:
    fn()
    best = np.inf
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def main() -> None:
    result = solve(model())
    sampler = Sampler.from_result(result)
    rng = np.random.default_rng(0)
    inside = rng.uniform([0, 0, 0], [0.1, 0.08, 0.0016], (N, 3))
    surface = inside.copy()  # board top and bottom faces, like tessellation vertices
    surface[:, 2] = np.where(rng.random(N) < 0.5, 0.0, 0.0016)
    chip = rng.uniform([0.04, 0.03, 0.0016], [0.06, 0.05, 0.0036], (N, 3))
    chip[:, 0] = np.where(rng.random(N) < 0.5, 0.04, 0.06)  # chip side faces
    t0 = time.perf_counter()
    sampler.sample(inside[:1])
    first = time.perf_counter() - t0
    print(f"first call (loading or compiling the kernel): {first:.2f} s")
    print(f"grid {result.disc.grid.shape}, {len(result.disc.faces)} exposed faces, "
          f"load average {os.getloadavg()[0]:.2f}")
    for name, pts, body in (("interior points", inside, None),
                            ("points on the board's faces", surface, "board"),
                            ("points on the chip's faces", chip, "chip")):
        dt = best_of(lambda pts=pts, body=body: sampler.sample(pts, body))
        print(f"  {N} {name}: {dt * 1e3:.1f} ms")


if __name__ == "__main__":
    main()
