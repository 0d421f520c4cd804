"""Export of a 100-component board (document -> solver.model), headless FreeCAD:
    PYTHONPATH=$PWD .venv/bin/python bench/workbench_export.py"""

import statistics
import time

from ThermoCraftWorkbench.standalone import start_freecad

App = start_freecad()
from ThermoCraftWorkbench.export import export_analysis  # noqa: E402
from ThermoCraftWorkbench.objects.analysis import make_analysis  # noqa: E402
from ThermoCraftWorkbench.objects.material import make_material  # noqa: E402
from ThermoCraftWorkbench.placement import place_components  # noqa: E402


def main() -> None:
    doc = App.newDocument("bench")
    board = doc.addObject("Part::Box", "Board")
    board.Length, board.Width, board.Height = 160, 100, 1.6
    doc.recompute()
    analysis = make_analysis(doc)
    analysis.addObject(make_material(doc, [(board, ())], Conductivity=0.3))
    parts = ["QFN-32_5x5mm", "R_0603_1608Metric", "BGA-100_10x10mm", "SOT-23"]
    rows = [f"U{i},{parts[i % 4]},{8 + 15 * (i % 10)},{8 + 9 * (i // 10)},{90 * (i % 2)},"
            f"{'top' if i % 3 else 'bottom'},0.1" for i in range(100)]
    t0 = time.perf_counter()
    place_components(analysis, board, "Ref,Package,PosX,PosY,Rot,Side,Power\n" + "\n".join(rows))
    doc.recompute()
    placed = time.perf_counter() - t0
    times = []
    for _ in range(5):
        t0 = time.perf_counter()
        out = export_analysis(analysis)
        times.append(time.perf_counter() - t0)
    assert not out.problems and len(out.model.bodies) == 101
    print(f"placing 100 components from CSV: {placed:.2f} s")
    print(f"export of the 100-component board ({len(out.model.bodies)} bodies, "
          f"{len(out.model.conditions)} conditions): median {statistics.median(times):.3f} s "
          f"(min {min(times):.3f}, max {max(times):.3f}) of 5")


if __name__ == "__main__":
    main()
