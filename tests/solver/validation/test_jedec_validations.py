"""Validations on library boards in still air by the solver's own natural convection and
radiation: the seed's BGA case and virtual JEDEC tests of library packages.

Common model choices: the board is the library stack-up layer by layer (``stackup_bodies``:
each layer a slab body, a copper layer's coverage smeared over its area); a library via
array is a region of the board under the package crossing every layer (``via_region_bodies``:
through-plane ``via_array_conductivity`` on the layer's own k_z, in-plane the layer's), whose
top layer is the component's board so the package sits on it; every exposed face has natural
convection from the correlations (``ambient.natural_convection``) with the board horizontal
(gravity -z), the layers' edges the film of the whole board's edge (``edge_convection``), and
radiates with emissivity 0.9 to 25 degC surroundings. The issue's JESD51-7 SOIC-8 and
JESD51-9 BGA run in the JESD51-2 enclosure (``jesd51_2``: a 1 ft^3 box of low-conductivity
walls, the board horizontal at its centre, the air inside one lumped node whose temperature
is the theta_JA reference, every face inside radiating to the others; the layers' edges keep
the edge film to the room's 25 degC, at most 1.3 K from the enclosure's air here); the other
cases in open still air (``board_model(..., enclosure=False)``: the two agree within 0.5 %
for every package but the detailed DFN-8, docs/library.md). The board's edge connector and
fixture support are not modelled. At least 6 cells across every layer: 6 to 12 moves theta_JA
by <= 0.8 %, 4 to 2 mm cells in the plane by <= 0.5 %; the energy balance closes to 1e-8.
The package's top and side walls lie within the board top's thermal layer and take its
correlation and length at their own temperature (:mod:`solver.patch_films`, the board and its
part as one plate); without that rule (each face an isolated small plate) every figure below
was 3-9 % lower: SOIC-8 72.1, SOIC-14 103.2, LQFP-100 30.8, LQFP-144 28.0, GDH/ZDH BGA 22.6,
seed BGA 20.7, detailed DFN-8 34.0 K/W.

The smeared board (``stackup_conductivity``, one orthotropic slab; measured without the
thermal-layer rule) gives the same figures once
its thickness is resolved (27 cells across: SOIC-8 71.8, SOIC-14 102.5, LQFP-100 30.3,
LQFP-144 27.7, GDH/ZDH BGA 22.7, seed BGA 20.6, detailed DFN-8 34.4 K/W; layered 72.1,
103.2, 30.8, 28.0, 22.6, 20.7, 34.0); at the default 3 cells across, its half cell under
the footprint (0.27 mm at k_z 0.39) added up to 15 K/W to a small package (SOIC-8 86.8,
SOIC-14 109.0). The layering does not raise theta_JA: the smear spreads the planes'
conductance evenly through the thickness (half of it deeper than 0.8 mm at k_z 0.39), while
the real stack's first plane lies under 0.25-0.46 mm of FR-4 (k_z 0.343).
"""

from __future__ import annotations

import pytest
from jesd51_2 import enclosure_air_node, jesd51_2_enclosure

from solver.api import solve
from solver.library import (
    BUILTIN,
    Library,
    edge_convection,
    stackup_bodies,
    via_region_bodies,
)
from solver.library.parts import package_of
from solver.model import (
    Ambient,
    Body,
    BoxGeometry,
    Component,
    Contact,
    ContactLayer,
    DetailedPackage,
    Material,
    MeshSettings,
    Model,
    Package,
    PackageOverrides,
    Radiation,
)

LIB = Library([BUILTIN])
T_AIR = 25.0
LAYER_CELLS = 6


