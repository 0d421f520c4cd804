"""A sealed enclosure object in the document marks the box it references as an enclosure:
the air inside becomes one node, solved."""

import pytest


def _heated_box(doc):
    """A 100 x 100 x 60 mm aluminium-like box with 5 mm walls around a 1 W block: the
    analysis and the box."""
    import FreeCAD as App
    import Part

    from ThermoCraftWorkbench.objects.analysis import make_analysis
    from ThermoCraftWorkbench.objects.condition import make_condition
    from ThermoCraftWorkbench.objects.material import make_material
    box = doc.addObject("Part::Feature", "Box")
    box.Shape = Part.makeBox(100, 100, 60).cut(Part.makeBox(90, 90, 50, App.Vector(5, 5, 5)))
    block = doc.addObject("Part::Box", "Block")
    block.Length = block.Width = block.Height = 20.0
    block.Placement.Base = App.Vector(40, 40, 20)
    doc.recompute()
    analysis = make_analysis(doc)
    analysis.addObject(make_material(doc, [(box, ()), (block, ())], Conductivity=200.0))
    analysis.addObject(make_condition(doc, "Power", [(block, ())], Power=1.0))
    return analysis, box


def test_a_sealed_enclosure_marks_its_box_and_the_air_is_solved(doc):
    from ThermoCraftWorkbench.export import export_analysis
    from ThermoCraftWorkbench.objects.regions import make_sealed_enclosure
    analysis, box = _heated_box(doc)
    inner = next(f"Face{i}" for i, f in enumerate(box.Shape.Faces, start=1)
                 if f.BoundBox.ZMin > 4 and f.BoundBox.ZMax < 6)  # the inner floor
    analysis.addObject(make_sealed_enclosure(doc, [(box, (inner,))]))
    out = export_analysis(analysis)
    assert out.problems == []
    flags = {b.name: b.enclosure for b in out.model.bodies}
    assert flags == {"Box": True, "Block": None}
    from solver.api import solve
    s = solve(out.model).summary
    [e] = s["enclosures"]
    assert e["body"] == "Box" and e["heat_in_W"] == pytest.approx(1.0, rel=1e-6)
    assert s["bodies"]["Box"]["t_max_C"] < e["air_T_C"] < s["bodies"]["Block"]["t_min_C"]


def test_a_sealed_enclosure_on_nothing_is_a_problem(doc):
    from ThermoCraftWorkbench.export import export_analysis
    from ThermoCraftWorkbench.objects.analysis import make_analysis
    from ThermoCraftWorkbench.objects.material import make_material
    from ThermoCraftWorkbench.objects.regions import make_sealed_enclosure
    box = doc.addObject("Part::Box", "Lonely")
    doc.recompute()
    analysis = make_analysis(doc)
    analysis.addObject(make_material(doc, [(box, ())], Conductivity=5.0))
    analysis.addObject(make_sealed_enclosure(doc, name="Air"))
    out = export_analysis(analysis)
    by_object = {out.source_of(p.path): p.message for p in out.problems}
    assert "references no solid" in by_object["Air"]


def test_a_vented_enclosure_exports_its_vents_and_the_air_runs_cooler(doc):
    from solver.api import solve
    from ThermoCraftWorkbench.export import export_analysis
    from ThermoCraftWorkbench.objects.regions import make_sealed_enclosure
    analysis, box = _heated_box(doc)
    air = make_sealed_enclosure(doc, [(box, ())])
    analysis.addObject(air)
    sealed = solve(export_analysis(analysis).model).summary["enclosures"][0]
    air.Vented = True
    air.InletArea, air.OutletArea, air.VentHeight = 400.0, 400.0, 40.0
    out = export_analysis(analysis)
    assert out.problems == []
    v = out.model.bodies[0].vents
    assert [v.inlet_area, v.outlet_area, v.height, v.discharge_coefficient] == pytest.approx(
        [4e-4, 4e-4, 0.04, 0.6], rel=1e-12)
    assert out.model.bodies[1].vents is None
    [e] = solve(out.model).summary["enclosures"]
    assert 0.0 < e["vents"]["heat_out_W"] < 1.0
    assert e["air_T_C"] < sealed["air_T_C"]


def test_an_enclosure_saved_before_the_vents_gets_them_unvented(doc):
    from ThermoCraftWorkbench.objects.regions import make_sealed_enclosure
    air = make_sealed_enclosure(doc)
    for name in ("Vented", "InletArea", "OutletArea", "VentHeight", "DischargeCoefficient"):
        air.removeProperty(name)
    air.Proxy.onDocumentRestored(air)
    assert air.Vented is False and air.DischargeCoefficient == 0.6
