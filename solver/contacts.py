"""Contact resistances and thin layers between touching bodies (model ``contacts``).

A contact adds its resistance per area in series into the conductance of every cell face
between its two bodies (``bodies: [a, b]``) or between a body and any other body
(``bodies: [a]``); no grid plane goes through the layer. Where several contacts apply to the
same pair of bodies, the later one in the model wins (a pair contact after a one-body contact
overrides it there). The heat reported per contact crosses from ``bodies[0]`` into the other
side (positive: out of ``bodies[0]``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from solver.conductance import contact_conductances
from solver.grid import Grid
from solver.library.tims import contact_tim
from solver.linalg.stencil import Stencil7
from solver.model import Model, ModelError, Problem


@dataclass(eq=False)
class ContactFaces:
    """Every cell face that carries a contact: its two cells (flat; ``lo`` is the lower one
    along the face's axis), the contact index, the series conductance ``g`` (W/K), the area
    (m^2) and ``sign`` (+1 when ``lo`` is on the contact's first body)."""

    lo: np.ndarray
    hi: np.ndarray
    contact: np.ndarray
    g: np.ndarray
    area: np.ndarray
    sign: np.ndarray

    def heat(self, t: np.ndarray, n_contacts: int) -> np.ndarray:
        """Heat (W) crossing each contact from its first body, for the cell field ``t``."""
        flat = t.ravel()
        q = self.sign * self.g * (flat[self.lo] - flat[self.hi])
        return np.bincount(self.contact, weights=q, minlength=n_contacts)

    def areas(self, n_contacts: int) -> np.ndarray:
        """Area (m^2) of each contact."""
        return np.bincount(self.contact, weights=self.area, minlength=n_contacts)


def contact_table(model: Model) -> np.ndarray:
    """``pair[a, b]``: the index of the contact between bodies a and b, -1 for none; a later
    contact replaces an earlier one on the same pair."""
    index = {b.name: i for i, b in enumerate(model.bodies)}
    nb = len(model.bodies)
    pair = np.full((nb, nb), -1, dtype=np.int64)
    for c, contact in enumerate(model.contacts):
        a = index[contact.bodies[0]]
        others = [index[contact.bodies[1]]] if len(contact.bodies) == 2 else range(nb)
        for b in others:
            if b != a:
                pair[a, b] = pair[b, a] = c
    return pair


def apply_contacts(model: Model, grid: Grid, owner: np.ndarray,
                   k_cells: tuple[np.ndarray, ...], stencil: Stencil7) -> ContactFaces:
    """Put the model's contacts into the face conductances of ``stencil`` (in place) and
    return their faces; a contact whose bodies share no cell face is an error."""
    if not model.contacts:
        empty = np.zeros(0, dtype=np.int64)
        return ContactFaces(empty, empty, empty, np.zeros(0), np.zeros(0), np.zeros(0))
    resist = np.array([c.resistance_per_area() for c in model.contacts])
    lo, axis, cid, g, area = contact_conductances(
        np.ascontiguousarray(owner, dtype=np.int64), contact_table(model), resist, *k_cells,
        *(grid.widths(a) for a in range(3)), stencil.gx, stencil.gy, stencil.gz)
    _, ny, nz = grid.shape
    stride = np.array([ny * nz, nz, 1], dtype=np.int64)
    index = {b.name: i for i, b in enumerate(model.bodies)}
    first = np.array([index[c.bodies[0]] for c in model.contacts], dtype=np.int64)
    sign = np.where(owner.ravel()[lo] == first[cid], 1.0, -1.0)
    faces = ContactFaces(lo, lo + stride[axis], cid, g, area, sign)
    touching = np.bincount(cid, minlength=len(model.contacts)) > 0
    problems = [Problem(f"contacts[{c}].bodies", (
        f"body {contact.bodies[0]!r} touches no other body on the grid: the contact has no "
        "face" if len(contact.bodies) == 1 else
        f"bodies {contact.bodies[0]!r} and {contact.bodies[1]!r} share no cell face: they do "
        "not touch (or a later body hides the contact)"))
        for c, contact in enumerate(model.contacts) if not touching[c]]
    if problems:
        raise ModelError(problems)
    return faces


def contact_report(model: Model, faces: ContactFaces, t: np.ndarray) -> list[dict[str, Any]]:
    """Per contact: its bodies, area (m^2), resistance per area (with a TIM's ``tim`` and
    ``rule``) and the heat (W) crossing it from ``bodies[0]`` (NaN cells of ``t`` outside the
    solid are never on a contact)."""
    n = len(model.contacts)
    heat = faces.heat(t, n)
    area = faces.areas(n)
    out = []
    for c, contact in enumerate(model.contacts):
        entry = {"index": c, "name": contact.name, "bodies": list(contact.bodies),
                 "area_m2": float(area[c]), "resistance_m2K_W": contact.resistance_per_area(),
                 "heat_W": float(heat[c])}
        if contact.tim is not None or contact.tim_item is not None:
            entry.update(contact_tim(contact))
        out.append(entry)
    return out