def board_model(size: tuple[float, float], stackup: str, vias: str | None, pkg: Package,
                power: float, cell: float, enclosure: bool = False) -> Model:
    """A ``size`` board of library ``stackup`` (layers ``pcb.L1`` top ... ``pcb.Ln``) in still
    air with ``pkg`` at its centre on a ``vias`` region (library via array ``vias.L1`` ...,
    the package's footprint) or, without, on the top layer. ``enclosure``: the board at the
    centre of the JESD51-2 enclosure (``jesd51_2``), every face inside radiating to the
    others; else in open still air, radiating to the 25 degC surroundings."""
    length, width = size
    stack = LIB.get(stackup)
    x, y = length / 2, width / 2
    materials, bodies = stackup_bodies(stack, "pcb", [0, 0, 0], [length, width], LIB)
    conditions = edge_convection(bodies)
    board = "pcb.L1"
    if vias:
        a, b = pkg.length / 2, pkg.width / 2
        more, region = via_region_bodies(stack, LIB.get(vias), "vias", [0, 0, 0],
                                         [x - a, y - b, x + a, y + b], LIB)
        materials, bodies, board = materials + more, bodies + region, "vias.L1"
    exchange = "surfaces" if enclosure else None
    conditions += [Radiation(name, 0.9, exchange=exchange)
                   for name in [body.name for body in bodies] + ["U1"]]
    if enclosure:
        thick = max(body.geometry.max[2] for body in bodies)
        more, walls, radiation = jesd51_2_enclosure((x, y, thick / 2))
        materials, bodies, conditions = materials + more, bodies + walls, conditions + radiation
    return Model(materials=materials, bodies=bodies,
                 components=[Component("U1", board, [x, y], power, pkg)],
                 conditions=conditions, ambient=Ambient(temperature=T_AIR,
                                                        natural_convection=True),
                 mesh=MeshSettings(max_cell_size=cell, min_cells_across=LAYER_CELLS))


def theta_ja(model: Model) -> float:
    """theta_JA of the solved ``model``'s U1, after checking its heat path: ``to_air`` adds
    up to the power (steady state) and, on a via region, reaches the main board's top and
    bottom faces. Referred to the enclosure's air node when there is one (JESD51-2's ambient
    thermocouple is inside the enclosure), else to the 25 degC still air."""
    s = solve(model).summary
    assert s["energy_balance_error"] < 1e-6
    comp = s["components"]["U1"]
    to_air = comp["path"]["to_air"]
    assert sum(a["heat_W"] for a in to_air) == pytest.approx(comp["power_W"], rel=1e-6)
    assert sum(a["board_W"] for a in to_air) == pytest.approx(
        comp["legs"]["board"]["heat_W"], rel=1e-6)
    bottom = [b.name for b in model.bodies if b.name.startswith("pcb.L")][-1]
    air = T_AIR
    kinds = ("radiation", "natural_convection")
    if any(b.enclosure for b in model.bodies):
        [e] = s["enclosures"]
        air, kinds = e["air_T_C"], ("radiation", "enclosure")
        assert e["node"] == enclosure_air_node()
        assert T_AIR < air < s["bodies"]["pcb.L1"]["t_min_C"]
        assert e["heat_in_W"] == pytest.approx(e["heat_out_W"], rel=1e-6)
    assert {(a["kind"], a["body"]) for a in to_air} >= {
        (kind, body) for kind in kinds for body in ("pcb.L1", bottom, "U1")}
    return (comp["Tj_C"] - air) / comp["power_W"]


def seed_bga_model(vias: str | None) -> Model:
    item = LIB.get("BGA-GDH-ZDH-TMS320C672x").data
    pkg = Package(0.015, 0.015, 0.0015, item["theta_jc_top"], item["theta_jb"], 150.0)
    return board_model((0.1, 0.1), "JESD51-9-2s2p-101.5x114.5", vias, pkg, 5.0, 0.004)


def test_seed_bga_on_a_four_layer_board_with_vias():
    """The seed's case: a 15 x 15 x 1.5 mm BGA, 5 W, on a 100 x 100 mm four-layer FR-4 board
    (the library JESD51-9 stack-up layer by layer: 2 oz outer layers at 10 % cover, 0.25 mm
    of FR-4 to each of two solid 1 oz planes, 0.89 mm core) with 0.3 mm plated vias at 1.0 mm
    pitch under the whole footprint (VIA-0.3-plated-1.0pitch-1.6: k_z 8.95 in the FR-4
    layers), 25 degC still air. The package is the
    two-resistor model with theta_JC 10 and theta_JB 14.5 K/W of the library's TI GDH/ZDH BGA
    (SPRS370C Table 7-1, whose 2s2p theta_JA is 25 K/W), at the seed's 15 mm body.

    Result (4 mm cells; 2 mm cells 21.7): theta_JA 21.8 K/W, Tj 134 degC, below the seed's
    25-30 K/W band (see the next test); without the vias 24.3 K/W. The vias lower it; the
    board leg (theta_JB in series with the board's spreading and films) carries most of the
    heat."""
    with_vias, without = theta_ja(seed_bga_model("VIA-0.3-plated-1.0pitch-1.6")), theta_ja(
        seed_bga_model(None))
    assert with_vias == pytest.approx(21.8, abs=1.0)
    assert with_vias < without
    assert with_vias > 14.5  # theta_JB is in series with the board's way to the air


