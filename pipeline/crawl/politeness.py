"""How long to wait: between two requests to a host, before a retry, after a Retry-After.

A host's delay is the larger of the configured delay and its robots.txt Crawl-delay, times
its slowdown: a 429 or 503 doubles the slowdown (up to MAX_SLOWDOWN) and each success takes
a quarter of the excess off again, until it is back at 1. A host that pushed back is slowed
even when neither delay is set (--delay 0): its delay is then SLOWED_DELAY times the
slowdown, so zero times a slowdown does not undo it. Retries back off exponentially with up to 50% jitter,
so the first retry waits at least `base` seconds and crawlers that failed together do not
come back together.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

MAX_SLOWDOWN = 16.0
SLOWED_DELAY = 1.0  # seconds: the base delay of a slowed host that has no delay of its own
_RECOVERED = 0.05  # slowdown excess below which a host counts as recovered


def host_delay(configured: float, robots_delay: float | None, slowdown: float) -> float:
    base = max(configured, robots_delay or 0.0)
    if slowdown > 1.0 and base == 0.0:
        base = SLOWED_DELAY
    return base * slowdown


def slowed(slowdown: float) -> float:
    return min(MAX_SLOWDOWN, slowdown * 2)


def recovered(slowdown: float) -> float:
    excess = (slowdown - 1.0) * 0.75
    return 1.0 + excess if excess >= _RECOVERED else 1.0


def backoff(attempt: int, base: float, cap: float, rng: random.Random | None = None) -> float:
    """The wait before retry number `attempt` (1, 2, ...): base * 2**(attempt-1), plus up to 50%."""
    wait = base * 2 ** max(0, attempt - 1)
    return min(cap, wait * (1 + 0.5 * (rng or random).random()))


def retry_after(value: str | None, now: datetime) -> float | None:
    """Seconds a Retry-After header asks for (delta-seconds or an HTTP date); None when
    absent or unreadable, 0 for a date in the past."""
    value = (value or "").strip()
    if not value:
        return None
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - now).total_seconds())
