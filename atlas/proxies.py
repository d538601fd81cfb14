"""Who is on the other end of a connection: the socket peer, or, only when that peer is a
configured trusted proxy, the address and scheme the proxy reports in `X-Forwarded-For`
and `X-Forwarded-Proto`. Anyone can send those headers; only a trusted proxy's count."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
LOOPBACK = "127.0.0.1"


class ProxySettingError(ValueError):
    """ATLAS_TRUSTED_PROXIES holds something that is not an address or a network."""


def trusted_networks(setting: str) -> tuple[Network, ...]:
    """Parse a comma-separated list of addresses or CIDR networks ("" for none)."""
    networks = []
    for item in (part.strip() for part in setting.split(",")):
        if not item:
            continue
        try:
            networks.append(ipaddress.ip_network(item, strict=False))
        except ValueError as error:
            raise ProxySettingError(
                f"ATLAS_TRUSTED_PROXIES: {item!r} is not an address or a network"
            ) from error
    return tuple(networks)


def _is_trusted(address: str, trusted: tuple[Network, ...]) -> bool:
    try:
        parsed = ipaddress.ip_address(address.strip().strip("[]"))
    except ValueError:
        return False
    return any(parsed in network for network in trusted)


def _hops(forwarded_for: Iterable[str]) -> list[str]:
    return [hop.strip() for value in forwarded_for for hop in value.split(",") if hop.strip()]


def client_address(
    peer: str | None, forwarded_for: Iterable[str], trusted: tuple[Network, ...]
) -> str:
    """The client's address: the socket `peer` (None: a local connection), unless the peer
    is a trusted proxy; then the nearest address in `X-Forwarded-For` (read from the right)
    that is not itself a trusted proxy."""
    address = peer or LOOPBACK
    if not _is_trusted(address, trusted):
        return address
    for hop in reversed(_hops(forwarded_for)):
        address = hop
        if not _is_trusted(hop, trusted):
            break
    return address[:64]


def is_https(
    peer: str | None, scheme: str, forwarded_proto: str | None, trusted: tuple[Network, ...]
) -> bool:
    """Whether the browser reached us over https: our own scheme, or what a trusted proxy
    says it received."""
    if scheme in {"https", "wss"}:
        return True
    if forwarded_proto and _is_trusted(peer or LOOPBACK, trusted):
        return forwarded_proto.split(",")[0].strip().lower() in {"https", "wss"}
    return False
