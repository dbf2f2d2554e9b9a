"""A .warc / .warc.gz file (CC-NEWS style) -> one RawDocument per HTML response record.

Only `response` records are looked at; warcinfo, request, metadata, revisit and other
records are passed over without a word. A response that is not a 2xx or not HTML is a
SKIPPED Problem ("path@OFFSET (url): not HTML (application/pdf)"); one whose payload does
not decode, or is over settings.max_bytes, is FAILED. A file that is not a WARC, or breaks
off part-way, ends in one FAILED Problem after the records read before the damage.
The payload is read after content and transfer decoding (warcio's content_stream), and
that is what raw_sha256 hashes.
"""

from __future__ import annotations

import os
import re
import zlib
from collections.abc import Iterator
from datetime import UTC, datetime

from warcio.archiveiterator import ArchiveIterator
from warcio.bufferedreaders import ChunkedDataException
from warcio.exceptions import ArchiveLoadFailed
from warcio.recordloader import ArcWarcRecord
from warcio.statusandheaders import StatusAndHeadersParserException

from pipeline.errors import InputError
from pipeline.settings import Settings
from pipeline.sources.decode import decode_html
from pipeline.sources.files import open_binary
from pipeline.sources.http import HTML_TYPES, media_type, status_text
from pipeline.sources.paths import os_reason
from schemas.digest import sha256_hex
from schemas import Origin, Outcome, Problem, RawDocument, RawFormat, SourceKind

# What warcio (and zlib/gzip beneath it) raise on a file that is not a WARC or is damaged.
_DAMAGE = (ArchiveLoadFailed, StatusAndHeadersParserException, ChunkedDataException, EOFError, zlib.error)


def _warc_date(value: str | None, locator: str) -> datetime | None:
    if not value:
        return None
    try:
        stamp = datetime.fromisoformat(value)
    except ValueError:
        raise InputError(locator, f"invalid WARC-Date {value!r}") from None
    return stamp if stamp.tzinfo else stamp.replace(tzinfo=UTC)


def _first_sentence(exc: BaseException) -> str:
    """warcio's messages run over several lines and paragraphs (after "ERROR:"); keep the first."""
    paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n", str(exc).strip())]
    return paragraphs[0].removeprefix("ERROR: ") if paragraphs[0] else type(exc).__name__


def _http_view(record: ArcWarcRecord) -> tuple[str | None, str | None]:
    """(HTTP status code, Content-Type) of a response record; no HTTP status for, e.g., dns: records."""
    http = record.http_headers
    if http is None:
        return None, record.content_type
    return http.get_statuscode(), http.get_header("Content-Type")


def _wanted(status: str | None, content_type: str | None) -> bool:
    return bool(status and status.startswith("2") and media_type(content_type) in HTML_TYPES)


def _read_payload(record: ArcWarcRecord, limit: int) -> tuple[bytes, bool]:
    """The HTTP payload after transfer and content decoding (at most `limit` bytes), and
    whether its compressed body was cut or corrupt: warcio then stops quietly (it only
    prints the zlib error), so an unfinished decompressor is the sign."""
    stream = record.content_stream()
    payload = stream.read(limit)
    decompressor = getattr(stream, "decompressor", None)
    broken = len(payload) < limit and decompressor is not None and not getattr(decompressor, "eof", True)
    return payload, broken


def _response(
    record: ArcWarcRecord, payload: bytes, broken: bool, path: str, offset: int, settings: Settings
) -> RawDocument | Problem:
    """One response record (its payload already read) -> a document or a Problem."""
    headers = record.rec_headers
    url = (headers.get_header("WARC-Target-URI") or "").strip("<>")
    locator = f"{path}@{offset}"
    named = f"{locator} ({url})" if url else locator
    status, content_type = _http_view(record)
    media = media_type(content_type)
    if status is None or (media not in HTML_TYPES and status.startswith("2")):
        return Problem(named, f"not HTML ({media or 'no content type'})", Outcome.SKIPPED)
    if not status.isdigit():
        return Problem(named, f"invalid HTTP status line {record.http_headers.statusline!r}")
    if not status.startswith("2"):
        return Problem(named, status_text(int(status), record.http_headers.statusline[3:].strip()), Outcome.SKIPPED)
    if len(payload) > settings.max_bytes:
        return Problem(named, f"payload larger than {settings.max_bytes} bytes")
    if broken:
        return Problem(named, "damaged compressed payload (the Content-Encoding stream is cut or corrupt)")
    try:
        content = decode_html(payload, named, declared=content_type, noun="payload")
        fetched_at = _warc_date(headers.get_header("WARC-Date"), named)
    except InputError as exc:
        return Problem(exc.locator, exc.reason)
    origin = Origin(kind=SourceKind.WARC, locator=locator, raw_sha256=sha256_hex(payload), url=url or None,
                    fetched_at=fetched_at, status=int(status), content_type=content_type,
                    path=os.path.abspath(path), warc_record_id=headers.get_header("WARC-Record-ID"),
                    warc_offset=offset)
    return RawDocument(origin=origin, content=content, format=RawFormat.HTML)


