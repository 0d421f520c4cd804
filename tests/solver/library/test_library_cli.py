"""``thermocraft library ...`` as a user runs it."""

from __future__ import annotations

import json

from tests.solver.test_thermocraft_cli import thermocraft


def test_list_prints_a_line_per_item():
    out = thermocraft("library", "list", "--kind", "material")
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert len(lines) >= 25 and all(" material " in line for line in lines)
    assert any(line.startswith("lib:FR-4 ") for line in lines)


def test_search_and_show():
    out = thermocraft("library", "search", "FAN3213")
    assert out.returncode == 0 and out.stdout.startswith("lib:SOIC-8-FAN3213")
    assert thermocraft("library", "search", "no-such-thing-xyz").returncode == 1
    shown = thermocraft("library", "show", "lib:SOIC-8-FAN3213")
    assert shown.returncode == 0
    assert '  theta_jc_top: 29' in shown.stdout
    assert "  source: Fairchild FAN3213" in shown.stdout
    assert ("  as a component part: model two_resistor: needs package_overrides theta_jb "
            "from the device's datasheet; model pad: needs package_overrides "
            "theta_jc_bottom from the device's datasheet; no Tj max (status unknown)"
            ) in shown.stdout
    shown = thermocraft("library", "show", "lib:TO-220-IRF620-ST")
    assert ("model two_resistor: needs package_overrides theta_jc, theta_jb from the device's "
            "datasheet; model pad: complete (resolves alone)") in shown.stdout
    bad = thermocraft("library", "show", "lib:FR-5")
    assert bad.returncode == 2
    assert "unknown library item 'lib:FR-5' (did you mean 'lib:FR-4'?)" in bad.stderr


def test_embed_writes_a_self_contained_model(tmp_path):
    model = {"name": "m", "bodies": [{"name": "b", "material": "lib:Cu", "geometry": {
        "kind": "box", "min": [0, 0, 0], "max": [0.01, 0.01, 0.01]}}],
        "conditions": [{"kind": "fixed_temperature", "body": "b", "temperature": 20.0}]}
    src = tmp_path / "m.json"
    src.write_text(json.dumps(model))
    out = thermocraft("library", "embed", str(src), "-o", str(tmp_path / "e.json"))
    assert out.returncode == 0, out.stderr
    data = json.loads((tmp_path / "e.json").read_text())
    assert data["materials"][0]["name"] == "lib:Cu"
    assert data["materials"][0]["conductivity"] == 401
