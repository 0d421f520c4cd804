"""The demo from clicking Solve to the coloured overlay (FreeCAD GUI under Xvfb, the solver
in its child process, numba cache warm), three runs:
    PYTHONPATH=$PWD .venv/bin/python bench/workbench_demo.py"""

import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path


def main(runs: int = 3) -> None:
    env = dict(os.environ, QTWEBENGINE_DISABLE_SANDBOX="1")
    figures = []
    for _ in range(runs):
        out = Path(tempfile.mkdtemp(prefix="tc-demo-bench-"))
        subprocess.run(["xvfb-run", "-a", "-s", "-screen 0 1280x1024x24", sys.executable, "-m",
                        "ThermoCraftWorkbench.examples.demo", str(out)],
                       check=True, env=env, capture_output=True)
        figures.append(json.loads((out / "timing.json").read_text()))
    clicks = [f["solve_click_to_overlay_s"] for f in figures]
    solver = [f["solver_wall_time_s"] for f in figures]
    cpu = [f["solver_cpu_time_s"] for f in figures]
    print(f"demo ({figures[0]['cells']} cells): Solve -> overlay median "
          f"{statistics.median(clicks):.2f} s (runs {clicks}), of which the solver "
          f"{statistics.median(solver):.2f} s; the solve's CPU time (user + sys) median "
          f"{statistics.median(cpu):.2f} s; load average {os.getloadavg()}")


if __name__ == "__main__":
    main()
