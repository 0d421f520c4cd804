"""Request ids, JSON logs, security headers and CORS."""

from __future__ import annotations

import json
import logging
import re

from fastapi.testclient import TestClient
from hardening_app import make_app

from server.middleware.jsonlog import JsonFormatter


def test_request_id_generated_and_echoed():
    client = TestClient(make_app())
    resp = client.get("/items/1")
    rid = resp.headers["x-request-id"]
    assert re.fullmatch(r"[0-9a-f]{32}", rid)
    assert resp.json()["request_id"] == rid


def test_request_id_accepted_when_well_formed():
    client = TestClient(make_app())
    resp = client.get("/items/1", headers={"X-Request-ID": "abc-123.x:y"})
    assert resp.headers["x-request-id"] == "abc-123.x:y"


def test_request_id_replaced_when_malformed():
    client = TestClient(make_app())
    for bad in ["a" * 200, "has space", "<script>"]:
        rid = client.get("/items/1", headers={"X-Request-ID": bad}).headers["x-request-id"]
        assert rid != bad and re.fullmatch(r"[0-9a-f]{32}", rid)


def test_access_log_is_json_with_request_id_and_route(caplog):
    client = TestClient(make_app())
    with caplog.at_level(logging.INFO, logger="thermocraft.access"):
        client.get("/items/7", headers={"X-Request-ID": "rid-7"})
    record = next(r for r in caplog.records if r.name == "thermocraft.access")
    line = json.loads(JsonFormatter().format(record))
    assert line["request_id"] == "rid-7"
    assert line["route"] == "/items/{item_id}"
    assert line["path"] == "/items/7"
    assert line["status"] == 200
    assert line["level"] == "INFO" and line["duration_ms"] >= 0


def test_access_log_bounds_a_long_path(caplog):
    client = TestClient(make_app())
    path = "/items/" + "9" * 5000
    with caplog.at_level(logging.INFO, logger="thermocraft.access"):
        client.get(path)
        client.get("/items/1")
    long, short = (r.path for r in caplog.records if r.name == "thermocraft.access")
    assert long == path[:1024] + f"...[{len(path) - 1024} more]"
    assert short == "/items/1"


def test_server_error_keeps_request_id_and_logs_500(caplog):
    client = TestClient(make_app(), raise_server_exceptions=False)
    with caplog.at_level(logging.INFO, logger="thermocraft.access"):
        resp = client.get("/boom", headers={"X-Request-ID": "rid-boom"})
    assert resp.status_code == 500
    record = next(r for r in caplog.records if r.name == "thermocraft.access")
    assert record.status == 500
    assert json.loads(JsonFormatter().format(record))["request_id"] == "rid-boom"


def test_security_headers_present():
    resp = TestClient(make_app()).get("/items/1")
    csp = resp.headers["content-security-policy"]
    script_src = next(p for p in csp.split(";") if p.strip().startswith("script-src"))
    assert "'unsafe-inline'" not in script_src and "'self'" in script_src
    assert "frame-ancestors 'none'" in csp
    assert resp.headers["x-content-type-options"] == "nosniff"
    assert resp.headers["referrer-policy"] == "strict-origin-when-cross-origin"
    assert resp.headers["x-frame-options"] == "DENY"
    assert "strict-transport-security" not in resp.headers


def test_security_headers_on_error_responses():
    resp = TestClient(make_app()).get("/nope")
    assert resp.status_code == 404
    assert "content-security-policy" in resp.headers


def test_hsts_only_via_trusted_proxy_with_https():
    untrusted = TestClient(make_app(), client=("203.0.113.5", 1))
    resp = untrusted.get("/items/1", headers={"X-Forwarded-Proto": "https"})
    assert "strict-transport-security" not in resp.headers
    trusted = TestClient(make_app(trusted_proxies="10.0.0.0/8"), client=("10.1.2.3", 1))
    resp = trusted.get("/items/1", headers={"X-Forwarded-Proto": "https"})
    assert resp.headers["strict-transport-security"].startswith("max-age=31536000")
    assert "strict-transport-security" not in trusted.get("/items/1").headers


def test_hsts_on_direct_tls_and_behind_tls_setting():
    resp = TestClient(make_app(), base_url="https://testserver").get("/items/1")
    assert "strict-transport-security" in resp.headers
    resp = TestClient(make_app(behind_tls=True)).get("/items/1")
    assert "strict-transport-security" in resp.headers


def test_cors_allow_list():
    client = TestClient(make_app(cors_origins="https://app.example, https://b.example"))
    ok = client.get("/items/1", headers={"Origin": "https://app.example"})
    assert ok.headers["access-control-allow-origin"] == "https://app.example"
    bad = client.get("/items/1", headers={"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in bad.headers
    pre = client.options(
        "/echo",
        headers={"Origin": "https://b.example", "Access-Control-Request-Method": "POST",
                 "Access-Control-Request-Headers": "authorization"},
    )
    assert pre.status_code == 200
    assert pre.headers["access-control-allow-origin"] == "https://b.example"
    denied = client.options(
        "/echo",
        headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "POST"},
    )
    assert denied.status_code == 400


def test_no_cors_headers_without_allow_list():
    resp = TestClient(make_app()).get("/items/1", headers={"Origin": "https://app.example"})
    assert "access-control-allow-origin" not in resp.headers


def test_settings_parse_csv_and_json(monkeypatch):
    from server.middleware.config import HardeningSettings

    monkeypatch.setenv("THERMOCRAFT_CORS_ORIGINS", '["https://a.example", "https://b.example"]')
    monkeypatch.setenv("THERMOCRAFT_TRUSTED_PROXIES", "10.0.0.0/8, 127.0.0.1")
    s = HardeningSettings()
    assert s.cors_origins == ["https://a.example", "https://b.example"]
    assert s.trusted_proxies == ["10.0.0.0/8", "127.0.0.1"]
    assert s.rate_limit_per_minute == 100 and s.solve_rate_limit_per_minute == 10


def test_log_lines_go_to_the_current_stderr_not_a_closed_one(monkeypatch):
    """A test runner closes the stderr it captured; a request ending later logs to the new
    one (it printed ``--- Logging error ---`` with ``I/O operation on closed file``)."""
    import io
    import sys

    from server.middleware.jsonlog import configure_logging

    root = logging.getLogger()
    monkeypatch.setattr(root, "handlers", list(root.handlers))
    monkeypatch.setattr(root, "level", root.level)
    first, second = io.StringIO(), io.StringIO()
    monkeypatch.setattr(sys, "stderr", first)
    configure_logging("INFO")
    first.close()
    monkeypatch.setattr(sys, "stderr", second)
    TestClient(make_app()).get("/items/7", headers={"X-Request-ID": "rid-late"})
    # other threads of the test process may write to stderr too: read our JSON lines only
    lines = [json.loads(line) for line in second.getvalue().splitlines()
             if line.startswith("{")]
    assert any(line.get("request_id") == "rid-late" and line["message"] == "request"
               for line in lines), second.getvalue()
