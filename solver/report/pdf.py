"""The report as an A4 PDF (matplotlib's PdfPages): the tables flowed over as many pages
as they need, the components' heat-path diagrams three to a page, then one page of plots
(line and cross-section), then one of the time histories for a transient."""

from __future__ import annotations

import textwrap
from pathlib import Path

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.figure import Figure

from solver.report import figures
from solver.report.data import ReportData, Table
from solver.report.heat_path import draw_heat_path

_ROW_IN = 0.2  # height of a table row (inches)
_NOTE_CHARS, _NOTE_LINE_IN = 130, 0.14  # a table's note wrapped at this width, line height
_TOP_IN, _BOTTOM_IN, _LEFT_IN = 0.8, 0.6, 0.6
PATHS_PER_PAGE = 3


def _page() -> Figure:
    fig = Figure(figsize=figures.A4_INCHES)
    FigureCanvasAgg(fig)
    return fig


def _note_lines(t: Table) -> list[str]:
    return textwrap.wrap(t.note, _NOTE_CHARS)


def _table_height(t: Table) -> float:
    lines = len(_note_lines(t))
    return (len(t.rows) + 1) * _ROW_IN + 0.45 + (lines * _NOTE_LINE_IN + 0.06 if lines else 0.0)


def _split(t: Table, room: float) -> list[Table]:
    """``t`` in parts that each fit ``room`` inches, later parts titled "(continued)"."""
    per_page = max(1, int((room - 0.65) / _ROW_IN) - 1)
    if len(t.rows) <= per_page:
        return [t]
    return [Table(t.title + (" (continued)" if i else ""), t.headers,
                  t.rows[i:i + per_page], t.note if i + per_page >= len(t.rows) else "")
            for i in range(0, len(t.rows), per_page)]


def table_pages(tables: list[Table]) -> list[list[Table]]:
    """The tables grouped per page, in order; a table is split only when it cannot fit a
    page of its own."""
    room = figures.A4_INCHES[1] - _TOP_IN - _BOTTOM_IN - 0.7
    pages: list[list[Table]] = [[]]
    used = 0.0
    for t in (part for table in tables for part in _split(table, room)):
        h = _table_height(t)
        if pages[-1] and used + h > room:
            pages.append([])
            used = 0.0
        pages[-1].append(t)
        used += h
    return pages


def _fit(text: str, width: int) -> str:
    """``text`` shortened to ``width`` characters with an ellipsis (a PDF cell is one line;
    the HTML report shows the full text)."""
    return text if len(text) <= width else text[:width - 1] + "\u2026"


def _draw_tables(fig: Figure, tables: list[Table], title: str) -> None:
    w, h = figures.A4_INCHES
    y = h - _TOP_IN
    if title:
        wrapped = textwrap.wrap(title, 70)
        fig.text(_LEFT_IN / w, y / h, "\n".join(wrapped), fontsize=13, weight="bold",
                 va="top")
        y -= 0.25 * len(wrapped) + 0.2
    for t in tables:
        fig.text(_LEFT_IN / w, y / h, t.title, fontsize=11, weight="bold", va="top")
        y -= 0.3
        height = (len(t.rows) + 1) * _ROW_IN
        ax = fig.add_axes([_LEFT_IN / w, (y - height) / h, 1 - 2 * _LEFT_IN / w, height / h])
        ax.axis("off")
        cells = [[_fit(c, 115 // len(t.headers)) for c in r] for r in t.rows]
        table = ax.table(cellText=cells, colLabels=t.headers, loc="upper left",
                         cellLoc="left", bbox=[0, 0, 1, 1])
        table.auto_set_font_size(False)
        table.set_fontsize(7.5)
        for (r, _), cell in table.get_celld().items():
            cell.set_linewidth(0.3)
            if r == 0:
                cell.set_facecolor("0.9")
        y -= height + 0.15
        if lines := _note_lines(t):
            fig.text(_LEFT_IN / w, y / h, "\n".join(lines), fontsize=7.5, color="0.4",
                     va="top", linespacing=1.3)
            y -= len(lines) * _NOTE_LINE_IN + 0.06


def report_pages(d: ReportData) -> list[Figure]:
    """The PDF's pages as A4 figures: the tables, the heat paths, the plots, the histories
    of a transient."""
    pages = []
    for i, group in enumerate(table_pages(d.tables)):
        fig = _page()
        _draw_tables(fig, group, f"ThermoCraft report: {d.summary.get('model', '')}"
                     if i == 0 else "")
        pages.append(fig)
    traced = list(figures.traced_components(d).items())
    for start in range(0, len(traced), PATHS_PER_PAGE):
        fig = _page()
        w, h = figures.A4_INCHES
        fig.text(_LEFT_IN / w, 1 - _TOP_IN / h, "Component heat paths" + (
            " (continued)" if start else ""), fontsize=11, weight="bold", va="top")
        fig.text(_LEFT_IN / w, 1 - (_TOP_IN + 0.3) / h, textwrap.fill(
            "Each leg's heat, temperature drop and drop per watt; the bottleneck (largest "
            "drop) in red. Surface heat is the whole surface's, shared by the components on "
            "it.", 120), fontsize=7.5, color="0.4", va="top")
        for k, (name, comp) in enumerate(traced[start:start + PATHS_PER_PAGE]):
            draw_heat_path(fig.add_axes([0.06, 0.6 - 0.28 * k, 0.88, 0.24]), name, comp)
        pages.append(fig)
    fig = _page()
    figures.line_figure(d, ax=fig.add_axes([0.12, 0.66, 0.8, 0.26]))
    figures.section_figure(d, ax=fig.add_axes([0.1, 0.08, 0.8, 0.48]))
    pages.append(fig)
    if d.histories:
        fig = _page()
        figures.history_figure(d, ax=fig.add_axes([0.12, 0.6, 0.8, 0.32]))
        pages.append(fig)
    return pages


def write_pdf(d: ReportData, path: str | Path) -> int:
    """Write the PDF; returns its number of pages."""
    pages = report_pages(d)
    with PdfPages(path) as pdf:
        for fig in pages:
            pdf.savefig(fig)
    return len(pages)
