"""Components with the pad compact model: a library TO-220 (theta_JC(bottom), no theta_JB)
placed on a box board (its top; or the side face of a box or mesh block: ``face``) exports
as ``model: "pad"``, solves with its Tj on the objects, labels and result panel; a pad
component without theta_JC(bottom) is an export problem naming it; a component saved before
the compact-model choice existed reopens as a two-resistor one and exports as before."""

import math

import pytest

from solver.api import solve
from solver.library import default_library
from solver.library.parts import package_of
from solver.model import to_dict, validate

TO220 = "lib:TO-220-KC-TL780"  # TI SLVS055M: theta_JC 17, theta_JP 3 K/W, no theta_JB


def _with_to220(doc, **values):
    """The chip-board example with a library TO-220 placed on its board's top face."""
    import FreeCAD as App

    from ThermoCraftWorkbench.examples import chip_board
    from ThermoCraftWorkbench.library_items import component_values
    from ThermoCraftWorkbench.objects.component import make_component
    from ThermoCraftWorkbench.placement import board_face
    analysis = chip_board.setup(doc)
    board = doc.getObject("Board")
    q1 = make_component(doc, name="Q1", support=(board, [board_face(board, "Top")]),
                        RefDes="Q1", Position=App.Vector(30, 10, 1.6),
                        **{**component_values(default_library().get(TO220)), "Power": 1.5,
                           **values})
    analysis.addObject(q1)
    doc.recompute()
    return analysis, q1


def _solved_entry(doc, **values):
    from ThermoCraftWorkbench.export import export_analysis
    analysis, q1 = _with_to220(doc, **values)
    out = export_analysis(analysis)
    assert out.problems == []
    model = out.model
    assert validate(model) == []
    comp = next(c for c in model.components if c.name == "Q1")
    summary = solve(model).summary
    return analysis, q1, comp, summary


def test_a_library_to220_on_a_box_board_is_a_pad_model_with_its_junction(doc):
    """The hand figures of the pad network: the legs carry all the power, Tj sits theta_JP
    above the board face by the pad leg's heat and theta_JC above the case top by the top
    leg's; the object, the label and the panel read the summary's Tj."""
    from ThermoCraftWorkbench.junctions import label, panel_lines
    from ThermoCraftWorkbench.solvejob import apply_summary
    analysis, q1, comp, summary = _solved_entry(doc)
    assert q1.CompactModel == "Pad" and q1.ThetaJCBottom == 3.0 and q1.ThetaJB == 0.0
    assert (comp.model, comp.part, comp.board, comp.side) == ("pad", TO220, "Board", "top")
    pkg = comp.package
    assert (pkg.theta_jc_bottom, pkg.theta_jc, pkg.theta_jb) == (3.0, 17.0, None)
    assert (pkg.length, pkg.width, pkg.height) == pytest.approx((0.01, 0.015, 0.0045))
    embedded = package_of(TO220, model="pad")  # what the solver's embed writes for the part
    for name in ("length", "width", "height", "theta_jc", "theta_jb", "theta_jc_bottom",
                 "tj_max"):
        assert getattr(pkg, name) == pytest.approx(getattr(embedded, name)), name
    entry = summary["components"]["Q1"]
    top, pad = entry["legs"]["top"], entry["legs"]["board"]
    assert top["heat_W"] + pad["heat_W"] == pytest.approx(1.5, rel=1e-6)
    assert entry["Tj_C"] == pytest.approx(entry["T_board_C"] + 3.0 * pad["heat_W"], abs=1e-6)
    assert entry["Tj_C"] == pytest.approx(entry["T_case_top_C"] + 17.0 * top["heat_W"],
                                          abs=1e-6)
    apply_summary(analysis, summary)
    assert q1.JunctionTemperature == entry["Tj_C"] and q1.JunctionStatus == entry["status"]
    text, _colour = label("Q1", entry, None, q1.CaseTemperature)
    assert text == f"Q1: Tj {entry['Tj_C']:.1f} °C {entry['status']}"
    lines = panel_lines(summary["components"], {"Q1": "Q1 (TO-220)"})
    assert f"Q1 (TO-220): Tj {entry['Tj_C']:.1f} °C, Tj max 150.0 °C" in \
        next(line for line in lines if line.startswith("Q1"))


