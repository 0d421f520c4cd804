"""Temperatures on the CAD: a Coin3D overlay colouring the real solids per vertex.

Each solved body is tessellated by FreeCAD (MeshPart, refined so colours vary smoothly), the
field is sampled at those vertices with the solver's point sampler, and the colours are drawn
over the solids (SoMaterialBinding PER_VERTEX_INDEXED, SoPolygonOffset against z-fighting,
BASE_COLOR so pixels show the map exactly). The field is the temperature or, as an
alternative, the solver's bottleneck field Bn (heat flux x gradient magnitude: where heat is
squeezed through a resistance). A legend with units, component labels, a
cross-section plane and a probe sit in the same overlay; removing it restores the original
look.
"""

from __future__ import annotations

import json

import FreeCAD as App
import FreeCADGui as Gui
import numpy as np
from pivy import coin

from ThermoCraftWorkbench import colormap
from ThermoCraftWorkbench.export import global_shape, to_metres
from ThermoCraftWorkbench.fieldsample import (
    bottleneck_sampler,
    has_bottleneck,
    load_sampler,
    output_times,
    surface_reach,
)
from ThermoCraftWorkbench.junctions import (
    DEFAULT_WARNING_MARGIN,
    status_colour,
    tag_parts,
    with_status,
)
from ThermoCraftWorkbench.labels import LabelLayer, Tag, text_node, view_pixel_ratio
from ThermoCraftWorkbench.objects.base import tc_type
from ThermoCraftWorkbench.objects.result import fields_path, load_summary, result_dir

BOTTLENECK = "Bottleneck"
BOTTLENECK_TITLE = "Bottleneck Bn = |q| |grad T| [W/m² · K/m]"
REFINE = 50  # overlay triangles are at most the model's diagonal / REFINE long
_SHOWN: dict[tuple[str, str], Overlay] = {}


def surface_mesh(shape, max_length: float):
    """(points mm (n, 3), triangles (m, 3)) of FreeCAD's tessellation of a shape, refined
    until no edge is longer than ``max_length`` (colours vary smoothly across big faces)."""
    import MeshPart
    mesh = MeshPart.meshFromShape(Shape=shape, LinearDeflection=max_length / 20,
                                  AngularDeflection=0.35, Relative=False)
    points, tris = mesh.Topology
    p = np.array([(v.x, v.y, v.z) for v in points], dtype=float).reshape(-1, 3)
    return refine(p, np.asarray(tris, dtype=np.int64).reshape(-1, 3), max_length)


def refine(points, tris, max_length: float, passes: int = 16):
    """Split every edge longer than ``max_length`` at its midpoint, triangles into 2, 3 or 4
    accordingly (conforming: an edge is split for both its triangles), until none is."""
    for _ in range(passes):
        edges = np.sort(np.stack([tris[:, [0, 1]], tris[:, [1, 2]], tris[:, [2, 0]]], 1), -1)
        keys, inverse = np.unique(edges.reshape(-1, 2), axis=0, return_inverse=True)
        long = np.linalg.norm(points[keys[:, 0]] - points[keys[:, 1]], axis=1) > max_length
        if not long.any():
            break
        mid_id = np.full(len(keys), -1)
        mid_id[long] = len(points) + np.arange(long.sum())
        points = np.vstack([points, points[keys[long]].mean(axis=1)])
        mids = mid_id[inverse.reshape(-1, 3)]  # per triangle, per edge (v0v1, v1v2, v2v0)
        marked = mids >= 0
        count = marked.sum(1)
        new = [tris[count == 0]]
        # rotate so that: 1 mark -> on edge 0; 2 marks -> edge 2 unmarked
        first = np.argmax(marked, 1)
        unmarked = np.argmin(marked, 1)
        k = np.where(count == 1, first, (unmarked + 1) % 3)
        rot = (k[:, None] + np.arange(3)) % 3
        rows = np.arange(len(tris))[:, None]
        v, m = tris[rows, rot], mids[rows, rot]
        one, two, three = count == 1, count == 2, count == 3
        a, b, c = v[:, 0], v[:, 1], v[:, 2]
        m0, m1, m2 = m[:, 0], m[:, 1], m[:, 2]
        new += [np.stack(t, 1)[one] for t in ((a, m0, c), (m0, b, c))]
        new += [np.stack(t, 1)[two] for t in ((m0, b, m1), (a, m0, m1), (a, m1, c))]
        new += [np.stack(t, 1)[three] for t in ((a, m0, m2), (m0, b, m1), (m2, m1, c),
                                                 (m0, m1, m2))]
        tris = np.vstack(new)
    return points, tris.astype(np.int32)