@pytest.mark.xfail(strict=True, reason="the model gives 21.8 K/W (Tj 134 degC; the board "
                   "layer by layer, the part's faces on the board's length): the two "
                   "solid planes of the 2s2p stack-up spread the heat over the whole 100 mm "
                   "board, whose two faces lose ~15 W/(m^2 K) by natural convection and "
                   "radiation together; the part's own datasheet theta_JA on the larger "
                   "JESD51-9 board is 25 K/W and it has theta_JB 14.5 K/W")
def test_seed_bga_theta_ja_in_the_seed_band():
    """The issue's band for the seed's case (model as above): 25 <= theta_JA <= 30 K/W."""
    assert 25.0 <= theta_ja(seed_bga_model("VIA-0.3-plated-1.0pitch-1.6")) <= 30.0


def test_virtual_jesd51_9_bga_by_natural_convection():
    """TI TMS320C672x GDH/ZDH BGA (theta_JC 10, theta_JB 14.5 K/W; datasheet theta_JA 25 K/W
    on the JESD51-9 2s2p board in still air, SPRS370C Table 7-1), two-resistor model on the
    library JESD51-9 board (101.5 x 114.5 x 1.6 mm, no vias: JESD51-9 has none), 2 W. The
    item gives no body size: 17 x 17 x 1.5 mm, the nominal 256-ball BGA of
    shared/library-sources.md 3.2, as in test_library_validations (an assumption). In the
    JESD51-2 enclosure, referred to its air (26.3 degC): 23.7 K/W (-5 %); open still air (the
    same model without the enclosure) 23.8."""
    item = LIB.get("BGA-GDH-ZDH-TMS320C672x").data
    pkg = Package(0.017, 0.017, 0.0015, item["theta_jc_top"], item["theta_jb"], 150.0)
    got = theta_ja(board_model((0.1015, 0.1145), "JESD51-9-2s2p-101.5x114.5", None, pkg, 2.0,
                               0.004, enclosure=True))
    assert got == pytest.approx(item["theta_ja"][0]["value"], rel=0.20)


def test_virtual_jesd51_7_soic8_by_natural_convection():
    """Fairchild FAN3213 SOIC-8 (library SOIC-8-FAN3213, MS-012-AA body 4.9 x 3.9 x 1.75 mm,
    theta_JT 29 K/W; datasheet theta_JA 87 K/W on the JESD51-7 2s2p board, natural
    convection, JESD51-2, from thermal simulation) as ``part`` on the library JESD51-7 board
    (76.2 x 114.3 x 1.6 mm, no vias: a leaded part), 0.5 W. The item gives no theta_JB; the
    same datasheet table gives theta_JL 38 K/W, junction to the bottom of all the leads
    soldered to the board, used as theta_JB (``package_overrides``): the two-resistor board
    leg ends on the board face as theta_JL does (the leads' footprint beyond the body is
    folded into the body's). In the JESD51-2 enclosure, referred to its air (25.4 degC; 4 mm
    cells): 75.8 K/W, -13 %; open still air 75.9 (without the thermal-layer rule 72.1; the
    smeared slab at 3 cells across its thickness gave 86.8, an under-resolved figure:
    resolved, 71.8)."""
    part, overrides = "lib:SOIC-8-FAN3213", PackageOverrides(theta_jb=38.0)
    m = board_model((0.0762, 0.1143), "JESD51-7-2s2p", None, package_of(part, LIB, overrides),
                    0.5, 0.004, enclosure=True)
    comp = m.components[0]
    comp.package, comp.part, comp.package_overrides = None, part, overrides
    item = LIB.get("SOIC-8-FAN3213").data
    assert theta_ja(m) == pytest.approx(item["theta_ja"][0]["value"], rel=0.20)


