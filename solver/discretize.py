"""From a model to its discrete problem: grid, cell ownership, conduction stencil, exposed
faces with their conditions, heat capacities and where each body's heat goes."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import SimpleNamespace

import numpy as np

from solver.air_layers import open_air_layers
from solver.bodymap import BodyMap, map_bodies
from solver.components import (
    Junction,
    attach_junctions,
    component_mounts,
    with_component_bodies,
)
from solver.conditions import REGISTRY, heat_paths, one_of
from solver.conditions.natural_convection import default_conditions
from solver.conductance import body_conductivity, cell_conductivity, conduction_stencil
from solver.connectivity import label_pieces
from solver.contacts import ContactFaces, apply_contacts
from solver.enclosure import EnclosureAir, enclosed_faces, open_rooms
from solver.faces import ExposedFaces, find_exposed_faces
from solver.flow_regions import KIND as FLOW_KIND
from solver.flow_regions import build_flow_regions
from solver.grid import Grid
from solver.linalg.stencil import Stencil7
from solver.meshing.checkpoint import Check, never
from solver.meshing.surface_area import true_face_areas
from solver.model import BOX_FACES, Model, ModelError, Problem
from solver.model.frame import frame_axes
from solver.network import LumpedNetwork, build_network
from solver.patch_films import KIND as NATURAL
from solver.patches import PatchTable, air_regions, build_patches, with_rooms
from solver.resolve import ResolvedBody, resolve_bodies
from solver.surface import FaceConditions, map_conditions
from solver.surface_radiation import attach_surface_radiation


@dataclass(eq=False)
class BodyCells:
    """The active cells a body's heat and heat capacity go to: flat indices and weights that
    sum to 1, and the body's exact ``volume`` (m^3, from the volume fractions)."""

    cells: np.ndarray
    weights: np.ndarray
    volume: float


@dataclass(eq=False)
class Discretization:
    """Everything the steady and transient solvers need, nothing FreeCAD-specific."""

    model: Model
    grid: Grid
    bodymap: BodyMap
    conduction: Stencil7
    faces: ExposedFaces
    face_body: np.ndarray
    face_group: np.ndarray
    group_names: list[tuple[int, str]]
    k_over_d: np.ndarray
    conditions: FaceConditions
    body_cells: list[BodyCells]
    capacity: np.ndarray
    resolved: list[ResolvedBody]
    contacts: ContactFaces
    patches: PatchTable
    network: LumpedNetwork = field(init=False)  # the model's nodes; code may add more
    junctions: list[Junction] = field(init=False)  # the components' compact models
    enclosures: EnclosureAir | None = field(init=False)  # air nodes of sealed enclosures

    @property
    def active(self) -> np.ndarray:
        return self.bodymap.active

    def source(self, powers: list[float]) -> np.ndarray:
        """Cell heat sources (W), shape of the grid, for the given body powers."""
        q = np.zeros(self.grid.n_cells)
        for bc, p in zip(self.body_cells, powers, strict=True):
            if p:
                q += np.bincount(bc.cells, weights=p * bc.weights, minlength=q.size)
        return q.reshape(self.grid.shape)


def discretize(model: Model, base_dir: str | Path = ".", check: Check = never,
               progress: Callable[[float, str], None] | None = None,
               attachments: Mapping[str, Path] | None = None) -> Discretization:
    """Mesh and assemble ``model`` (assumed valid: see :func:`solver.model.validate`);
    ``check()`` is called inside the meshing loops (it raises to cancel), ``progress``
    receives the meshing stages; STEP files are attachments' paths when ``attachments`` is
    given. The discretization's model has the components' package bodies and the conditions
    ``ambient.natural_convection`` stands for appended."""
    from solver.gridding import body_fractions, make_grid

    mounts = component_mounts(model)  # each component's board face, read once
    model = with_component_bodies(model, mounts)
    first_default = len(model.conditions)
    model = replace(model, conditions=[*model.conditions, *default_conditions(model)])

    def stage(fraction: float, msg: str) -> None:
        check()
        if progress is not None:
            progress(fraction, msg)

    stage(0.0, "reading bodies")
    resolved = resolve_bodies(model, Path(base_dir), check, attachments)
    stage(0.2, "building the grid")
    grid = make_grid(model, resolved, check)
    fractions = []
    for i, r in enumerate(resolved):
        stage(0.3 + 0.6 * i / len(resolved), f"voxelizing {model.bodies[i].name}")
        fractions.append(body_fractions(grid, r, check))
    stage(0.9, "assembling")
    bodymap = map_bodies(grid, fractions)
    body_cells = _body_cells(model, grid, bodymap)
    k_bodies = np.array([body_conductivity(model.material(b.material).k_xyz(),
                                           frame_axes(b.frame)) for b in model.bodies])
    k_cells = cell_conductivity(bodymap.owner, k_bodies)
    conduction = conduction_stencil(grid, k_cells, bodymap.active)
    contacts = apply_contacts(model, grid, bodymap.owner, k_cells, conduction)
    stage(0.95, "finding the exposed faces")
    faces = find_exposed_faces(grid, bodymap.active)
    face_body = bodymap.owner.ravel()[faces.cell]
    face_group, group_names, true_area, normals = _label_faces(grid, faces, face_body,
                                                               resolved)
    faces = replace(faces, area=true_area)
    regions, first_room = air_regions(bodymap.active)
    regions, n_regions = with_rooms(regions, first_room,
                                    open_rooms(model, bodymap.owner, regions))
    patches = build_patches(grid, faces, face_body, face_group, normals, regions, n_regions,
                            first_room)
    k_normal = np.empty(len(faces))
    for a in range(3):
        on = faces.axis == a
        k_normal[on] = k_cells[a].ravel()[faces.cell[on]]
    flows = build_flow_regions(model, grid, bodymap.active, faces, face_body, patches)
    face_region = patches.region[patches.face_patch]
    enclosed = enclosed_faces(model, face_body, face_region)

    def mapped(leave: np.ndarray | None) -> FaceConditions:
        return map_conditions(model, face_body, face_group, group_names,
                              face_region=face_region, first_default=first_default,
                              items={FLOW_KIND: flows} if flows else None, enclosed=leave)
    conditions = mapped(enclosed)
    layered = open_air_layers(SimpleNamespace(model=model, grid=grid, faces=faces,
                                              patches=patches),
                              _whole_body_natural(model, conditions))
    if layered.any():  # those faces leave the films to the room to their layers
        conditions = mapped(layered if enclosed is None else enclosed | layered)
    rho_cp = np.array([model.material(b.material).heat_capacity for b in model.bodies])
    capacity = np.zeros(grid.n_cells)
    for bc, c in zip(body_cells, rho_cp, strict=True):
        capacity += np.bincount(bc.cells, weights=c * bc.volume * bc.weights,
                                minlength=capacity.size)
    disc = Discretization(model, grid, bodymap, conduction, faces, face_body, face_group,
                          group_names, k_normal / faces.half, conditions, body_cells,
                          capacity.reshape(grid.shape), resolved, contacts, patches)
    disc.network = build_network(model, disc)
    disc.junctions = attach_junctions(disc, mounts)
    attach_surface_radiation(disc)
    disc.enclosures = EnclosureAir.attach(disc, layered)
    return disc


