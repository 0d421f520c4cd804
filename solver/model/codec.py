"""JSON round trip of the model dataclasses, reporting every structural problem with its path.

Reading is driven by the dataclasses' type hints, so a new field or a new ``kind`` needs no
code here. Unknown fields are reported (they are usually typos), missing required ones too.
"""

from __future__ import annotations

import dataclasses
import functools
import itertools
import json
import math
import os
import re
import types
import typing
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np

from solver.model.limits import DEFAULT_LIMITS, Limits
from solver.model.migrate import migrate
from solver.model.problems import ModelError, Problem, join
from solver.model.types import Model

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
    ctx = _Context(DEFAULT_LIMITS)
    value = _parse(cls, data, path, ctx)
    return (None if value is _INVALID or ctx.problems else value), ctx.problems


def model_from_dict(data: Any, limits: Limits | None = None,
                    base_dir: str | os.PathLike | None = None,
                    attachments: Mapping[str, os.PathLike] | None = None) -> Model:
    """A :class:`Model` from plain data of any schema version (migrated first); raises
    :class:`ModelError` listing every problem.

    Unknown fields do not stop the reading: when they are the only structural problems the
    model is also validated (files looked up in ``base_dir`` or ``attachments`` when given)
    and every problem is reported at once."""
    limits = limits or DEFAULT_LIMITS
    if not isinstance(data, dict):
        raise ModelError([Problem("", (
            f"a model must be a JSON object {{...}}, not {_preview(data)}"))])
    data, problems = migrate(data)
    if problems:
        raise ModelError(problems)
    ctx = _Context(limits)
    model = _parse(Model, data, "", ctx)
    if model is _INVALID:
        raise ModelError(ctx.problems)
    if ctx.problems:
        from solver.model.validate import validate

        raise ModelError(ctx.problems + validate(
            model, base_dir, limits, attachments, files=base_dir is not None
            or attachments is not None))
    return model


def model_from_json(text: str | bytes, limits: Limits | None = None,
                    base_dir: str | os.PathLike | None = None,
                    attachments: Mapping[str, os.PathLike] | None = None) -> Model:
    """A :class:`Model` from JSON text or UTF-8 bytes (a request body, a file's content).

    Malformed input is refused with one line saying what and where, never a traceback:
    oversized text, invalid UTF-8 (with its byte offset), nesting deeper than the limit
    (found by a scan, before any recursion), integers too long to convert, NaN or Infinity,
    numbers out of float range and a top level that is not an object."""
    limits = limits or DEFAULT_LIMITS
    if len(text) > limits.file_bytes:
        raise ModelError([Problem("", (
            f"the model is {len(text)} bytes, more than the limit of {limits.file_bytes}"))])
    if isinstance(text, bytes | bytearray):
        try:
            text = bytes(text).decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ModelError([Problem("", (
                f"invalid UTF-8 at byte offset {exc.start}: a model file must be UTF-8 "
                "text"))]) from None
    text = text.removeprefix("\ufeff")
    depth = json_depth(text)
    if depth > limits.nesting_depth:
        raise ModelError([Problem("", (
            f"invalid JSON: nested {depth} levels deep, more than the limit of "
            f"{limits.nesting_depth}"))])
    try:
        data = json.loads(text, parse_constant=_constant)
    except json.JSONDecodeError as exc:
        raise ModelError([Problem("", (
            f"line {exc.lineno} column {exc.colno}: invalid JSON: {exc.msg}"))]) from None
    except _BadNumber as exc:
        raise ModelError([Problem("", f"{_where(text, exc.literal)}invalid JSON: {exc}")]) \
            from None
    except ValueError:  # Python's limit on integer digits (sys.get_int_max_str_digits)
        long = _LONG_INTEGER.search(text)
        digits = len(long.group()) if long else "too many"
        where = _where(text, long.group()[:40]) if long else ""
        raise ModelError([Problem("", (
            f"{where}invalid JSON: an integer of {digits} digits is out of range"))]) from None
    return model_from_dict(data, limits, base_dir, attachments)


def model_to_json(model: Model) -> str:
    """The model as indented JSON text."""
    return json.dumps(to_dict(model), indent=2) + "\n"


def load_model(path: str | Path, limits: Limits | None = None,
               attachments: Mapping[str, os.PathLike] | None = None) -> Model:
    """Read a model JSON file (see :func:`model_from_json`); problems name the file."""
    limits = limits or DEFAULT_LIMITS
    path = Path(path)
    try:
        with path.open("rb") as f:
            raw = _read_at_most(f, limits.file_bytes + 1)
    except OSError as exc:
        raise ModelError([Problem("", f"{_show(path, 300)}: cannot read: {exc.strerror or exc}")]) \
            from None
    try:
        return model_from_json(raw, limits, path.parent, attachments)
    except ModelError as exc:
        problems = [p if p.path else Problem("", f"{_show(path, 300)}: {p.message}")
                    for p in exc.problems]
        raise ModelError(problems) from None


