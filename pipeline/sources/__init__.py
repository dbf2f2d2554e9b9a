"""Sources: each user input -> RawDocument records (or typed Problem outcomes), in input order.

An input is an http(s):// URL (one fetch), "-" (JSONL on stdin), a directory (walked,
sorted, recursive), or a file whose suffix names its kind: .html/.htm, .txt, .jsonl,
.warc/.warc.gz. A user's bad input never raises: it becomes a Problem naming the input
and the reason (FAILED when it could not be read, SKIPPED when it was read but holds no
page), and the inputs after it go on. Only a bug raises.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator, Sequence
from typing import BinaryIO

from pipeline.errors import InputError
from pipeline.settings import Settings
from pipeline.sources.files import read_file
from pipeline.sources.http import Fetcher
from pipeline.sources.jsonl import iter_jsonl_file, iter_lines
from pipeline.sources.paths import EXPECTED, InputKind, input_kind, walk
from pipeline.sources.warc import iter_warc
from schemas import Problem, RawDocument

__all__ = ["iter_inputs", "is_url"]

Item = RawDocument | Problem


def is_url(arg: str) -> bool:
    return arg[:8].lower().startswith(("http://", "https://"))


def _read(path: str, kind: InputKind, settings: Settings) -> Iterator[Item]:
    try:
        if kind is InputKind.WARC:
            yield from iter_warc(path, settings)
        elif kind is InputKind.JSONL:
            yield from iter_jsonl_file(path)
        else:
            yield read_file(path, kind, settings)
    except InputError as exc:
        yield Problem(exc.locator, exc.reason)


def _path(arg: str, settings: Settings) -> Iterator[Item]:
    kind = input_kind(arg)
    if kind is not None:
        # Named like a file, read as one: a directory called "x.html" fails with the OS reason.
        yield from _read(arg, kind, settings)
    elif os.path.isdir(arg):
        for found in walk(arg):
            if isinstance(found, Problem):
                yield found
            else:
                yield from _read(*found, settings)
    elif not os.path.lexists(arg):
        yield Problem(arg, "no such file or directory")
    else:
        yield Problem(arg, f"unsupported input type (expected {EXPECTED})")


def iter_inputs(inputs: Sequence[str], settings: Settings, stdin: BinaryIO | None = None) -> Iterator[Item]:
    """RawDocuments and Problems for `inputs`, in order; `stdin` is read for "-" (default
    sys.stdin.buffer). URLs share one connection pool, closed when the iterator ends."""
    fetcher: Fetcher | None = None
    try:
        for arg in inputs:
            if is_url(arg):
                fetcher = fetcher or Fetcher(settings)
                try:
                    yield fetcher.fetch(arg)
                except InputError as exc:
                    yield Problem(exc.locator, exc.reason)
            elif arg == "-":
                yield from iter_lines(stdin if stdin is not None else sys.stdin.buffer, "-", None)
            else:
                yield from _path(arg, settings)
    finally:
        if fetcher is not None:
            fetcher.close()
