"""Time-varying conditions: a slab with a sinusoidal surface temperature against its
eigenfunction series, the temporal order of BDF2 through densely sampled piecewise-linear
profiles (no restart at changes of slope), and the energy account closing for Euler and
BDF2 with every input varying at once."""

from __future__ import annotations

import math

import numpy as np
import pytest
from tc_helpers import box, convergence_slope, model

from solver.api import solve
from solver.discretize import discretize
from solver.model import (
    Analysis,
    Convection,
    FixedTemperature,
    HeatFlux,
    Material,
    MeshSettings,
    PiecewiseLinearProfile,
    PulseTrainProfile,
    Radiation,
    StepProfile,
    TableProfile,
)
from solver.system import ThermalSystem
from solver.time_inputs import TimeInputs

# --- the slab: 0 < x < L, T(0, t) = A sin(omega t), dT/dx(L) = 0, T(x, 0) = 0 ------------------

L_SLAB, K_SLAB, RHO_CP = 0.01, 1.0, 1.0e6  # alpha = 1e-6 m^2/s, L^2 / alpha = 100 s
AMPLITUDE, OMEGA = 100.0, math.pi / 40.0
SLAB_TIMES = (20.0, 40.0, 60.0, 80.0)


def slab_series(x: np.ndarray, t: float, terms: int = 20000) -> np.ndarray:
    """T = f(t) + sum b_n(t) sin(lambda_n x), lambda_n = (2n - 1) pi / (2L): v = T - f solves
    v_t = alpha v_xx - f'(t) with v(0) = 0, v_x(L) = 0, v(x, 0) = 0 (f(0) = 0); projecting
    -f' = -A omega cos(omega t) on sin(lambda_n x) (coefficient 2 / (L lambda_n)) and solving
    b_n' = -k_n b_n - 2 A omega cos(omega t) / (L lambda_n), k_n = alpha lambda_n^2 (Duhamel):
    b_n = -2 A omega / (L lambda_n) (k_n cos wt + w sin wt - k_n e^(-k_n t)) / (k_n^2 + w^2).
    The terms fall as n^-3: 20000 of them leave a tail below 1e-8 K."""
    n = np.arange(1, terms + 1)
    lam = (2 * n - 1) * math.pi / (2 * L_SLAB)
    k = K_SLAB / RHO_CP * lam**2
    b = (-2 * AMPLITUDE * OMEGA / (L_SLAB * lam)
         * (k * math.cos(OMEGA * t) + OMEGA * math.sin(OMEGA * t) - k * np.exp(-k * t))
         / (k**2 + OMEGA**2))
    return AMPLITUDE * math.sin(OMEGA * t) + np.sin(np.outer(x, lam)) @ b


def sine_points(spacing: float, end: float = 80.0) -> list[list[float]]:
    return [[float(t), AMPLITUDE * math.sin(OMEGA * t)] for t in np.arange(0.0, end + 1e-9,
                                                                            spacing)]


def slab_model(dt: float, cells: int, profile, scheme: str = "bdf2"):
    mat = Material("m", K_SLAB, density=1000.0, specific_heat=RHO_CP / 1000.0)
    return model([box("slab", (0, 0, 0), (L_SLAB, 0.001, 0.001), "m")],
                 [FixedTemperature("slab", 0.0, ["xmin"], temperature_profile=profile)],
                 materials=[mat], mesh=MeshSettings(uniform=[cells, 1, 1]), ambient_c=0.0,
                 analysis=Analysis("transient", duration=80.0, time_step=dt, scheme=scheme,
                                   initial_temperature=0.0, output_times=list(SLAB_TIMES)),
                 tolerance=1e-12)


