"""The physics together: natural convection from correlations with surface-to-surface
radiation on an extruded heat sink (issue 7's seed case) against a hand calculation, and a
vertical plate with natural convection and radiation against the closed form of its heat
split."""

import pytest
from plate_fin_hand import (
    KELVIN,
    SIGMA,
    T_AIR,
    PlateFinSink,
    air,
    h_vertical_plate,
    plate_fin_resistance_by_hand,
)
from tc_helpers import box, run

from solver.model import (
    FixedTemperature,
    FlowRegion,
    Material,
    MeshSettings,
    Model,
    NaturalConvection,
    Radiation,
    SolverOptions,
)

# --- the seed's heat sink ------------------------------------------------------------------

BASE, LENGTH, WIDTH, FIN_H, FIN_T, FINS, POWER = 5e-3, 0.1, 0.1, 0.05, 2e-3, 12, 20.0
# Black-anodised 6063-T5 extrusion: k from the Aluminum Association's 6063-T5 figure
# (209 W/(m K), ASM Handbook vol. 2), emissivity 0.85 of anodised aluminium (Incropera
# 7th ed. Table A.11: anodised aluminium 0.82-0.86).
ANODISED = Material("al6063", 209.0, density=2700.0, specific_heat=900.0, emissivity=0.85)
SEED_QUOTE = 2.5  # K/W, the seed's figure for this sink


def seed_sink(cell: float) -> Model:
    """Base 100 x 100 x 5 mm standing vertical (gravity -z along the fins), 12 fins 2 x 50 x
    100 mm, 20 W into the base, natural convection from the model-wide default and
    surface-to-surface radiation on every body."""
    pitch = (WIDTH - FIN_T) / (FINS - 1)
    bodies = [box("base", (0, 0, 0), (BASE, WIDTH, LENGTH), "al6063", power=POWER)]
    bodies += [box(f"fin{i}", (BASE, i * pitch, 0), (BASE + FIN_H, i * pitch + FIN_T, LENGTH),
                   "al6063") for i in range(FINS)]
    m = Model(name="seed heat sink", materials=[ANODISED], bodies=bodies,
              conditions=[Radiation(b.name, exchange="surfaces") for b in bodies],
              mesh=MeshSettings(max_cell_size=cell))
    m.ambient.natural_convection = True
    return m


SEED = PlateFinSink(LENGTH, WIDTH, BASE, FINS, FIN_T, FIN_H, (WIDTH - FINS * FIN_T) / (FINS - 1),
                    ANODISED.conductivity, ANODISED.emissivity)


def seed_sink_by_hand(channel_h=None) -> float:
    """R_sa (K/W) of the seed sink by hand (:func:`plate_fin_resistance_by_hand`: channels by
    Bar-Cohen-Rohsenow, outer faces by Churchill-Chu, fin efficiency, envelope radiation).
    ``channel_h(t_s)`` replaces the channels' film (forced flow)."""
    return plate_fin_resistance_by_hand(SEED, POWER, channel_h)


def h_forced_channel(approach_velocity, t_s):
    """Forced flow through the fin channels, Teertstra, Yovanovich & Culham (2000),
    'Analytical forced convection modeling of plate fin heat sinks', J. Electronics
    Manufacturing 10, 253-261: the composite of the developed (Re* Pr / 2) and the developing
    boundary-layer limits, ``Nu_b = [(Re* Pr/2)^-3 + (0.664 Re*^(1/2) Pr^(1/3) (1 + 3.65
    Re*^(-1/2))^(1/2))^-3]^(-1/3)``, ``Re* = Re_b b/L`` on the spacing b and the channel
    velocity (the approach velocity over the fins' envelope, sped up by the fins' blockage).
    h is referred to the inlet air (the air's heating is inside the model)."""
    spacing = (WIDTH - FINS * FIN_T) / (FINS - 1)
    v_channel = approach_velocity * WIDTH / (WIDTH - FINS * FIN_T)
    nu, k, _, pr = air(T_AIR + KELVIN)
    re_star = v_channel * spacing / nu * spacing / LENGTH
    developing = 0.664 * re_star**0.5 * pr ** (1 / 3) * (1 + 3.65 * re_star**-0.5) ** 0.5
    nu_b = ((re_star * pr / 2) ** -3 + developing**-3) ** (-1 / 3)
    return nu_b * k / spacing


def test_seed_heat_sink_natural_convection_and_radiation_match_the_hand_calculation(capsys):
    """Issue 7: within 15 % of the hand calculation; the seed's 2.5 K/W printed beside."""
    hand = seed_sink_by_hand()
    assert 0.9 < hand < 1.3  # the hand figure itself: ~1.1 K/W with radiation
    r = run(seed_sink(4e-3))
    s = r.summary
    r_sa = (s["bodies"]["base"]["t_mean_C"] - T_AIR) / POWER
    radiated = sum(c["heat_out_W"] for c in s["conditions"] if c["kind"] == "radiation")
    with capsys.disabled():
        print(f"\nseed heat sink R_sa: solver {r_sa:.3f} K/W, hand {hand:.3f} K/W, "
              f"seed quotes {SEED_QUOTE} K/W; radiated {radiated:.2f} of {POWER} W")
    assert r_sa == pytest.approx(hand, rel=0.15)
    # radiation carries a quarter of the heat in still air (hand: h_r A_env / UA)
    assert 0.15 < radiated / POWER < 0.35
    channel = [p for p in s["natural_convection"]["patches"]
               if p["correlation"].startswith("vertical channel")]
    assert len(channel) >= 2 * (FINS - 1)


