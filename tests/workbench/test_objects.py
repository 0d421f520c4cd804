"""Document objects: properties, save and reopen, new properties added on restore, the
document saved by the first version still opens and exports."""

import math
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"


def _reopen(doc, path):
    import FreeCAD
    doc.saveAs(str(path))
    FreeCAD.closeDocument(doc.Name)
    return FreeCAD.openDocument(str(path))


def test_the_demo_document_survives_save_and_reopen(doc, tmp_path):
    import FreeCAD

    from solver.model import to_dict
    from ThermoCraftWorkbench.examples import vented_box
    from ThermoCraftWorkbench.export import export_analysis
    from ThermoCraftWorkbench.objects.base import tc_type
    before = to_dict(export_analysis(vented_box.setup(doc)).model)
    reopened = _reopen(doc, tmp_path / "demo.FCStd")
    try:
        kinds = sorted(tc_type(o) for o in reopened.Objects if tc_type(o))
        assert kinds.count("ThermoCraft::Component") == 3
        assert {"ThermoCraft::Analysis", "ThermoCraft::Material", "ThermoCraft::Probe"} \
            <= set(kinds)
        analysis = reopened.getObject("ThermalAnalysis")
        after = to_dict(export_analysis(analysis).model)
        assert after.pop("name") == "demo"  # saveAs renames the document
        before.pop("name")
        assert after == before
    finally:
        FreeCAD.closeDocument(reopened.Name)


def test_a_property_missing_from_an_old_file_is_added_on_restore(doc, tmp_path):
    import FreeCAD

    from ThermoCraftWorkbench.objects.condition import make_condition
    cond = make_condition(doc, "Convection", [], name="C")
    cond.removeProperty("FluidTemperature")  # as if saved before the property existed
    reopened = _reopen(doc, tmp_path / "old.FCStd")
    try:
        cond = reopened.getObject("C")
        assert cond.FluidTemperature == 25.0
        assert cond.getEnumerationsOfProperty("Kind")[0] == "Power"
    finally:
        FreeCAD.closeDocument(reopened.Name)


def test_a_convection_condition_saved_without_shape_opens_with_the_body_default(doc, tmp_path):
    import FreeCAD

    from ThermoCraftWorkbench.objects.condition import SHAPES, make_condition
    cond = make_condition(doc, "Convection", [], name="C", FilmCoefficientMode="Automatic")
    cond.removeProperty("Shape")  # as saved before automatic convection had a Shape
    reopened = _reopen(doc, tmp_path / "old.FCStd")
    try:
        cond = reopened.getObject("C")
        assert cond.Shape == "From the body" and SHAPES[cond.Shape] is None
        assert cond.getEnumerationsOfProperty("Shape") == list(SHAPES)
    finally:
        FreeCAD.closeDocument(reopened.Name)


def test_the_document_saved_by_version_1_still_opens_and_exports():
    """tests/workbench/data/slab-v1.FCStd was written by make_v1_document.py with the first
    version of the workbench; it must keep opening as the objects evolve."""
    import FreeCAD

    from ThermoCraftWorkbench.export import export_analysis
    from ThermoCraftWorkbench.objects.base import tc_type
    doc = FreeCAD.openDocument(str(DATA / "slab-v1.FCStd"))
    try:
        analysis = doc.getObject("ThermalAnalysis")
        assert tc_type(analysis) == "ThermoCraft::Analysis"
        assert all(tc_type(o) for o in analysis.Group)
        out = export_analysis(analysis)
        assert out.problems == []
        assert [c.kind for c in out.model.conditions] == ["fixed_temperature", "heat_flux"]
        # settings newer than the file: added on restore, keeping what the file meant
        assert analysis.FilmCoefficientMode == "Fixed"
        assert out.model.ambient.natural_convection is False
        bottom = doc.getObject("Bottom")
        assert (bottom.FilmCoefficientMode, bottom.Orientation) == ("Fixed", "From gravity")
        assert bottom.CharacteristicLength.Value == 0.0
    finally:
        FreeCAD.closeDocument(doc.Name)


def test_a_flow_region_saved_with_a_direction_vector_reopens_with_its_axis(doc, tmp_path):
    """Flow regions saved before the flow solver had ``Direction`` (a vector) and
    ``VolumeFlow``; they reopen as the axis nearest that vector, the flow kept."""
    import FreeCAD

    from ThermoCraftWorkbench.objects.regions import make_flow_region
    fan = make_flow_region(doc, name="Fan", VolumeFlow=12.0)
    for name in ("FlowDirection", "FlowSource", "Velocity", "Fan", "FanCount", "BoxMin",
                 "BoxMax", "OpenArea", "InletAtAmbient", "InletTemperature"):
        fan.removeProperty(name)
    fan.addProperty("App::PropertyVector", "Direction", "Flow", "Flow direction")
    fan.Direction = FreeCAD.Vector(0.2, -0.9, 0.1)
    reopened = _reopen(doc, tmp_path / "old-fan.FCStd")
    try:
        fan = reopened.getObject("Fan")
        assert "Direction" not in fan.PropertiesList
        assert (fan.FlowDirection, fan.FlowSource, fan.VolumeFlow) == ("-y", "Volume flow", 12.0)
    finally:
        FreeCAD.closeDocument(reopened.Name)


