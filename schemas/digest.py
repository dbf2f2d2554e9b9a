"""SHA-256 as the project uses it: documents are keyed by the digest of their cleaned text
(UTF-8), and every origin records the digest of its raw bytes."""

from __future__ import annotations

import hashlib


def sha256_hex(data: str | bytes) -> str:
    """Hex SHA-256 of bytes, or of a str encoded as UTF-8."""
    return hashlib.sha256(data.encode("utf-8") if isinstance(data, str) else data).hexdigest()
