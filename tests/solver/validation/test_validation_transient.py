"""Transient validation: the lumped copper sphere (a voxelized icosphere), the temporal
orders of implicit Euler and BDF2 against the exact solution of the semi-discrete system,
power profiles (energy in = integral of P dt), adaptive steps and output times. Time-varying
surface conditions: test_validation_profiles.py."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy.linalg import expm
from tc_helpers import COPPER, KELVIN, body_mean, box, convergence_slope, model, run

from solver.geometry.trimesh import signed_volume, sphere_mesh, surface_area
from solver.model import (
    Analysis,
    Body,
    Convection,
    FixedTemperature,
    Material,
    MeshGeometry,
    MeshSettings,
    PiecewiseLinearPower,
    Probe,
    PulseTrainPower,
    StepPower,
)

# --- 3. lumped sphere --------------------------------------------------------------------------

R_SPHERE, H_SPHERE = 0.05, 10.0
T0_K, TINF_K = 373.0, 293.0
SPHERE_TIMES = (60.0, 180.0, 300.0)


@pytest.mark.parametrize("scheme", ["euler", "bdf2"])
def test_copper_sphere_lumped(scheme):
    """Copper sphere r = 0.05 m (icosphere, 1280 triangles, voxelized), from 373 K in 293 K
    air, h = 10 W/(m^2 K): the mean temperature excess within 2 % of the lumped solution
    theta / theta_0 = exp(-h A t / (rho c V)) at 60, 180 and 300 s (Bi = h r / 3k = 4e-4).

    A and V are the icosphere's own exact area and volume (0.6 % and 1.0 % below the
    true sphere's 4 pi r^2 and 4/3 pi r^3): the solver gives the staircase faces the triangle
    area and the cells the mesh's volume fractions, so those are the quantities it models.
    At 300 s that is 368.9 K."""
    v, t = sphere_mesh(R_SPHERE, (0.0, 0.0, 0.0), subdivisions=3)
    area, volume = surface_area(v, t), signed_volume(v, t)
    assert area == pytest.approx(4 * math.pi * R_SPHERE**2, rel=0.01)
    assert volume == pytest.approx(4 / 3 * math.pi * R_SPHERE**3, rel=0.02)
    body = Body("sphere", MeshGeometry(v.tolist(), t.tolist()), "copper")
    m = model([body], [Convection("sphere", H_SPHERE)], materials=[COPPER],
              mesh=MeshSettings(max_cell_size=0.004),
              analysis=Analysis("transient", duration=300.0, time_step=10.0, scheme=scheme,
                                initial_temperature=T0_K - KELVIN,
                                output_times=list(SPHERE_TIMES)),
              probes=[Probe("centre", [0.0, 0.0, 0.0])], ambient_c=TINF_K - KELVIN)
    r = run(m, balance=1e-6)
    assert r.summary["bodies"]["sphere"]["volume_m3"] == pytest.approx(volume, rel=0.01)
    assert r.summary["conditions"][0]["area_m2"] == pytest.approx(area, rel=1e-9)
    tau = COPPER.density * COPPER.specific_heat * volume / (H_SPHERE * area)
    theta0 = T0_K - TINF_K
    for time in SPHERE_TIMES:
        exact = theta0 * math.exp(-time / tau)
        theta = body_mean(r, r.fields[time]) + KELVIN - TINF_K
        assert theta == pytest.approx(exact, rel=0.02), time
        i = int(np.argmin(np.abs(r.times - time)))
        assert r.times[i] == pytest.approx(time, abs=1e-9)
        assert r.probe_history[i, 0] + KELVIN - TINF_K == pytest.approx(exact, rel=0.02)
    assert TINF_K + theta0 * math.exp(-300.0 / tau) == pytest.approx(368.9, abs=0.1)


# --- temporal order ----------------------------------------------------------------------------

ROD = dict(L=0.1, n=10, k=10.0, rho=1000.0, cp=1000.0, h=50.0)
ROD_SECTION = 0.01 * 0.01


def rod_model(dt: float, duration: float, scheme: str, **analysis):
    p = ROD
    mat = Material("m", p["k"], density=p["rho"], specific_heat=p["cp"])
    return model([box("rod", (0, 0, 0), (p["L"], 0.01, 0.01), "m")],
                 [FixedTemperature("rod", 100.0, ["xmin"]),
                  Convection("rod", p["h"], 20.0, ["xmax"])],
                 materials=[mat], mesh=MeshSettings(uniform=[p["n"], 1, 1]),
                 analysis=Analysis("transient", duration=duration, time_step=dt, scheme=scheme,
                                   initial_temperature=20.0, **analysis),
                 tolerance=1e-12, ambient_c=20.0)


def rod_semi_discrete(t_end: float) -> np.ndarray:
    """Exact solution of the rod's semi-discrete system C dT/dt = -M T + b, written out here
    from the scheme's definition (k A / dx between centres, k A / (dx/2) to the fixed end,
    A / (dx/(2k) + 1/h) to the fluid), by the matrix exponential."""
    p = ROD
    n, dx, a = p["n"], p["L"] / p["n"], ROD_SECTION
    g = p["k"] * a / dx
    m = np.zeros((n, n))
    b = np.zeros(n)
    for i in range(n - 1):
        m[i, i] += g
        m[i + 1, i + 1] += g
        m[i, i + 1] -= g
        m[i + 1, i] -= g
    g0 = p["k"] * a / (dx / 2)
    g1 = a / (dx / (2 * p["k"]) + 1 / p["h"])
    m[0, 0] += g0
    b[0] += g0 * 100.0
    m[-1, -1] += g1
    b[-1] += g1 * 20.0
    c = p["rho"] * p["cp"] * a * dx
    t_ss = np.linalg.solve(m, b)
    return t_ss + expm(-m / c * t_end) @ (np.full(n, 20.0) - t_ss)


@pytest.mark.parametrize(("scheme", "order"), [("euler", 1), ("bdf2", 2)])
def test_temporal_order(scheme, order):
    """Rod heated from one end: the error at t = 200 s against the exact semi-discrete
    solution falls as dt^1 (Euler) and dt^2 (BDF2) over dt = 20, 10, 5, 2.5 s."""
    ref = rod_semi_discrete(200.0)
    dts, errs = [20.0, 10.0, 5.0, 2.5], []
    for dt in dts:
        r = run(rod_model(dt, 200.0, scheme), balance=1e-6)
        errs.append(float(np.max(np.abs(r.t[:, 0, 0] - ref))))
    slope = convergence_slope(dts, errs)
    assert order - 0.2 <= slope <= order + 0.3, (slope, errs)


# --- power profiles ----------------------------------------------------------------------------

def powered_block(profile, duration: float, dt: float, scheme: str = "euler",
                  **analysis):
    mat = Material("m", 50.0, density=2000.0, specific_heat=800.0)
    return model([box("chip", (0, 0, 0), (0.02, 0.02, 0.005), "m", power=3.0,
                      power_profile=profile)],
                 [Convection("chip", 30.0, 25.0, ["zmax"])], materials=[mat],
                 mesh=MeshSettings(uniform=[4, 4, 2]), ambient_c=25.0, tolerance=1e-12,
                 analysis=Analysis("transient", duration=duration, time_step=dt,
                                   scheme=scheme, **analysis))


PROFILES = {
    # (profile, integral of P over [0, 600] s)
    "step": (StepPower(time=123.4, before=1.0, after=5.0), 1.0 * 123.4 + 5.0 * (600 - 123.4)),
    "pulse": (PulseTrainPower(period=50.0, duty=0.3, on=8.0, off=0.5, delay=12.5),
              0.5 * 12.5 + sum(8.0 * 15.0 + 0.5 * 35.0 for _ in range(11))
              + 8.0 * 15.0 + 0.5 * (37.5 - 15.0)),
    "piecewise": (PiecewiseLinearPower([[0.0, 0.0], [100.0, 6.0], [250.0, 6.0],
                                        [400.0, 1.0], [500.0, 2.0]]),
                  0.5 * 100 * 6 + 150 * 6 + 0.5 * 150 * 7 + 0.5 * 100 * 3 + 100 * 2.0),
}


@pytest.mark.parametrize("scheme", ["euler", "bdf2"])
@pytest.mark.parametrize("name", ["step", "pulse"])
def test_power_profile_energy(name, scheme):
    """Energy put in over 600 s equals the integral of the profile exactly (the steps land
    on every jump, dt = 7 s does not divide them; BDF2's weighting is exact for a piecewise
    constant power); the energy account E_in = E_out + E_stored closes, stored = sum C (T - T0)."""
    profile, energy = PROFILES[name]
    r = run(powered_block(profile, 600.0, 7.0, scheme), balance=1e-9)
    s = r.summary
    assert s["energy_in_J"] == pytest.approx(energy, rel=1e-9)
    assert s["energy_out_J"] + s["energy_stored_J"] == pytest.approx(s["energy_in_J"],
                                                                     rel=1e-9)


def test_piecewise_linear_power_energy_euler_is_exact():
    """Implicit Euler takes each step's average power (steps never straddle a breakpoint, so
    the midpoint value is the average of a linear ramp): the energy put in is the integral."""
    profile, energy = PROFILES["piecewise"]
    r = run(powered_block(profile, 600.0, 7.0, "euler"), balance=1e-6)
    assert r.summary["energy_in_J"] == pytest.approx(energy, rel=1e-9)


def test_piecewise_linear_power_energy_bdf2():
    """BDF2 takes the power at each step's end and weighs the steps as its storage term does
    (see ``solver.transient.EnergyAccount``): the energy put in is a second-order quadrature
    of the profile, its error falling fourfold per halving of dt (the right-rectangle sum
    of the old accounting only halved), while the energy account closes."""
    profile, energy = PROFILES["piecewise"]
    errs, dts = [], (20.0, 10.0, 5.0)
    for dt in dts:
        r = run(powered_block(profile, 600.0, dt, "bdf2"), balance=1e-9)
        errs.append(abs(r.summary["energy_in_J"] - energy))
    assert errs[0] < 0.01 * energy
    assert errs[1] < 0.3 * errs[0] and errs[2] < 0.3 * errs[1], errs


def test_step_power_lands_on_jump():
    """The stepper lands on the instant the power jumps, even off the dt grid."""
    profile, _ = PROFILES["step"]
    r = run(powered_block(profile, 600.0, 10.0), balance=1e-6)
    assert np.min(np.abs(r.times - 123.4)) <= 1e-9


# --- adaptive steps, output times --------------------------------------------------------------

@pytest.mark.parametrize("scheme", ["euler", "bdf2"])
def test_adaptive_steps_same_answer_fewer_steps(scheme):
    """Adaptive stepping from 1 s with tolerance 0.01 K reaches the fixed 1 s answer at
    3000 s within 0.05 K, in far fewer steps."""
    fixed = run(rod_model(1.0, 3000.0, scheme), balance=1e-6)
    adaptive = run(rod_model(1.0, 3000.0, scheme, adaptive=True, tolerance=0.01), balance=1e-6)
    assert adaptive.summary["steps"] < fixed.summary["steps"] / 3
    assert np.max(np.abs(adaptive.t - fixed.t)) < 0.05
    assert adaptive.times[-1] == pytest.approx(3000.0, abs=1e-9)


@pytest.mark.parametrize("adaptive", [False, True])
def test_output_times_landed_exactly(adaptive):
    """Fields are stored exactly at the requested output times, off the dt grid too, and
    the probe history has a step there."""
    outs = [0.0, 7.3, 50.0, 123.4, 299.99, 300.0]
    r = run(rod_model(10.0, 300.0, "bdf2", adaptive=adaptive, output_times=outs),
            balance=1e-6)
    assert sorted(r.fields) == outs
    assert r.summary["output_times_s"] == outs
    for t in outs[1:]:
        assert np.min(np.abs(r.times - t)) <= 1e-9, t
    assert np.allclose(r.fields[0.0][np.isfinite(r.fields[0.0])], 20.0)
    assert np.array_equal(r.fields[300.0], r.t, equal_nan=True)