def test_component_sits_on_its_support_face_and_follows_it(doc):
    import FreeCAD as App

    from ThermoCraftWorkbench.examples import face_by_normal
    from ThermoCraftWorkbench.objects.component import make_component
    board = doc.addObject("Part::Box", "Board")
    board.Length, board.Width, board.Height = 50, 40, 1.6
    doc.recompute()
    bottom = face_by_normal(board, (0, 0, -1))
    u = make_component(doc, "U", support=(board, [bottom]), Position=App.Vector(10, 10, 99),
                       BodyLength=5, BodyWidth=3, BodyHeight=1)
    bb = u.Shape.BoundBox
    assert (bb.ZMin, bb.ZMax) == pytest.approx((-1.0, 0.0))
    assert (bb.XMin, bb.XMax, bb.YMin, bb.YMax) == pytest.approx((7.5, 12.5, 8.5, 11.5))
    board.Placement.Base = App.Vector(0, 0, 5)
    doc.recompute()
    assert u.Shape.BoundBox.ZMax == pytest.approx(5.0)
    assert math.isnan(u.CaseTemperature)


def _analysis_with_board(doc):
    """An analysis and a 60 x 40 x 1.6 mm board (not yet in it) for placement lists."""
    from ThermoCraftWorkbench.objects.analysis import make_analysis
    board = doc.addObject("Part::Box", "Board")
    board.Length, board.Width, board.Height = 60, 40, 1.6
    doc.recompute()
    return make_analysis(doc), board


def test_components_from_a_pick_and_place_list(doc):
    from ThermoCraftWorkbench.objects.analysis import members
    from ThermoCraftWorkbench.placement import place_components
    from ThermoCraftWorkbench.pnp import PlacementError
    analysis, board = _analysis_with_board(doc)
    csv = ("Ref,Val,Package,PosX,PosY,Rot,Side,Power\n"
           "U1,MCU,QFN-48-1EP_7x7mm,20,20,90,top,0.5\n"
           "R1,10k,R_0603_1608Metric,40,10,0,bottom,0.01\n")
    u1, r1 = place_components(analysis, board, csv)
    assert members(analysis, "ThermoCraft::Component") == [u1, r1]
    assert (u1.BodyLength.Value, u1.BodyHeight.Value, u1.Power) == (7.0, 0.9, 0.5)
    bb = r1.Shape.BoundBox
    assert bb.ZMax == pytest.approx(0.0) and bb.Center.x == pytest.approx(40.0)
    assert r1.BodyLength.Value == 1.6
    with pytest.raises(PlacementError, match=r"line 2 \(X1\).*unknown package"):
        place_components(analysis, board, "Ref,Package,PosX,PosY\nX1,Mystery,1,1\n")


def test_a_pick_and_place_line_naming_a_library_part_places_that_package(doc):
    """``lib:ID`` in the part column: the library item's body (mm), thetas and Tj max, the
    list's power; an unknown id is refused with the closest package id."""
    from solver.library import default_library
    from ThermoCraftWorkbench.placement import place_components
    from ThermoCraftWorkbench.pnp import PlacementError
    analysis, board = _analysis_with_board(doc)
    csv = ("Ref,Package,PosX,PosY,Rot,Side,Power\n"
           "U1,lib:LQFP-100-K20,20,20,0,top,0.4\n"
           "U2,lib:VQFN-32-RHB-DAC81404,45,20,0,top,0.3\n"
           "U3,lib:VQFN-48-RGZ-CC2640R2F,54,20,0,top,0.1\n")
    u1, u2, u3 = place_components(analysis, board, csv)
    item = default_library().get("LQFP-100-K20").data
    assert (u1.PartName, u1.Power) == ("lib:LQFP-100-K20", 0.4)
    assert (u1.BodyLength.Value, u1.BodyWidth.Value, u1.BodyHeight.Value) == pytest.approx(
        tuple(item["body"][k] * 1e3 for k in ("length", "width", "height")))
    assert (u1.ThetaJC, u1.ThetaJB, u1.TjMax) == (item["theta_jc_top"], item["theta_jb"],
                                                  item["tj_max"])
    assert u2.TjMax == default_library().get("VQFN-32-RHB-DAC81404").data["tj_max"] == 150.0
    assert math.isnan(u3.TjMax)  # TI's table read gives none: unknown, not a default
    from ThermoCraftWorkbench.export import export_analysis
    analysis.addObject(_board_material(doc, board))
    comps = export_analysis(analysis).model.components
    assert [(c.part, c.package.tj_max) for c in comps] == \
        [("lib:LQFP-100-K20", 125.0), ("lib:VQFN-32-RHB-DAC81404", 150.0),
         ("lib:VQFN-48-RGZ-CC2640R2F", None)]
    with pytest.raises(PlacementError, match=r"line 2 \(X1\): unknown library part "
                                             r"'lib:LQFP-100-K2' \(did you mean "):
        place_components(analysis, board, "Ref,Package,PosX,PosY\nX1,lib:LQFP-100-K2,1,1\n")


def _board_material(doc, board):
    from ThermoCraftWorkbench.objects.material import make_material
    return make_material(doc, [(board, ())], Conductivity=1.0)
