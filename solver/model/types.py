"""The ThermoCraft model: what the workbench exports, the CLI reads and the server runs.

SI units throughout (m, W, W/(m K), kg/m^3, J/(kg K), s); temperatures in degrees Celsius.
Variant types (geometry, surface conditions, profiles over time) carry a ``kind`` tag in JSON;
later issues add kinds without changing the existing ones.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

SCHEMA_VERSION = 4

Vec3 = list[float]


@dataclass
class Material:
    """A solid: isotropic ``conductivity`` (one number) or orthotropic ``[kx, ky, kz]``."""

    name: str
    conductivity: float | list[float]
    density: float = 0.0
    specific_heat: float = 0.0
    emissivity: float = 0.9
    source: str = ""

    def k_xyz(self) -> tuple[float, float, float]:
        """Conductivity along x, y and z."""
        k = self.conductivity
        if isinstance(k, list):
            return float(k[0]), float(k[1]), float(k[2])
        return float(k), float(k), float(k)

    @property
    def heat_capacity(self) -> float:
        """Volumetric heat capacity rho*cp in J/(m^3 K)."""
        return self.density * self.specific_heat


# --- geometry -------------------------------------------------------------------------------

BOX_FACES = ("xmin", "xmax", "ymin", "ymax", "zmin", "zmax")


@dataclass
class BoxGeometry:
    """An axis-aligned box from corner ``min`` to corner ``max``; faces are named
    ``xmin``, ``xmax``, ``ymin``, ``ymax``, ``zmin``, ``zmax``."""

    kind: ClassVar[str] = "box"
    min: Vec3
    max: Vec3


@dataclass
class MeshGeometry:
    """A closed, outward-oriented triangle mesh. ``triangle_faces[t]`` names triangle t's face
    by an index into ``face_names`` (optional: without it the whole surface is one face)."""

    kind: ClassVar[str] = "mesh"
    vertices: list[Vec3]
    triangles: list[list[int]]
    face_names: list[str] = field(default_factory=list)
    triangle_faces: list[int] = field(default_factory=list)


@dataclass
class StepGeometry:
    """A solid read from a STEP file (path relative to the model file); the solver
    tessellates it with gmsh. ``solid`` picks one solid of a multi-solid file (1-based);
    faces are named ``Face1``, ``Face2``... as in FreeCAD."""

    kind: ClassVar[str] = "step"
    path: str
    solid: int = 1
    deflection: float = 0.0


Geometry = BoxGeometry | MeshGeometry | StepGeometry


# --- values over time -----------------------------------------------------------------------

@dataclass
class ConstantProfile:
    """The owner's constant value (a body's ``power``, a condition's ``temperature``...)."""

    kind: ClassVar[str] = "constant"


@dataclass
class StepProfile:
    """``before`` until ``time`` s, then ``after``."""

    kind: ClassVar[str] = "step"
    time: float
    before: float
    after: float


@dataclass
class PulseTrainProfile:
    """``on`` for ``duty * period`` of every ``period`` s after ``delay``, else ``off``."""

    kind: ClassVar[str] = "pulse_train"
    period: float
    duty: float
    on: float
    off: float = 0.0
    delay: float = 0.0


@dataclass
class PiecewiseLinearProfile:
    """Linear between ``points`` ``[[t_s, value], ...]``, held beyond the ends; two points at
    the same time make a jump there."""

    kind: ClassVar[str] = "piecewise_linear"
    points: list[list[float]]


@dataclass
class TableProfile:
    """Like ``piecewise_linear``, the points read from a CSV file of two columns ``t_s,
    value`` (``path`` relative to the model file, an optional header line)."""

    kind: ClassVar[str] = "table"
    path: str


Profile = (ConstantProfile | StepProfile | PulseTrainProfile | PiecewiseLinearProfile
           | TableProfile)

# the schema-1 names, from when only body power had a profile
ConstantPower = ConstantProfile
StepPower = StepProfile
PulseTrainPower = PulseTrainProfile
PiecewiseLinearPower = PiecewiseLinearProfile
PowerProfile = Profile


@dataclass
class Vents:
    """The openings of a vented enclosure, given as data (the box's geometry is modelled
    closed): the total area of the low ``inlet_area`` and of the high ``outlet_area`` openings
    (m^2), the vertical ``height`` between their centres (m) and their discharge coefficient
    (default 0.6, sharp-edged openings: :mod:`solver.physics.vent_flow`)."""

    inlet_area: float
    outlet_area: float
    height: float
    discharge_coefficient: float = 0.6


