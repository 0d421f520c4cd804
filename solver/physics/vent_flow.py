"""Buoyancy-driven (stack-effect) flow through the vents of an enclosure: air warmer inside
than outside rises out of a high opening and is replaced through a low one.

Source: ASHRAE Handbook - Fundamentals, chapter "Ventilation and Infiltration" (ch. 25 in
the 1997 edition, eq. 37 "flow caused by thermal forces"; ch. 16 in the 2009-2021 editions),
``Q = C_D A sqrt(2 g dH (T_i - T_o) / T_i)``, with two openings in series combined into one
effective area ``1/A_eff^2 = 1/A_in^2 + 1/A_out^2`` (each opening an orifice carrying the same
mass flow, the pressures across them adding up to the stack pressure ``rho g H dT/T_i``).
The same orifice model of vented boxes is in Ellison, *Thermal Computations for Electronics*,
2nd ed., 2020, and Steinberg, *Cooling Techniques for Electronic Equipment*, 2nd ed., 1991.

Validity: steady flow with the internal air well mixed at one temperature; ``T_i - T_o``
small against the absolute temperature (Boussinesq), so the densities in and out differ little;
openings small against the walls (orifice flow, no two-way flow through one opening); no wind
and no fan. Below ``T_i = T_o`` no stack flow is driven (zero is returned).
"""

from __future__ import annotations

import math

from solver.physics.constants import KELVIN

# Sharp-edged orifice, C_D = 0.6 (0.61 in Etheridge & Sandberg, *Building Ventilation: Theory
# and Measurement*, Wiley, 1996, ch. 2 on flow through sharp-edged openings; ASHRAE uses
# 0.6-0.65 for such openings).
SHARP_EDGED_DISCHARGE_COEFFICIENT = 0.6


def effective_vent_area(inlet_area: float, outlet_area: float) -> float:
    """Effective area (m^2) of an inlet and an outlet in series, ``(1/A_in^2 + 1/A_out^2)^-1/2``
    (ASHRAE Handbook - Fundamentals, "Ventilation and Infiltration", combination of openings
    in series); 0 when either is closed."""
    if inlet_area <= 0.0 or outlet_area <= 0.0:
        return 0.0
    return 1.0 / math.sqrt(inlet_area**-2 + outlet_area**-2)


def stack_mass_flow(inlet_area: float, outlet_area: float, height: float,
                    discharge_coefficient: float, t_inside_c: float, t_outside_c: float,
                    density: float, gravity: float) -> float:
    """Mass flow (kg/s) driven by the stack effect, ``rho C_D A_eff sqrt(2 g H (T_i - T_o)
    / T_i)`` (ASHRAE Handbook - Fundamentals, "Ventilation and Infiltration", flow caused by
    thermal forces), ``height`` the vertical distance between the openings' centres (m),
    ``density`` the entering (outside) air's; 0 when the inside is not warmer. Validity in the
    module docstring."""
    dt = t_inside_c - t_outside_c
    if dt <= 0.0 or height <= 0.0:
        return 0.0
    area = effective_vent_area(inlet_area, outlet_area)
    return density * discharge_coefficient * area * math.sqrt(
        2.0 * gravity * height * dt / (t_inside_c + KELVIN))


def ventilation_heat(mass_flow: float, specific_heat: float, t_inside_c: float,
                     t_outside_c: float) -> float:
    """Heat (W) the vent flow carries out, ``m_dot c_p (T_i - T_o)``: air enters at the outside
    temperature and leaves at the well-mixed inside one (steady-flow energy balance, Cengel
    & Boles, *Thermodynamics*, 8th ed., ch. 5, kinetic and potential terms neglected)."""
    return mass_flow * specific_heat * (t_inside_c - t_outside_c)
