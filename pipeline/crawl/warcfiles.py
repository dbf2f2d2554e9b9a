"""Rotating WARC files: every request and its response, as sent and received.

Each exchange becomes a request record and a response record (WARC-Concurrent-To links
them), both serialised in memory and appended to the current file with one write, so a
record the database points at is whole even when the crawler is killed. A file is closed
and the next begun once it reaches settings.warc_max_bytes; names carry the start time and
the process id, so crawler processes sharing a folder never write to one file. Each file
opens with a warcinfo record naming the software and the User-Agent.

The body is stored as received; a chunked Transfer-Encoding was undone by the HTTP client, so
its header is kept as X-Crawler-Transfer-Encoding (readers would otherwise try to de-chunk
the body again). A response cut short carries WARC-Truncated.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass, field
from datetime import UTC
from importlib.metadata import version
from io import BytesIO
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from pipeline.crawl.fetcher import Exchange
from pipeline.sources.provenance import utc_now


@dataclass(frozen=True, slots=True)
class Archived:
    """Where an exchange's response record lies."""

    path: str  # absolute
    offset: int
    record_id: str
    warc_date: str
    records: bytes = field(repr=False)  # the request and response records as written
    relative: int = field(repr=False)  # where the response starts in `records`

    def payload(self, limit: int) -> bytes:
        """The response payload, Content-Encoding undone by warcio as `newsfacts ingest` would,
        at most `limit` + 1 bytes (so "too large" can be told)."""
        record = next(iter(ArchiveIterator(BytesIO(self.records[self.relative:]))))
        return record.content_stream().read(limit + 1)


def _date(exchange: Exchange) -> str:
    return exchange.started_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _response_headers(exchange: Exchange) -> list[tuple[str, str]]:
    return [("X-Crawler-Transfer-Encoding" if k.lower() == "transfer-encoding" else k, v) for k, v in exchange.headers]


def serialise(exchange: Exchange) -> tuple[bytes, int, str]:
    """(request + response records gzipped, offset of the response within them, its record id)."""
    buffer = BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    date = _date(exchange)
    common = {"WARC-Date": date} | ({"WARC-IP-Address": exchange.ip} if exchange.ip else {})
    request = writer.create_warc_record(
        exchange.url, "request", payload=BytesIO(b""), length=0, warc_headers_dict=dict(common),
        http_headers=StatusAndHeaders(f"GET {exchange.target} {exchange.http_version}",
                                      list(exchange.request_headers), is_http_request=True),
    )
    writer.write_record(request)
    request_id = request.rec_headers.get_header("WARC-Record-ID")
    extra = {"WARC-Concurrent-To": request_id} | ({"WARC-Truncated": exchange.truncated} if exchange.truncated else {})
    response = writer.create_warc_record(
        exchange.url, "response", payload=BytesIO(exchange.body), length=len(exchange.body),
        warc_headers_dict=common | extra,
        http_headers=StatusAndHeaders(f"{exchange.status} {exchange.reason}".strip(), _response_headers(exchange),
                                      protocol=exchange.http_version),
    )
    offset = buffer.tell()
    writer.write_record(response)
    return buffer.getvalue(), offset, response.rec_headers.get_header("WARC-Record-ID")


class WarcArchive:
    """Appends exchanges to rotating .warc.gz files in `folder`; thread-safe."""

    def __init__(self, folder: str | os.PathLike[str], max_bytes: int, user_agent: str, prefix: str = "newsfacts"):
        self.folder = Path(folder).resolve()
        self.max_bytes = max_bytes
        self.user_agent = user_agent
        self.prefix = prefix
        self._lock = threading.Lock()
        self._fd: int | None = None
        self._path: Path | None = None
        self._size = 0
        self._serial = 0
        self.files: list[str] = []

    def _warcinfo(self) -> bytes:
        buffer = BytesIO()
        writer = WARCWriter(buffer, gzip=True)
        info = {"software": f"newsfacts/{version('newsfacts')} (warcio)", "format": "WARC File Format 1.0",
                "http-header-user-agent": self.user_agent, "robots": "obey"}
        writer.write_record(writer.create_warcinfo_record(self._path.name, info))
        return buffer.getvalue()

    def _open(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        stamp = utc_now().strftime("%Y%m%d%H%M%S")
        while True:
            self._serial += 1
            path = self.folder / f"{self.prefix}-{stamp}-{os.getpid()}-{self._serial:05d}.warc.gz"
            try:
                self._fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_APPEND, 0o644)
                break
            except FileExistsError:
                continue
        self._path, self._size = path, 0
        self.files.append(str(path))
        self._append(self._warcinfo())

    def _append(self, data: bytes) -> int:
        """Write `data` at the end of the current file; the offset where it starts."""
        offset = self._size
        view = memoryview(data)
        while view:
            written = os.write(self._fd, view)
            view = view[written:]
        self._size += len(data)
        return offset

    def write(self, exchange: Exchange) -> Archived:
        data, relative, record_id = serialise(exchange)
        with self._lock:
            if self._fd is None or self._size >= self.max_bytes:
                self._close_file()
                self._open()
            start = self._append(data)
            return Archived(str(self._path), start + relative, record_id, _date(exchange), data, relative)

    def _close_file(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None

    def close(self) -> None:
        with self._lock:
            self._close_file()

    def __enter__(self) -> WarcArchive:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
