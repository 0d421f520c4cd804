"""The solve process's CPU-time and wall-time limits (the plan's, set on the job): a solve
past either is stopped and fails with the limit named. The child runs for real, without
Dask or a database."""

from __future__ import annotations

import json

import pytest

from server.solving.sandbox import SolveLimits, run_solve

from .conftest import board_chip

pytestmark = pytest.mark.timeout(300)


@pytest.fixture
def job_dir(tmp_path):
    """A job folder holding board_chip as a transient of 20,000 steps (the strict limit):
    minutes of solving on any machine, so only a limit ends it within the test."""
    model = board_chip() | {"analysis": {"kind": "transient", "duration": 20_000.0,
                                         "time_step": 1.0}}
    (tmp_path / "model.json").write_text(json.dumps(model))
    (tmp_path / "attachments.json").write_text("{}")
    return tmp_path


def test_cpu_time_limit_stops_the_solve(job_dir):
    events = []
    outcome = run_solve(job_dir, SolveLimits(memory_bytes=4 * 2**30, cpu_seconds=3,
                                             wall_seconds=240), events.append, lambda: False)
    assert (outcome.status, outcome.reason) == (
        "failed", "exceeded its CPU-time limit of 3 s")
    assert events  # it was solving, not refused at the start


def test_wall_time_limit_stops_the_solve(job_dir):
    outcome = run_solve(job_dir, SolveLimits(memory_bytes=4 * 2**30, cpu_seconds=600,
                                             wall_seconds=4.0), lambda _e: None, lambda: False)
    assert (outcome.status, outcome.reason) == (
        "failed", "exceeded the wall-time limit of 4 s")
    assert 4.0 <= outcome.seconds < 6.0
