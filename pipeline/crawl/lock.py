"""One crawler at a time on a SQLite frontier.

SQLite cannot hand out rows with SKIP LOCKED, so a crawler on SQLite starts by taking back
every lease (a killed predecessor's). That is only safe when no other crawler is running on
the same file: an exclusive flock on "DATABASE.crawl-lock" makes sure of it, and the kernel
drops the lock when its process dies, kill -9 included, so a resume is never blocked.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import URL

from pipeline.errors import ConfigError


@contextmanager
def sqlite_crawler_lock(url: URL) -> Iterator[None]:
    """Hold the lock for a file database at `url`; nothing for other backends or in-memory SQLite."""
    path = url.database
    if url.get_backend_name() != "sqlite" or not path or path == ":memory:" or path.startswith("file:"):
        yield
        return
    fd = os.open(f"{path}.crawl-lock", os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise ConfigError(f"database {path}: another crawler is running on it (SQLite serves one crawler "
                              "at a time; use PostgreSQL for several)") from None
        yield
    finally:
        os.close(fd)
