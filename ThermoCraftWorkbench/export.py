"""Document -> :class:`solver.model.Model`: the one place FreeCAD's data becomes the solver's.

FreeCAD works in millimetres, the model in SI: every length goes through :func:`to_metres`
here and nowhere else. Components become boxes (when axis-aligned); every other solid becomes a
mesh body from FreeCAD's own tessellation, with its global placement baked in and each triangle
named after the FreeCAD face it came from (``Face7``), so a condition on a face lands exactly
on that face's cells. A component on a planar face normal to X, Y or Z of a body of the
analysis (turned by quarter turns) with its ``CompactModel``'s figures becomes the solver's
compact model (a model ``Component``: the summary then reports its junction temperature):
"Two-resistor" with both theta_JC and theta_JB, "Pad" (``model: "pad"``) with
theta_JC(bottom); an axis-aligned box board is then exported as a box (its +Z/-Z faces as the
component's ``side``, the others as its ``face``), any other board as a mesh with the face's
name (``Face7``). Otherwise the component is a plain body carrying its power (a two-resistor
component without both thetas, one on a tilted or curved face or at a point), except that a
"Pad" component without theta_JC(bottom) is a problem: the pad model was chosen and cannot
be built. A compact component's ``Interface`` (theta_CS, or a library TIM with its figures
embedded) becomes its ``interface``; on a plain-body component it is a problem.
``Export.sources`` maps model paths (``bodies[2]``, ``conditions[4]``) to the document objects
they came from, so every problem the solver reports points at an object.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from solver.model import (
    BOX_FACES,
    Ambient,
    Analysis,
    Body,
    BoxGeometry,
    Component,
    Contact,
    Convection,
    FixedTemperature,
    FlowRegion,
    HeatFlux,
    Interface,
    Material,
    MeshGeometry,
    MeshSettings,
    Model,
    NaturalConvection,
    Package,
    Probe,
    Problem,
    Radiation,
    SolverOptions,
    Vents,
)
from ThermoCraftWorkbench.objects.analysis import CELLS_ALONG_EXTENT, members
from ThermoCraftWorkbench.objects.base import references, tc_type
from ThermoCraftWorkbench.objects.condition import EXCHANGES, ORIENTATIONS, SHAPES

MM = 1e-3  # metres per millimetre
WELD_DIGITS = 6  # vertices of neighbouring faces closer than 1e-6 mm are one vertex


def to_metres(values):
    """Millimetre coordinates (a number, sequence or array) in metres."""
    return np.asarray(values, dtype=float) * MM


@dataclass
class Export:
    """The model, where each part of it came from, and what could not be exported."""

    model: Model
    sources: dict[str, str] = field(default_factory=dict)  # model path -> object Name
    problems: list[Problem] = field(default_factory=list)
    body_objects: dict[str, str] = field(default_factory=dict)  # body name -> object Name

    def source_of(self, path: str) -> str | None:
        """The document object a model path (``conditions[2].faces[0]``) came from."""
        best = None
        for prefix, name in self.sources.items():
            if (path == prefix or path.startswith(prefix + ".") or path.startswith(prefix + "[")) \
                    and (best is None or len(prefix) > len(best[0])):
                best = (prefix, name)
        return best[1] if best else None


@dataclass
class _Solid:
    """One solid of a document object, as a body."""

    body: str
    obj: object
    shape: object  # Part.Solid in global coordinates (mm)
    face_names: dict[int, str]  # hash of a face of the object's shape -> its name on the body
    box_names: bool = False


def global_shape(obj):
    """The object's shape with its global placement (parents included)."""
    import Part
    shape = Part.getShape(obj)
    shape.Placement = obj.getGlobalPlacement()
    return shape