@dataclass
class Body:
    """A solid part: geometry, material (by name) and total heat dissipated ``power`` (W),
    spread over its volume. In a transient, ``power_profile`` makes the power vary in time.
    ``frame`` (optional) orients an orthotropic material: ``frame[i]`` is the global axis
    (``"x"``, ``"y"``, ``"z"``, optionally signed ``"-z"``) of the material's axis ``i``, e.g.
    ``["x", "z", "y"]`` for a board standing on its edge (its in-plane k along global x
    and z). Only axis permutations: a body at any other angle is a mesh body with the
    placement baked in, and its material's k is then taken along the global axes.
    ``enclosure: true`` marks a body that seals air inside it (a closed box): each sealed air
    region it bounds becomes one lumped air node (:mod:`solver.enclosure`); omitted (None)
    or false: not an enclosure (so exports of other bodies are unchanged). ``vents`` (with
    ``enclosure``) gives the enclosure's openings: its air then also exchanges with the room
    through the stack-effect flow of :mod:`solver.physics.vent_flow`."""

    name: str
    geometry: Geometry
    material: str
    power: float = 0.0
    power_profile: Profile | None = None
    frame: list[str] | None = None
    enclosure: bool | None = None
    vents: Vents | None = None


# --- surface conditions ---------------------------------------------------------------------

@dataclass
class FixedTemperature:
    """The surface held at ``temperature`` degC (in a transient: ``temperature_profile``)."""

    kind: ClassVar[str] = "fixed_temperature"
    body: str
    temperature: float
    faces: list[str] | None = None
    temperature_profile: Profile | None = None


@dataclass
class HeatFlux:
    """A heat flux ``flux`` W/m^2 into the body through the surface (negative: out); in a
    transient ``flux_profile``."""

    kind: ClassVar[str] = "heat_flux"
    body: str
    flux: float
    faces: list[str] | None = None
    flux_profile: Profile | None = None


@dataclass
class Convection:
    """Convection with a film coefficient ``h`` W/(m^2 K) to a fluid at ``fluid_temperature``
    degC (default: the ambient temperature); in a transient ``fluid_temperature_profile``."""

    kind: ClassVar[str] = "convection"
    body: str
    h: float
    fluid_temperature: float | None = None
    faces: list[str] | None = None
    fluid_temperature_profile: Profile | None = None


@dataclass
class Radiation:
    """Grey radiation to large surroundings at ``surroundings_temperature`` degC (default: the
    ambient radiant temperature); ``emissivity`` defaults to the body material's.
    ``exchange``: ``"surroundings"`` (None, the default) radiates to the surroundings alone;
    ``"surfaces"`` exchanges with every other such face by view factors (blocking by the
    solids) and sends what the face does not see to the surroundings (a sealed cavity's
    faces see only each other)."""

    kind: ClassVar[str] = "radiation"
    body: str
    emissivity: float | None = None
    surroundings_temperature: float | None = None
    faces: list[str] | None = None
    exchange: str | None = None


NATURAL_CONVECTION_ORIENTATIONS = ("vertical", "horizontal_up", "horizontal_down")
NATURAL_CONVECTION_SHAPES = ("plate", "horizontal_cylinder", "vertical_cylinder", "sphere")


@dataclass
class NaturalConvection:
    """Natural convection to still air from correlations, per surface patch: each patch's h
    from its orientation to ``ambient.gravity`` (or ``orientation``: one of
    :data:`NATURAL_CONVECTION_ORIENTATIONS`) and its characteristic length (or ``length`` m),
    air properties at the film temperature; the air at ``fluid_temperature`` degC (default:
    the ambient temperature), in a transient ``fluid_temperature_profile``. ``shape`` (one of
    :data:`NATURAL_CONVECTION_SHAPES`; default: a cylinder or sphere when the body's triangles
    are one, else ``plate``) makes a round body's faces take one film from the correlation of
    the whole body, ``length`` then being its diameter."""

    kind: ClassVar[str] = "natural_convection"
    body: str
    faces: list[str] | None = None
    length: float | None = None
    orientation: str | None = None
    fluid_temperature: float | None = None
    fluid_temperature_profile: Profile | None = None
    shape: str | None = None


SurfaceCondition = FixedTemperature | HeatFlux | Convection | Radiation | NaturalConvection


