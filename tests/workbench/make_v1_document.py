"""Write tests/workbench/data/slab-v1.FCStd: the slab example saved by the workbench's first
version. Run once per format break only (the file is committed; old files must keep opening):
    PYTHONPATH=$PWD python tests/workbench/make_v1_document.py"""

from pathlib import Path

from ThermoCraftWorkbench.standalone import start_freecad

FreeCAD = start_freecad()
from ThermoCraftWorkbench.examples import slab  # noqa: E402

out = Path(__file__).parent / "data" / "slab-v1.FCStd"
out.parent.mkdir(exist_ok=True)
doc = FreeCAD.newDocument("slab_v1")
slab.setup(doc)
doc.saveAs(str(out))
print(out)
