"""Library folders overriding by id, lib: references in validation, embedding."""

from __future__ import annotations

import json

import numpy as np
import pytest

from solver.api import solve
from solver.library import BUILTIN, Library, embed_library_items, set_default_library
from solver.model import model_from_dict, model_to_json, validate


@pytest.fixture(autouse=True)
def _restore_default_library():
    yield
    set_default_library(None)


def folder(tmp_path, name, items, kind="material"):
    d = tmp_path / name
    d.mkdir()
    (d / "items.json").write_text(json.dumps({"kind": kind, "items": items}))
    return d


def test_later_folders_override_by_id(tmp_path):
    team = folder(tmp_path, "team", [
        {"id": "Cu", "conductivity": 390.0, "source": "team measurement"},
        {"id": "Team-alloy", "conductivity": 100.0, "source": "team"}])
    user = folder(tmp_path, "user", [{"id": "Cu", "conductivity": 380.0, "source": "mine"}])
    lib = Library([BUILTIN, team, user])
    assert lib.get("lib:Cu").data["conductivity"] == 380.0
    assert lib.get("Team-alloy").origin.parent == team
    assert lib.get("FR-4") is not None
    assert Library([BUILTIN]).get("Cu").data["conductivity"] == 401


def test_a_broken_user_file_is_reported_not_loaded(tmp_path):
    bad = folder(tmp_path, "bad", [{"id": "X", "conductivity": -1, "source": "s"}])
    (bad / "junk.json").write_text("{not json")
    lib = Library([BUILTIN, bad])
    assert lib.get("X") is None and lib.get("Cu") is not None
    msgs = [str(p) for p in lib.problems]
    assert "bad/items.json.items[0].conductivity: must be > 0 (got -1)" in msgs
    assert any(m.startswith("bad/junk.json: cannot read") for m in msgs)


def test_search_and_suggest():
    lib = Library([BUILTIN])
    assert {i.id for i in lib.search("soic-8 2s2p")} >= set() and lib.search("FAN3213")
    assert all(i.kind == "package" for i in lib.search("qfn", "package"))
    assert lib.suggest("lib:fr4") == "lib:FR-4"
    assert lib.suggest("lib:zzzzzz") is None


def board(material: str, **extra) -> dict:
    d = {"name": "slab", "bodies": [
        {"name": "slab", "material": material, "power": 2.0,
         "geometry": {"kind": "box", "min": [0, 0, 0], "max": [0.02, 0.01, 0.002]}}],
         "conditions": [{"kind": "convection", "body": "slab", "h": 50.0}],
         "mesh": {"uniform": [8, 4, 2]}}
    d.update(extra)
    return d


def messages(model) -> list[str]:
    return [str(p) for p in validate(model_from_dict(model))]


def test_unknown_library_item_is_named_with_a_suggestion():
    set_default_library(Library([BUILTIN]))
    msgs = messages(board("lib:FR-5"))
    assert msgs == ["bodies[0].material: unknown library item 'lib:FR-5' (did you mean "
                    "'lib:FR-4'?)"]
    assert messages(board("lib:FR-4")) == []
    assert messages(board("FR-4")) == ["bodies[0].material: unknown material 'FR-4'"]
    assert messages(board("lib:SOIC-8-FAN3213")) == [
        "bodies[0].material: library item 'lib:SOIC-8-FAN3213' is a package, not a material"]
    assert messages(board("lib:TIM-grease-TO-220-greased")) == [
        "bodies[0].material: library item 'lib:TIM-grease-TO-220-greased' gives no bulk "
        "conductivity (its source states only a resistance): use it as a contact, not a body"]
    assert messages(board("lib:TIM-solder-SAC305")) == []


def test_embedded_model_solves_identically_without_the_library(tmp_path):
    set_default_library(Library([BUILTIN]))
    model = model_from_dict(board("lib:Al-6063-T5"))
    direct = solve(model, tmp_path)
    embedded = embed_library_items(model)
    assert [m.name for m in embedded.materials] == ["lib:Al-6063-T5"]
    assert embedded.materials[0].conductivity == 209 and "btimetals" in embedded.materials[0].source
    assert model.materials == []  # the original is left alone
    text = model_to_json(embedded)
    set_default_library(Library([]))  # the library hidden
    assert messages(board("lib:Al-6063-T5"))[0].startswith(
        "bodies[0].material: unknown library item")
    again = solve(model_from_dict(json.loads(text)), tmp_path)
    np.testing.assert_array_equal(direct.t, again.t)
    assert np.nanmax(direct.t) > 26.0  # heated: the comparison is not of two ambient fields


def test_model_materials_win_over_the_library():
    set_default_library(Library([BUILTIN]))
    own = {"name": "lib:Cu", "conductivity": 10.0}
    model = embed_library_items(model_from_dict(board("lib:Cu", materials=[own])))
    assert [(m.name, m.conductivity) for m in model.materials] == [("lib:Cu", 10.0)]


def test_orthotropic_library_material_reaches_the_solver(tmp_path):
    set_default_library(Library([BUILTIN]))
    model = embed_library_items(model_from_dict(board("lib:FR-4")))
    assert model.material("lib:FR-4").k_xyz() == (1.059, 1.059, 0.343)
