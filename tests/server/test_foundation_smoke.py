"""Smoke test of the fixtures: the app starts and the user factory signs in."""


def test_health_live(client):
    assert client.get("/health/live").json()["status"] == "ok"


def test_make_user_is_signed_in(make_user):
    alice = make_user(display_name="Alice")
    body = alice.client.get("/me").json()
    assert body["email"] == alice.email and body["display_name"] == "Alice"
