"""Smoke test of the fixtures: the app starts, a user factory signs in."""


def test_health_live(client):
    assert client.get("/health/live").json() == {"status": "ok"}
