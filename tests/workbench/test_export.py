"""Document -> model: tessellated bodies named by FreeCAD face, units, components as boxes,
conditions landing on their faces, problems pointing at document objects."""

import numpy as np
import pytest

from solver.api import solve
from solver.model import BoxGeometry, MeshGeometry, validate


def _export(analysis):
    from ThermoCraftWorkbench.export import export_analysis
    return export_analysis(analysis)


def _triangle_areas(geom):
    v = np.asarray(geom.vertices)
    t = np.asarray(geom.triangles)
    return 0.5 * np.linalg.norm(np.cross(v[t[:, 1]] - v[t[:, 0]], v[t[:, 2]] - v[t[:, 0]]),
                                axis=1)


def test_every_triangle_is_named_after_its_freecad_face_with_the_placement_baked_in(doc):
    import FreeCAD as App

    from ThermoCraftWorkbench.objects.analysis import make_analysis
    from ThermoCraftWorkbench.objects.material import make_material
    cyl = doc.addObject("Part::Cylinder", "Pin")
    cyl.Radius, cyl.Height = 3.0, 10.0
    cyl.Placement = App.Placement(App.Vector(10, 20, 30), App.Rotation(App.Vector(1, 0, 0), 90))
    doc.recompute()
    analysis = make_analysis(doc)
    analysis.addObject(make_material(doc, [(cyl, ())], Conductivity=100.0))
    out = _export(analysis)
    assert out.problems == []
    geom = out.model.bodies[0].geometry
    assert isinstance(geom, MeshGeometry)
    names = np.asarray(geom.face_names)[geom.triangle_faces]
    areas = _triangle_areas(geom)
    for i, face in enumerate(cyl.Shape.Faces, start=1):
        # m^2 from mm^2: the tessellation's area per face matches FreeCAD's exact face area
        assert areas[names == f"Face{i}"].sum() == pytest.approx(face.Area * 1e-6, rel=2e-3)
    bb = cyl.Shape.BoundBox
    v = np.asarray(geom.vertices)
    assert v.min(axis=0) == pytest.approx(np.array([bb.XMin, bb.YMin, bb.ZMin]) * 1e-3, abs=1e-6)
    assert v.max(axis=0) == pytest.approx(np.array([bb.XMax, bb.YMax, bb.ZMax]) * 1e-3, abs=1e-6)
    assert validate(out.model) == []  # closed, outward, no self-intersection


def test_a_condition_on_a_face_lands_on_that_face_exactly(doc):
    """The slab example: 1-D conduction from a flux face to a fixed-temperature face."""
    from ThermoCraftWorkbench.examples import slab
    out = _export(slab.setup(doc))
    assert out.problems == []
    result = solve(out.model)
    assert result.summary["probes"]["MidProbe"]["T_C"] == pytest.approx(21.0, abs=1e-6)
    heat = {c["kind"]: c["heat_out_W"] for c in result.summary["conditions"]}
    area = 1e-4  # the 10 x 10 mm top face
    assert heat["heat_flux"] == pytest.approx(-slab.FLUX * area, rel=1e-6)
    assert heat["fixed_temperature"] == pytest.approx(slab.FLUX * area, rel=1e-6)


def test_components_are_boxes_in_metres_with_faces_by_axis(doc):
    import FreeCAD as App

    from ThermoCraftWorkbench.objects.analysis import make_analysis
    from ThermoCraftWorkbench.objects.component import make_component
    from ThermoCraftWorkbench.objects.condition import make_condition
    analysis = make_analysis(doc)
    u1 = make_component(doc, "U1", Position=App.Vector(10, 20, 0), BodyLength=6,
                        BodyWidth=4, BodyHeight=1, Rotation=90, Power=2.0)
    top = next(f"Face{i}" for i, f in enumerate(u1.Shape.Faces, start=1)
               if f.normalAt(0, 0).z > 0.99)
    fixed = make_condition(doc, "FixedTemperature", [(u1, (top,))], Temperature=30.0)
    for obj in (u1, fixed):
        analysis.addObject(obj)
    out = _export(analysis)
    body = out.model.bodies[0]
    assert isinstance(body.geometry, BoxGeometry) and body.power == 2.0
    # rotated by 90 degrees: 4 mm along x, 6 mm along y
    assert body.geometry.min == pytest.approx([0.008, 0.017, 0.0])
    assert body.geometry.max == pytest.approx([0.012, 0.023, 0.001])
    assert out.model.conditions[-1].faces == ["zmax"]


