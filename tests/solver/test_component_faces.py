"""Components on any planar face of any body (``face``, schema 3): the same part on a board's
top and on the side face of a copy of the model turned so that the board stands vertical
gives the same Tj; a pad model on a mesh block's side face matches the resistance network
worked by hand; detailed stacks grow outwards from the face; bad placements are refused at
their paths."""

from __future__ import annotations

import numpy as np
import pytest

from solver.api import solve
from solver.components import with_component_bodies
from solver.geometry.trimesh import box_mesh
from solver.model import (
    Body,
    BoxGeometry,
    Component,
    Convection,
    DetailedPackage,
    MeshGeometry,
    MeshSettings,
    Model,
    Package,
    StepGeometry,
    model_from_json,
    model_to_json,
    validate,
)
from solver.model.types import Material

T_AIR, P = 25.0, 3.0


def turned(p):
    """Old (x, y, z) -> new (z, x, y): the board's normal z becomes x."""
    return [p[2], p[0], p[1]]


def board_model(turn: bool, comp: Component) -> Model:
    """A 40 x 30 x 1.6 mm board (k 5 W/(m K)) with a two-resistor part, every exposed face
    cooled by h = 20 W/(m^2 K); ``turn``: the same model turned, the board standing with its
    normal along x."""
    lo, hi = [0.0, 0.0, 0.0], [0.04, 0.03, 0.0016]
    if turn:
        lo, hi = turned(lo), turned(hi)
    return Model(
        materials=[Material("fr4", 5.0, 1850, 1100)],
        bodies=[Body("pcb", BoxGeometry(lo, hi), "fr4")],
        conditions=[Convection("pcb", 20.0, T_AIR), Convection("U1", 20.0, T_AIR)],
        components=[comp], mesh=MeshSettings(max_cell_size=0.001))


def two_resistor(**kw) -> Component:
    pkg = Package(length=0.010, width=0.006, height=0.0015, theta_jc=5.0, theta_jb=10.0)
    return Component("U1", "pcb", [0.015, 0.012], P, package=pkg, rotation=90.0, **kw)


def test_the_same_part_on_a_standing_board_side_face_has_the_same_tj():
    """Flat board, part on its top (``side`` top, and ``face`` zmax: the same thing), against
    the turned model with the part on the board's xmax face at the same in-plane position:
    the grid is the same one turned, so Tj agrees to 1e-4 of its rise."""
    flat = solve(board_model(False, two_resistor())).summary
    named = board_model(False, two_resistor(face="zmax"))
    assert with_component_bodies(named).bodies[1] == \
        with_component_bodies(board_model(False, two_resistor())).bodies[1]
    standing_model = board_model(True, two_resistor(face="xmax"))
    assert validate(standing_model) == []
    box = with_component_bodies(standing_model).bodies[1].geometry
    assert box.min == pytest.approx([0.0016, 0.012, 0.007])  # turned: 6 mm along y, 10 along z
    assert box.max == pytest.approx([0.0031, 0.018, 0.017])
    standing = solve(standing_model).summary
    a, b = flat["components"]["U1"], standing["components"]["U1"]
    rise = a["Tj_C"] - T_AIR
    assert rise > 10.0
    for key in ("Tj_C", "T_case_top_C", "T_board_C"):
        assert b[key] == pytest.approx(a[key], abs=1e-4 * rise)
    for leg in ("top", "board"):
        assert b["legs"][leg]["heat_W"] == pytest.approx(a["legs"][leg]["heat_W"], abs=1e-4 * P)
    assert a["legs"]["top"]["heat_W"] + a["legs"]["board"]["heat_W"] == pytest.approx(P,
                                                                                        abs=1e-6)


def block(names=("Face1", "Face2", "Face3", "Face4", "Face5", "Face6"),
          groups=(0, 1, 2, 3, 4, 5)) -> MeshGeometry:
    """A 10 (x) x 20 (y) x 15 (z) mm block as a mesh, its sides -x, +x, -y, +y, -z, +z
    named ``names[groups[i]]``."""
    v, t, side = box_mesh([0, 0, 0], [0.010, 0.020, 0.015])
    return MeshGeometry(v.tolist(), t.tolist(), list(names), [groups[g] for g in side])


K_SINK, H_BACK, THETA = 200.0, 500.0, 2.0


