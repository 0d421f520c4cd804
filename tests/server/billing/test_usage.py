"""Usage records and GET /me/usage, GET /orgs/{org_id}/usage per calendar month."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from server.billing.usage import Owner, period_bounds, record_usage

NOV = datetime(2026, 11, 10, tzinfo=UTC)
DEC = datetime(2026, 12, 1, tzinfo=UTC)  # first instant of December
OCT = datetime(2026, 10, 31, 23, 59, tzinfo=UTC)


def test_period_bounds():
    assert period_bounds("2026-11") == (datetime(2026, 11, 1, tzinfo=UTC), DEC)
    assert period_bounds("2026-12")[1] == datetime(2027, 1, 1, tzinfo=UTC)
    for bad in ("2026-13", "2026-1", "26-11", "2026-00"):
        with pytest.raises(ValueError):
            period_bounds(bad)


def test_usage_summary_per_period(make_user, record, clock):
    me = make_user()
    record(me.user, "solve_minutes", 12.5, at=NOV)
    record(me.user, "solve_minutes", 7.5, at=NOV)
    record(me.user, "solve_minutes", 100, at=OCT)
    record(me.user, "solve_minutes", 1000, at=DEC)
    record(me.user, "storage_bytes", 5000, at=OCT)
    record(me.user, "storage_bytes", 3000, at=NOV)
    record(me.user, "storage_bytes", -2000, at=DEC)
    nov = me.client.get("/me/usage", params={"period": "2026-11"}).json()
    assert nov["solve_minutes"] == 20.0
    assert nov["storage_bytes"] == 8000 and nov["storage_bytes_change"] == 3000
    assert nov["records"] == 3
    assert nov["start"].startswith("2026-11-01") and nov["end"].startswith("2026-12-01")
    oct_ = me.client.get("/me/usage", params={"period": "2026-10"}).json()
    assert (oct_["solve_minutes"], oct_["storage_bytes"]) == (100.0, 5000)
    dec = me.client.get("/me/usage", params={"period": "2026-12"}).json()
    assert (dec["solve_minutes"], dec["storage_bytes"]) == (1000.0, 6000)


def test_usage_defaults_to_this_month(make_user, record, clock):
    me = make_user()
    record(me.user, "solve_minutes", 3, at=clock.now)
    body = me.client.get("/me/usage").json()
    assert body["period"] == clock.now.strftime("%Y-%m") and body["solve_minutes"] == 3


def test_usage_is_per_user(make_user, record, clock):
    me, other = make_user(), make_user()
    record(other.user, "solve_minutes", 50, at=NOV)
    assert me.client.get("/me/usage", params={"period": "2026-11"}).json()["solve_minutes"] == 0


def test_usage_422_names_period(make_user, clock):
    me = make_user()
    for bad in ("2026-13", "november", "2026-1"):
        response = me.client.get("/me/usage", params={"period": bad})
        assert response.status_code == 422
        assert response.json()["detail"][0]["loc"] == ["query", "period"]


def test_usage_needs_authentication(client, clock):
    assert client.get("/me/usage").status_code == 401


def test_org_usage_members_only(make_user, make_org, record, app, clock):
    owner, member, stranger = make_user(), make_user(), make_user()
    org_id = make_org(owner, member)
    record(Owner(org_id=org_id), "storage_bytes", 4096, at=NOV)
    for handle in (owner, member):
        body = handle.client.get(f"/orgs/{org_id}/usage", params={"period": "2026-11"}).json()
        assert body["storage_bytes"] == 4096
    assert stranger.client.get(f"/orgs/{org_id}/usage").status_code == 404
    assert owner.client.get(f"/orgs/{org_id}/usage", params={"period": "x"}).status_code == 422
    assert owner.client.get("/orgs/not-a-uuid/usage").status_code == 422


def test_record_usage_validates(db, make_user):
    me = make_user()
    with pytest.raises(ValueError, match="unknown usage kind"):
        record_usage(db, me.user, "coffee", 1)
    with pytest.raises(ValueError, match="negative"):
        record_usage(db, me.user, "solve_minutes", -1)
    with pytest.raises(TypeError):
        record_usage(db, "someone", "solve_minutes", 1)
    with pytest.raises(ValueError):
        Owner()


def test_extreme_periods_answer_200_or_422_not_500(make_user, make_org, clock):
    """Regression: 9999-12 and 0000-01 made the month's bounds overflow (500)."""
    me = make_user()
    org_id = make_org(me)
    for path in ("/me/usage", f"/orgs/{org_id}/usage"):
        last = me.client.get(path, params={"period": "9999-12"})
        assert last.status_code == 200 and last.json()["solve_minutes"] == 0
        for bad in ("0000-01", "1969-12", "10000-01"):
            response = me.client.get(path, params={"period": bad})
            assert response.status_code == 422, (path, bad)
            assert response.json()["detail"][0]["loc"] == ["query", "period"]
