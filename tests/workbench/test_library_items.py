"""The palette's view of the library: categories, search and package filters, an item's data
with its source, and the component values a package is placed with (mm from SI)."""

import json
import math

import pytest

from solver.library import Library, default_library
from ThermoCraftWorkbench.library_items import (
    PackageFilter,
    body_side_mm,
    by_category,
    component_values,
    describe,
    placement_problem,
)

SOURCE = "made-up test data, not a data sheet"


@pytest.fixture
def lib(tmp_path):
    def pkg(id_, family, side_m, **extra):
        return {"id": id_, "family": family, "source": SOURCE,
                "body": {"length": side_m, "width": side_m / 2, "height": 0.001}, **extra}
    (tmp_path / "packages.json").write_text(json.dumps({"kind": "package", "items": [
        pkg("BGA-A", "BGA", 0.017, theta_jc_top=4.0, theta_jb=9.0, tj_max=105),
        pkg("BGA-B", "BGA", 0.027, theta_jc_top=2.0),
        pkg("QFN-C", "QFN", 0.005, theta_jb=6.0, typical_power=0.5),
        {"id": "SOT-D", "family": "SOT", "source": SOURCE,
         "body": {"length": 0.003, "width": 0.0015}},
        {"id": "TO-E", "family": "TO-220", "source": SOURCE, "theta_jc_top": 1.5}]}))
    (tmp_path / "materials.json").write_text(json.dumps({"kind": "material", "items": [
        {"id": "copper-x", "conductivity": 390.0, "source": SOURCE}]}))
    library = Library([tmp_path])
    assert library.problems == []
    return library


def _ids(flt, lib):
    return {title: [i.id for i in items] for title, items in by_category(flt, lib).items()}


def test_every_item_is_listed_under_its_category(lib):
    assert _ids(PackageFilter(), lib) == {
        "Packages": ["BGA-A", "BGA-B", "QFN-C", "SOT-D", "TO-E"], "Materials": ["copper-x"]}
    real = default_library()
    listed = sum(len(v) for v in by_category(PackageFilter(), real).values())
    assert listed == len(real.items) > 0


def test_search_and_package_filters(lib):
    assert _ids(PackageFilter(text="bga-b"), lib) == {"Packages": ["BGA-B"]}
    assert _ids(PackageFilter(text="made-up"), lib)["Materials"] == ["copper-x"]
    # a package filter keeps packages only, each passing it
    assert _ids(PackageFilter(family="BGA"), lib) == {"Packages": ["BGA-A", "BGA-B"]}
    assert _ids(PackageFilter(size_min_mm=10.0), lib) == {"Packages": ["BGA-A", "BGA-B"]}
    assert _ids(PackageFilter(size_max_mm=5.0), lib) == {"Packages": ["QFN-C", "SOT-D"]}
    assert _ids(PackageFilter(size_min_mm=4.0, size_max_mm=20.0), lib) == {
        "Packages": ["BGA-A", "QFN-C"]}
    assert _ids(PackageFilter(theta_jc_max=3.0), lib) == {"Packages": ["BGA-B", "TO-E"]}
    assert _ids(PackageFilter(theta_jb_max=8.0), lib) == {"Packages": ["QFN-C"]}
    assert _ids(PackageFilter(family="QFN", theta_jc_max=3.0), lib) == {}
    assert body_side_mm(lib.get("lib:BGA-A")) == pytest.approx(17.0)


def test_an_item_shows_its_data_and_source(lib):
    rows = dict(describe(lib.get("BGA-A")))
    assert rows["Library id"] == "lib:BGA-A" and rows["Source"] == SOURCE
    assert rows["θJC (top)"] == "4 K/W" and rows["θJB"] == "9 K/W"
    assert rows["Tj max"] == "105 °C" and rows["Body"] == "17 x 8.5 x 1 mm"
    assert rows["File"].endswith("packages.json")


def test_a_package_is_placed_with_its_data_in_mm(lib):
    values = component_values(lib.get("BGA-A"))
    assert values == pytest.approx({"PartName": "lib:BGA-A", "BodyLength": 17.0,
                                    "BodyWidth": 8.5, "BodyHeight": 1.0, "ThetaJC": 4.0,
                                    "ThetaJB": 9.0, "ThetaJCBottom": 0.0, "TjMax": 105.0,
                                    "CompactModel": "Two-resistor"})
    qfn = component_values(lib.get("QFN-C"))
    assert (qfn["ThetaJC"], qfn["ThetaJB"], qfn["Power"]) == (0.0, 6.0, 0.5)
    assert math.isnan(qfn["TjMax"])  # the source gives none: unknown, never a default
    assert placement_problem(lib.get("SOT-D")) == "the source gives no body height"
    assert placement_problem(lib.get("TO-E")) == "the source gives no body dimensions"
    assert placement_problem(lib.get("copper-x")) == "only packages are placed as components"
    with pytest.raises(ValueError, match="lib:SOT-D: the source gives no body height"):
        component_values(lib.get("SOT-D"))


@pytest.mark.parametrize(("item_id", "model"), [("TO-220-KC-TL780", "Pad"),
                                                ("VQFN-32-RHB-DAC81404", "Two-resistor")])
def test_a_package_with_a_pad_figure_and_no_theta_jb_is_placed_as_a_pad_model(item_id, model):
    """The pad model where the item gives theta_JC(bottom) and no theta_JB; an item giving
    both keeps the two-resistor model (its theta_JC(bottom) filled in all the same)."""
    item = default_library().get(item_id)
    values = component_values(item)
    assert values["CompactModel"] == model
    assert values["ThetaJCBottom"] == item.data["theta_jc_bottom"] > 0
    assert values["ThetaJB"] == item.data.get("theta_jb", 0.0)
