"""Profiles over time: values (both sides of a jump), step averages, jumps found one at a
time (never listing a pulse train's periods), CSV tables and the validation of every profile
field with its path."""

import math
import time

import numpy as np
import pytest

from solver.model import (
    Body,
    BoxGeometry,
    Convection,
    FixedTemperature,
    HeatFlux,
    Material,
    Model,
    PiecewiseLinearProfile,
    PulseTrainProfile,
    StepProfile,
    TableProfile,
    model_from_dict,
    to_dict,
    validate,
)
from solver.profiles import PiecewiseSignal, body_power, signal


def test_step_and_pulse_values_on_both_sides_of_their_jumps():
    step = signal(StepProfile(10.0, 1.0, 4.0), 2.0, "power")
    assert step.value(np.array([0.0, 9.99, 10.0, 11.0])).tolist() == [1.0, 1.0, 4.0, 4.0]
    assert float(step.value(10.0, "left")) == 1.0
    assert [step.next_jump(t) for t in (0.0, 10.0)] == [10.0, math.inf]
    pulse = signal(PulseTrainProfile(period=4.0, duty=0.25, on=8.0, off=1.0, delay=2.0), 0.0,
                   "power")
    t = np.array([1.0, 2.0, 2.5, 3.0, 3.5, 6.0, 6.5, 7.0])
    assert pulse.value(t).tolist() == [1.0, 8.0, 8.0, 1.0, 1.0, 8.0, 8.0, 1.0]
    assert pulse.value(t, "left").tolist() == [1.0, 1.0, 8.0, 8.0, 1.0, 1.0, 8.0, 8.0]
    jumps, now = [], 0.0
    while (now := pulse.next_jump(now)) < 11.0:
        jumps.append(now)
    assert jumps == [2.0, 3.0, 6.0, 7.0, 10.0]
    # equal on and off, or always on after the delay: no jump at the period edges
    assert signal(PulseTrainProfile(1.0, 0.5, 3.0, 3.0), 0.0, "power").next_jump(0.0) == math.inf
    always = signal(PulseTrainProfile(1.0, 1.0, 3.0, 0.0, delay=0.5), 0.0, "power")
    assert [always.next_jump(0.0), always.next_jump(0.5)] == [0.5, math.inf]
    assert always.value(np.array([0.4, 0.5, 7.0, 1e6])).tolist() == [0.0, 3.0, 3.0, 3.0]


def test_pulse_train_with_a_billion_periods_is_evaluated_without_listing_them():
    """1e9 periods of 1 ms: the jump after any instant and a million values cost O(1) each;
    the edges the stepper lands on evaluate on the right side (on after a rise)."""
    pulse = signal(PulseTrainProfile(period=1e-3, duty=0.3, on=5.0, off=0.0, delay=0.1),
                   0.0, "power")
    started = time.perf_counter()
    t = 0.1 + 1e-3 * 7.5e8  # a rising edge far out
    rise = pulse.next_jump(t - 1e-4)
    fall = pulse.next_jump(rise)
    assert rise == pytest.approx(t, abs=1e-9) and fall - rise == pytest.approx(3e-4, rel=1e-6)
    assert float(pulse.value(rise)) == 5.0 and float(pulse.value(rise, "left")) == 0.0
    assert float(pulse.value(fall)) == 0.0 and float(pulse.value(fall, "left")) == 5.0
    values = pulse.value(np.random.default_rng(1).uniform(0.2, 1e6, 1_000_000))
    assert 0.25 < np.mean(values > 0) < 0.35
    assert time.perf_counter() - started < 5.0  # generous: listing 2e9 edges takes hours


