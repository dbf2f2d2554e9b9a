"""What each answer means for the frontier: retries and backoff, Retry-After, redirects and
loops, robots.txt answers, pages, index pages, feeds, sitemaps, copies. Pure decisions over
hand-made claims and archived exchanges."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from db.frontier import Claim, HostState
from db.models import CrawlEvent, CrawlKind, CrawlState
from pipeline.crawl import politeness
from pipeline.crawl.config import make_plan
from pipeline.crawl.errors import RefusedAddress, RetryableFetch
from pipeline.crawl.fetcher import Exchange
from pipeline.crawl.outcomes import Outcomes
from pipeline.crawl.warcfiles import WarcArchive
from pipeline.errors import FetchError
from tests.crawlsite import MARKETS, article_html, index_html, STORIES

NOW = datetime(2025, 8, 5, 12, 0, tzinfo=UTC)
HOST = "http://news.example"
HOST_STATE = HostState(HOST, 200, "", NOW, 0, None, 1.0)


@pytest.fixture
def crawl_settings(settings):
    return replace(settings, crawl_delay=1.0, crawl_retries=2, crawl_backoff=2.0, crawl_max_wait=600.0,
                   crawl_max_depth=2, max_redirects=3)


@pytest.fixture
def outcomes(crawl_settings):
    return Outcomes(crawl_settings, make_plan([HOST + "/"], exclude=[r"/opinion/"]))


@pytest.fixture
def answer(tmp_path):
    archive = WarcArchive(tmp_path, 10_000_000, "ua")

    def make(path: str, status: int = 200, body: str | bytes = b"", headers=(), truncated=None,
             content_type: str = "text/html; charset=utf-8"):
        data = body.encode() if isinstance(body, str) else body
        exchange = Exchange(HOST + path, path, (("Host", "news.example"),), status, "", "HTTP/1.1",
                            (("Content-Type", content_type), *headers), data, truncated, NOW, 0.05, "93.184.216.34")
        return exchange, archive.write(exchange)

    yield make
    archive.close()


def claim(path: str = "/a", *, attempts: int = 0, depth: int = 0, kind: CrawlKind = CrawlKind.PAGE,
          redirects: tuple[str, ...] = (), host: HostState = HOST_STATE) -> Claim:
    return Claim(1, HOST + path, kind, depth, attempts, None, None, redirects, host)


def respond(outcomes, answer, c: Claim, *args, **kw):
    exchange, archived = answer(c.url.removeprefix(HOST), *args, **kw)
    return outcomes.response(c, exchange, archived, NOW)


@pytest.mark.parametrize("status", [429, 503])
def test_429_and_503_wait_for_retry_after_and_slow_the_host(outcomes, answer, status):
    done = respond(outcomes, answer, claim(), status, headers=(("Retry-After", "30"),))
    assert done.state is CrawlState.QUEUED
    assert done.url_values["not_before"] >= NOW + timedelta(seconds=30) and done.url_values["attempts"] == 1
    assert done.host_values["next_fetch_at"] >= NOW + timedelta(seconds=30)
    assert done.host_values["slowdown"] == 2.0
    assert [e.event for e in done.log] == [CrawlEvent.FETCH, CrawlEvent.RETRY]


def test_a_host_that_pushed_back_is_slowed_even_without_a_delay(crawl_settings, answer):
    outcomes = Outcomes(replace(crawl_settings, crawl_delay=0.0), make_plan([HOST + "/"]))
    pushed = respond(outcomes, answer, claim(), 429, headers=(("Retry-After", "1"),))
    host = replace(HOST_STATE, slowdown=pushed.host_values["slowdown"])
    after = respond(outcomes, answer, claim(MARKETS.path, host=host), 200, article_html(MARKETS))
    assert after.host_values["slowdown"] == 1.75
    assert after.host_values["next_fetch_at"] == NOW + timedelta(seconds=1.75 * politeness.SLOWED_DELAY)


def test_503_without_retry_after_backs_off(outcomes, answer):
    done = respond(outcomes, answer, claim(attempts=1), 503)
    assert NOW + timedelta(seconds=4) <= done.url_values["not_before"] <= NOW + timedelta(seconds=6)


def test_5xx_and_lost_connections_retry_then_fail(outcomes, answer):
    first = respond(outcomes, answer, claim(), 500)
    assert first.state is CrawlState.QUEUED and first.url_values["not_before"] >= NOW + timedelta(seconds=2)
    assert first.host_values["next_fetch_at"] == NOW + timedelta(seconds=1)  # other URLs of the host go on
    last = respond(outcomes, answer, claim(attempts=2), 502)
    assert last.state is CrawlState.FAILED and last.url_values["reason"] == "HTTP 502 Bad Gateway (after 3 attempts)"
    timeout = outcomes.no_response(claim(), RetryableFetch(HOST + "/a", "timed out after 20s"), NOW)
    assert timeout.state is CrawlState.QUEUED and [e.event for e in timeout.log] == [CrawlEvent.ERROR, CrawlEvent.RETRY]


def test_refused_and_broken_urls_fail_at_once(outcomes):
    refused = outcomes.no_response(claim(), RefusedAddress(HOST + "/a", "refused: ..."), NOW)
    assert refused.state is CrawlState.FAILED and refused.log[0].event is CrawlEvent.BLOCKED
    broken = outcomes.no_response(claim(), FetchError(HOST + "/a", "invalid URL: x"), NOW)
    assert broken.state is CrawlState.FAILED and broken.log[0].event is CrawlEvent.ERROR


def test_304_costs_nothing_more_and_404_fails(outcomes, answer):
    same = respond(outcomes, answer, claim(), 304)
    assert (same.state, same.url_values["reason"], same.new_urls) == (CrawlState.DONE, "not modified", [])
    gone = respond(outcomes, answer, claim(), 404)
    assert (gone.state, gone.url_values["reason"]) == (CrawlState.FAILED, "HTTP 404 Not Found")


def test_redirect_queues_its_target_with_the_chain(outcomes, answer):
    done = respond(outcomes, answer, claim("/b", redirects=(HOST + "/a",)), 301, headers=(("Location", "/c?x=1#f"),))
    assert done.state is CrawlState.REDIRECTED
    (target,) = done.new_urls
    assert (target.url, target.redirects) == (HOST + "/c?x=1", (HOST + "/a", HOST + "/b"))


@pytest.mark.parametrize("redirects, location, state, reason", [
    ((), "/a", CrawlState.FAILED, "redirect loop: http://news.example/a -> http://news.example/a"),
    (("http://news.example/x",), "http://news.example/x", CrawlState.FAILED, "redirect loop"),
    (("/1", "/2", "/3"), "/d", CrawlState.FAILED, "too many redirects (more than 3)"),
    ((), "https://elsewhere.example/", CrawlState.SKIPPED, "out of the crawl's scope"),
    ((), "", CrawlState.FAILED, "without a usable Location"),
])
def test_bad_redirects(outcomes, answer, redirects, location, state, reason):
    done = respond(outcomes, answer, claim(redirects=redirects), 302, headers=(("Location", location),))
    assert done.state is state and reason in done.url_values["reason"] and done.new_urls == []


def test_robots_unavailable_is_asked_again_then_trusted_as_unavailable(outcomes):
    first = outcomes.robots(claim(host=replace(HOST_STATE, robots_fetched_at=None)), 503, b"", None, NOW)
    assert first.state is CrawlState.QUEUED and first.host_values["robots_failures"] == 1
    assert "robots_fetched_at" not in first.host_values and first.host_values["next_fetch_at"] >= NOW + timedelta(seconds=2)
    last = outcomes.robots(claim(host=replace(HOST_STATE, robots_failures=2)), None, b"", "timed out", NOW)
    assert last.host_values["robots_fetched_at"] == NOW and last.host_values["robots_status"] == 0
    assert "unavailable (timed out) after 3 tries" in last.log[0].detail


def test_robots_rules_and_their_sitemaps(outcomes):
    body = b"User-agent: *\nDisallow: /private/\nCrawl-delay: 5\nSitemap: /news-sitemap.xml\nSitemap: https://x.org/s.xml"
    done = outcomes.robots(claim(), 200, body, None, NOW)
    assert done.url_values == {"state": CrawlState.QUEUED}
    assert done.host_values["crawl_delay"] == 5.0 and done.host_values["next_fetch_at"] == NOW + timedelta(seconds=5)
    assert [(n.url, n.kind) for n in done.new_urls] == [(HOST + "/news-sitemap.xml", CrawlKind.SITEMAP)]
    missing = outcomes.robots(claim(), 404, b"<h1>Not found</h1>", None, NOW)
    assert (missing.host_values["robots_status"], missing.host_values["robots_txt"]) == (404, None)


def test_article_is_left_for_extraction_with_its_links(outcomes, answer):
    body = article_html(MARKETS).replace("</main>", '<a href="/2025/08/09/next-story.html">next</a>'
                                         '<a href="/opinion/a-column-on-rates">col</a>'
                                         '<a href="/files/chart.png">chart</a><a href="https://other.org/x">x</a></main>')
    done = respond(outcomes, answer, claim(MARKETS.path, depth=1), 200, body,
                   headers=(("ETag", '"v7"'), ("Last-Modified", "Tue, 05 Aug 2025 10:00:00 GMT")))
    assert done.state is CrawlState.FETCHED and done.url_values["page_kind"] == "article"
    assert done.url_values["etag"] == '"v7"' and done.url_values["raw_sha256"]
    found = {n.url: n for n in done.new_urls}
    assert HOST + "/2025/08/09/next-story.html" in found and found[HOST + "/2025/08/09/next-story.html"].depth == 2
    assert not any(u.endswith((".png", "a-column-on-rates")) or "other.org" in u for u in found)


def test_links_beyond_the_depth_limit_are_not_queued(outcomes, answer):
    done = respond(outcomes, answer, claim(MARKETS.path, depth=2), 200, article_html(MARKETS))
    assert done.state is CrawlState.FETCHED and done.new_urls == []


def test_index_page_is_not_extracted_but_followed(outcomes, answer):
    done = respond(outcomes, answer, claim("/world/"), 200, index_html("World", STORIES[:3]))
    assert done.state is CrawlState.DONE and done.url_values["page_kind"] == "index"
    assert {n.url for n in done.new_urls} >= {HOST + s.path for s in STORIES[:3]}


def test_rel_canonical_elsewhere_makes_a_duplicate_and_queues_the_original(outcomes, answer):
    done = respond(outcomes, answer, claim("/print/x"), 200, article_html(MARKETS, canonical=MARKETS.path))
    assert done.state is CrawlState.DUPLICATE and done.url_values["duplicate_kind"] == "canonical"
    assert [n.url for n in done.new_urls] == [HOST + MARKETS.path]
    copy = Outcomes.same_bytes(respond(outcomes, answer, claim(), 200, article_html(MARKETS)), HOST + "/orig")
    assert (copy.state, copy.url_values["duplicate_kind"], copy.new_urls) == (CrawlState.DUPLICATE, "exact", [])


def test_feed_and_sitemap_entries_count_no_hop(outcomes, answer):
    rss = f'<rss version="2.0"><channel><item><link>{HOST}/2025/08/09/story-one.html</link></item></channel></rss>'
    feed = respond(outcomes, answer, claim("/feed", depth=2, kind=CrawlKind.FEED), 200, rss,
                   content_type="application/rss+xml")
    assert feed.state is CrawlState.DONE and feed.url_values["kind"] is CrawlKind.FEED
    assert [(n.url, n.depth) for n in feed.new_urls] == [(HOST + "/2025/08/09/story-one.html", 2)]
    index = ('<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap><loc>/s1.xml</loc></sitemap>'
             "</sitemapindex>")
    sitemap = respond(outcomes, answer, claim("/sitemap.xml"), 200, index, content_type="text/xml")
    assert [(n.url, n.kind) for n in sitemap.new_urls] == [(HOST + "/s1.xml", CrawlKind.SITEMAP)]


@pytest.mark.parametrize("truncated, body, content_type, reason", [
    ("unspecified", b"", "application/pdf", "content type not crawled (application/pdf)"),
    ("length", b"<p>", "text/html", "response larger than"),
    ("time", b"<p>", "text/html", "not complete after"),
    (None, b"{}", "application/json", "neither a page, a feed nor a sitemap"),
])
def test_what_is_not_read(outcomes, answer, truncated, body, content_type, reason):
    done = respond(outcomes, answer, claim(), 200, body, truncated=truncated, content_type=content_type)
    assert done.state is CrawlState.SKIPPED and reason in done.url_values["reason"]