def test_a_pad_component_without_theta_jc_has_no_top_leg_and_still_reads_tj(doc):
    """No theta_JC: no top leg (``legs.top``, ``T_case_top_C`` None), all the power through
    the pad, Tj = T_board + theta_JP P; the label and panel read Tj all the same."""
    from ThermoCraftWorkbench.junctions import label, panel_lines
    _analysis, _q1, comp, summary = _solved_entry(doc, ThetaJC=0.0)
    assert comp.package.theta_jc is None
    entry = summary["components"]["Q1"]
    assert entry["legs"]["top"] is None and entry["T_case_top_C"] is None
    assert entry["legs"]["board"]["heat_W"] == pytest.approx(1.5, rel=1e-6)
    assert entry["Tj_C"] == pytest.approx(entry["T_board_C"] + 3.0 * 1.5, abs=1e-6)
    assert label("Q1", entry, None, math.nan)[0].startswith(f"Q1: Tj {entry['Tj_C']:.1f} °C")
    assert any(line.startswith(f"Q1: Tj {entry['Tj_C']:.1f} °C")
               for line in panel_lines(summary["components"], {}))


def test_a_pad_component_without_theta_jc_bottom_is_an_export_problem(doc):
    from ThermoCraftWorkbench.export import export_analysis
    analysis, q1 = _with_to220(doc, ThetaJCBottom=0.0)
    q1.Label = "Q1 regulator"
    out = export_analysis(analysis)
    [problem] = out.problems
    assert problem.path == "Q1 regulator" and "ThetaJCBottom" in problem.message
    assert out.source_of(problem.path) == "Q1"


def test_the_two_resistor_choice_exports_the_library_to220_as_before(doc):
    """Chosen "Two-resistor", the TO-220 (no theta_JB) is the plain powered body it was
    before the pad model: the documented fallback of a two-resistor component without
    both thetas."""
    from ThermoCraftWorkbench.export import export_analysis
    analysis, _q1 = _with_to220(doc, CompactModel="Two-resistor")
    out = export_analysis(analysis)
    assert out.problems == [] and [c.name for c in out.model.components] == ["U1"]
    assert next(b for b in out.model.bodies if b.name == "Q1").power == 1.5


def test_a_component_saved_before_the_model_choice_reopens_and_exports_as_before(doc,
                                                                                 tmp_path):
    import FreeCAD

    from ThermoCraftWorkbench.examples import chip_board
    from ThermoCraftWorkbench.export import export_analysis
    from ThermoCraftWorkbench.objects.component import COMPACT_MODELS
    analysis = chip_board.setup(doc)
    before = to_dict(export_analysis(analysis).model)
    for name in ("U1", "R1"):  # as saved before the properties existed
        for prop in ("CompactModel", "ThetaJCBottom"):
            doc.getObject(name).removeProperty(prop)
    doc.saveAs(str(tmp_path / "old-components.FCStd"))
    FreeCAD.closeDocument(doc.Name)
    reopened = FreeCAD.openDocument(str(tmp_path / "old-components.FCStd"))
    try:
        u1 = reopened.getObject("U1")
        assert (u1.CompactModel, u1.ThetaJCBottom) == ("Two-resistor", 0.0)
        assert u1.getEnumerationsOfProperty("CompactModel") == list(COMPACT_MODELS)
        after = to_dict(export_analysis(reopened.getObject("ThermalAnalysis")).model)
        after.pop("name")
        before.pop("name")
        assert after == before
        assert "model" not in after["components"][0]
    finally:
        FreeCAD.closeDocument(reopened.Name)