def test_sinusoidal_surface_temperature_matches_the_series(tmp_path):
    """T(0, t) = 100 sin(pi t / 40) from a CSV table sampled every 0.1 s (interpolation error
    A w^2 h^2 / 8 = 8e-4 K), 40 cells, BDF2 at a fixed 1 s step: every cell within 0.2 % of
    the amplitude of the series at 20, 40, 60 and 80 s. Implicit Euler at the same step
    misses that (first order), so the comparison discriminates."""
    rows = "\n".join(f"{t!r},{v!r}" for t, v in sine_points(0.1))
    (tmp_path / "surface.csv").write_text("t_s,T_C\n" + rows + "\n", encoding="utf-8")
    errors = {}
    for scheme in ("bdf2", "euler"):
        r = solve(slab_model(1.0, 40, TableProfile("surface.csv"), scheme), base_dir=tmp_path)
        assert r.summary["energy_balance_error"] < 1e-9
        x = r.disc.grid.centers(0)
        errors[scheme] = max(float(np.max(np.abs(r.fields[t][:, 0, 0] - slab_series(x, t))))
                             for t in SLAB_TIMES)
    assert errors["bdf2"] < 0.002 * AMPLITUDE, errors
    assert errors["euler"] > 0.002 * AMPLITUDE, errors


def _order(make, dts, ref_dt, times) -> tuple[float, list[float]]:
    """Observed order against a fine-step run of the same grid (the spatial error cancels):
    the largest difference over the fields at ``times``."""
    ref = solve(make(ref_dt)).fields
    errs = []
    for dt in dts:
        fields = solve(make(dt)).fields
        errs.append(max(float(np.nanmax(np.abs(fields[t] - ref[t]))) for t in times))
    return convergence_slope(dts, errs), errs


def test_bdf2_stays_second_order_through_a_dense_piecewise_linear_surface_temperature():
    """The sine sampled every 0.1 s as piecewise-linear points (800 changes of slope, none a
    jump): BDF2 at dt = 2, 1, 0.5 s against dt = 1/16 s on the same 20-cell grid converges at
    order >= 1.8 (a restart at every point would make the steps land on the points, every
    step an Euler step: order 1)."""
    profile = PiecewiseLinearProfile(sine_points(0.1))
    slope, errs = _order(lambda dt: slab_model(dt, 20, profile), [2.0, 1.0, 0.5], 0.0625,
                         SLAB_TIMES)
    assert slope >= 1.8, (slope, errs)


def test_bdf2_stays_second_order_through_a_dense_piecewise_linear_power():
    """Power 3 + 2 sin(0.05 t) W sampled every 0.3 s (1334 points, off the step grid): BDF2
    at dt = 8, 4, 2 s against dt = 1/4 s reaches order >= 1.8 (the old restart at every point
    gave order 0 here: every run took the same 0.3 s Euler steps)."""
    points = [[float(t), 3.0 + 2.0 * math.sin(0.05 * t)] for t in np.arange(0.0, 400.01, 0.3)]
    times = [float(t) for t in np.arange(40.0, 400.01, 40.0)]

    def make(dt):
        mat = Material("m", 50.0, density=2000.0, specific_heat=800.0)
        return model([box("chip", (0, 0, 0), (0.02, 0.02, 0.005), "m", power=3.0,
                          power_profile=PiecewiseLinearProfile(points))],
                     [Convection("chip", 30.0, 25.0, ["zmax"])], materials=[mat],
                     mesh=MeshSettings(uniform=[4, 4, 2]), ambient_c=25.0, tolerance=1e-12,
                     analysis=Analysis("transient", duration=400.0, time_step=dt,
                                       output_times=times))

    slope, errs = _order(make, [8.0, 4.0, 2.0], 0.25, times)
    assert slope >= 1.8, (slope, errs)


# --- every input varying: the energy account ---------------------------------------------------

def varying_block(scheme: str, adaptive: bool = False):
    """A block with a piecewise-linear power, a pulsed fixed temperature, a stepped heat
    flux, a convection fluid temperature ramp, and radiation to an ambient whose temperature
    steps (the radiant temperature follows it)."""
    mat = Material("m", 20.0, density=2000.0, specific_heat=900.0, emissivity=0.8)
    power = PiecewiseLinearProfile([[0.0, 0.0], [50.0, 8.0], [120.0, 2.0], [200.0, 5.0]])
    m = model([box("b", (0, 0, 0), (0.04, 0.02, 0.01), "m", power=1.0, power_profile=power)],
              [FixedTemperature("b", 30.0, ["xmin"], temperature_profile=PulseTrainProfile(
                  period=60.0, duty=0.4, on=60.0, off=20.0, delay=10.0)),
               HeatFlux("b", 0.0, ["xmax"], flux_profile=StepProfile(77.7, 500.0, -800.0)),
               Convection("b", 25.0, faces=["zmax"], fluid_temperature_profile=(
                   PiecewiseLinearProfile([[0.0, 20.0], [100.0, 70.0], [100.0, 40.0],
                                           [250.0, 40.0]]))),
               Radiation("b", faces=["ymin", "ymax"])],
              materials=[mat], mesh=MeshSettings(uniform=[6, 3, 2]), ambient_c=25.0,
              tolerance=1e-12, nonlinear_tolerance=1e-10,
              analysis=Analysis("transient", duration=250.0, time_step=4.0, scheme=scheme,
                                adaptive=adaptive, tolerance=0.05, initial_temperature=25.0))
    m.ambient.temperature_profile = StepProfile(90.0, 25.0, 45.0)
    return m


