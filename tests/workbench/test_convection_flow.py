"""Automatic convection (natural convection from correlations), flow regions and
surface-to-surface radiation: what the document exports, and what the solve reports back to
the result panel."""

import json

import numpy as np
import pytest
from tc_golden import GOLDEN

from solver.api import solve
from solver.model import Convection, NaturalConvection, model_from_dict, validate


def _export(analysis):
    from ThermoCraftWorkbench.export import export_analysis
    return export_analysis(analysis)


def _heated_box(doc, name="Plate", size=(40, 40, 4), power=2.0, cell=4.0):
    """A ``size`` mm aluminium box dissipating ``power`` W, in an analysis without radiation
    and with ``cell`` mm cells (default: a 40 x 40 x 4 mm plate, 2 W)."""
    from ThermoCraftWorkbench.objects.analysis import make_analysis
    from ThermoCraftWorkbench.objects.condition import make_condition
    from ThermoCraftWorkbench.objects.material import make_material
    box = doc.addObject("Part::Box", name)
    box.Length, box.Width, box.Height = size
    doc.recompute()
    analysis = make_analysis(doc)
    analysis.Radiation = False
    analysis.MaxCellSize = cell
    for obj in (make_material(doc, [(box, ())], Conductivity=200.0),
                make_condition(doc, "Power", [(box, ())], Power=power)):
        analysis.addObject(obj)
    return analysis, box


def test_an_automatic_convection_condition_exports_natural_convection_with_overrides(doc):
    """Lengths in mm become metres; the fixed default film of the analysis leaves the faces
    the automatic condition covers (the two kinds would add up there)."""
    from ThermoCraftWorkbench.examples import face_by_normal
    from ThermoCraftWorkbench.objects.condition import make_condition
    analysis, plate = _heated_box(doc)
    top = face_by_normal(plate, (0, 0, 1))
    analysis.addObject(make_condition(
        doc, "Convection", [(plate, (top,))], name="TopAir", FilmCoefficientMode="Automatic",
        CharacteristicLength=25.0, Orientation="Horizontal facing up", FluidAtAmbient=False,
        FluidTemperature=30.0))
    out = _export(analysis)
    assert out.problems == [] and validate(out.model) == []
    default, natural = out.model.conditions
    assert isinstance(default, Convection) and default.h == analysis.DefaultFilmCoefficient
    assert sorted(default.faces) == sorted(f"Face{i}" for i in range(1, 7) if f"Face{i}" != top)
    assert natural == NaturalConvection(body="Plate", faces=[top], length=0.025,
                                        orientation="horizontal_up", fluid_temperature=30.0)
    assert out.source_of("conditions[1]") == "TopAir"
    assert out.model.ambient.natural_convection is False

    s = solve(out.model).summary
    patches = s["natural_convection"]["patches"]
    assert {p["face"] for p in patches} == {top}
    assert all(p["length_m"] == pytest.approx(0.025) and p["t_fluid_C"] == pytest.approx(30.0)
               and "facing up" in p["correlation"] for p in patches)
    heat = sum(c["heat_out_W"] for c in s["conditions"])
    assert heat == pytest.approx(2.0, rel=1e-3)


def test_the_analysis_switch_makes_natural_convection_the_default(doc):
    from ThermoCraftWorkbench.objects.condition import make_condition
    analysis, plate = _heated_box(doc)
    analysis.FilmCoefficientMode = "Automatic"
    analysis.addObject(make_condition(doc, "Convection", [(plate, ("Face1",))],
                                      FilmCoefficient=50.0))
    out = _export(analysis)
    assert out.model.ambient.natural_convection is True
    assert [(type(c).__name__, c.faces) for c in out.model.conditions] == \
        [("Convection", ["Face1"])]  # no fixed default; the faces' own film stays
    analysis.Convection = False
    assert _export(analysis).model.ambient.natural_convection is False

    analysis.Convection = True
    s = solve(out.model).summary
    faces = {p["face"] for p in s["natural_convection"]["patches"]}
    assert faces == {f"Face{i}" for i in range(2, 7)}
    # still air: a few W/(m^2 K), the 4 mm high sides (a vertical-plate correlation) more
    patches = s["natural_convection"]["patches"]
    assert all(1.0 < p["h_W_m2K"] < 30.0 for p in patches)
    assert {p["face"] for p in patches if p["correlation"].startswith("vertical")} == \
        {"Face2", "Face3", "Face4"}
    assert s["bodies"]["Plate"]["convection_W"] == pytest.approx(2.0, rel=1e-3)