def tessellate_faces(solid, faces_named, deflection_mm: float):
    """Triangles of a solid from FreeCAD's tessellation, welded into one closed mesh.

    ``faces_named``: (Part.Face, name) for every face of the solid. Returns (vertices mm (n,3),
    triangles (m,3), face name per triangle (m,)), triangles oriented outwards.
    """
    solid.tessellate(deflection_mm)  # mesh the whole solid once: faces share edge nodes
    index: dict[tuple, int] = {}
    vertices, triangles, names = [], [], []
    for face, name in faces_named:
        points, tris = face.tessellate(deflection_mm)
        local = []
        for p in points:
            key = (round(p.x, WELD_DIGITS), round(p.y, WELD_DIGITS), round(p.z, WELD_DIGITS))
            if key not in index:
                index[key] = len(vertices)
                vertices.append((p.x, p.y, p.z))
            local.append(index[key])
        for a, b, c in tris:
            tri = (local[a], local[b], local[c])
            if len(set(tri)) == 3:
                triangles.append(tri)
                names.append(name)
    v = np.asarray(vertices, dtype=float)
    t = np.asarray(triangles, dtype=np.int64).reshape(-1, 3)
    signed = np.einsum("ij,ij->i", v[t[:, 0]], np.cross(v[t[:, 1]], v[t[:, 2]])).sum()
    if signed < 0:
        t = t[:, ::-1]
    return v, t, np.asarray(names)


def box_face_name(face) -> str:
    """``xmin`` ... ``zmax`` of an axis-aligned box face, from its outward normal."""
    u0, u1, v0, v1 = face.ParameterRange
    n = face.normalAt((u0 + u1) / 2, (v0 + v1) / 2)
    axis = int(np.argmax(np.abs([n.x, n.y, n.z])))
    return "xyz"[axis] + ("max" if (n.x, n.y, n.z)[axis] > 0 else "min")


def is_axis_aligned_box(shape, rel_tol: float = 1e-6) -> bool:
    bb = shape.BoundBox
    return len(shape.Faces) == 6 and abs(shape.Volume - bb.XLength * bb.YLength * bb.ZLength) \
        <= rel_tol * shape.Volume