def _whole_body_natural(model: Model, conditions: FaceConditions) -> np.ndarray:
    """The faces whose only film is natural convection from a condition on the whole body
    (or the model-wide default) and that no fixed temperature holds: where the outside
    air's layers may replace it (:func:`solver.air_layers.open_air_layers`)."""
    nat = conditions.on(NATURAL)
    whole = np.array([c.faces is None for c in model.conditions] + [False])
    others = [conditions.origin[row] >= 0 for row, (name, kind) in enumerate(REGISTRY.items())
              if kind.convective and name != NATURAL]
    return (nat >= 0) & whole[nat] & ~np.any(others, axis=0) & np.isnan(conditions.fixed_t)


def _body_cells(model: Model, grid: Grid, bodymap: BodyMap) -> list[BodyCells]:
    volumes = grid.cell_volumes().ravel()
    active = bodymap.active.ravel()
    out, problems = [], []
    for b, share in enumerate(bodymap.shares):
        cells, frac = share.flat_cells(grid.shape)
        vol = frac * volumes[cells]
        keep = active[cells]
        if not np.any(keep):
            problems.append(Problem(f"bodies[{b}].geometry", (
                f"body {model.bodies[b].name!r} fills no cell of the grid: it is thinner than "
                "half a cell or hidden by later bodies; refine the mesh (mesh.max_cell_size)")))
            continue
        w = vol[keep]
        out.append(BodyCells(cells[keep], w / w.sum(), float(vol.sum())))
    if problems:
        raise ModelError(problems)
    return out


def _label_faces(grid: Grid, faces: ExposedFaces, face_body: np.ndarray,
                 resolved: list[ResolvedBody]
                 ) -> tuple[np.ndarray, list[tuple[int, str]], np.ndarray, np.ndarray]:
    """Name every exposed face after the body face it lies on: box faces by direction, mesh
    faces by the nearest triangle's face. Returns each face's group, the groups' (body, name),
    the face areas, where staircase faces of mesh bodies take the area of the true
    surface they stand for (see :func:`solver.meshing.surface_area.true_face_areas`), and the
    true outward unit normals (the nearest triangle's on mesh bodies); ``faces`` is not
    changed."""
    group = np.zeros(len(faces), dtype=np.int64)
    area = faces.area.copy()
    normal = faces.normals(np.arange(len(faces)))
    names: list[tuple[int, str]] = []
    box_name = faces.box_face_names()
    for b, body in enumerate(resolved):
        on = np.nonzero(face_body == b)[0]
        if body.is_box:
            local = box_name[on]
            labels = list(BOX_FACES)
        else:
            corr = true_face_areas(faces.centers(grid, on), faces.normals(on), faces.area[on],
                                   body.vertices, body.triangles, body.triangle_faces)
            area[on] = corr.area
            normal[on] = corr.normal
            local = corr.group
            labels = body.face_names
        group[on] = len(names) + local
        names += [(b, label) for label in labels]
    return group, names, area, normal


def heat_sink_problems(disc: Discretization) -> list[Problem]:
    """Steady state needs every connected piece of solid to touch a heat path (a fixed
    temperature, convection, radiation: see :func:`solver.conditions.heat_paths`); report
    each piece that does not."""
    labels, count = label_pieces(disc.active)
    sinks = disc.conditions.heat_path
    cooled = np.zeros(count + 1, dtype=bool)
    cooled[labels.ravel()[disc.faces.cell[sinks]]] = True
    cooled = disc.network.cooled_pieces(labels.ravel(), cooled)
    problems = []
    paths = one_of([name.replace("_", " ") for name in heat_paths()])
    owner = disc.bodymap.owner
    for piece in range(1, count + 1):
        if not cooled[piece]:
            bodies = sorted({int(b) for b in np.unique(owner[labels == piece])})
            names = ", ".join(repr(disc.model.bodies[b].name) for b in bodies)
            problems.append(Problem(f"bodies[{bodies[0]}]", (
                f"no path for heat to leave: {names} touch no {paths} condition")))
    return problems
