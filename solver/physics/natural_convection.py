"""Natural convection from external surfaces in a quiescent fluid: average Nusselt numbers.

Each function takes the Rayleigh number on its characteristic length (built with
:func:`solver.physics.dimensionless.rayleigh_number`) and the Prandtl number, and returns
``(Nu, flag)``; outside the validity range the Rayleigh number is clamped to the nearest valid
value and ``flag`` is ``CLAMPED`` (:mod:`solver.physics.validity`). Properties at the film
temperature (:mod:`solver.physics.air`). "Incropera" is Incropera, DeWitt, Bergman & Lavine,
*Fundamentals of Heat and Mass Transfer*, 7th ed., 2011.
"""

from __future__ import annotations

import math

from numba import njit

from solver.physics.validity import clamp_to_range

# Correlation identifiers reported per patch by natural_convection_plate.
VERTICAL_CHURCHILL_CHU = 0
HORIZONTAL_UP_LLOYD_MORAN = 1
HORIZONTAL_UP_RAITHBY_HOLLANDS = 2
HORIZONTAL_DOWN_RAITHBY_HOLLANDS = 3
PLATE_CORRELATION_NAMES = (
    "vertical plate, Churchill-Chu (g cos theta)",
    "horizontal plate facing up, Lloyd-Moran",
    "horizontal plate facing up, Raithby-Hollands",
    "horizontal plate facing down, Raithby-Hollands",
)
# Inclination from the vertical up to which the stable side of a plate is a vertical plate with
# g cos(theta) (Incropera sec. 9.6.2).
MAX_INCLINATION_AS_VERTICAL = math.radians(60.0)


@njit(cache=True)
def nu_vertical_plate_churchill_chu(ra, pr):
    """Vertical isothermal plate, all regimes: ``Nu_L = {0.825 + 0.387 Ra^(1/6) /
    [1 + (0.492/Pr)^(9/16)]^(8/27)}^2`` (Churchill & Chu, Int. J. Heat Mass Transfer 18, 1975;
    Incropera eq. 9.26). L = height. Valid 1e-1 <= Ra_L <= 1e12, all Pr. Inclined plates:
    pass Ra with g cos(theta) (Incropera sec. 9.6.2, theta <= 60 deg from the vertical)."""
    ra, flag = clamp_to_range(ra, 1e-1, 1e12)
    f = (1.0 + (0.492 / pr) ** (9.0 / 16.0)) ** (8.0 / 27.0)
    root = 0.825 + 0.387 * ra ** (1.0 / 6.0) / f
    return root * root, flag


@njit(cache=True)
def nu_vertical_plate_churchill_chu_laminar(ra, pr):
    """Vertical isothermal plate, laminar: ``Nu_L = 0.68 + 0.670 Ra^(1/4) /
    [1 + (0.492/Pr)^(9/16)]^(4/9)`` (Churchill & Chu 1975; Incropera eq. 9.27), slightly more
    accurate than eq. 9.26 in its range 0 <= Ra_L <= 1e9."""
    ra, flag = clamp_to_range(ra, 0.0, 1e9)
    f = (1.0 + (0.492 / pr) ** (9.0 / 16.0)) ** (4.0 / 9.0)
    return 0.68 + 0.670 * ra**0.25 / f, flag


@njit(cache=True)
def nu_horizontal_plate_up_lloyd_moran(ra):
    """Upper surface of a hot (or lower surface of a cold) horizontal plate, L = A/P:
    ``Nu_L = 0.54 Ra^(1/4)`` for 1e4 <= Ra_L <= 1e7 and ``0.15 Ra^(1/3)`` for
    1e7 <= Ra_L <= 1e11 (Lloyd & Moran, ASME paper 74-WA/HT-66, 1974; Incropera eqs. 9.30,
    9.31; Pr >= 0.7). The larger of the two is taken, so Nu is continuous: the forms cross at
    Ra_L = 4.7e6, where the laminar one is 6 % below the turbulent one's value at 1e7 (a jump
    there would keep a Picard loop flipping between the two)."""
    ra, flag = clamp_to_range(ra, 1e4, 1e11)
    return max(0.54 * ra**0.25, 0.15 * ra ** (1.0 / 3.0)), flag


@njit(cache=True)
def nu_horizontal_plate_up_raithby_hollands(ra, pr):
    """Upper surface of a hot horizontal plate, L = A/P, with the thick-layer correction that
    keeps it valid at small Ra: laminar ``Nu_T = 0.835 C_l Ra^(1/4)``, ``Nu_l = 1.4 /
    ln(1 + 1.4/Nu_T)``, turbulent ``Nu_t = C_t^U Ra^(1/3)``, blended
    ``Nu = (Nu_l^10 + Nu_t^10)^(1/10)`` (Raithby & Hollands, "Natural convection", ch. 4 of
    Rohsenow, Hartnett & Cho, *Handbook of Heat Transfer*, 3rd ed., 1998, for a plate whose
    whole face is heated). Valid 1 <= Ra_L <= 1e10."""
    ra, flag = clamp_to_range(ra, 1.0, 1e10)
    ct_u = 0.14 * (1.0 + 0.01707 * pr) / (1.0 + 0.01 * pr)
    ct_v = 0.13 * pr**0.22 / (1.0 + 0.61 * pr**0.81) ** 0.42
    c_l = 0.0972 - (0.0157 + 0.462 * ct_v)
    nu_t = 0.835 * c_l * ra**0.25
    nu_l = 1.4 / math.log(1.0 + 1.4 / nu_t)
    nu_turb = ct_u * ra ** (1.0 / 3.0)
    return (nu_l**10 + nu_turb**10) ** 0.1, flag


