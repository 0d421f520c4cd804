"""Natural convection from correlations in the solve: isothermal plates against hand
calculations of the correlations with Incropera's tabulated air, the anchors of
/work/shared/library-sources.md sec. 3.3, the under-relaxed Picard loop on a heated block,
the model-wide default, the lagged transient and the per-patch results."""

import math

import numpy as np
import pytest
from tc_helpers import box, run

from solver.api import solve
from solver.errors import ConvergenceError
from solver.geometry.trimesh import box_mesh
from solver.model import (
    BOX_FACES,
    Analysis,
    Body,
    Convection,
    FixedTemperature,
    Material,
    MeshGeometry,
    MeshSettings,
    Model,
    NaturalConvection,
    Radiation,
    SolverOptions,
)
from solver.output import write_results
from solver.physics.air import air_properties
from solver.physics.natural_convection import natural_convection_plate
from solver.summary_text import format_summary

G = 9.81
# Air at the film temperature 310.65 K (Ts = 50 degC, T_inf = 25 degC), Incropera et al.,
# Fundamentals of Heat and Mass Transfer, 7th ed., Table A.4, interpolated between 300 and
# 350 K: kinematic viscosity, conductivity, diffusivity, Prandtl number; beta = 1/T_film.
T_FILM = 310.65
NU_AIR, K_AIR, ALPHA_AIR, PR_AIR = 16.96e-6, 27.09e-3, 24.08e-6, 0.7055
# A near-isothermal plate: 2 mm of copper-like k = 400 W/(m K) keeps its faces at the
# fixed temperature of its back within a millikelvin at 134 W/m^2.
ISOTHERMAL = Material("isothermal", 400.0, density=8900.0, specific_heat=385.0)
# The fixed face's conductance (k A / half cell ~ 4e3 W/K) dwarfs the 0.3 W crossing the
# plate: the linear solve needs a tight tolerance for the balance to close to 1e-6.
TIGHT = SolverOptions(tolerance=1e-13)
ALUMINIUM = Material("al", 200.0, density=2700.0, specific_heat=900.0)


def rayleigh(length, dt=25.0, g=G):
    return g / T_FILM * dt * length**3 / (NU_AIR * ALPHA_AIR)


def churchill_chu(ra, pr=PR_AIR):
    """Incropera eq. 9.26."""
    return (0.825 + 0.387 * ra ** (1 / 6) / (1 + (0.492 / pr) ** (9 / 16)) ** (8 / 27)) ** 2


def lloyd_moran_up(ra):
    """Incropera eqs. 9.30/9.31."""
    return 0.54 * ra**0.25 if ra <= 1e7 else 0.15 * ra ** (1 / 3)


def raithby_hollands_down(ra, pr=PR_AIR):
    """Raithby & Hollands (Handbook of Heat Transfer, 1998, ch. 4), hot surface facing down."""
    nu_t = 0.527 * ra**0.2 / (1 + (1.9 / pr) ** 0.9) ** (2 / 9)
    return 2.5 / math.log(1 + 2.5 / nu_t)


def _plate(hot: str, cooled: str, size=(0.1, 0.1), thick=2e-3, normal_axis=0, t_hot=50.0,
           **cond):
    """A thin isothermal plate normal to ``normal_axis``: ``hot`` face held at ``t_hot``,
    natural convection on ``cooled``, the rest adiabatic."""
    hi = [size[0], size[1]]
    hi.insert(normal_axis, thick)
    uniform = [10, 10]
    uniform.insert(normal_axis, 2)
    return Model(materials=[ISOTHERMAL],
                 bodies=[box("plate", (0, 0, 0), hi, "isothermal")],
                 conditions=[FixedTemperature("plate", t_hot, [hot]),
                             NaturalConvection("plate", [cooled], **cond)],
                 mesh=MeshSettings(uniform=uniform), solver=TIGHT)


def _patch(summary, face):
    rows = [p for p in summary["natural_convection"]["patches"] if p["face"] == face]
    assert len(rows) == 1
    return rows[0]


