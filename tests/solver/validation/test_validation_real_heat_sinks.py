"""Library heat sinks modelled in full (base and fins as bodies, natural convection from the
correlations, surface-to-surface radiation): against their datasheet natural-convection
resistance (issue 7) where the library holds both a real sink's fin geometry and its
rating, and a TO-220 on a library sink modelled in full against the resistance chain
theta_JC + theta_CS + theta_SA (issue 8)."""

from __future__ import annotations

import pytest
from plate_fin_hand import (
    T_AIR,
    PlateFinSink,
    plate_fin_resistance_by_hand,
    spreading_resistance_lee,
)
from tc_helpers import run

from solver.library import BUILTIN, Library, heat_sink_bodies
from solver.model import Component, MeshSettings, Model, Package, Radiation

LIB = Library([BUILTIN])
SINKS = [i for i in LIB.items.values() if i.kind == "heat_sink"]
# real sinks the library can build and whose datasheet rates them in natural convection
RATED_FULL = [i for i in SINKS if "fins" in i.data and "resistance_natural" in i.data
              and "natural_rating" in i.data]
GRAVITY = {"vertical": [-9.81, 0.0, 0.0],  # fins (along x) vertical, air rising along them
           "horizontal": [0.0, 0.0, -9.81]}  # base horizontal, fins up
CELL = 3e-3


def full_sink_model(item, power: float, orientation: str = "vertical",
                    components=(), cell: float = CELL) -> Model:
    """Library sink ``item`` modelled in full (:func:`heat_sink_bodies`, base corner at the
    origin, fins along x on the base's +z face) in still 25 degC air, natural convection
    on every exposed face (``ambient.natural_convection``) and surface-to-surface radiation
    with the item's material emissivity. ``power`` W heats the base uniformly unless
    ``components`` (on the base's free -z face) carry it."""
    bodies = heat_sink_bodies(item, "hs", [0.0, 0.0, 0.0])
    if not components:
        bodies[0].power = power
    m = Model(name=item.id, bodies=bodies, components=list(components),
              conditions=[Radiation(b.name, exchange="surfaces") for b in bodies],
              mesh=MeshSettings(max_cell_size=cell))
    m.ambient.natural_convection = True
    m.ambient.gravity = GRAVITY[orientation]
    return m


def sink_resistance(item, power: float, orientation: str = "vertical") -> float:
    """Sink-to-ambient resistance (K/W): the base's mean rise over ``power``."""
    s = run(full_sink_model(item, power, orientation)).summary
    return (s["bodies"]["hs"]["t_mean_C"] - T_AIR) / power


@pytest.mark.xfail(strict=True, reason=(
    "no real extrusion yet: no source readable here gave both a sink's fin geometry (base, "
    "fin count, thickness, height, spacing) and its natural-convection rating; the rated "
    "library sinks carry an envelope only; a second search of the stored corpora (Aavid/"
    "Boyd, CUI, Wakefield-Vette, Fischer, Ohmite, Alpha, H S Marston, papers) returned the "
    "catalogs' contents pages only (docs/library.md, Heat sinks, lists what was read)"))
def test_issue7_two_real_sinks_modelled_in_full():
    assert len(RATED_FULL) >= 2


@pytest.mark.parametrize("item", RATED_FULL, ids=lambda i: i.id)
def test_real_sink_modelled_in_full_matches_its_datasheet(item, capsys):
    """Issue 7: within 25 % of the datasheet's natural-convection resistance, heated
    uniformly over the base at the rated power in the rated orientation."""
    rating = item.data["natural_rating"]
    r_sa = sink_resistance(item, rating["power"], rating.get("orientation", "vertical"))
    with capsys.disabled():
        print(f"\n{item.id}: solver {r_sa:.3f} K/W, datasheet "
              f"{item.data['resistance_natural']:.3f} K/W at {rating['power']} W")
    assert r_sa == pytest.approx(item.data["resistance_natural"], rel=0.25)


# --- issue 8: a TO-220 on a library sink modelled in full -----------------------------------

SINK_ID, POWER = "HS-ref-plate-L50-H20", 5.0


