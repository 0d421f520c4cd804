"""The report's plots as matplotlib figures, made without pyplot (an ``Agg`` canvas per
figure, so a running Qt application such as FreeCAD is never touched)."""

from __future__ import annotations

import io

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure

from solver.report.data import ReportData
from solver.report.heat_path import draw_heat_path

A4_INCHES = (8.27, 11.69)
_AXIS = "xyz"


def _figure(size=(7.0, 3.6)) -> Figure:
    fig = Figure(figsize=size, layout="constrained")
    FigureCanvasAgg(fig)
    return fig


def png_bytes(fig: Figure, dpi: int = 110) -> bytes:
    """The figure as PNG bytes."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi)
    return buf.getvalue()


def _hottest(d: ReportData, what: str) -> str:
    """"the hottest point/cell", saying so when the component packages are left aside."""
    return f"the hottest {what}" + (" outside the packages" if d.summary.get("components")
                                    else "")


def hottest_point(d: ReportData) -> np.ndarray:
    """Centre (m) of the hottest cell."""
    return np.array([0.5 * (d.lines[a][i] + d.lines[a][i + 1]) for a, i in enumerate(d.hottest)])


def line_figure(d: ReportData, axis: int = 0, n: int = 400, ax=None) -> Figure:
    """Temperature along ``axis`` through the hottest cell centre, sampled with
    :class:`solver.sampling.Sampler` (gaps where the line leaves the solid)."""
    fig = None if ax is not None else _figure()
    ax = ax if ax is not None else fig.add_subplot()
    p = hottest_point(d)
    s = np.linspace(d.lines[axis][0], d.lines[axis][-1], n)
    pts = np.repeat(p[None, :], n, axis=0)
    pts[:, axis] = s
    ax.plot(s * 1e3, d.sampler.sample(pts), color="tab:red")
    ax.set_xlim(s[0] * 1e3, s[-1] * 1e3)
    others = [a for a in range(3) if a != axis]
    where = ", ".join(f"{_AXIS[a]} = {p[a] * 1e3:.3g} mm" for a in others)
    ax.set_title(f"Temperature along {_AXIS[axis]} through {_hottest(d, 'point')} ({where})",
                 fontsize=9)
    ax.set_xlabel(f"{_AXIS[axis]} (mm)")
    ax.set_ylabel("T (degC)")
    ax.ticklabel_format(axis="y", useOffset=False)
    ax.grid(alpha=0.3)
    return fig if fig is not None else ax.figure


def _outline_segments(owner2d: np.ndarray, u: np.ndarray, v: np.ndarray) -> list:
    """Segments (mm) between cells of different owners (a body's edge), incl. the grid edge."""
    padded = np.pad(owner2d, 1, constant_values=-1)
    segs = []
    di = padded[1:, 1:-1] != padded[:-1, 1:-1]  # (nu + 1, nv): faces normal to u
    for i, j in zip(*np.nonzero(di), strict=True):
        if padded[i, j + 1] >= 0 or padded[i + 1, j + 1] >= 0:
            segs.append([(u[i], v[j]), (u[i], v[j + 1])])
    dj = padded[1:-1, 1:] != padded[1:-1, :-1]  # (nu, nv + 1)
    for i, j in zip(*np.nonzero(dj), strict=True):
        if padded[i + 1, j] >= 0 or padded[i + 1, j + 1] >= 0:
            segs.append([(u[i], v[j]), (u[i + 1], v[j])])
    return segs


def section_figure(d: ReportData, normal: int = 2, ax=None) -> Figure:
    """Colour map (degC) of the cell field on the plane normal to ``normal`` through the
    hottest cell; outside the solid blank, body outlines from ``owner``."""
    fig = None if ax is not None else _figure((7.0, 4.6))
    ax = ax if ax is not None else fig.add_subplot()
    k = d.hottest[normal]
    t2 = np.take(d.t, k, axis=normal)
    o2 = np.take(d.owner, k, axis=normal)
    ua, va = [a for a in range(3) if a != normal]
    u, v = d.lines[ua] * 1e3, d.lines[va] * 1e3
    mesh = ax.pcolormesh(u, v, np.ma.masked_invalid(t2).T, cmap="inferno", shading="flat")
    ax.add_collection(LineCollection(_outline_segments(o2, u, v), colors="0.25",
                                     linewidths=0.8))
    ax.figure.colorbar(mesh, ax=ax, label="T (degC)", shrink=0.7)
    ax.set_aspect("equal")
    ax.set_xlim(u[0], u[-1])
    ax.set_ylim(v[0], v[-1])
    mid = 0.5 * (d.lines[normal][k] + d.lines[normal][k + 1]) * 1e3
    ax.set_title(f"Cross-section {_AXIS[normal]} = {mid:.3g} mm through {_hottest(d, 'cell')}",
                 fontsize=9)
    ax.set_xlabel(f"{_AXIS[ua]} (mm)")
    ax.set_ylabel(f"{_AXIS[va]} (mm)")
    return fig if fig is not None else ax.figure


def history_figure(d: ReportData, ax=None) -> Figure:
    """Probe, lumped-node and Tj temperatures over time of a transient."""
    fig = None if ax is not None else _figure()
    ax = ax if ax is not None else fig.add_subplot()
    for name, h in d.histories.items():
        ax.plot(h[:, 0], h[:, 1], label=name)
    ax.set_title("Temperatures over time", fontsize=9)
    ax.set_xlabel("time (s)")
    ax.set_ylabel("T (degC)")
    ax.grid(alpha=0.3)
    if d.histories:
        ax.legend(fontsize=8)
    return fig if fig is not None else ax.figure


def traced_components(d: ReportData) -> dict[str, dict]:
    """The summary's components that carry a traced heat path."""
    return {n: c for n, c in (d.summary.get("components") or {}).items() if c.get("path")}


def heat_path_figure(name: str, comp: dict) -> Figure:
    """One component's heat-path diagram (:mod:`solver.report.heat_path`)."""
    fig = _figure((7.0, 2.8))
    draw_heat_path(fig.add_subplot(), name, comp)
    return fig


def report_figures(d: ReportData) -> dict[str, Figure]:
    """Every plot of the report, titled."""
    figs = {f"Heat path: {n}": heat_path_figure(n, c)
            for n, c in traced_components(d).items()}
    figs["Temperature along a line"] = line_figure(d)
    figs["Cross-section"] = section_figure(d)
    if d.histories:
        figs["Temperatures over time"] = history_figure(d)
    return figs
