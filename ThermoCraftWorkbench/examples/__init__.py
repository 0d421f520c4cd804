"""Example documents built by Part scripting (no external geometry): each module has
``setup(doc) -> analysis``. They double as test fixtures and as the demo."""


def face_by_normal(obj, normal, at=None) -> str:
    """``FaceN`` of ``obj``'s largest planar face with outward ``normal`` (through the point
    ``at`` on the normal's axis, when given)."""
    import FreeCAD as App
    want = App.Vector(*normal)
    best, area = None, 0.0
    for i, face in enumerate(obj.Shape.Faces, start=1):
        if face.Surface.TypeId != "Part::GeomPlane":
            continue
        u0, u1, v0, v1 = face.ParameterRange
        n = face.normalAt((u0 + u1) / 2, (v0 + v1) / 2)
        if n.dot(want) < 0.999:
            continue
        if at is not None and abs((face.Vertexes[0].Point - App.Vector(*at)).dot(want)) > 1e-6:
            continue
        if face.Area > area:
            best, area = f"Face{i}", face.Area
    if best is None:
        raise ValueError(f"{obj.Label} has no planar face with normal {normal}")
    return best
