"""Waiting right: host delays, backoff with jitter, Retry-After, and robots.txt (RFC 9309)."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest

from pipeline.crawl import politeness
from pipeline.crawl.robots import Robots, Verdict, verdict

NOW = datetime(2025, 8, 5, 12, 0, tzinfo=UTC)
UA = "newsfacts/0.1 (+https://github.com/newsfacts/newsfacts; contact: x)"


def test_host_delay_takes_the_larger_and_the_slowdown():
    assert politeness.host_delay(1.0, None, 1.0) == 1.0
    assert politeness.host_delay(1.0, 5.0, 1.0) == 5.0
    assert politeness.host_delay(1.0, 0.5, 4.0) == 4.0
    assert politeness.host_delay(0.0, None, 1.0) == politeness.host_delay(0.0, 0.0, 1.0) == 0.0


def test_a_host_without_a_delay_is_still_slowed_after_pushing_back():
    assert politeness.host_delay(0.0, None, 2.0) == 2.0 * politeness.SLOWED_DELAY
    assert politeness.host_delay(0.0, 0.3, 2.0) == 0.6  # a delay of its own is what gets multiplied


def test_slowdown_doubles_to_a_cap_and_recovers_to_one():
    s = 1.0
    for _ in range(10):
        s = politeness.slowed(s)
    assert s == politeness.MAX_SLOWDOWN
    assert 1.0 < politeness.recovered(2.0) < 2.0
    assert politeness.recovered(1.0) == 1.0
    steps, s = 0, politeness.MAX_SLOWDOWN
    while s > 1.0:
        s, steps = politeness.recovered(s), steps + 1
    assert s == 1.0 and 10 < steps < 30  # back to full speed after a run of successes, not never


def test_backoff_doubles_with_jitter_within_bounds_and_cap():
    rng = random.Random(7)
    for attempt in (1, 2, 3, 4):
        waits = [politeness.backoff(attempt, 2.0, 1000.0, rng) for _ in range(200)]
        assert min(waits) >= 2.0 * 2 ** (attempt - 1)
        assert max(waits) <= 1.5 * 2.0 * 2 ** (attempt - 1)
        assert len(set(waits)) > 100  # jittered, not one fixed value
    assert politeness.backoff(20, 2.0, 60.0, rng) == 60.0


@pytest.mark.parametrize("value, expected", [
    ("120", 120.0), (" 3 ", 3.0), (format_datetime(NOW + timedelta(seconds=90), usegmt=True), 90.0),
    (format_datetime(NOW - timedelta(hours=1), usegmt=True), 0.0), ("soon", None), ("", None), (None, None),
])
def test_retry_after(value, expected):
    assert politeness.retry_after(value, NOW) == expected


@pytest.mark.parametrize("status, expected", [
    (200, Verdict.RULES), (404, Verdict.ALLOW_ALL), (410, Verdict.ALLOW_ALL), (401, Verdict.ALLOW_ALL),
    (429, Verdict.UNAVAILABLE), (500, Verdict.UNAVAILABLE), (503, Verdict.UNAVAILABLE), (None, Verdict.UNAVAILABLE),
])
def test_robots_status_meaning(status, expected):
    assert verdict(status) is expected


ROBOTS = """User-agent: newsfacts
Disallow: /nf-only/
Crawl-delay: 4

User-agent: *
Disallow: /private/
Crawl-delay: 1
Sitemap: https://news.example/sitemap_index.xml
"""


def test_robots_rules_for_our_group():
    robots = Robots(200, ROBOTS)
    assert not robots.allows("https://news.example/nf-only/a", UA)
    assert robots.allows("https://news.example/private/a", UA)  # our own group replaces the * group
    assert not robots.allows("https://news.example/private/a", "otherbot/1.0")
    assert robots.delay(UA) == 4.0
    assert robots.sitemaps() == ["https://news.example/sitemap_index.xml"]
    assert "crawl-delay 4s" in robots.describe(UA)


def test_request_rate_gives_a_delay():
    assert Robots(200, "User-agent: *\nRequest-rate: 1/5\n").delay(UA) == 5.0


def test_no_rules_allow_everything_and_unavailable_allows_nothing():
    assert Robots(404, None).allows("https://news.example/private/x", UA)
    assert Robots(404, None).delay(UA) is None
    assert not Robots(503, None).allows("https://news.example/", UA)
    assert not Robots(None, None).allows("https://news.example/", UA)
