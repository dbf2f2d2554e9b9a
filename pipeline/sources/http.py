"""One http(s) URL -> one fetch -> RawDocument, or a FetchError that says what went wrong.

Every fetch is bounded: redirects (settings.max_redirects, each hop recorded), time
(settings.fetch_timeout per network operation, and the same limit for reading the body, so
a server that drips bytes cannot hold us), and size (settings.max_bytes of decoded body,
streamed, so a huge or endless body is cut off rather than buffered). Only HTML content
types are read. TLS certificates are always verified (httpx's default CA bundle, certifi,
or SSL_CERT_FILE / SSL_CERT_DIR when set); there is no switch to turn that off.
"""

from __future__ import annotations

import ssl
import time
from http import HTTPStatus

import httpx

from pipeline.errors import FetchError
from pipeline.settings import Settings
from pipeline.sources.decode import decode_html
from pipeline.sources.provenance import utc_now
from schemas.digest import sha256_hex
from schemas import Origin, RawDocument, RawFormat, SourceKind

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})


def media_type(content_type: str | None) -> str:
    """"text/html; charset=utf-8" -> "text/html" ("" when there is no header)."""
    return (content_type or "").split(";", 1)[0].strip().lower()


def status_text(status: int, phrase: str = "") -> str:
    """"HTTP 404 Not Found"; the standard phrase when the server sent none."""
    if not phrase:
        try:
            phrase = HTTPStatus(status).phrase
        except ValueError:
            phrase = ""
    return f"HTTP {status} {phrase}".rstrip()


def _causes(exc: BaseException):
    seen = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        yield exc
        exc = exc.__cause__ or exc.__context__


def tls_reason(exc: BaseException) -> str | None:
    """What went wrong with TLS, when a certificate or the handshake caused `exc`."""
    for cause in _causes(exc):
        if isinstance(cause, ssl.SSLCertVerificationError):
            return f"TLS certificate verification failed: {cause.verify_message or cause.reason}"
        if isinstance(cause, ssl.SSLError):
            return f"TLS handshake failed: {cause.reason or cause}"
    return None


def _connect_reason(exc: httpx.ConnectError) -> str:
    """Name a failed connection by its root cause: a certificate, TLS, or the network."""
    reason = tls_reason(exc)
    if reason:
        return reason
    for cause in _causes(exc):
        if isinstance(cause, OSError) and cause.strerror:
            return f"unreachable: {cause.strerror[:1].lower() + cause.strerror[1:]}"
    return f"unreachable: {exc}"


class Fetcher:
    """Fetches URLs over one connection pool; close() it when done."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._client = httpx.Client(
            follow_redirects=True,
            max_redirects=settings.max_redirects,
            timeout=httpx.Timeout(settings.fetch_timeout),
            headers={"User-Agent": settings.user_agent, "Accept": "text/html,application/xhtml+xml;q=0.9"},
            verify=True,
        )

    def close(self) -> None:
        self._client.close()

    def fetch(self, url: str) -> RawDocument:
        """GET `url`; raises FetchError (locator = `url` as given) for every way it can fail."""
        timed_out = f"timed out after {self.settings.fetch_timeout:g}s"
        try:
            return self._fetch(url, time.monotonic() + self.settings.fetch_timeout, timed_out)
        except httpx.TimeoutException:
            raise FetchError(url, timed_out) from None
        except httpx.TooManyRedirects:
            raise FetchError(url, f"too many redirects (more than {self.settings.max_redirects})") from None
        except httpx.ConnectError as exc:
            raise FetchError(url, _connect_reason(exc)) from exc
        except (httpx.UnsupportedProtocol, httpx.InvalidURL, UnicodeError) as exc:  # UnicodeError: a bad host name
            raise FetchError(url, f"invalid URL: {exc}") from None
        except httpx.DecodingError as exc:
            raise FetchError(url, f"cannot decode the response body: {exc}") from None
        except httpx.TransportError as exc:
            raise FetchError(url, f"connection failed: {str(exc) or type(exc).__name__}") from exc

    def _fetch(self, url: str, deadline: float, timed_out: str) -> RawDocument:
        limit = self.settings.max_bytes
        with self._client.stream("GET", url) as response:
            fetched_at = utc_now()
            if not response.is_success:
                raise FetchError(url, status_text(response.status_code, response.reason_phrase))
            content_type = response.headers.get("content-type")
            media = media_type(content_type)
            if media not in HTML_TYPES:
                raise FetchError(url, f"not HTML ({media or 'no content type'})")
            declared = response.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > limit:
                raise FetchError(url, f"response larger than {limit} bytes")
            body = bytearray()
            for chunk in response.iter_bytes():
                body += chunk
                if len(body) > limit:
                    raise FetchError(url, f"response larger than {limit} bytes")
                if time.monotonic() > deadline:
                    raise FetchError(url, timed_out)
        data = bytes(body)
        origin = Origin(kind=SourceKind.URL, locator=url, raw_sha256=sha256_hex(data), url=str(response.url),
                        fetched_at=fetched_at, status=response.status_code, content_type=content_type,
                        redirects=tuple(str(r.url) for r in response.history))
        content = decode_html(data, url, declared=content_type, noun="response")
        return RawDocument(origin=origin, content=content, format=RawFormat.HTML)
