"""A component's heat-path diagram: the junction, its two legs and the elements each leg's
heat crosses (summary ``components.NAME.path``) as boxes with their heat, temperature drop
and drop per watt, ending in the surfaces that give the heat to the air (the largest few,
the rest summed); the bottleneck (the largest drop) is drawn in red. The board leg is
theta_JB, or a pad model's theta_JC(bottom) (its pad leg), followed by the component's
interface theta_CS when it has one; a pad model without theta_JC(top) has no top leg, which
the diagram says."""

from __future__ import annotations

from typing import Any

from matplotlib.axes import Axes

BOTTLENECK = "#d62728"
MOST_AIR_LINES = 6  # surfaces listed per leg's "to air" box; the rest summed on one line
MIN_AIR_SHARE = 0.01  # a surface listed carries at least this share of the largest one
_BOX = {"boxstyle": "round,pad=0.4", "linewidth": 0.8}
# the resistances a board leg can be, and the interface in series after it
BOARD_LEGS = ("theta_jb", "theta_jc_bottom", "theta_cs")
LEG_LABELS = {"theta_jc": "top leg theta_JC", "theta_jb": "board leg theta_JB",
              "theta_jc_bottom": "pad leg theta_JC(bottom)",
              "theta_cs": "interface theta_CS"}


def path_rows(comp: dict[str, Any]) -> dict[str, dict[str, list]]:
    """The top leg (theta_JC and the package's interfaces with other bodies) and the board
    leg (theta_JB or the pad leg), each with its elements and the surfaces that give its
    heat to the air (each ``to_air`` row's ``top_W`` or ``board_W`` part)."""
    path = comp["path"]
    top = [e for e in path["elements"] if e["element"] not in BOARD_LEGS]
    bottom = [e for e in path["elements"] if e["element"] in BOARD_LEGS]
    return {leg: {"elements": elements,
                  "air": [{**a, "heat_W": _share(a, leg)} for a in path["to_air"]
                          if abs(_share(a, leg)) > 1e-9 * max(abs(a["heat_W"]), 1e-300)]}
            for leg, elements in (("top", top), ("board", bottom))}


def _share(row: dict[str, Any], leg: str) -> float:
    """A ``to_air`` row's heat through ``leg``; results written before the legs' split was
    recorded give the whole row to the board leg (as their diagrams showed it)."""
    if f"{leg}_W" in row:
        return row[f"{leg}_W"]
    return row["heat_W"] if leg == "board" else 0.0


def _element_label(e: dict[str, Any]) -> str:
    name = LEG_LABELS.get(e["element"], e["element"].removeprefix("interface:"))
    if e["element"].startswith("interface:"):
        name = "interface " + name
    return (f"{name}\n{e['heat_W']:.3g} W   \u0394T {e['dT_K']:.3g} K\n"
            f"{e['K_per_W']:.3g} K/W")


def air_label(entries: list[dict[str, Any]], most: int = MOST_AIR_LINES,
              share: float = MIN_AIR_SHARE) -> str:
    """The leg's surfaces to air, largest heat first: at most ``most`` lines, each carrying at
    least ``share`` of the largest; the rest summed on one line (their count and heat)."""
    if not entries:
        return "to air\n(no condition)"
    ranked = sorted(entries, key=lambda a: -abs(a["heat_W"]))
    top = abs(ranked[0]["heat_W"])
    shown = [a for a in ranked[:most] if abs(a["heat_W"]) >= share * top]
    lines = [f"{a['body']} {a['kind']}: {a['heat_W']:.3g} W" for a in shown]
    rest = ranked[len(shown):]
    if rest:
        lines.append(f"{len(rest)} more: {sum(a['heat_W'] for a in rest):.3g} W")
    return "to air (whole surfaces)\n" + "\n".join(lines)


def _box(ax: Axes, x: float, y: float, text: str, bottleneck: bool = False):
    style = dict(_BOX, facecolor="#fde0dd" if bottleneck else "#f2f2f2",
                 edgecolor=BOTTLENECK if bottleneck else "0.4")
    if bottleneck:
        style["linewidth"] = 2.0
    return ax.text(x, y, text, ha="center", va="center", fontsize=7, bbox=style,
                   color=BOTTLENECK if bottleneck else "0.1", transform=ax.transAxes)


def _arrow(ax: Axes, start, end) -> None:
    """An arrow from the right edge of text ``start`` to the left edge of text ``end``."""
    ax.annotate("", xy=(0.0, 0.5), xycoords=end, xytext=(1.0, 0.5), textcoords=start,
                arrowprops={"arrowstyle": "-|>", "color": "0.35", "lw": 1.0,
                            "shrinkA": 4, "shrinkB": 4})


def draw_heat_path(ax: Axes, name: str, comp: dict[str, Any]) -> None:
    """The diagram of component ``name`` (its summary entry ``comp``) on ``ax``."""
    ax.set_axis_off()
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    worst = comp["path"]["bottleneck"]
    ax.set_title(f"Heat path of {name}: Tj {comp['Tj_C']:.1f} degC at {comp['power_W']:.3g} W"
                 f" - bottleneck {worst}", fontsize=9)
    junction = _box(ax, 0.07, 0.5, f"junction\n{comp['Tj_C']:.1f} degC")
    no_top = (comp.get("legs") or {}).get("top", {}) is None
    for (leg, row), y in zip(path_rows(comp).items(), (0.76, 0.24), strict=True):
        if leg == "top" and no_top and not row["elements"]:
            _arrow(ax, junction, _box(ax, 0.45, y, "no top leg\n(the package gives no "
                                                   "theta_JC(top))"))
            continue
        n = len(row["elements"])
        boxes = [_box(ax, 0.1 + 0.62 * (i + 1) / (n + 1) + 0.06, y, _element_label(e),
                      e["element"] == worst) for i, e in enumerate(row["elements"])]
        boxes.append(_box(ax, 0.88, y, air_label(row["air"])))
        for a, b in zip([junction, *boxes], boxes, strict=False):
            _arrow(ax, a, b)