class _Exporter:
    def __init__(self, analysis):
        self.analysis = analysis
        self.out = Export(Model(name=analysis.Document.Label))
        self.solids: list[_Solid] = []
        self.by_object: dict[str, list[_Solid]] = {}
        self.power: dict[str, float] = {}
        self.face_hashes: dict[str, list[int]] = {}  # object Name -> its faces' hashes, in order

    def problem(self, obj, message: str) -> None:
        path = obj.Label
        self.out.problems.append(Problem(path, message))
        self.out.sources[path] = obj.Name

    # -- materials and bodies ---------------------------------------------------------------
    def materials(self) -> dict[str, tuple[str, object]]:
        """object Name -> (material name, assignment); adds the materials to the model."""
        assigned: dict[str, tuple[str, object]] = {}
        used: set[str] = set()
        for mat in members(self.analysis, "ThermoCraft::Material"):
            name = (mat.LibraryMaterial if mat.Source == "Library" else mat.MaterialName) \
                or mat.Label
            if name in used:
                name = f"{name} ({mat.Label})"
            used.add(name)
            k = [mat.ConductivityX, mat.ConductivityY, mat.ConductivityZ] if mat.Orthotropic \
                else mat.Conductivity
            self.out.sources[f"materials[{len(self.out.model.materials)}]"] = mat.Name
            self.out.model.materials.append(Material(
                name=name, conductivity=k, density=mat.Density,
                specific_heat=mat.SpecificHeat, emissivity=mat.Emissivity,
                source=mat.DataSource))
            if not mat.References:
                self.problem(mat, "the material is assigned to no solid")
            for obj, _subs in references(mat):
                if obj.Name in assigned:
                    self.problem(mat, f"{obj.Label} already has the material "
                                      f"{assigned[obj.Name][1].Label}")
                assigned[obj.Name] = (name, mat)
        return assigned

    def add_body(self, solid: _Solid, material: str, geometry) -> None:
        i = len(self.out.model.bodies)
        self.out.sources[f"bodies[{i}]"] = solid.obj.Name
        self.out.model.bodies.append(Body(name=solid.body, geometry=geometry, material=material))
        self.add_solid(solid)

    def add_solid(self, solid: _Solid) -> None:
        """A solid conditions can name (a body, or the package box of a compact component)."""
        self.out.body_objects[solid.body] = solid.obj.Name
        self.solids.append(solid)
        self.by_object.setdefault(solid.obj.Name, []).append(solid)

    def add_box_body(self, obj, shape, material: str) -> _Solid:
        """An axis-aligned box solid as a box body, its faces named ``xmin`` ... ``zmax``."""
        bb = shape.BoundBox
        geometry = BoxGeometry(min=to_metres([bb.XMin, bb.YMin, bb.ZMin]).tolist(),
                               max=to_metres([bb.XMax, bb.YMax, bb.ZMax]).tolist())
        solid = _Solid(obj.Name, obj, shape, {f.hashCode(): box_face_name(f) for f in shape.Faces},
                       box_names=True)
        self.add_body(solid, material, geometry)
        return solid

    def cad_bodies(self, assigned: dict[str, tuple[str, object]], deflection: float) -> None:
        doc = self.analysis.Document
        boards = {c.Support[0].Name for c in members(self.analysis, "ThermoCraft::Component")
                  if wants_compact_model(c)}
        for name, (material, _mat) in assigned.items():
            obj = doc.getObject(name)
            if tc_type(obj) == "ThermoCraft::Component":
                self.problem(obj, "a component has its own material (its Thermal properties)")
                continue
            shape = global_shape(obj)
            if not shape.Solids:
                self.problem(obj, "has no solid (a material needs a closed volume)")
                continue
            self.face_hashes[obj.Name] = [f.hashCode() for f in shape.Faces]
            face_keys = {h: i for i, h in enumerate(self.face_hashes[obj.Name])}
            many = len(shape.Solids) > 1
            if name in boards and not many and is_axis_aligned_box(shape):
                self.add_box_body(obj, shape, material)
                continue
            for s, solid in enumerate(shape.Solids, start=1):
                named = [(f, f"Face{face_keys[f.hashCode()] + 1}") for f in solid.Faces]
                v, t, tri_names = tessellate_faces(solid, named, deflection)
                face_list = sorted(set(tri_names), key=lambda n: int(n[4:]))
                lookup = {n: j for j, n in enumerate(face_list)}
                geometry = MeshGeometry(
                    vertices=to_metres(v).tolist(), triangles=t.tolist(), face_names=face_list,
                    triangle_faces=[lookup[n] for n in tri_names])
                body = f"{obj.Name}_Solid{s}" if many else obj.Name
                self.add_body(_Solid(body, obj, solid, {f.hashCode(): n for f, n in named}),
                              material, geometry)

    def component_bodies(self) -> None:
        for comp in members(self.analysis, "ThermoCraft::Component"):
            if comp.CompactModel == "Pad" and not comp.ThetaJCBottom > 0:
                self.problem(comp, "the pad compact model needs ThetaJCBottom (theta_JC bottom, "
                                   "junction to exposed pad or tab, K/W): give it, or choose "
                                   "CompactModel Two-resistor")
            shape = global_shape(comp)
            self.face_hashes[comp.Name] = [f.hashCode() for f in shape.Faces]
            mount = self.compact_mount(comp)
            if mount is not None:
                self.compact_component(comp, shape, mount)
                continue
            if comp.Interface != "None":
                self.problem(comp, "an Interface is in series with the compact model's board "
                                   "leg: this component is a plain body (give its thetas and "
                                   "place it on a face normal to X, Y or Z), or set Interface "
                                   "None")
            mat = f"{comp.Name} package"
            self.out.sources[f"materials[{len(self.out.model.materials)}]"] = comp.Name
            self.out.model.materials.append(Material(
                name=mat, conductivity=comp.Conductivity, density=comp.Density,
                specific_heat=comp.SpecificHeat, emissivity=comp.Emissivity,
                source=f"component {comp.RefDes} ({comp.PartName})"))
            if is_axis_aligned_box(shape):
                self.add_box_body(comp, shape, mat)
            else:
                named = [(f, f"Face{i}") for i, f in enumerate(shape.Faces, start=1)]
                v, t, tri_names = tessellate_faces(shape, named, 0.01)
                face_list = [n for _, n in named]
                lookup = {n: j for j, n in enumerate(face_list)}
                geometry = MeshGeometry(
                    vertices=to_metres(v).tolist(), triangles=t.tolist(), face_names=face_list,
                    triangle_faces=[lookup[n] for n in tri_names])
                solid = _Solid(comp.Name, comp, shape, {f.hashCode(): n for f, n in named})
                self.add_body(solid, mat, geometry)
            self.power[comp.Name] = self.power.get(comp.Name, 0.0) + comp.Power

    def compact_mount(self, comp) -> dict | None:
        """Where the component can be the solver's compact model (its model's figures,
        quarter turns, on a support face normal to X, Y or Z of a body of the analysis): the
        model Component's ``board`` (the body holding the face), ``position`` (m, in the
        face's plane) and ``side`` (a box board's +Z/-Z face) or ``face`` (any other: the
        face's name on the body); None: a plain body."""
        if not wants_compact_model(comp) or comp.Rotation.Value % 90.0:
            return None
        support, subs = comp.Support
        hashes = self.face_hashes.get(support.Name, [])
        index = int(subs[0][4:]) - 1 if subs and subs[0].startswith("Face") else -1
        key = hashes[index] if 0 <= index < len(hashes) else None
        solid = next((s for s in self.by_object.get(support.Name, []) if key in s.face_names),
                     None)
        from ThermoCraftWorkbench.objects.component import component_frame
        origin, _x, _y, normal = component_frame(comp)
        axis = max(range(3), key=lambda a: abs(normal[a]))
        if solid is None or abs(normal[axis]) < 0.999:
            return None
        u, v = (a for a in range(3) if a != axis)
        name = solid.face_names[key]
        out = {"board": solid.body, "position": to_metres([origin[u], origin[v]]).tolist()}
        if solid.box_names and name in ("zmax", "zmin"):
            out["side"] = "top" if name == "zmax" else "bottom"
        else:
            out["face"] = name
        return out

    def compact_component(self, comp, shape, mount: dict) -> None:
        """A model Component (JEDEC two-resistor or pad model) on its board face
        (:meth:`compact_mount`); the solver builds its package box, which conditions name
        like a body. Its package is the component's values, inline (they win over a library
        ``part``, which a ``lib:ID`` part name records, as
        :func:`solver.library.embed_library_items` writes it); a pad package has theta_JC
        only when given (its top leg) and no theta_JB."""
        from ThermoCraftWorkbench.objects.component import COMPACT_MODELS
        model = COMPACT_MODELS[comp.CompactModel]
        pad = model == "pad"
        package = Package(
            length=float(to_metres(comp.BodyLength.Value)),
            width=float(to_metres(comp.BodyWidth.Value)),
            height=float(to_metres(comp.BodyHeight.Value)),
            theta_jc=comp.ThetaJC if comp.ThetaJC > 0 else None,
            theta_jb=None if pad else comp.ThetaJB,
            theta_jc_bottom=comp.ThetaJCBottom if pad else None,
            tj_max=comp.TjMax if math.isfinite(comp.TjMax) else None, density=comp.Density,
            specific_heat=comp.SpecificHeat, emissivity=comp.Emissivity)
        self.out.sources[f"components[{len(self.out.model.components)}]"] = comp.Name
        self.out.model.components.append(Component(
            name=comp.Name, power=comp.Power, package=package,
            part=comp.PartName if comp.PartName.startswith("lib:") else None,
            rotation=float(comp.Rotation.Value), model=model, interface=interface_of(comp),
            **mount))
        names = {f.hashCode(): box_face_name(f) for f in shape.Faces}
        self.add_solid(_Solid(comp.Name, comp, shape, names, box_names=True))

    # -- conditions ---------------------------------------------------------------------------
    def targets(self, cond) -> list[tuple[str, list[str] | None]]:
        """(body, face names or None = every exposed face) the condition's references hit."""
        hits: dict[str, list[str] | None] = {}
        for obj, subs in references(cond):
            solids = self.by_object.get(obj.Name)
            if not solids:
                self.problem(cond, f"{obj.Label} is not a body of the analysis (give it a "
                                   "material, or place it as a component)")
                continue
            faces = [s for s in subs if s.startswith("Face")]
            if not faces:
                for solid in solids:
                    hits[solid.body] = None
                continue
            hashes = self.face_hashes[obj.Name]
            for face in faces:
                index = int(face[4:]) - 1
                key = hashes[index] if 0 <= index < len(hashes) else None
                solid = next((s for s in solids if key in s.face_names), None)
                if solid is None:
                    self.problem(cond, f"{obj.Label}.{face} belongs to no solid")
                    continue
                if hits.get(solid.body, []) is not None:
                    hits.setdefault(solid.body, []).append(solid.face_names[key])
        return list(hits.items())

    def add_condition(self, cond, model_cond) -> None:
        self.out.sources[f"conditions[{len(self.out.model.conditions)}]"] = cond.Name
        self.out.model.conditions.append(model_cond)

    def conditions(self) -> None:
        """The analysis's default convection and radiation on every body first (a later
        condition of the same kind replaces them on its faces), then the conditions."""
        a = self.analysis
        placed = []
        for cond in members(a, "ThermoCraft::Condition"):
            if not cond.References:
                self.problem(cond, "the condition has no faces or solids")
                continue
            if cond.Kind == "Power":
                self.body_power(cond)
                continue
            if cond.Kind == "ContactResistance":
                self.contacts(cond)
                continue
            placed += [(cond, self.model_condition(cond, body, faces))
                       for body, faces in self.targets(cond)]
        fixed_default = a.Convection and a.FilmCoefficientMode == "Fixed"
        natural = [c for _o, c in placed if isinstance(c, NaturalConvection)]
        for solid in self.solids:
            if fixed_default:
                faces = self.faces_without(solid.body, natural)
                if faces is None or faces:
                    self.add_condition(a, Convection(body=solid.body,
                                                     h=a.DefaultFilmCoefficient, faces=faces))
            if a.Radiation:
                self.add_condition(a, Radiation(body=solid.body,
                                                exchange=EXCHANGES[a.RadiationExchange]))
        for cond, model_cond in placed:
            self.add_condition(cond, model_cond)

    def faces_without(self, body: str, conditions) -> list[str] | None:
        """The faces of ``body`` none of ``conditions`` covers (None: all of them): a fixed
        default film would add to natural convection there (different kinds add up)."""
        covered = [c.faces for c in conditions if c.body == body]
        if not covered:
            return None
        if any(f is None for f in covered):
            return []
        geometry = next((b.geometry for b in self.out.model.bodies if b.name == body), None)
        names = list(geometry.face_names) if isinstance(geometry, MeshGeometry) else \
            list(BOX_FACES)
        taken = {f for faces in covered for f in faces}
        return [n for n in names if n not in taken]

    def contacts(self, cond) -> None:
        """A contact resistance between the solids of two objects (or one object and every
        body its solids touch)."""
        groups = [[s.body for s in self.by_object.get(obj.Name, [])] for obj, _ in
                  references(cond)]
        if len(groups) > 2 or not all(groups):
            self.problem(cond, "a contact resistance acts between two solids (or one solid and "
                               "everything it touches): select one or two bodies")
            return
        pairs = [[a] for a in groups[0]] if len(groups) == 1 else \
            [[a, b] for a in groups[0] for b in groups[1]]
        for bodies in pairs:
            self.out.sources[f"contacts[{len(self.out.model.contacts)}]"] = cond.Name
            self.out.model.contacts.append(contact_of(cond, bodies))

    def body_power(self, cond) -> None:
        """A power condition spreads its watts over its solids in proportion to volume."""
        solids = []
        for obj, subs in references(cond):
            if any(s.startswith("Face") for s in subs):
                self.problem(cond, f"power heats solids: select {obj.Label} itself, not faces")
            solids += self.by_object.get(obj.Name, [])
        if not solids:
            self.problem(cond, "the power acts on no body of the analysis")
            return
        total = sum(s.shape.Volume for s in solids)
        for s in solids:
            self.power[s.body] = self.power.get(s.body, 0.0) + cond.Power * s.shape.Volume / total

    def model_condition(self, cond, body: str, faces: list[str] | None):
        ambient = self.analysis.AmbientTemperature
        if cond.Kind == "FixedTemperature":
            return FixedTemperature(body=body, temperature=cond.Temperature, faces=faces)
        if cond.Kind == "HeatFlux":
            return HeatFlux(body=body, flux=cond.HeatFlux, faces=faces)
        if cond.Kind == "Convection":
            fluid = ambient if cond.FluidAtAmbient else cond.FluidTemperature
            if cond.FilmCoefficientMode == "Automatic":
                length = cond.CharacteristicLength.Value
                return NaturalConvection(
                    body=body, faces=faces, fluid_temperature=fluid,
                    length=float(to_metres(length)) if length > 0 else None,
                    orientation=ORIENTATIONS[cond.Orientation], shape=SHAPES[cond.Shape])
            return Convection(body=body, h=cond.FilmCoefficient, faces=faces,
                              fluid_temperature=fluid)
        return Radiation(body=body, faces=faces,
                         emissivity=None if cond.MaterialEmissivity else cond.Emissivity,
                         exchange=EXCHANGES[cond.Exchange])

    # -- settings ---------------------------------------------------------------------------
    def settings(self) -> None:
        a, m = self.analysis, self.out.model
        m.ambient = Ambient(temperature=a.AmbientTemperature,
                            gravity=[a.Gravity.x, a.Gravity.y, a.Gravity.z],
                            natural_convection=a.Convection
                            and a.FilmCoefficientMode == "Automatic")
        if a.MaxCellSize.Value > 0:
            cell = a.MaxCellSize.Value
        else:
            extents = [(s.shape.BoundBox) for s in self.solids]
            if extents:
                lo = np.min([[b.XMin, b.YMin, b.ZMin] for b in extents], axis=0)
                hi = np.max([[b.XMax, b.YMax, b.ZMax] for b in extents], axis=0)
                cell = float(np.max(hi - lo)) / CELLS_ALONG_EXTENT[a.MeshFineness]
            else:
                cell = None
        patch = a.MaxPatchSize.Value
        m.mesh = MeshSettings(max_cell_size=None if cell is None else float(to_metres(cell)),
                              min_cells_across=a.MinCellsAcross,
                              max_patch_size=float(to_metres(patch)) if patch > 0 else None)
        m.solver = SolverOptions(linear_solver=a.LinearSolver, tolerance=a.Tolerance,
                                 max_iterations=a.MaxIterations)
        if a.AnalysisType == "Transient":
            m.analysis = Analysis(kind="transient", duration=a.Duration, time_step=a.TimeStep,
                                  scheme=a.Scheme, adaptive=a.Adaptive,
                                  output_times=list(a.OutputTimes))
        for probe in members(a, "ThermoCraft::Probe"):
            self.out.sources[f"probes[{len(m.probes)}]"] = probe.Name
            m.probes.append(Probe(name=probe.Label,
                                  position=to_metres(list(probe.Position)).tolist()))

    def regions(self) -> None:
        for obj in members(self.analysis, "ThermoCraft::FlowRegion"):
            self.flow_region(obj)
        for obj in members(self.analysis, "ThermoCraft::SealedEnclosure"):
            self.enclosure(obj)

    def flow_region(self, obj) -> None:
        """A flow region's box (its solids' bounding box, or the typed one) in metres."""
        from ThermoCraftWorkbench.objects.regions import M3H, flow_box
        lo, hi = flow_box(obj)
        if any(h <= low for low, h in zip(lo, hi, strict=True)):
            self.problem(obj, "the flow region's box is empty: select the solids it spans, "
                              "or type BoxMin and BoxMax (mm)")
            return
        if obj.FlowSource == "Fan" and not obj.Fan:
            self.problem(obj, "choose a fan from the library")
            return
        drive = {"Velocity": {"velocity": obj.Velocity},
                 "Volume flow": {"volume_flow": obj.VolumeFlow * M3H},
                 "Fan": {"fan": obj.Fan, "fan_count": obj.FanCount}}[obj.FlowSource]
        m = self.out.model
        self.out.sources[f"flow_regions[{len(m.flow_regions)}]"] = obj.Name
        m.flow_regions.append(FlowRegion(
            name=obj.Label, min=to_metres(lo).tolist(), max=to_metres(hi).tolist(),
            direction=obj.FlowDirection, open_area=obj.OpenArea,
            inlet_temperature=None if obj.InletAtAmbient else obj.InletTemperature, **drive))

    def enclosure(self, obj) -> None:
        """A sealed enclosure marks the bodies of the solids it references (the box, by its
        inner faces or whole) as ``enclosure``: the air they seal in is one node; a vented
        one gives them its ``vents`` (mm^2 and mm to SI)."""
        bodies = {s.body for ref, _subs in references(obj)
                  for s in self.by_object.get(ref.Name, [])}
        if not bodies:
            self.problem(obj, "the sealed enclosure references no solid of the analysis: "
                              "select the box (or its inner faces)")
        vents = Vents(obj.InletArea * 1e-6, obj.OutletArea * 1e-6, obj.VentHeight * 1e-3,
                      obj.DischargeCoefficient) if obj.Vented else None
        for body in self.out.model.bodies:
            if body.name in bodies:
                body.enclosure = True
                body.vents = vents

    def run(self, deflection: float) -> Export:
        assigned = self.materials()
        self.cad_bodies(assigned, deflection)
        self.component_bodies()
        self.conditions()
        for body in self.out.model.bodies:
            body.power = self.power.get(body.name, 0.0)
        for comp in self.out.model.components:  # power conditions on a compact component
            comp.power += self.power.get(comp.name, 0.0)
        self.settings()
        self.regions()
        return self.out


