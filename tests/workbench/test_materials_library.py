"""The material assignments' library: FreeCAD's cards and the ThermoCraft library's
materials and stack-ups (``lib:ID``), whose values and source an assignment copies."""

import pytest


def test_the_library_offers_freecad_cards_and_thermocraft_items():
    from ThermoCraftWorkbench.materials_library import library
    lib = library()
    assert lib["Aluminum 6061-T6"].source.startswith("FreeCAD material card")
    al = lib["lib:Al-6063-T5-black-anodised"]
    assert (al.conductivity, al.emissivity) == (209, 0.85)
    assert "BTI Metals" in al.source
    assert lib["lib:FR-4"].conductivity == (1.059, 1.059, 0.343)
    assert lib["lib:Brass-70-30"].emissivity is None  # the source gives none


def test_a_stackup_is_the_orthotropic_board_of_its_layers():
    """docs/library.md's hand calculation of the JESD51-7 2s2p board with the library's
    FR-4 and Cu 401: 22.1 W/(m K) in the plane, 0.394 through it."""
    from ThermoCraftWorkbench.materials_library import library
    board = library()["lib:JESD51-7-2s2p"]
    kx, ky, kz = board.conductivity
    assert kx == ky == pytest.approx(22.1, abs=0.05) and kz == pytest.approx(0.394, abs=5e-4)
    assert board.source.startswith("library stack-up JESD51-7-2s2p") and "JESD51-7" in board.source
    assert (board.density, board.specific_heat) == (0.0, 0.0)  # unknown: never guessed


def test_an_assignment_copies_a_library_item_and_exports_it_by_its_id(doc):
    from ThermoCraftWorkbench.export import export_analysis
    from ThermoCraftWorkbench.materials_library import library
    from ThermoCraftWorkbench.objects.analysis import make_analysis
    from ThermoCraftWorkbench.objects.material import make_material
    board = doc.addObject("Part::Box", "Board")
    board.Height = 1.6
    doc.recompute()
    analysis = make_analysis(doc)
    mat = make_material(doc, [(board, ())], Source="Library",
                        LibraryMaterial="lib:JESD51-7-2s2p")
    analysis.addObject(mat)
    expected = library()["lib:JESD51-7-2s2p"]
    assert mat.Orthotropic and (mat.ConductivityX, mat.ConductivityY, mat.ConductivityZ) == \
        pytest.approx(expected.conductivity)
    assert mat.DataSource == expected.source and mat.Emissivity == 0.9
    (exported,) = export_analysis(analysis).model.materials
    assert exported.name == "lib:JESD51-7-2s2p"
    assert exported.conductivity == pytest.approx(list(expected.conductivity))
    mat.LibraryMaterial = "lib:Al-6063-T5-black-anodised"
    assert not mat.Orthotropic and (mat.Conductivity, mat.Emissivity) == (209, 0.85)


YAML_CARD = """---
# the layout of FreeCAD 1.0's cards (Mod/Material/Resources/Materials/**/*.FCMat)
General:
  UUID: "00000000-0000-4000-8000-000000000001"
  Name: "Test alloy"
  Description: "a card written for this test"
Inherits:
  Aluminum:
    UUID: "00000000-0000-4000-8000-000000000002"
Models:
  LinearElastic:
    UUID: '7b561d1d-fb9b-44f6-9da9-56a4f74d7536'
    Density: "2650 kg/m^3"
  Thermal:
    UUID: '9959d007-a970-4ea7-bae4-3eb1b8b883c7'
    SpecificHeat: "0.9 J/g/K"
    ThermalConductivity: "150 W/m/K"
"""


def test_a_freecad_1_0_yaml_card_reads_like_an_ini_card(tmp_path):
    from ThermoCraftWorkbench.materials_library import read_card
    card = tmp_path / "Test-Alloy.FCMat"
    card.write_text(YAML_CARD, encoding="utf-8")
    m = read_card(card)
    assert m.name == "Test alloy" and m.source == "FreeCAD material card Test-Alloy.FCMat"
    assert (m.conductivity, m.density) == (pytest.approx(150.0), pytest.approx(2650.0))
    assert m.specific_heat == pytest.approx(900.0)  # 0.9 J/g/K in J/(kg K)
    inherited = tmp_path / "Inherited.FCMat"  # its conductivity only through Inherits
    inherited.write_text(YAML_CARD.replace('    ThermalConductivity: "150 W/m/K"\n', ""))
    assert read_card(inherited) is None