def test_a_flow_region_exports_its_box_in_metres_and_what_drives_it(doc):
    from ThermoCraftWorkbench.objects.regions import make_flow_region
    analysis, plate = _heated_box(doc)
    typed = make_flow_region(doc, name="Duct", BoxMin=(-10, 0, 4), BoxMax=(50, 40, 14),
                             FlowDirection="-y", VolumeFlow=36.0, OpenArea=0.6,
                             InletAtAmbient=False, InletTemperature=35.0)
    around = make_flow_region(doc, [(plate, ())], name="Blower", FlowSource="Velocity",
                              Velocity=2.5)
    analysis.addObject(typed)
    out = _export(analysis)
    duct = out.model.flow_regions[0]
    assert (duct.name, duct.direction, duct.open_area) == ("Duct", "-y", 0.6)
    assert duct.min == pytest.approx([-0.01, 0.0, 0.004]) and \
        duct.max == pytest.approx([0.05, 0.04, 0.014])
    assert duct.volume_flow == pytest.approx(0.01) and duct.inlet_temperature == 35.0
    assert duct.velocity is duct.fan is None
    assert out.source_of("flow_regions[0].direction") == "Duct"

    analysis.removeObject(typed)
    analysis.addObject(around)
    region = _export(analysis).model.flow_regions[0]
    assert region.max == pytest.approx([0.04, 0.04, 0.004]) and region.velocity == 2.5
    plate.Placement.Base.z = 10.0  # the box follows its solid
    doc.recompute()
    assert _export(analysis).model.flow_regions[0].min[2] == pytest.approx(0.01)

    around.FlowSource = "Fan"
    assert "choose a fan" in _export(analysis).problems[0].message
    around.Fan, around.FanCount = "lib:Fan-40x20-ADDA", 2
    out = _export(analysis)
    region = out.model.flow_regions[0]
    assert (region.fan, region.fan_count, region.velocity) == ("lib:Fan-40x20-ADDA", 2, None)
    problem = validate(out.model)[0]
    assert "did you mean" in problem.message and out.source_of(problem.path) == "Blower"

    around.References = []  # and no typed box
    problems = _export(analysis).problems
    assert [p.path for p in problems] == ["Blower"] and "box is empty" in problems[0].message


def test_the_fan_cooled_sink_solves_and_the_panel_reads_its_results():
    """The fan_sink example's golden model: the fan's operating point lies on its library
    curve, the heat leaves by the fan's air and natural convection, and the summary lines
    show both."""
    from solver.library import default_library
    from ThermoCraftWorkbench.examples import fan_sink
    from ThermoCraftWorkbench.resultsummary import summary_lines
    model = model_from_dict(json.loads((GOLDEN / "fan_sink.json").read_text()))
    s = solve(model).summary
    fan = s["flow_regions"]["Fan"]
    curve = default_library().get(fan_sink.FAN).data["curve"]
    q = [p[0] for p in curve]
    dp = [p[1] for p in curve]
    assert fan["pressure_Pa"] == pytest.approx(np.interp(fan["flow_m3_s"], q, dp), rel=0.02)
    natural = s["natural_convection"]["heat_W"]
    assert fan["heat_W"] + natural == pytest.approx(5.0, rel=1e-3)
    assert fan["heat_W"] > 5 * natural  # the fan does most of the work
    # the air's energy balance: rise = heat / (rho cp Q), air near 1.16 kg/m^3, 1007 J/(kg K)
    assert fan["air_temperature_rise_K"] == pytest.approx(
        fan["heat_W"] / (1.16 * 1007 * fan["flow_m3_s"]), rel=0.05)
    text = "\n".join(summary_lines(s))
    assert f"Flow Fan (1 x {fan_sink.FAN}): {fan['flow_m3_s'] * 3600:.2f} m³/h" in text
    assert f"+{fan['air_temperature_rise_K']:.2f} K" in text
    assert f"Natural convection: {natural:.2f} W" in text
    assert "HeatSink: " in text and "convection" in text.split("HeatSink: ")[1].split("\n")[0]


def test_the_panel_says_which_faces_of_a_flow_region_are_on_dead_air():
    """A lane of the duct closed by a wall upstream of a block: the panel's flow line counts
    the faces the through-flow does not reach."""
    from tests.solver.test_flow_dead_air import _lanes_model
    from ThermoCraftWorkbench.resultsummary import summary_lines
    s = solve(_lanes_model()).summary
    n = s["flow_regions"]["duct"]["unreached_faces"]
    assert n > 0
    line = next(x for x in summary_lines(s) if x.startswith("Flow duct"))
    assert line.endswith(f"; {n} faces on dead air, no forced film")