def test_a_pick_and_place_line_naming_a_to220_places_a_pad_component(doc):
    from ThermoCraftWorkbench.examples import chip_board
    from ThermoCraftWorkbench.export import export_analysis
    from ThermoCraftWorkbench.placement import place_components
    analysis = chip_board.setup(doc)
    [q2] = place_components(analysis, doc.getObject("Board"),
                            f"Ref,Package,PosX,PosY\nQ2,{TO220},30,30\n")
    assert (q2.CompactModel, q2.ThetaJCBottom, q2.ThetaJC) == ("Pad", 3.0, 17.0)
    out = export_analysis(analysis)
    assert out.problems == []
    assert [(c.name, c.model) for c in out.model.components] == [("U1", None), ("Q2", "pad")]


@pytest.mark.parametrize("shape", ["box", "fused"])
def test_a_to220_on_a_blocks_side_face_exports_its_face_and_gets_a_junction(doc, shape):
    """A TO-220 with its tab on the +X side face of an aluminium block (a box body, or a
    mesh body when the block is not a plain box: a fin fused on its back) is the pad model
    with ``face`` (``xmax``, or the mesh's ``FaceN``) and the position in the face's (y, z)
    plane; Tj sits theta_JP above the face under the tab by the pad leg's heat."""
    import FreeCAD as App
    import Part

    from ThermoCraftWorkbench.examples import face_by_normal
    from ThermoCraftWorkbench.export import export_analysis
    from ThermoCraftWorkbench.library_items import component_values
    from ThermoCraftWorkbench.objects.analysis import make_analysis
    from ThermoCraftWorkbench.objects.component import make_component
    from ThermoCraftWorkbench.objects.material import make_material
    analysis = make_analysis(doc)
    analysis.DefaultFilmCoefficient = 15.0
    analysis.Radiation = False
    analysis.MeshFineness = "Coarse"
    block = doc.addObject("Part::Feature", "Block")
    solid = Part.makeBox(20, 30, 20)
    if shape == "fused":
        solid = solid.fuse(Part.makeBox(2, 30, 20, App.Vector(-10, 0, 0))).fuse(
            Part.makeBox(10, 4, 20, App.Vector(-8, 13, 0))).removeSplitter()
    block.Shape = solid
    doc.recompute()
    face = face_by_normal(block, (1, 0, 0), at=(20, 0, 0))
    q1 = make_component(doc, name="Q1", support=(block, [face]), RefDes="Q1",
                        Position=App.Vector(20, 12, 9), Rotation=90,
                        **{**component_values(default_library().get(TO220)), "Power": 2.0})
    for obj in (make_material(doc, [(block, ())], name="Al", MaterialName="Al",
                              Conductivity=200.0, Density=2700.0, SpecificHeat=900.0), q1):
        analysis.addObject(obj)
    doc.recompute()
    out = export_analysis(analysis)
    assert out.problems == []
    [comp] = out.model.components
    assert (comp.board, comp.side, comp.model) == ("Block", None, "pad")
    assert comp.face == ("xmax" if shape == "box" else face)
    assert comp.position == pytest.approx([0.012, 0.009]) and comp.rotation == 90.0
    assert validate(out.model) == []
    entry = solve(out.model).summary["components"]["Q1"]
    pad = entry["legs"]["board"]
    assert pad["element"] == "theta_jc_bottom" and pad["heat_W"] > 1.0
    assert entry["Tj_C"] == pytest.approx(entry["T_board_C"] + 3.0 * pad["heat_W"], abs=1e-6)


GREASED = "lib:TIM-grease-TO-220-greased"  # theta_CS 0.5 K/W greased (IRF620, NTE2941)


