"""The demo: a 4-layer board with a BGA and a QFN (placed from a pick-and-place list) and a
TO-220 on its finned heat sink, on four standoffs inside a vented aluminium box. Everything is
Part scripting; dimensions in mm."""

import FreeCAD as App
import Part

from ThermoCraftWorkbench.examples import face_by_normal
from ThermoCraftWorkbench.objects.analysis import make_analysis
from ThermoCraftWorkbench.objects.component import make_component
from ThermoCraftWorkbench.objects.condition import make_condition
from ThermoCraftWorkbench.objects.material import make_material
from ThermoCraftWorkbench.objects.probe import make_probe
from ThermoCraftWorkbench.placement import place_components

BOX = (140.0, 110.0, 45.0)
WALL = 2.0
BOARD_ORIGIN = (20.0, 15.0, 8.0)
BOARD = (100.0, 80.0, 1.6)
PLACEMENTS = """Ref,Package,PosX,PosY,Rot,Side,Power
U1,BGA-256_17.0x17.0mm,25,40,0,top,4.0
U2,QFN-32-1EP_5x5mm,62,58,0,top,0.8
"""


def _enclosure():
    lx, ly, lz = BOX
    shell = Part.makeBox(lx, ly, lz).cut(
        Part.makeBox(lx - 2 * WALL, ly - 2 * WALL, lz - 2 * WALL, App.Vector(WALL, WALL, WALL)))
    vents = [Part.makeBox(60, 4, WALL + 2, App.Vector(40, 25 + 12 * i, lz - WALL - 1))
             for i in range(6)]
    vents += [Part.makeBox(WALL + 2, 4, 20, App.Vector(-1, 20 + 10 * i, 12)) for i in range(7)]
    for vent in vents:
        shell = shell.cut(vent)
    return shell


def _heat_sink():
    """A vertical base plate (x 80..110, y 30..34) with four 2.5 mm fins towards +y, on the
    board (fins thick enough for the Fine grid to resolve)."""
    z0 = BOARD_ORIGIN[2] + BOARD[2]
    sink = Part.makeBox(30, 4, 30, App.Vector(80, 30, z0))
    for i in range(4):
        sink = sink.fuse(Part.makeBox(2.5, 15, 30, App.Vector(80.5 + 8.5 * i, 34, z0)))
    return sink.removeSplitter()


def setup(doc):
    analysis = make_analysis(doc)
    analysis.DefaultFilmCoefficient = 6.0
    analysis.MeshFineness = "Fine"
    box = doc.addObject("Part::Feature", "Enclosure")
    box.Shape = _enclosure()
    board = doc.addObject("Part::Box", "Board")
    board.Length, board.Width, board.Height = BOARD
    board.Placement.Base = App.Vector(*BOARD_ORIGIN)
    standoffs = []
    for i, (x, y) in enumerate(((25, 20), (115, 20), (25, 90), (115, 90)), start=1):
        s = doc.addObject("Part::Cylinder", f"Standoff{i}")
        s.Radius, s.Height = 3.0, BOARD_ORIGIN[2] - WALL
        s.Placement.Base = App.Vector(x, y, WALL)
        standoffs.append(s)
    sink = doc.addObject("Part::Feature", "HeatSink")
    sink.Shape = _heat_sink()
    doc.recompute()
    parts = [
        make_material(doc, [(box, ()), (sink, ())], name="Aluminium", Source="Library",
                      LibraryMaterial="Aluminum 6061-T6", Emissivity=0.8),
        make_material(doc, [(board, ())], name="FR4", MaterialName="FR4 4-layer",
                      Orthotropic=True, ConductivityX=18.0, ConductivityY=18.0,
                      ConductivityZ=0.45, Density=1900.0, SpecificHeat=1100.0,
                      DataSource="effective 4-layer board, 2 x 35 um copper planes"),
        make_material(doc, [(s, ()) for s in standoffs], name="Brass", MaterialName="brass",
                      Conductivity=110.0, Density=8500.0, SpecificHeat=380.0,
                      Emissivity=0.3),
        make_condition(doc, "Convection", [(sink, ())], name="VentedAirOnSink",
                       FilmCoefficient=12.0),
    ]
    front = face_by_normal(sink, (0, -1, 0), at=(0, 30, 0))
    to220 = make_component(doc, name="Q1", support=(sink, [front]),
                           Position=App.Vector(95, 30, BOARD_ORIGIN[2] + BOARD[2] + 15),
                           RefDes="Q1", PartName="TO-220-3", BodyLength=10.0, BodyWidth=15.0,
                           BodyHeight=4.5, Power=3.0, ThetaJC=1.5, TjMax=150.0,
                           Conductivity=30.0)
    to220.Label = "Q1"
    parts += [to220, make_probe(doc, (45, 55, 10.5), name="U1Centre")]
    for obj in parts:
        analysis.addObject(obj)
    for comp in place_components(analysis, board, PLACEMENTS):
        comp.ThetaJC, comp.TjMax = (4.0, 105.0) if comp.RefDes == "U1" else (12.0, 125.0)
    doc.recompute()
    return analysis
