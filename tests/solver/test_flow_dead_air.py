"""Dead air in a flow region: only the free cells of its box connected to both its inlet and
its outlet plane carry the flow. A pocket sealed inside a body and the part of a lane a wall
seals off from the inlet get no forced film and no share of the free area; a box whose inlet
and outlet no air path joins is refused."""

import numpy as np
import pytest

from solver.api import solve
from solver.model import Body, BoxGeometry, FlowRegion, Material, MeshSettings, Model, ModelError
from solver.summary_text import format_summary

AL = Material("Al", 200.0, 2700.0, 900.0)
CAN_LO, CAN_HI, WALL = np.array([0.03, 0.01, 0.004]), np.array([0.07, 0.03, 0.014]), 0.002


def _can_model(hollow: bool) -> Model:
    """A 40 x 20 x 10 mm aluminium can (2 mm walls; ``hollow`` False: solid) in a duct x in
    [0, 0.1], y in [0, 0.04], z in [0, 0.02], 1 W in its top, air along +x at 1 m/s."""
    (x0, y0, z0), (x1, y1, z1), w = CAN_LO, CAN_HI, WALL
    if not hollow:
        bodies = [Body("top", BoxGeometry([x0, y0, z0], [x1, y1, z1]), "Al", 1.0)]
    else:
        boxes = {"top": ([x0, y0, z1 - w], [x1, y1, z1]),
                 "bottom": ([x0, y0, z0], [x1, y1, z0 + w]),
                 "south": ([x0, y0, z0 + w], [x1, y0 + w, z1 - w]),
                 "north": ([x0, y1 - w, z0 + w], [x1, y1, z1 - w]),
                 "west": ([x0, y0 + w, z0 + w], [x0 + w, y1 - w, z1 - w]),
                 "east": ([x1 - w, y0 + w, z0 + w], [x1, y1 - w, z1 - w])}
        bodies = [Body(n, BoxGeometry(lo, hi), "Al", 1.0 if n == "top" else 0.0)
                  for n, (lo, hi) in boxes.items()]
    region = FlowRegion("duct", [0.0, 0.0, 0.0], [0.1, 0.04, 0.02], "+x", velocity=1.0)
    m = Model(materials=[AL], bodies=bodies, flow_regions=[region],
              mesh=MeshSettings(max_cell_size=0.001))
    m.ambient.natural_convection = True
    return m


def test_a_sealed_cavity_in_a_duct_gets_no_forced_film_and_no_flow():
    r = solve(_can_model(hollow=True))
    d, s = r.disc, r.summary["flow_regions"]["duct"]
    centres = d.faces.centers(d.grid, np.arange(len(d.faces)))
    inner = np.all((centres > CAN_LO + WALL / 2) & (centres < CAN_HI - WALL / 2), axis=1)
    forced = d.conditions.on("forced_flow") >= 0
    # the cavity's faces: no film of the region, none of the room either (the pocket is sealed
    # from the room's air), so no film at all; every outer face of the can takes the stream's
    assert inner.any() and not forced[inner].any()
    assert np.all(d.conditions.film(None)[0][inner] == 0.0)
    assert forced[~inner].all()
    inside = CAN_HI - CAN_LO - 2 * WALL
    cavity = 2 * (inside[0] * inside[1] + inside[0] * inside[2] + inside[1] * inside[2])
    assert s["unreached_faces"] == inner.sum()
    assert s["unreached_area_m2"] == pytest.approx(cavity, rel=1e-9)
    assert sum(p["area_m2"] for p in s["unreached_patches"]) == pytest.approx(cavity, rel=1e-9)
    assert {(p["body"], p["face"]) for p in s["unreached_patches"]} >= {("top", "zmin"),
                                                                        ("bottom", "zmax")}
    # the dead air carries no flow: the free area beside the can is the duct's less the can's
    # whole cross-section, as for a solid can
    section = (CAN_HI[1] - CAN_LO[1]) * (CAN_HI[2] - CAN_LO[2])
    assert s["channel_velocity_m_s"] == pytest.approx(0.04 * 0.02 / (0.04 * 0.02 - section),
                                                      rel=1e-9)
    solid = solve(_can_model(hollow=False)).summary["flow_regions"]["duct"]
    assert s["pressure_Pa"] == pytest.approx(solid["pressure_Pa"], rel=1e-12)
    assert solid["unreached_faces"] == 0
    # energy: all of the 1 W leaves into the stream
    assert s["heat_W"] == pytest.approx(1.0, rel=1e-3)
    assert r.summary["energy_balance_error"] < 1e-6
    text = format_summary(r.summary)
    assert (f"  duct: {s['unreached_faces']} faces ({cavity * 1e4:.4g} cm2) in the box that no "
            "through-flow reaches (dead air), no forced film: ") in text


