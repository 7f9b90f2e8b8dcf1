"""The only ways the probe talks to the network: a requests.Session that refuses any URL whose
host is not a loopback address, and a raw-socket opener with the same check."""
from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit

import requests


class NotLoopback(RuntimeError):
    pass


def assert_loopback(host: str | None) -> None:
    try:
        loopback = host is not None and ipaddress.ip_address(host).is_loopback
    except ValueError:  # a name, not an address: never resolved, never contacted
        loopback = False
    if not loopback:
        raise NotLoopback(f"refusing to contact {host!r}: the probe only talks to 127.0.0.1")


class LoopbackSession(requests.Session):
    """Every request, redirects included, passes through send(), which checks the host."""

    def __init__(self) -> None:
        super().__init__()
        self.trust_env = False  # no proxy from the environment may carry loopback traffic away
        self.headers["User-Agent"] = "egov-probe/1"
        # Uncompressed answers: gzip would take most of both sides' CPU on a small machine, and
        # the probe is about what the portal does with hostile input, not about compression.
        self.headers["Accept-Encoding"] = "identity"

    def send(self, request, **kwargs):
        assert_loopback(urlsplit(request.url).hostname)
        kwargs["allow_redirects"] = False  # the probe follows redirects itself, after checking
        return super().send(request, **kwargs)

    def clone(self) -> "LoopbackSession":
        other = LoopbackSession()
        other.cookies.update(self.cookies)
        return other


def raw_socket(host: str, port: int, timeout: float = 5.0) -> socket.socket:
    assert_loopback(host)
    return socket.create_connection((host, port), timeout=timeout)
