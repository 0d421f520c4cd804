"""The overlay's bottleneck field: Bn = |q| |grad T| of result.npz through the solver's point
sampler. In the 1-D slab (flux q through conductivity k) Bn = q * (q / k) inside."""

import numpy as np
import pytest

from solver.api import solve
from solver.output import write_results


def test_bn_in_the_slab_is_flux_times_gradient(doc, tmp_path):
    from ThermoCraftWorkbench.examples import slab
    from ThermoCraftWorkbench.export import export_analysis
    from ThermoCraftWorkbench.fieldsample import bottleneck_sampler, has_bottleneck, load_sampler
    out = export_analysis(slab.setup(doc))
    write_results(solve(out.model), tmp_path)
    npz = tmp_path / "result.npz"
    assert has_bottleneck(npz)
    temperature = load_sampler(npz)
    bn = bottleneck_sampler(npz, temperature)
    # points away from the fixed and the heated faces (their cells see one internal face)
    z = np.linspace(0.6e-3, 1.4e-3, 5)
    pts = np.column_stack([np.full(5, 5e-3), np.full(5, 5e-3), z])
    expected = slab.FLUX * slab.FLUX / slab.K
    assert bn.sample(pts) == pytest.approx(np.full(5, expected), rel=0.02)
    # the temperatures are untouched, and outside the solid there is no value
    assert temperature.sample(pts) == pytest.approx(slab.T_BOTTOM + slab.FLUX * z / slab.K,
                                                    abs=0.02)
    assert np.isnan(bn.sample([[5e-3, 5e-3, 5e-3]])[0])


def test_a_result_without_the_field_says_so(tmp_path):
    np.savez(tmp_path / "old.npz", temperature_C=np.zeros((1, 1, 1)))
    from ThermoCraftWorkbench.fieldsample import has_bottleneck
    assert not has_bottleneck(tmp_path / "old.npz")
