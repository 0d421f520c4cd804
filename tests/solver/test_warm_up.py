"""The warm-up model (:mod:`solver.warm_up`): it is valid, solves with its energy balanced,
and compiles every kernel signature that solves of other models (a mesh body, STEP solids,
components with a contact, probes, natural convection, the overlay's sampler) need."""

import json
import os
import subprocess
import sys
from pathlib import Path

from solver.model import validate
from solver.warm_up import cylinder_mesh, warm_up, warm_up_model

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "examples"

#: In a fresh process: warm up, note every signature of every numba dispatcher of the
#: solver's modules (compiled or loaded from the cache), solve the models named on the
#: command line (and sample their result files), print the signatures they added.
SIGNATURES_AFTER_WARM_UP = """
import json, sys, tempfile
from pathlib import Path
from numba.core.dispatcher import Dispatcher
from solver.api import solve
from solver.model import load_model
from solver.output import write_results
from solver.sampling import Sampler
from solver.warm_up import warm_up

def signatures():
    return {(f"{name}.{attr}", str(sig)) for name, mod in list(sys.modules.items())
            if name.split(".")[0] == "solver" for attr, obj in vars(mod).items()
            if isinstance(obj, Dispatcher) for sig in obj.overloads}

warm_up()
known = signatures()
for path in sys.argv[1:]:
    result = solve(load_model(path), Path(path).parent)
    with tempfile.TemporaryDirectory() as out:
        sampler = Sampler.load(write_results(result, out)["fields"])
        sampler.sample([[float(line[0]) for line in result.disc.grid.lines]])
print(json.dumps(sorted(signatures() - known)))
"""


def test_the_warm_up_model_is_valid_and_solves_with_its_energy_balanced():
    assert validate(warm_up_model(exchange=False), ".") == []
    model = warm_up_model()
    assert validate(model, ".") == []
    kinds = {b.geometry.kind for b in model.bodies}
    assert kinds == {"box", "mesh"} and model.components and model.contacts and model.probes
    result = warm_up()
    s = result.summary
    assert s["energy_balance_error"] < 1e-6
    assert s["power_W"] == sum(b.power for b in model.bodies) + sum(
        c.power for c in model.components)
    assert s["cells"] < 50_000  # tiny: the compile is the cost, not the solve


def _step_model(step_file: Path) -> Path:
    """The two solids of ``step_file`` (a box, a cylinder) and two meshed 24-sided pins with
    natural convection, surface radiation and a probe, written beside it."""
    pins = [{"name": f"pin{i}", "geometry": cylinder_mesh(0.05, 0.01 * i, 0.003, 0.0, 0.02,
                                                           sides=24),
             "material": "al", "power": 0.1} for i in (1, 2)]
    model = {
        "name": "STEP parts",
        "materials": [{"name": "al", "conductivity": 200.0, "density": 2700.0,
                       "specific_heat": 900.0, "emissivity": 0.8}],
        "bodies": [{"name": name, "geometry": {"kind": "step", "path": step_file.name,
                                               "solid": solid},
                    "material": "al", "power": 0.5}
                   for solid, name in ((1, "block"), (2, "rod"))] + pins,
        "conditions": [{"kind": "radiation", "body": b, "exchange": "surfaces"}
                       for b in ("block", "rod")],
        "ambient": {"natural_convection": True},
        "probes": [{"name": "block centre", "position": [0.005, 0.01, 0.0025]}],
    }
    path = step_file.with_name("step_parts.json")
    path.write_text(json.dumps(model), encoding="utf-8")
    return path


def test_solves_after_the_warm_up_compile_no_new_kernel_signature(step_file):
    models = [EXAMPLES / "mesh_body.json", EXAMPLES / "components_board.json",
              _step_model(step_file)]
    env = dict(os.environ, PYTHONPATH=str(REPO))
    done = subprocess.run([sys.executable, "-c", SIGNATURES_AFTER_WARM_UP, *map(str, models)],
                          cwd=REPO, env=env, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.splitlines()[-1]) == []
