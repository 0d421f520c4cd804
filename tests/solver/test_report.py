"""``thermocraft report``: the HTML and PDF of every example's solved results folder."""

from __future__ import annotations

import builtins
import json
import math
import re
import shutil
import subprocess
import sys
from pathlib import Path

import matplotlib.image
import numpy as np
import pytest

from solver.api import solve
from solver.model import load_model
from solver.output import write_results
from solver.report import write_report
from solver.report.data import load_report_data
from solver.report.heat_path import air_label, path_rows
from solver.report.html import render_html, render_plain
from solver.report.pdf import PATHS_PER_PAGE, report_pages, table_pages

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((REPO / "examples").glob("*.json"))


@pytest.fixture(scope="module", params=[p.stem for p in EXAMPLES])
def solved(request, tmp_path_factory):
    """An example solved into a temporary results folder (mesh coarsened 2x: this tests the
    report, not the solution)."""
    path = REPO / "examples" / f"{request.param}.json"
    data = json.loads(path.read_text())
    mesh = data.get("mesh", {})
    if "max_cell_size" in mesh:
        mesh["max_cell_size"] *= 2
    tmp = tmp_path_factory.mktemp(request.param)
    (tmp / "model.json").write_text(json.dumps(data))
    result = solve(load_model(tmp / "model.json"), path.parent)
    write_results(result, tmp / "results")
    return tmp / "results"


def page_count(pdf: Path) -> int:
    return len(re.findall(rb"/Type\s*/Page[^s]", pdf.read_bytes()))


def html_sections(text: str) -> list[str]:
    return re.findall(r"<h2>(.*?)</h2>", text)


def test_report_renders_self_contained(solved, tmp_path):
    paths = write_report(solved, tmp_path / "rep")
    assert sorted(p.name for p in (tmp_path / "rep").iterdir()) == ["report.html", "report.pdf"]
    text = paths["html"].read_text(encoding="utf-8")
    summary = json.loads((solved / "summary.json").read_text())
    # no external references: every src/href is a data: URI
    refs = re.findall(r"""(?:src|href)\s*=\s*["']([^"']*)""", text)
    assert refs and all(r.startswith("data:image/png;base64,") for r in refs)
    assert "http://" not in text and "https://" not in text
    traced = [n for n, c in summary.get("components", {}).items() if c.get("path")]
    expected = [f"Heat path: {n}" for n in traced] + ["Temperature along a line",
                                                      "Cross-section"]
    if summary["analysis"] == "transient":
        expected.append("Temperatures over time")
    assert [s for s in html_sections(text) if s in expected] == expected
    # the body table holds the summary's numbers, hottest first
    body_rows = re.search(r"<h2>Hottest bodies</h2>(.*?)</table>", text, re.S).group(1)
    rows = re.findall(r"<tr><td>(.*?)</td><td>(.*?)</td><td>(.*?)</td><td>(.*?)</td>", body_rows)
    assert [r[0] for r in rows] == sorted(summary["bodies"],
                                          key=lambda b: -summary["bodies"][b]["t_max_C"])
    for name, lo, mean, hi in rows:
        b = summary["bodies"][name]
        assert [float(lo), float(mean), float(hi)] == pytest.approx(
            [b["t_min_C"], b["t_mean_C"], b["t_max_C"]], abs=0.006)
    # the component table holds the summary's Tj, limit, margin and status
    for name, c in summary.get("components", {}).items():
        row = re.search(rf"<tr><td>{re.escape(name)}</td>(.*?)</tr>", text).group(1)
        assert re.findall(r"<td>(.*?)</td>", row) == [
            f"{c['Tj_C']:.2f}", f"{c['Tj_max_C']:.2f}", f"{c['margin_K']:.2f}", c["status"]]
    # pages: the tables (one or two for these small models), the heat paths (three a
    # page), the plots, the histories
    tables = len(table_pages(load_report_data(solved).tables))
    assert tables == 1 + (len(traced) > 0)
    assert page_count(paths["pdf"]) == (tables + 1 + (summary["analysis"] == "transient")
                                        + math.ceil(len(traced) / PATHS_PER_PAGE))


def test_defaults_to_results_folder_and_cli(solved):
    out = subprocess.run([sys.executable, "-m", "solver.cli", "report", str(solved)],
                         capture_output=True, text=True, cwd=REPO, timeout=300)
    assert out.returncode == 0, out.stderr
    assert (solved / "report.html").is_file() and (solved / "report.pdf").is_file()


def _doctored(solved: Path, tmp_path: Path, **changes) -> Path:
    """A copy of a results folder with summary entries changed."""
    folder = tmp_path / "doctored"
    folder.mkdir()
    summary = json.loads((solved / "summary.json").read_text())
    summary.update(changes)
    (folder / "summary.json").write_text(json.dumps(summary))
    (folder / "result.npz").write_bytes((solved / "result.npz").read_bytes())
    return folder


@pytest.fixture
def steady(request, solved):
    """The board_chip example's results only (one steady case is enough for these)."""
    if request.node.callspec.params["solved"] != "board_chip":
        pytest.skip("run on board_chip only")
    return solved


