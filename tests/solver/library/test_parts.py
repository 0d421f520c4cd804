"""A component's ``part: "lib:ID"``: resolution, path-named errors, embedding, and a solve
checked against the two-resistor network worked by hand."""

from __future__ import annotations

import json
import re

import pytest

from solver.api import solve
from solver.library import (
    BUILTIN,
    Library,
    default_library,
    embed_library_items,
    set_default_library,
)
from solver.library.parts import package_of
from solver.model import ModelError, model_from_dict, model_from_json, model_to_json, validate
from solver.output import write_results
from solver.report.data import load_report_data
from solver.report.html import render_html
from solver.summary_text import format_summary

PART = {"id": "QFN-TEST-10x10", "family": "QFN", "pins": 64,
        "body": {"length": 0.01, "width": 0.01, "height": 0.002},
        "theta_jc_top": 3.0, "theta_jb": 12.0, "tj_max": 125.0,
        "source": "test item (figures chosen for the hand calculation)"}


@pytest.fixture(autouse=True)
def _restore_default_library():
    yield
    set_default_library(None)


@pytest.fixture
def library(tmp_path):
    d = tmp_path / "team"
    d.mkdir()
    (d / "parts.json").write_text(json.dumps({"kind": "package", "items": [PART]}))
    lib = Library([BUILTIN, d])
    set_default_library(lib)
    return lib


H_TOP = 1000.0  # W/(m^2 K) on the package top: 1/(h A) = 10 K/W over 1 cm^2
P = 2.0
T_BOARD, T_AIR = 40.0, 25.0


def model(part: str = "lib:QFN-TEST-10x10", **comp) -> dict:
    """A 20 x 20 x 1 mm copper board held at 40 degC underneath (near isothermal: 1-D
    conduction through it is 0.025 K/W under the package, against theta_JB 12), the
    package top cooled by h = 1000 to 25 degC air, everything else adiabatic."""
    return {"name": "lib part", "materials": [{"name": "cu", "conductivity": 400.0}],
            "bodies": [{"name": "pcb", "material": "cu", "geometry": {
                "kind": "box", "min": [0, 0, 0], "max": [0.02, 0.02, 0.001]}}],
            "conditions": [
                {"kind": "fixed_temperature", "body": "pcb", "faces": ["zmin"],
                 "temperature": T_BOARD},
                {"kind": "convection", "body": "U1", "faces": ["zmax"], "h": H_TOP}],
            "components": [{"name": "U1", "board": "pcb", "position": [0.01, 0.01],
                            "power": P, "part": part, **comp}],
            "mesh": {"max_cell_size": 0.001}}


def hand_tj(theta_jc: float = PART["theta_jc_top"], theta_jb: float = PART["theta_jb"],
            area: float = 0.01 * 0.01, r_board: float = 0.0) -> float:
    """Junction node balance: (Tj - Tb)/(theta_JB + R_board) + (Tj - Ta)/(theta_JC +
    1/(h A)) = P, ``r_board`` the board's own conduction from the footprint to its held
    face."""
    g_board = 1.0 / (theta_jb + r_board)
    g_top = 1.0 / (theta_jc + 1.0 / (H_TOP * area))
    return (P + g_board * T_BOARD + g_top * T_AIR) / (g_board + g_top)


def test_library_part_solves_to_the_hand_calculation(library, tmp_path):
    s = solve(model_from_dict(model()), tmp_path).summary
    c = s["components"]["U1"]
    assert hand_tj() == pytest.approx(45.28, abs=0.01)  # the hand figure itself
    assert c["Tj_C"] == pytest.approx(hand_tj(), abs=0.02)
    assert c["Tj_max_C"] == 125.0
    assert c["legs"]["board"]["theta_K_W"] == 12.0 and c["legs"]["top"]["theta_K_W"] == 3.0


