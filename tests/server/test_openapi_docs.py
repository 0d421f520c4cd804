"""The OpenAPI document: every operation tagged, summarized, with typed responses."""

from __future__ import annotations


def test_every_operation_documented(client):
    spec = client.get("/openapi.json").json()
    assert "HTTPBearer" in spec["components"]["securitySchemes"]
    tag_names = {t["name"] for t in spec["tags"]}
    assert {"auth", "oauth", "account", "organizations", "health"} <= tag_names
    for path, ops in spec["paths"].items():
        for method, op in ops.items():
            where = f"{method.upper()} {path}"
            assert op.get("summary"), where
            assert op.get("tags"), where
            for code, response in op["responses"].items():
                if code.startswith("2") and code != "204":
                    assert "content" in response, where


def test_account_routes_present(client):
    paths = client.get("/openapi.json").json()["paths"]
    for path in ("/auth/signup", "/auth/login", "/auth/refresh", "/auth/logout",
                 "/auth/oauth/{provider}/start", "/auth/oauth/{provider}/callback",
                 "/me", "/me/api-tokens", "/me/api-tokens/{token_id}", "/orgs",
                 "/orgs/{org_id}/members/{user_id}", "/orgs/{org_id}/invitations",
                 "/invitations/accept"):
        assert path in paths, path
