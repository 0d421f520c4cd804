"""A library TIM on a contact between two bodies (``contact.tim``): its R'' by the rules the
component interface uses, checked against the same contact given as a ``layer`` and the
series closed form; validation, JSON, embedding and the summary/report entries."""

import pytest

from solver.api import solve
from solver.library import Library, default_library, embed_library_items, set_default_library
from solver.library.tims import contact_tim
from solver.model import (
    Contact,
    ContactLayer,
    TimFigures,
    model_from_json,
    model_to_json,
    validate,
)
from solver.report.data import summary_tables
from tests.solver.test_contacts import _two_blocks

PAD = "lib:TIM-gap-pad-3W-0.5mm"  # k = 3 W/(m K), bond line 0.5 mm, R'' = t/k


@pytest.fixture(autouse=True)
def _default_library():
    yield
    set_default_library(None)


def _heat(contact):
    model, _, _ = _two_blocks(2, contact)
    return solve(model).summary["contacts"][0]


def test_two_blocks_with_a_library_pad_match_the_same_layer_and_the_series_formula():
    """Q = dT A / (L/k_a + R'' + L/k_b) with R'' = t/k of the pad, at its bond line and at a
    bond line of one's own; the same as the contact given as a layer to round-off."""
    for thickness in (None, 0.3e-3):
        t = 0.5e-3 if thickness is None else thickness
        tim = _heat(Contact(["a", "b"], tim=PAD, thickness=thickness))
        layer = _heat(Contact(["a", "b"], layer=ContactLayer(t, 3.0)))
        _, length, area = _two_blocks(2, Contact(["a", "b"], resistance=0.0))
        closed = 90.0 * area / (length / 3.0 + t / 3.0 + length / 7.0)
        assert tim["heat_W"] == pytest.approx(layer["heat_W"], rel=1e-12)
        assert tim["heat_W"] == pytest.approx(closed, rel=1e-10)
        assert tim["resistance_m2K_W"] == pytest.approx(t / 3.0, rel=1e-14)
        assert tim["tim"] == PAD
        assert tim["rule"] == ("area_resistance" if thickness is None
                               else "thickness / conductivity")
        assert "tim" not in layer and "rule" not in layer


@pytest.mark.parametrize(("fig", "thickness", "r", "rule"), [
    (TimFigures(conductivity=2.0, contact_resistance=1e-5), 4e-4, 4e-4 / 2.0 + 1e-5,
     "thickness / conductivity + contact_resistance"),
    (TimFigures(area_resistance=3e-5, contact_resistance=1e-5, conductivity=1.0,
                bond_line=1.0), None, 4e-5, "area_resistance + contact_resistance"),
    (TimFigures(conductivity=2.0, bond_line=1e-4), None, 5e-5, "bond_line / conductivity"),
    (TimFigures(contact_resistance=7e-6), None, 7e-6, "contact_resistance"),
])
def test_each_rule_gives_its_area_resistance(fig, thickness, r, rule):
    contact = Contact(["a", "b"], tim_item=fig, thickness=thickness)
    got = contact_tim(contact)
    assert got == {"resistance_m2K_W": pytest.approx(r, rel=1e-14), "tim": "tim_item",
                   "rule": rule}
    assert contact.resistance_per_area() == got["resistance_m2K_W"]


def _problems(contact):
    model, _, _ = _two_blocks(2, Contact(["a", "b"], resistance=0.0))
    model.contacts = [Contact(["a", "b"], resistance=1e-4), Contact(["a"], resistance=1e-4),
                      contact]
    return [f"{p.path}: {p.message}" for p in validate(model)]


@pytest.mark.parametrize(("contact", "want"), [
    (Contact(["a", "b"], tim="lib:TIM-grease-TO-220-greased"),
     "contacts[2].tim: TIM 'lib:TIM-grease-TO-220-greased' states only a package-level "
     "'resistance' (K/W for the footprint its source names), not a per-area one: give the "
     "contact's 'resistance' in m^2 K/W or a 'layer' instead"),
    (Contact(["a", "b"], tim="lib:TIM-gap-pad-3W-05mm"),
     "contacts[2].tim: unknown library item 'lib:TIM-gap-pad-3W-05mm' (did you mean "
     "'lib:TIM-gap-pad-3W-0.5mm'?)"),
    (Contact(["a", "b"], tim="TIM-gap-pad-3W-0.5mm"),
     "contacts[2].tim: TIMs are library references 'lib:ID' (got 'TIM-gap-pad-3W-0.5mm'); "
     "give another contact as its 'resistance' (m^2 K/W) or a 'layer'"),
    (Contact(["a", "b"], tim="lib:Al2O3"),
     "contacts[2].tim: library item 'lib:Al2O3' is a material, not a tim"),
    (Contact(["a", "b"], layer=ContactLayer(1e-4, 3.0), tim=PAD),
     "contacts[2]: needs exactly one of 'resistance' (m^2 K/W), 'layer' or 'tim' (lib:ID)"),
    (Contact(["a", "b"], resistance=1e-4, thickness=1e-4),
     "contacts[2].thickness: is the bond line of a 'tim' given by its conductivity"),
    (Contact(["a", "b"], tim="lib:TIM-die-attach-2030SC"),
     "contacts[2].tim: TIM 'lib:TIM-die-attach-2030SC' gives a conductivity but no bond "
     "line: give the contact's 'thickness' (m)"),
    (Contact(["a", "b"], tim=PAD, thickness=-1e-4),
     "contacts[2].thickness: must be positive (got -0.0001)"),
])
def test_bad_tim_contacts_are_path_named_problems(contact, want):
    assert _problems(contact) == [want]


def test_a_good_tim_contact_with_its_own_bond_line_has_no_problems():
    assert _problems(Contact(["a", "b"], tim=PAD, thickness=1e-4)) == []


def test_json_round_trip_and_the_embedded_contact_solves_without_the_library():
    """The TIM contact survives JSON; embedding copies the pad's figures (with its source)
    into ``tim_item``, keeping ``tim``; with an empty library the embedded model validates and
    solves to the same heat, the summary and report naming the TIM."""
    model, _, _ = _two_blocks(2, Contact(["a", "b"], tim=PAD, thickness=0.4e-3, name="pad"))
    back = model_from_json(model_to_json(model))
    assert back == model and back.contacts[0].tim == PAD and back.contacts[0].thickness == 4e-4
    embedded = model_from_json(model_to_json(embed_library_items(model)))
    item = embedded.contacts[0].tim_item
    assert item.conductivity == 3.0 and item.bond_line == 5e-4
    assert item.source.startswith("library item TIM-gap-pad-3W-0.5mm: ")
    assert default_library().get(PAD) is not None
    want = solve(model).summary["contacts"][0]
    set_default_library(Library([]))
    assert validate(model)[0].path == "contacts[0].tim"  # the library is really gone
    assert validate(embedded) == []
    summary = solve(embedded).summary
    got = summary["contacts"][0]
    assert got["heat_W"] == pytest.approx(want["heat_W"], rel=1e-12)
    assert (got["tim"], got["rule"]) == (PAD, "thickness / conductivity")
    table = next(t for t in summary_tables(summary) if t.title == "Contacts")
    assert table.rows[0][3] == f"{got['resistance_m2K_W']:.4g} ({PAD})"