@dataclass
class TimFigures:
    """A thermal interface material's figures (a library ``tim`` item's, embedded into the
    model by :func:`solver.library.embed_library_items`): bulk ``conductivity`` W/(m K),
    ``bond_line`` m, ``area_resistance`` and ``contact_resistance`` m^2 K/W, ``resistance``
    K/W (for the footprint its source names) and where they come from (``source``)."""

    conductivity: float | None = None
    bond_line: float | None = None
    area_resistance: float | None = None
    contact_resistance: float | None = None
    resistance: float | None = None
    source: str | None = None


# --- contacts and lumped nodes --------------------------------------------------------------

@dataclass
class ContactLayer:
    """A thin layer (TIM, solder, gap pad) of ``thickness`` m and ``conductivity`` W/(m K),
    not meshed: it adds ``thickness / conductivity`` m^2 K/W in series."""

    thickness: float
    conductivity: float


@dataclass
class Contact:
    """A resistance where bodies touch: between ``bodies: [a, b]``, or between ``[a]`` and
    every body it touches. Exactly one of ``resistance`` (m^2 K/W), a ``layer`` or a TIM
    (schema 4): ``tim`` ("lib:ID" of a library TIM; its figures in ``tim_item`` once
    embedded, or alone an inline one) with an optional bond line ``thickness`` (m)
    (:func:`solver.library.tims.contact_tim`)."""

    bodies: list[str]
    resistance: float | None = None
    layer: ContactLayer | None = None
    name: str | None = None
    tim: str | None = None
    thickness: float | None = None
    tim_item: TimFigures | None = None

    def resistance_per_area(self) -> float:
        """The resistance per area (m^2 K/W) the (valid) contact adds in series."""
        if self.layer is not None:
            return self.layer.thickness / self.layer.conductivity
        if self.tim is not None or self.tim_item is not None:
            from solver.library.tims import contact_tim  # the library imports the model

            return contact_tim(self)["resistance_m2K_W"]
        return float(self.resistance or 0.0)


@dataclass
class NodeLink:
    """A conductance ``conductance`` W/K from a node to exactly one of: a ``body`` (spread
    over its volume) or some of its ``faces`` (spread over their area), another ``node``, or a
    fixed ``temperature`` (degC)."""

    conductance: float
    body: str | None = None
    faces: list[str] | None = None
    node: str | None = None
    temperature: float | None = None


@dataclass
class Node:
    """A lumped node beside the grid: heat ``capacity`` J/K (0: no storage), ``power`` W and
    its ``links``."""

    name: str
    links: list[NodeLink] = field(default_factory=list)
    capacity: float = 0.0
    power: float = 0.0


# --- components -----------------------------------------------------------------------------

@dataclass
class Package:
    """Inline package data for the compact models (:mod:`solver.components`): body
    ``length`` (x before rotation), ``width`` (y) and ``height`` (m), ``theta_jc`` (junction
    to case top), ``theta_jb`` (junction to board) and ``theta_jc_bottom`` (junction to the
    exposed pad or tab, theta_JP) in K/W - the two-resistor model needs ``theta_jc`` and
    ``theta_jb``, the pad model ``theta_jc_bottom`` (and ``theta_jc`` for a top leg) -
    ``tj_max`` degC (None: not known, Tj is reported with compliance status ``unknown``).
    The body's mould-compound-like ``density`` and ``specific_heat`` give its heat capacity
    (its conductivity is the model's)."""

    length: float
    width: float
    height: float
    theta_jc: float | None = None
    theta_jb: float | None = None
    tj_max: float | None = None
    density: float = 1900.0
    specific_heat: float = 900.0
    emissivity: float = 0.9
    theta_jc_bottom: float | None = None


@dataclass
class PackageOverrides:
    """Figures of a component's own device (its datasheet) that replace or complete those of
    its package (the library ``part``'s family item, or the inline ``package``): any of the
    :class:`Package` fields, None = keep the package's."""

    length: float | None = None
    width: float | None = None
    height: float | None = None
    theta_jc: float | None = None
    theta_jb: float | None = None
    tj_max: float | None = None
    density: float | None = None
    specific_heat: float | None = None
    emissivity: float | None = None
    theta_jc_bottom: float | None = None