def test_a_rotated_component_is_a_mesh_named_by_face(doc):
    import FreeCAD as App

    from ThermoCraftWorkbench.objects.analysis import make_analysis
    from ThermoCraftWorkbench.objects.component import make_component
    analysis = make_analysis(doc)
    analysis.addObject(make_component(doc, "U1", Position=App.Vector(0, 0, 0), Rotation=30))
    out = _export(analysis)
    geom = out.model.bodies[0].geometry
    assert isinstance(geom, MeshGeometry) and len(geom.face_names) == 6
    assert validate(out.model) == []


def test_power_spreads_over_a_multi_solid_object_by_volume(doc):
    import FreeCAD as App
    import Part

    from ThermoCraftWorkbench.objects.analysis import make_analysis
    from ThermoCraftWorkbench.objects.condition import make_condition
    from ThermoCraftWorkbench.objects.material import make_material
    two = doc.addObject("Part::Feature", "Two")
    two.Shape = Part.makeCompound([Part.makeBox(10, 10, 1),
                                   Part.makeBox(10, 10, 3, App.Vector(20, 0, 0))])
    analysis = make_analysis(doc)
    analysis.addObject(make_material(doc, [(two, ())], Conductivity=5.0))
    analysis.addObject(make_condition(doc, "Power", [(two, ())], Power=4.0))
    face = next(f"Face{i}" for i, f in enumerate(two.Shape.Faces, start=1)
                if f.BoundBox.XMin >= 20 and f.normalAt(0, 0).z > 0.99)
    analysis.addObject(make_condition(doc, "Convection", [(two, (face,))], FilmCoefficient=50))
    out = _export(analysis)
    power = {b.name: b.power for b in out.model.bodies}
    assert power == pytest.approx({"Two_Solid1": 1.0, "Two_Solid2": 3.0})
    last = out.model.conditions[-1]
    assert last.body == "Two_Solid2" and last.faces == [face]


def test_problems_name_the_document_objects(doc):
    from ThermoCraftWorkbench.objects.analysis import make_analysis
    from ThermoCraftWorkbench.objects.condition import make_condition
    from ThermoCraftWorkbench.objects.regions import make_flow_region
    box = doc.addObject("Part::Box", "Lonely")
    doc.recompute()
    analysis = make_analysis(doc)
    c = make_condition(doc, "Convection", [(box, ("Face1",))], name="Cooling")
    auto = make_condition(doc, "Convection", [(box, ())], name="Auto",
                          FilmCoefficientMode="Automatic")
    contact = make_condition(doc, "ContactResistance", [(box, ())], name="Contact")
    fan = make_flow_region(doc, name="Fan")
    for obj in (c, auto, contact, fan):
        analysis.addObject(obj)
    out = _export(analysis)
    by_object = {out.source_of(p.path): p.message for p in out.problems}
    assert "not a body of the analysis" in by_object["Cooling"]
    assert "not a body of the analysis" in by_object["Auto"]
    assert "select one or two bodies" in by_object["Contact"]
    assert "box is empty" in by_object["Fan"]
    # model paths of solver-side problems map back to objects too
    assert out.source_of("conditions[0].faces[0]") is None


def test_a_real_step_heat_sink_exports_with_all_its_faces(doc, step_dir):
    import Part

    from ThermoCraftWorkbench.objects.analysis import make_analysis
    from ThermoCraftWorkbench.objects.condition import make_condition
    from ThermoCraftWorkbench.objects.material import make_material
    sink = doc.addObject("Part::Feature", "Sink")
    sink.Shape = Part.read(str(step_dir / "heatsink_bitaxeHex.step"))
    doc.recompute()
    base = max(range(len(sink.Shape.Faces)), key=lambda i: sink.Shape.Faces[i].Area)
    analysis = make_analysis(doc)
    analysis.Deflection = 0.2
    analysis.addObject(make_material(doc, [(sink, ())], Conductivity=200.0))
    analysis.addObject(make_condition(doc, "HeatFlux", [(sink, (f"Face{base + 1}",))]))
    out = _export(analysis)
    geom = out.model.bodies[0].geometry
    assert len(geom.face_names) == len(sink.Shape.Faces) == 118
    names = np.asarray(geom.face_names)[geom.triangle_faces]
    assert _triangle_areas(geom)[names == f"Face{base + 1}"].sum() == pytest.approx(
        sink.Shape.Faces[base].Area * 1e-6, rel=1e-3)
    assert validate(out.model) == []