def test_piecewise_linear_jumps_only_at_repeated_times_and_exact_step_means():
    """Two points at one time are a jump (right-continuous value, left limit before it);
    a change of slope is not. The step mean integrates over the points inside the step."""
    sig = PiecewiseSignal(np.array([[0.0, 0.0], [10.0, 10.0], [10.0, 20.0], [20.0, 0.0]]))
    assert sig.value(np.array([-1.0, 5.0, 10.0, 15.0, 30.0])).tolist() == [
        0.0, 5.0, 20.0, 10.0, 0.0]
    assert float(sig.value(10.0, "left")) == 10.0
    assert [sig.next_jump(t) for t in (0.0, 10.0)] == [10.0, math.inf]
    kinks = PiecewiseSignal(np.array([[0.0, 0.0], [1.0, 2.0], [3.0, 0.0], [4.0, 4.0]]))
    assert kinks.next_jump(0.0) == math.inf
    # integral over [0.5, 3.5] by hand: 0.5 x 1.5 + 2 x 1 + 0.5 x 1 = 3.25
    assert kinks.mean(0.5, 3.5) == pytest.approx(3.25 / 3.0, rel=1e-14)
    # a jump at the first point: held before it, the later value from it on
    first = PiecewiseSignal(np.array([[1.0, 2.0], [1.0, 5.0], [3.0, 5.0]]))
    assert first.value(np.array([0.0, 1.0, 2.0])).tolist() == [2.0, 5.0, 5.0]
    assert float(first.value(1.0, "left")) == 2.0
    assert float(signal(None, 7.5, "power").value(3.0)) == 7.5


def test_body_power_steady_is_the_constant_and_transient_the_profile():
    body = Body("s", BoxGeometry([0, 0, 0], [1, 1, 1]), "m", 2.0, StepProfile(10.0, 1.0, 4.0))
    assert [body_power(body, t) for t in (None, 0.0, 9.99, 10.0)] == [2.0, 1.0, 1.0, 4.0]


def _write(path, text):
    path.write_text(text, encoding="utf-8")
    return path.name


def test_table_profile_reads_csv_with_header_and_comments(tmp_path):
    name = _write(tmp_path / "tc.csv", "t_s,T_C\n# ramp then hold\n0, 20\n\n10,80\n10,60\n30,60\n")
    sig = signal(TableProfile(name), 0.0, "temperature", tmp_path)
    assert sig.value(np.array([5.0, 10.0, 40.0])).tolist() == [50.0, 60.0, 60.0]
    assert sig.next_jump(0.0) == 10.0


def _model(profile, where="fixed") -> Model:
    conds = [FixedTemperature("b", 20.0, ["xmin"]), HeatFlux("b", 5.0, ["xmax"]),
             Convection("b", 10.0, faces=["zmax"])]
    attr = {"fixed": (0, "temperature_profile"), "flux": (1, "flux_profile"),
            "fluid": (2, "fluid_temperature_profile")}
    if where == "ambient":
        m = Model(materials=[Material("m", 1.0, 1.0, 1.0)],
                  bodies=[Body("b", BoxGeometry([0, 0, 0], [1, 1, 1]), "m")], conditions=conds)
        m.ambient.temperature_profile = profile
        return m
    i, key = attr[where]
    setattr(conds[i], key, profile)
    return Model(materials=[Material("m", 1.0, 1.0, 1.0)],
                 bodies=[Body("b", BoxGeometry([0, 0, 0], [1, 1, 1]), "m")], conditions=conds)