def interface_of(comp) -> Interface | None:
    """The component's ``Interface``: its theta_CS, or its library TIM (bond line when
    given) with the TIM's figures embedded, as :func:`solver.library.embed_library_items`
    writes them (an unknown id is left for validation to name)."""
    from solver.library.tims import tim_figures
    if comp.Interface == "Resistance":
        return Interface(resistance=comp.InterfaceResistance)
    if comp.Interface == "Library TIM":
        ref = comp.InterfaceTIM.strip()
        thickness = comp.InterfaceThickness.Value
        return Interface(tim=ref, thickness=float(to_metres(thickness)) if thickness > 0
                         else None, tim_item=tim_figures(ref) if ref else None)
    return None


def contact_of(cond, bodies: list[str]) -> Contact:
    """The contact condition's ``Contact`` between ``bodies``: its resistance per area, or
    its library TIM (bond line when given) with the TIM's figures embedded, as
    :func:`solver.library.embed_library_items` writes them (an unknown id is left for
    validation to name)."""
    from solver.library.tims import tim_figures
    if cond.ContactType != "Library TIM":
        return Contact(bodies=bodies, name=cond.Label, resistance=cond.ContactResistance)
    ref = cond.ContactTIM.strip()
    thickness = cond.ContactThickness.Value
    return Contact(bodies=bodies, name=cond.Label, tim=ref,
                   thickness=float(to_metres(thickness)) if thickness > 0 else None,
                   tim_item=tim_figures(ref) if ref else None)


def wants_compact_model(comp) -> bool:
    """A component with its compact model's resistances (theta_JC and theta_JB; a pad
    model's theta_JC(bottom)), placed on a face."""
    figures = (comp.ThetaJCBottom,) if comp.CompactModel == "Pad" else \
        (comp.ThetaJC, comp.ThetaJB)
    return all(f > 0 for f in figures) and comp.Support is not None


def export_analysis(analysis) -> Export:
    """The analysis as a model; ``Export.problems`` lists what the document must fix first."""
    analysis.Document.recompute()
    return _Exporter(analysis).run(max(analysis.Deflection.Value, 1e-4))