def _plates_through_a_contact(doc, **contact):
    """Two 10 x 10 x 1 mm plates stacked (Lower, Upper; k = 100), the bottom held at 20 degC,
    1e4 W/m^2 (1 W) into the top, joined by a ContactResistance condition of properties
    ``contact``: the analysis (no convection, no radiation) and the contact condition."""
    import FreeCAD as App

    from ThermoCraftWorkbench.examples import face_by_normal
    from ThermoCraftWorkbench.objects.analysis import make_analysis
    from ThermoCraftWorkbench.objects.condition import make_condition
    from ThermoCraftWorkbench.objects.material import make_material
    lower = doc.addObject("Part::Box", "Lower")
    upper = doc.addObject("Part::Box", "Upper")
    for box in (lower, upper):
        box.Length, box.Width, box.Height = 10, 10, 1
    upper.Placement.Base = App.Vector(0, 0, 1)
    doc.recompute()
    analysis = make_analysis(doc)
    analysis.Convection = analysis.Radiation = False
    name = contact.pop("name")
    cond = make_condition(doc, "ContactResistance", [(lower, ()), (upper, ())], name=name,
                          **contact)
    for obj in (
        make_material(doc, [(lower, ()), (upper, ())], Conductivity=100.0),
        make_condition(doc, "FixedTemperature", [(lower, (face_by_normal(lower, (0, 0, -1)),))],
                       Temperature=20.0),
        make_condition(doc, "HeatFlux", [(upper, (face_by_normal(upper, (0, 0, 1)),))],
                       HeatFlux=1e4),
        cond,
    ):
        analysis.addObject(obj)
    return analysis, cond


def test_a_contact_resistance_between_two_solids_adds_its_drop(doc):
    """Two 10 x 10 x 1 mm plates stacked, k = 100: 1 W through a contact of 1e-3 K m^2/W
    over 1e-4 m^2 adds a 10 K step (R = R''/A) between them."""
    analysis, _ = _plates_through_a_contact(doc, name="TIM", ContactResistance=1e-3)
    out = _export(analysis)
    assert out.problems == [] and out.source_of("contacts[0]") == "TIM"
    summary = solve(out.model).summary
    bodies = summary["bodies"]
    # without the contact the whole stack would span q L / k = 1e4 * 0.002 / 100 = 0.2 K
    step = bodies["Upper"]["t_min_C"] - bodies["Lower"]["t_max_C"]
    assert step == pytest.approx(10.0, abs=0.25)
    assert summary["contacts"][0]["heat_W"] == pytest.approx(-1.0, rel=1e-6) or \
        summary["contacts"][0]["heat_W"] == pytest.approx(1.0, rel=1e-6)


def test_a_library_tim_contact_exports_embedded_and_an_old_contact_reopens_as_before(
        doc, tmp_path):
    """A ContactResistance condition of type Library TIM exports ``tim`` with its bond line in
    metres and the TIM's figures embedded; it solves to the series closed form. A condition
    saved before the TIM properties existed reopens as a Resistance and exports as before."""
    import FreeCAD as App

    from solver.library.tims import tim_figures
    from solver.model import Contact
    from ThermoCraftWorkbench.objects.condition import CONTACT_TYPES
    pad = "lib:TIM-gap-pad-3W-0.5mm"
    analysis, contact = _plates_through_a_contact(doc, name="Pad", ContactType="Library TIM",
                                                  ContactTIM=pad, ContactThickness=0.2)
    out = _export(analysis)
    assert out.problems == [] and validate(out.model) == []
    assert out.model.contacts == [Contact(bodies=["Lower", "Upper"], name="Pad", tim=pad,
                                          thickness=pytest.approx(2e-4),
                                          tim_item=tim_figures(pad))]
    summary = solve(out.model).summary
    # q'' R'' = 1e4 * 2e-4 / 3 = 0.67 K across the pad (k = 3 W/(m K), 0.2 mm), plus the
    # plates' half cells (k = 100: under 0.03 K)
    step = summary["bodies"]["Upper"]["t_min_C"] - summary["bodies"]["Lower"]["t_max_C"]
    assert step == pytest.approx(1e4 * 2e-4 / 3.0, abs=0.05)
    row = summary["contacts"][0]
    assert (row["tim"], row["rule"]) == (pad, "thickness / conductivity")
    assert abs(row["heat_W"]) == pytest.approx(1.0, rel=1e-6)
    contact.ContactType = "Resistance"
    before = _export(analysis).model.contacts
    for prop in ("ContactType", "ContactTIM", "ContactThickness"):
        contact.removeProperty(prop)
    analysis_name = analysis.Name
    doc.saveAs(str(tmp_path / "old-contact.FCStd"))
    App.closeDocument(doc.Name)
    reopened = App.openDocument(str(tmp_path / "old-contact.FCStd"))
    try:
        cond = reopened.getObject("Pad")
        assert (cond.ContactType, cond.ContactTIM) == ("Resistance", "")
        assert cond.getEnumerationsOfProperty("ContactType") == list(CONTACT_TYPES)
        assert _export(reopened.getObject(analysis_name)).model.contacts == before
    finally:
        App.closeDocument(reopened.Name)
