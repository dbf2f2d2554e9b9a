"""robots.txt for one host (Protego), read the way RFC 9309 says.

A 2xx body is parsed; a 4xx (but 429) means no rules, so everything is allowed; a 5xx, a
429 or no answer at all means the host is unavailable: nothing is fetched from it until a
retry succeeds, and when retries are used up everything stays disallowed until the
record expires. Only the first MAX_BYTES of a body are read, as the RFC allows.
"""

from __future__ import annotations

from enum import StrEnum

from protego import Protego

MAX_BYTES = 512 * 1024
MAX_REDIRECTS = 5  # RFC 9309 asks crawlers to follow at least five


class Verdict(StrEnum):
    RULES = "rules"
    ALLOW_ALL = "allow all"
    UNAVAILABLE = "unavailable"


def verdict(status: int | None) -> Verdict:
    """What a robots.txt answer means; None is no answer (timeout, refused connection)."""
    if status is not None and 200 <= status < 300:
        return Verdict.RULES
    if status is not None and 400 <= status < 500 and status != 429:
        return Verdict.ALLOW_ALL
    return Verdict.UNAVAILABLE


class Robots:
    """The rules for one host. `text` is the robots.txt body when its status was 2xx."""

    def __init__(self, status: int | None, text: str | None) -> None:
        self.verdict = verdict(status)
        self._rules = Protego.parse(text[:MAX_BYTES]) if self.verdict is Verdict.RULES and text else None

    def allows(self, url: str, user_agent: str) -> bool:
        if self.verdict is Verdict.UNAVAILABLE:
            return False
        return self._rules is None or self._rules.can_fetch(url, user_agent)

    def delay(self, user_agent: str) -> float | None:
        """Crawl-delay for our group, or the interval its Request-rate implies."""
        if self._rules is None:
            return None
        delay = self._rules.crawl_delay(user_agent)
        if delay is not None:
            return float(delay)
        rate = self._rules.request_rate(user_agent)
        if rate is not None and rate.requests:
            return rate.seconds / rate.requests
        return None

    def sitemaps(self) -> list[str]:
        return list(self._rules.sitemaps) if self._rules is not None else []

    def describe(self, user_agent: str) -> str:
        """One line for the per-host log."""
        if self._rules is None:
            return str(self.verdict)
        delay = self.delay(user_agent)
        parts = ["rules parsed", f"crawl-delay {delay:g}s" if delay is not None else "no crawl-delay"]
        if sitemaps := self.sitemaps():
            parts.append(f"{len(sitemaps)} sitemap(s)")
        return ", ".join(parts)
