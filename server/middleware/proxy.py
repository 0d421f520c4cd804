"""Client address and scheme, honouring X-Forwarded-* only from trusted proxies."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable

from starlette.types import Scope

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def parse_networks(items: Iterable[str]) -> tuple[Network, ...]:
    """Parse IPs/CIDRs (``"*"`` trusts every peer)."""
    nets: list[Network] = []
    for item in items:
        if item == "*":
            nets += [ipaddress.ip_network("0.0.0.0/0"), ipaddress.ip_network("::/0")]
        else:
            nets.append(ipaddress.ip_network(item, strict=False))
    return tuple(nets)


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", ()):
        if key == name:
            return value.decode("latin-1")
    return None


def _trusted(host: str | None, trusted: tuple[Network, ...]) -> bool:
    if not host or not trusted:
        return False
    try:
        addr = ipaddress.ip_address(host)
    except ValueError:
        return False
    return any(addr in net for net in trusted)


def client_ip(scope: Scope, trusted: tuple[Network, ...]) -> str:
    """The client IP: the peer, or the right-most untrusted X-Forwarded-For hop."""
    peer = (scope.get("client") or ("unknown", 0))[0]
    forwarded = _header(scope, b"x-forwarded-for")
    if not forwarded or not _trusted(peer, trusted):
        return peer
    hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
    for hop in reversed(hops):
        if not _trusted(hop, trusted):
            return hop
    return hops[0] if hops else peer


def is_https(scope: Scope, trusted: tuple[Network, ...]) -> bool:
    """True when the request arrived over TLS (directly or via a trusted proxy)."""
    if scope.get("scheme") in ("https", "wss"):
        return True
    peer = (scope.get("client") or ("", 0))[0]
    proto = _header(scope, b"x-forwarded-proto")
    return bool(proto) and _trusted(peer, trusted) and proto.split(",")[0].strip() == "https"
