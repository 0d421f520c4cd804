"""Prometheus metrics by route template."""

from __future__ import annotations

from fastapi.testclient import TestClient
from hardening_app import make_app


def _sample(text: str, name: str, **labels: str) -> float:
    for line in text.splitlines():
        if line.startswith(name + "{") and all(f'{k}="{v}"' in line for k, v in labels.items()):
            return float(line.rsplit(" ", 1)[1])
    return 0.0


def test_counts_and_latency_by_route_template():
    client = TestClient(make_app())
    before = _sample(client.get("/metrics").text, "thermocraft_http_requests_total",
                     route="/items/{item_id}", status="200")
    for i in range(3):
        client.get(f"/items/{1000 + i}")
    text = client.get("/metrics").text
    after = _sample(text, "thermocraft_http_requests_total", route="/items/{item_id}",
                    status="200")
    assert after - before == 3
    assert "/items/1000" not in text
    assert _sample(text, "thermocraft_http_request_duration_seconds_count",
                   route="/items/{item_id}") >= 3
    assert 'le="0.005"' in text


def test_unmatched_paths_share_one_label():
    client = TestClient(make_app())
    client.get("/random/path/abc")
    text = client.get("/metrics").text
    assert "/random/path/abc" not in text
    assert _sample(text, "thermocraft_http_requests_total", route="<unmatched>",
                   status="404") >= 1


def test_metrics_token(monkeypatch):
    from server.middleware import config

    monkeypatch.setenv("THERMOCRAFT_METRICS_TOKEN", "s3cret")
    config.get_hardening_settings.cache_clear()
    try:
        client = TestClient(make_app())
        assert client.get("/metrics").status_code == 403
        ok = client.get("/metrics", headers={"Authorization": "Bearer s3cret"})
        assert ok.status_code == 200
    finally:
        config.get_hardening_settings.cache_clear()