def test_surface_to_surface_radiation_exports_its_exchange_and_patch_size(doc):
    """Two 40 x 40 mm plates 10 mm apart, the lower one heated, the upper one held at 20 degC,
    no convection: heat crosses the gap by radiation between the surfaces."""
    import FreeCAD as App

    from ThermoCraftWorkbench.examples import face_by_normal
    from ThermoCraftWorkbench.objects.condition import make_condition
    analysis, plate = _heated_box(doc)
    analysis.Convection = False
    analysis.Radiation, analysis.RadiationExchange = True, "Surfaces"
    analysis.MaxPatchSize = 20.0
    lid = doc.addObject("Part::Box", "Lid")
    lid.Length, lid.Width, lid.Height = 40, 40, 2
    lid.Placement.Base = App.Vector(0, 0, 14)
    doc.recompute()
    analysis.Group[0].References = [(plate, ""), (lid, "")]
    cold = make_condition(doc, "FixedTemperature", [(lid, (face_by_normal(lid, (0, 0, 1)),))],
                          Temperature=20.0)
    own = make_condition(doc, "Radiation", [(lid, ())], name="LidRadiation",
                         Exchange="Surroundings")
    for obj in (cold, own):
        analysis.addObject(obj)
    out = _export(analysis)
    assert out.problems == [] and out.model.mesh.max_patch_size == pytest.approx(0.02)
    assert [(c.kind, c.body, c.exchange) for c in out.model.conditions if c.kind == "radiation"] \
        == [("radiation", "Plate", "surfaces"), ("radiation", "Lid", "surfaces"),
            ("radiation", "Lid", None)]  # the lid's own condition replaces its default
    own.Exchange = "Surfaces"
    out = _export(analysis)
    summary = solve(out.model).summary
    s = summary["surface_radiation"]
    exchange = dict(zip(s["bodies"], s["exchange_W"], strict=True))
    plate_to_lid = exchange["Plate"][s["bodies"].index("Lid")]
    assert 0.5 < plate_to_lid < 2.0  # most of the 2 W, the rest through the open sides
    from ThermoCraftWorkbench.resultsummary import summary_lines
    assert f"{s['patches']} patches, {plate_to_lid:.2f} W between bodies" in \
        "\n".join(summary_lines(summary))


def test_an_automatic_convection_shape_gives_a_bar_one_round_body_film(doc):
    """A square bar (a box body: never recognised as round) under automatic convection:
    by default each face takes its plate film; with Shape "Horizontal cylinder" and its
    side as the diameter every face takes one film, Churchill-Chu's horizontal cylinder at
    the reported Ra and the film temperature's air (Incropera eq. 9.34)."""
    from solver.physics.air import air_properties
    from solver.physics.natural_convection import nu_horizontal_cylinder_churchill_chu
    from ThermoCraftWorkbench.objects.condition import make_condition
    analysis, bar = _heated_box(doc, "Bar", (100, 10, 10), power=1.0, cell=2.5)
    air = make_condition(doc, "Convection", [(bar, ())], name="Air",
                         FilmCoefficientMode="Automatic")
    analysis.addObject(air)
    assert air.Shape == "From the body"
    (plain,) = _export(analysis).model.conditions
    assert plain.shape is None
    films = {round(p["h_W_m2K"], 6) for p in
             solve(_export(analysis).model).summary["natural_convection"]["patches"]}
    assert len(films) > 1  # plates: the sides, top and bottom differ

    air.Shape, air.CharacteristicLength = "Horizontal cylinder", 10.0
    (natural,) = _export(analysis).model.conditions
    assert (natural.shape, natural.length) == ("horizontal_cylinder", pytest.approx(0.01))
    patches = solve(_export(analysis).model).summary["natural_convection"]["patches"]
    assert len({p["h_W_m2K"] for p in patches}) == 1
    p = patches[0]
    assert "cylinder" in p["correlation"] and p["length_m"] == pytest.approx(0.01)
    area = sum(q["area_m2"] for q in patches)
    t_surface = sum(q["t_surface_C"] * q["area_m2"] for q in patches) / area
    k, pr = air_properties((t_surface + p["t_fluid_C"]) / 2, 101325.0)[3:7:3]
    nu, _flag = nu_horizontal_cylinder_churchill_chu(p["Ra"], pr)
    assert p["h_W_m2K"] == pytest.approx(nu * k / 0.01, rel=1e-3)