def _read_at_most(f, most: int) -> bytes:
    """Up to ``most`` bytes of ``f``, in chunks (no buffer of the limit's size up front)."""
    chunks, size = [], 0
    while size < most:
        chunk = f.read(min(1 << 20, most - size))
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)


def save_model(model: Model, path: str | Path) -> None:
    """Write a model JSON file atomically (a failed write leaves the old file intact)."""
    path = Path(path)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(model_to_json(model), encoding="utf-8")
    tmp.replace(path)


# --- malformed text -------------------------------------------------------------------------

_STRINGS = re.compile(r'"(?:[^"\\]|\\.)*"')
_LONG_INTEGER = re.compile(r"\d{1000,}")


class _BadNumber(ValueError):
    def __init__(self, message: str, literal: str):
        super().__init__(message)
        self.literal = literal


def json_depth(text: str) -> int:
    """How deep ``[`` and ``{`` nest in JSON ``text`` (strings skipped), by a linear scan."""
    brackets = _STRINGS.sub("", text).encode("utf-8", "surrogatepass").translate(
        None, _NOT_BRACKETS)
    if not brackets:
        return 0
    codes = np.frombuffer(brackets, dtype=np.uint8)
    return int(np.cumsum(np.where((codes == ord("[")) | (codes == ord("{")), 1, -1),
                         dtype=np.int64).max())


_NOT_BRACKETS = bytes(c for c in range(256) if chr(c) not in "[]{}")


def _constant(literal: str) -> float:
    raise _BadNumber(f"{literal} is not a number (JSON has no NaN or Infinity)", literal)


def _where(text: str, literal: str) -> str:
    at = text.find(literal)
    if at < 0:
        return ""
    line = text.count("\n", 0, at) + 1
    return f"line {line} column {at - text.rfind(chr(10), 0, at)}: "


def _show(value: object, most: int = 60) -> str:
    """``value`` as text that prints anywhere (lone surrogates escaped), at most ``most``
    characters."""
    text = str(value).encode("utf-8", "backslashreplace").decode("utf-8")
    return text if len(text) <= most else text[:most - 3] + "..."


def _preview(data: Any) -> str:
    """A short description of a JSON value for a message, cheap whatever its size."""
    if isinstance(data, dict):
        return f"an object of {len(data)} fields"
    if isinstance(data, list):
        return f"a list of {len(data)} items"
    if isinstance(data, str):
        return json.dumps(data) if len(data) <= 40 else f"a string of {len(data)} characters"
    if data is None:
        return "null"
    if isinstance(data, bool):
        return "true" if data else "false"
    if isinstance(data, int) and data.bit_length() > 100:
        return f"an integer of about {int(data.bit_length() * math.log10(2)) + 1} digits"
    return _show(repr(data))


# --- type-driven parsing --------------------------------------------------------------------

@dataclasses.dataclass
class _Context:
    """The limits a reading honours and the problems it found."""

    limits: Limits
    problems: list[Problem] = dataclasses.field(default_factory=list)

    def add(self, path: str, message: str) -> None:
        self.problems.append(Problem(path, message))


def _type_name(tp: Any) -> str:
    names = {float: "a number", int: "a whole number", str: "a string", bool: "true or false"}
    if tp in names:
        return names[tp]
    if typing.get_origin(tp) is list:
        return "a list"
    if dataclasses.is_dataclass(tp):
        return "an object"
    return str(tp)


def _parse(tp: Any, data: Any, path: str, ctx: _Context) -> Any:
    origin = typing.get_origin(tp)
    if origin is types.UnionType or origin is typing.Union:
        return _parse_union(typing.get_args(tp), data, path, ctx)
    if origin is list:
        return _parse_list(typing.get_args(tp)[0], data, path, ctx)
    if dataclasses.is_dataclass(tp):
        return _parse_dataclass(tp, data, path, ctx)
    return _parse_scalar(tp, data, path, ctx)


def _parse_scalar(tp: type, data: Any, path: str, ctx: _Context) -> Any:
    if tp is float and isinstance(data, int | float) and not isinstance(data, bool):
        if (isinstance(data, int) and abs(data) > 1e300) or not math.isfinite(data):
            ctx.add(path, f"must be a finite number (got {_preview(data)})")
            return _INVALID
        return float(data)
    if tp is int and isinstance(data, int) and not isinstance(data, bool):
        return data
    if tp is str and isinstance(data, str):
        return _parse_string(data, path, ctx)
    if tp is bool and isinstance(data, bool):
        return data
    ctx.add(path, f"must be {_type_name(tp)}, not {_preview(data)}")
    return _INVALID


def _parse_string(data: str, path: str, ctx: _Context) -> Any:
    if len(data) > ctx.limits.string_length:
        ctx.add(path, (f"a string of {len(data)} characters, more than the limit of "
                       f"{ctx.limits.string_length}"))
        return _INVALID
    try:
        data.encode("utf-8")
    except UnicodeEncodeError as exc:
        ctx.add(path, (f"is not valid Unicode: a lone surrogate "
                       f"U+{ord(data[exc.start]):04X} at character {exc.start}"))
        return _INVALID
    return data