def pad_on_block(**kw) -> Model:
    """A pad-model part (theta_JC(bottom) 2 K/W, no top leg) covering the whole -y face
    (Face3, 10 x 15 mm: position [x, z]) of the block, whose +y face (Face4) is cooled by
    h = 500 to T_AIR; every other face adiabatic."""
    pkg = Package(length=0.010, width=0.015, height=0.0045, theta_jc_bottom=THETA, tj_max=150)
    comp = Component("Q1", "sink", kw.pop("position", [0.005, 0.0075]), P, package=pkg,
                     model="pad", face=kw.pop("face", "Face3"), **kw)
    return Model(materials=[Material("al", K_SINK, 2700, 900)],
                 bodies=[Body("sink", block(), "al")],
                 conditions=[Convection("sink", H_BACK, T_AIR, faces=["Face4"])],
                 components=[comp], mesh=MeshSettings(max_cell_size=0.001))


def test_pad_model_on_a_mesh_blocks_side_face_is_the_hand_network():
    """Tj = T_air + P (theta_JC(bottom) + L / (k A) + 1 / (h A)): the pad leg, the block's
    conduction (the footprint is its whole face: no spreading) and the film, in series; all
    the power crosses the pad leg and leaves through the cooled face."""
    m = pad_on_block()
    assert validate(m) == []
    box = with_component_bodies(m).bodies[1].geometry
    assert box.min == pytest.approx([0.0, -0.0045, 0.0]) and \
        box.max == pytest.approx([0.010, 0.0, 0.015])
    s = solve(m).summary
    c = s["components"]["Q1"]
    area = 0.010 * 0.015
    t_board = T_AIR + P * (0.020 / (K_SINK * area) + 1.0 / (H_BACK * area))
    assert c["T_board_C"] == pytest.approx(t_board, rel=1e-6)
    assert c["Tj_C"] == pytest.approx(t_board + P * THETA, rel=1e-6)
    assert c["legs"]["board"]["heat_W"] == pytest.approx(P, abs=1e-6)
    assert c["margin_K"] == pytest.approx(150 - c["Tj_C"])
    out = sum(row["heat_W"] for row in c["path"]["to_air"])
    assert out == pytest.approx(P, abs=1e-6)
    assert [row["body"] for row in c["path"]["to_air"]] == ["sink"]


def test_a_mesh_boards_face_is_read_once_per_discretization(monkeypatch):
    """The pad part on the mesh block and a detailed one beside it: each component's mount
    is read once when the model is discretized (and once by validation) and not again when
    the results are reported (the junctions keep their footprint), which is a fresh read's."""
    import solver.components as components
    from solver.discretize import discretize

    m = pad_on_block(position=[0.005, 0.005])
    m.components[0].package.width = 0.008
    m.components.append(Component(
        "U2", "sink", [0.005, 0.012], 0.5, face="Face3", model="detailed",
        package=Package(length=0.005, width=0.005, height=0.0009),
        detailed=DetailedPackage(kind="qfn")))
    assert validate(m) == []
    calls = []
    real = components.mount_of
    monkeypatch.setattr(components, "mount_of", lambda *a: calls.append(a[0].name) or real(*a))
    disc = discretize(m)
    assert sorted(calls) == ["Q1", "U2"]
    calls.clear()
    s = solve(m).summary  # validation reads them once more, the report never
    assert sorted(calls) == ["Q1", "Q1", "U2", "U2"]
    fresh_mounts = components.component_mounts(disc.model)
    for j in disc.junctions:
        (kept, lo, hi), (fresh, lo2, hi2) = j.footprint, components.footprint_of(
            disc.model, j.component, fresh_mounts[j.component.name])
        assert (kept.name, kept.axis, kept.sign, kept.plane, lo, hi) == \
            (fresh.name, fresh.axis, fresh.sign, fresh.plane, lo2, hi2)
        np.testing.assert_array_equal(kept.triangles, fresh.triangles)
    assert s["components"]["U2"]["T_board_C"] < s["components"]["U2"]["Tj_C"]


def test_the_mesh_footprint_is_the_box_footprint_with_spreading():
    """A 6 x 8 mm pad part off-centre on the block's -y face, the block as a mesh (Face3)
    and as a box (ymin): the same cells under the footprint, so the same Tj (to 1e-6 of the
    rise), and the heat spreads (Tj above the 1-D figure over the whole face)."""
    tj = []
    for geometry, face in ((block(), "Face3"), (BoxGeometry([0, 0, 0], [0.010, 0.020, 0.015]),
                                                "ymin")):
        m = pad_on_block(face=face, position=[0.0065, 0.005])
        m.components[0].package.length, m.components[0].package.width = 0.006, 0.008
        m.bodies[0].geometry = geometry
        m.conditions[0].faces = ["Face4" if face == "Face3" else "ymax"]
        assert validate(m) == []
        tj.append(solve(m).summary["components"]["Q1"]["Tj_C"])
    one_d = T_AIR + P * (THETA + 0.020 / (K_SINK * 1.5e-4) + 1.0 / (H_BACK * 1.5e-4))
    assert tj[0] == pytest.approx(tj[1], abs=1e-6 * (tj[1] - T_AIR))
    assert tj[0] > one_d + 0.05


