"""The steady Picard loop stops when the films' heat flows settle (issue 7): radiation
exchanged among surfaces, whose irradiation lags one outer iteration, is held to
``solver.convection_tolerance`` like the natural-convection films, and the field returned
agrees with a tightly settled run within that tolerance of the temperature rise."""

import numpy as np
import pytest
from test_surface_radiation import SURFACES, board_model

from solver.api import solve
from solver.errors import ConvergenceError

RADIATION = "radiation"


def _solve(tolerance, max_outer=50):
    m = board_model(SURFACES)
    m.solver.convection_tolerance = tolerance
    m.solver.max_nonlinear_iterations = max_outer
    return solve(m)


@pytest.fixture(scope="module")
def runs():
    return {tol: _solve(tol) for tol in (1e-9, 1e-3, 3e-2)}


def test_radiation_alone_decides_the_stop_and_is_reported(runs):
    """Fixed convection, surface-to-surface radiation: the only residual is radiation's; each
    run stops below its tolerance, a looser one sooner; the last outer change is reported."""
    its = {}
    for tol, r in runs.items():
        s = r.summary
        assert set(s["outer_residuals"]) == {RADIATION}
        assert s["outer_residuals"][RADIATION] < tol
        assert s["outer_change_K"] >= 0.0 if tol < 1e-6 else s["outer_change_K"] > 0.0
        assert s["energy_balance_error"] < 1e-6
        its[tol] = s["outer_iterations"]
    assert its[3e-2] < its[1e-3] < its[1e-9]


def test_the_settled_field_is_within_the_tolerance_of_the_rise(runs):
    """The field at the default tolerance (1e-3) differs from the tight run (1e-9) by less
    than 1e-3 of the largest temperature rise; the loose run (3e-2) by more than the default
    one (the tolerance is what stops the loop, not an iteration count), within 3e-2 of it."""
    tight = runs[1e-9]
    rise = tight.summary["max_temperature_C"] - tight.disc.model.ambient.temperature
    solid = np.isfinite(tight.t)
    error = {tol: float(np.max(np.abs(runs[tol].t - tight.t)[solid])) for tol in (1e-3, 3e-2)}
    assert error[1e-3] < 1e-3 * rise
    assert error[1e-3] < error[3e-2] < 3e-2 * rise


def test_a_loop_that_has_not_settled_raises_with_the_residuals():
    with pytest.raises(ConvergenceError, match=r"radiation heat flows by [0-9.e-]+ \(target "
                                               r"1e-09\).* after 3 outer iterations"):
        _solve(1e-9, max_outer=3)
