"""JSON round trip of the model dataclasses, reporting every structural problem with its path.

Reading is driven by the dataclasses' type hints, so a new field or a new ``kind`` needs no
code here. Unknown fields are reported (they are usually typos), missing required ones too.
"""

from __future__ import annotations

import dataclasses
import json
import math
import types
import typing
from pathlib import Path
from typing import Any

from solver.model.problems import ModelError, Problem, join
from solver.model.types import SCHEMA_VERSION, Model

_INVALID = object()


def to_dict(obj: Any) -> Any:
    """Plain JSON-ready data for a model object; variants carry their ``kind`` first and
    ``None`` values are left out."""
    if dataclasses.is_dataclass(obj):
        out: dict[str, Any] = {}
        kind = getattr(type(obj), "kind", None)
        if isinstance(kind, str):
            out["kind"] = kind
        for f in dataclasses.fields(obj):
            value = getattr(obj, f.name)
            if value is not None:
                out[f.name] = to_dict(value)
        return out
    if isinstance(obj, list | tuple):
        return [to_dict(v) for v in obj]
    return obj


def from_dict(cls: type, data: Any, path: str = "") -> tuple[Any, list[Problem]]:
    """Build ``cls`` from plain data; returns ``(object or None, problems)``."""
    problems: list[Problem] = []
    value = _parse(cls, data, path, problems)
    return (None if value is _INVALID or problems else value), problems


def model_from_dict(data: Any) -> Model:
    """A :class:`Model` from plain data; raises :class:`ModelError` listing every problem."""
    if isinstance(data, dict):
        version = data.get("schema_version", SCHEMA_VERSION)
        if isinstance(version, int) and version > SCHEMA_VERSION:
            raise ModelError([Problem("schema_version", (
                f"the model was written for schema {version}; this ThermoCraft reads up to "
                f"{SCHEMA_VERSION}: update ThermoCraft"))])
    model, problems = from_dict(Model, data)
    if problems:
        raise ModelError(problems)
    return model


def model_to_json(model: Model) -> str:
    """The model as indented JSON text."""
    return json.dumps(to_dict(model), indent=2) + "\n"


def load_model(path: str | Path) -> Model:
    """Read a model JSON file; malformed JSON is reported with its line and column."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ModelError([Problem("", f"{path}: cannot read: {exc.strerror or exc}")]) from exc
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ModelError([Problem("", (
            f"{path}: line {exc.lineno} column {exc.colno}: invalid JSON: {exc.msg}"))]) from exc
    return model_from_dict(data)


def save_model(model: Model, path: str | Path) -> None:
    """Write a model JSON file atomically (a failed write leaves the old file intact)."""
    path = Path(path)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(model_to_json(model), encoding="utf-8")
    tmp.replace(path)


# --- type-driven parsing --------------------------------------------------------------------

def _type_name(tp: Any) -> str:
    names = {float: "a number", int: "a whole number", str: "a string", bool: "true or false"}
    if tp in names:
        return names[tp]
    if typing.get_origin(tp) is list:
        return "a list"
    if dataclasses.is_dataclass(tp):
        return "an object"
    return str(tp)


def _parse(tp: Any, data: Any, path: str, problems: list[Problem]) -> Any:
    origin = typing.get_origin(tp)
    if origin is types.UnionType or origin is typing.Union:
        return _parse_union(typing.get_args(tp), data, path, problems)
    if origin is list:
        return _parse_list(typing.get_args(tp)[0], data, path, problems)
    if dataclasses.is_dataclass(tp):
        return _parse_dataclass(tp, data, path, problems)
    return _parse_scalar(tp, data, path, problems)


def _parse_scalar(tp: type, data: Any, path: str, problems: list[Problem]) -> Any:
    if tp is float and isinstance(data, int | float) and not isinstance(data, bool):
        if not math.isfinite(data):
            problems.append(Problem(path, "must be a finite number"))
            return _INVALID
        return float(data)
    if tp is int and isinstance(data, int) and not isinstance(data, bool):
        return data
    if tp in (str, bool) and isinstance(data, tp):
        return data
    problems.append(Problem(path, f"must be {_type_name(tp)}, not {json.dumps(data)[:40]}"))
    return _INVALID


def _parse_list(item: Any, data: Any, path: str, problems: list[Problem]) -> Any:
    if not isinstance(data, list):
        problems.append(Problem(path, f"must be a list, not {json.dumps(data)[:40]}"))
        return _INVALID
    return [_parse(item, v, join(path, i), problems) for i, v in enumerate(data)]


def _parse_union(options: tuple, data: Any, path: str, problems: list[Problem]) -> Any:
    if data is None:
        if type(None) in options:
            return None
        problems.append(Problem(path, "is required"))
        return _INVALID
    options = tuple(o for o in options if o is not type(None))
    tagged = {getattr(o, "kind", None): o for o in options if dataclasses.is_dataclass(o)}
    if tagged and len(tagged) == len(options):
        return _parse_tagged(tagged, data, path, problems)
    for option in options:  # untagged: the first option that reads without problems
        trial: list[Problem] = []
        value = _parse(option, data, path, trial)
        if not trial:
            return value
    wanted = " or ".join(_type_name(o) for o in options)
    problems.append(Problem(path, f"must be {wanted}, not {json.dumps(data)[:40]}"))
    return _INVALID


def _parse_tagged(tagged: dict, data: Any, path: str, problems: list[Problem]) -> Any:
    if not isinstance(data, dict):
        problems.append(Problem(path, "must be an object with a 'kind'"))
        return _INVALID
    kind = data.get("kind")
    if kind not in tagged:
        known = ", ".join(sorted(tagged))
        problems.append(Problem(join(path, "kind"), f"unknown kind {kind!r} (known: {known})"))
        return _INVALID
    rest = {k: v for k, v in data.items() if k != "kind"}
    return _parse_dataclass(tagged[kind], rest, path, problems)


def _parse_dataclass(cls: type, data: Any, path: str, problems: list[Problem]) -> Any:
    if not isinstance(data, dict):
        problems.append(Problem(path, f"must be an object, not {json.dumps(data)[:40]}"))
        return _INVALID
    hints = typing.get_type_hints(cls)
    fields = {f.name: f for f in dataclasses.fields(cls)}
    for key in data:
        if key not in fields:
            problems.append(Problem(join(path, key), (
                f"unknown field (known: {', '.join(fields)})")))
    kwargs = {}
    before = len(problems)
    for name, f in fields.items():
        if name in data:
            kwargs[name] = _parse(hints[name], data[name], join(path, name), problems)
        elif f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
            problems.append(Problem(join(path, name), "is required"))
    if len(problems) > before:
        return _INVALID
    return cls(**kwargs)