def test_vertical_isothermal_plate_matches_churchill_chu_and_the_anchor():
    """Plate 100 mm high at 50 degC in air at 25 degC: anchor h = 5.35 W/(m^2 K) (Ra = 1.93e6,
    Nu = 19.75); the heat through the fixed face within 2 % of h A dT."""
    r = run(_plate("xmin", "xmax"))
    h_hand = churchill_chu(rayleigh(0.1)) * K_AIR / 0.1
    assert h_hand == pytest.approx(5.35, abs=0.01)
    q = -r.summary["conditions"][0]["heat_out_W"]
    assert q == pytest.approx(h_hand * 0.01 * 25.0, rel=0.02)
    p = _patch(r.summary, "xmax")
    assert p["h_W_m2K"] == pytest.approx(5.35, rel=0.02)
    assert p["Ra"] == pytest.approx(1.93e6, rel=0.05)
    assert p["length_m"] == pytest.approx(0.1)
    assert p["correlation"].startswith("vertical plate, Churchill-Chu") and p["in_range"]
    assert p["heat_W"] == pytest.approx(q, rel=1e-6)
    assert r.summary["bodies"]["plate"]["convection_W"] == pytest.approx(q, rel=1e-6)


def test_horizontal_plates_facing_up_and_down_order_and_values():
    """100 x 100 mm at 50 degC, L = A/P = 25 mm, Ra = 3.0e4: facing up Lloyd-Moran 0.54
    Ra^(1/4) -> h = 7.7 (anchor); facing down Raithby-Hollands (the anchor's 0.52 Ra^(1/5)
    gives 4.4, 5 % lower)."""
    up = run(_plate("zmin", "zmax", normal_axis=2))
    down = run(_plate("zmax", "zmin", normal_axis=2))
    ra = rayleigh(0.025)
    assert ra == pytest.approx(3.0e4, rel=0.02)
    h_up = lloyd_moran_up(ra) * K_AIR / 0.025
    h_down = raithby_hollands_down(ra) * K_AIR / 0.025
    assert h_up == pytest.approx(7.7, abs=0.05)
    q_up = -up.summary["conditions"][0]["heat_out_W"]
    q_down = -down.summary["conditions"][0]["heat_out_W"]
    assert q_up == pytest.approx(h_up * 0.01 * 25.0, rel=0.02)
    assert q_down == pytest.approx(h_down * 0.01 * 25.0, rel=0.02)
    assert q_down == pytest.approx(4.4 * 0.01 * 25.0, rel=0.1)
    assert q_up > 1.5 * q_down
    p_up, p_down = _patch(up.summary, "zmax"), _patch(down.summary, "zmin")
    assert "facing up, Lloyd-Moran" in p_up["correlation"]
    assert "facing down" in p_down["correlation"]
    assert p_up["length_m"] == p_down["length_m"] == pytest.approx(0.025)


def test_a_cold_plate_facing_up_behaves_as_a_hot_plate_facing_down():
    """Buoyancy reverses with the sign of dT: a plate 25 K below the air, cooled face up, takes
    the facing-down correlation (evaluated at its own film temperature)."""
    cold = run(_plate("zmin", "zmax", normal_axis=2, t_hot=0.0))
    p = _patch(cold.summary, "zmax")
    assert "facing down" in p["correlation"]
    assert p["heat_W"] < 0.0


def test_orientation_and_length_overrides():
    """``orientation`` replaces the normal's, ``length`` both lengths: a horizontal top face
    declared vertical with length 0.1 m gets the vertical plate's h."""
    vertical = run(_plate("xmin", "xmax"))
    declared = run(_plate("zmin", "zmax", normal_axis=2, orientation="vertical", length=0.1))
    assert _patch(declared.summary, "zmax")["h_W_m2K"] == pytest.approx(
        _patch(vertical.summary, "xmax")["h_W_m2K"], rel=1e-6)
    down = run(_plate("xmin", "xmax", orientation="horizontal_down"))
    assert "facing down" in _patch(down.summary, "xmax")["correlation"]


