"""Plate-fin heat sinks by hand, for the validation tests: air from Incropera's table, the
textbook films (Churchill-Chu plate, Bar-Cohen-Rohsenow channel, linearised radiation), the
isothermal-base sink resistance built from them, and Lee et al.'s spreading resistance of a
small source on the base."""

from __future__ import annotations

import math
from dataclasses import dataclass

G, SIGMA, T_AIR = 9.81, 5.670374419e-8, 25.0
KELVIN = 273.15


def air(t_film_k):
    """Air at ``t_film_k``: (nu, k, alpha, Pr) interpolated linearly between 300 and 350 K in
    Incropera et al., Fundamentals of Heat and Mass Transfer, 7th ed., Table A.4."""
    w = (t_film_k - 300.0) / 50.0
    lerp = [a + w * (b - a) for a, b in ((15.89e-6, 20.92e-6), (26.3e-3, 30.0e-3),
                                         (22.5e-6, 29.9e-6), (0.707, 0.700))]
    return tuple(lerp)


def rayleigh(length, t_s, t_inf=T_AIR):
    t_film = 0.5 * (t_s + t_inf) + KELVIN
    nu, _, alpha, _ = air(t_film)
    return G * (t_s - t_inf) / t_film * length**3 / (nu * alpha)


def h_vertical_plate(height, t_s):
    """Churchill & Chu (1975), full range: Incropera eq. 9.26."""
    _, k, _, pr = air(0.5 * (t_s + T_AIR) + KELVIN)
    ra = rayleigh(height, t_s)
    nu = (0.825 + 0.387 * ra ** (1 / 6) / (1 + (0.492 / pr) ** (9 / 16)) ** (8 / 27)) ** 2
    return nu * k / height


def h_channel(spacing, height, t_s):
    """Symmetric isothermal vertical channel, Bar-Cohen & Rohsenow (1984): Incropera eq. 9.37
    with Table 9.3 (Elenbaas' limits), h on the spacing."""
    _, k, _, _ = air(0.5 * (t_s + T_AIR) + KELVIN)
    el = rayleigh(spacing, t_s) * spacing / height
    return (576 / el**2 + 2.873 / el**0.5) ** -0.5 * k / spacing


def h_radiation(emissivity, t_s, t_inf=T_AIR):
    ts, ta = t_s + KELVIN, t_inf + KELVIN
    return emissivity * SIGMA * (ts**2 + ta**2) * (ts + ta)


@dataclass(frozen=True)
class PlateFinSink:
    """A plate-fin sink standing with its fins vertical: ``length`` along gravity (the fins'
    length), ``width`` across the fins, ``base`` thickness, ``fins`` of ``fin_t`` x
    ``fin_h``, ``spacing`` between them (the array centred on the width), conductivity ``k``
    and ``emissivity``."""

    length: float
    width: float
    base: float
    fins: int
    fin_t: float
    fin_h: float
    spacing: float
    k: float
    emissivity: float

    @classmethod
    def of_item(cls, data: dict, k: float, emissivity: float) -> PlateFinSink:
        """From a library plate-fin item's ``base`` and ``fins`` (fins along its length)."""
        b, f = data["base"], data["fins"]
        return cls(b["length"], b["width"], b["thickness"], f["count"], f["thickness"],
                   f["height"], f["spacing"], k, emissivity)


def plate_fin_resistance_by_hand(s: PlateFinSink, power: float, channel_h=None) -> float:
    """R_sa (K/W) of the isothermal-base sink ``s`` at ``power`` W by hand: the channels by
    Bar-Cohen-Rohsenow (walls and channel floor), the outer fin faces, the back, the base
    margins beside the array and the fin tips as vertical plates (Churchill-Chu on the
    length), and the end edges (top and bottom) with the plate's h; fins of efficiency
    tanh(mH)/(mH); radiation from the envelope as a grey body at the base temperature (the
    channel openings radiate as the walls' cavities do, at about the walls' emissivity).
    ``channel_h(t_s)`` replaces the channels' film (forced flow)."""
    length, width, fin_h, fin_t, fins = s.length, s.width, s.fin_h, s.fin_t, s.fins
    channels = fins - 1
    margin = width - fins * fin_t - channels * s.spacing
    a_walls = 2 * channels * fin_h * length
    a_floor = channels * s.spacing * length
    a_outer_fins = 2 * fin_h * length
    a_plates = 2 * s.base * length + width * length + fins * fin_t * length + margin * length
    a_ends = 2 * (s.base * width + fins * fin_t * fin_h)
    a_env = 2 * (width * length + (s.base + fin_h) * length + (s.base + fin_h) * width)

    def efficiency(h):
        m = math.sqrt(2 * h / (s.k * fin_t))
        return math.tanh(m * fin_h) / (m * fin_h)

    t_s = 50.0
    for _ in range(50):
        h_ch = h_channel(s.spacing, length, t_s) if channel_h is None else channel_h(t_s)
        h_pl = h_vertical_plate(length, t_s)
        ua = (h_ch * (a_walls * efficiency(h_ch) + a_floor)
              + h_pl * (a_outer_fins * efficiency(h_pl) + a_plates + a_ends)
              + h_radiation(s.emissivity, t_s) * a_env)
        t_s = T_AIR + power / ua
    return (t_s - T_AIR) / power


def spreading_resistance_lee(source_area: float, plate_area: float, thickness: float,
                             k: float, r_sink: float) -> float:
    """Mean-source spreading resistance (K/W) of a uniform-flux source of ``source_area`` at
    the centre of a plate of ``plate_area`` and ``thickness``, conductivity ``k``, whose
    other face leaves to the air through ``r_sink`` (K/W, as a uniform film): Lee, Song, Au
    & Moran (1995), 'Constriction/spreading resistance model for electronics packaging',
    ASME/JSME Thermal Engineering Conference vol. 4, 199-206, on the equivalent circles
    (r1, r2): eps = r1/r2, tau = t/r2, Bi = 1/(pi k r2 R_sink), lambda = pi + 1/(eps
    sqrt(pi)), Phi = (tanh(lambda tau) + lambda/Bi) / (1 + lambda/Bi tanh(lambda tau)),
    psi_avg = (1 - eps)^1.5 Phi / 2, R = psi_avg / (sqrt(pi) k r1). Their stated accuracy
    against the exact series is within ~10 % for the geometries of electronics packages."""
    r1, r2 = math.sqrt(source_area / math.pi), math.sqrt(plate_area / math.pi)
    eps, tau = r1 / r2, thickness / r2
    bi = 1.0 / (math.pi * k * r2 * r_sink)
    lam = math.pi + 1.0 / (eps * math.sqrt(math.pi))
    th = math.tanh(lam * tau)
    phi = (th + lam / bi) / (1.0 + lam / bi * th)
    return 0.5 * (1.0 - eps) ** 1.5 * phi / (math.sqrt(math.pi) * k * r1)
