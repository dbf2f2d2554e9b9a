"""Crawler processes for real: `newsfacts crawl` killed with SIGKILL mid-fetch and run again
(nothing fetched twice, nothing queued lost, archived pages extracted after the crash), and
two crawler processes sharing one PostgreSQL frontier without fetching any URL twice."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import create_engine, select
from warcio.archiveiterator import ArchiveIterator

from db.models import CrawlLog, CrawlUrl, Document
from tests import crawlsite as s
from tests.conftest import ROOT
from tests.servers import Reply, Server

STORIES = (s.RARE_EARTHS, s.PORT_STRIKE, s.MARKETS, s.DROUGHT, s.RATES, s.FLAKY)
HELD = s.BUSY  # its first request is never answered: the crawler is killed while waiting for it
NAV = ("/world/", "/business/", s.TAG)  # the articles' navigation links: not found on these sites


def site(stories=STORIES, held: threading.Event | None = None, crawl_delay: float = 0.0, name: str = "") -> dict:
    """A homepage linking `stories` (HELD in the middle when `held` is given) and robots.txt;
    `name` makes the pages of one site differ from another's (or they would be copies)."""
    listed = list(stories)
    routes = {"/robots.txt": Reply.typed(f"User-agent: *\nCrawl-delay: {crawl_delay}\n", "text/plain")}
    routes |= {story.path: Reply.html(s.article_html(story, credit=f"<p>{name}</p>")) for story in stories}
    if held is not None:
        listed.insert(3, HELD)
        first = threading.Lock()

        def hold(request):
            if first.acquire(blocking=False):
                held.set()
                return Reply.html(s.article_html(HELD), delay=120)  # until the server stops
            return Reply.html(s.article_html(HELD))
        routes[HELD.path] = hold
    links = "".join(f'<p><a href="{story.path}">{story.title}</a></p>' for story in listed)
    routes["/"] = Reply.html(f"<html><body><h1>Front page</h1>{links}</body></html>")
    return routes


def crawler(seeds: list[str], db_url: str, warc_dir: Path, *extra: str, env: dict | None = None) -> subprocess.Popen:
    command = [sys.executable, "-m", "pipeline", "crawl", *seeds, "--db", db_url, "--warc-dir", str(warc_dir),
               "--allow-private", "--delay", "0", *extra]
    clean_env = {k: v for k, v in os.environ.items() if "proxy" not in k.lower()} | (env or {})
    return subprocess.Popen(command, cwd=ROOT, env=clean_env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)


def finish(process: subprocess.Popen, timeout: float = 120) -> str:
    out, err = process.communicate(timeout=timeout)
    assert process.returncode == 0, err
    return err


def warc_records(folder: Path) -> int:
    count = 0
    for path in sorted(folder.glob("*.warc.gz")):
        with open(path, "rb") as fh:
            for record in ArchiveIterator(fh):
                record.content_stream().read()
                count += 1
    return count


def test_killed_crawler_resumes_without_refetching_or_losing_work(tmp_path):
    held = threading.Event()
    db_url = f"sqlite:///{tmp_path / 'crawl.db'}"
    with Server(site(held=held)) as server:
        first = crawler([server.url("/")], db_url, tmp_path / "warc", env={"NEWSFACTS_FETCH_TIMEOUT": "300"})
        try:
            assert held.wait(90), first.stderr.read() if first.poll() is not None else "no request for the held page"
        finally:
            first.send_signal(signal.SIGKILL)
            first.wait(30)
        assert first.returncode == -signal.SIGKILL
        engine = create_engine(db_url)
        with engine.connect() as connection:
            states = dict(connection.execute(select(CrawlUrl.url, CrawlUrl.state)).all())
        assert states[server.url(HELD.path)] == "claimed"  # killed mid-fetch
        assert set(states.values()) >= {"queued"}  # and with work still queued
        assert warc_records(tmp_path / "warc") > 0  # what was written is whole

        err = finish(crawler([server.url("/")], db_url, tmp_path / "warc"))
        requests = Counter(r.path for r in server.requests)
    assert requests.pop(HELD.path) == 2  # the fetch the kill cut off is the one made again
    assert set(requests.values()) == {1}
    assert set(requests) == {"/robots.txt", "/", *NAV, *(story.path for story in STORIES)}
    with engine.connect() as connection:
        titles = set(connection.execute(select(Document.title)).scalars())
        states = Counter(connection.execute(select(CrawlUrl.state)).scalars())
    assert titles == {story.title for story in (*STORIES, HELD)}, err
    assert states == {"done": len(STORIES) + 2, "failed": len(NAV)}  # every article stored, the front page an index
    warc_records(tmp_path / "warc")


@pytest.mark.postgres
@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
def test_two_crawlers_share_one_postgresql_frontier(db_url, tmp_path):
    sites = [site(crawl_delay=0.25, name=f"Site {i}") for i in range(4)]
    with Server(sites[0]) as a, Server(sites[1]) as b, Server(sites[2]) as c, Server(sites[3]) as d:
        servers = (a, b, c, d)
        seeds = [server.url("/") for server in servers]
        first = crawler(seeds, db_url, tmp_path / "warc", "--no-extract", "--concurrency", "2")
        second = crawler(seeds, db_url, tmp_path / "warc", "--no-extract", "--concurrency", "2")
        finish(first), finish(second)
        for server in servers:
            requests = Counter(r.path for r in server.requests)
            assert set(requests.values()) == {1}, requests
            assert set(requests) == {"/robots.txt", "/", *NAV, *(story.path for story in STORIES)}
    engine = create_engine(db_url)
    with engine.connect() as connection:
        crawlers = set(connection.execute(select(CrawlLog.crawler).where(CrawlLog.event == "fetch")).scalars())
        states = Counter(connection.execute(select(CrawlUrl.state)).scalars())
    engine.dispose()
    assert len(crawlers) == 2  # both took part
    assert states == {"done": 4, "failed": 4 * len(NAV), "fetched": 4 * len(STORIES)}  # pages left for extraction