@pytest.fixture(scope="module")
def to220_on_sink():
    """ST IRF620 (library TO-220-IRF620-ST: theta_JC to the tab 1.79 K/W) greased
    (TIM-grease-TO-220-greased, theta_CS 0.5 K/W) on the back of the 50 x 50 mm reference
    sink with 20 mm fins (HS-ref-plate-L50-H20, black anodised 6063, fins vertical), 5 W.

    Model choices: the tab is the package's board leg, so theta_JB = theta_JC + theta_CS
    (the grease in series on the 10 x 15 mm footprint) and the plastic face carries no heat
    (theta_JC top 1e6: the datasheet gives no top figure); the leads and any board are left
    out; the TO-220 stands with its 15 mm along gravity. The library has no datasheet-rated
    sink with fin geometry (see the xfail above), so theta_SA is the sink's hand
    calculation (:func:`plate_fin_resistance_by_hand`) plus Lee et al.'s spreading from the
    footprint into the 5 mm base. Grid check (max cell 4 / 3 / 2 / 1.5 / 1 mm; across the
    fins the geometry already sets ~1 mm cells: 13 x 75 x 10 cells at 4 mm, 50 x 75 x 25 at
    1 mm): Tj 63.02 / 63.02 / 63.01 / 63.00 / 63.01 degC, sink uniformly heated 5.082 /
    5.081 / 5.081 / 5.081 / 5.080 K/W."""
    item = LIB.get(SINK_ID)
    part = LIB.get("TO-220-IRF620-ST").data
    theta_cs = LIB.get("TIM-grease-TO-220-greased").data["resistance"]
    body, base = part["body"], item.data["base"]
    pkg = Package(body["length"], body["width"], body["height"], 1e6,
                  part["theta_jc_bottom"] + theta_cs, 150.0)
    q1 = Component("Q1", "hs", [base["length"] / 2, base["width"] / 2], POWER, pkg,
                   rotation=90.0, side="bottom")
    s = run(full_sink_model(item, POWER, components=[q1])).summary
    return item, part, theta_cs, s


def test_to220_on_a_sink_modelled_in_full_matches_the_resistance_chain(to220_on_sink,
                                                                       capsys):
    """Issue 8: Tj - Ta against P (theta_JC + theta_CS + theta_SA) within 25 %, theta_SA the
    hand calculation of the sink with the footprint's spreading resistance."""
    item, part, theta_cs, s = to220_on_sink
    material = LIB.get(item.data["material"]).data
    sink = PlateFinSink.of_item(item.data, material["conductivity"], material["emissivity"])
    theta_sa = plate_fin_resistance_by_hand(sink, POWER)
    base, body = item.data["base"], part["body"]
    spread = spreading_resistance_lee(body["length"] * body["width"],
                                      base["length"] * base["width"], base["thickness"],
                                      material["conductivity"], theta_sa)
    chain = POWER * (part["theta_jc_bottom"] + theta_cs + theta_sa + spread)
    rise = s["components"]["Q1"]["Tj_C"] - T_AIR
    with capsys.disabled():
        print(f"\nTO-220 on {SINK_ID} at {POWER} W: Tj - Ta solver {rise:.2f} K, chain "
              f"{chain:.2f} K (theta_SA by hand {theta_sa:.3f} + spreading {spread:.3f} K/W)")
    assert 4.0 < theta_sa < 7.0  # the hand figure itself: ~5.5 K/W
    assert rise == pytest.approx(chain, rel=0.25)


def test_to220_heat_spreads_from_its_footprint(to220_on_sink, capsys):
    """The chain's parts in the solution: under the footprint (Tj less P theta_JB, the
    footprint's area-mean temperature) the base sits above the uniformly heated sink's mean
    by a spreading rise, positive and far below the package's own resistance. Lee et al.'s
    figure is printed beside, not asserted: the solver's 0.235 K/W is 37 % above its 0.171,
    and Lee's idealisation (a circular source on a plate with a uniform film behind it) is
    not this problem (a rectangular source, discrete fins behind, the concentrated heat
    raising the sink's own mean by 0.22 K), so its stated accuracy does not carry over."""
    item, part, theta_cs, s = to220_on_sink
    footprint_rise = (s["components"]["Q1"]["Tj_C"] - T_AIR
                      - POWER * (part["theta_jc_bottom"] + theta_cs))
    r_uniform = sink_resistance(item, POWER)
    material = LIB.get(item.data["material"]).data
    base, body = item.data["base"], part["body"]
    lee = spreading_resistance_lee(body["length"] * body["width"],
                                   base["length"] * base["width"], base["thickness"],
                                   material["conductivity"], r_uniform)
    spread = footprint_rise / POWER - r_uniform
    with capsys.disabled():
        print(f"\nspreading under the TO-220: solver {spread:.3f} K/W, Lee et al. {lee:.3f};"
              f" sink uniformly heated {r_uniform:.3f} K/W")
    assert 0.0 < spread < 0.5 * part["theta_jc_bottom"]