def complete_part_on_jesd51_7(item_id: str, power: float, enclosure: bool = False):
    """Library part ``item_id`` named as ``part`` with no overrides (it must resolve alone)
    on the library JESD51-7 2s2p board (76.2 x 114.3 x 1.6 mm, no vias), 4 mm cells; in
    open still air or in the JESD51-2 ``enclosure``."""
    part = f"lib:{item_id}"
    pkg = package_of(part, LIB)
    assert pkg is not None  # complete without overrides
    m = board_model((0.0762, 0.1143), "JESD51-7-2s2p", None, pkg, power, 0.004, enclosure)
    comp = m.components[0]
    comp.package, comp.part = None, part
    return m


def test_virtual_jesd51_7_soic14_complete_part_by_natural_convection():
    """TI SN74HCT00 in D (SOIC-14) (library SOIC-14-D-SN74HCT00: 8.65 x 3.90 mm from the
    data sheet, 1.75 mm nominal height; theta_JC(top) 93.8, theta_JB 94.7, theta_JA 138.7 K/W,
    SCLS062F Thermal Information) as ``part`` with no overrides: the item resolves alone.
    Board: library JESD51-7 2s2p (76.2 x 114.3 x 1.6 mm, no vias: a leaded part), 0.5 W,
    4 mm cells (2 mm: 111.7 K/W; 12 cells across each layer 111.3, -19.8 %). The board of
    TI's theta_JA is assumed to be JESD51-7 (the table's note (1) was not in the text read).
    Result: 111.7 K/W, -19.5 %: inside the band by a hair (without the thermal-layer rule
    103.2, -26 %). theta_JA - theta_JB is 17 K/W here, where the data sheet's figures leave
    44 K/W beyond theta_JB. Sensitivities (docs/library.md, not inputs): the package body
    given no films 127.8; without the thermal-layer rule, the outer layers' 10 % copper left
    out 119.0. Same model, same board, for the other complete leaded parts (not asserted):
    TSSOP-14-PW-SN74HCT00 99.0 against 122.8 (-19.4 %), SOIC-14-D-CD74HCT10 76.6 against
    94.5 (-18.9 %); 2 mm cells the same."""
    m = complete_part_on_jesd51_7("SOIC-14-D-SN74HCT00", 0.5)
    item = LIB.get("SOIC-14-D-SN74HCT00").data
    assert theta_ja(m) == pytest.approx(item["theta_ja"][0]["value"], rel=0.20)


def test_virtual_jesd51_7_lqfp100_complete_part_by_natural_convection():
    """Freescale K20 100 LQFP (library LQFP-100-K20: theta_JC 9, theta_JB 20 K/W; theta_JA
    35 K/W on the four-layer (2s2p) board in natural convection, K20 data sheet Rev. 7
    5.4.2; body 14 x 14 x 1.4 mm, the MS-026 outline of its pin count) as ``part`` with no
    overrides, on the library JESD51-7 2s2p board (76.2 x 114.3 x 1.6 mm, no vias), 1 W,
    4 mm cells. Result: 32.5 K/W, -7 % (without the thermal-layer rule 30.8). Same model
    and board for the other complete QFPs with a 2s2p theta_JA (not asserted): LQFP-144-K20
    29.8 against 36 (-17 %), LQFP-64-S12P 50.2 against 52 (-3 %), QFP-80-S12P 37.8 against 43
    (-12 %)."""
    m = complete_part_on_jesd51_7("LQFP-100-K20", 1.0)
    ja = next(e["value"] for e in LIB.get("LQFP-100-K20").data["theta_ja"]
              if e["board"] == "2s2p" and "airflow_mps" not in e)
    assert ja == 35
    assert theta_ja(m) == pytest.approx(ja, rel=0.20)


