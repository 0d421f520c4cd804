"""The results report: ``write_report(result_dir, outdir)`` writes ``report.html`` (one
self-contained file, images embedded) and ``report.pdf`` (A4) from a ``thermocraft solve``
folder. Needs numpy and matplotlib only; Jinja2 is used when importable."""

from __future__ import annotations

from pathlib import Path

from solver.report.data import load_report_data
from solver.report.figures import png_bytes, report_figures
from solver.report.html import render_html
from solver.report.pdf import write_pdf


def write_report(result_dir: str | Path, outdir: str | Path | None = None) -> dict[str, Path]:
    """Write the HTML and PDF reports of ``result_dir`` into ``outdir`` (default: the
    results folder, created if needed); returns ``{"html": path, "pdf": path}``."""
    d = load_report_data(result_dir)
    out = Path(result_dir if outdir is None else outdir)
    out.mkdir(parents=True, exist_ok=True)
    paths = {"html": out / "report.html", "pdf": out / "report.pdf"}
    images = {name: png_bytes(fig) for name, fig in report_figures(d).items()}
    paths["html"].write_text(render_html(d, images), encoding="utf-8")
    write_pdf(d, paths["pdf"])
    return paths
