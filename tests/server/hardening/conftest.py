"""Fixtures for the hardening tests (tiny app, real Redis when reachable)."""

from __future__ import annotations

import os
import socket
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

REDIS_URL = os.environ.get("THERMOCRAFT_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


def _redis_up() -> bool:
    host_port = REDIS_URL.split("//", 1)[1].split("/", 1)[0]
    host, _, port = host_port.rpartition(":")
    try:
        with socket.create_connection((host, int(port)), timeout=1):
            return True
    except OSError:
        return False


@pytest.fixture
def redis_url() -> str:
    """The test Redis; skipped if unreachable, unless CI is set (then it fails)."""
    if not _redis_up():
        if os.environ.get("CI"):
            pytest.fail(f"Redis not reachable at {REDIS_URL} in CI")
        pytest.skip(f"Redis not reachable at {REDIS_URL}")
    return REDIS_URL
