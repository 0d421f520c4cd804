"""A 40 x 40 x 1.6 mm board in still air with two parts: U1, a 10 x 10 mm package with both
theta_JC and theta_JB (the solver's JEDEC two-resistor compact model: its junction temperature
is reported), and R1, a resistor body without compact-model data (its case temperature is).
Small and coarse: the fixture of the junction-label and report tests."""

import FreeCAD as App

from ThermoCraftWorkbench.objects.analysis import make_analysis
from ThermoCraftWorkbench.objects.component import make_component
from ThermoCraftWorkbench.objects.material import make_material
from ThermoCraftWorkbench.placement import board_face

U1 = dict(BodyLength=10.0, BodyWidth=10.0, BodyHeight=1.0, Power=2.0, ThetaJC=2.0,
          ThetaJB=8.0, TjMax=70.0)


def setup(doc):
    analysis = make_analysis(doc)
    analysis.DefaultFilmCoefficient = 15.0
    analysis.Radiation = False
    analysis.MeshFineness = "Coarse"
    board = doc.addObject("Part::Box", "Board")
    board.Length, board.Width, board.Height = 40, 40, 1.6
    doc.recompute()
    top = board_face(board, "Top")
    u1 = make_component(doc, name="U1", support=(board, [top]), RefDes="U1",
                        PartName="10x10mm", Position=App.Vector(20, 20, 1.6), **U1)
    r1 = make_component(doc, name="R1", support=(board, [top]), RefDes="R1", PartName="2512",
                        Position=App.Vector(8, 32, 1.6), BodyLength=6.3, BodyWidth=3.2,
                        BodyHeight=0.6, Power=0.25, Rotation=90)
    items = [make_material(doc, [(board, ())], name="FR4", MaterialName="FR4",
                           Orthotropic=True, ConductivityX=20.0, ConductivityY=20.0,
                           ConductivityZ=0.5, Density=1850.0, SpecificHeat=1100.0),
             u1, r1]
    for obj in items:
        analysis.addObject(obj)
    doc.recompute()
    return analysis
