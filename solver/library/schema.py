"""The library item schema: explicit checks reporting every problem with its path.

A library file holds ``{"kind": ..., "items": [...]}``; every item has an ``id``, a non-empty
``source`` (document, number, revision or handbook table) and the fields of its kind, in SI
units (m, K/W, W/(m K), m^3/s, Pa, degC). Optional fields are left out (or null) when the
source gives no figure: nothing is guessed.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable
from typing import Any

from solver.model.problems import Problem, join

Check = Callable[[Any, str], list[Problem]]


def number(lo: float | None = None, hi: float | None = None, above: bool = False) -> Check:
    """A finite number ``>= lo`` (``> lo`` with ``above``) and ``<= hi``."""
    def check(value: Any, path: str) -> list[Problem]:
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(
                value):
            return [Problem(path, f"must be a finite number, not {value!r}")]
        if lo is not None and (value <= lo if above else value < lo):
            return [Problem(path, f"must be {'>' if above else '>='} {lo:g} (got {value:g})")]
        if hi is not None and value > hi:
            return [Problem(path, f"must be <= {hi:g} (got {value:g})")]
        return []
    return check


POSITIVE = number(0.0, above=True)
NONNEGATIVE = number(0.0)
FRACTION = number(0.0, 1.0)


def text(value: Any, path: str) -> list[Problem]:
    """A non-empty string."""
    if not isinstance(value, str) or not value.strip():
        return [Problem(path, "must be a non-empty string")]
    return []


def flag(value: Any, path: str) -> list[Problem]:
    """true or false."""
    return [] if isinstance(value, bool) else [Problem(path, "must be true or false")]


def whole(value: Any, path: str) -> list[Problem]:
    """A whole number >= 1."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        return [Problem(path, f"must be a whole number >= 1, not {value!r}")]
    return []


def choice(*options: str) -> Check:
    """One of ``options``."""
    def check(value: Any, path: str) -> list[Problem]:
        if value not in options:
            return [Problem(path, f"must be one of {', '.join(options)} (got {value!r})")]
        return []
    return check


def conductivity(value: Any, path: str) -> list[Problem]:
    """One positive number or three ``[kx, ky, kz]``."""
    if isinstance(value, list):
        if len(value) != 3:
            return [Problem(path, f"needs one value or three [kx, ky, kz], got {len(value)}")]
        return [p for i, v in enumerate(value) for p in POSITIVE(v, join(path, i))]
    return POSITIVE(value, path)


def list_of(item: Check, min_len: int = 1) -> Check:
    """A list of at least ``min_len`` entries, each checked by ``item``."""
    def check(value: Any, path: str) -> list[Problem]:
        if not isinstance(value, list) or len(value) < min_len:
            return [Problem(path, f"must be a list of at least {min_len} entries")]
        return [p for i, v in enumerate(value) for p in item(v, join(path, i))]
    return check


def obj(required: dict[str, Check], optional: dict[str, Check] | None = None) -> Check:
    """An object with the ``required`` fields and any of the ``optional`` ones; unknown
    fields are reported (they are usually typos)."""
    optional = optional or {}

    def check(value: Any, path: str) -> list[Problem]:
        if not isinstance(value, dict):
            return [Problem(path, "must be an object")]
        known = ", ".join([*required, *optional])
        problems = [Problem(join(path, k), f"unknown field (known: {known})")
                    for k in value if k not in required and k not in optional]
        for key, sub in required.items():
            if value.get(key) is None:
                problems.append(Problem(join(path, key), "is required"))
            else:
                problems += sub(value[key], join(path, key))
        for key, sub in optional.items():
            if value.get(key) is not None:
                problems += sub(value[key], join(path, key))
        return problems
    return check


def fan_curve_problems(value: Any, path: str) -> list[Problem]:
    """A fan curve ``[[Q m^3/s, dP Pa], ...]``, Q increasing, dP not increasing."""
    problems = list_of(list_of(NONNEGATIVE, 2), 2)(value, path)
    if problems:
        return problems
    bad = [i for i, point in enumerate(value) if len(point) != 2]
    if bad:
        return [Problem(join(path, bad[0]), "each point is [flow, pressure]")]
    for i, (a, b) in enumerate(itertools.pairwise(value)):
        if not b[0] > a[0]:
            problems.append(Problem(join(path, i + 1), "flow must increase along the curve"))
        if b[1] > a[1]:
            problems.append(Problem(join(path, i + 1), (
                "pressure rises with flow (a stall dip): such curves break the operating-point "
                "iteration")))
    return problems


# --- the kinds ------------------------------------------------------------------------------

BOX = obj({"length": POSITIVE, "width": POSITIVE}, {"height": POSITIVE, "nominal": flag})
K_PER_W = POSITIVE

MATERIAL = ({"conductivity": conductivity},
            {"category": choice("metal", "ceramic", "semiconductor", "polymer", "composite",
                                "solder", "adhesive", "gas"),
             "density": POSITIVE, "specific_heat": POSITIVE, "emissivity": FRACTION})

PACKAGE = ({"family": choice("BGA", "QFN", "DFN", "SON", "QFP", "SOIC", "SSOP", "TSSOP",
                             "SOT", "DPAK", "D2PAK", "TO-220", "TO-247", "power", "LED",
                             "CSP")},
           {"pins": whole, "outline": text, "body": BOX, "exposed_pad": BOX,
            "tj_max": number(-55.0, 300.0), "typical_power": POSITIVE,
            "theta_jc_top": K_PER_W, "theta_jc_bottom": K_PER_W, "theta_jb": K_PER_W,
            "psi_jt": K_PER_W, "psi_jb": K_PER_W, "theta_ja": list_of(obj(
                {"value": K_PER_W, "board": choice("1s0p", "2s2p", "custom")},
                {"airflow_mps": NONNEGATIVE, "board_note": text}))})

