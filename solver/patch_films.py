"""Natural-convection film coefficients per surface patch, for the Picard loop.

Every patch (:mod:`solver.patches`) carrying the ``natural_convection`` kind gets one film
coefficient from its area-mean surface temperature and fluid temperature: air properties at
the film temperature (:mod:`solver.physics.air`), the plate correlation for the patch's
orientation to gravity (:func:`solver.physics.natural_convection.natural_convection_plate`:
Churchill-Chu with g cos(theta) for vertical and inclined plates, Lloyd-Moran or
Raithby-Hollands for horizontal ones), the vertical length being the extent along the
patch's upslope direction and the horizontal length ``A/P`` with ``P`` the perimeter of the
extent in its plane (exact for rectangles), or the condition's ``length``. Both are those of
the surface the patch is part of (:meth:`solver.patches.PatchTable.surface`: the patches of
its body face in its air region that the orientation classes split apart, joined again where
they meet at less than 60 degrees), at the patch's own orientation: the height of the
plate for a vertical or inclined one (Incropera sec. 9.6.1-9.6.2; Churchill & Chu 1975) and
``A_s/P`` of the plate for a horizontal one (Goldstein, Sparrow & Jones, Int. J. Heat Mass
Transfer 16, 1973; Lloyd & Moran 1974; Incropera eq. 9.29), not those of a sliver of the face
that a few of its faces' orientation class split off, whose length would tend to zero and its
film ``Nu k / L`` grow without bound. A
vertical patch facing another natural-convection patch across a gap S (parallel fins, the
walls of a slot) is a wall of a vertical channel instead: the symmetric, isothermal
Bar-Cohen-Rohsenow composite on the spacing (Incropera eq. 9.37), where it is in range
(``Ra_S S/L <= 1e5``) and gives less than the isolated plate (the composite's wide-gap limit
is the laminar isolated plate, which Churchill-Chu undercuts for wide gaps: the lower of the
two keeps h continuous as the gap opens). A patch inside the thermal layer of a larger
patch of another body (a part's top or short side wall on its board,
:func:`solver.physics.natural_convection_layer.layer_hosts`) takes that patch's lengths and
orientation: the board and its parts are one plate (at the patch's own temperature; reported
in its correlation). The patches of a round body (the condition's
``shape``, or a mesh recognised as a cylinder or sphere by
:func:`solver.geometry.round_shapes.fit_round_body`) take one film instead, from the whole
body's correlation at its area-mean surface temperature (:class:`RoundBodies`).

Steady: before the first solve the films are evaluated at a surface 10 K above the air; after
each solve the target films at the new surface temperatures are computed, and the films have
settled when the heat flows they ask for differ from those of the films in use by less than
``solver.convection_tolerance`` (relative; the loop also waits for the other films, radiation
included, to settle alike: :mod:`solver.steady`); otherwise the films move a fraction
``solver.convection_relaxation`` towards the targets. Transient: the films are lagged, taken
once per step from the surface temperatures at the start of the step (no relaxation; the
step is then linear unless radiation is on).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
from numba import njit

from solver.geometry.round_shapes import RoundFit, fit_round_body
from solver.physics.air import ATMOSPHERIC_PRESSURE, air_properties, film_temperature
from solver.physics.channel_convection import nu_vertical_channel_bar_cohen_rohsenow
from solver.physics.dimensionless import h_from_nusselt
from solver.physics.natural_convection import (
    HORIZONTAL_CYLINDER,
    PLATE,
    PLATE_CORRELATION_NAMES,
    ROUND_CORRELATION_NAMES,
    SPHERE,
    VERTICAL_CHURCHILL_CHU,
    VERTICAL_CYLINDER,
    natural_convection_plate,
    natural_convection_round,
)
from solver.physics.natural_convection_layer import layer_hosts, thermal_layer_thickness
from solver.physics.validity import IN_RANGE

if TYPE_CHECKING:
    from solver.discretize import Discretization
    from solver.surface import FaceConditions

KIND = "natural_convection"
START_DELTA_T = 10.0  # K: the surface-to-air difference of the first guess
CHANNEL_BAR_COHEN_ROHSENOW = len(PLATE_CORRELATION_NAMES)
ROUND_FIRST = CHANNEL_BAR_COHEN_ROHSENOW + 1  # the correlation of shape code 1
CORRELATION_NAMES = (*PLATE_CORRELATION_NAMES,
                     "vertical channel between facing plates, Bar-Cohen-Rohsenow",
                     *ROUND_CORRELATION_NAMES)
# a recognised cylinder's axis within this angle of the horizontal or the vertical is a
# horizontal or vertical cylinder; more inclined ones stay plates
MAX_AXIS_TILT = math.radians(10.0)
MAX_CHANNEL_TILT = 0.1  # |n . up| of channel walls (within ~6 deg of vertical)
# the wide end of Bar-Cohen-Rohsenow's range (solver.physics.channel_convection): beyond it
# the walls are isolated plates
CHANNEL_MAX_RA_S_S_OVER_L = 1e5


@dataclass
class PatchFilms:
    """Per natural-convection patch at given surface temperatures: the correlation's film
    (W/(m^2 K)), its length (m), the correlation used (index into :data:`CORRELATION_NAMES`),
    the Rayleigh number on
    that length, the validity flag, and the mean surface and fluid temperatures (degC)."""

    h: np.ndarray
    length: np.ndarray
    correlation: np.ndarray
    rayleigh: np.ndarray
    flag: np.ndarray
    t_surface: np.ndarray
    t_fluid: np.ndarray


@njit(cache=True)
def buoyancy(t_surface, t_fluid, gravity, pressure):
    """Air at the film temperature: ``(k, Pr, Ra / L^3, flag)`` with ``Ra / L^3 = g beta
    |Ts - Tf| / (nu alpha)`` (:func:`solver.physics.air.air_properties`; ``flag``: the film
    temperature was clamped to the fit's range)."""
    props = air_properties(film_temperature(t_surface, t_fluid), pressure)
    k, nu, alpha, pr, beta = props[3], props[4], props[5], props[6], props[7]
    return k, pr, gravity * beta * abs(t_surface - t_fluid) / (nu * alpha), props[8]


@njit(cache=True)
def _plate_films(t_surface, t_fluid, gravity, height, area_over_perimeter, up_dot_normal,
                 spacing, pressure):
    n = t_surface.size
    h, length, ra = np.zeros(n), np.zeros(n), np.zeros(n)
    which, flag = np.zeros(n, np.int64), np.zeros(n, np.int64)
    for i in range(n):
        dt = t_surface[i] - t_fluid[i]
        k, pr, per_l3, air_flag = buoyancy(t_surface[i], t_fluid[i], gravity, pressure)
        nu_l, length[i], which[i], f = natural_convection_plate(
            per_l3, pr, height[i], area_over_perimeter[i], up_dot_normal[i], dt > 0.0)
        s = min(1.0, abs(up_dot_normal[i]))
        along = math.sqrt(1.0 - s * s)
        h[i] = h_from_nusselt(nu_l, k, length[i])
        gap = spacing[i]
        if which[i] == VERTICAL_CHURCHILL_CHU and gap > 0.0 and \
                per_l3 * along * gap**4 / height[i] <= CHANNEL_MAX_RA_S_S_OVER_L:
            nu_s, f_s = nu_vertical_channel_bar_cohen_rohsenow(
                per_l3 * along * gap**3, gap / height[i], False)
            h_s = h_from_nusselt(nu_s, k, gap)
            if h_s < h[i]:
                h[i], length[i], which[i], f = h_s, gap, CHANNEL_BAR_COHEN_ROHSENOW, f_s
        vertical = which[i] == VERTICAL_CHURCHILL_CHU or which[i] == CHANNEL_BAR_COHEN_ROHSENOW
        drive = along if vertical else s
        ra[i] = per_l3 * drive * length[i] ** 3
        flag[i] = max(f, air_flag)
    return h, length, which, ra, flag


GAP_TOLERANCE = 1e-9  # m: round-off of centroids ~0.1 m apart, far below any grid cell


@njit(cache=True)
def facing_gaps(normal, centroid, lo, hi, region, candidate):
    """Per patch the gap (m) along its normal to the nearest candidate patch that faces it
    (opposite normals within 8 deg, same air region, in front of it by more than
    :data:`GAP_TOLERANCE`, covering at least half of its extent across the normal's dominant
    axis); NaN where there is none (coplanar patches back to back face no gap)."""
    n = normal.shape[0]
    out = np.full(n, np.nan)
    for i in range(n):
        if not candidate[i]:
            continue
        a = np.argmax(np.abs(normal[i]))
        best = np.inf
        for j in range(n):
            if j == i or not candidate[j] or region[j] != region[i]:
                continue
            if normal[i] @ normal[j] > -0.99:
                continue
            gap = (centroid[j] - centroid[i]) @ normal[i]
            if gap <= GAP_TOLERANCE or gap >= best:
                continue
            shared, own = 1.0, 1.0
            for b in range(3):
                if b != a:
                    shared *= max(0.0, min(hi[i, b], hi[j, b]) - max(lo[i, b], lo[j, b]))
                    own *= hi[i, b] - lo[i, b]
            if shared >= 0.5 * own:
                best = gap
        if best < np.inf:
            out[i] = best
    return out


def _tangent(normal: np.ndarray) -> np.ndarray:
    """A unit vector normal to every ``normal`` (n x 3), along a grid plane."""
    seed = np.zeros_like(normal)
    seed[np.arange(len(normal)), np.argmin(np.abs(normal), axis=1)] = 1.0
    t = np.cross(normal, seed)
    return t / np.linalg.norm(t, axis=1, keepdims=True)


@dataclass
class PlateGeometry:
    """What the plate correlations need of the patches ``patches``: gravity's magnitude
    (m/s^2), the vertical length (extent along the upslope direction), the horizontal length
    ``A/P``, ``n . up``, the gap to a facing vertical wall of the same set (NaN: none) and
    the patch (index into ``disc.patches``, -1: none) in whose thermal layer it lies and whose
    lengths and orientation it takes (:func:`thermal_hosts`)."""

    patches: np.ndarray
    gravity: float
    height: np.ndarray
    area_over_perimeter: np.ndarray
    up_dot_normal: np.ndarray
    spacing: np.ndarray
    host: np.ndarray

    @classmethod
    def of(cls, disc: Discretization, patches: np.ndarray, length: np.ndarray | None = None,
           up_dot_normal: np.ndarray | None = None) -> PlateGeometry:
        """The geometry of ``patches`` (indices into ``disc.patches``); ``length`` and
        ``up_dot_normal`` (per patch of the table, NaN: from the geometry) override it."""
        p = disc.patches
        g = np.asarray(disc.model.ambient.gravity, dtype=float)
        gravity = float(np.linalg.norm(g))
        up = -g / gravity if gravity > 0.0 else np.array([0.0, 0.0, 1.0])
        dot = p.normal @ up
        upslope = up[None, :] - dot[:, None] * p.normal
        size = np.linalg.norm(upslope, axis=1, keepdims=True)
        upslope = np.where(size > 1e-9, upslope / np.maximum(size, 1e-300), _tangent(p.normal))
        height = p.extent_along(upslope, whole=True)
        width = p.extent_along(np.cross(p.normal, upslope), whole=True)
        area = np.bincount(p.surface, weights=p.area)[p.surface]
        a_over_p = area / np.maximum(2.0 * (height + width), 1e-300)
        length = np.full(len(p), np.nan) if length is None else length
        override = np.full(len(p), np.nan) if up_dot_normal is None else up_dot_normal
        given = np.isfinite(length)
        sel = patches
        height = np.where(given, length, height)[sel]
        a_over_p = np.where(given, length, a_over_p)[sel]
        up_dot = np.where(np.isfinite(override), override, dot)[sel]
        host = thermal_hosts(disc, sel, ~given[sel], gravity, height, a_over_p, up_dot)
        inside = host >= 0
        local = np.searchsorted(sel, host[inside])
        for column in (height, a_over_p, up_dot):
            column[inside] = column[local]
        walls = (np.abs(up_dot) < MAX_CHANNEL_TILT) & ~given[sel]
        spacing = facing_gaps(p.normal[sel], p.centroid[sel], p.lo[sel], p.hi[sel],
                               p.region[sel], walls)
        return cls(sel, gravity, height, a_over_p, up_dot, spacing,
                   np.where(inside, host, -1))

    def films(self, t_surface: np.ndarray, t_fluid: np.ndarray) -> tuple[np.ndarray, ...]:
        """Per patch at the mean surface and fluid temperatures (degC): the film, its
        length, the correlation, Ra on that length and the validity flag."""
        return _plate_films(t_surface, t_fluid, self.gravity, self.height,
                            self.area_over_perimeter, self.up_dot_normal, self.spacing,
                            ATMOSPHERIC_PRESSURE)


def thermal_hosts(disc: Discretization, patches: np.ndarray, free: np.ndarray, gravity: float,
                  height: np.ndarray, area_over_perimeter: np.ndarray,
                  up_dot_normal: np.ndarray) -> np.ndarray:
    """Per patch of ``patches`` (sorted indices into ``disc.patches``) the patch of the set
    in whose thermal layer it lies (:func:`solver.physics.natural_convection_layer.layer_hosts`;
    -1: none); ``free`` marks the patches without a given length (only they are hosts or
    guests). The layer's thickness is the host's ``L / Nu_L`` at the first guess (the surface
    :data:`START_DELTA_T` above the ambient air), so the pairing is fixed during the solve
    (it varies as ``dT^(-1/4)``)."""
    p = disc.patches
    t_air = disc.model.ambient.temperature
    _k, pr, per_l3, _flag = buoyancy(t_air + START_DELTA_T, t_air, gravity,
                                      ATMOSPHERIC_PRESSURE)
    thickness = np.zeros(patches.size)
    for j in range(patches.size):
        nu, length, _which, _f = natural_convection_plate(
            per_l3, pr, height[j], area_over_perimeter[j], up_dot_normal[j], True)
        thickness[j] = thermal_layer_thickness(nu, length)
    hosts = layer_hosts(p.normal[patches], p.lo[patches], p.hi[patches], p.region[patches],
                        p.body[patches], p.area[patches], thickness, free, free)
    return np.where(hosts >= 0, patches[np.maximum(hosts, 0)], -1)


@njit(cache=True)
def _round_films(t_surface, t_fluid, gravity, shape, diameter, height, pressure):
    n = t_surface.size
    h, length, ra = np.zeros(n), np.zeros(n), np.zeros(n)
    flag = np.zeros(n, np.int64)
    for i in range(n):
        k, pr, per_l3, air_flag = buoyancy(t_surface[i], t_fluid[i], gravity, pressure)
        nu_l, length[i], f = natural_convection_round(shape[i], per_l3, pr, diameter[i],
                                                      height[i])
        h[i] = h_from_nusselt(nu_l, k, length[i])
        ra[i] = per_l3 * length[i] ** 3
        flag[i] = max(f, air_flag)
    return h, length, ra, flag


@dataclass
class RoundBodies:
    """The natural-convection patches on round bodies: per patch of the set its round body
    (``group``, -1: a plate) and area; per round body (one per body and air region) its
    shape code (:mod:`solver.physics.natural_convection`), diameter and height (m)."""

    group: np.ndarray
    area: np.ndarray
    shape: np.ndarray
    diameter: np.ndarray
    height: np.ndarray
    gravity: float

    @classmethod
    def of(cls, disc: Discretization, patches: np.ndarray, shape: np.ndarray,
           length: np.ndarray) -> RoundBodies:
        """The round bodies among ``patches`` (indices into ``disc.patches``) from the shape
        code per patch of the table (NaN: recognised, :func:`body_shape`) and ``length``
        (the diameter where finite)."""
        p = disc.patches
        g = np.asarray(disc.model.ambient.gravity, dtype=float)
        gravity = float(np.linalg.norm(g))
        up = -g / gravity if gravity > 0.0 else np.array([0.0, 0.0, 1.0])
        fits: dict[int, RoundFit | None] = {}
        keys: dict[tuple, int] = {}
        rows: list[tuple[int, float, float]] = []
        group = np.full(patches.size, -1)
        for j, i in enumerate(patches):
            b = int(p.body[i])
            if b not in fits:
                r = disc.resolved[b]
                fits[b] = None if r.is_box else fit_round_body(r.vertices, r.triangles)
            code = body_shape(fits[b], up) if np.isnan(shape[i]) else int(shape[i])
            if code == PLATE:
                continue
            key = (b, int(p.region[i]), code, float(np.nan_to_num(length[i], nan=-1.0)))
            if key not in keys:
                keys[key] = len(rows)
                r = disc.resolved[b]
                rows.append((code, *round_size(code, fits[b], length[i], r.lo, r.hi, up)))
            group[j] = keys[key]
        # columns contiguous whatever the row count (one kernel signature, compiled once)
        code, diameter, height = np.array(rows, dtype=float).reshape(-1, 3).T.copy()
        return cls(group, p.area[patches], code.astype(np.int64), diameter, height, gravity)

    def films(self, t_surface: np.ndarray, t_fluid: np.ndarray, out: tuple) -> None:
        """Overwrite the per-patch ``out`` (h, length, correlation, Ra, flag) of the round
        bodies' patches with the body's film at its area-mean surface and fluid
        temperatures."""
        on = self.group >= 0
        if not np.any(on):
            return
        g, w = self.group[on], self.area[on]
        total = np.bincount(g, weights=w, minlength=self.shape.size)
        ts = np.bincount(g, weights=w * t_surface[on], minlength=self.shape.size) / total
        tf = np.bincount(g, weights=w * t_fluid[on], minlength=self.shape.size) / total
        h, length, ra, flag = _round_films(ts, tf, self.gravity, self.shape, self.diameter,
                                           self.height, ATMOSPHERIC_PRESSURE)
        for target, value in zip(out, (h, length, ROUND_FIRST + self.shape - 1, ra, flag),
                                 strict=True):
            target[on] = value[g]


def body_shape(fit: RoundFit | None, up: np.ndarray) -> int:
    """The shape code of a body recognised as ``fit`` (None: not round): a sphere; a
    cylinder whose axis is within :data:`MAX_AXIS_TILT` of the horizontal or the vertical;
    else a plate."""
    if fit is None:
        return PLATE
    if fit.kind == "sphere":
        return SPHERE
    tilt = abs(float(fit.axis @ up))
    if tilt <= math.sin(MAX_AXIS_TILT):
        return HORIZONTAL_CYLINDER
    return VERTICAL_CYLINDER if tilt >= math.cos(MAX_AXIS_TILT) else PLATE


def round_size(code: int, fit: RoundFit | None, length: float, lo: np.ndarray,
               hi: np.ndarray, up: np.ndarray) -> tuple[float, float]:
    """Diameter and height (m) of a body of shape ``code``: the diameter ``length`` if
    finite, else the recognised one when the body is of that kind; else from its bounding
    box ``lo``..``hi``: the extent along ``up`` (a sphere, a horizontal cylinder) or, for a
    vertical cylinder, the geometric mean of the horizontal extents (gravity along an
    axis). A vertical cylinder's height is the recognised length, else the extent along
    ``up``."""
    extent = hi - lo
    vertical = float(np.abs(up) @ extent)
    cylinder = code != SPHERE
    fitted = fit is not None and (fit.kind == "cylinder") == cylinder
    height = fit.length if fitted and cylinder else vertical
    if np.isfinite(length):
        return float(length), height
    if fitted:
        return fit.diameter, height
    if code == VERTICAL_CYLINDER:
        return float(np.sqrt(np.prod(extent) / max(vertical, 1e-300))), height
    return vertical, height


class NaturalConvectionFilms:
    """The natural-convection films of a discretization's patches and their iteration state:
    ``h`` per exposed face (0 off the kind), installed into the face conditions before each
    boundary assembly; ``residual`` the last relative mismatch of the heat flows."""

    def __init__(self, disc: Discretization) -> None:
        p = disc.patches
        c = disc.conditions
        self.disc = disc
        self.on = c.on(KIND) >= 0
        self.patches = np.nonzero(p.total(self.on.astype(float)) > 0)[0]
        values = c.values[KIND]
        length = p.mean(values["length"], self.on)
        mapped = self.on & (p.face_patch >= 0)
        shape, diameter = np.full(len(p), np.nan), np.full(len(p), np.nan)
        shape[p.face_patch[mapped]] = values["shape"][mapped]  # one condition per patch
        diameter[p.face_patch[mapped]] = values["length"][mapped]
        self.round = RoundBodies.of(disc, self.patches, shape, diameter)
        # a round body's patches are no channel walls (a given length keeps them out)
        round_patch = self.patches[self.round.group >= 0]
        length[round_patch] = self.round.diameter[self.round.group[self.round.group >= 0]]
        self.geometry = PlateGeometry.of(disc, self.patches, length,
                                         p.mean(values["up_dot_normal"], self.on))
        self.h_patch = np.zeros(self.patches.size)
        self.h = np.zeros(len(self.on))
        self.target: PatchFilms | None = None
        self.residual = 0.0

    @classmethod
    def of(cls, disc: Discretization) -> NaturalConvectionFilms | None:
        """The films of ``disc``, None when no face carries natural convection."""
        return cls(disc) if np.any(disc.conditions.on(KIND) >= 0) else None

    def evaluate(self, t_surface: np.ndarray | None, conditions: FaceConditions) -> PatchFilms:
        """The correlations' films at the face temperatures ``t_surface`` (None: 10 K above
        the fluid, the first guess) with the fluid temperatures of ``conditions``."""
        p = self.disc.patches
        tf = p.mean(conditions.values[KIND]["t_fluid"], self.on)[self.patches]
        ts = tf + START_DELTA_T if t_surface is None else p.mean(t_surface, self.on)[
            self.patches]
        out = self.geometry.films(ts, tf)
        self.round.films(ts, tf, out)
        return PatchFilms(*out, ts, tf)

    def _set(self, h_patch: np.ndarray) -> None:
        """Use the patch films ``h_patch`` (a new face array: boundaries already assembled
        keep the films they were built with)."""
        self.h_patch = h_patch
        full = np.zeros(len(self.disc.patches))
        full[self.patches] = h_patch
        self.h = np.where(self.on, full[self.disc.patches.face_patch], 0.0)

    def start(self, conditions: FaceConditions) -> None:
        """The first guess, before any surface temperature is known."""
        self._set(self.evaluate(None, conditions).h)

    def settle(self, t_surface: np.ndarray, conditions: FaceConditions) -> float:
        """The target films at ``t_surface`` and the relative mismatch of the patches' heat
        flows ``sum A |h_target - h| |dT| / sum A h_target |dT|`` (0 without heat flow)."""
        self.target = self.evaluate(t_surface, conditions)
        area = self.disc.patches.area[self.patches]
        dt = np.abs(self.target.t_surface - self.target.t_fluid)
        scale = float(np.sum(area * self.target.h * dt))
        miss = float(np.sum(area * np.abs(self.target.h - self.h_patch) * dt))
        self.residual = miss / scale if scale > 0.0 else 0.0
        return self.residual

    def relax(self, factor: float) -> None:
        """Move the films a fraction ``factor`` towards the last targets."""
        self._set(self.h_patch + factor * (self.target.h - self.h_patch))

    def lag(self, t_surface: np.ndarray, conditions: FaceConditions) -> None:
        """Transient: the films at the start-of-step surface temperatures, used for the step."""
        self.settle(t_surface, conditions)
        self._set(self.target.h)

    def install(self, conditions: FaceConditions) -> None:
        """Put the films in use into ``conditions`` (the kind's film reads them)."""
        conditions.values[KIND]["h"] = self.h

    def report(self, t_surface: np.ndarray, conditions: FaceConditions,
               iterations: int) -> dict[str, Any]:
        """``summary.json``'s ``natural_convection``: the iteration, and per patch its body,
        face, area, film in use, correlation, length, Ra, validity, mean surface temperature
        and heat to the air (W, from the films in use at the face temperatures)."""
        disc, p = self.disc, self.disc.patches
        films = self.evaluate(t_surface, conditions)
        t_fluid = conditions.values[KIND]["t_fluid"]
        heat = p.total(self.h * p.face_area * (t_surface - t_fluid), self.on)
        rows = []
        for j, i in enumerate(self.patches):
            body, face = disc.group_names[p.group[i]]
            correlation = CORRELATION_NAMES[films.correlation[j]]
            host = self.geometry.host[j]
            if host >= 0 and films.correlation[j] < ROUND_FIRST:
                h_body, h_face = disc.group_names[p.group[host]]
                correlation += (f", on the length of {disc.model.bodies[h_body].name}/{h_face}"
                                " (inside its thermal layer)")
            rows.append({
                "patch": int(i), "body": disc.model.bodies[body].name, "face": face,
                "area_m2": float(p.area[i]), "normal": [float(v) for v in p.normal[i]],
                "h_W_m2K": float(self.h_patch[j]),
                "correlation": correlation,
                "length_m": float(films.length[j]), "Ra": float(films.rayleigh[j]),
                "in_range": bool(films.flag[j] == IN_RANGE),
                "t_surface_C": float(films.t_surface[j]), "t_fluid_C": float(films.t_fluid[j]),
                "heat_W": float(heat[i])})
        return {"iterations": iterations, "residual": self.residual,
                "tolerance": disc.model.solver.convection_tolerance,
                "relaxation": disc.model.solver.convection_relaxation,
                "heat_W": float(sum(r["heat_W"] for r in rows)), "patches": rows}