def test_model_strings_are_escaped(steady, tmp_path):
    summary = json.loads((steady / "summary.json").read_text())
    bodies = {"<script>alert(1)</script>" if i == 0 else k: v
              for i, (k, v) in enumerate(summary["bodies"].items())}
    folder = _doctored(steady, tmp_path, model="<script>x</script> & co", bodies=bodies)
    d = load_report_data(folder)
    for text in (render_html(d, {}), render_plain(d, {})):
        assert "<script>" not in text
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
        assert "&lt;script&gt;x&lt;/script&gt; &amp; co" in text


def test_component_table_when_present(steady, tmp_path):
    comps = {"U1": {"Tj_C": 101.234, "Tj_max_C": 125.0, "margin_K": 23.766, "status": "pass"},
             "Q<2>": {"Tj_C": 160.0, "Tj_max_C": 150.0, "margin_K": -10.0, "status": "fail"},
             "U3": {"Tj_C": 88.0, "Tj_max_C": None, "margin_K": None, "status": "unknown"}}
    d = load_report_data(_doctored(steady, tmp_path, components=comps))
    text = render_html(d, {})
    table = re.search(r"<h2>Components</h2>(.*?)</table>", text, re.S).group(1)
    assert re.findall(r"<td>(.*?)</td>", table) == [
        "U1", "101.23", "125.00", "23.77", "pass", "Q&lt;2&gt;", "160.00", "150.00", "-10.00",
        "fail", "U3", "88.00", "-", "-", "unknown"]  # no Tj max: no margin, status unknown
    assert "Components" not in html_sections(render_html(load_report_data(steady), {}))


def test_without_jinja2_same_sections(steady, monkeypatch, caplog):
    d = load_report_data(steady)
    with_jinja = render_html(d, {"Cross-section": b"png"})
    real_import = builtins.__import__

    def no_jinja(name, *args, **kwargs):
        if name == "jinja2" or name.startswith("jinja2."):
            raise ImportError("no jinja2")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_jinja)
    monkeypatch.delitem(sys.modules, "jinja2", raising=False)
    with caplog.at_level("INFO", logger="thermocraft"):
        plain = render_html(d, {"Cross-section": b"png"})
    assert "Jinja2" in caplog.text and not any(r.levelname == "ERROR" for r in caplog.records)
    assert html_sections(plain) == html_sections(with_jinja)
    assert re.findall(r"<td>(.*?)</td>", plain) == re.findall(r"<td>(.*?)</td>", with_jinja)
    assert len(report_pages(d)) == 2


def test_many_bodies_flow_over_pages(steady, tmp_path):
    summary = json.loads((steady / "summary.json").read_text())
    one = next(iter(summary["bodies"].values()))
    bodies = {f"body {i}": one for i in range(90)}
    folder = _doctored(steady, tmp_path, bodies=bodies)
    paths = write_report(folder)
    pages = report_pages(load_report_data(folder))
    assert len(pages) == page_count(paths["pdf"]) >= 4  # 90 rows: the body table split over pages


def test_never_touches_pyplot(steady, tmp_path):
    """Inside FreeCAD a running Qt app must not see pyplot's global state or a new backend."""
    code = (f"import sys, solver.report; solver.report.write_report({str(steady)!r}, "
            f"{str(tmp_path)!r}); assert 'matplotlib.pyplot' not in sys.modules, 'pyplot'")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=REPO, timeout=120)
    assert out.returncode == 0, out.stderr


def test_solve_with_report_flag(tmp_path):
    out = subprocess.run([sys.executable, "-m", "solver.cli", "solve", "examples/rod.json",
                          "-o", str(tmp_path), "-q", "--report"],
                         capture_output=True, text=True, cwd=REPO, timeout=300)
    assert out.returncode == 0, out.stderr
    assert "report.html" in out.stdout and page_count(tmp_path / "report.pdf") == 2


def test_not_a_results_folder(tmp_path):
    out = subprocess.run([sys.executable, "-m", "solver.cli", "report", str(tmp_path)],
                         capture_output=True, text=True, cwd=REPO, timeout=120)
    assert out.returncode == 2
    assert out.stderr.strip() == (f"error: cannot report: {tmp_path}: no "
                                  "summary.json (not a 'thermocraft solve' folder)")


