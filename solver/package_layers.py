"""The detailed model of a BGA or QFN component: its inside as a stack of box bodies.

A component with ``model: "detailed"`` becomes, outwards from its board face (any face
:mod:`solver.mounts` accepts): a solder layer, then (BGA) a laminate substrate over the whole body
or (QFN) the lead frame's exposed pad, a die attach and the die (carrying the component's power over
its volume) centred on the body, all inside a mould cap filling the package box. Bodies later in the
list win where boxes overlap (:mod:`solver.bodymap`), so the mould is the package box and the die,
attach and pad are carved out of it.

Default rules (every field of :class:`~solver.model.DetailedPackage` may be given instead);
the figures are assumptions typical of the packages, stated in docs/model-format.md:

- die: 0.4 x the body's sides (BGA), 0.8 x the exposed pad's (QFN), 0.30 mm (BGA) or
  0.20 mm (QFN) thick, silicon k = 148 W/(m K) (library item ``Si``);
- die attach: 25 um of silver-filled epoxy, k = 2.3 W/(m K) (library
  ``Die-attach-Ag-epoxy-2030SC``);
- mould compound: k = 0.9 W/(m K) (epoxy moulding compounds are 0.6-1.0);
- BGA substrate: 0.36 mm two-layer BT laminate with copper planes and thermal vias under the
  die, effective k = [20, 20, 0.8] W/(m K) (in-plane by the parallel rule, through-plane by the
  series rule with vias: assumptions of this model);
- BGA solder balls: a layer of SAC305 (k = 58 W/(m K)) columns, pitch 0.8 mm, ball diameter
  0.6 x pitch, layer 0.8 x ball diameter thick (collapsed ball), full array
  ``floor(L/p) x floor(W/p)``; effective through-plane k = k_solder x (ball area fraction),
  in-plane that of still air (the columns give no lateral path);
- QFN: exposed pad 0.65 x the body's sides, copper lead frame 0.20 mm thick (JEDEC MO-220
  "A3 0.20 REF"), k = 401 W/(m K); the pad soldered by 50 um of SAC305 over its whole area.
  The perimeter leads are not modelled (their path to the board is left out).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from solver.model import Component, DetailedPackage, Package

K_SILICON = 148.0
K_DIE_ATTACH = 2.3
K_MOULD = 0.9
K_SUBSTRATE = [20.0, 20.0, 0.8]
K_SOLDER = 58.0
K_COPPER = 401.0
K_AIR = 0.026
KINDS = ("bga", "qfn")
FAMILY_KINDS = {"BGA": "bga", "CSP": "bga", "QFN": "qfn", "DFN": "qfn", "SON": "qfn"}


@dataclass
class Layer:
    """One body of the stack: ``role`` (die, die_attach, ...), footprint ``size`` (x, y
    before rotation, centred on the package), ``thickness``, conductivity (W/(m K), one
    number or [kx, ky, kz]), density (kg/m^3) and specific heat (J/(kg K))."""

    role: str
    size: tuple[float, float]
    thickness: float
    conductivity: float | list[float]
    density: float
    specific_heat: float


# (density, specific heat): silicon, filled epoxy, BT/copper laminate, copper, SAC305
CAPACITY = {"die": (2329.0, 700.0), "die_attach": (3000.0, 500.0),
            "substrate": (1900.0, 1000.0), "pad": (8933.0, 385.0), "solder": (7400.0, 230.0)}


def layer_kind(comp: Component) -> str | None:
    """``detailed.kind``, else from the library part's family (None: not known)."""
    d = comp.detailed
    if d is not None and d.kind is not None:
        return d.kind
    if comp.part:
        from solver.library import default_library

        item = default_library().get(comp.part)
        if item is not None:
            return FAMILY_KINDS.get(str(item.data.get("family", "")))
    return None


def _ball_conductivity(d: DetailedPackage, pkg: Package) -> tuple[list[float], float]:
    """The ball layer's effective [kx, ky, kz] and its thickness."""
    pitch = d.ball_pitch or 0.8e-3
    diameter = d.ball_diameter or 0.6 * pitch
    count = d.ball_count or math.floor(pkg.length / pitch) * math.floor(pkg.width / pitch)
    fraction = min(1.0, count * math.pi * diameter ** 2 / 4.0 / (pkg.length * pkg.width))
    kz = (d.solder_conductivity or K_SOLDER) * fraction
    return [K_AIR, K_AIR, kz], d.solder_thickness or 0.8 * diameter


def layers(comp: Component, pkg: Package) -> list[Layer]:
    """The stack bottom to top (solder first, mould last) with the defaults applied."""
    d = comp.detailed or DetailedPackage()
    body = (pkg.length, pkg.width)
    if layer_kind(comp) == "bga":
        k_balls, t_balls = _ball_conductivity(d, pkg)
        base = [Layer("solder", body, t_balls, k_balls, *CAPACITY["solder"]),
                Layer("substrate", body, d.substrate_thickness or 0.36e-3,
                      d.substrate_conductivity or list(K_SUBSTRATE), *CAPACITY["substrate"])]
        die = (d.die_length or 0.4 * body[0], d.die_width or 0.4 * body[1])
        die_t = d.die_thickness or 0.30e-3
    else:
        pad = (d.pad_length or 0.65 * body[0], d.pad_width or 0.65 * body[1])
        base = [Layer("solder", pad, d.solder_thickness or 50e-6,
                      d.solder_conductivity or K_SOLDER, *CAPACITY["solder"]),
                Layer("pad", pad, d.lead_frame_thickness or 0.20e-3,
                      d.lead_frame_conductivity or K_COPPER, *CAPACITY["pad"])]
        die = (d.die_length or 0.8 * pad[0], d.die_width or 0.8 * pad[1])
        die_t = d.die_thickness or 0.20e-3
    return [*base,
            Layer("die_attach", die, d.die_attach_thickness or 25e-6,
                  d.die_attach_conductivity or K_DIE_ATTACH, *CAPACITY["die_attach"]),
            Layer("die", die, die_t, d.die_conductivity or K_SILICON, *CAPACITY["die"])]


def mould_base(stack: list[Layer]) -> float:
    """Height of the mould's bottom above the board: on the BGA substrate, else on the solder."""
    return sum(s.thickness for s in stack[:2]) if stack[1].role == "substrate" \
        else stack[0].thickness


def stack_height(stack: list[Layer]) -> float:
    """Height of the die's top above the board."""
    return sum(s.thickness for s in stack)