@pytest.mark.parametrize(("scheme", "adaptive"),
                         [("euler", False), ("bdf2", False), ("bdf2", True)])
def test_energy_account_closes_with_every_input_varying(scheme, adaptive):
    """energy_in - energy_out - energy_stored (stored = sum C (T - T0), the state itself)
    is zero to the solver tolerance, the reported error is that closure, and the energy put
    in matches the profile's integral (Euler: exactly, the step average; BDF2: its own
    second-order quadrature, within 1 %). The surface temperatures reported are those of the
    conditions at the last step."""
    r = solve(varying_block(scheme, adaptive))
    s = r.summary
    closure = s["energy_in_J"] - s["energy_out_J"] - s["energy_stored_J"]
    scale = max(abs(s["energy_in_J"]), abs(s["energy_out_J"]), abs(s["energy_stored_J"]))
    assert abs(closure) < 1e-9 * scale, (closure, s)
    assert s["energy_balance_error"] == pytest.approx(abs(closure) / scale, abs=1e-15)
    capacity = r.disc.capacity[r.disc.active]
    assert s["energy_stored_J"] == pytest.approx(
        float(np.sum(capacity * (r.t[r.disc.active] - 25.0))), rel=1e-12)
    integral = 0.5 * 50 * 8 + 0.5 * 70 * 10 + 0.5 * 80 * 7  # of the power over [0, 200] s
    integral += 5.0 * 50.0
    if scheme == "euler":
        assert s["energy_in_J"] == pytest.approx(integral, rel=1e-12)
    else:
        assert s["energy_in_J"] == pytest.approx(integral, rel=0.01)
    # the report uses the last step's values: the pulse is off just before its edge at 250 s
    fixed = r.disc.conditions.on("fixed_temperature") == 0
    assert np.all(r.surface_t[fixed] == 20.0)
    # every jump is a step boundary: the pulse edges, the flux step, the fluid and ambient jumps
    for jump in (10.0, 34.0, 70.0, 77.7, 90.0, 94.0, 100.0, 130.0, 154.0, 190.0, 214.0, 250.0):
        assert np.min(np.abs(r.times - jump)) <= 1e-9, jump


def test_time_varying_values_change_the_right_hand_side_only():
    """A step's fixed temperature, flux and fluid temperature enter ``g T_ref`` and the flux
    term; the conductances, and so the operator and its multigrid setup, stay the model's."""
    m = varying_block("bdf2")
    disc = discretize(m)
    system = ThermalSystem(disc, m.solver)
    inputs = TimeInputs(disc)
    steady = system.boundary(None)
    for a, b in ((0.0, 4.0), (10.0, 12.0), (95.0, 100.0)):
        powers, _, conditions = inputs.step(a, b, bdf2=True)
        varied = system.boundary(None, conditions)
        assert np.array_equal(varied.g, steady.g) and np.array_equal(varied.extra,
                                                                     steady.extra)
        fixed = conditions.on("fixed_temperature") == 0
        pulse_on = (b - 10.0) % 60.0 <= 24.0 and b > 10.0
        assert np.all(varied.t_ref[fixed] == (60.0 if pulse_on else 20.0))
        fluid = conditions.on("convection") == 2
        assert np.allclose(conditions.values["convection"]["t_fluid"][fluid],
                           20.0 + 0.5 * b if b < 100.0 else 70.0)
        assert powers[0] == pytest.approx(np.interp(b, [0, 50, 120, 200], [0, 8, 2, 5]))
