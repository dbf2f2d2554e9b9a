"""`newsfacts crawl` as users run it: refusals and bad flags, the page limit and resuming,
one crawler per SQLite file, the progress line on a terminal, redirects in provenance,
and worker processes for extraction."""

from __future__ import annotations

import fcntl
import os
import sys
from collections import Counter
from dataclasses import replace

import pytest
from click.testing import CliRunner
from sqlalchemy import create_engine, select

from db import open_database
from db.models import CrawlUrl, Document, Fetch
from pipeline.cli import cli
from pipeline.crawl import crawl, make_plan
from tests import crawlsite as s
from tests.conftest import ROOT
from tests.servers import Reply, Server
from tests.terminal import stderr_on_a_terminal

STORIES = (s.RARE_EARTHS, s.PORT_STRIKE, s.MARKETS)


def routes(stories=STORIES) -> dict:
    found = {"/robots.txt": Reply.typed("User-agent: *\nAllow: /\n", "text/plain"),
             "/": Reply.html("".join(f'<a href="{story.path}">{story.title}</a>' for story in stories))}
    return found | {story.path: Reply.html(s.article_html(story, nav="")) for story in stories}


@pytest.fixture
def site():
    with Server(routes()) as server:
        yield server


def invoke(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_loopback_seed_is_refused_without_allow_private(site, tmp_path):
    result = invoke("crawl", site.url("/"), "--no-extract", "--db", f"sqlite:///{tmp_path / 'c.db'}",
                    "--warc-dir", str(tmp_path / "w"))
    assert result.exit_code == 1
    assert f"failed: {site.url('/')}" in result.stderr
    assert site.requests == []
    with create_engine(f"sqlite:///{tmp_path / 'c.db'}").connect() as connection:
        assert "refused" in connection.execute(select(CrawlUrl.reason)).scalar_one()


@pytest.mark.parametrize("args, message", [
    (["--include", "(unclosed"], "--include '(unclosed'"),
    (["--delay", "-1"], "Invalid value for '--delay'"),
])
def test_bad_flags(site, tmp_path, args, message):
    result = invoke("crawl", site.url("/"), "--db", f"sqlite:///{tmp_path / 'c.db'}", *args)
    assert result.exit_code == 2 and message in result.stderr
    assert site.requests == []


def test_page_limit_stops_and_the_next_run_goes_on(site, tmp_path):
    common = ["--db", f"sqlite:///{tmp_path / 'c.db'}", "--warc-dir", str(tmp_path / "w"), "--allow-private",
              "--no-extract", "--delay", "0"]
    first = invoke("crawl", site.url("/"), "--max-pages", "2", *common)
    assert first.exit_code == 0, first.stderr
    assert [r.path for r in site.requests] == ["/robots.txt", "/", STORIES[0].path]
    assert "crawl: 2 fetched" in first.stderr and "2 queued" in first.stderr  # nothing lost at the limit
    second = invoke("crawl", site.url("/"), *common)
    assert second.exit_code == 0, second.stderr
    assert Counter(r.path for r in site.requests) == Counter(["/robots.txt", "/", *(st.path for st in STORIES)])


def test_one_crawler_per_sqlite_file(site, tmp_path):
    db = tmp_path / "c.db"
    fd = os.open(f"{db}.crawl-lock", os.O_RDWR | os.O_CREAT)
    fcntl.flock(fd, fcntl.LOCK_EX)
    try:
        result = invoke("crawl", site.url("/"), "--db", f"sqlite:///{db}", "--allow-private", "--no-extract")
    finally:
        os.close(fd)
    assert result.exit_code == 2 and "another crawler is running" in result.stderr
    assert site.requests == []


def test_progress_line_on_a_terminal(site, tmp_path):
    cmd = [sys.executable, "-m", "pipeline", "crawl", site.url("/"), "--db", f"sqlite:///{tmp_path / 'c.db'}",
           "--warc-dir", str(tmp_path / "w"), "--allow-private", "--no-extract", "--delay", "0.3"]
    env = {k: v for k, v in os.environ.items() if "proxy" not in k.lower()}
    status, seen = stderr_on_a_terminal(cmd, columns=160, timeout=60, cwd=ROOT, env=env)
    assert status == 0
    assert b"\r" in seen and b"page" in seen and b"queued" in seen and b"host(s) waiting" in seen
    assert b"crawl: 4 fetched" in seen


def test_redirect_chain_reaches_the_fetch_row(settings, extractor, tmp_path):
    story = s.PORT_STRIKE
    found = routes((story,)) | {"/": Reply.html('<a href="/r/1">latest</a>'), "/r/1": Reply.redirect("/r/2", 301),
                                "/r/2": Reply.redirect(story.path)}
    config = replace(settings, db_url=f"sqlite:///{tmp_path / 'c.db'}", crawl_delay=0.0, warc_dir=str(tmp_path / "w"))
    with Server(found) as server, open_database(config.db_url) as database:
        crawl(make_plan([server.url("/")], allow_private=True), config, database, extractor=extractor)
        with database.session() as session:
            fetch = session.scalars(select(Fetch)).one()
            first = session.scalars(select(CrawlUrl).where(CrawlUrl.url == server.url("/r/1"))).one()
        assert fetch.url == server.url(story.path)
        assert fetch.redirects == [server.url("/r/1"), server.url("/r/2")]
        assert (first.state, first.reason) == ("redirected", f"-> {server.url('/r/2')}")


def test_worker_processes_extract_the_same(settings, tmp_path):
    config = replace(settings, db_url=f"sqlite:///{tmp_path / 'c.db'}", crawl_delay=0.0, warc_dir=str(tmp_path / "w"),
                     workers=2, batch_size=1)
    with Server(routes()) as server, open_database(config.db_url) as database:
        summary = crawl(make_plan([server.url("/")], allow_private=True), config, database)
        with database.session() as session:
            titles = set(session.scalars(select(Document.title)))
    assert summary.stats.stored == len(STORIES) and titles == {story.title for story in STORIES}
