"""Whose address a request comes from, and when a proxy's headers are believed."""

import pytest

from atlas.proxies import ProxySettingError, client_address, is_https, trusted_networks

NONE = trusted_networks("")
NGINX = trusted_networks("10.0.0.5, 192.168.1.0/24")


@pytest.mark.parametrize(
    ("peer", "forwarded_for", "trusted", "client"),
    [
        ("203.0.113.7", [], NONE, "203.0.113.7"),
        (None, ["198.51.100.1"], NONE, "127.0.0.1"),  # local peer, forged header ignored
        ("10.0.0.5", ["198.51.100.1"], NONE, "10.0.0.5"),  # no proxy configured
        ("203.0.113.7", ["198.51.100.1"], NGINX, "203.0.113.7"),  # header from a stranger
        ("10.0.0.5", ["198.51.100.1"], NGINX, "198.51.100.1"),
        ("10.0.0.5", ["6.6.6.6, 198.51.100.1"], NGINX, "198.51.100.1"),  # forged hop first
        ("10.0.0.5", ["6.6.6.6", "198.51.100.1, 192.168.1.20"], NGINX, "198.51.100.1"),
        ("10.0.0.5", [], NGINX, "10.0.0.5"),
        ("10.0.0.5", ["192.168.1.20"], NGINX, "192.168.1.20"),  # only proxies: the farthest
    ],
)
def test_the_client_address_believes_forwarded_for_only_from_trusted_proxies(
    peer, forwarded_for, trusted, client
) -> None:
    assert client_address(peer, forwarded_for, trusted) == client


def test_https_is_believed_from_a_trusted_proxy_only() -> None:
    assert is_https("203.0.113.7", "https", None, NONE)
    assert not is_https("203.0.113.7", "http", "https", NGINX)
    assert is_https("10.0.0.5", "http", "https", NGINX)


def test_a_bad_proxy_setting_is_named() -> None:
    with pytest.raises(ProxySettingError, match="'nginx' is not an address or a network"):
        trusted_networks("10.0.0.5, nginx")
