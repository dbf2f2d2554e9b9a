"""A whole crawl of the fixture news site (tests/crawlsite.py) on a real loopback server,
checked from the server's own request log, the database and the WARC files: robots.txt
obeyed, delays kept, retries done, nothing fetched twice, copies stored once, every
exchange archived and readable, and the archive alone enough to extract again."""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import replace
from itertools import pairwise
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import select
from warcio.archiveiterator import ArchiveIterator

from db import open_database
from db.models import Claim, CrawlLog, CrawlUrl, Document, Fetch
from db.trace import render_trace, trace_claim
from pipeline.cli import cli
from pipeline.crawl import crawl, make_plan
from tests import crawlsite as s
from tests.servers import Reply, Server

CRAWL_DELAY = 0.2  # in the site's robots.txt
BACKOFF = 0.3
RETRY_AFTER = 1


@pytest.fixture(autouse=True)
def _direct(monkeypatch):
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(scope="module")
def crawled(tmp_path_factory, settings, extractor):
    """Crawl the site once (SQLite, extraction on) and keep everything there is to look at."""
    folder = tmp_path_factory.mktemp("crawl")
    site = s.NewsSite(crawl_delay=CRAWL_DELAY, retry_after=RETRY_AFTER, slow=4.0)
    config = replace(settings, db_url=f"sqlite:///{folder / 'crawl.db'}", crawl_delay=0.0, crawl_retries=1,
                     crawl_backoff=BACKOFF, fetch_timeout=1.0, max_bytes=200_000, warc_dir=str(folder / "warc"),
                     warc_max_bytes=20_000)
    with Server(site.routes()) as server, open_database(config.db_url) as database:
        seen = []
        summary = crawl(make_plan([server.url("/")], allow_private=True), config, database, extractor=extractor,
                        on_progress=lambda stats: seen.append(stats.fetched))
        with database.session() as session:
            urls = {u.url.removeprefix(server.url("")): u for u in session.scalars(select(CrawlUrl))}
            yield {"server": server, "summary": summary, "urls": urls, "database": database, "settings": config,
                   "requests": list(server.requests), "progress": seen, "session": session}


def paths(crawled) -> list[str]:
    return [r.path for r in crawled["requests"]]


def test_robots_txt_first_and_obeyed(crawled):
    got = paths(crawled)
    assert got[0] == "/robots.txt" and got.count("/robots.txt") == 1
    assert s.PRIVATE not in got and s.PDF_FILE not in got
    assert crawled["urls"][s.PRIVATE].reason == "disallowed by robots.txt"
    assert s.PDF_FILE not in crawled["urls"]  # a .pdf link is never even queued


def test_every_request_names_the_crawler(crawled):
    agent = crawled["settings"].crawl_user_agent
    assert {r.headers["User-Agent"] for r in crawled["requests"]} == {agent}


def test_crawl_delay_kept_between_all_requests(crawled):
    gaps = [b.at - a.at for a, b in pairwise(crawled["requests"])]
    assert min(gaps) >= CRAWL_DELAY


def test_429_waits_for_retry_after_and_holds_the_host_back(crawled):
    busy = [r.at for r in crawled["requests"] if r.path == s.BUSY.path]
    assert len(busy) == 2 and busy[1] - busy[0] >= RETRY_AFTER
    later = [r.at for r in crawled["requests"] if r.at > busy[0]]
    assert all(at - busy[0] >= RETRY_AFTER for at in later)
    assert later[1] - later[0] >= 1.5 * CRAWL_DELAY  # the host stays slowed down (x2, easing off by a quarter)
    assert crawled["urls"][s.BUSY.path].state == "done" and crawled["urls"][s.BUSY.path].document_id


def test_500_then_200_is_retried_after_backoff(crawled):
    flaky = [r.at for r in crawled["requests"] if r.path == s.FLAKY.path]
    assert len(flaky) == 2 and flaky[1] - flaky[0] >= BACKOFF
    assert crawled["urls"][s.FLAKY.path].document_id is not None


def test_timeouts_retry_then_fail(crawled):
    assert paths(crawled).count(s.SLOW) == 2
    slow = crawled["urls"][s.SLOW]
    assert (slow.state, slow.reason) == ("failed", "timed out after 1s (after 2 attempts)")


def test_nothing_fetched_twice(crawled):
    counts = Counter(paths(crawled))
    retried = {s.BUSY.path: 2, s.FLAKY.path: 2, s.SLOW: 2}
    assert {p: n for p, n in counts.items() if n > 1} == retried
    assert not any("utm_" in p for p in counts)  # tracking-parameter spellings are the same URL