def test_embedded_part_solves_without_the_library(library, tmp_path):
    m = model_from_dict(model())
    embedded = embed_library_items(m)
    assert embedded.components[0].package.theta_jb == 12.0
    assert embedded.components[0].part == "lib:QFN-TEST-10x10"  # where it came from
    assert m.components[0].package is None  # the original is left alone
    text = model_to_json(embedded)
    set_default_library(Library([]))
    assert "components[0].part: unknown library item 'lib:QFN-TEST-10x10'" in [
        str(p) for p in validate(m)]
    c = solve(model_from_dict(json.loads(text)), tmp_path).summary["components"]["U1"]
    assert c["Tj_C"] == pytest.approx(hand_tj(), abs=0.02)


@pytest.mark.parametrize(("part", "message"), [
    ("lib:QFN-TEST-10x1", "unknown library item 'lib:QFN-TEST-10x1' (did you mean "
                          "'lib:QFN-TEST-10x10'?)"),
    ("lib:FR-4", "library item 'lib:FR-4' is a material, not a package"),
    ("QFN-TEST-10x10", "parts are library references 'lib:ID'"),
])
def test_bad_parts_are_named_by_path(library, part, message):
    msgs = [str(p) for p in validate(model_from_dict(model(part)))
            if p.path.startswith("components")]
    assert len(msgs) == 1 and msgs[0].startswith("components[0].part: ")
    assert message in msgs[0], msgs


# --- family items completed by the device's datasheet (package_overrides) -----------------

# a family item as the sources give them: no theta_JB (an exposed pad's theta_JC(bottom)
# instead) and no Tj max
FAMILY = {"id": "QFN-TEST-FAMILY", "family": "QFN", "pins": 64,
          "body": {"length": 0.01, "width": 0.01, "height": 0.002},
          "exposed_pad": {"length": 0.006, "width": 0.006},
          "theta_jc_top": 3.0, "theta_jc_bottom": 1.5,
          "source": "test family item (no theta_JB, no Tj max)"}


@pytest.fixture
def family(tmp_path):
    d = tmp_path / "family"
    d.mkdir()
    (d / "parts.json").write_text(json.dumps({"kind": "package", "items": [FAMILY]}))
    lib = Library([BUILTIN, d])
    set_default_library(lib)
    return lib


def component_problems(m: dict) -> list[str]:
    return [str(p) for p in validate(model_from_dict(m)) if p.path.startswith("components")]


def validate_dict(m: dict) -> list:
    """Every problem of ``m``, those of reading it included."""
    try:
        return validate(model_from_json(json.dumps(m)))
    except ModelError as exc:
        return exc.problems


def test_overrides_complete_a_builtin_part_to_the_hand_calculation(tmp_path):
    """QFN-28-4x4-Microchip gives body, theta_JC and Tj max but no theta_JB: the device's
    datasheet figure completes it."""
    item = default_library().get("lib:QFN-28-4x4-Microchip")
    assert item.data.get("theta_jb") is None
    m = model("lib:QFN-28-4x4-Microchip", package_overrides={"theta_jb": 12.0})
    c = solve(model_from_dict(m), tmp_path).summary["components"]["U1"]
    area = item.data["body"]["length"] * item.data["body"]["width"]
    # the copper's resistance under a 4 x 4 mm footprint lies between none and the 1-D
    # column below it (no spreading), t / (k A) = 0.16 K/W
    column = 0.001 / (400.0 * area)
    lo, hi = (hand_tj(item.data["theta_jc_top"], 12.0, area, r) for r in (0.0, column))
    assert lo < c["Tj_C"] < hi and hi - lo < 0.3
    assert c["Tj_max_C"] == item.data["tj_max"] and c["status"] == "pass"
    assert c["legs"]["board"]["theta_K_W"] == 12.0


def test_overrides_win_over_the_family_figures(library, tmp_path):
    m = model(package_overrides={"theta_jc": 6.0, "theta_jb": 8.0, "tj_max": 45.0})
    c = solve(model_from_dict(m), tmp_path).summary["components"]["U1"]
    assert c["Tj_C"] == pytest.approx(hand_tj(6.0, 8.0), abs=0.02)
    assert c["Tj_max_C"] == 45.0 and c["status"] == "fail"


