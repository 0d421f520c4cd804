"""Built-ins: library_data/ mirrored at start-up, idempotently, changes versioned."""

from __future__ import annotations

import json
import shutil

from sqlalchemy import func, select

from server.library.seed import seed_builtins
from server.models.library import LibraryItem, Scope
from solver.library import BUILTIN as LIBRARY_DATA
from solver.library import Library


def _builtins(db) -> dict[str, LibraryItem]:
    db.expire_all()
    return {i.slug: i for i in db.scalars(select(LibraryItem).where(
        LibraryItem.scope == Scope.BUILTIN))}


def test_start_up_seeds_every_shipped_item_once(started, db, make_user):
    shipped = Library([LIBRARY_DATA]).items
    stored = _builtins(db)
    assert set(stored) == set(shipped)
    for slug, item in shipped.items():
        assert (stored[slug].kind, stored[slug].body, stored[slug].version) == (
            item.kind, item.data, 1)
    seq = db.scalar(select(func.max(LibraryItem.change_seq)))
    again = seed_builtins(db)
    assert (again.written, again.removed, again.total) == (0, 0, len(shipped))
    assert db.scalar(select(func.max(LibraryItem.change_seq))) == seq
    # what a client sees: every built-in, searchable
    user = make_user()
    page = user.client.get("/library/items", params={"scope": "builtin", "limit": 1}).json()
    assert page["total"] == len(shipped)


def test_changed_and_removed_builtins_get_new_versions_and_tombstones(started, db, tmp_path):
    folder = tmp_path / "library_data"
    shutil.copytree(LIBRARY_DATA, folder)
    tims_path = folder / "tims" / "tims.json"
    tims = json.loads(tims_path.read_text())
    changed, removed = tims["items"][0], tims["items"][1]
    changed["notes"] = "re-measured (an upgrade's new data)"
    tims["items"].remove(removed)
    tims_path.write_text(json.dumps(tims))
    before = {s: i.change_seq for s, i in _builtins(db).items()}

    result = seed_builtins(db, folder)
    after = _builtins(db)
    assert (result.written, result.removed) == (1, 1)
    assert after[changed["id"]].version == 2 and after[changed["id"]].body == changed
    assert after[changed["id"]].change_seq > max(before.values())
    assert after[removed["id"]].deleted_at is not None and after[removed["id"]].version == 2
    untouched = [s for s in after if s not in (changed["id"], removed["id"])]
    assert all(after[s].version == 1 and after[s].change_seq == before[s]
               for s in untouched)
    # the shipped data again: the removed one comes back as a new version
    result = seed_builtins(db)
    after = _builtins(db)
    assert (result.written, result.removed) == (2, 0)
    assert after[removed["id"]].deleted_at is None and after[removed["id"]].version == 3


def test_a_broken_file_is_skipped_not_fatal(started, db, tmp_path):
    folder = tmp_path / "library_data"
    shutil.copytree(LIBRARY_DATA, folder)
    (folder / "fans" / "fans.json").write_text('{"kind": "fan", "items": [{"id": "x"}]}')
    result = seed_builtins(db, folder)
    fans = [s for s, i in _builtins(db).items() if i.kind == "fan"]
    assert result.removed == len(fans)  # the file's items are no longer valid built-ins
    assert all(_builtins(db)[s].deleted_at is not None for s in fans)