@dataclass
class DetailedPackage:
    """The inside of a BGA or QFN for a component's ``model: "detailed"`` (m, W/(m K)); any
    field None takes the default rule of :mod:`solver.package_layers` (stated in
    docs/model-format.md). ``kind`` ``"bga"`` (die on a laminate ``substrate`` over a layer of
    solder balls) or ``"qfn"`` (die on a lead frame's exposed pad soldered to the board);
    default from the library part's family. Conductivities may be ``[kx, ky, kz]``."""

    kind: str | None = None
    die_length: float | None = None
    die_width: float | None = None
    die_thickness: float | None = None
    die_conductivity: float | None = None
    die_attach_thickness: float | None = None
    die_attach_conductivity: float | None = None
    mould_conductivity: float | None = None
    substrate_thickness: float | None = None
    substrate_conductivity: float | list[float] | None = None
    pad_length: float | None = None
    pad_width: float | None = None
    lead_frame_thickness: float | None = None
    lead_frame_conductivity: float | None = None
    solder_thickness: float | None = None
    solder_conductivity: float | None = None
    ball_count: int | None = None
    ball_pitch: float | None = None
    ball_diameter: float | None = None


@dataclass
class Interface:
    """The thermal interface (grease, pad, solder, mica and grease) between a compact
    component's pad, tab or bottom and its board face, in series with the board leg: a
    datasheet theta_CS ``resistance`` (K/W over the whole footprint), or a ``tim`` ("lib:ID" of
    a library TIM; its figures in ``tim_item`` once embedded) with an optional bond line
    ``thickness`` (m) for a TIM given by its conductivity (:mod:`solver.library.tims`)."""

    resistance: float | None = None
    tim: str | None = None
    thickness: float | None = None
    tim_item: TimFigures | None = None


@dataclass
class Component:
    """A packaged part ``name`` (refdes) on a planar face of the body ``board``: its ``face`` (a
    box's ``xmin`` ... ``zmax``, a mesh body's face name; normal to x, y or z), else the ``top``
    (zmax; None: top) or ``bottom`` (zmin) ``side`` of a box board. Package centre at
    ``position`` (m) in the face's plane: [x, y] on a z face, [y, z] on an x face, [x, z] on a y
    face (:mod:`solver.mounts`), turned by ``rotation`` (degrees, a multiple of 90) about the
    face normal (at 0 the package length runs along the first of those axes), dissipating
    ``power`` W at its junction (in a transient ``power_profile``). Its data: an inline
    ``package`` or a library ``part`` ("lib:..." id), with ``package_overrides`` giving what the
    device's datasheet says and the part's family item lacks (or states differently). ``model``:
    ``"two_resistor"`` (default, None) the JEDEC compact model, ``"pad"`` the same with
    theta_JC(bottom) to the board in place of theta_JB (exposed pads and tabs), or
    ``"detailed"``: die, die attach, mould, substrate or lead frame and solder layer as bodies
    (``detailed`` gives their sizes). ``interface`` (schema 4): a thermal interface between a
    compact model's pad or bottom and the board face, in series with the board leg."""

    name: str
    board: str
    position: list[float]
    power: float = 0.0
    package: Package | None = None
    part: str | None = None
    rotation: float = 0.0
    side: str | None = None
    power_profile: Profile | None = None
    package_overrides: PackageOverrides | None = None
    model: str | None = None
    detailed: DetailedPackage | None = None
    face: str | None = None
    interface: Interface | None = None


# --- forced flow ----------------------------------------------------------------------------

FLOW_DIRECTIONS = ("+x", "-x", "+y", "-y", "+z", "-z")


@dataclass
class FlowRegion:
    """A box from corner ``min`` to ``max`` (m) through which air moves along ``direction``
    (``"+x"``, ``"-y"``...): a duct, a heat sink's channels, the space under a fan. Its sides
    are walls (a duct or shroud: friction, no heat) and the solids inside block part of its
    cross-section. The flow is set by exactly one of: ``velocity`` (m/s, the approach velocity
    over the box's whole cross-section), ``volume_flow`` (m^3/s), a ``fan`` from the library
    (``"lib:..."``) or an inline ``fan_curve`` ``[[Q m^3/s, dP Pa], ...]`` (Q increasing, dP
    not increasing); with a fan, ``fan_count`` fans blow in parallel and the operating point is
    where their curve meets the region's flow resistance. ``open_area`` (0, 1] is the open
    fraction of the inlet (a grille or finger guard, a loss). The air enters at
    ``inlet_temperature`` degC (default: the ambient temperature) and heats up along the flow;
    exposed faces inside the box parallel to the flow get their film coefficient from
    flat-plate and duct correlations."""

    name: str
    min: Vec3
    max: Vec3
    direction: str
    velocity: float | None = None
    volume_flow: float | None = None
    fan: str | None = None
    fan_curve: list[list[float]] | None = None
    fan_count: int = 1
    open_area: float = 1.0
    inlet_temperature: float | None = None


