"""Properties of dry air at atmospheric pressure, evaluated at the film temperature.

Fits (all in kelvin):
- dynamic viscosity and thermal conductivity: Sutherland's law with White's constants (F. M.
  White, *Viscous Fluid Flow*, 3rd ed., 2006, eq. 1-36 and Table 1-2 for mu; eq. 1-43 and
  Table 1-3 for k), quoted within 2 % for 170-1900 K (mu) and 170-850 K (k);
- isobaric specific heat: the ideal-gas cubic of Cengel & Boles, *Thermodynamics*, 8th ed.,
  Table A-2c (273-1800 K, max. error 0.72 %), used down to 200 K (within 1 % of Incropera
  Table A.4 at 250 K);
- density: ideal gas with R = 287.05 J/(kg K); expansion coefficient beta = 1/T (ideal gas,
  Incropera et al., *Fundamentals of Heat and Mass Transfer*, 7th ed., eq. 9.10).

Validity range of this module: 200-800 K; a temperature outside it is clamped (see
:mod:`solver.physics.validity`).
"""

from __future__ import annotations

from numba import njit

from solver.physics.constants import KELVIN
from solver.physics.validity import clamp_to_range

AIR_GAS_CONSTANT = 287.05  # J/(kg K)
AIR_MOLAR_MASS = 28.97  # kg/kmol, Cengel & Boles Table A-1
ATMOSPHERIC_PRESSURE = 101325.0  # Pa
AIR_T_MIN_K = 200.0
AIR_T_MAX_K = 800.0


@njit(cache=True)
def film_temperature(t_surface_c, t_air_c):
    """Film temperature ``(Ts + Tinf) / 2`` (degC), at which boundary-layer correlations take
    their properties (Incropera 7th ed., eq. 7.2)."""
    return 0.5 * (t_surface_c + t_air_c)


@njit(cache=True)
def air_dynamic_viscosity(t_k):
    """Dynamic viscosity of air (Pa s), Sutherland: ``mu0 (T/T0)^1.5 (T0+S)/(T+S)`` with
    mu0 = 1.716e-5 Pa s, T0 = 273 K, S = 111 K (White, Viscous Fluid Flow, 3rd ed., Table 1-2)."""
    return 1.716e-5 * (t_k / 273.0) ** 1.5 * (273.0 + 111.0) / (t_k + 111.0)


@njit(cache=True)
def air_thermal_conductivity(t_k):
    """Thermal conductivity of air (W/(m K)), Sutherland form with k0 = 0.0241 W/(m K),
    T0 = 273 K, S = 194 K (White, Viscous Fluid Flow, 3rd ed., Table 1-3)."""
    return 0.0241 * (t_k / 273.0) ** 1.5 * (273.0 + 194.0) / (t_k + 194.0)


@njit(cache=True)
def air_specific_heat(t_k):
    """Isobaric specific heat of air (J/(kg K)): ``(a + bT + cT^2 + dT^3)/M`` with a = 28.11,
    b = 0.1967e-2, c = 0.4802e-5, d = -1.966e-9 kJ/(kmol K) (Cengel & Boles, Thermodynamics,
    8th ed., Table A-2c)."""
    cp_molar = 28.11 + t_k * (0.1967e-2 + t_k * (0.4802e-5 - 1.966e-9 * t_k))
    return 1000.0 * cp_molar / AIR_MOLAR_MASS


@njit(cache=True)
def air_density(t_k, pressure):
    """Density of air (kg/m^3) as an ideal gas, ``p / (R T)``."""
    return pressure / (AIR_GAS_CONSTANT * t_k)


@njit(cache=True)
def air_properties(t_film_c, pressure):
    """Air at ``t_film_c`` (degC) and ``pressure`` (Pa): ``(rho, cp, mu, k, nu, alpha, Pr,
    beta, flag)`` in SI units; ``beta = 1/T``; ``flag`` says whether the temperature was clamped
    to 200-800 K."""
    t_k, flag = clamp_to_range(t_film_c + KELVIN, AIR_T_MIN_K, AIR_T_MAX_K)
    rho = air_density(t_k, pressure)
    cp = air_specific_heat(t_k)
    mu = air_dynamic_viscosity(t_k)
    k = air_thermal_conductivity(t_k)
    nu = mu / rho
    alpha = k / (rho * cp)
    return rho, cp, mu, k, nu, alpha, nu / alpha, 1.0 / t_k, flag
