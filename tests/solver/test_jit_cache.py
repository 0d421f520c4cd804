"""The first-run note: a cold numba cache is reported before the compile starts."""

import os
import subprocess
import sys
from pathlib import Path

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


KERNEL = '''
from numba import njit

@njit("float64(float64)", cache=True)
def twice(x):
    return 2.0 * x
'''


def test_a_cold_cache_is_filled_by_a_child_and_the_module_then_loaded(cache_dir, tmp_path,
                                                                       monkeypatch):
    (tmp_path / "tiny_kernel.py").write_text(KERNEL)
    monkeypatch.setenv("PYTHONPATH", str(tmp_path))  # the child's path
    monkeypatch.syspath_prepend(str(tmp_path))  # and this process's
    monkeypatch.delitem(sys.modules, "tiny_kernel", raising=False)
    proc = jit_cache.compile_in_background("tiny_kernel")
    assert proc is not None
    assert jit_cache.compile_in_background("tiny_kernel") is None  # one child a module
    module = jit_cache.compiled_module("tiny_kernel")
    assert proc.returncode == 0
    assert module.twice(1.5) == 3.0
    stats = module.twice.stats
    assert sum(stats.cache_hits.values()) == 1 and not stats.cache_misses  # loaded, not built


def test_no_child_for_an_imported_module_or_a_warm_cache(cache_dir):
    assert jit_cache.compile_in_background("os") is None
    _index(cache_dir, age_s=10.0)
    assert jit_cache.compile_in_background() is None


SHARED = """
import sys
from solver.linalg import gmg_level0
if sys.argv[1] == "here":
    gmg_level0.compile_kernels()
else:
    from solver.linalg import gmg_serial
    kernels = [kernel for kernel, _ in gmg_level0.SIGNATURES]
    print(sum(sum(k.stats.cache_hits.values()) for k in kernels),
          sum(sum(k.stats.cache_misses.values()) for k in kernels),
          sum(len(k.signatures) for k in kernels))
"""


def test_the_level0_kernels_compiled_here_are_loaded_by_the_multigrid_compile(tmp_path):
    """What :func:`jit_cache.compile_in_background` relies on: ``compile_kernels`` keys
    them in the cache as ``pcg`` calls them, so the child compiling ``pcg`` loads both."""
    root = Path(jit_cache.__file__).resolve().parents[1]
    env = dict(os.environ, NUMBA_CACHE_DIR=str(tmp_path), PYTHONPATH=str(root))
    for step in ("here", "child"):
        proc = subprocess.run([sys.executable, "-c", SHARED, step], env=env, timeout=600,
                              capture_output=True, text=True)
        assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == ["2", "0", "2"]  # 2 cache hits, no miss, one signature each
