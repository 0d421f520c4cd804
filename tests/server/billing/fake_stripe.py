"""A tiny fake Stripe API on loopback: just the endpoints the billing service calls."""

from __future__ import annotations

import itertools
import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl


@dataclass
class Recorded:
    """One request the fake received."""

    method: str
    path: str
    form: dict[str, str]
    headers: dict[str, str]


@dataclass
class FakeStripe:
    """Serves POST /v1/customers, /v1/checkout/sessions, /v1/billing_portal/sessions and
    DELETE /v1/subscriptions/{id} (cancel)."""

    requests: list[Recorded] = field(default_factory=list)
    fail_next: int = 0
    _ids: itertools.count = field(default_factory=lambda: itertools.count(1))

    def start(self) -> FakeStripe:
        """Bind 127.0.0.1 on a free port and serve in a daemon thread."""
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:  # keep test output quiet
                pass

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length).decode()
                form = dict(parse_qsl(body, keep_blank_values=True))
                fake.requests.append(Recorded("POST", self.path, form, dict(self.headers)))
                status, payload = fake.handle(self.path, form, self.headers)
                self._reply(status, payload)

            def do_DELETE(self) -> None:
                fake.requests.append(Recorded("DELETE", self.path, {}, dict(self.headers)))
                status, payload = fake.cancel(self.path, self.headers)
                self._reply(status, payload)

            def do_GET(self) -> None:
                fake.requests.append(Recorded("GET", self.path, {}, dict(self.headers)))
                self._reply(404, _error("No such resource"))

            def _reply(self, status: int, payload: dict) -> None:
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.send_header("Request-Id", f"req_{next(fake._ids)}")
                self.end_headers()
                self.wfile.write(data)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        return self

    @property
    def url(self) -> str:
        """The API base URL to give the Stripe client."""
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def stop(self) -> None:
        """Shut the server down."""
        self.server.shutdown()
        self.server.server_close()

    def handle(self, path: str, form: dict[str, str], headers) -> tuple[int, dict]:
        """Answer one POST like Stripe would (minimal objects)."""
        if not (headers.get("Authorization") or "").startswith("Bearer sk_"):
            return 401, _error("Invalid API Key provided", "invalid_request_error")
        if self.fail_next:
            self.fail_next -= 1
            return 500, _error("Fake outage", "api_error")
        n = next(self._ids)
        if path == "/v1/customers":
            return 200, {"id": f"cus_fake{n}", "object": "customer", "email": form.get("email")}
        if path == "/v1/checkout/sessions":
            missing = [k for k in ("mode", "customer", "line_items[0][price]") if k not in form]
            if missing:
                return 400, _error(f"Missing required param: {missing[0]}")
            return 200, {
                "id": f"cs_test_fake{n}",
                "object": "checkout.session",
                "mode": form["mode"],
                "customer": form["customer"],
                "client_reference_id": form.get("client_reference_id"),
                "url": f"{self.url}/pay/cs_test_fake{n}",
            }
        if path == "/v1/billing_portal/sessions":
            if "customer" not in form:
                return 400, _error("Missing required param: customer")
            return 200, {
                "id": f"bps_fake{n}",
                "object": "billing_portal.session",
                "customer": form["customer"],
                "url": f"{self.url}/portal/bps_fake{n}",
            }
        return 404, _error(f"Unrecognized request URL (POST: {path})")

    def cancel(self, path: str, headers) -> tuple[int, dict]:
        """DELETE /v1/subscriptions/{id}: the subscription, canceled."""
        if not (headers.get("Authorization") or "").startswith("Bearer sk_"):
            return 401, _error("Invalid API Key provided", "invalid_request_error")
        if self.fail_next:
            self.fail_next -= 1
            return 500, _error("Fake outage", "api_error")
        prefix = "/v1/subscriptions/"
        if not path.startswith(prefix):
            return 404, _error(f"Unrecognized request URL (DELETE: {path})")
        return 200, {"id": path[len(prefix):], "object": "subscription", "status": "canceled"}

    def deletes(self, path: str) -> list[Recorded]:
        """The recorded DELETEs of ``path``."""
        return [r for r in self.requests if r.method == "DELETE" and r.path == path]

    def posts(self, path: str) -> list[Recorded]:
        """The recorded POSTs to ``path``."""
        return [r for r in self.requests if r.method == "POST" and r.path == path]


def _error(message: str, kind: str = "invalid_request_error") -> dict:
    return {"error": {"message": message, "type": kind}}
