"""The JESD51-2A still-air test enclosure as solver bodies, for the virtual JEDEC tests.

JESD51-2A ("Integrated Circuits Thermal Test Method Environmental Conditions - Natural
Convection (Still Air)", JEDEC, 2008) measures theta_JA with the test board inside a sealed
enclosure "designed with low thermal conductivity (less than 0.5 W/m/K) and high emissivity
materials" (as quoted in "Thermal Facts and Fairy Tales: Misusing Theta JA to Calculate
Junction Temperature", Electronics Cooling, June 2026,
<https://www.electronics-cooling.com/2026/06/thermal-facts-and-fairy-tales-misusing-theta-ja-to-calculate-junction-temperature/>);
its table of contents (EIA/JESD51-2, Dec. 1995, <https://resheji.com/bbs/thread-4948-1-1.html>)
has sections 2.1 test enclosure assembly, 2.2 test fixture support, 2.3 edge connector,
2.4 thermocouple (the ambient's) and 2.6 material. The choices here:

* a cubic enclosure of 1 ft^3 (304.8 mm inside; the interior size is the brief's figure, the
  quoted sentence being cut off at "a nominal interior dime[nsion]"), its six walls box bodies,
  the floor marked ``enclosure`` so the air inside is one lumped node (:mod:`solver.enclosure`);
* the walls' conductivity the standard's bound, 0.5 W/(m K) (the least conducting wall it
  allows is not stated in what was read, so the bound is taken, not a guess below it), their
  emissivity 0.9 ("high emissivity": the figure is an assumption, the same as the board's),
  their thickness 6.35 mm (1/4 in: an assumption, no thickness was in the text read);
* the board horizontal at the enclosure's centre (its mid-plane at mid-height); the test
  fixture support and the edge connector are not modelled;
* inside, every face radiates to the others by view factors (``exchange="surfaces"``);
  outside, the walls lose heat to the 25 degC room by the model's natural convection and
  radiate to it;
* theta_JA referred to the air inside the enclosure (the node ``air:<name>.floor``), where
  JESD51-2's ambient thermocouple sits, rather than to the room.
"""

from __future__ import annotations

from solver.model import Body, BoxGeometry, Material, Radiation

INSIDE = 0.3048  # m, 1 ft: a 1 ft^3 cube
WALL = 0.00635  # m, 1/4 in: an assumption
WALL_K = 0.5  # W/(m K): JESD51-2A's upper bound for the enclosure's material
WALL_EMISSIVITY = 0.9  # "high emissivity": an assumption
WALL_MATERIAL = Material("jesd51-2-wall", WALL_K, emissivity=WALL_EMISSIVITY,
                         source="JESD51-2A: k < 0.5 W/(m K), high emissivity (bound taken)")


def jesd51_2_enclosure(centre: tuple[float, float, float], name: str = "jesd51-2"
                       ) -> tuple[list[Material], list[Body], list[Radiation]]:
    """The enclosure's wall material, its six walls (``name.floor`` marked ``enclosure``,
    ``name.lid`` and four sides) around a 1 ft^3 cavity centred on ``centre`` (m), and the
    walls' radiation conditions (surface exchange inside, the room outside)."""
    h, t = INSIDE / 2, WALL
    lo = [c - h for c in centre]
    hi = [c + h for c in centre]
    x0, y0, z0 = (v - t for v in lo)
    x1, y1, z1 = (v + t for v in hi)
    walls = {
        "floor": ([x0, y0, z0], [x1, y1, lo[2]]),
        "lid": ([x0, y0, hi[2]], [x1, y1, z1]),
        "xmin": ([x0, y0, lo[2]], [lo[0], y1, hi[2]]),
        "xmax": ([hi[0], y0, lo[2]], [x1, y1, hi[2]]),
        "ymin": ([lo[0], y0, lo[2]], [hi[0], lo[1], hi[2]]),
        "ymax": ([lo[0], hi[1], lo[2]], [hi[0], y1, hi[2]]),
    }
    bodies = [Body(f"{name}.{w}", BoxGeometry(a, b), WALL_MATERIAL.name,
                   enclosure=True if w == "floor" else None)
              for w, (a, b) in walls.items()]
    return [WALL_MATERIAL], bodies, [Radiation(b.name, WALL_EMISSIVITY, exchange="surfaces")
                                     for b in bodies]


def enclosure_air_node(name: str = "jesd51-2") -> str:
    """The air node of :func:`jesd51_2_enclosure`'s cavity, the theta_JA reference."""
    return f"air:{name}.floor"