@njit(cache=True)
def nu_horizontal_plate_down_raithby_hollands(ra, pr):
    """Lower surface of a hot (or upper surface of a cold) horizontal plate, L = A/P:
    ``Nu_T = 0.527 Ra^(1/5) / [1 + (1.9/Pr)^(9/10)]^(2/9)``, ``Nu = 2.5 / ln(1 + 2.5/Nu_T)``
    (Raithby & Hollands, ch. 4 of the *Handbook of Heat Transfer*, 3rd ed., 1998, with its
    thick-layer correction). Valid 1 <= Ra_L <= 1e10 (laminar throughout)."""
    ra, flag = clamp_to_range(ra, 1.0, 1e10)
    nu_t = 0.527 * ra**0.2 / (1.0 + (1.9 / pr) ** 0.9) ** (2.0 / 9.0)
    return 2.5 / math.log(1.0 + 2.5 / nu_t), flag


@njit(cache=True)
def nu_horizontal_plate_down_mcadams(ra):
    """Lower surface of a hot horizontal plate: ``Nu_L = 0.27 Ra^(1/4)`` (McAdams, *Heat
    Transmission*, 3rd ed., 1954; Incropera 6th ed. eq. 9.32), L = A/P, 1e5 <= Ra_L <= 1e10."""
    ra, flag = clamp_to_range(ra, 1e5, 1e10)
    return 0.27 * ra**0.25, flag


@njit(cache=True)
def nu_horizontal_cylinder_churchill_chu(ra, pr):
    """Long isothermal horizontal cylinder, L = diameter: ``Nu_D = {0.60 + 0.387 Ra^(1/6) /
    [1 + (0.559/Pr)^(9/16)]^(8/27)}^2`` (Churchill & Chu, Int. J. Heat Mass Transfer 18, 1975;
    Incropera eq. 9.34). Valid 1e-5 <= Ra_D <= 1e12."""
    ra, flag = clamp_to_range(ra, 1e-5, 1e12)
    f = (1.0 + (0.559 / pr) ** (9.0 / 16.0)) ** (8.0 / 27.0)
    root = 0.60 + 0.387 * ra ** (1.0 / 6.0) / f
    return root * root, flag


@njit(cache=True)
def nu_vertical_cylinder_popiel_churchill(ra, pr, length_over_diameter):
    """Isothermal vertical cylinder, L = height: the vertical plate's Nu (Churchill-Chu,
    Incropera eq. 9.26) times the transverse-curvature factor ``1 + B xi^C``,
    ``xi = 32^(1/2) Gr_L^(-1/4) L/D``, ``B = 0.0571322 + 0.20305 Pr^-0.43``,
    ``C = 0.9165 - 0.0043 Pr^(1/2) + 0.01333 ln Pr + 0.0004809/Pr`` (Popiel, Wojtkowiak &
    Bober, Exp. Thermal Fluid Sci. 32, 2007; Popiel, Heat Transfer Eng. 29, 2008). Valid in the
    laminar range Gr_L <= 4e9, xi <= 5, 0.01 < Pr < 100 (xi -> 0: the plate, Incropera's
    D >= 35 L / Gr_L^(1/4) criterion). Outside it the factor is taken at the nearest valid
    Gr_L and xi (flagged), the plate's Nu at the true Ra_L (clamped to its own range)."""
    nu_plate, flag = nu_vertical_plate_churchill_chu(ra, pr)
    gr, flag_gr = clamp_to_range(ra / pr, 1e-300, 4e9)
    xi, flag_xi = clamp_to_range(math.sqrt(32.0) * gr**-0.25 * length_over_diameter, 0.0, 5.0)
    b = 0.0571322 + 0.20305 * pr**-0.43
    c = 0.9165 - 0.0043 * math.sqrt(pr) + 0.01333 * math.log(pr) + 0.0004809 / pr
    return nu_plate * (1.0 + b * xi**c), max(flag, max(flag_gr, flag_xi))


@njit(cache=True)
def nu_sphere_churchill(ra, pr):
    """Isothermal sphere, L = diameter: ``Nu_D = 2 + 0.589 Ra^(1/4) / [1 + (0.469/Pr)^(9/16)]^(4/9)
    * {1 + 7.44e-8 Ra / [1 + (0.469/Pr)^(9/16)]^(16/9)}^(1/12)`` (Churchill, sec. 2.5.7 of the
    *Heat Exchanger Design Handbook*, 1983; without the braces it is Incropera eq. 9.35, valid to
    Ra_D = 1e11). Valid 0 <= Ra_D <= 1e13."""
    ra, flag = clamp_to_range(ra, 0.0, 1e13)
    f = 1.0 + (0.469 / pr) ** (9.0 / 16.0)
    turbulent = (1.0 + 7.44e-8 * ra / f ** (16.0 / 9.0)) ** (1.0 / 12.0)
    return 2.0 + 0.589 * ra**0.25 / f ** (4.0 / 9.0) * turbulent, flag