HEAT_SINK = ({"style": choice("plate_fin", "pin_fin", "clip")},
             {"material": text, "finish": text, "emissivity": FRACTION, "device": text,
              "envelope": obj({"length": POSITIVE, "width": POSITIVE, "height": POSITIVE}),
              "base": obj({"length": POSITIVE, "width": POSITIVE, "thickness": POSITIVE}),
              "fins": obj({"count": whole, "thickness": POSITIVE, "height": POSITIVE},
                          {"spacing": POSITIVE}),
              "resistance_natural": K_PER_W,
              "natural_rating": obj({"power": POSITIVE},
                                    {"orientation": choice("vertical", "horizontal")}),
              "resistance_forced": list_of(obj({"velocity_mps": POSITIVE,
                                                "value": K_PER_W}))})


def fins_width(fins: dict) -> float:
    """The width a plate-fin array takes across the base: the fins and, with a ``spacing``,
    the gaps between them."""
    return fins["count"] * fins["thickness"] + (fins["count"] - 1) * fins.get("spacing", 0.0)


def heat_sink_fit(item: dict, path: str) -> list[Problem]:
    """Plate fins fit across the base, and base plus fins within the envelope when both are
    given (the item's fields already checked)."""
    base, fins, env = item.get("base"), item.get("fins"), item.get("envelope")
    problems = []
    if fins and not base:
        problems.append(Problem(join(path, "base"), "fins need the base they stand on"))
    if base and fins and fins_width(fins) > base["width"] * (1 + 1e-9):
        problems.append(Problem(join(path, "fins"), (
            f"{fins['count']} fins take {fins_width(fins) * 1e3:g} mm across a "
            f"{base['width'] * 1e3:g} mm base")))
    if base and fins and env and base["thickness"] + fins["height"] > env["height"] * (1 + 1e-9):
        problems.append(Problem(join(join(path, "fins"), "height"),
                                "base and fins are taller than the envelope"))
    return problems


FAN = ({"size": list_of(POSITIVE, 3), "q_max": POSITIVE, "dp_max": POSITIVE,
        "curve": fan_curve_problems,
        "curve_derived": flag},
       {"rpm": POSITIVE, "power": POSITIVE, "voltage": POSITIVE})

TIM = ({"tim_type": choice("grease", "pad", "phase_change", "solder", "adhesive")},
       {"conductivity": POSITIVE, "bond_line": POSITIVE, "area_resistance": POSITIVE,
        "contact_resistance": POSITIVE, "resistance": K_PER_W, "density": POSITIVE,
        "specific_heat": POSITIVE})
TIM_FIGURES = ("conductivity", "area_resistance", "contact_resistance", "resistance")


def tim_has_a_figure(item: dict, path: str) -> list[Problem]:
    """A TIM gives at least one thermal figure: a bulk conductivity or a resistance (a
    source that states only a resistance leaves the conductivity out, never a placeholder)."""
    if any(item.get(k) is not None for k in TIM_FIGURES):
        return []
    return [Problem(path, f"a TIM needs one of {', '.join(TIM_FIGURES)}")]

STACKUP = ({"layers": list_of(obj({"material": text, "thickness": POSITIVE},
                                  {"coverage": FRACTION, "fill": text}))},
           {"standard": text, "size": list_of(POSITIVE, 2)})

VIA_ARRAY = ({"drill": POSITIVE, "plating": POSITIVE, "pitch": POSITIVE,
              "board_thickness": POSITIVE, "metal": text},
             {"fill": text, "filled_with_metal": flag})

KINDS: dict[str, tuple[dict[str, Check], dict[str, Check]]] = {
    "material": MATERIAL, "package": PACKAGE, "heat_sink": HEAT_SINK, "fan": FAN, "tim": TIM,
    "stackup": STACKUP, "via_array": VIA_ARRAY}

# checks across an item's fields, run once its fields are valid
ITEM_CHECKS: dict[str, Check] = {"heat_sink": heat_sink_fit, "tim": tim_has_a_figure}

COMMON_REQUIRED: dict[str, Check] = {"id": text, "source": text}
COMMON_OPTIONAL: dict[str, Check] = {"name": text, "notes": text, "verified": flag}


def item_problems(kind: str, item: Any, path: str) -> list[Problem]:
    """Every problem of one library item of ``kind``."""
    if kind not in KINDS:
        return [Problem(join(path, "kind"), f"unknown kind {kind!r} (known: {', '.join(KINDS)})")]
    required, optional = KINDS[kind]
    problems = obj({**COMMON_REQUIRED, **required}, {**COMMON_OPTIONAL, **optional})(item, path)
    if isinstance(item, dict) and isinstance(item.get("id"), str) and (
            item["id"] != item["id"].strip() or item["id"].startswith("lib:")):
        problems.append(Problem(join(path, "id"), "no surrounding spaces and no 'lib:' prefix"))
    if not problems and kind in ITEM_CHECKS:
        problems += ITEM_CHECKS[kind](item, path)
    return problems


def file_problems(data: Any, path: str) -> list[Problem]:
    """Every problem of one library file ``{"kind": ..., "items": [...]}``."""
    if not isinstance(data, dict) or not isinstance(data.get("items"), list):
        return [Problem(path, 'must be an object {"kind": ..., "items": [...]}')]
    unknown = [k for k in data if k not in ("kind", "items", "description")]
    problems = [Problem(join(path, k), "unknown field (known: kind, items, description)")
                for k in unknown]
    for i, item in enumerate(data["items"]):
        problems += item_problems(data.get("kind"), item, join(join(path, "items"), i))
    return problems
