"""One .html/.htm or .txt file -> RawDocument, with an Origin that says which file and when.

Files are read whole (up to settings.max_bytes, the same cap as a fetch) and decoded
strictly; text files are passed on exactly as decoded, since every later offset indexes
them. Any OS error becomes an InputError carrying the path as given and the OS's reason.
"""

from __future__ import annotations

import os
import stat
from typing import BinaryIO

from pipeline.errors import InputError
from pipeline.settings import Settings
from pipeline.sources.decode import decode_html, decode_text
from pipeline.sources.paths import InputKind, os_reason
from schemas.digest import sha256_hex
from schemas import Origin, RawDocument, RawFormat, SourceKind


def open_binary(path: str) -> BinaryIO:
    """Open `path` for reading bytes; refuse what is not a regular file (a FIFO would block)."""
    try:
        mode = os.stat(path).st_mode
        if not stat.S_ISREG(mode) and not stat.S_ISDIR(mode):
            raise InputError(path, "not a regular file")
        return open(path, "rb")  # a directory raises IsADirectoryError here
    except OSError as exc:
        raise InputError(path, os_reason(exc)) from exc


def read_bytes(path: str, limit: int) -> bytes:
    """The whole file, or InputError when it holds more than `limit` bytes."""
    with open_binary(path) as fh:
        try:
            data = fh.read(limit + 1)
        except OSError as exc:
            raise InputError(path, os_reason(exc)) from exc
    if len(data) > limit:
        raise InputError(path, f"file larger than {limit} bytes")
    return data


def read_file(path: str, kind: InputKind, settings: Settings) -> RawDocument:
    """Read an HTML or text file; `path` is kept as given in the locator. A file has no
    fetch time: its provenance is its path and the SHA-256 of its bytes."""
    data = read_bytes(path, settings.max_bytes)
    if kind is InputKind.HTML:
        content, fmt = decode_html(data, path), RawFormat.HTML
    elif kind is InputKind.TEXT:
        content, fmt = decode_text(data, path), RawFormat.TEXT
    else:
        raise ValueError(f"read_file cannot read {kind} inputs")  # a bug in the caller
    origin = Origin(kind=SourceKind.FILE, locator=path, raw_sha256=sha256_hex(data), path=os.path.abspath(path))
    return RawDocument(origin=origin, content=content, format=fmt)