def test_a_detailed_stack_grows_outwards_from_a_side_face():
    """On a box's ymin face the solder layer touches the face and the die lies further out
    (towards -y), inside the mould cap."""
    pkg = Package(length=0.005, width=0.001, height=0.0009)
    comp = Component("U2", "pcb", [0.02, 0.0008], 1.0, package=pkg, model="detailed",
                     face="ymin", detailed=DetailedPackage(kind="qfn"))
    m = Model(materials=[Material("fr4", 5.0, 1850, 1100)],
              bodies=[Body("pcb", BoxGeometry([0, 0.01, 0], [0.04, 0.03, 0.0016]), "fr4")],
              conditions=[Convection("pcb", 20.0, T_AIR)], components=[comp])
    assert problems(m) == []
    bodies = {b.name: b.geometry for b in with_component_bodies(m).bodies}
    solder, die, mould = bodies["U2.solder"], bodies["U2.die"], bodies["U2"]
    assert solder.max[1] == pytest.approx(0.01)
    assert die.max[1] < solder.min[1] and die.min[1] > mould.min[1] == pytest.approx(0.01 - 0.0009)


def tetra() -> MeshGeometry:
    """A tetrahedron: three faces normal to -x, -y, -z and a slanted one (Slant)."""
    v = [[0, 0, 0], [0.02, 0, 0], [0, 0.02, 0], [0, 0, 0.02]]
    t = [[0, 2, 1], [0, 1, 3], [0, 3, 2], [1, 2, 3]]
    return MeshGeometry(v, t, ["Bottom", "Front", "Left", "Slant"], [0, 1, 2, 3])


def problems(m: Model) -> list[str]:
    return [str(p) for p in validate(m, files=False)]


@pytest.mark.parametrize(("change", "message"), [
    ({"face": "Face9"}, "components[0].face: the board has no face 'Face9' (its faces: "
                        "Face1, Face2, Face3, Face4, Face5, Face6)"),
    ({"face": None}, "components[0].face: a mesh board needs the 'face' the component sits "
                     "on (one of its face_names: Face1, Face2, Face3, Face4, Face5, Face6)"),
    ({"side": "bottom"}, "components[0].side: give the 'face' or the 'side', not both"),
    ({"position": [0.007, 0.0075]}, "components[0]: the package (0.01 x 0.015 m at 0.007, "
                                    "0.0075) does not fit on board 'sink''s face 'Face3'"),
    ({"rotation": 90.0}, "components[0]: the package (0.015 x 0.01 m at 0.005, 0.0075) does "
                         "not fit on board 'sink''s face 'Face3'"),
])
def test_bad_placements_on_a_mesh_board(change, message):
    m = pad_on_block()
    for key, value in change.items():
        setattr(m.components[0], key, value)
    assert problems(m) == [message]


def test_a_face_that_is_not_planar_or_not_normal_to_an_axis():
    m = pad_on_block()
    m.bodies[0].geometry = block(("Sides", "Face3", "Face4", "Face5", "Face6"),
                                 (0, 0, 1, 2, 3, 4))
    m.components[0].face = "Sides"  # -x and +x under one name
    assert problems(m) == ["components[0].face: face 'Sides' is not planar"]
    m.bodies[0].geometry = tetra()
    m.conditions = [Convection("sink", H_BACK, T_AIR)]
    m.components[0].face = "Slant"
    assert problems(m) == [
        "components[0].face: face 'Slant' is planar but not normal to x, y or z (normal "
        "[0.5774, 0.5774, 0.5774]; the grid is Cartesian)"]
    m.components[0].face, m.components[0].position = "Bottom", [0.004, 0.004]
    m.components[0].package.length = m.components[0].package.width = 0.004
    assert problems(m) == []  # the triangle's corner region holds the footprint
    m.components[0].position = [0.012, 0.012]
    assert problems(m)[0].endswith("does not fit on board 'sink''s face 'Bottom'")


def test_box_and_step_boards():
    m = board_model(False, two_resistor(face="left"))
    assert problems(m)[0] == ("components[0].face: a box board's faces are xmin, xmax, ymin, "
                              "ymax, zmin, zmax (got 'left')")
    m.bodies[0].geometry = StepGeometry("board.step")
    m.components[0].face = "Face1"
    assert "components[0].board: boards must be box or mesh bodies (a STEP board: not yet)" \
        in problems(m)


def test_face_round_trips():
    m = pad_on_block()
    again = model_from_json(model_to_json(m))
    assert again.components[0].face == "Face3" and again.components[0].side is None
    assert again == m