def test_awkward_pages(crawled):
    urls = crawled["urls"]
    assert paths(crawled).count(s.LOOP) == 1 and urls[s.LOOP].reason.startswith("redirect loop")
    assert (urls[s.PDF_PAGE].state, urls[s.PDF_PAGE].reason) == ("skipped", "content type not crawled (application/pdf)")
    assert urls[s.HUGE].reason == "response larger than 200000 bytes"


def test_discovered_through_feed_sitemap_and_sections(crawled):
    urls, base = crawled["urls"], crawled["server"].url("")
    assert urls[s.DROUGHT.path].discovered_from == base + "/feed.xml"
    assert urls[s.RATES.path].discovered_from == base + "/sitemap-news.xml"
    assert urls["/sitemap-news.xml"].discovered_from == base + "/sitemap_index.xml"
    assert urls["/sitemap_index.xml"].discovered_from == base + "/robots.txt"
    assert {urls[p].kind for p in ("/feed.xml", "/sitemap_index.xml")} == {"feed", "sitemap"}
    assert {p: urls[p].page_kind for p in ("/", "/world/", "/business/", s.TAG)} == dict.fromkeys(
        ("/", "/world/", "/business/", s.TAG), "index")


def test_copies_are_stored_once(crawled):
    session, urls = crawled["session"], crawled["urls"]
    titles = Counter(session.scalars(select(Document.title)))
    assert titles[s.MARKETS.title] == titles[s.RARE_EARTHS.title] == 1
    assert set(titles) == {story.title for story in s.STORIES}
    wire, printed = urls[s.WIRE_COPY], urls[s.PRINT_COPY]
    original = crawled["server"].url(s.MARKETS.path)
    assert (wire.state, wire.duplicate_kind, wire.duplicate_of, wire.document_id) == ("duplicate", "near", original, None)
    assert (printed.state, printed.duplicate_kind, printed.duplicate_of) == ("duplicate", "canonical", original)
    mirror = urls[s.MIRROR]
    assert (mirror.state, mirror.duplicate_kind, mirror.duplicate_of, mirror.document_id) == (
        "duplicate", "exact", crawled["server"].url(s.RARE_EARTHS.path), None)
    assert mirror.raw_sha256 == urls[s.RARE_EARTHS.path].raw_sha256


def read_records(paths_: list[str]) -> list:
    records = []
    for path in paths_:
        with open(path, "rb") as fh:
            it = ArchiveIterator(fh)
            for record in it:
                records.append((path, record.rec_type, dict(record.rec_headers.headers), record.content_stream().read()))
    return records


def test_every_exchange_is_archived_in_rotating_readable_warcs(crawled):
    files = crawled["summary"].warc_files
    assert len(files) > 1 and all(Path(f).parent == Path(crawled["settings"].warc_dir).resolve() for f in files)
    records = read_records(files)
    requests = {h["WARC-Record-ID"] for _, kind, h, _ in records if kind == "request"}
    responses = [(h, body) for _, kind, h, body in records if kind == "response"]
    assert all(h["WARC-Concurrent-To"] in requests for h, _ in responses)
    answered = len(crawled["requests"]) - paths(crawled).count(s.SLOW)  # the slow page never answered
    assert len(responses) == len(requests) == answered
    truncated = {h["WARC-Target-URI"].removeprefix(crawled["server"].url("")): h.get("WARC-Truncated")
                 for h, _ in responses if "WARC-Truncated" in h}
    assert truncated == {s.HUGE: "length", s.PDF_PAGE: "unspecified"}


def test_fetch_rows_point_at_the_exact_bytes(crawled):
    fetches = crawled["session"].scalars(select(Fetch)).all()
    assert len(fetches) == len(s.STORIES)
    for fetch in fetches:
        assert (fetch.kind, fetch.locator) == ("warc", f"{fetch.path}@{fetch.warc_offset}")
        with open(fetch.path, "rb") as fh:
            fh.seek(fetch.warc_offset)
            record = next(iter(ArchiveIterator(fh)))
            headers = record.rec_headers
            assert record.rec_type == "response"
            assert headers.get_header("WARC-Record-ID") == fetch.warc_record_id
            assert headers.get_header("WARC-Target-URI") == fetch.url
            assert hashlib.sha256(record.content_stream().read()).hexdigest() == fetch.raw_sha256


def test_trace_shows_the_warc_record_of_a_claim(crawled):
    session = crawled["session"]
    claim_id = session.scalars(select(Claim.id).order_by(Claim.id)).first()
    text = render_trace(trace_claim(crawled["database"], claim_id))
    fetch = session.scalars(select(Fetch).where(Fetch.document_id == session.get(Claim, claim_id).document_id)).one()
    assert f"WARC file  {fetch.path}, record {fetch.warc_record_id} at offset {fetch.warc_offset}" in text