def _damage(record: ArcWarcRecord) -> str | None:
    """Why a record read to its end is incomplete (a file cut short), or None when it is whole.

    warcio stops quietly at the end of the file, so a cut is seen only as a record whose
    header lacks its mandatory fields or whose block is shorter than its Content-Length.
    """
    if record.rec_type is None or record.length is None:
        return "truncated WARC record (its header is incomplete)"
    missing = getattr(record.raw_stream, "limit", 0)
    if missing:
        return f"truncated WARC record ({missing} of {record.length} bytes missing)"
    return None


def _after(done: int) -> str:
    return "not a WARC file" if done == 0 else f"damaged WARC after {done} record{'s' if done > 1 else ''}"


def _next(records: Iterator[ArcWarcRecord]) -> ArcWarcRecord | None:
    """The next record, or None at the end of the file.

    warcio's header parser can crash on a mangled header (a response without a target
    URI, say) with a plain AttributeError/TypeError/...; those are read as damage here,
    around the parsing step only, so that our own bugs elsewhere still raise.
    """
    try:
        return next(records)
    except StopIteration:
        return None
    except (AttributeError, TypeError, ValueError, IndexError, KeyError) as exc:
        raise ArchiveLoadFailed("unreadable record header") from exc


def iter_warc(path: str, settings: Settings) -> Iterator[RawDocument | Problem]:
    """Documents of one WARC file, in file order; `path` is kept as given in locators."""
    done = 0
    with open_binary(path) as fh:
        records = ArchiveIterator(fh)
        try:
            while (record := _next(records)) is not None:
                if record.format != "warc":  # warcio took the bytes for an ARC header: not ours
                    yield Problem(path, f"{_after(done)}: no WARC header at offset {records.get_record_offset()}")
                    return
                response = record.rec_type == "response"
                payload, broken = b"", False
                if response and _wanted(*_http_view(record)):
                    payload, broken = _read_payload(record, settings.max_bytes + 1)
                # warcio knows a record's offset only once it has read to the record's end.
                offset = records.get_record_offset()
                damage = _damage(record)
                if damage:
                    yield Problem(f"{path}@{offset}", damage)
                    return
                if response:
                    yield _response(record, payload, broken, path, offset, settings)
                done += 1
        except _DAMAGE as exc:
            yield Problem(path, f"{_after(done)}: {_first_sentence(exc)}")
            return
        except OSError as exc:
            yield Problem(path, os_reason(exc))
            return
    if done == 0:
        yield Problem(path, "not a WARC file: empty")


def read_record(path: str, offset: int, settings: Settings) -> RawDocument | Problem:
    """The document of the one response record at byte `offset` of a WARC file, exactly as
    iter_warc yields it there (the crawler reads back each page it archived)."""
    locator = f"{path}@{offset}"
    try:
        with open_binary(path) as fh:
            fh.seek(offset)
            record = _next(ArchiveIterator(fh))
            if record is None or record.rec_type != "response":
                return Problem(locator, "no WARC response record at this offset")
            payload, broken = b"", False
            if _wanted(*_http_view(record)):
                payload, broken = _read_payload(record, settings.max_bytes + 1)
            return _response(record, payload, broken, path, offset, settings)
    except InputError as exc:
        return Problem(exc.locator, exc.reason)
    except _DAMAGE as exc:
        return Problem(locator, f"damaged WARC record: {_first_sentence(exc)}")
    except OSError as exc:
        return Problem(locator, os_reason(exc))
