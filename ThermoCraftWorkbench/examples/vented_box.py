"""The demo: a 4-layer board with a Freescale K20 microcontroller (LQFP-100) and a TI
DAC81404 (VQFN-32), placed from a pick-and-place list naming library parts, and a TI TL780
regulator (TO-220) on its finned heat sink, on four standoffs inside a vented aluminium box
(slots cut in one side wall and the lid). Everything is Part scripting; dimensions in mm.

The figures come from the library (``library_data/``, each with its source): U1 and U2 are
two-resistor compact models (theta_JC, theta_JB, body, Tj max from their data sheets; the
DAC81404's Tj max is its absolute maximum 150 degC, SLASEH2A), Q1 is the pad compact model
on the sink's front face (TI SLVS055M: theta_JP 3 K/W junction to the tab, as
``theta_jc_bottom``, on the board leg; theta_JC 17 K/W to the package top; Tj max 150 degC)
with its tab greased to the sink (the interface lib:TIM-grease-TO-220-greased, theta_CS
0.5 K/W from the IRF620 and NTE2941 data sheets, in series with theta_JP), so all three get
a junction temperature; the board is the
JESD51-7 2s2p stack-up as an orthotropic slab, box and sink black-anodised 6063-T5 (its
emissivity 0.85 sourced), the standoffs 70/30 brass. Not from the library: emissivities the
library leaves out (board, brass, package bodies) keep the contract's default 0.9 (a solder
mask and mould compound are near it; bare brass is lower, but the standoffs radiate under
1 mW), and the package bodies' heat capacity (a steady solve does not use it). No film
coefficient is typed: every exposed face gets natural convection from correlations (orientation
to gravity, patch size, film temperature) and surface-to-surface radiation (view factors
between the faces, blocking by the solids; what an outer face does not see goes to the
surroundings at ambient).

The box is a vented enclosure: the open air within it is one air node, coupled to every
surface inside by natural convection and vented by the stack effect through its slots (the
inlet: the side slots, the outlet: the lid slots, their areas and the height between their
centres computed from the slots' dimensions below; sharp-edged, discharge coefficient 0.6).

Limitations: the air inside is one well-mixed node (no stratification, no jet from the slots
onto the parts); the faces inside radiate out through the slots, seeing what is outside as
the room; the TO-220's tab joins the sink over its whole body footprint through theta_JP and
the greased theta_CS (the data sheets' figure for a TO-220, no area scaling; a mica washer
would add more), and its leads carry no heat (the pad model's board leg is the tab only).

Powers: the library holds no dissipation for these parts (their sources give none), so they
are chosen loads, well inside what the data sheets' own figures allow in still air:
(Tj max - Ta) / theta_JA(2s2p) = (125 - 25) / 35 = 2.9 W for the K20; the DAC's 0.3 W at TI's
theta_JA 29.3 K/W is about +9 K; the TL780 at 3 W (e.g. 12 V in, 5 V out at 0.43 A) is within
its 150 degC Tj max through theta_JP 3 K/W to the tab and the sink.
"""

import FreeCAD as App
import Part

from ThermoCraftWorkbench.examples import face_by_normal
from ThermoCraftWorkbench.objects.analysis import make_analysis
from ThermoCraftWorkbench.objects.component import make_component
from ThermoCraftWorkbench.objects.material import make_material
from ThermoCraftWorkbench.objects.probe import make_probe
from ThermoCraftWorkbench.objects.regions import make_sealed_enclosure
from ThermoCraftWorkbench.placement import place_components

BOX = (140.0, 110.0, 45.0)
WALL = 2.0
BOARD_ORIGIN = (20.0, 15.0, 8.0)
BOARD = (100.0, 80.0, 1.6)
PLACEMENTS = """Ref,Package,PosX,PosY,Rot,Side,Power
U1,lib:LQFP-100-K20,25,40,0,top,0.4
U2,lib:VQFN-32-RHB-DAC81404,62,58,0,top,0.3
"""
Q1_PART = "lib:TO-220-KC-TL780"
Q1_POWER = 3.0
Q1_INTERFACE = "lib:TIM-grease-TO-220-greased"  # theta_CS 0.5 K/W, the tab greased
BOARD_STACKUP = "lib:JESD51-7-2s2p"  # 1.6 mm, as BOARD
ALUMINIUM = "lib:Al-6063-T5-black-anodised"
SIDE_SLOTS = 7  # in the -x wall, SIDE_SLOT (y, z) each, the first at SIDE_SLOT_AT (y, z)
SIDE_SLOT, SIDE_SLOT_AT, SIDE_SLOT_PITCH = (4.0, 20.0), (20.0, 12.0), 10.0
LID_SLOTS = 6  # in the lid, LID_SLOT (x, y) each, the first at LID_SLOT_AT (x, y)
LID_SLOT, LID_SLOT_AT, LID_SLOT_PITCH = (60.0, 4.0), (40.0, 25.0), 12.0
BRASS = "lib:Brass-70-30"


