"""Result files: result.npz, summary.json and the legacy VTK rectilinear grid."""

from __future__ import annotations

import json

import numpy as np
import pytest

from solver.api import solve
from solver.model import (
    Analysis,
    Body,
    BoxGeometry,
    Convection,
    Material,
    MeshSettings,
    Model,
    Probe,
)
from solver.output import read_vtk_cell_data, write_results


def l_shaped(analysis: Analysis | None = None) -> Model:
    """Two boxes forming an L (a quarter of the bounding box is outside the solid), a
    powered one, non-uniform grid."""
    return Model(
        name="L",
        materials=[Material("a", 5.0, 1000.0, 1000.0),
                   Material("b", [1.0, 2.0, 3.0], 2000.0, 500.0)],
        bodies=[Body("long", BoxGeometry([0, 0, 0], [0.1, 0.04, 0.01]), "a", power=2.0),
                Body("arm", BoxGeometry([0, 0.04, 0], [0.03, 0.1, 0.013]), "b")],
        conditions=[Convection("long", 20.0), Convection("arm", 5.0, 40.0, ["ymax"])],
        mesh=MeshSettings(max_cell_size=0.006),
        analysis=analysis or Analysis(),
        probes=[Probe("p", [0.05, 0.02, 0.005])])


@pytest.fixture(scope="module")
def steady_files(tmp_path_factory):
    result = solve(l_shaped())
    out = tmp_path_factory.mktemp("out")
    return result, write_results(result, out)


def test_files_written(steady_files):
    _, paths = steady_files
    assert {k: p.name for k, p in paths.items()} == {
        "summary": "summary.json", "fields": "result.npz", "vtk": "temperature.vtk"}
    assert all(p.is_file() for p in paths.values())


def test_summary_json(steady_files):
    result, paths = steady_files
    s = json.loads(paths["summary"].read_text())
    assert s["max_temperature_C"] == pytest.approx(result.summary["max_temperature_C"])
    assert s["energy_balance_error"] <= 1e-6
    assert set(s["bodies"]) == {"long", "arm"}
    assert s["cells"] == result.t.size


def test_npz(steady_files):
    result, paths = steady_files
    with np.load(paths["fields"]) as z:
        assert np.array_equal(z["temperature_C"], result.t, equal_nan=True)
        for a, name in enumerate("xyz"):
            assert np.array_equal(z[name], result.disc.grid.lines[a])
        assert np.array_equal(z["owner"], result.disc.bodymap.owner)
    outside = ~result.disc.active
    assert outside.any() and np.all(np.isnan(result.t[outside]))
    assert np.all(np.isfinite(result.t[~outside]))


def test_vtk_round_trip(steady_files):
    result, paths = steady_files
    lines, arrays = read_vtk_cell_data(paths["vtk"])
    for a in range(3):
        assert np.array_equal(lines[a], result.disc.grid.lines[a])
    t = arrays["temperature_C"]
    assert t.shape == result.t.shape
    assert np.array_equal(np.isnan(t), np.isnan(result.t))
    ok = ~np.isnan(t)
    assert np.allclose(t[ok], result.t[ok], rtol=1e-6, atol=0)  # float32
    assert np.array_equal(arrays["body"], result.disc.bodymap.owner.astype(float))


def test_vtk_header_is_legacy_rectilinear_grid(steady_files):
    """Parse the file independently of read_vtk_cell_data, as a legacy-format reader does:
    version line, title, BINARY, DATASET RECTILINEAR_GRID, DIMENSIONS of points, three
    big-endian double coordinate arrays, CELL_DATA count, SCALARS/LOOKUP_TABLE blocks."""
    result, paths = steady_files
    data = paths["vtk"].read_bytes()
    nx, ny, nz = result.t.shape
    pos = 0

    def line() -> str:
        nonlocal pos
        end = data.index(b"\n", pos)
        text = data[pos:end].decode("ascii")
        pos = end + 1
        return text

    assert line().startswith("# vtk DataFile Version ")
    title = line()
    assert 0 < len(title) <= 256
    assert line() == "BINARY"
    assert line() == "DATASET RECTILINEAR_GRID"
    assert line().split() == ["DIMENSIONS", str(nx + 1), str(ny + 1), str(nz + 1)]
    for name, n in zip("XYZ", (nx + 1, ny + 1, nz + 1), strict=True):
        assert line().split() == [f"{name}_COORDINATES", str(n), "double"]
        coords = np.frombuffer(data, ">f8", n, pos)
        assert np.all(np.diff(coords) > 0)
        pos += 8 * n
        assert line() == ""
    assert line().split() == ["CELL_DATA", str(nx * ny * nz)]
    names = []
    while pos < len(data):
        kw, name, dtype, *ncomp = line().split()
        assert kw == "SCALARS" and dtype == "float" and ncomp in ([], ["1"])
        assert line() == "LOOKUP_TABLE default"
        first = np.frombuffer(data, ">f4", 1, pos)[0]
        if name == "temperature_C":  # x-fastest order: the first value is cell (0, 0, 0)
            assert first == np.float32(result.t[0, 0, 0])
        pos += 4 * nx * ny * nz
        assert line() == ""
        names.append(name)
    assert pos == len(data)
    assert names == ["temperature_C", "body"]


def test_vtk_order_x_fastest(tmp_path):
    """Cell (i, j, k) is value number i + nx (j + ny k) in the file."""
    from solver.grid import Grid
    from solver.output import write_vtk

    grid = Grid(np.linspace(0, 1, 4), np.linspace(0, 2, 3), np.linspace(0, 1, 5))
    values = np.arange(grid.n_cells, dtype=float).reshape(grid.shape)
    write_vtk(tmp_path / "o.vtk", grid, {"v": values})
    raw = (tmp_path / "o.vtk").read_bytes()
    start = raw.index(b"LOOKUP_TABLE default\n") + len(b"LOOKUP_TABLE default\n")
    flat = np.frombuffer(raw, ">f4", grid.n_cells, start)
    nx, ny, _ = grid.shape
    i, j, k = 2, 1, 3
    assert flat[i + nx * (j + ny * k)] == values[i, j, k]
    _, arrays = read_vtk_cell_data(tmp_path / "o.vtk")
    assert np.array_equal(arrays["v"], values)


def test_transient_npz(tmp_path):
    result = solve(l_shaped(Analysis("transient", duration=30.0, time_step=10.0,
                                     output_times=[10.0, 30.0])))
    paths = write_results(result, tmp_path)
    with np.load(paths["fields"]) as z:
        assert np.array_equal(z["times_s"], [0.0, 10.0, 20.0, 30.0])
        assert z["probe_history_C"].shape == (4, 1)
        assert np.array_equal(z["field_1_t_30s"], result.t, equal_nan=True)
        assert "field_0_t_10s" in z.files
    s = json.loads(paths["summary"].read_text())
    assert [p[0] for p in s["probes"]["p"]] == [0.0, 10.0, 20.0, 30.0]
