"""Sign a TestClient in through the web pages (shared by hardening tests)."""

from __future__ import annotations

import re


def sign_in_browser(client, email: str, password: str) -> None:
    html = client.get("/signin").text
    token = re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)
    resp = client.post("/signin", data={"csrf_token": token, "email": email,
                                        "password": password}, follow_redirects=False)
    assert resp.status_code == 303