def coloured_mesh(points, tris, rgb, name: str = "") -> coin.SoSeparator:
    """An unlit, per-vertex coloured triangle set, pulled in front of the solid it covers."""
    sep = coin.SoSeparator()
    sep.setName(name)
    offset = coin.SoPolygonOffset()
    offset.factor, offset.units = -1.0, -1.0
    light = coin.SoLightModel()
    light.model = coin.SoLightModel.BASE_COLOR
    hints = coin.SoShapeHints()
    hints.vertexOrdering = coin.SoShapeHints.COUNTERCLOCKWISE
    hints.shapeType = coin.SoShapeHints.UNKNOWN_SHAPE_TYPE
    coords = coin.SoCoordinate3()
    coords.point.setValues(0, len(points), np.asarray(points, np.float32).tolist())
    material = coin.SoMaterial()
    material.diffuseColor.setValues(0, len(rgb), np.asarray(rgb, np.float32).tolist())
    binding = coin.SoMaterialBinding()
    binding.value = coin.SoMaterialBinding.PER_VERTEX_INDEXED
    faces = coin.SoIndexedFaceSet()
    idx = np.hstack([tris, -np.ones((len(tris), 1), np.int32)]).ravel().tolist()
    faces.coordIndex.setValues(0, len(idx), idx)
    faces.materialIndex.setValues(0, len(idx), idx)
    for node in (offset, light, hints, coords, material, binding, faces):
        sep.addChild(node)
    return sep


def legend(vmin: float, vmax: float, cmap: str, title: str = "Temperature [°C]",
           fmt: str = ".1f"):
    """A colour bar with ticks, drawn on top in screen space (right-hand side)."""
    sep = coin.SoAnnotation()
    sep.setName("ThermoCraft_Legend")
    camera = coin.SoOrthographicCamera()
    camera.viewportMapping = coin.SoCamera.LEAVE_ALONE
    camera.position.setValue(0, 0, 1)
    camera.height = 2.0
    camera.nearDistance, camera.farDistance = 0.1, 10.0
    sep.addChild(camera)
    n = 64
    ys = np.linspace(-0.7, 0.7, n + 1)
    x0, x1 = 0.70, 0.76
    pts = np.array([(x, y, 0.0) for y in ys for x in (x0, x1)])
    quads = [[2 * i, 2 * i + 1, 2 * i + 3, 2 * i + 2] for i in range(n)]
    tris = np.array([t for a, b, c, d in quads for t in ((a, b, c), (a, c, d))], np.int32)
    values = np.repeat(np.linspace(vmin, vmax, n + 1), 2)
    sep.addChild(coloured_mesh(pts, tris, colormap.to_rgb(values, vmin, vmax, cmap)))
    for value in colormap.ticks(vmin, vmax):
        y = -0.7 + 1.4 * (value - vmin) / ((vmax - vmin) or 1.0)
        sep.addChild(text_node((x1 + 0.01, y, 0), format(value, fmt)))
    sep.addChild(text_node((0.97, 0.78, 0), title, px=14, right=True))
    return sep


