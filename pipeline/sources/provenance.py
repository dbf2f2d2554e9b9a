"""Fetch times as every Origin records them."""

from __future__ import annotations

from datetime import UTC, datetime


def utc_now() -> datetime:
    """Aware UTC time, so stored fetch times never depend on the machine's zone."""
    return datetime.now(UTC)