def test_heat_path_rows_split_the_legs_and_name_the_bottleneck():
    comp = {"board": "pcb", "Tj_C": 90.0, "power_W": 3.0, "path": {
        "elements": [{"element": "theta_jc", "heat_W": 2.0, "dT_K": 1.0, "K_per_W": 0.5},
                     {"element": "theta_jb", "heat_W": 1.0, "dT_K": 2.0, "K_per_W": 2.0},
                     {"element": "interface:U1-sink", "heat_W": 2.0, "dT_K": 20.0,
                      "K_per_W": 10.0}],
        "bottleneck": "interface:U1-sink",
        "to_air": [{"kind": "convection", "body": "sink", "heat_W": 2.0, "top_W": 2.0,
                    "board_W": 0.0},
                   {"kind": "convection", "body": "pcb", "heat_W": 1.2, "top_W": 0.2,
                    "board_W": 1.0}]}}
    rows = path_rows(comp)
    assert [e["element"] for e in rows["top"]["elements"]] == ["theta_jc", "interface:U1-sink"]
    assert [e["element"] for e in rows["board"]["elements"]] == ["theta_jb"]
    assert [(a["body"], a["heat_W"]) for a in rows["top"]["air"]] == [("sink", 2.0),
                                                                       ("pcb", 0.2)]
    assert [(a["body"], a["heat_W"]) for a in rows["board"]["air"]] == [("pcb", 1.0)]
    from solver.report.figures import heat_path_figure
    fig = heat_path_figure("U1", comp)
    texts = [t for t in fig.axes[0].texts if "U1-sink" in t.get_text()]
    assert len(texts) == 1 and texts[0].get_color() == "#d62728"  # the bottleneck in red


def test_heat_path_rows_of_results_written_before_the_leg_split():
    # summary.json files of earlier versions have to_air rows without top_W / board_W
    comp = {"path": {"elements": [{"element": "theta_jc"}, {"element": "theta_jb"}],
                     "to_air": [{"kind": "convection", "body": "pcb", "heat_W": 3.0}]}}
    rows = path_rows(comp)
    assert rows["top"]["air"] == []
    assert [(a["body"], a["heat_W"]) for a in rows["board"]["air"]] == [("pcb", 3.0)]


def test_heat_path_air_box_lists_the_largest_surfaces_and_sums_the_rest():
    rows = [{"body": f"b{i}", "kind": "radiation", "heat_W": w}
            for i, w in enumerate([0.5, -2.0, 1e-4, 0.3, 0.02, 0.1, 0.05, 0.04, -3e-6])]
    lines = air_label(rows).splitlines()
    assert lines[0] == "to air (whole surfaces)"
    # largest first, at most six, each at least 1 % of the largest (2 W)
    assert [ln.split()[0] for ln in lines[1:-1]] == ["b1", "b0", "b3", "b5", "b6", "b7"]
    rest = 0.02 + 1e-4 - 3e-6
    assert lines[-1] == f"3 more: {rest:.3g} W"
    shown = sum(float(ln.split(": ")[1].split()[0]) for ln in lines[1:])
    assert shown == pytest.approx(sum(r["heat_W"] for r in rows), rel=1e-2)
    assert air_label(rows[:2]).splitlines()[1:] == ["b1 radiation: -2 W", "b0 radiation: 0.5 W"]
    assert air_label([]) == "to air\n(no condition)"


def test_conditions_on_no_exposed_face_are_named_in_the_note_not_rows_of_zeros():
    from solver.report.data import condition_table
    s = {"conditions": [
        {"kind": "radiation", "body": "sink", "area_m2": 0.01, "heat_out_W": 0.4,
         "surface": {"t_mean_C": 50.0}},
        {"kind": "natural_convection", "body": "sink", "area_m2": 0.0, "heat_out_W": 0.0},
        {"kind": "convection", "body": "lid", "faces": ["zmax"], "area_m2": 0.0,
         "heat_out_W": 0.0}]}
    t = condition_table(s)
    assert [r[:2] for r in t.rows] == [["radiation", "sink"]]
    assert "natural_convection on sink, convection on lid (zmax)" in t.note
    assert condition_table({"conditions": s["conditions"][:1]}).note == ""


def test_plots_go_through_the_hottest_cell_outside_the_packages():
    from solver.report.data import hottest_cell
    t = np.array([[[30.0, 80.0, 50.0]]])
    owner = np.array([[[0, 1, 0]]])
    assert hottest_cell(t, owner, ["board", "U1"], {"U1": {}}) == (0, 0, 2)
    assert hottest_cell(t, owner, ["board", "U1"], {}) == (0, 0, 1)


@pytest.mark.skipif(shutil.which("pdftoppm") is None,
                    reason="poppler-utils not installed (scripts/setup-test.sh installs it)")
def test_pdf_pages_render_and_the_bottleneck_shows(solved, tmp_path):
    """Every PDF page rasterises (poppler) and is not blank; every heat-path page carries
    the bottleneck's red."""
    pdf = write_report(solved, tmp_path)["pdf"]
    subprocess.run(["pdftoppm", "-r", "30", "-png", str(pdf), str(tmp_path / "p")],
                   check=True, timeout=120)
    pngs = sorted(tmp_path.glob("p-*.png"))
    assert len(pngs) == page_count(pdf)
    images = [matplotlib.image.imread(p)[..., :3] for p in pngs]
    assert all(float(im.min()) < 0.5 for im in images)  # something drawn on every page
    d = load_report_data(solved)
    first = len(table_pages(d.tables))
    paths = images[first:first + math.ceil(len(d.summary.get("components", {}))
                                           / PATHS_PER_PAGE)]
    for im in paths:  # the bottleneck's red edge
        assert np.any((im[..., 0] > 0.7) & (im[..., 1] < 0.35) & (im[..., 2] < 0.35))
