"""A 10 x 10 x 2 mm slab, k = 1 W/(m K): bottom face held at 20 degC, 1000 W/m^2 into the top
face, every other face adiabatic. One-dimensional conduction: the top is at
20 + q L / k = 22 degC (Incropera, Fundamentals of Heat and Mass Transfer, eq. 3.3)."""

from ThermoCraftWorkbench.examples import face_by_normal
from ThermoCraftWorkbench.objects.analysis import make_analysis
from ThermoCraftWorkbench.objects.condition import make_condition
from ThermoCraftWorkbench.objects.material import make_material
from ThermoCraftWorkbench.objects.probe import make_probe

T_BOTTOM, FLUX, THICKNESS_M, K = 20.0, 1000.0, 0.002, 1.0
T_TOP = T_BOTTOM + FLUX * THICKNESS_M / K


def setup(doc):
    analysis = make_analysis(doc)
    analysis.Convection = False
    analysis.Radiation = False
    slab = doc.addObject("Part::Box", "Slab")
    slab.Length, slab.Width, slab.Height = 10, 10, 2
    doc.recompute()
    items = [
        make_material(doc, [(slab, ())], name="SlabMaterial", MaterialName="k1",
                      Conductivity=K),
        make_condition(doc, "FixedTemperature", [(slab, (face_by_normal(slab, (0, 0, -1)),))],
                       name="Bottom", Temperature=T_BOTTOM),
        make_condition(doc, "HeatFlux", [(slab, (face_by_normal(slab, (0, 0, 1)),))],
                       name="Top", HeatFlux=FLUX),
        make_probe(doc, (5, 5, 1.0), name="MidProbe"),
    ]
    for obj in items:
        analysis.addObject(obj)
    doc.recompute()
    return analysis
