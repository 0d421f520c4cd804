"""A small OAuth 2.0 provider (Google- and GitHub-shaped) served on loopback for tests.

authorize → code → token (checks client secret, redirect_uri and the PKCE S256 verifier)
→ userinfo (Google) or user + user/emails (GitHub). The signed-in "person" is whatever the
test puts in ``provider.person``.
"""

from __future__ import annotations

import base64
import hashlib
import secrets
from dataclasses import dataclass, field
from urllib.parse import urlencode

from fastapi import FastAPI, Form, Header, Request
from fastapi.responses import JSONResponse, RedirectResponse

CLIENT_ID = "test-client"
CLIENT_SECRET = "test-client-secret"


@dataclass
class Person:
    subject: str = "1001"
    email: str = "someone@example.com"
    email_verified: bool = True
    name: str = "Someone"


@dataclass
class FakeProvider:
    person: Person = field(default_factory=Person)
    codes: dict = field(default_factory=dict)
    tokens: dict = field(default_factory=dict)
    token_requests: list = field(default_factory=list)
    base_url: str = ""

    def app(self) -> FastAPI:
        app = FastAPI()

        @app.get("/authorize")
        def authorize(client_id: str, redirect_uri: str, state: str, code_challenge: str,
                      code_challenge_method: str, response_type: str = "code"):
            if client_id != CLIENT_ID or response_type != "code":
                return JSONResponse({"error": "unauthorized_client"}, 400)
            if code_challenge_method != "S256":
                return JSONResponse({"error": "invalid_request"}, 400)
            code = secrets.token_urlsafe(16)
            self.codes[code] = {"challenge": code_challenge, "redirect_uri": redirect_uri,
                                "person": self.person}
            sep = "&" if "?" in redirect_uri else "?"
            query = urlencode({"code": code, "state": state})
            return RedirectResponse(f"{redirect_uri}{sep}{query}", 302)

        @app.post("/token")
        def token(request: Request, grant_type: str = Form(), code: str = Form(),
                  redirect_uri: str = Form(), code_verifier: str = Form(""),
                  client_id: str = Form(""), client_secret: str = Form(""),
                  authorization: str | None = Header(None)):
            self.token_requests.append({"code": code, "code_verifier": code_verifier})
            if authorization and authorization.startswith("Basic "):
                client_id, _, client_secret = (
                    base64.b64decode(authorization[6:]).decode().partition(":"))
            if (client_id, client_secret) != (CLIENT_ID, CLIENT_SECRET):
                return JSONResponse({"error": "invalid_client"}, 401)
            grant = self.codes.pop(code, None)
            if grant_type != "authorization_code" or grant is None:
                return JSONResponse({"error": "invalid_grant"}, 400)
            digest = hashlib.sha256(code_verifier.encode()).digest()
            challenge = base64.urlsafe_b64encode(digest).rstrip(b"=").decode()
            if not code_verifier or challenge != grant["challenge"]:
                return JSONResponse({"error": "invalid_grant",
                                     "error_description": "PKCE verification failed"}, 400)
            if redirect_uri != grant["redirect_uri"]:
                return JSONResponse({"error": "invalid_grant"}, 400)
            access = secrets.token_urlsafe(16)
            self.tokens[access] = grant["person"]
            return {"access_token": access, "token_type": "bearer", "expires_in": 3600}

        def person_of(authorization: str | None) -> Person | None:
            if not authorization or not authorization.startswith("Bearer "):
                return None
            return self.tokens.get(authorization[7:])

        @app.get("/userinfo")
        def userinfo(authorization: str | None = Header(None)):
            p = person_of(authorization)
            if p is None:
                return JSONResponse({"error": "invalid_token"}, 401)
            return {"sub": p.subject, "email": p.email, "email_verified": p.email_verified,
                    "name": p.name}

        @app.get("/user")
        def github_user(authorization: str | None = Header(None)):
            p = person_of(authorization)
            if p is None:
                return JSONResponse({"message": "Bad credentials"}, 401)
            return {"id": int(p.subject), "login": p.name.lower(), "name": p.name,
                    "email": None}

        @app.get("/user/emails")
        def github_emails(authorization: str | None = Header(None)):
            p = person_of(authorization)
            if p is None:
                return JSONResponse({"message": "Bad credentials"}, 401)
            return [{"email": p.email, "verified": p.email_verified, "primary": True}]

        return app

    def settings(self, *providers: str) -> dict[str, str]:
        """``Settings`` fields pointing ``providers`` ("google", "github") at this fake."""
        paths = {"google": {"authorize_url": "/authorize", "token_url": "/token",
                            "userinfo_url": "/userinfo"},
                 "github": {"authorize_url": "/authorize", "token_url": "/token",
                            "user_url": "/user", "emails_url": "/user/emails"}}
        fields = {}
        for name in providers:
            fields |= {f"{name}_client_id": CLIENT_ID, f"{name}_client_secret": CLIENT_SECRET}
            fields |= {f"{name}_{key}": self.base_url + path for key, path in paths[name].items()}
        return fields

    def challenge_for(self, verifier: str) -> str:
        digest = hashlib.sha256(verifier.encode()).digest()
        return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()