@njit(cache=True)
def _nu_up(ra, pr):
    """Facing-up (unstable) horizontal plate: Lloyd-Moran in its range; below 1e4,
    Raithby-Hollands (valid there) scaled by the factor that makes it meet Lloyd-Moran at
    1e4 (1.78 in air): the two disagree there, and a jump in h at the switch would keep the
    Picard loop of a surface near Ra = 1e4 flipping between them. The Ra dependence below
    1e4 is Raithby-Hollands' thick-layer law."""
    if ra >= 1e4:
        nu, flag = nu_horizontal_plate_up_lloyd_moran(ra)
        return nu, HORIZONTAL_UP_LLOYD_MORAN, flag
    nu, flag = nu_horizontal_plate_up_raithby_hollands(ra, pr)
    scale = nu_horizontal_plate_up_lloyd_moran(1e4)[0] / \
        nu_horizontal_plate_up_raithby_hollands(1e4, pr)[0]
    return nu * scale, HORIZONTAL_UP_RAITHBY_HOLLANDS, flag


@njit(cache=True)
def natural_convection_plate(ra_per_length3, pr, height, area_over_perimeter, up_dot_normal,
                             hotter_than_air):
    """Nusselt number of a planar patch of any orientation: ``(Nu, L, correlation, flag)``,
    with ``h = Nu k / L``.

    ``ra_per_length3`` is ``g beta |dT| / (nu alpha)`` with the full |g|; ``height`` the
    patch's extent along the upslope direction (the vertical plate length), ``area_over_perimeter``
    the horizontal plate length ``A/P``; ``up_dot_normal`` the cosine between the outward normal
    and "up" (against gravity). Policy (Incropera sec. 9.6.2; Raithby & Hollands 1998, sec.
    "inclined surfaces"): with theta the inclination from the vertical,

    - the stable side (hot facing down, cold facing up): a vertical plate with g cos(theta) for
      theta <= 60 deg, else the facing-down plate with g |cos(normal, up)|;
    - the unstable side (hot facing up, cold facing down): the larger h of a vertical plate with
      g cos(theta) and a facing-up plate with g |cos(normal, up)|.
    """
    s = min(1.0, abs(up_dot_normal))
    along = math.sqrt(max(0.0, 1.0 - s * s))
    unstable = (up_dot_normal > 0.0) == hotter_than_air
    nu_v, flag_v = nu_vertical_plate_churchill_chu(ra_per_length3 * along * height**3, pr)
    if not unstable:
        if along >= math.cos(MAX_INCLINATION_AS_VERTICAL):
            return nu_v, height, VERTICAL_CHURCHILL_CHU, flag_v
        nu_d, flag_d = nu_horizontal_plate_down_raithby_hollands(
            ra_per_length3 * s * area_over_perimeter**3, pr)
        return nu_d, area_over_perimeter, HORIZONTAL_DOWN_RAITHBY_HOLLANDS, flag_d
    nu_u, which, flag_u = _nu_up(ra_per_length3 * s * area_over_perimeter**3, pr)
    if s > 0.0 and nu_u / area_over_perimeter >= nu_v / height:
        return nu_u, area_over_perimeter, which, flag_u
    return nu_v, height, VERTICAL_CHURCHILL_CHU, flag_v


# Body shapes whose whole surface takes one film (codes of the per-patch shape arrays).
PLATE, HORIZONTAL_CYLINDER, VERTICAL_CYLINDER, SPHERE = 0, 1, 2, 3
ROUND_CORRELATION_NAMES = (  # by shape code - 1
    "horizontal cylinder, Churchill-Chu",
    "vertical cylinder, Popiel-Churchill",
    "sphere, Churchill",
)


@njit(cache=True)
def natural_convection_round(shape, ra_per_length3, pr, diameter, height):
    """Nusselt number of a whole round body: ``(Nu, L, flag)`` with ``h = Nu k / L``; one
    average over its surface (Incropera sec. 9.6.3). ``shape``: :data:`HORIZONTAL_CYLINDER`
    (L = D), :data:`VERTICAL_CYLINDER` (L = ``height``) or :data:`SPHERE` (L = D);
    ``ra_per_length3`` as for :func:`natural_convection_plate`."""
    if shape == VERTICAL_CYLINDER:
        nu, flag = nu_vertical_cylinder_popiel_churchill(ra_per_length3 * height**3, pr,
                                                         height / diameter)
        return nu, height, flag
    ra = ra_per_length3 * diameter**3
    if shape == SPHERE:
        nu, flag = nu_sphere_churchill(ra, pr)
    else:
        nu, flag = nu_horizontal_cylinder_churchill_chu(ra, pr)
    return nu, diameter, flag
