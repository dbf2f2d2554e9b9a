"""Which reader a path goes to, and the walk over a directory given as input.

The kind of a file is decided by its suffix alone, so what a directory contributes is
predictable: only the suffixes below are inputs; every other file (the .json, .md and .py
files beside our fixtures, say) is left alone without a word. A walk is sorted by name at
each level and depth first, so `a.html`, `b/c.html`, `d.html` come in that order, skips
hidden entries (a leading dot), and follows links to directories once each.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from enum import StrEnum

from schemas import Problem


class InputKind(StrEnum):
    HTML = "html"
    TEXT = "text"
    WARC = "warc"
    JSONL = "jsonl"


# Longest suffix first: ".warc.gz" must win over any shorter match.
SUFFIXES: tuple[tuple[str, InputKind], ...] = (
    (".warc.gz", InputKind.WARC),
    (".warc", InputKind.WARC),
    (".jsonl", InputKind.JSONL),
    (".html", InputKind.HTML),
    (".htm", InputKind.HTML),
    (".txt", InputKind.TEXT),
)
EXPECTED = ", ".join(s for s, _ in SUFFIXES) + ", a directory, '-' (JSONL on stdin) or an http(s):// URL"


def input_kind(path: str) -> InputKind | None:
    """The kind a file name's suffix (any letter case) says it holds, or None."""
    name = os.path.basename(path).lower()
    for suffix, kind in SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            return kind
    return None


def os_reason(exc: OSError) -> str:
    """The operating system's words for an error, in lower case: "no such file or directory"."""
    text = exc.strerror or str(exc)
    return text[:1].lower() + text[1:]


def walk(directory: str) -> Iterator[tuple[str, InputKind] | Problem]:
    """Input files under `directory` (paths joined onto it as given), in sorted order.

    A directory that cannot be listed becomes a FAILED Problem and the walk goes on.
    """
    seen: set[tuple[int, int]] = set()

    def visit(folder: str) -> Iterator[tuple[str, InputKind] | Problem]:
        try:
            st = os.stat(folder)
            if (st.st_dev, st.st_ino) in seen:
                return  # a link back to a directory already walked
            seen.add((st.st_dev, st.st_ino))
            with os.scandir(folder) as it:
                entries = sorted((e for e in it if not e.name.startswith(".")), key=lambda e: e.name)
        except OSError as exc:
            yield Problem(folder, os_reason(exc))
            return
        for entry in entries:
            path = os.path.join(folder, entry.name)
            if entry.is_dir():
                yield from visit(path)
            elif (kind := input_kind(entry.name)) is not None:
                yield path, kind

    yield from visit(directory)