# --- settings -------------------------------------------------------------------------------

@dataclass
class Ambient:
    """The surroundings: air temperature (in a transient ``temperature_profile``), radiant
    temperature (default: the air's, following its profile), gravity; ``natural_convection``
    gives every exposed face on the outside air that carries no convective condition natural
    convection to the ambient air (as a :class:`NaturalConvection` with no overrides)."""

    temperature: float = 25.0
    radiant_temperature: float | None = None
    gravity: Vec3 = field(default_factory=lambda: [0.0, 0.0, -9.81])
    temperature_profile: Profile | None = None
    natural_convection: bool = False


@dataclass
class MeshSettings:
    """Grid controls. ``max_cell_size`` (m) defaults to 1/40 of the largest model extent;
    ``uniform`` ``[nx, ny, nz]`` replaces the snapped grid by a uniform one over the bodies.
    ``max_patch_size`` (m): the largest side of a surface patch in surface-to-surface
    radiation, uniform tiles (default: tiles of 1/8 of the largest model extent refined near
    facing body faces, :func:`solver.patches.refine_patches`)."""

    max_cell_size: float | None = None
    min_cells_across: int = 3
    max_growth: float = 1.3
    max_cells: int = 5_000_000
    uniform: list[int] | None = None
    max_patch_size: float | None = None


@dataclass
class Analysis:
    """``steady``, or ``transient`` over ``duration`` s from ``initial_temperature`` degC
    (default: ambient) with step ``time_step`` s. ``scheme`` is ``euler`` or ``bdf2``;
    ``adaptive`` steps keep the estimated local error under ``tolerance`` K;
    ``output_times`` (s) are when fields are stored (probes are recorded every step)."""

    kind: str = "steady"
    duration: float | None = None
    time_step: float | None = None
    scheme: str = "bdf2"
    adaptive: bool = False
    tolerance: float = 0.05
    initial_temperature: float | None = None
    output_times: list[float] = field(default_factory=list)
    tj_warning_margin: float = 10.0


@dataclass
class Probe:
    """A named point (m) whose temperature is reported."""

    name: str
    position: Vec3


@dataclass
class SolverOptions:
    """Linear solver (``auto``, ``gmg``, ``pyamg`` or ``scipy``), its relative tolerance, and the
    outer (Picard) iteration for the films that depend on the temperatures (radiation, flow
    regions' streams, natural convection, enclosure air). A steady solve iterates until every
    film's heat flows settle to ``convection_tolerance`` (relative mismatch, summed over the
    faces or patches; the name is historical: it covers radiation too), natural-convection and
    enclosure films under-relaxed by ``convection_relaxation``; ``nonlinear_tolerance`` (K) is
    the temperature change at which a transient step's iteration of radiation and streams
    stops. ``max_nonlinear_iterations`` bounds both loops."""

    linear_solver: str = "auto"
    tolerance: float = 1e-8
    max_iterations: int = 500
    nonlinear_tolerance: float = 1e-4
    max_nonlinear_iterations: int = 50
    convection_relaxation: float = 0.75
    convection_tolerance: float = 1e-3


@dataclass
class Model:
    """A complete thermal model."""

    name: str = "model"
    schema_version: int = SCHEMA_VERSION
    materials: list[Material] = field(default_factory=list)
    bodies: list[Body] = field(default_factory=list)
    conditions: list[SurfaceCondition] = field(default_factory=list)
    contacts: list[Contact] = field(default_factory=list)
    nodes: list[Node] = field(default_factory=list)
    components: list[Component] = field(default_factory=list)
    flow_regions: list[FlowRegion] = field(default_factory=list)
    ambient: Ambient = field(default_factory=Ambient)
    mesh: MeshSettings = field(default_factory=MeshSettings)
    analysis: Analysis = field(default_factory=Analysis)
    probes: list[Probe] = field(default_factory=list)
    solver: SolverOptions = field(default_factory=SolverOptions)

    def material(self, name: str) -> Material:
        """The material called ``name``."""
        for m in self.materials:
            if m.name == name:
                return m
        raise KeyError(name)
