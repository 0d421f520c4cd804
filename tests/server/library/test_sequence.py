"""Concurrent writers: change numbers become visible in order, so a sync cursor never
skips a change that commits late."""

from __future__ import annotations

import threading

import pytest

from server.errors import NotFound
from server.library import items, sync
from server.library.items import Owner
from server.models.library import LibraryItem

from .conftest import TIM, body


def test_a_writer_waits_for_the_open_one_and_the_cursor_misses_neither(started, make_user,
                                                                       app):
    alice = make_user()
    owner = Owner.of_user(alice.user)
    slow = app.state.sessionmaker()
    items.put_many(slow, owner, [("tim", TIM)])  # holds the sequence row, not committed
    second_done = threading.Event()

    def second_writer():
        with app.state.sessionmaker() as db:
            items.create(db, owner, "tim", body(TIM, id="Pad-6W"))
        second_done.set()

    thread = threading.Thread(target=second_writer)
    thread.start()
    try:
        assert not second_done.wait(1.0)  # blocked behind the open transaction
        with app.state.sessionmaker() as db:
            before = sync.changes(db, alice.user, None, 1000)
        assert {i.slug for i in before.items if i.scope.value == "user"} == set()
        slow.commit()
        thread.join(30)
        assert second_done.is_set()
    finally:
        slow.close()
    with app.state.sessionmaker() as db:
        after = sync.changes(db, alice.user, before.next_cursor, 1000)
    assert [i.slug for i in after.items] == ["Pad-3W", "Pad-6W"]


def test_an_update_racing_a_delete_finds_the_item_gone(started, make_user, app):
    alice = make_user()
    owner = Owner.of_user(alice.user)
    with app.state.sessionmaker() as db:
        item_id = items.create(db, owner, "tim", TIM).id
    with app.state.sessionmaker() as first, app.state.sessionmaker() as second:
        loaded = items.get_owned(first, alice.user, owner, item_id)  # read before the delete
        items.delete(second, items.get_owned(second, alice.user, owner, item_id), None)
        with pytest.raises(NotFound):
            items.update(first, loaded, 1, body(TIM, conductivity=9.0))
    with app.state.sessionmaker() as db:
        stored = db.get(LibraryItem, item_id)
        assert stored.deleted_at is not None and stored.version == 2
