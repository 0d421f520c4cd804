"""Golden models: each example document's export, stored in tests/workbench/golden/.

Re-bless after an intended change of the export (and review the diff):
    PYTHONPATH=$PWD python tests/workbench/tc_golden.py
"""

import json
import math
from pathlib import Path

GOLDEN = Path(__file__).parent / "golden"
EXAMPLES = ("slab", "vented_box", "fan_sink")


def export_example(name: str) -> dict:
    """The example's model as a dict (a fresh document, closed afterwards)."""
    import importlib

    import FreeCAD

    from solver.model import to_dict
    from ThermoCraftWorkbench.export import export_analysis
    module = importlib.import_module(f"ThermoCraftWorkbench.examples.{name}")
    doc = FreeCAD.newDocument(name)
    try:
        out = export_analysis(module.setup(doc))
        assert not out.problems, out.problems
        return to_dict(out.model)
    finally:
        FreeCAD.closeDocument(doc.Name)


def differences(a, b, path: str = "", rel: float = 1e-9, abs_: float = 1e-12) -> list[str]:
    """Where two JSON values differ (numbers within a tolerance)."""
    if isinstance(a, dict) and isinstance(b, dict):
        out = [f"{path}.{k}: only in one" for k in set(a) ^ set(b)]
        for k in set(a) & set(b):
            out += differences(a[k], b[k], f"{path}.{k}", rel, abs_)
        return out
    if isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            return [f"{path}: length {len(a)} != {len(b)}"]
        return [d for i, (x, y) in enumerate(zip(a, b, strict=True))
                for d in differences(x, y, f"{path}[{i}]", rel, abs_)]
    if isinstance(a, (int, float)) and isinstance(b, (int, float)) \
            and not isinstance(a, bool) and not isinstance(b, bool):
        return [] if math.isclose(a, b, rel_tol=rel, abs_tol=abs_) else [f"{path}: {a} != {b}"]
    return [] if a == b else [f"{path}: {a!r} != {b!r}"]


if __name__ == "__main__":
    from ThermoCraftWorkbench.standalone import start_freecad
    start_freecad()
    GOLDEN.mkdir(exist_ok=True)
    for example in EXAMPLES:
        path = GOLDEN / f"{example}.json"
        path.write_text(json.dumps(export_example(example), indent=1) + "\n")
        print(path, path.stat().st_size)
