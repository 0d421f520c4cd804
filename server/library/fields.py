"""What the server extracts from an item's body at every write: the category, the text
searched, and the numeric search columns (SI units)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

#: The body field used as an item's category, per kind.
CATEGORY_FIELD = {"package": "family", "material": "category", "heat_sink": "style",
                  "tim": "tim_type", "stackup": "standard"}
SEARCHED = ("id", "name", "notes", "source", "family", "category", "style", "tim_type",
            "standard", "outline", "device", "material")


@dataclass(frozen=True)
class Columns:
    """The item's derived columns (None where the kind has no such figure)."""

    category: str | None
    name: str
    search_text: str
    theta_ja: float | None
    body_size: float | None
    body_height: float | None
    power: float | None
    conductivity: float | None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def headline_theta_ja(entries: list[dict]) -> float | None:
    """The θJA searched on: still air on the JEDEC 2s2p board when listed, else the lowest
    still-air figure, else the lowest figure."""
    if not entries:
        return None
    still = [e for e in entries if not e.get("airflow_mps")]
    jedec = [e["value"] for e in still if e.get("board") == "2s2p"]
    return min(jedec or [e["value"] for e in still] or [e["value"] for e in entries])


def _size(kind: str, body: dict) -> tuple[float | None, float | None]:
    """(larger plan dimension, height) in m."""
    if kind == "package" and body.get("body"):
        box = body["body"]
        return max(box["length"], box["width"]), box.get("height")
    if kind == "heat_sink" and body.get("base"):
        base = body["base"]
        fins = (body.get("fins") or {}).get("height", 0.0)
        return max(base["length"], base["width"]), base["thickness"] + fins
    if kind == "fan":
        width, height, depth = body["size"][:3]
        return max(width, height), depth
    if kind == "stackup" and body.get("size"):
        return max(body["size"]), sum(layer["thickness"] for layer in body["layers"])
    return None, None


def _conductivity(body: dict) -> float | None:
    k = body.get("conductivity")
    if isinstance(k, list):
        return max(k)
    return k


def columns(kind: str, body: dict) -> Columns:
    """The derived columns of a body that passed ``solver.library.schema.item_problems``."""
    category = body.get(CATEGORY_FIELD.get(kind, ""))
    category = category[:64] if isinstance(category, str) else None
    size, height = _size(kind, body)
    text = " ".join(str(body[k]) for k in SEARCHED if body.get(k) is not None)
    return Columns(
        category=category,
        name=(body.get("name") or body["id"])[:300],
        search_text=f"{kind} {text}".lower(),
        theta_ja=headline_theta_ja(body.get("theta_ja") or []),
        body_size=size,
        body_height=height,
        power=body.get("typical_power") if kind == "package" else body.get("power"),
        conductivity=_conductivity(body) if kind in ("material", "tim") else None,
    )
