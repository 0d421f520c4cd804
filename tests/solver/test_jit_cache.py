"""The first-run note: a cold numba cache is reported before the compile starts."""

import os
import sys

import pytest
from numba.core import config

from solver import jit_cache


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    monkeypatch.setattr(config, "CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(jit_cache, "_noted", False)
    monkeypatch.delitem(sys.modules, "solver.linalg.gmg_serial", raising=False)
    return tmp_path


def _index(folder, age_s: float):
    """A PCG cache index ``age_s`` seconds newer (negative: older) than the kernel source."""
    path = folder / "work_solver_linalg" / "gmg_serial.pcg-300.py311.nbi"
    path.parent.mkdir(parents=True)
    path.write_bytes(b"")
    t = os.stat(jit_cache._KERNEL_SOURCE).st_mtime + age_s
    os.utime(path, (t, t))
    return path


def test_cold_cache_is_noted_once_on_the_thermocraft_logger(cache_dir, caplog):
    notes = []
    with caplog.at_level("INFO", logger="thermocraft"):
        assert jit_cache.note_if_cold(notes.append)
        assert not jit_cache.note_if_cold(notes.append)  # once per process
    assert notes == [f"compiling the solver, once per install: about "
                     f"{jit_cache.COMPILE_SECONDS} s"]
    assert notes[0] in caplog.text


def test_warm_and_stale_cache(cache_dir):
    _index(cache_dir, age_s=10.0)
    assert jit_cache.cache_is_warm()
    assert not jit_cache.note_if_cold()


def test_index_older_than_the_source_is_cold(cache_dir):
    _index(cache_dir, age_s=-10.0)
    assert not jit_cache.cache_is_warm()