def test_missing_figures_are_named_with_where_to_give_them(family):
    msgs = component_problems(model("lib:QFN-TEST-FAMILY"))
    assert len(msgs) == 1, msgs  # Tj max may stay unknown
    assert msgs[0].startswith("components[0].package_overrides.theta_jb: library part "
                              "'lib:QFN-TEST-FAMILY' gives no theta_JB (K/W)")
    # the exposed pad's theta_JC(bottom) is named and not used in its place
    assert "theta_JC(bottom) 1.5 K/W is not a theta_JB" in msgs[0]
    # a built-in item without a body: each figure at its own path
    msgs = component_problems(model("lib:PBGA-361-ZCE-TMS320C6742"))
    assert [m.split(":")[0] for m in msgs] == [
        f"components[0].package_overrides.{k}" for k in ("length", "width", "height")]
    assert all("body" in m for m in msgs)
    assert component_problems(model("lib:PBGA-361-ZCE-TMS320C6742", package_overrides={
        "length": 0.013, "width": 0.013, "height": 0.0015})) == []


@pytest.mark.parametrize(("comp", "message"), [
    ({"package_overrides": {"theta_jb": -1.0}},
     "components[0].package_overrides.theta_jb: must be positive (got -1)"),
    ({"package_overrides": {"theta_jb": 5.0, "emissivity": 2.0}},
     "components[0].package_overrides.emissivity: must be within 0..1 (got 2)"),
    ({"package_overrides": {"theta_jb": 5.0, "thetajb": 5.0}},
     "components[0].package_overrides.thetajb: unknown field"),
])
def test_bad_overrides_are_named_by_path(family, comp, message):
    problems = [str(p) for p in validate_dict(model("lib:QFN-TEST-FAMILY", **comp))]
    assert any(p.startswith(message) for p in problems), problems


@pytest.mark.parametrize("package", [None, {"length": 0.01, "width": 0.01, "height": 0.002,
                                             "theta_jc": 3.0, "theta_jb": 12.0}])
def test_overrides_need_a_part(package):
    m = model()
    del m["components"][0]["part"]
    m["components"][0].update(package_overrides={"theta_jb": 5.0}, package=package)
    assert component_problems(m) == [
        "components[0].package_overrides: completes a library 'part' (lib:ID): name the "
        "part, or give every figure in the inline 'package'"]


def test_no_tj_max_solves_with_status_unknown(family, tmp_path):
    m = model("lib:QFN-TEST-FAMILY", package_overrides={"theta_jb": 12.0})
    result = solve(model_from_dict(m), tmp_path)
    write_results(result, tmp_path / "out")
    c = json.loads((tmp_path / "out" / "summary.json").read_text())["components"]["U1"]
    assert c["Tj_C"] == pytest.approx(hand_tj(), abs=0.02)
    assert c["status"] == "unknown" and c["Tj_max_C"] is None and c["margin_K"] is None
    html = render_html(load_report_data(tmp_path / "out"), {})
    row = re.search(r"<tr>\s*<td>U1</td>(.*?)</tr>", html, re.S).group(1)
    assert re.findall(r"<td>(.*?)</td>", row) == [f"{c['Tj_C']:.2f}", "-", "-", "unknown"]
    lines = format_summary(result.summary).splitlines()
    header = next(i for i, s in enumerate(lines) if s.startswith("component "))
    assert lines[header + 1].split()[0] == "U1"
    assert lines[header + 1].split()[-3:] == ["-", "-", "unknown"]


def test_embedding_keeps_overrides_and_solves_without_the_library(family, tmp_path):
    m = model_from_dict(model("lib:QFN-TEST-FAMILY", package_overrides={"theta_jb": 12.0,
                                                                        "tj_max": 150.0}))
    embedded = embed_library_items(m)
    comp = embedded.components[0]
    assert (comp.package.theta_jb, comp.package.theta_jc, comp.package.tj_max) == (
        12.0, 3.0, 150.0)
    assert comp.package_overrides.theta_jb == 12.0 and comp.part == "lib:QFN-TEST-FAMILY"
    text = model_to_json(embedded)
    set_default_library(Library([]))
    c = solve(model_from_dict(json.loads(text)), tmp_path).summary["components"]["U1"]
    assert c["Tj_C"] == pytest.approx(hand_tj(), abs=0.02) and c["Tj_max_C"] == 150.0


