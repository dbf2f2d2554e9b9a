"""JSONL records (a .jsonl file or stdin) -> one RawDocument per line, or a Problem per bad line.

A record is `{"id", "text" | "html", "url"?, "published"?, "title"?}`. `id` is a non-empty
string (an integer is taken as its decimal string); exactly one of `text`/`html` is a
string; `published` is an ISO date, or a datetime whose date (as written) is taken. A null
counts as absent; other keys are ignored, so richer exports can be fed as they are. Lines
are read as bytes and split on "\\n" only, so a U+2028 inside a string never splits a
record; blank lines are skipped and a bad line fails alone, naming itself "path:LINE".
No read time is recorded: a record carries its own provenance, and re-reading the same
records gives the same output.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from typing import Any

from pipeline.errors import InputError
from pipeline.sources.decode import strict_decode
from pipeline.sources.files import open_binary
from schemas.digest import sha256_hex
from schemas import Origin, Problem, RawDocument, RawFormat, SourceKind

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_JSON_TYPES = {dict: "object", list: "array", str: "string", int: "number", float: "number",
               bool: "boolean", type(None): "null"}


def _type(value: Any) -> str:
    return _JSON_TYPES.get(type(value), type(value).__name__)


def _optional_str(record: dict[str, Any], key: str, locator: str) -> str | None:
    value = record.get(key)
    if value is not None and not isinstance(value, str):
        raise InputError(locator, f'field "{key}" must be a string (got {_type(value)})')
    return value or None


def _record_id(record: dict[str, Any], locator: str) -> str:
    value = record.get("id")
    if value is None:
        raise InputError(locator, 'missing field "id"')
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if not isinstance(value, str):
        raise InputError(locator, f'field "id" must be a string or an integer (got {_type(value)})')
    if not value.strip():
        raise InputError(locator, 'field "id" is empty')
    return value


def _body(record: dict[str, Any], locator: str) -> tuple[str, RawFormat]:
    given = [(key, fmt) for key, fmt in (("text", RawFormat.TEXT), ("html", RawFormat.HTML))
             if record.get(key) is not None]
    if not given:
        raise InputError(locator, 'missing field "text" or "html"')
    if len(given) > 1:
        raise InputError(locator, 'fields "text" and "html" both given (exactly one is allowed)')
    key, fmt = given[0]
    value = _optional_str(record, key, locator)
    return value or "", fmt


def parse_published(value: str, locator: str) -> date:
    """YYYY-MM-DD, or an ISO datetime whose calendar date is kept as written."""
    try:
        if not _ISO_DATE.match(value):
            raise ValueError(value)
        if len(value) == 10:
            return date.fromisoformat(value)
        return datetime.fromisoformat(value).date()
    except ValueError:
        raise InputError(locator, f'field "published": {value!r} is not an ISO date (YYYY-MM-DD)') from None


def parse_record(line: bytes, locator: str, path: str | None) -> RawDocument:
    """One JSONL line -> RawDocument; raises InputError naming the line and the field at fault."""
    record = json_object(line, locator)
    record_id = _record_id(record, locator)
    content, fmt = _body(record, locator)
    published = _optional_str(record, "published", locator)
    origin = Origin(kind=SourceKind.JSONL, locator=locator, raw_sha256=sha256_hex(content.encode("utf-8")),
                    url=_optional_str(record, "url", locator), path=path,
                    record_id=record_id)
    return RawDocument(origin=origin, content=content, format=fmt, doc_id=record_id,
                       published=parse_published(published, locator) if published else None,
                       title=_optional_str(record, "title", locator))


def json_object(line: bytes, locator: str) -> dict[str, Any]:
    text = strict_decode(line, "utf-8", locator)
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        message = exc.msg.removesuffix(" at")  # "Invalid control character at": json's own wording
        raise InputError(locator, f"invalid JSON: {message} at column {exc.colno}") from None
    if not isinstance(value, dict):
        raise InputError(locator, f"not a JSON object (got {_type(value)})")
    if "\\u" in text and not _encodes(value):  # only a \u escape can name a lone surrogate
        raise InputError(locator, "invalid JSON string: a \\u escape names a lone UTF-16 surrogate")
    return value


def _encodes(value: Any) -> bool:
    """True when every string in `value` can be encoded as UTF-8 (a lone surrogate cannot)."""
    try:
        json.dumps(value, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def iter_lines(lines: Iterable[bytes], name: str, path: str | None) -> Iterator[RawDocument | Problem]:
    """Records of a JSONL stream; `name` starts each locator ("-" for stdin)."""
    for number, line in enumerate(lines, 1):
        if number == 1 and line.startswith(b"\xef\xbb\xbf"):
            line = line[3:]
        if not line.strip():
            continue
        try:
            yield parse_record(line.rstrip(b"\r\n"), f"{name}:{number}", path)
        except InputError as exc:
            yield Problem(exc.locator, exc.reason)


def iter_jsonl_file(path: str) -> Iterator[RawDocument | Problem]:
    """Records of a .jsonl file, read line by line (a file too big for memory is fine)."""
    with open_binary(path) as fh:
        yield from iter_lines(fh, path, os.path.abspath(path))