def test_a_library_tim_interface_exports_embedded_and_adds_its_theta_cs(doc):
    """Interface "Library TIM": the export writes ``interface.tim`` with the TIM's figures
    embedded (as the solver's embedding writes them); the solve puts its 0.5 K/W in series
    with theta_JP: Tj - T_face = (3 + 0.5) x the board leg's heat, its drop in the summary."""
    from solver.library.tims import tim_figures
    from solver.model import Interface
    _analysis, _q1, comp, summary = _solved_entry(doc, Interface="Library TIM",
                                                  InterfaceTIM=GREASED)
    assert comp.interface == Interface(tim=GREASED, tim_item=tim_figures(GREASED))
    assert comp.interface.tim_item.resistance == 0.5
    entry = summary["components"]["Q1"]
    q = entry["legs"]["board"]["heat_W"]
    assert entry["Tj_C"] == pytest.approx(entry["T_board_C"] + 3.5 * q, abs=1e-6)
    leg = entry["legs"]["interface"]
    assert (leg["source"], leg["theta_K_W"]) == (GREASED, 0.5)
    assert leg["dT_K"] == pytest.approx(0.5 * q)


def test_a_resistance_and_a_tim_bond_line_export_in_model_units(doc):
    """Interface "Resistance" exports its K/W; a conductivity-only TIM (SAC305) exports its
    bond line in metres (InterfaceThickness 0.1 mm) and validates; other fields unused."""
    from ThermoCraftWorkbench.export import export_analysis
    analysis, q1 = _with_to220(doc, Interface="Resistance", InterfaceResistance=1.2,
                               InterfaceTIM=GREASED)
    comp = next(c for c in export_analysis(analysis).model.components if c.name == "Q1")
    assert (comp.interface.resistance, comp.interface.tim) == (1.2, None)
    q1.Interface, q1.InterfaceTIM, q1.InterfaceThickness = \
        "Library TIM", "lib:TIM-solder-SAC305", 0.1
    doc.recompute()
    out = export_analysis(analysis)
    comp = next(c for c in out.model.components if c.name == "Q1")
    assert comp.interface.tim == "lib:TIM-solder-SAC305"
    assert comp.interface.thickness == pytest.approx(1e-4)
    assert comp.interface.tim_item.conductivity == 58
    assert out.problems == [] and validate(out.model) == []


def test_an_unknown_tim_is_named_at_the_component_and_a_plain_body_refuses_one(doc):
    from ThermoCraftWorkbench.export import export_analysis
    analysis, q1 = _with_to220(doc, Interface="Library TIM", InterfaceTIM="lib:no-such-tim")
    out = export_analysis(analysis)
    [problem] = [p for p in validate(out.model) if "interface" in p.path]
    assert "unknown library item 'lib:no-such-tim'" in problem.message
    assert out.source_of(problem.path) == "Q1"
    q1.CompactModel = "Two-resistor"  # no theta_JB: a plain body, with no leg to add it to
    doc.recompute()
    [problem] = export_analysis(analysis).problems
    assert problem.path == "Q1" and "Interface" in problem.message


def test_a_component_saved_before_the_interface_reopens_without_one(doc, tmp_path):
    """A document saved before the Interface properties existed opens with Interface
    "None" and exports as before (no ``interface``)."""
    import FreeCAD

    from ThermoCraftWorkbench.export import export_analysis
    from ThermoCraftWorkbench.objects.component import INTERFACES
    analysis, q1 = _with_to220(doc)
    before = to_dict(export_analysis(analysis).model)
    for name in ("U1", "Q1"):
        for prop in ("Interface", "InterfaceResistance", "InterfaceTIM", "InterfaceThickness"):
            doc.getObject(name).removeProperty(prop)
    doc.saveAs(str(tmp_path / "old-interface.FCStd"))
    FreeCAD.closeDocument(doc.Name)
    reopened = FreeCAD.openDocument(str(tmp_path / "old-interface.FCStd"))
    try:
        q1 = reopened.getObject("Q1")
        assert (q1.Interface, q1.InterfaceResistance, q1.InterfaceTIM) == ("None", 0.0, "")
        assert q1.InterfaceThickness.Value == 0.0
        assert q1.getEnumerationsOfProperty("Interface") == list(INTERFACES)
        after = to_dict(export_analysis(reopened.getObject("ThermalAnalysis")).model)
        after.pop("name")
        before.pop("name")
        assert after == before
        assert all("interface" not in c for c in after["components"])
    finally:
        FreeCAD.closeDocument(reopened.Name)
