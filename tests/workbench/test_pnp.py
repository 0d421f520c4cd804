"""Pick-and-place files and package sizes (no FreeCAD needed)."""

import pytest

from ThermoCraftWorkbench.packages import package_size
from ThermoCraftWorkbench.pnp import PlacementError, read_placements

KICAD = """### Footprint positions - created on 2026-12-01 ###
Ref,Val,Package,PosX,PosY,Rot,Side
"C1","100n","C_0603_1608Metric",101.6,-50.8,90.0,bottom
"U1","STM32","LQFP-48_7x7mm_P0.5mm",120.0,-60.5,0.0,top
"""


def test_a_kicad_position_file_reads_with_power_defaulting_to_zero():
    c1, u1 = read_placements(KICAD.replace("###", "#", 1))
    assert (c1.refdes, c1.part, c1.x, c1.y, c1.rotation, c1.side, c1.power) == (
        "C1", "C_0603_1608Metric", 101.6, -50.8, 90.0, "Bottom", 0.0)
    assert u1.side == "Top"


def test_power_and_unit_suffixes():
    (p,) = read_placements("refdes,part,x,y,rotation,side,power\nQ1,TO-220,5mm,6mm,0,T,2.5\n")
    assert (p.x, p.y, p.side, p.power) == (5.0, 6.0, "Top", 2.5)


def test_every_bad_line_is_reported():
    text = "Ref,Package,PosX,PosY,Side\nU1,QFN,1,x,top\nU2,QFN,1,2,left\n,QFN,1,2,top\n"
    with pytest.raises(PlacementError) as err:
        read_placements(text)
    lines = str(err.value).splitlines()
    assert [line.split(":")[0] for line in lines] == ["line 2", "line 3", "line 4"]
    assert "side must be top or bottom" in lines[1]


def test_a_missing_column_is_named():
    with pytest.raises(PlacementError, match="line 1: no column for x, y"):
        read_placements("Ref,Package\nU1,QFN\n")


@pytest.mark.parametrize(("name", "size"), [
    ("QFN-32-1EP_5x5mm_P0.5mm_EP3.3x3.3mm", (5.0, 5.0, 0.9)),
    ("BGA-256_17.0x17.0mm_Layout16x16_P1.0mm", (17.0, 17.0, 1.2)),
    ("Custom_10x8x2.5mm", (10.0, 8.0, 2.5)),
    ("R_0805_2012Metric", (2.0, 1.25, 0.5)),
    ("SOT-23-5", (2.9, 1.3, 1.1)),
    ("TO-220-3_Vertical", (10.0, 9.2, 4.5)),
])
def test_package_sizes_from_names(name, size):
    assert package_size(name) == size


@pytest.mark.parametrize("name", ["Mystery", "WEIRD_3x3mm"])
def test_unknown_packages_are_refused(name):
    with pytest.raises(ValueError, match=repr(name)):
        package_size(name)
