"""One HTTP GET, bounded, with exactly what went over the wire kept for the archive.

Redirects are not followed here: each hop is its own request, archived and checked like any
other (the crawler queues the target). Every request is bounded in time (settings.fetch_timeout
for the whole exchange: connecting, headers and body), in size (settings.max_bytes of raw
body; a longer one is cut and marked truncated), and by content type (a 2xx whose type no
crawl rule accepts is not downloaded). The body is kept as it came (before Content-Encoding
is undone), which is what a WARC response record holds. TLS certificates are always
verified, and connections go only to public addresses unless allow_private (safety.py).
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass
from datetime import datetime

import httpcore
import httpx

from pipeline.crawl.errors import RefusedAddress, RetryableFetch
from pipeline.crawl.rules import rules
from pipeline.crawl.safety import GuardedBackend
from pipeline.errors import FetchError
from pipeline.settings import Settings
from pipeline.sources.http import media_type, tls_reason
from pipeline.sources.provenance import utc_now

ACCEPT = ("text/html,application/xhtml+xml;q=0.9,application/rss+xml;q=0.8,application/atom+xml;q=0.8,"
          "application/xml;q=0.7,text/plain;q=0.5,*/*;q=0.1")
# Encodings warcio (and so `newsfacts ingest` of our WARCs) can undo.
ACCEPT_ENCODING = "gzip, deflate"

Headers = tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True)
class Exchange:
    """One request and the response to it, as sent and received."""

    url: str
    target: str  # the request line's target: path and query
    request_headers: Headers
    status: int
    reason: str
    http_version: str
    headers: Headers
    body: bytes  # raw, as received (Content-Encoding not undone)
    truncated: str | None  # WARC-Truncated: "length", "time", or "unspecified" (not downloaded)
    started_at: datetime
    elapsed: float
    ip: str | None

    def header(self, name: str) -> str | None:
        name = name.lower()
        return next((v for k, v in self.headers if k.lower() == name), None)

    @property
    def media_type(self) -> str:
        return media_type(self.header("content-type"))


def accepted(media: str) -> bool:
    """A content type some crawl rule reads (HTML, feeds, sitemaps)."""
    return any(media in group for group in rules().content_types.values())


class _GuardedTransport(httpx.AsyncHTTPTransport):
    """httpx's transport over an httpcore pool whose connections go through GuardedBackend."""

    def __init__(self, allow_private: bool, limits: httpx.Limits) -> None:
        super().__init__(trust_env=False, limits=limits)
        # The pool is the transport's documented seam to httpcore; only the backend differs.
        self._pool = httpcore.AsyncConnectionPool(
            ssl_context=httpx.create_ssl_context(verify=True, trust_env=True),
            max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=limits.keepalive_expiry,
            network_backend=GuardedBackend(allow_private),
        )


def _text(pairs: list[tuple[bytes, bytes]]) -> Headers:
    return tuple((k.decode("latin-1"), v.decode("latin-1")) for k, v in pairs)


class Fetcher:
    """Async GETs over one connection pool; use as an async context manager."""

    def __init__(self, settings: Settings, *, allow_private: bool = False) -> None:
        self.settings = settings
        limits = httpx.Limits(max_connections=2 * settings.crawl_concurrency + 4,
                              max_keepalive_connections=settings.crawl_concurrency + 2, keepalive_expiry=30)
        self._client = httpx.AsyncClient(
            transport=_GuardedTransport(allow_private, limits),
            follow_redirects=False,
            timeout=httpx.Timeout(settings.fetch_timeout),
            headers={"User-Agent": settings.crawl_user_agent, "Accept": ACCEPT, "Accept-Encoding": ACCEPT_ENCODING},
            trust_env=False,
        )

    async def __aenter__(self) -> Fetcher:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self._client.aclose()

    async def get(self, url: str, headers: dict[str, str] | None = None, *, any_type: bool = False) -> Exchange:
        """GET `url` once. `any_type` reads the body whatever its content type (robots.txt).
        Raises RetryableFetch (timeouts, lost connections), RefusedAddress, or FetchError."""
        timeout = self.settings.fetch_timeout
        started, clock = utc_now(), time.monotonic()
        try:
            return await self._get(url, headers or {}, any_type, started, clock)
        except TimeoutError:
            raise RetryableFetch(url, f"timed out after {timeout:g}s") from None
        except RefusedAddress as exc:
            raise RefusedAddress(url, exc.reason) from None
        except (httpx.UnsupportedProtocol, httpx.InvalidURL, UnicodeError) as exc:
            raise FetchError(url, f"invalid URL: {exc}") from None
        except httpx.TimeoutException:
            raise RetryableFetch(url, f"timed out after {timeout:g}s") from None
        except httpx.ConnectError as exc:
            reason = tls_reason(exc)
            if reason:
                raise FetchError(url, reason) from exc
            raise RetryableFetch(url, f"unreachable: {exc}") from exc
        except httpx.TransportError as exc:
            raise RetryableFetch(url, f"connection failed: {str(exc) or type(exc).__name__}") from exc

    async def _get(self, url: str, headers: dict[str, str], any_type: bool, started: datetime,
                   clock: float) -> Exchange:
        request = self._client.build_request("GET", url, headers=headers)
        async with asyncio.timeout(self.settings.fetch_timeout):  # connecting and the headers
            response = await self._client.send(request, stream=True)
        stream = response.extensions.get("network_stream")
        peer = stream.get_extra_info("server_addr") if stream is not None else None  # before the body closes it
        try:
            body, truncated = await self._body(response, any_type, clock)
        finally:
            await response.aclose()
        return Exchange(
            url=url, target=request.url.raw_path.decode("ascii"), request_headers=_text(request.headers.raw),
            status=response.status_code, reason=response.reason_phrase, http_version=response.http_version,
            headers=_text(response.headers.raw), body=body, truncated=truncated, started_at=started,
            elapsed=time.monotonic() - clock, ip=peer[0] if peer else None,
        )

    async def _body(self, response: httpx.Response, any_type: bool, clock: float) -> tuple[bytes, str | None]:
        limit = self.settings.max_bytes
        if response.is_success and not any_type and not accepted(media_type(response.headers.get("content-type"))):
            return b"", "unspecified"
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            return b"", "length"
        body = bytearray()
        chunks = response.aiter_raw()
        while True:
            left = self.settings.fetch_timeout - (time.monotonic() - clock)
            try:
                chunk = await asyncio.wait_for(anext(chunks), max(left, 0.001))
            except StopAsyncIteration:
                return bytes(body), None
            except TimeoutError:
                return bytes(body), "time"
            body += chunk
            if len(body) > limit:
                return bytes(body[:limit]), "length"
