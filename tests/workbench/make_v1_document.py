"""Write tests/workbench/data/slab-v1.FCStd: the slab example saved by the workbench's first
version. Run once per format break only (the file is committed; old files must keep opening):
    PYTHONPATH=$PWD python tests/workbench/make_v1_document.py"""

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("FREECAD_USER_HOME", tempfile.mkdtemp())
sys.path.append(os.environ.get("FREECAD_LIB", "/usr/lib/freecad-python3/lib"))

import FreeCAD

from ThermoCraftWorkbench.examples import slab

out = Path(__file__).parent / "data" / "slab-v1.FCStd"
out.parent.mkdir(exist_ok=True)
doc = FreeCAD.newDocument("slab_v1")
slab.setup(doc)
doc.saveAs(str(out))
print(out)
