"""Real HTTP and HTTPS servers on 127.0.0.1 for tests of the fetcher and the crawler.

A Server maps paths to Replies (or to functions of the request that return one) and
answers in threads, over HTTP/1.1 with keep-alive, like a small real site; unknown
paths get a 404 page. It records every request it saw (`server.requests`), so a test can
check the User-Agent or what a crawler asked for, and keeps the errors of its handler
threads (`server.errors`: a client hanging up mid-body is normal when a fetch is cut off).

    with Server({"/": Reply.html("<p>hi</p>"), "/old": Reply.redirect("/")}) as site:
        httpx.get(site.url("/old"))

HTTPS: pass `tls=server_tls(trustme.CA())`; clients trust it only if told to.
"""

from __future__ import annotations

import ssl
import sys
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

import trustme


@dataclass(frozen=True)
class Reply:
    """What the server sends for one path.

    `delay` holds the answer back that many seconds (for timeouts); `trickle` sends the
    body in `chunk`-byte pieces that many seconds apart (a slow drip that never trips a
    per-read timeout); `content_length=False` sends no length and closes after the body.
    """

    status: int = 200
    body: bytes = b""
    headers: tuple[tuple[str, str], ...] = ()
    delay: float = 0.0
    trickle: float = 0.0
    chunk: int = 1024
    content_length: bool = True

    @classmethod
    def typed(cls, body: bytes | str, content_type: str, status: int = 200, **kw) -> Reply:
        data = body.encode("utf-8") if isinstance(body, str) else body
        headers = (("Content-Type", content_type), *kw.pop("headers", ()))
        return cls(status=status, body=data, headers=headers, **kw)

    @classmethod
    def html(cls, body: bytes | str, status: int = 200, charset: str = "utf-8", **kw) -> Reply:
        return cls.typed(body, f"text/html; charset={charset}", status, **kw)

    @classmethod
    def redirect(cls, location: str, status: int = 302) -> Reply:
        return cls(status=status, headers=(("Location", location),))


NOT_FOUND = Reply.html("<html><body><h1>Not Found</h1></body></html>", status=404)


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    headers: Mapping[str, str] = field(default_factory=dict)
    at: float = field(default_factory=time.monotonic)  # when it arrived (system-wide monotonic clock)


Route = Reply | Callable[[Request], Reply]


def server_tls(ca: trustme.CA) -> ssl.SSLContext:
    """A server-side TLS context with a certificate for 127.0.0.1/localhost issued by `ca`."""
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("127.0.0.1", "localhost").configure_cert(context)
    return context


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    timeout = 10  # an idle keep-alive connection lets its thread go after this
    server: _HTTPServer

    def setup(self) -> None:
        if isinstance(self.request, ssl.SSLSocket):
            self.request.settimeout(self.timeout)
            self.request.do_handshake()  # here, in the handler thread, not in the accept loop
        super().setup()

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
        pass

    def do_GET(self) -> None:
        self._answer(send_body=True)

    def do_HEAD(self) -> None:
        self._answer(send_body=False)

    def _answer(self, send_body: bool) -> None:
        owner = self.server.owner
        request = Request(self.command, self.path, dict(self.headers.items()))
        owner.requests.append(request)
        route = owner.routes.get(urlsplit(self.path).path, NOT_FOUND)
        reply = route(request) if callable(route) else route
        if reply.delay and owner.stopping.wait(reply.delay):
            return  # the server is stopping: drop the connection unanswered
        self.send_response(reply.status)
        for name, value in reply.headers:
            self.send_header(name, value)
        if reply.content_length:
            self.send_header("Content-Length", str(len(reply.body)))
        else:
            self.send_header("Connection", "close")
            self.close_connection = True
        self.end_headers()
        if not send_body:
            return
        step = reply.chunk if reply.trickle else len(reply.body) or 1
        for start in range(0, len(reply.body), step):
            if start and owner.stopping.wait(reply.trickle):
                return
            self.wfile.write(reply.body[start:start + step])
            self.wfile.flush()


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, owner: Server, tls: ssl.SSLContext | None) -> None:
        self.owner = owner
        self.tls = tls
        super().__init__(("127.0.0.1", 0), _Handler)

    def get_request(self):
        sock, address = super().get_request()
        if self.tls is not None:
            sock = self.tls.wrap_socket(sock, server_side=True, do_handshake_on_connect=False)
        return sock, address

    def handle_error(self, request, client_address) -> None:
        self.owner.errors.append(sys.exc_info()[1])


class Server:
    """A threaded HTTP(S) server on 127.0.0.1 with a free port; use it as a context manager."""

    def __init__(self, routes: Mapping[str, Route] | None = None, *, tls: ssl.SSLContext | None = None) -> None:
        self.routes: dict[str, Route] = dict(routes or {})
        self.requests: list[Request] = []
        self.errors: list[BaseException] = []
        self.stopping = threading.Event()
        self._httpd = _HTTPServer(self, tls)
        self.scheme = "https" if tls is not None else "http"
        self.port = self._httpd.server_address[1]
        self._thread = threading.Thread(target=self._httpd.serve_forever, args=(0.05,),  # quick shutdown
                                        name=f"test-server-{self.port}", daemon=True)

    def url(self, path: str = "/") -> str:
        return f"{self.scheme}://127.0.0.1:{self.port}{path}"

    def start(self) -> Server:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.stopping.set()
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> Server:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()