def _lanes_model(walls=((0.02, "b"),), block=True, filled=False) -> Model:
    """A duct x in [0, 0.1], y in [0, 0.04], z in [0, 0.01] (air along +x, 1 m/s) split by a
    2 mm divider at y = 0.02 into lane 'a' (y < 0.019) and lane 'b'; ``walls`` (x, lane) 2 mm
    thick close a lane across; ``block`` a 0.5 W block in lane b at x in [0.05, 0.06];
    ``filled``: lane b solid instead."""
    lanes = {"a": (0.0, 0.019), "b": (0.021, 0.04)}
    bodies = [Body("divider", BoxGeometry([0.0, 0.019, 0.0], [0.1, 0.021, 0.01]), "Al",
                   0.0 if block else 0.5)]
    bodies += [Body(f"wall_{lane}", BoxGeometry([x, lanes[lane][0], 0.0],
                                                [x + 0.002, lanes[lane][1], 0.01]), "Al")
               for x, lane in walls]
    if block:
        bodies.append(Body("block", BoxGeometry([0.05, 0.028, 0.0], [0.06, 0.032, 0.004]),
                           "Al", 0.5))
    if filled:
        bodies.append(Body("fill", BoxGeometry([0.0, 0.021, 0.0], [0.1, 0.04, 0.01]), "Al"))
    region = FlowRegion("duct", [0.0, 0.0, 0.0], [0.1, 0.04, 0.01], "+x", velocity=1.0)
    m = Model(materials=[AL], bodies=bodies, flow_regions=[region],
              mesh=MeshSettings(max_cell_size=0.001))
    m.ambient.natural_convection = True
    return m


@pytest.mark.parametrize("wall", [0.02, -0.002])
def test_a_lane_a_wall_seals_from_the_inlet_is_dead_air(wall):
    # lane b is closed upstream of its block, at x = 0.02 or by a wall just outside the box's
    # inlet: the block and lane b's faces get no forced film, and keep what the model gives
    # them without the region (the block: natural convection to the room, whose air reaches
    # lane b through the open outlet)
    r = solve(_lanes_model(walls=((wall, "b"),)))
    d, s = r.disc, r.summary["flow_regions"]["duct"]
    forced = d.conditions.on("forced_flow") >= 0
    block = d.face_body == [b.name for b in d.model.bodies].index("block")
    assert not forced[block].any()
    natural = {(p["body"], p["face"]) for p in r.summary["natural_convection"]["patches"]}
    assert {("block", f) for f in ("xmin", "xmax", "ymin", "ymax", "zmax")} <= natural
    dead = {(p["body"], p["face"]) for p in s["unreached_patches"]}
    assert {("block", "xmin"), ("wall_b", "xmax"), ("divider", "ymax")} <= dead
    # the divider's side in lane a, and its leading end meeting the oncoming air
    assert {(p["body"], p["face"]) for p in s["patches"]} == {("divider", "ymin"),
                                                             ("divider", "xmin")}
    # the through-flow is lane a alone: the pressure drop is that of the duct with lane b solid
    alone = solve(_lanes_model(walls=(), block=False, filled=True))
    assert s["pressure_Pa"] == pytest.approx(
        alone.summary["flow_regions"]["duct"]["pressure_Pa"], rel=1e-12)
    assert s["heat_W"] + r.summary["natural_convection"]["heat_W"] == pytest.approx(
        0.5, rel=1e-3)
    assert r.summary["energy_balance_error"] < 1e-6
    assert f"  duct: {s['unreached_faces']} faces (" in format_summary(r.summary)


def test_a_box_no_air_path_crosses_is_refused_saying_how_far_the_air_gets():
    # each lane closed, a at x = 0.02 and b at 0.06: every slice has free area, no path joins
    # the inlet to the outlet; a box whose inlet lies on a solid: no air enters
    with pytest.raises(ModelError, match=(
            r"flow_regions\[0\]: flow region 'duct' has no air path from its inlet to its "
            r"outlet: the air entering at x = 0 m gets no further than x = 0\.06 m")):
        solve(_lanes_model(walls=((0.02, "a"), (0.06, "b"))))
    # a region over the sealed can's cavity from end wall to end wall: its ends lie on them
    m = _can_model(hollow=True)
    m.flow_regions[0].min = [CAN_LO[0] + WALL, *CAN_LO[1:]]
    m.flow_regions[0].max = [CAN_HI[0] - WALL, *CAN_HI[1:]]
    with pytest.raises(ModelError, match=(
            r"flow_regions\[0\]: flow region 'duct' has no air path from its inlet to its "
            r"outlet: solids close its inlet at x = 0\.032 m")):
        solve(m)