def test_embedding_leaves_an_incomplete_part_to_validation(family):
    embedded = embed_library_items(model_from_dict(model("lib:QFN-TEST-FAMILY")))
    assert embedded.components[0].package is None


# a figure of the right kind for each field (the check is about which figures, not values)
SOME = {"length": 0.005, "width": 0.005, "height": 0.001, "theta_jc": 10.0, "theta_jb": 10.0,
        "theta_jc_bottom": 2.0}


@pytest.mark.parametrize("compact", ["two_resistor", "pad"])
def test_every_builtin_package_resolves_with_overrides_of_what_it_lacks(compact):
    """Each built-in package is refused naming exactly the figures its source lacks for the
    component's model (never Tj max), and solves-ready once the device's datasheet gives
    those."""
    items = [i for i in Library([BUILTIN]).items.values() if i.kind == "package"]
    assert len(items) > 50
    for item in items:
        lacks = list(_lacks(item, compact))
        m = model(f"lib:{item.id}", model=compact)
        m["bodies"][0]["geometry"]["max"] = [0.1, 0.1, 0.001]
        m["components"][0]["position"] = [0.05, 0.05]
        named = [p.split(":")[0].rsplit(".", 1)[-1] for p in component_problems(m)]
        assert named == lacks, item.id
        m["components"][0]["package_overrides"] = {k: SOME[k] for k in lacks}
        assert component_problems(m) == [], item.id


def _lacks(item, compact: str = "two_resistor") -> tuple[str, ...]:
    """The figures the ``compact`` model needs that the item's sources do not give."""
    from solver.library.parts import NEEDS, item_figures

    have = item_figures(item)
    return tuple(k for k in NEEDS[compact] if k not in have)


def _builtin_packages() -> list:
    return [i for i in Library([BUILTIN]).items.values() if i.kind == "package"]


def test_complete_builtin_parts_need_no_overrides():
    """An item whose sources give body, theta_JC and theta_JB validates with no
    ``package_overrides`` and becomes the package of exactly its own figures."""
    from solver.library.parts import item_figures

    complete = [i for i in _builtin_packages() if not _lacks(i)]
    assert complete
    for item in complete:
        m = model(f"lib:{item.id}")
        m["bodies"][0]["geometry"]["max"] = [0.1, 0.1, 0.001]
        m["components"][0]["position"] = [0.05, 0.05]
        assert component_problems(m) == [], item.id
        pkg = package_of(f"lib:{item.id}", Library([BUILTIN]))
        figures = item_figures(item)
        assert (pkg.length, pkg.width, pkg.height, pkg.theta_jc, pkg.theta_jb) == tuple(
            figures[k] for k in ("length", "width", "height", "theta_jc", "theta_jb")), item.id


def test_complete_builtin_part_solves_to_the_hand_calculation(tmp_path):
    """VQFN-48-RGZ-CC2640R2F (7 x 7 x 0.9 mm, theta_JC 15.7, theta_JB 6.2 K/W, no Tj max)
    with no overrides on the held copper board: Tj between the hand figures with no board
    resistance and with the 1-D copper column under the footprint, t / (k A) = 0.051 K/W."""
    item = default_library().get("lib:VQFN-48-RGZ-CC2640R2F")
    c = solve(model_from_dict(model("lib:VQFN-48-RGZ-CC2640R2F")), tmp_path).summary[
        "components"]["U1"]
    area = 0.007 * 0.007
    column = 0.001 / (400.0 * area)
    assert column == pytest.approx(0.051, abs=1e-3)
    lo, hi = (hand_tj(15.7, 6.2, area, r) for r in (0.0, column))
    assert item.data["theta_jb"] == 6.2 and item.data["theta_jc_top"] == 15.7
    assert lo < c["Tj_C"] < hi
    assert c["status"] == "unknown" and c["Tj_max_C"] is None


