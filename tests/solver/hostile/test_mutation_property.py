"""Random mutations of the examples never raise anything but ModelError and never hang:
reading and validating any JSON value put anywhere in a model either builds a model (whose
validation returns a list of problems) or raises ModelError."""

from __future__ import annotations

import copy
import json

from hostile_corpus import EXAMPLES
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from solver.model import ModelError, Problem, model_from_dict, model_from_json, validate

FLOATS = st.one_of(st.floats(allow_nan=True, allow_infinity=True),
                   st.sampled_from([0.0, -0.0, 1e308, -1e308, 1e-300, 5e-324, -273.15]))
INTS = st.one_of(st.integers(-10**6, 10**6), st.sampled_from([0, -1, 10**18, 2**63, 10**300]))
TEXT = st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=0x10FFFF), max_size=20)
SCALARS = st.one_of(st.none(), st.booleans(), INTS, FLOATS, TEXT)
VALUES = st.recursive(SCALARS, lambda inner: st.one_of(
    st.lists(inner, max_size=5), st.dictionaries(TEXT, inner, max_size=4)), max_leaves=12)


def _places(node, prefix=()):
    """Every (container, key) in a JSON tree."""
    items = node.items() if isinstance(node, dict) else enumerate(node) \
        if isinstance(node, list) else ()
    for key, value in items:
        yield node, key
        yield from _places(value, (*prefix, key))


@st.composite
def mutated(draw):
    data = copy.deepcopy(EXAMPLES[draw(st.sampled_from(sorted(EXAMPLES)))])
    for _ in range(draw(st.integers(1, 3))):
        places = list(_places(data))
        node, key = draw(st.sampled_from(places))
        action = draw(st.sampled_from(["replace", "delete", "add"]))
        if action == "replace":
            node[key] = draw(VALUES)
        elif action == "delete":
            del node[key]
        elif isinstance(node, dict):
            node[draw(TEXT)] = draw(VALUES)
        else:
            node.append(draw(VALUES))
    return data


def _check(read) -> None:
    try:
        model = read()
    except ModelError as exc:
        assert exc.problems and all(isinstance(p, Problem) for p in exc.problems)
        str(exc).encode("utf-8", "backslashreplace")
        return
    problems = validate(model, None)
    assert isinstance(problems, list)


@settings(max_examples=300, deadline=5000, suppress_health_check=[HealthCheck.too_slow])
@given(mutated())
def test_mutated_dicts_raise_only_model_errors(data):
    _check(lambda: model_from_dict(data))


@settings(max_examples=150, deadline=5000, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(sorted(EXAMPLES)), st.integers(0, 10**6), st.binary(max_size=8),
       st.integers(0, 8))
def test_mutated_bytes_raise_only_model_errors(example, at, insert, cut):
    raw = json.dumps(EXAMPLES[example]).encode()
    at %= len(raw)
    _check(lambda: model_from_json(raw[:at] + insert + raw[at + cut:]))
