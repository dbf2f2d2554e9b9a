"""Crawls of several loopback sites, checked from each server's own request log: many hosts
fetched at once but one request at a time per host with the configured delay between them,
and seeds of every kind (homepage, Atom feed, sitemap) with depth and URL-pattern limits."""

from __future__ import annotations

from collections import Counter
from contextlib import ExitStack
from dataclasses import replace
from itertools import pairwise

import pytest
from sqlalchemy import select

from db import open_database
from db.models import CrawlUrl
from pipeline.crawl import crawl, make_plan
from tests import crawlsite as s
from tests.servers import Reply, Server

DELAY = 0.3  # the configured delay (the sites' robots.txt names none)
ANSWER = 0.3  # each article's answer is held back this long
HOSTS = 3
STORIES = (s.RARE_EARTHS, s.PORT_STRIKE, s.MARKETS)
ALLOW_ALL = Reply.typed("User-agent: *\nAllow: /\n", "text/plain")


@pytest.fixture(autouse=True)
def _direct(monkeypatch):
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(name, raising=False)


def slow_site(name: str) -> dict:
    links = "".join(f'<p><a href="{story.path}">{story.title}</a></p>' for story in STORIES)
    routes = {"/robots.txt": ALLOW_ALL, "/": Reply.html(f"<html><body><h1>{name}</h1>{links}</body></html>")}
    return routes | {story.path: Reply.html(s.article_html(story, nav="", credit=f"<p>{name}</p>"), delay=ANSWER)
                     for story in STORIES}


def test_hosts_in_parallel_one_request_at_a_time_each_with_the_delay(settings, tmp_path):
    config = replace(settings, db_url=f"sqlite:///{tmp_path / 'c.db'}", crawl_delay=DELAY, crawl_concurrency=HOSTS,
                     warc_dir=str(tmp_path / "w"))
    with ExitStack() as stack, open_database(config.db_url) as database:
        servers = [stack.enter_context(Server(slow_site(f"Site {i}"))) for i in range(HOSTS)]
        crawl(make_plan([server.url("/") for server in servers], allow_private=True, extract=False), config, database)
    in_flight = []  # (host, arrival) of each article request, answered ANSWER seconds later
    for i, server in enumerate(servers):
        log = server.requests
        assert Counter(r.path for r in log) == Counter(["/robots.txt", "/", *(story.path for story in STORIES)])
        for before, after in pairwise(log):
            # the next request comes only after the previous answer was in, and the delay after it
            held = ANSWER if before.path not in ("/", "/robots.txt") else 0.0
            assert after.at - before.at >= held + DELAY, (before.path, after.path, after.at - before.at)
        in_flight += [(i, r.at) for r in log if r.path not in ("/", "/robots.txt")]
    # Hosts were asked at once: every host had an article request in flight together with
    # another host's (one request at a time overall would never overlap two).
    overlapping = {i for i, at in in_flight for j, other in in_flight if i != j and abs(at - other) < ANSWER}
    assert overlapping == set(range(HOSTS))


def test_feed_and_sitemap_seeds_depth_and_patterns(settings, tmp_path):
    """Seeds: the homepage, an Atom feed and a sitemap under a name that does not say so.
    Feed and sitemap entries count no hop, links one each: with --max-depth 1 the article the
    section page links (two hops) is not fetched; --exclude keeps the opinion column out."""
    column = "/opinion/2025/08/07/a-column-on-rates.html"
    atom = ('<feed xmlns="http://www.w3.org/2005/Atom"><title>Courier</title><id>urn:courier</id>'
            f'<entry><title>t</title><id>urn:1</id><link rel="alternate" href="{s.RARE_EARTHS.path}"/></entry></feed>')
    routes = {
        "/robots.txt": ALLOW_ALL,
        "/": Reply.html(f'<html><body><a href="/world/">World</a> <a href="{column}">Column</a></body></html>'),
        "/world/": Reply.html(s.index_html("World", (s.DROUGHT,))),
        "/feed.atom": Reply.typed(atom, "application/atom+xml"),
        s.RARE_EARTHS.path: Reply.html(s.article_html(s.RARE_EARTHS, nav="", furniture=(
            f'<aside><a href="{s.MARKETS.path}">Markets</a></aside>'))),
        s.MARKETS.path: Reply.html(s.article_html(s.MARKETS, nav="")),
        s.PORT_STRIKE.path: Reply.html(s.article_html(s.PORT_STRIKE, nav="")),
        s.DROUGHT.path: Reply.html(s.article_html(s.DROUGHT, nav="")),
        column: Reply.html(s.article_html(s.RATES, nav="")),
    }
    config = replace(settings, db_url=f"sqlite:///{tmp_path / 'c.db'}", crawl_delay=0.0, crawl_max_depth=1,
                     warc_dir=str(tmp_path / "w"))
    with Server(routes) as server, open_database(config.db_url) as database:
        server.routes["/latest.xml"] = Reply.typed(  # a sitemap names absolute URLs, so it needs the port
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            f"<url><loc>{server.url(s.PORT_STRIKE.path)}</loc></url></urlset>", "application/xml")
        seeds = [server.url("/"), server.url("/feed.atom"), server.url("/latest.xml")]
        crawl(make_plan(seeds, exclude=[r"/opinion/"], allow_private=True, extract=False), config, database)
        asked = Counter(r.path for r in server.requests)
        with database.session() as session:
            urls = {u.url.removeprefix(server.url("")): u for u in session.scalars(select(CrawlUrl))}
    assert asked == Counter(["/robots.txt", "/", "/feed.atom", "/latest.xml", "/world/", s.RARE_EARTHS.path,
                             s.MARKETS.path, s.PORT_STRIKE.path])
    assert (urls["/feed.atom"].kind, urls["/latest.xml"].kind) == ("feed", "sitemap")
    assert urls[s.RARE_EARTHS.path].discovered_from == server.url("/feed.atom")
    assert urls[s.PORT_STRIKE.path].discovered_from == server.url("/latest.xml")
    assert urls[s.MARKETS.path].depth == 1 and urls["/world/"].depth == 1
    assert s.DROUGHT.path not in urls and column not in urls  # beyond the depth limit, excluded
