"""A remote solve end to end over real HTTP and a real WebSocket on loopback, against a
local ``solver.api.solve`` of the same model."""

from __future__ import annotations

import asyncio
import json

import pytest
import websockets

from solver.api import solve
from solver.model import model_from_dict

from .conftest import BOARD_CHIP, board_chip


async def _events(url: str, token: str) -> list[dict]:
    async with websockets.connect(url, additional_headers={
            "Authorization": f"Bearer {token}"}, open_timeout=30) as ws:
        return [json.loads(message) async for message in ws]


def test_board_chip_remote_equals_local(live, pro_user):
    client = live.client(pro_user)
    created = client.post("/simulations", json={"model": board_chip()})
    assert created.status_code == 201, created.text
    sim = created.json()
    assert sim["status"] == "queued" and sim["analysis"] == "steady"
    events = asyncio.run(_events(f"{live.ws_url}/simulations/{sim['id']}/events",
                                 pro_user.access_token))
    assert events[-1]["status"] == "succeeded", events[-1]
    # progress is stored at most every PROGRESS_INTERVAL and the socket polls it, so a solve
    # this fast may show only its first and last reports: they must rise and end done
    progress = [e["progress"] for e in events if e["progress"]]
    assert progress and progress[-1]["fraction"] == 1.0 and progress[-1]["stage"] == "done"
    assert [p["fraction"] for p in progress] == sorted(p["fraction"] for p in progress)
    assert "running" in {e["status"] for e in events}
    done = client.get(f"/simulations/{sim['id']}").json()
    files = {"summary.json", "result.npz", "temperature.vtk", "report.txt"}
    assert set(done["results"]) == files
    for name in files:  # summary, field file, VTK and report all download
        got = client.get(f"/simulations/{sim['id']}/results/{name}")
        assert got.status_code == 200 and got.content, name
    remote = client.get(f"/simulations/{sim['id']}/results/summary.json").json()
    reports = []
    local = solve(model_from_dict(board_chip()), BOARD_CHIP.parent,
                  monitor=reports.append).summary
    # the last report carries the solver's last iteration, residual and maximum
    last = [r for r in reports if "iteration" in r][-1]
    # (the residual is round-off-sized when the solve ends: the order of the parallel
    # kernels' sums, which the cores' load changes, moves its 5th digit)
    for figure, rel in (("iteration", 0.0), ("residual", 1e-3), ("max_temperature_C", 1e-9)):
        assert progress[-1][figure] == pytest.approx(last[figure], rel=rel), figure
    assert remote["max_temperature_C"] == pytest.approx(local["max_temperature_C"], rel=1e-9)
    for name, probe in local["probes"].items():
        assert remote["probes"][name]["T_C"] == pytest.approx(probe["T_C"], rel=1e-9)
    assert done["summary"]["max_temperature_C"] == remote["max_temperature_C"]
    # the minutes are metered into the usage records
    assert client.get("/me/usage").json()["solve_minutes"] == pytest.approx(
        done["solve_seconds"] / 60)