def test_inclined_plate_takes_g_cos_theta():
    """A hot plate tilted 30 degrees from the vertical, cooled on its face turned partly down
    (the stable side): Churchill-Chu with g cos(30 deg) on its length along the slope."""
    length, width, thick = 0.1, 0.1, 2e-3
    V, T, Gs = box_mesh([0, 0, 0], [thick, width, length])
    a = math.radians(30.0)
    # rotate about y so that the xmax face (the cooled one) turns to face partly down
    rot = np.array([[math.cos(a), 0, math.sin(a)], [0, 1, 0], [-math.sin(a), 0, math.cos(a)]])
    body = Body("plate", MeshGeometry((V @ rot.T).tolist(), T.tolist(), list(BOX_FACES),
                                      Gs.tolist()), "isothermal")
    m = Model(materials=[ISOTHERMAL], bodies=[body],
              conditions=[FixedTemperature("plate", 50.0, ["xmin"]),
                          NaturalConvection("plate", ["xmax"])],
              mesh=MeshSettings(max_cell_size=2.5e-3, min_cells_across=2), solver=TIGHT)
    r = run(m)
    normal = rot @ np.array([1.0, 0, 0])
    assert normal[2] == pytest.approx(-0.5)  # facing partly down
    p = _patch(r.summary, "xmax")
    assert p["normal"] == pytest.approx(normal.tolist(), abs=1e-9)
    assert p["correlation"].startswith("vertical plate")
    h_hand = churchill_chu(rayleigh(length, g=G * math.cos(a))) * K_AIR / length
    # the length along the slope is the staircase's extent: within a cell of 0.1 m
    assert p["length_m"] == pytest.approx(length, abs=3e-3)
    assert p["h_W_m2K"] == pytest.approx(h_hand, rel=0.02)
    q = -r.summary["conditions"][0]["heat_out_W"]
    assert q == pytest.approx(h_hand * length * width * 25.0, rel=0.03)


def bar_cohen_rohsenow(ra_s, s_over_l):
    """Symmetric isothermal vertical channel, Incropera eq. 9.37 with Table 9.3."""
    x = ra_s * s_over_l
    return (576 / x**2 + 2.87 / x**0.5) ** -0.5


def _fins(gap, thick=2e-3, height=0.1, width=0.1):
    """Two parallel vertical plates facing each other across ``gap``, held at 50 degC on their
    outer faces, natural convection on the faces that face each other."""
    x1 = thick + gap
    return Model(materials=[ISOTHERMAL],
                 bodies=[box("a", (0, 0, 0), (thick, width, height), "isothermal"),
                         box("b", (x1, 0, 0), (x1 + thick, width, height), "isothermal")],
                 conditions=[FixedTemperature("a", 50.0, ["xmin"]),
                             FixedTemperature("b", 50.0, ["xmax"]),
                             NaturalConvection("a", ["xmax"]), NaturalConvection("b", ["xmin"])],
                 mesh=MeshSettings(max_cell_size=5e-3), solver=TIGHT)


def test_facing_plates_at_the_optimum_spacing_are_a_bar_cohen_rohsenow_channel():
    """L = 100 mm, 50 degC: S_opt = 2.714 L Ra_L^(-1/4) = 7.3 mm, where Bar-Cohen-Rohsenow
    gives Nu_S = 1.31, h ~ 4.8 W/(m^2 K) per fin face (anchor), below the isolated plate's
    5.35."""
    s_opt = 2.714 * 0.1 * rayleigh(0.1) ** -0.25
    assert s_opt == pytest.approx(7.3e-3, abs=0.05e-3)
    r = run(_fins(s_opt))
    nu_s = bar_cohen_rohsenow(rayleigh(s_opt), s_opt / 0.1)
    assert nu_s == pytest.approx(1.31, abs=0.01)
    h_hand = nu_s * K_AIR / s_opt
    assert h_hand == pytest.approx(4.8, rel=0.02)
    rows = r.summary["natural_convection"]["patches"]
    assert len(rows) == 2
    for p in rows:
        assert p["correlation"].startswith("vertical channel") and p["in_range"]
        assert p["length_m"] == pytest.approx(s_opt, rel=1e-9)
        assert p["h_W_m2K"] == pytest.approx(h_hand, rel=0.02)
    q = -sum(c["heat_out_W"] for c in r.summary["conditions"][:2])
    assert q == pytest.approx(2 * h_hand * 0.01 * 25.0, rel=0.02)


