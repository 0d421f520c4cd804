"""A component's power profile in a transient: its junction follows the profile, and Tj(t)
matches the lumped network solved by hand (a massless junction between theta_JB to a board
held at the ambient temperature and theta_JC to a near-isothermal case that stores heat and
convects to the air); the pad model likewise, with theta_JC(bottom) in theta_JB's place."""

from __future__ import annotations

import numpy as np
import pytest

from solver.api import solve
from solver.model import (
    Analysis,
    Body,
    BoxGeometry,
    Component,
    Convection,
    FixedTemperature,
    Material,
    MeshSettings,
    Model,
    Package,
    PulseTrainProfile,
    StepProfile,
    validate,
)

PKG = Package(length=0.01, width=0.01, height=0.002, theta_jc=3.0, theta_jb=12.0,
              tj_max=125.0)
# the pad model: the same network with theta_JC(bottom) on the board leg (the same figures,
# so analytic_tj is the pad model's too)
PAD = Package(length=0.01, width=0.01, height=0.002, theta_jc=3.0, theta_jc_bottom=12.0,
              tj_max=125.0)
H, P, T_AIR, T_ON = 1000.0, 2.0, 25.0, 1.0


def model(profile, duration=8.0, step=0.02, compact: str | None = None) -> Model:
    pkg = PAD if compact == "pad" else PKG
    return Model(
        materials=[Material("cu", 400.0, 8900.0, 385.0)],
        bodies=[Body("pcb", BoxGeometry([0, 0, 0], [0.02, 0.02, 0.001]), "cu")],
        conditions=[FixedTemperature("pcb", T_AIR, faces=["zmin"]),
                    Convection("U1", H, faces=["zmax"])],
        components=[Component("U1", "pcb", [0.01, 0.01], P, pkg, power_profile=profile,
                              model=compact)],
        mesh=MeshSettings(max_cell_size=0.002),
        analysis=Analysis(kind="transient", duration=duration, time_step=step,
                          scheme="bdf2"))


def analytic_tj(t: np.ndarray) -> np.ndarray:
    """Case: C dθc/dt = a P - (g_s + G_a) θc with θ = T - T_air, a = g_c/(g_b + g_c),
    g_s = g_b g_c/(g_b + g_c), G_a = h A; junction: θj = (P + g_c θc)/(g_b + g_c). The power
    steps from 0 to P at T_ON."""
    g_b, g_c = 1.0 / PKG.theta_jb, 1.0 / PKG.theta_jc
    area = PKG.length * PKG.width
    cap = PKG.density * PKG.specific_heat * area * PKG.height
    g_s, g_a = g_b * g_c / (g_b + g_c), H * area
    tau = cap / (g_s + g_a)
    on = t >= T_ON
    theta_c = np.where(on, g_c / (g_b + g_c) * P / (g_s + g_a)
                       * (1.0 - np.exp(-(t - T_ON) / tau)), 0.0)
    return T_AIR + np.where(on, (P + g_c * theta_c) / (g_b + g_c), 0.0)


@pytest.mark.parametrize("compact", [None, "pad"])
def test_step_profile_tj_follows_the_two_node_response(tmp_path, compact):
    s = solve(model(StepProfile(time=T_ON, before=0.0, after=P), compact=compact),
              tmp_path).summary
    c = s["components"]["U1"]
    hist = np.array(c["Tj_history"])
    t, tj = hist[:, 0], hist[:, 1]
    assert T_ON in t  # the step lands on the jump
    before = t < T_ON
    assert np.allclose(tj[before], T_AIR, atol=1e-9)
    after = t > T_ON
    expected = analytic_tj(t[after])
    rise = expected.max() - T_AIR
    assert np.max(np.abs(tj[after] - expected)) < 0.01 * rise  # 0.2 % when written
    tau_check = analytic_tj(np.array([T_ON + 2.0]))[0]  # mid-rise: not just the end state
    assert 0.5 < (tau_check - T_AIR) / rise < 0.99
    assert c["power_W"] == P
    assert c["model"] == (compact or "two_resistor")
    assert c["legs"]["board"]["element"] == ("theta_jc_bottom" if compact else "theta_jb")
    assert s["energy_balance_error"] < 1e-6


def test_pulse_profile_switches_the_junction(tmp_path):
    """On for 1 s of every 2 s: Tj rises while on and falls while off (with theta_JB to a
    held board the junction answers at once, so the edges show as jumps)."""
    pulse = PulseTrainProfile(period=2.0, duty=0.5, on=P, off=0.0)
    s = solve(model(pulse, duration=4.0, step=0.05), tmp_path).summary
    hist = dict((round(a, 9), b) for a, b in s["components"]["U1"]["Tj_history"])
    jump = 1.0 / (1.0 / PKG.theta_jb + 1.0 / PKG.theta_jc) * P  # P through g_b || g_c
    assert hist[0.95] - T_AIR > 0.9 * jump and hist[1.95] - T_AIR < 0.5 * jump
    assert hist[2.95] > hist[0.95]  # the case keeps some heat from the first pulse
    assert s["components"]["U1"]["power_W"] == 0.0  # off at t = 4 s


def test_bad_profile_is_named_by_path():
    problems = validate(model(StepProfile(time=-1.0, before=0.0, after=P)))
    assert any(p.path == "components[0].power_profile.time" for p in problems), problems
