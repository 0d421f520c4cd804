"""Library stack-ups as layer bodies: geometry and materials from the item, and the solved
board against the series (through) and parallel (in-plane) hand sums of its layers."""

from __future__ import annotations

import itertools

import pytest

from solver.api import solve
from solver.library import (
    BUILTIN,
    Library,
    LibraryItem,
    edge_convection,
    stackup_bodies,
    stackup_conductivity,
    stackup_layers,
    via_region_bodies,
)
from solver.model import FixedTemperature, MeshSettings, Model
from solver.physics.pcb import layer_conductivity, stack_conductivity, via_array_conductivity

LIB = Library([BUILTIN])
BOARD = LIB.get("JESD51-7-2s2p")


def test_layers_are_the_items_layers_top_to_bottom():
    layers = stackup_layers(BOARD, LIB)
    items = BOARD.data["layers"]
    assert [t for t, _, _ in layers] == [x["thickness"] for x in items]
    # 10 % copper in the library's orthotropic FR-4 (1.059 in plane, 0.343 through), Cu 401
    assert layers[0][1:] == pytest.approx((layer_conductivity(0.1, 401.0, 1.059),
                                           layer_conductivity(0.1, 401.0, 0.343)))
    assert layers[1][1:] == (1.059, 0.343)
    assert layers[2][1:] == (401.0, 401.0)
    assert stackup_conductivity(BOARD, LIB) == stack_conductivity(layers)


def test_bodies_stack_the_layers_from_the_corner():
    materials, bodies = stackup_bodies(BOARD, "pcb", [0.01, 0.02, 0.003], [0.05, 0.04], LIB)
    layers = stackup_layers(BOARD, LIB)
    assert [b.name for b in bodies] == [f"pcb.L{i}" for i in range(1, 8)]
    assert [b.material for b in bodies] == [m.name for m in materials]
    assert bodies[-1].geometry.min == [0.01, 0.02, 0.003]
    assert bodies[0].geometry.max[2] == pytest.approx(0.003 + sum(t for t, _, _ in layers))
    for upper, lower in itertools.pairwise(bodies):
        assert upper.geometry.min[2] == lower.geometry.max[2]
    for body, material, (t, k_in, k_z) in zip(bodies, materials, layers, strict=True):
        assert body.geometry.max[:2] == pytest.approx([0.06, 0.06])
        assert body.geometry.max[2] - body.geometry.min[2] == pytest.approx(t)
        assert material.conductivity == [k_in, k_in, k_z]
        assert BOARD.id in material.source


def test_via_region_crosses_every_layer():
    vias = LIB.get("VIA-0.3-plated-1.0pitch-1.6")
    _, board = stackup_bodies(BOARD, "pcb", [0, 0, 0], [0.05, 0.05], LIB)
    materials, bodies = via_region_bodies(BOARD, vias, "vias", [0, 0, 0],
                                          [0.02, 0.02, 0.03, 0.03], LIB)
    v = vias.data
    for body, layer, material, (_, k_in, k_z) in zip(bodies, board, materials,
                                                     stackup_layers(BOARD, LIB), strict=True):
        assert body.geometry.min == [0.02, 0.02, layer.geometry.min[2]]
        assert body.geometry.max == [0.03, 0.03, layer.geometry.max[2]]
        assert material.conductivity == [k_in, k_in, via_array_conductivity(
            v["drill"], v["plating"], v["pitch"], 401.0, k_z)]
    # the vias raise the dielectric's k_z about 25-fold (0.343 -> 9), not a copper plane's
    assert materials[1].conductivity[2] == pytest.approx(8.95, abs=0.05)
    assert materials[2].conductivity[2] < 401.0


def test_edge_films_take_the_whole_boards_height():
    _, bodies = stackup_bodies(BOARD, "pcb", [0, 0, 0.001], [0.05, 0.05], LIB)
    conditions = edge_convection(bodies)
    assert [c.body for c in conditions] == [b.name for b in bodies]
    for c in conditions:
        assert c.faces == ["xmin", "xmax", "ymin", "ymax"]
        assert c.length == pytest.approx(0.0016)


def board_between(faces: tuple[str, str], size: float) -> tuple[float, float]:
    """Heat (W) through a ``size`` square layered JESD51-7 board held at 1 and 0 degC on its
    ``faces`` pair (through: the top and bottom layers' outer faces; in plane: every layer's
    xmin and xmax), and the series or parallel hand sum over the layers."""
    materials, bodies = stackup_bodies(BOARD, "pcb", [0, 0, 0], [size, size], LIB)
    hot, cold = faces
    if hot == "zmax":
        conditions = [FixedTemperature(bodies[0].name, 1.0, ["zmax"]),
                      FixedTemperature(bodies[-1].name, 0.0, ["zmin"])]
    else:
        conditions = [FixedTemperature(b.name, t, [f]) for b in bodies
                      for f, t in ((hot, 1.0), (cold, 0.0))]
    model = Model(materials=materials, bodies=bodies, conditions=conditions,
                  mesh=MeshSettings(max_cell_size=size / 4))
    s = solve(model).summary
    assert s["energy_balance_error"] < 1e-6
    heat = sum(c["heat_out_W"] for c in s["conditions"] if c["heat_out_W"] > 0)
    layers = stackup_layers(BOARD, LIB)
    if hot == "zmax":
        return heat, size * size / sum(t / k_z for t, _, k_z in layers)
    return heat, sum(k_in * t for t, k_in, _ in layers)  # size x size: W/K = sum k t


def test_through_the_board_the_layers_add_in_series():
    heat, by_hand = board_between(("zmax", "zmin"), 0.01)
    assert heat == pytest.approx(by_hand, rel=1e-6)


def test_along_the_board_the_layers_add_in_parallel():
    heat, by_hand = board_between(("xmin", "xmax"), 0.01)
    assert heat == pytest.approx(by_hand, rel=1e-6)


def test_a_via_fill_named_by_the_item_conducts_in_the_hole():
    """A via item's ``fill`` (a library material, here solder) fills the barrel's bore."""
    vias = LIB.get("VIA-0.3-plated-1.0pitch-1.6")
    filled = LibraryItem(vias.id, vias.kind, {**vias.data, "fill": "SAC305"}, vias.origin)
    v = vias.data
    materials, _ = via_region_bodies(BOARD, filled, "vias", [0, 0, 0], [0, 0, 0.01, 0.01], LIB)
    assert materials[1].conductivity[2] == pytest.approx(via_array_conductivity(
        v["drill"], v["plating"], v["pitch"], 401.0, 0.343, k_fill=58.0))
