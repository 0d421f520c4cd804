"""Document in the OpenAPI schema the error responses the routes really give.

The service layer raises :mod:`server.errors` and the middleware answers 413/414/429/431;
FastAPI only documents 200 and 422. :func:`document_errors` adds, per operation, the
responses its dependencies can produce (401 for credentials, 403 for roles/scopes/plans, 402
for plan limits, 404 for path objects, 503 for password hashing and billing) and those every
route can meet (400 for a malformed request, 413, 414 and 431 for the size limits, 429
except on the health probes). A route's own ``responses=`` entries win; its own 400 also lists the
embedded server's plain-text answer to a request head it cannot parse (uvicorn's h11).
"""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute

from server.schemas.auth import MessageOut

TEXT = {
    400: "Malformed request; a request head the server cannot parse is answered by the "
         "embedded server itself, in plain text",
    401: "Not authenticated",
    402: "The plan's limit is reached (names the plan needed)",
    403: "Not allowed: role, API-token scope, plan feature or an unconfirmed e-mail",
    404: "Not found (or another tenant's object)",
    409: "Conflict with the current state",
    413: "Request body too large (also a larger declared `Content-Length`)",
    414: "Request line (method, URL with query string, version) too long",
    431: "Request headers too large",
    429: "Rate limit exceeded; retry after `Retry-After` seconds",
    503: "Temporarily unavailable (busy or not configured); may carry `Retry-After`",
}


def validation_error(description: str) -> dict:
    """A route's own 422 entry with FastAPI's error-list body (a ``responses=`` 422 without
    one replaces FastAPI's and documents no body)."""
    schema = {"$ref": "#/components/schemas/HTTPValidationError"}
    return {422: {"description": description, "content": {"application/json": {"schema": schema}}}}


def _calls(dependant: Dependant) -> set[str]:
    """Qualified names of every callable in the dependency tree."""
    names: set[str] = set()
    for dep in dependant.dependencies:
        if dep.call is not None:
            call = dep.call if callable(dep.call) else type(dep.call)
            names.add(getattr(call, "__qualname__", type(call).__qualname__))
        names |= _calls(dep)
    return names


# dependency (qualified name, or a prefix before '.<locals>') -> status codes it may answer
_DEPENDENCY_ERRORS = {
    "current_principal": (401,),
    "session_user": (403,),
    "require_scope": (403,),
    "org_member": (403, 404),
    "require_feature": (403,),
    "require_entitled": (401, 403),  # the caller (401), then the plan and the scope (403)
    "team_library": (403, 404),
    "require_within_limit": (402,),
    "get_passwords": (503,),
    "get_gateway": (503,),
}


def _codes(route: APIRoute) -> set[int]:
    codes: set[int] = set()
    for name in _calls(route.dependant):
        key = name.split(".<locals>")[0]
        codes.update(_DEPENDENCY_ERRORS.get(key, ()))
    if route.dependant.path_params:
        codes.add(404)
    codes.update((400, 413, 414, 431))  # any request: a malformed head, the size limits
    if not route.path.startswith("/health"):
        codes.add(429)
    return codes


_PLAIN_400 = {"text/plain": {"schema": {"type": "string"}}}


def _error(route: APIRoute, code: int) -> dict:
    """The response entry: ``MessageOut`` as JSON, also on routes answering another type
    (FastAPI would list a ``model`` under the route's own media type, e.g. text/csv); 400
    also as the embedded server's plain text."""
    content = dict(_PLAIN_400) if code == 400 else {}
    response_class = getattr(route.response_class, "value", route.response_class)  # default
    if response_class.media_type in (None, "application/json"):
        return {"model": MessageOut, "description": TEXT[code], "content": content}
    content["application/json"] = {
        "schema": {"$ref": f"#/components/schemas/{MessageOut.__name__}"}}
    return {"content": content, "description": TEXT[code]}


def document_errors(router: APIRouter) -> None:
    """Add the error responses of every route of ``router`` to its OpenAPI operation
    (call before the router is included)."""
    for route in router.routes:
        if not isinstance(route, APIRoute) or not route.include_in_schema:
            continue
        for code in sorted(_codes(route)):
            key = code if code in route.responses else str(code)
            if key not in route.responses:
                route.responses[code] = _error(route, code)
            elif code == 400:  # the route's own 400: add the embedded server's plain text
                own = route.responses[key]
                route.responses[key] = {**own, "content": {**own.get("content", {}),
                                                           **_PLAIN_400}}
