"""Time and memory of refusing every hostile model of tests/solver/hostile (issue 6: each
under a second and 200 MB). One process; per case the wall time of reading + validating
the file and the growth of the peak RSS, then a summary line::

    python bench/hostile_models.py            # summary and the slowest cases
    python bench/hostile_models.py --all      # one line per case
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "solver" / "hostile"))

from hostile_corpus import TEXT_CASES, model_cases  # noqa: E402

from solver.model import ModelError, load_model, model_from_json, validate  # noqa: E402


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _refuse_text(case) -> None:
    try:
        model_from_json(case.text)
    except ModelError:
        return
    raise AssertionError(f"{case.name} was accepted")


def _refuse_model(case, folder: Path) -> None:
    (folder / "model").mkdir()
    path = folder / "model" / "model.json"
    path.write_text(json.dumps(case.build(folder / "model")))
    start = time.perf_counter()
    try:
        model = load_model(path)
    except ModelError:
        return time.perf_counter() - start
    assert validate(model, path.parent), f"{case.name} was accepted"
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--all", action="store_true", help="one line per case")
    args = parser.parse_args()
    cases = model_cases()
    with tempfile.TemporaryDirectory() as tmp:  # imports and first calls out of the figures
        _refuse_model(next(c for c in cases if c.name.startswith("mesh_body")), Path(tmp))
    rows = []
    for case in TEXT_CASES:
        before = _rss_mb()
        start = time.perf_counter()
        _refuse_text(case)
        rows.append((case.name, time.perf_counter() - start, _rss_mb() - before))
    for case in cases:
        before = _rss_mb()
        with tempfile.TemporaryDirectory() as tmp:
            seconds = _refuse_model(case, Path(tmp))
        rows.append((case.name, seconds, _rss_mb() - before))
    rows.sort(key=lambda r: -r[1])
    for name, seconds, grown in rows if args.all else rows[:8]:
        print(f"{name:55s} {seconds:7.3f} s  peak RSS +{grown:6.1f} MB")
    print(json.dumps({"cases": len(rows), "max_s": round(rows[0][1], 3),
                      "over_1s": sum(r[1] > 1.0 for r in rows),
                      "max_rss_growth_MB": round(max(r[2] for r in rows), 1),
                      "peak_rss_MB": round(_rss_mb(), 1), "cpus": os.cpu_count()}))


if __name__ == "__main__":
    main()