def test_virtual_jesd51_7_exposed_pad_dfn_by_natural_convection():
    """Fairchild FAN3226 DFN-8 3 x 3 x 0.9 mm with exposed pad (library
    DFN-8-3x3-EP-FAN3226: theta_JA 43 K/W on 2s2p). The item gives no theta_JB (only psi_JB
    and theta_JL), so the two-resistor model cannot be used without a guess: the package is
    the detailed QFN model (die, die attach, lead frame pad, solder, mould; the documented
    default layers, assumptions) from the item's body alone. Board: library JESD51-7 2s2p
    (76.2 x 114.3 x 1.6 mm) with 0.3 mm plated vias at 1.2 mm pitch (JESD51-5's thermal vias
    under the pad; here the via region is the package footprint, since a component sits on one
    board body), 1 W. Result (8 mm largest cells; 4 and 2 mm the same): 34.7 K/W, -19.3 %:
    just inside the band (without the thermal-layer rule 34.0, -21 %), and the perimeter
    leads (not modelled) would lower it further. (With the smeared slab, the two-resistor model with
    the same table's theta_JL 1.6 K/W as theta_JB gave 27.5 K/W, -36 %: the pad's thin solder
    and lead frame are better resolved as layers.) Open still air, not the JESD51-2
    enclosure: there the grid (139 x 139 x 222) took 273-374 s; it gave 29.6 K/W referred to
    the enclosure's air (-31 %) while the underside took 2k/S straight to the air node, and
    34.8 K/W (-19.1 %) since thin layers conduct between their walls (solver.air_layers)."""
    item = LIB.get("DFN-8-3x3-EP-FAN3226").data
    body = item["body"]
    pkg = Package(body["length"], body["width"], body["height"], item["theta_jc_top"], 0.0)
    m = board_model((0.0762, 0.1143), "JESD51-7-2s2p", "VIA-0.3-plated-1.2pitch-1.6", pkg, 1.0,
                    0.008)
    m.components[0].model = "detailed"
    m.components[0].detailed = DetailedPackage(kind="qfn")
    assert theta_ja(m) == pytest.approx(item["theta_ja"][0]["value"], rel=0.20)


def tim_model(tim: ContactLayer) -> Model:
    """The seed's BGA (GDH/ZDH figures, 15 mm body, 5 W) on the 100 mm board with vias, an
    aluminium block 25 x 25 x 10 mm (library Al-6063-T5) on its top through ``tim``."""
    m = seed_bga_model("VIA-0.3-plated-1.0pitch-1.6")
    al = LIB.get("Al-6063-T5").data
    top = 0.0016 + 0.0015
    m.materials.append(Material("al", al["conductivity"], al["density"], al["specific_heat"]))
    m.bodies.append(Body("sink", BoxGeometry([0.0375, 0.0375, top], [0.0625, 0.0625, top + 0.01]),
                         "al"))
    m.contacts.append(Contact(["U1", "sink"], layer=tim))
    m.conditions.append(Radiation("sink", 0.9))
    return m


def test_path_names_a_bad_tim_as_the_bottleneck():
    """A 'TIM' of 0.5 mm still air (0.026 W/(m K): a gap pad left out) between the seed's
    BGA and a block sink is named the bottleneck of the component's heat path; a good grease
    (0.05 mm, 3 W/(m K)) is not. The legs carry the power to 1e-6 W, and the interface's
    resistance is the layer's t / (k A) plus the bodies' half cells (series resistances
    add). Natural convection and radiation as in the module docstring. Result: the gap drops
    63.8 K (85.5 K/W, 0.75 W), theta_JB 56.8 K; Tj 122 degC."""
    area = 0.015 * 0.015
    bad = ContactLayer(0.0005, 0.026)
    s = solve(tim_model(bad)).summary["components"]["U1"]
    legs = s["legs"]
    assert legs["top"]["heat_W"] + legs["board"]["heat_W"] == pytest.approx(5.0, abs=1e-6)
    path = s["path"]
    assert path["bottleneck"] == "interface:U1-sink"
    tim = next(e for e in path["elements"] if e["element"] == "interface:U1-sink")
    layer = bad.thickness / (bad.conductivity * area)
    assert layer < tim["K_per_W"] < layer * 1.01
    assert 0.0 < tim["heat_W"] < legs["top"]["heat_W"]  # the package's sides shed the rest
    # followed through the sink, the via region and the main board to the air
    assert {a["body"].split(".")[0] for a in path["to_air"]} == {"U1", "sink", "vias", "pcb"}
    assert sum(a["heat_W"] for a in path["to_air"]) == pytest.approx(5.0, rel=1e-6)
    good = solve(tim_model(ContactLayer(0.00005, 3.0))).summary["components"]["U1"]
    assert good["path"]["bottleneck"] != "interface:U1-sink"
    assert good["Tj_C"] < s["Tj_C"]
