"""bench/server_load.py runs end to end (a few clients against the app on loopback)."""

from __future__ import annotations

import asyncio
import importlib.util
from pathlib import Path

from loopback import LoopbackServer

BENCH = Path(__file__).resolve().parents[3] / "bench" / "server_load.py"


def _bench_module():
    spec = importlib.util.spec_from_file_location("server_load", BENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_load_script_reports_percentiles(app):
    bench = _bench_module()
    app.state.rate_limiter.per_minute = 10_000
    with LoopbackServer(app, lifespan="on") as server:
        result = asyncio.run(bench.run_load(server.url, clients=3, reads=4, time_limit=60,
                                            path="/me/entitlements", phased=True))
    assert result["errors"] == 0 and result["setup_errors"] == 0
    assert result["requests"] == 3 + 3 * 4
    assert result["read"]["count"] == 12 and result["read"]["p99_ms"] >= result["read"]["p50_ms"]


def test_percentiles_helper():
    bench = _bench_module()
    stats = bench.percentiles([i / 1000 for i in range(1, 101)])
    assert stats["count"] == 100 and stats["p50_ms"] == 50.5 and stats["max_ms"] == 100.0
    assert bench.percentiles([]) == {"count": 0}