def test_wide_gaps_and_lone_plates_keep_the_isolated_plate():
    """At 30 mm the channel composite exceeds Churchill-Chu's isolated plate: the plate
    correlation stays."""
    wide = run(_fins(0.03))
    for p in wide.summary["natural_convection"]["patches"]:
        assert p["correlation"].startswith("vertical plate")
        assert p["h_W_m2K"] == pytest.approx(churchill_chu(rayleigh(0.1)) * K_AIR / 0.1,
                                             rel=0.02)


def _block(**solver):
    return Model(materials=[ALUMINIUM],
                 bodies=[box("block", (0, 0, 0), (0.1, 0.05, 0.1), "al", power=5.0)],
                 conditions=[NaturalConvection("block")],
                 mesh=MeshSettings(uniform=[8, 4, 8]), solver=SolverOptions(**solver))


def test_heated_block_converges_under_relaxation_to_the_correlations():
    """5 W in an aluminium block in still air: the under-relaxed loop settles (iterations
    recorded), every patch's film is the correlation's at its final mean surface temperature
    (to the tolerance), the energy balance closes and all the heat goes to the air."""
    r = run(_block(convection_tolerance=1e-4))
    s = r.summary
    nc = s["natural_convection"]
    assert nc["iterations"] == s["outer_iterations"] >= 3
    assert nc["residual"] < 1e-4 and nc["relaxation"] == 0.75
    assert nc["heat_W"] == pytest.approx(5.0, rel=1e-6)
    assert s["bodies"]["block"]["convection_W"] == pytest.approx(5.0, rel=1e-6)
    assert len(nc["patches"]) == 6
    lengths = {"xmin": 0.1, "xmax": 0.1, "ymin": 0.1, "ymax": 0.1,
               "zmin": 0.005 / 0.3, "zmax": 0.005 / 0.3}  # sides: the height; A/P
    for p in nc["patches"]:
        # the film in use is the correlation's at the patch's final mean temperature
        ts, tf = p["t_surface_C"], p["t_fluid_C"]
        assert 15.0 < ts - tf < 40.0
        _, _, _, k, nu, alpha, pr, beta, _ = air_properties(0.5 * (ts + tf), 101325.0)
        nu_l, length, _, _ = natural_convection_plate(
            G * beta * (ts - tf) / (nu * alpha), pr, 0.1, 0.005 / 0.3, p["normal"][2], True)
        assert length == pytest.approx(lengths[p["face"]]) == p["length_m"]
        assert p["h_W_m2K"] == pytest.approx(nu_l * k / length, rel=2e-4)
    sides = [p["h_W_m2K"] for p in nc["patches"] if p["face"] in ("xmin", "xmax")]
    assert sides[0] == pytest.approx(sides[1], rel=1e-9)
    # a looser relaxation converges to the same answer in fewer iterations
    fast = run(_block(convection_tolerance=1e-4, convection_relaxation=1.0))
    assert fast.summary["max_temperature_C"] == pytest.approx(s["max_temperature_C"], abs=0.01)
    slow = run(_block(convection_tolerance=1e-4, convection_relaxation=0.3))
    assert slow.summary["max_temperature_C"] == pytest.approx(s["max_temperature_C"], abs=0.01)
    assert slow.summary["outer_iterations"] > s["outer_iterations"]
    text = format_summary({**s, "wall_time_s": 0.0})
    assert "Natural convection: 6 patches" in text and "block zmax" in text


def test_natural_convection_with_radiation_settles_both_and_balances():
    m = _block()
    m.conditions.append(Radiation("block", 0.9))
    r = run(m)
    s = r.summary
    heat = {c["kind"]: c["heat_out_W"] for c in s["conditions"]}
    assert heat["natural_convection"] + heat["radiation"] == pytest.approx(5.0, rel=1e-6)
    # in still air radiation carries about as much as convection (anchor: h_rad ~ 6.1)
    assert 0.6 < heat["radiation"] / heat["natural_convection"] < 1.6
    assert s["natural_convection"]["residual"] < 1e-3
    alone = run(_block())
    assert s["max_temperature_C"] < alone.summary["max_temperature_C"] - 5.0


