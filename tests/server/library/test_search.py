"""Search on both databases: words, kind, category, numeric ranges, pages; on PostgreSQL
the words are served by the pg_trgm index."""

from __future__ import annotations

from sqlalchemy import text

from server.library.fields import SEARCHED
from solver.library import BUILTIN as LIBRARY_DATA
from solver.library import Library

from .conftest import QFN, body

SHIPPED = Library([LIBRARY_DATA]).items


def _hay(item) -> str:
    return " ".join([item.kind] + [str(item.data[k]) for k in SEARCHED if k in item.data]
                    ).lower()


def _all(client, **params) -> list[dict]:
    found, offset = [], 0
    while True:
        page = client.get("/library/items", params={**params, "limit": 50,
                                                    "offset": offset}).json()
        found += page["items"]
        offset += 50
        if offset >= page["total"]:
            assert len(found) == page["total"]
            return found


def _slugs(client, **params) -> set[str]:
    return {i["slug"] for i in _all(client, **params)}


def test_words_kind_and_category_match_the_shipped_data(started, make_user):
    client = make_user().client
    expected = {s for s, i in SHIPPED.items() if i.kind == "package" and "qfn" in (
        s + " " + i.data.get("name", "") + " " + i.data.get("notes", "") + " "
        + i.data["source"] + " " + i.data["family"]).lower()}
    assert expected and _slugs(client, q="QFN", kind="package") == expected
    families = {s for s, i in SHIPPED.items() if i.kind == "package"
                and i.data["family"] == "BGA"}
    assert _slugs(client, kind="package", category="bga") == families
    # every word must appear, in any case, somewhere in the searched fields
    for words in ("TI bga", "stackup jesd51", "aluminium"):
        expected = {s for s, i in SHIPPED.items() if all(w.lower() in _hay(i) for w in
                                                         words.split())}
        assert expected and _slugs(client, q=words) == expected, words
    assert _slugs(client, q="TI bga") < _slugs(client, q="bga")
    assert _slugs(client, q="no-such-word-xyz") == set()
    # LIKE wildcards in the words are literal
    assert _slugs(client, q="%") == {s for s in SHIPPED if "%" in " ".join(
        str(v) for v in SHIPPED[s].data.values())}


def test_numeric_ranges_use_the_extracted_columns(started, make_user):
    user = make_user()
    item = user.client.post("/library/items", json={"kind": "package", "item": QFN}).json()
    assert (item["theta_ja"], item["body_size"], item["body_height"], item["power"]) == (
        31.5, 0.005, 0.0009, 1.2)
    in_range = _all(user.client, theta_ja_min=30, theta_ja_max=33)
    assert QFN["id"] in {i["slug"] for i in in_range}
    assert all(30 <= i["theta_ja"] <= 33 for i in in_range)
    assert QFN["id"] not in _slugs(user.client, theta_ja_min=40)  # 60 is the 1s0p figure
    small = _all(user.client, kind="package", size_max=0.005, power_min=1)
    assert QFN["id"] in {i["slug"] for i in small}
    assert all(i["body_size"] <= 0.005 and i["power"] >= 1 for i in small)
    expected_k = {s for s, i in SHIPPED.items() if i.kind == "material" and max(
        i.data["conductivity"] if isinstance(i.data["conductivity"], list)
        else [i.data["conductivity"]]) >= 200}
    assert _slugs(user.client, kind="material", conductivity_min=200) == expected_k
    nul = user.client.get("/library/items", params={"q": "a\x00b"})
    assert nul.status_code == 422 and nul.json()["detail"][0]["loc"] == ["query", "q"]
    for value in ("cold", "nan", "inf"):
        bad = user.client.get("/library/items", params={"theta_ja_min": value})
        assert bad.status_code == 422 and bad.json()["detail"][0]["loc"] == [
            "query", "theta_ja_min"]


def test_pages_are_disjoint_and_complete(started, make_user):
    client = make_user().client
    first = client.get("/library/items", params={"limit": 7}).json()
    second = client.get("/library/items", params={"limit": 7, "offset": 7}).json()
    assert first["total"] == len(SHIPPED) and len(first["items"]) == 7
    assert not {i["id"] for i in first["items"]} & {i["id"] for i in second["items"]}
    assert len(_all(client)) == len(SHIPPED)
    assert client.get("/library/items", params={"limit": 201}).status_code == 422


def test_postgresql_serves_words_from_the_trigram_index(started, make_user, db):
    if db.bind.dialect.name != "postgresql":
        assert db.bind.dialect.name == "sqlite"  # LIKE fallback: same answers, tested above
        return
    user = make_user()
    user.client.post("/library/items", json={"kind": "package",
                                             "item": body(QFN, notes="Ünïcode θJA note")})
    assert _slugs(user.client, q="ünïcode") == {QFN["id"]}
    conn = db.connection()
    indexdef = conn.execute(text(
        "SELECT indexdef FROM pg_indexes WHERE indexname = 'ix_library_items_search_trgm'"
    )).scalar()
    assert "gin" in indexdef and "gin_trgm_ops" in indexdef
    conn.execute(text("SET enable_seqscan = off"))
    plan = "\n".join(r[0] for r in conn.execute(text(
        "EXPLAIN SELECT id FROM library_items WHERE search_text ILIKE :p"), {"p": "%qfn%"}))
    assert "ix_library_items_search_trgm" in plan