def _doc_override_table(head: str) -> dict[tuple[str, ...], int]:
    """The docs/library.md table headed ``head`` ('package_overrides a component needs'), as
    {needed fields (PACKAGE_FIELDS order): count}."""
    from pathlib import Path

    from solver.library.parts import PACKAGE_FIELDS

    text = (Path(__file__).parents[3] / "docs" / "library.md").read_text()
    start = text.index(f"| {head} | packages |")
    rows = {}
    for line in text[start:].splitlines()[2:]:
        if not line.strip().startswith("|"):
            break
        label, count = (c.strip() for c in line.strip().strip("|").split("|"))
        names = set(re.findall(r"`(\w+)`", label))
        if "the body" in label:
            names |= {"length", "width", "height"}
        rows[tuple(k for k in PACKAGE_FIELDS if k in names)] = int(count)
    return rows


def _listed(text: str, start: str, end: str) -> set[str]:
    part = text[text.index(start):text.index(end)]
    # ids may hold dots (u8FL-3.3x3.3-NTTFS4941N); the two non-id words the lists quote
    return set(re.findall(r"`([A-Za-z0-9.-]+)`", part)) - {"pad", "body.nominal"}


def test_docs_override_counts_are_the_datas():
    """docs/library.md's tables (two-resistor and pad model), total, Tj-max count and lists
    of parts resolving alone are recomputed from the built-in items."""
    from collections import Counter
    from pathlib import Path

    items = _builtin_packages()
    assert _doc_override_table("`package_overrides` a component needs") == dict(
        Counter(_lacks(i) for i in items))
    assert _doc_override_table("`package_overrides` a `pad` component needs") == dict(
        Counter(_lacks(i, "pad") for i in items))
    text = (Path(__file__).parents[3] / "docs" / "library.md").read_text()
    assert f"Built-in packages ({len(items)})" in text
    no_tj = sum(1 for i in items if i.data.get("tj_max") is None)
    assert f"{no_tj} give no Tj max" in text
    assert _listed(text, "Resolving alone:", "None of BGA") == {
        i.id for i in items if not _lacks(i)}
    assert _listed(text, "Resolving alone with `model: \"pad\"`", "The LEDs") == {
        i.id for i in items if not _lacks(i, "pad")}


def test_to247_on_a_held_sink_solves_to_theta_jc(tmp_path):
    """TO-247-IRFP260N resolves alone with ``model: "pad"`` (R_thetaJC 0.50 K/W to the case,
    IRFP260NPbF PD-95010; no theta_JC(top), so no top leg): on a held 1 mm copper block as
    its sink, Tj = T_face + P theta_JC with T_face between the held 40 degC and the 1-D
    copper column under the 15.87 x 20.82 mm footprint, t / (k A) = 0.0076 K/W."""
    item = default_library().get("lib:TO-247-IRFP260N")
    theta = item.data["theta_jc_bottom"]
    assert theta == 0.5 and item.data["tj_max"] == 175
    m = model("lib:TO-247-IRFP260N", model="pad", power=50.0)
    m["bodies"][0]["geometry"]["max"] = [0.03, 0.03, 0.001]
    m["components"][0]["position"] = [0.015, 0.015]
    assert component_problems(m) == []
    c = solve(model_from_dict(m), tmp_path).summary["components"]["U1"]
    column = 0.001 / (400.0 * 0.01587 * 0.02082)
    assert column == pytest.approx(0.0076, abs=1e-4)
    assert T_BOARD + 50.0 * theta < c["Tj_C"] < T_BOARD + 50.0 * (theta + column)
    assert c["Tj_C"] == pytest.approx(c["T_board_C"] + 50.0 * theta, rel=1e-6)
    assert c["legs"]["top"] is None and c["status"] == "pass"
