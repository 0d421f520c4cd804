"""Result files: ``summary.json``, ``result.npz`` (fields and grid) and a VTK rectilinear grid
with cell data that ParaView opens."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from solver.grid import Grid
from solver.heat_paths import bottleneck_field
from solver.results import Result


def write_results(result: Result, outdir: str | Path) -> dict[str, Path]:
    """Write every result file into ``outdir`` (created); returns their paths."""
    out = Path(outdir)
    out.mkdir(parents=True, exist_ok=True)
    paths = {"summary": out / "summary.json", "fields": out / "result.npz",
             "vtk": out / "temperature.vtk"}
    paths["summary"].write_text(json.dumps(result.summary, indent=2) + "\n", encoding="utf-8")
    grid = result.disc.grid
    arrays = {"temperature_C": result.t, "x": grid.x, "y": grid.y, "z": grid.z,
              "owner": result.disc.bodymap.owner, **surface_arrays(result),
              **flow_arrays(result),
              "bottleneck": bottleneck_field(result.disc, result.t)}
    if result.times is not None:
        arrays["times_s"] = result.times
        arrays["probe_history_C"] = result.probe_history
        arrays["output_times_s"] = np.array(sorted(result.fields), dtype=np.float64)
        for i, (t, f) in enumerate(sorted(result.fields.items())):
            arrays[f"field_{i}_t_{t:g}s"] = f
            arrays[f"surface_{i}_t_{t:g}s"] = result.surface_fields[t]
    np.savez_compressed(paths["fields"], **arrays)
    write_vtk(paths["vtk"], grid, {"temperature_C": result.t,
                                   "body": result.disc.bodymap.owner.astype(np.float32)})
    return paths


def surface_arrays(result: Result) -> dict[str, np.ndarray]:
    """The exposed faces for ``result.npz``: each face's temperature, solid cell (flat index
    into the grid), axis (0, 1, 2), side (-1, +1: the outward normal's sign), area, body
    (index into ``body_names``), group (index into ``group_body``/``group_name``), net
    radiative flux (W/m^2, leaving) and convective film coefficient (convection and natural
    convection added)."""
    disc = result.disc
    f = disc.faces
    extra = {} if result.radiation_flux is None else {
        "face_radiation_flux_W_m2": result.radiation_flux}
    return {**extra, "surface_temperature_C": result.surface_t, "face_cell": f.cell,
            "face_axis": f.axis, "face_side": f.side, "face_area_m2": f.area,
            "face_body": disc.face_body, "face_group": disc.face_group,
            "group_body": np.array([b for b, _ in disc.group_names], dtype=np.int64),
            "group_name": np.array([n for _, n in disc.group_names], dtype=str),
            "body_names": np.array([b.name for b in disc.model.bodies], dtype=str),
            **({} if result.face_convection_h is None else
               {"face_convection_h_W_m2K": result.face_convection_h})}


def flow_arrays(result: Result) -> dict[str, np.ndarray]:
    """With flow regions, per exposed face: the ``forced_flow`` film coefficient
    ``flow_h_W_m2K`` and local air temperature ``flow_air_C`` (NaN off the regions), at the
    final surface temperatures, and the region index ``flow_region`` (-1: none)."""
    from solver.conditions.forced_flow import stream_state
    from solver.flow_regions import KIND

    c = result.disc.conditions
    if not c.items.get(KIND):
        return {}
    h, t_air, *_ = stream_state(c.values[KIND], result.surface_t)
    region = c.on(KIND)
    off = region < 0
    return {"flow_h_W_m2K": np.where(off, np.nan, h), "flow_air_C": np.where(off, np.nan, t_air),
            "flow_region": region}


def write_vtk(path: str | Path, grid: Grid, cell_data: dict[str, np.ndarray]) -> None:
    """A legacy binary VTK RECTILINEAR_GRID file; cell arrays are written in VTK's x-fastest
    order, NaN (outside the solid) kept as NaN."""
    nx, ny, nz = grid.shape
    with open(path, "wb") as f:
        def line(text: str) -> None:
            f.write((text + "\n").encode("ascii"))

        line("# vtk DataFile Version 3.0")
        line("ThermoCraft result")
        line("BINARY")
        line("DATASET RECTILINEAR_GRID")
        line(f"DIMENSIONS {nx + 1} {ny + 1} {nz + 1}")
        for name, coords in zip("XYZ", grid.lines, strict=True):
            line(f"{name}_COORDINATES {coords.size} double")
            f.write(coords.astype(">f8").tobytes())
            line("")
        line(f"CELL_DATA {nx * ny * nz}")
        for name, values in cell_data.items():
            line(f"SCALARS {name} float 1")
            line("LOOKUP_TABLE default")
            f.write(np.asarray(values, dtype=">f4").transpose(2, 1, 0).tobytes())
            line("")


def read_vtk_cell_data(path: str | Path) -> tuple[list[np.ndarray], dict[str, np.ndarray]]:
    """Read back a file written by :func:`write_vtk`: grid lines and cell arrays
    ``(nx, ny, nz)``."""
    data = Path(path).read_bytes()
    pos = 0

    def next_line() -> str:
        nonlocal pos
        end = data.index(b"\n", pos)
        text = data[pos:end].decode("ascii")
        pos = end + 1
        return text

    for _ in range(4):
        next_line()
    dims = [int(v) - 1 for v in next_line().split()[1:]]
    lines = []
    for _ in range(3):
        n = int(next_line().split()[1])
        lines.append(np.frombuffer(data, ">f8", n, pos).astype(np.float64))
        pos += 8 * n
        next_line()
    count = int(next_line().split()[1])
    arrays = {}
    while pos < len(data):
        name = next_line().split()[1]
        next_line()
        values = np.frombuffer(data, ">f4", count, pos).astype(np.float64)
        arrays[name] = values.reshape(dims[2], dims[1], dims[0]).transpose(2, 1, 0)
        pos += 4 * count
        next_line()
    return lines, arrays
