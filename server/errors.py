"""Service-layer errors; the app maps them to HTTP responses ``{"detail": ...}``."""

from __future__ import annotations


class ServiceError(Exception):
    status_code = 400

    def __init__(self, detail: str, headers: dict[str, str] | None = None):
        super().__init__(detail)
        self.detail = detail
        self.headers = headers


class BadRequest(ServiceError):
    status_code = 400


class Unauthorized(ServiceError):
    status_code = 401

    def __init__(self, detail: str = "Not authenticated"):
        super().__init__(detail, {"WWW-Authenticate": "Bearer"})


class PaymentRequired(ServiceError):
    status_code = 402


class Forbidden(ServiceError):
    status_code = 403


class NotFound(ServiceError):
    status_code = 404

    def __init__(self, detail: str = "Not found"):
        super().__init__(detail)


class Conflict(ServiceError):
    status_code = 409


class RateLimited(ServiceError):
    status_code = 429

    def __init__(self, detail: str, retry_after: int):
        super().__init__(detail, {"Retry-After": str(retry_after)})


class ServiceUnavailable(ServiceError):
    """Not configured, a dependency down, or overloaded (then with ``Retry-After``)."""

    status_code = 503

    def __init__(self, detail: str, retry_after: int | None = None):
        super().__init__(detail, {"Retry-After": str(retry_after)} if retry_after else None)