class Overlay:
    """The overlay of one Result in its document's 3D view."""

    def __init__(self, result):
        self.result = result
        self.view = Gui.getDocument(result.Document.Name).ActiveView
        self.npz = fields_path(result)
        if self.npz is None:
            raise FileNotFoundError(f"{result.Label}: the result files are missing "
                                    f"({result_dir(result)})")
        self.times = [*output_times(self.npz), None]  # None: the final field
        self.bodies = self._bodies()
        self.section_axis = None
        self.section_offset = 0.0
        self.clip = None
        self.root = coin.SoSeparator()
        self.root.setName("ThermoCraft_Overlay")
        self.meshes = []
        bb = App.BoundBox()
        for obj, _index in self.bodies:
            bb.add(global_shape(obj).BoundBox)
        self.bound = bb
        step = max(bb.DiagonalLength / REFINE, 1e-3)
        for obj, body in self.bodies:
            points, tris = surface_mesh(global_shape(obj), step)
            self.meshes.append((obj, body, points, tris))
        # the legend goes first in the scene, before any section clip plane, so no cut hides it
        self.hud = coin.SoSeparator()
        self.hud.setName("ThermoCraft_HUD")
        self.view.getSceneGraph().insertChild(self.hud, 0)
        self.view.getSceneGraph().addChild(self.root)
        self.refresh()

    def _bodies(self):
        """(object, its body's name in the model, or None for a multi-solid object) per
        solved object."""
        model = json.loads((result_dir(self.result) / "model.json").read_text())
        self.warning_margin = model.get("analysis", {}).get("tj_warning_margin",
                                                             DEFAULT_WARNING_MARGIN)
        names = [b["name"] for b in model["bodies"]] + [c["name"] for c in
                                                        model.get("components", [])]
        doc = self.result.Document
        found = {}
        for name in names:
            obj = doc.getObject(name.split("_Solid")[0])
            if obj is None:
                continue
            found[obj.Name] = (obj, None if obj.Name in found or name != obj.Name else name)
        return list(found.values())

    def time(self) -> float | None:
        """The field shown: TimeIndex into the stored times, -1 (or out of range) the final."""
        index = self.result.TimeIndex
        return self.times[index] if 0 <= index < len(self.times) else None

    def shown_sampler(self):
        """The sampler of the field the result shows: the temperatures, or the bottleneck
        field Bn (the final one: a transient stores no Bn per output time)."""
        if self.result.Field == BOTTLENECK and has_bottleneck(self.npz):
            return bottleneck_sampler(self.npz, self.sampler)
        return self.sampler

    def refresh(self):
        """Sample, colour and draw everything again (after a setting changed)."""
        sampler = load_sampler(self.npz, self.time())
        self.sampler = sampler
        reach = surface_reach(sampler)
        self.values = [sampler.sample(to_metres(p), body=b, reach=reach)
                       for _o, b, p, _t in self.meshes]
        self.field_sampler = self.shown_sampler()
        bottleneck = self.field_sampler is not sampler
        values = self.values if not bottleneck else [
            self.field_sampler.sample(to_metres(p), body=b, reach=reach)
            for _o, b, p, _t in self.meshes]
        finite = np.concatenate([v[np.isfinite(v)] for v in values] or [np.zeros(0)])
        r = self.result
        if bottleneck:  # always its own min..max (the range settings are temperatures)
            vmin, vmax = (float(finite.min()), float(finite.max())) if finite.size else (0, 1)
        else:
            if r.AutoRange and finite.size:
                r.RangeMin, r.RangeMax = float(finite.min()), float(finite.max())
            vmin, vmax = r.RangeMin, r.RangeMax
        self.range = (vmin, vmax)
        self.shown_values = values
        self.root.removeAllChildren()
        for (obj, _i, points, tris), v in zip(self.meshes, values, strict=True):
            if not obj.Visibility:
                continue
            self.root.addChild(coloured_mesh(points, tris,
                                             colormap.to_rgb(v, vmin, vmax, r.Colormap),
                                             f"TC_{obj.Name}"))
        if self.section_axis is not None:
            self.root.addChild(self._section(vmin, vmax))
        self.root.addChild(self._labels())
        self.hud.removeAllChildren()
        self.hud.addChild(legend(vmin, vmax, r.Colormap, BOTTLENECK_TITLE, ".3g")
                          if bottleneck else legend(vmin, vmax, r.Colormap))

    def component_labels(self) -> dict[str, tuple[str, tuple]]:
        """Component object Name -> (label text, colour) at the time shown."""
        return _coloured(self.component_states())

    def component_states(self) -> dict[str, tuple[str, str | None]]:
        """Component object Name -> (label text without the status word, status or None) at
        the time shown: Tj with its status from the summary, else the case temperature
        (sampled at a transient's time)."""
        summary = load_summary(self.result) or {}
        junctions = summary.get("components", {})
        time = self.time()
        out = {}
        for (obj, _b, _p, _t), values in zip(self.meshes, self.values, strict=True):
            if tc_type(obj) != "ThermoCraft::Component":
                continue
            case = obj.CaseTemperature
            if time is not None and np.isfinite(values).any():
                case = float(np.nanmax(values))
            out[obj.Name] = tag_parts(obj.RefDes, junctions.get(obj.Name), time, case,
                                      self.warning_margin)
        return out

    def _labels(self):
        """Each component's tag (text, status badge) in a callout row over the components,
        joined to its top by a leader; drawn on top of everything (see labels.py)."""
        states = self.component_states()
        self.labels = _coloured(states)
        tags = []
        for name, (text, status) in states.items():  # the status goes in the badge
            bb = global_shape(self.result.Document.getObject(name)).BoundBox
            tags.append(Tag(name, (bb.Center.x, bb.Center.y, bb.ZMax), text,
                            status and status.upper(), status_colour(status)))
        self.label_layer = LabelLayer(tags, view_pixel_ratio(self.view))
        return self.label_layer.root

    def _section(self, vmin, vmax, n: int = 160):
        """The field on the plane ``axis = offset``, over the model's extent."""
        bb, a = self.bound, "xyz".index(self.section_axis)
        lo = np.array([bb.XMin, bb.YMin, bb.ZMin])
        hi = np.array([bb.XMax, bb.YMax, bb.ZMax])
        others = [i for i in range(3) if i != a]
        u = np.linspace(lo[others[0]], hi[others[0]], n)
        v = np.linspace(lo[others[1]], hi[others[1]], n)
        uu, vv = np.meshgrid(u, v, indexing="ij")
        pts = np.zeros((n * n, 3))
        pts[:, others[0]], pts[:, others[1]] = uu.ravel(), vv.ravel()
        pts[:, a] = self.section_offset
        t = self.field_sampler.sample(to_metres(pts))
        ij = np.arange(n * n).reshape(n, n)
        quads = np.stack([ij[:-1, :-1], ij[1:, :-1], ij[1:, 1:], ij[:-1, 1:]], -1).reshape(-1, 4)
        tris = np.vstack([quads[:, [0, 1, 2]], quads[:, [0, 2, 3]]]).astype(np.int32)
        tris = tris[np.isfinite(t[tris]).all(axis=1)]
        self.section_values = t
        return coloured_mesh(pts, tris, colormap.to_rgb(t, vmin, vmax, self.result.Colormap),
                             "ThermoCraft_Section")

    def set_section(self, axis: str | None, offset_mm: float = 0.0):
        """Cut the model at ``axis = offset`` (the near side hidden), or remove the cut."""
        scene = self.view.getSceneGraph()
        if self.clip is not None:
            scene.removeChild(self.clip)
            self.clip = None
        self.section_axis, self.section_offset = axis, offset_mm
        if axis is not None:
            normal = [0.0, 0.0, 0.0]
            normal["xyz".index(axis)] = -1.0
            point = [0.0, 0.0, 0.0]
            point["xyz".index(axis)] = offset_mm + 1e-3 * self.bound.DiagonalLength
            self.clip = coin.SoClipPlane()
            self.clip.plane.setValue(coin.SbPlane(coin.SbVec3f(*normal), coin.SbVec3f(*point)))
            scene.insertChild(self.clip, scene.findChild(self.hud) + 1)
        self.refresh()

    def probe(self, point_mm) -> float:
        """Temperature (degC) at a point of the model, NaN outside the solids."""
        return float(self.sampler.sample(to_metres([list(point_mm)]))[0])

    def remove(self):
        scene = self.view.getSceneGraph()
        if self.clip is not None:
            scene.removeChild(self.clip)
        scene.removeChild(self.root)
        scene.removeChild(self.hud)


def _coloured(states) -> dict[str, tuple[str, tuple]]:
    """(text with its status word, colour) per (text, status) of ``states``."""
    return {name: (with_status(text, status), status_colour(status))
            for name, (text, status) in states.items()}


def _key(result):
    return (result.Document.Name, result.Name)


def overlay_of(result) -> Overlay | None:
    return _SHOWN.get(_key(result))


def show_overlay(result) -> Overlay:
    """Show (or redraw) a result's overlay."""
    current = overlay_of(result)
    if current is not None:
        current.refresh()
        return current
    _SHOWN[_key(result)] = Overlay(result)
    return _SHOWN[_key(result)]


def hide_overlay(result) -> None:
    current = _SHOWN.pop(_key(result), None)
    if current is not None:
        current.remove()