def test_correlations_outside_their_range_are_flagged_per_patch():
    """A 2 mm cube 0.02 K above the air: Ra far below every plate correlation's range; the
    nearest valid Ra is used and the patch says so (in the summary and its text)."""
    m = Model(materials=[ALUMINIUM], bodies=[box("bead", (0, 0, 0), (2e-3,) * 3, "al", 1e-5)],
              conditions=[NaturalConvection("bead")], mesh=MeshSettings(uniform=[2, 2, 2]))
    s = run(m).summary
    rows = s["natural_convection"]["patches"]
    assert rows and not any(p["in_range"] for p in rows)
    assert all(p["Ra"] < 0.1 and p["h_W_m2K"] > 0 for p in rows)
    assert "outside its range" in format_summary({**s, "wall_time_s": 0.0})


def test_a_loop_that_does_not_settle_is_an_error_with_the_figures():
    with pytest.raises(ConvergenceError, match=r"natural-convection heat flows by .* after 2 "):
        solve(_block(max_nonlinear_iterations=2, convection_relaxation=0.1))


def _hollow(**ambient):
    """A sealed aluminium box (10 mm walls around a 40 mm cavity) with 2 W in its floor;
    natural convection from ambient.natural_convection; the top wall's outside also has a
    fixed film."""
    t, inner = 0.01, 0.04
    a, b = 0.0, inner + 2 * t
    walls = [((a, a, a), (b, b, t)), ((a, a, b - t), (b, b, b)),
             ((a, a, t), (t, b, b - t)), ((b - t, a, t), (b, b, b - t)),
             ((t, a, t), (b - t, t, b - t)), ((t, b - t, t), (b - t, b, b - t))]
    bodies = [box(f"wall{i}", lo, hi, "al", power=2.0 if i == 0 else 0.0)
              for i, (lo, hi) in enumerate(walls)]
    m = Model(materials=[ALUMINIUM], bodies=bodies,
              conditions=[Convection("wall1", 10.0, faces=["zmax"])],
              mesh=MeshSettings(uniform=[6, 6, 6]))
    m.ambient.natural_convection = True
    for k, v in ambient.items():
        setattr(m.ambient, k, v)
    return m


def test_the_model_wide_default_covers_outside_faces_without_a_convective_condition():
    r = run(_hollow())
    disc = r.disc
    nc = disc.conditions.on("natural_convection") >= 0
    conv = disc.conditions.on("convection") >= 0
    region = disc.patches.region[disc.patches.face_patch]
    assert not np.any(nc & conv) and not np.any(nc & (region > 0))
    assert np.all(nc | conv | (region > 0))
    # the defaults are listed after the model's own conditions, one per body
    kinds = [c["kind"] for c in r.summary["conditions"]]
    assert kinds == ["convection"] + ["natural_convection"] * 6
    heat = sum(c["heat_out_W"] for c in r.summary["conditions"])
    assert heat == pytest.approx(2.0, rel=1e-6)
    conv_w = sum(b["convection_W"] for b in r.summary["bodies"].values())
    assert conv_w == pytest.approx(2.0, rel=1e-6)
    assert {p["body"] for p in r.summary["natural_convection"]["patches"]} == {
        f"wall{i}" for i in range(6)}


def test_transient_with_lagged_films_closes_its_energy_and_reaches_the_steady_state():
    steady = run(_block())
    m = _block()
    m.analysis = Analysis(kind="transient", duration=6e4, time_step=500.0, adaptive=True,
                          tolerance=0.05)
    r = solve(m)
    s = r.summary
    assert s["energy_balance_error"] < 1e-6
    # lagged films alone leave each step linear: one solve per step (rejected ones too)
    assert s["natural_convection"]["iterations"] == s["outer_iterations"] == s["steps"] + \
        s["rejected_steps"]
    # tau = rho c V / (h A) ~ 1.2e3 J/K / 0.21 W/K ~ 5.7e3 s: 6e4 s is ten time constants
    rise = steady.summary["max_temperature_C"] - 25.0
    assert s["max_temperature_C"] - 25.0 == pytest.approx(rise, rel=1e-3)


def test_per_face_films_in_result_npz(tmp_path):
    r = run(_block())
    paths = write_results(r, tmp_path)
    with np.load(paths["fields"]) as f:
        h = f["face_convection_h_W_m2K"]
        group, names = f["face_group"], f["group_name"]
    for p in r.summary["natural_convection"]["patches"]:
        on = names[group] == p["face"]
        assert np.allclose(h[on], p["h_W_m2K"], rtol=1e-12)
