"""Helpers for page tests: pull the CSRF token and other values out of HTML."""

from __future__ import annotations

import re


def csrf_of(html: str) -> str:
    """The first CSRF token on the page."""
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, "page has no CSRF token"
    return match.group(1)


def post_form(client, page: str, action: str, data: dict, **kwargs):
    """GET ``page``, then POST ``data`` with its CSRF token to ``action``."""
    html = client.get(page).text
    return client.post(action, data={"csrf_token": csrf_of(html), **data}, **kwargs)


def sign_in(client, email: str, password: str):
    """Sign ``client`` in through the page (cookie session)."""
    resp = post_form(client, "/signin", "/signin", {"email": email, "password": password},
                     follow_redirects=False)
    assert resp.status_code == 303, resp.text
    return resp