@pytest.mark.parametrize(("text", "message"), [
    (None, "conditions[0].temperature_profile.path: profile table 't.csv': no readable "
           "regular file of that name inside the model's folder"),
    ("t,T\n0,20\n1,abc\n2,x\n", "conditions[0].temperature_profile.path: t.csv line 3: "
                                "'abc' is not a finite number"),
    ("0,20\n1,nan\n", "conditions[0].temperature_profile.path: t.csv line 2: 'nan' is not a "
                      "finite number"),
    ("0,20\n1\n", "conditions[0].temperature_profile.path: t.csv line 2: needs two columns "
                  "t_s,value (got 1)"),
    ("0,20\n5,30\n4,30\n", "conditions[0].temperature_profile.path: times must not decrease "
                           "(t.csv line 3: 4 s after 5 s)"),
    ("0,20\n5,30\n5,31\n5,32\n", "conditions[0].temperature_profile.path: three points at "
                                 "t = 5 s (t.csv line 4); two at one time make a jump, more "
                                 "are ambiguous"),
    ("0,20\n1,-300\n", "conditions[0].temperature_profile.path: t.csv line 2: -300 degC is "
                       "below absolute zero"),
    ("t_s,value\n", "conditions[0].temperature_profile.path: t.csv has no [t_s, value] rows"),
    (b"0,20\n1,\xff\n", "conditions[0].temperature_profile.path: profile table t.csv is not "
                        "UTF-8 text"),
])
def test_bad_tables_are_reported_with_their_path(tmp_path, text, message):
    if isinstance(text, bytes):
        (tmp_path / "t.csv").write_bytes(text)
    elif text is not None:
        _write(tmp_path / "t.csv", text)
    got = [str(p) for p in validate(_model(TableProfile("t.csv")), tmp_path)]
    assert message in got, got


def test_every_profile_field_is_validated_with_its_path(tmp_path):
    bad_pulse = PulseTrainProfile(period=0.0, duty=1.5, on=-300.0, delay=-1.0)
    got = [str(p) for p in validate(_model(bad_pulse), tmp_path)]
    assert got == [
        "conditions[0].temperature_profile.period: must be positive (got 0)",
        "conditions[0].temperature_profile.duty: must be in (0, 1] (got 1.5)",
        "conditions[0].temperature_profile.delay: must not be negative (-1)",
        "conditions[0].temperature_profile.on: -300 degC is below absolute zero"]
    hostile = _model(PulseTrainProfile(period=1e-300, duty=0.5, on=50.0))
    hostile.analysis.kind, hostile.analysis.duration, hostile.analysis.time_step = (
        "transient", 10.0, 1.0)
    got = [str(p) for p in validate(hostile, tmp_path)]
    assert got == ["conditions[0].temperature_profile.period: 1e-300 s is shorter than 1e-09 "
                   "of the duration (10 s): the steps cannot resolve its edges"]
    got = [str(p) for p in validate(_model(PiecewiseLinearProfile(
        [[0.0, 10.0], [1.0, -280.0]]), "fluid"), tmp_path)]
    assert got == ["conditions[2].fluid_temperature_profile.points[1]: -280 degC is below "
                   "absolute zero"]
    got = [str(p) for p in validate(_model(StepProfile(-1.0, -5.0, 1e6), "flux"),
                                    tmp_path)]
    assert got == ["conditions[1].flux_profile.time: must not be negative (-1)"]
    got = [str(p) for p in validate(_model(StepProfile(1.0, 20.0, -274.0),
                                           "ambient"), tmp_path)]
    assert got == ["ambient.temperature_profile.after: -274 degC is below absolute zero"]


def test_profile_fields_round_trip_and_schema_1_files_read_unchanged():
    m = _model(PulseTrainProfile(2.0, 0.5, 30.0, 20.0), "fixed")
    m.conditions[1].flux_profile = TableProfile("q.csv")
    m.ambient.temperature_profile = StepProfile(5.0, 20.0, 30.0)
    data = to_dict(m)
    assert data["conditions"][0]["temperature_profile"] == {
        "kind": "pulse_train", "period": 2.0, "duty": 0.5, "on": 30.0, "off": 20.0,
        "delay": 0.0}
    assert model_from_dict(data) == m
    old = {"materials": [{"name": "m", "conductivity": 1.0}],
           "bodies": [{"name": "b", "geometry": {"kind": "box", "min": [0, 0, 0],
                                                 "max": [1, 1, 1]}, "material": "m",
                       "power_profile": {"kind": "step", "time": 1, "before": 0, "after": 1}}],
           "conditions": [{"kind": "fixed_temperature", "body": "b", "temperature": 20}]}
    back = model_from_dict(old)
    assert back.bodies[0].power_profile == StepProfile(1.0, 0.0, 1.0)
    assert back.conditions[0].temperature_profile is None
    assert "temperature_profile" not in to_dict(back)["conditions"][0]
