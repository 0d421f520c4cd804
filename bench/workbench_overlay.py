"""Overlay of a 1M-cell result on a 100k-vertex tessellation: sampling the field at the
vertices, colouring them and building the Coin3D node (no display needed):
    PYTHONPATH=$PWD .venv/bin/python bench/workbench_overlay.py"""

import statistics
import time

import numpy as np

from ThermoCraftWorkbench.standalone import start_freecad

App = start_freecad()
from ThermoCraftWorkbench import colormap  # noqa: E402
from ThermoCraftWorkbench.export import to_metres  # noqa: E402
from ThermoCraftWorkbench.fieldsample import load_sampler, surface_reach  # noqa: E402
from ThermoCraftWorkbench.overlay import coloured_mesh, surface_mesh  # noqa: E402


def main() -> None:
    import tempfile

    import Part

    from solver.api import solve
    from solver.model import model_from_dict
    from solver.output import write_results
    model = model_from_dict({
        "materials": [{"name": "al", "conductivity": 200.0}],
        "bodies": [{"name": "block", "material": "al", "power": 20.0,
                    "geometry": {"kind": "box", "min": [0, 0, 0], "max": [0.1, 0.1, 0.02]}}],
        "conditions": [{"kind": "convection", "body": "block", "h": 10.0},
                       {"kind": "fixed_temperature", "body": "block", "faces": ["xmin"],
                        "temperature": 25.0}],
        "mesh": {"uniform": [100, 100, 100]}})  # 1M cells
    folder = tempfile.mkdtemp()
    write_results(solve(model), folder)
    sampler = load_sampler(f"{folder}/result.npz")
    t0 = time.perf_counter()
    points, tris = surface_mesh(Part.makeBox(100, 100, 20), 0.85)
    tessellate = time.perf_counter() - t0
    print(f"tessellation: {len(points)} vertices, {len(tris)} triangles in {tessellate:.2f} s "
          "(once per overlay; not part of a redraw)")
    times = {"sample": [], "colour": [], "coin": []}
    for _ in range(5):
        t0 = time.perf_counter()
        values = sampler.sample(to_metres(points), body="block", reach=surface_reach(sampler))
        t1 = time.perf_counter()
        rgb = colormap.to_rgb(values, float(np.nanmin(values)), float(np.nanmax(values)))
        t2 = time.perf_counter()
        coloured_mesh(points, tris, rgb)
        t3 = time.perf_counter()
        for key, dt in zip(times, (t1 - t0, t2 - t1, t3 - t2), strict=True):
            times[key].append(dt)
    assert np.isfinite(values).all()
    med = {k: statistics.median(v) for k, v in times.items()}
    print(f"1M cells -> {len(points)} vertices, median of 5: sample {med['sample']:.3f} s, "
          f"colour {med['colour']:.3f} s, Coin3D node {med['coin']:.3f} s, "
          f"total {sum(med.values()):.3f} s")


if __name__ == "__main__":
    main()