def _enclosure():
    lx, ly, lz = BOX
    shell = Part.makeBox(lx, ly, lz).cut(
        Part.makeBox(lx - 2 * WALL, ly - 2 * WALL, lz - 2 * WALL, App.Vector(WALL, WALL, WALL)))
    (ax, ay), (sy, sz) = LID_SLOT_AT, SIDE_SLOT_AT
    vents = [Part.makeBox(*LID_SLOT, WALL + 2, App.Vector(ax, ay + LID_SLOT_PITCH * i,
                                                         lz - WALL - 1))
             for i in range(LID_SLOTS)]
    vents += [Part.makeBox(WALL + 2, *SIDE_SLOT, App.Vector(-1, sy + SIDE_SLOT_PITCH * i, sz))
              for i in range(SIDE_SLOTS)]
    for vent in vents:
        shell = shell.cut(vent)
    return shell


def _vents() -> dict:
    """The enclosure's vents from its slots (mm^2, mm): the side slots are the inlet, the lid
    slots the outlet, the height from the side slots' centre to the lid's mid-plane."""
    return {"Vented": True, "InletArea": SIDE_SLOTS * SIDE_SLOT[0] * SIDE_SLOT[1],
            "OutletArea": LID_SLOTS * LID_SLOT[0] * LID_SLOT[1],
            "VentHeight": (BOX[2] - WALL / 2) - (SIDE_SLOT_AT[1] + SIDE_SLOT[1] / 2)}


def _heat_sink():
    """A vertical base plate (x 80..110, y 30..34) with four 2.5 mm fins towards +y, on the
    board (fins thick enough for the Fine grid to resolve)."""
    z0 = BOARD_ORIGIN[2] + BOARD[2]
    sink = Part.makeBox(30, 4, 30, App.Vector(80, 30, z0))
    for i in range(4):
        sink = sink.fuse(Part.makeBox(2.5, 15, 30, App.Vector(80.5 + 8.5 * i, 34, z0)))
    return sink.removeSplitter()


def setup(doc):
    from solver.library import default_library
    from ThermoCraftWorkbench.library_items import component_values
    analysis = make_analysis(doc)
    analysis.FilmCoefficientMode = "Automatic"
    analysis.RadiationExchange = "Surfaces"
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
                      LibraryMaterial=ALUMINIUM),
        make_material(doc, [(board, ())], name="Board4Layer", Source="Library",
                      LibraryMaterial=BOARD_STACKUP),
        make_material(doc, [(s, ()) for s in standoffs], name="Brass", Source="Library",
                      LibraryMaterial=BRASS),
    ]
    front = face_by_normal(sink, (0, -1, 0), at=(0, 30, 0))
    q1 = component_values(default_library().get(Q1_PART))
    to220 = make_component(doc, name="Q1", support=(sink, [front]),
                           Position=App.Vector(95, 30, BOARD_ORIGIN[2] + BOARD[2] + 15),
                           RefDes="Q1", **{**q1, "Power": Q1_POWER},
                           Interface="Library TIM", InterfaceTIM=Q1_INTERFACE)
    to220.Label = "Q1"
    enclosure = make_sealed_enclosure(doc, [(box, ())], name="VentedEnclosure")
    for prop, value in _vents().items():
        setattr(enclosure, prop, value)
    parts += [to220, enclosure, make_probe(doc, (45, 55, 10.5), name="U1Centre")]
    for obj in parts:
        analysis.addObject(obj)
    place_components(analysis, board, PLACEMENTS)
    doc.recompute()
    return analysis
