"""The two facts every Origin records about raw input: its SHA-256 and when it was read."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def utc_now() -> datetime:
    """Aware UTC time, so stored fetch times never depend on the machine's zone."""
    return datetime.now(UTC)