_NUMBER_TYPES = {float: (int, float), int: (int,)}  # bool is not a number here


def _parse_list(item: Any, data: Any, path: str, ctx: _Context) -> Any:
    if not isinstance(data, list):
        ctx.add(path, f"must be a list, not {_preview(data)}")
        return _INVALID
    if len(data) > ctx.limits.list_length:
        ctx.add(path, (f"a list of {len(data)} items, more than the limit of "
                       f"{ctx.limits.list_length}"))
        return _INVALID
    fast = _number_list(item, data)
    if fast is not None:
        return fast
    values = [_parse(item, v, join(path, i), ctx) for i, v in enumerate(data)]
    return _INVALID if any(v is _INVALID for v in values) else values


def _number_list(item: Any, data: list) -> list | None:
    """``data`` itself when it is a plain list of valid numbers of type ``item``, or of lists
    of them (the common case for vertices, triangles and profile points, read without a call
    per element), else None (then read element by element, to say which one is wrong)."""
    nested = typing.get_origin(item) is list
    if nested:
        item = typing.get_args(item)[0]
        if not all(type(v) is list for v in data):
            return None
        values = list(itertools.chain.from_iterable(data))
    else:
        values = data
    allowed = _NUMBER_TYPES.get(item)
    if allowed is None:
        return None
    if not values:
        return data
    kinds = set(map(type, values))
    if not kinds <= set(allowed):
        return None
    if item is float:
        if not (-1e300 < min(values) and max(values) < 1e300):
            return None  # let the element-wise reading say which one
        if kinds != {float}:
            return [[float(v) for v in row] for row in data] if nested else \
                [float(v) for v in data]
    return data


def _parse_union(options: tuple, data: Any, path: str, ctx: _Context) -> Any:
    if data is None:
        if type(None) in options:
            return None
        ctx.add(path, "is required")
        return _INVALID
    options = tuple(o for o in options if o is not type(None))
    if len(options) == 1:  # an optional value: read it as its one type
        return _parse(options[0], data, path, ctx)
    tagged = {o.kind: o for o in options
              if dataclasses.is_dataclass(o) and isinstance(getattr(o, "kind", None), str)}
    if tagged and len(tagged) == len(options):
        return _parse_tagged(tagged, data, path, ctx)
    for option in options:  # untagged: the first option that reads without problems
        trial = _Context(ctx.limits)
        value = _parse(option, data, path, trial)
        if not trial.problems:
            return value
    if not isinstance(data, list | dict):
        wanted = " or ".join(_type_name(o) for o in options)
        ctx.add(path, f"must be {wanted}, not {_preview(data)}")
        return _INVALID
    # a list or object matching none: report against the option of the same shape
    shaped = [o for o in options if (typing.get_origin(o) is list) == isinstance(data, list)]
    return _parse(shaped[0] if shaped else options[0], data, path, ctx)


def _parse_tagged(tagged: dict, data: Any, path: str, ctx: _Context) -> Any:
    if not isinstance(data, dict):
        ctx.add(path, "must be an object with a 'kind'")
        return _INVALID
    kind = data.get("kind")
    if not isinstance(kind, str) or kind not in tagged:
        known = ", ".join(sorted(tagged))
        shown = _show(repr(kind)) if isinstance(kind, str) else _preview(kind)
        ctx.add(join(path, "kind"), f"unknown kind {shown} (known: {known})")
        return _INVALID
    rest = {k: v for k, v in data.items() if k != "kind"}
    return _parse_dataclass(tagged[kind], rest, path, ctx)


@functools.cache
def _type_hints(cls: type) -> dict[str, Any]:
    """``typing.get_type_hints(cls)``, evaluated once per class (the string annotations are
    compiled on every call: half the time of reading a small model)."""
    return typing.get_type_hints(cls)


def _parse_dataclass(cls: type, data: Any, path: str, ctx: _Context) -> Any:
    """An instance of ``cls``; unknown fields are reported but do not stop it being built, so
    the rest of the model is still validated."""
    if not isinstance(data, dict):
        ctx.add(path, f"must be an object, not {_preview(data)}")
        return _INVALID
    hints = _type_hints(cls)
    fields = {f.name: f for f in dataclasses.fields(cls)}
    for key in data:
        if key not in fields:
            ctx.add(join(path, _show(key)), f"unknown field (known: {', '.join(fields)})")
    kwargs = {}
    invalid = False
    for name, f in fields.items():
        if name in data:
            kwargs[name] = _parse(hints[name], data[name], join(path, name), ctx)
            invalid |= kwargs[name] is _INVALID
        elif f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
            ctx.add(join(path, name), "is required")
            invalid = True
    return _INVALID if invalid else cls(**kwargs)
