"""Where the crawler may connect: public addresses only, unless --allow-private.

The check runs inside the connection itself (an httpcore network backend): the host name is
resolved once, every address it resolves to is checked, and the socket connects to a checked
address, so a name that resolves to a public address for a check and a private one for the
connection (DNS rebinding) cannot slip through. TLS still verifies the certificate against
the host name. Non-public means anything ipaddress does not call global: private, loopback,
link-local, shared (CGNAT), reserved, multicast, unspecified, and IPv4-mapped forms of those.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from collections.abc import Iterable
from typing import Any

import httpcore

from pipeline.crawl.errors import RefusedAddress

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


def is_public(address: IPAddress) -> bool:
    mapped = getattr(address, "ipv4_mapped", None)
    if mapped is not None:
        address = mapped
    return address.is_global and not address.is_multicast


def refused(addresses: Iterable[IPAddress]) -> list[IPAddress]:
    """The addresses a crawler without --allow-private must not reach."""
    return [a for a in addresses if not is_public(a)]


class GuardedBackend(httpcore.AsyncNetworkBackend):
    """An httpcore backend that resolves, checks, then connects to the checked address."""

    def __init__(self, allow_private: bool, inner: httpcore.AsyncNetworkBackend | None = None) -> None:
        self.allow_private = allow_private
        self._inner = inner or httpcore.AnyIOBackend()

    async def _resolve(self, host: str, port: int) -> list[IPAddress]:
        try:
            infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except socket.gaierror as exc:
            raise httpcore.ConnectError(f"cannot resolve {host}: {exc.strerror or exc}") from exc
        return list(dict.fromkeys(ipaddress.ip_address(info[4][0].split("%", 1)[0]) for info in infos))

    async def connect_tcp(self, host: str, port: int, timeout: float | None = None,
                          local_address: str | None = None, socket_options: Any = None) -> httpcore.AsyncNetworkStream:
        addresses = await self._resolve(host, port)
        bad = [] if self.allow_private else refused(addresses)
        if bad:
            raise RefusedAddress(host, f"refused: {host} resolves to non-public address {bad[0]} "
                                       "(pass --allow-private to crawl private or loopback hosts)")
        error: Exception | None = None
        for address in addresses:
            try:
                return await self._inner.connect_tcp(str(address), port, timeout=timeout,
                                                     local_address=local_address, socket_options=socket_options)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                error = exc
        raise error or httpcore.ConnectError(f"no address for {host}")

    async def connect_unix_socket(self, path: str, timeout: float | None = None,
                                  socket_options: Any = None) -> httpcore.AsyncNetworkStream:
        raise RefusedAddress(path, "refused: the crawler does not use Unix sockets")

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)