VELOCITY = 1.016  # 200 LFM, the datasheets' common forced rating point


@pytest.fixture(scope="module")
def forced():
    """The seed sink in a flow region over its fins at 200 LFM along them (fins vertical,
    air upwards); the outside faces keep still air and radiation."""
    m = seed_sink(5e-3)
    m.flow_regions = [FlowRegion("fins", [BASE, 0, 0], [BASE + FIN_H, WIDTH, LENGTH], "+z",
                                 velocity=VELOCITY)]
    s = run(m).summary
    return s, (s["bodies"]["base"]["t_mean_C"] - T_AIR) / POWER


def test_seed_heat_sink_in_forced_flow_channel_velocity_and_air_heating(forced, capsys):
    s, r_sa = forced
    hand = seed_sink_by_hand(lambda t_s: h_forced_channel(VELOCITY, t_s))
    flow = s["flow_regions"]["fins"]
    with capsys.disabled():
        print(f"\nseed heat sink at {VELOCITY} m/s: solver {r_sa:.3f} K/W, hand (Teertstra) "
              f"{hand:.3f} K/W; h_mean {flow['h_mean_W_m2K']:.1f} W/(m^2 K) on the bulk air, "
              f"Teertstra {h_forced_channel(VELOCITY, T_AIR + hand * POWER):.1f} on the inlet")
    assert flow["channel_velocity_m_s"] == pytest.approx(
        VELOCITY * WIDTH / (WIDTH - FINS * FIN_T), rel=1e-6)
    rho_cp = 1.1614 * 1007.0  # Incropera Table A.4, 300 K
    assert flow["air_temperature_rise_K"] == pytest.approx(
        flow["heat_W"] / (rho_cp * flow["flow_m3_s"]), rel=0.03)
    # forced flow carries most of the heat and at least halves the still-air resistance
    assert flow["heat_W"] > 0.7 * POWER
    assert r_sa < 0.5 * seed_sink_by_hand()


def test_seed_heat_sink_in_forced_flow_matches_teertstras_plate_fin_model(forced):
    """Within the 15 % of the still-air hand calculation. The solver's channel film is VDI's
    developing-flow composite on the bulk air (not Teertstra's model): 0.427 K/W against
    Teertstra's 0.437, -2 % (2026-12-02; 0.525, +20 %, with the flat plate / developed duct
    film before)."""
    _, r_sa = forced
    hand = seed_sink_by_hand(lambda t_s: h_forced_channel(VELOCITY, t_s))
    assert r_sa == pytest.approx(hand, rel=0.15)


# --- a vertical plate with natural convection and radiation ---------------------------------

ISOTHERMAL = Material("isothermal", 400.0, density=8900.0, specific_heat=385.0,
                      emissivity=0.9)


@pytest.mark.parametrize("t_hot", [50.0, 100.0])
def test_vertical_plate_heat_split_between_convection_and_radiation(t_hot):
    """A 100 x 100 mm plate held at ``t_hot`` on its back, its front in still air at 25 degC
    with natural convection and grey radiation (emissivity 0.9) to surroundings at 25 degC:
    each heat flow against Churchill-Chu and eps sigma (Ts^4 - Ta^4), and the split."""
    side, thick = 0.1, 2e-3
    m = Model(materials=[ISOTHERMAL],
              bodies=[box("plate", (0, 0, 0), (thick, side, side), "isothermal")],
              conditions=[FixedTemperature("plate", t_hot, ["xmin"]),
                          NaturalConvection("plate", ["xmax"]),
                          Radiation("plate", faces=["xmax"])],
              mesh=MeshSettings(max_cell_size=5e-3), solver=SolverOptions(tolerance=1e-12))
    s = run(m).summary
    by_kind = {c["kind"]: c["heat_out_W"] for c in s["conditions"]}
    q_conv = h_vertical_plate(side, t_hot) * side**2 * (t_hot - T_AIR)
    q_rad = ISOTHERMAL.emissivity * SIGMA * side**2 * ((t_hot + KELVIN) ** 4
                                                       - (T_AIR + KELVIN) ** 4)
    assert by_kind["natural_convection"] == pytest.approx(q_conv, rel=0.03)
    assert by_kind["radiation"] == pytest.approx(q_rad, rel=0.01)
    split = by_kind["radiation"] / (by_kind["radiation"] + by_kind["natural_convection"])
    assert split == pytest.approx(q_rad / (q_rad + q_conv), abs=0.01)
