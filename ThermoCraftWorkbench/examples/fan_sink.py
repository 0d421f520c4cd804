"""A fan-cooled heat sink: a 40 x 40 mm aluminium sink (3 mm base, six 1.5 mm fins 20 mm
tall along x) on a 5 W power block, a 40 mm library fan blowing along +x through the fins'
bounding box (the region); the rest cools by natural convection from correlations."""

import FreeCAD as App
import Part

from ThermoCraftWorkbench.objects.analysis import make_analysis
from ThermoCraftWorkbench.objects.condition import make_condition
from ThermoCraftWorkbench.objects.material import make_material
from ThermoCraftWorkbench.objects.regions import make_flow_region

FAN = "lib:Fan-40x20-ADDA-AD0412HB-C50"
SINK, BASE, FIN, FINS = 40.0, 3.0, (1.5, 20.0), 6


def _sink():
    thickness, height = FIN
    pitch = (SINK - thickness) / (FINS - 1)
    sink = Part.makeBox(SINK, SINK, BASE)
    for i in range(FINS):
        sink = sink.fuse(Part.makeBox(SINK, thickness, height, App.Vector(0, i * pitch, BASE)))
    return sink.removeSplitter()


def setup(doc):
    analysis = make_analysis(doc)
    analysis.FilmCoefficientMode = "Automatic"
    analysis.Radiation = False
    analysis.MaxCellSize = 1.5
    sink = doc.addObject("Part::Feature", "HeatSink")
    sink.Shape = _sink()
    chip = doc.addObject("Part::Box", "Chip")
    chip.Length, chip.Width, chip.Height = 15.0, 15.0, 2.0
    chip.Placement.Base = App.Vector(12.5, 12.5, -2.0)
    doc.recompute()
    for obj in (
        make_material(doc, [(sink, ())], name="Aluminium", Source="Library",
                      LibraryMaterial="Aluminum 6061-T6"),
        make_material(doc, [(chip, ())], name="Silicon", MaterialName="silicon",
                      Conductivity=150.0),
        make_condition(doc, "Power", [(chip, ())], name="ChipPower", Power=5.0),
        make_flow_region(doc, [(sink, ())], name="Fan", FlowSource="Fan", Fan=FAN),
    ):
        analysis.addObject(obj)
    doc.recompute()
    return analysis