def test_per_host_log(crawled):
    log = crawled["session"].scalars(select(CrawlLog)).all()
    assert {e.host for e in log} == {crawled["server"].url("")}
    robots = [e for e in log if e.event == "robots"]
    assert len(robots) == 1 and "crawl-delay 0.2s" in robots[0].detail
    assert [e.url.removeprefix(crawled["server"].url("")) for e in log if e.event == "blocked"] == [s.PRIVATE]
    assert Counter(e.status for e in log if e.event == "retry") == {429: 1, 500: 1, None: 1}
    statuses = Counter(e.status for e in log if e.event in ("fetch", "robots") and e.status)
    assert statuses[429] == statuses[500] == statuses[302] == 1
    (host,) = crawled["summary"].hosts
    assert host.retries == 3 and host.blocked == 1 and host.statuses[200] == statuses[200]


def test_summary_and_progress(crawled):
    stats = crawled["summary"].stats
    assert stats.stored == len(s.STORIES) and stats.duplicates == 3 and stats.retries == 3
    assert stats.fetched == len(crawled["urls"]) - 1 + 3  # all but the disallowed one, plus three retries
    assert crawled["progress"] and crawled["progress"][-1] == stats.fetched
    assert crawled["summary"].frontier.get("queued", 0) == 0 and "fetched" not in crawled["summary"].frontier


def test_the_archive_alone_extracts_again(crawled, tmp_path):
    """`newsfacts ingest` of the WARC files into a new database finds every stored page, with
    the same fetch rows (same WARC file and offset, same bytes)."""
    fresh = f"sqlite:///{tmp_path / 'again.db'}"
    result = CliRunner().invoke(cli, ["ingest", *crawled["summary"].warc_files, "--db", fresh],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.stderr  # feeds, robots.txt, 429/500 answers: skipped, not failed
    with open_database(fresh) as database, database.session() as session:
        again = {(f.document_id, f.source_key, f.raw_sha256) for f in session.scalars(select(Fetch))}
    crawled_rows = {(f.document_id, f.source_key, f.raw_sha256) for f in crawled["session"].scalars(select(Fetch))}
    assert len(crawled_rows) == len(s.STORIES) and crawled_rows <= again


def conditional(body: str, etag: str):
    """A page that answers 304 to a request that already has it (ETag or Last-Modified)."""
    last_modified = "Tue, 05 Aug 2025 10:00:00 GMT"

    def route(request):
        if request.headers.get("If-None-Match") == etag or request.headers.get("If-Modified-Since") == last_modified:
            return Reply(status=304, headers=(("ETag", etag),))
        return Reply.html(body, headers=(("ETag", etag), ("Last-Modified", last_modified)))
    return route


def test_recrawl_asks_conditionally_and_a_304_costs_nothing_more(settings, extractor, tmp_path):
    stories = (s.RARE_EARTHS, s.PORT_STRIKE)
    routes = {"/robots.txt": Reply.typed("User-agent: *\nAllow: /\n", "text/plain"),
              "/": conditional(s.index_html("Home", stories), '"home"')}
    routes |= {story.path: conditional(s.article_html(story), f'"{i}"') for i, story in enumerate(stories)}
    config = replace(settings, db_url=f"sqlite:///{tmp_path / 'c.db'}", crawl_delay=0.0, warc_dir=str(tmp_path / "w"))
    with Server(routes) as server, open_database(config.db_url) as database:
        def once(recrawl: str):
            before = len(server.requests)
            summary = crawl(make_plan([server.url("/")], allow_private=True, recrawl=recrawl), config, database,
                            extractor=extractor)
            return summary, server.requests[before:]

        first, _ = once("none")
        assert first.stats.stored == 2
        again, asked = once("none")
        assert asked == [] and again.stats.fetched == 0  # nothing new, nothing fetched: the crawl was finished
        feeds, asked = once("feeds")
        assert [r.path for r in asked] == ["/"] and asked[0].headers["If-None-Match"] == '"home"'
        everything, asked = once("all")  # the nav links that 404 are asked again too, unconditionally
        pages = [r for r in asked if r.path in routes]
        assert sorted(r.path for r in pages) == sorted(["/", *(story.path for story in stories)])
        assert all(r.headers.get("If-None-Match") and r.headers.get("If-Modified-Since") for r in pages)
        assert everything.stats.stored == 0 and everything.hosts[0].statuses == {304: 3, 404: len(asked) - 3}
        with database.session() as session:
            assert len(session.scalars(select(Fetch)).all()) == 2
            assert {u.reason for u in session.scalars(select(CrawlUrl)) if u.status != 404} == {"not modified"}
        archived = [h["WARC-Target-URI"] for _, kind, h, _ in read_records(everything.warc_files) if kind == "response"]
        assert len(archived) == len(asked)
