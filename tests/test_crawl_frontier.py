"""The frontier in the database (SQLite and PostgreSQL): queueing, claiming one URL per
ready host, leases, SKIP LOCKED between concurrent claimers, wake-up times, fingerprints."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select, text

from db import frontier, sqlite
from db.frontier import NewUrl
from db.models import CrawlKind, CrawlState
from pipeline.crawl import neardup

from .conftest import BACKENDS

NOW = datetime(2025, 8, 5, 12, 0, tzinfo=UTC)
LEASE = timedelta(minutes=2)


def url(path: str, host: str = "http://a.example", priority: int = 2, kind: CrawlKind = CrawlKind.PAGE) -> NewUrl:
    return NewUrl(f"{host}{path}", host, kind, 0, priority)


def run(database, work, *args):
    with database.engine.connect().execution_options(**sqlite.WRITE) as connection, connection.begin():
        return work(connection, *args)


def states(database) -> dict[str, str]:
    with database.engine.connect() as connection:
        return {r.url: r.state for r in connection.execute(select(frontier.URLS.c.url, frontier.URLS.c.state))}


@pytest.mark.parametrize("db_url", BACKENDS, indirect=True)
def test_add_claim_and_finish(database):
    added = run(database, frontier.add_urls, [url("/1"), url("/2", priority=1), url("/1"),
                                              url("/x", "http://b.example")], NOW)
    assert added == 3
    assert run(database, frontier.add_urls, [url("/1")], NOW) == 0

    claims = run(database, frontier.claim, "c1", NOW, 10, LEASE)
    assert sorted(c.url for c in claims) == ["http://a.example/2", "http://b.example/x"]  # one per host, best first
    assert run(database, frontier.claim, "c2", NOW, 10, LEASE) == []  # both hosts leased

    a = next(c for c in claims if c.host.host == "http://a.example")
    assert (a.host.robots_status, a.host.slowdown, a.attempts) == (None, 1.0, 0)

    def finish(connection):
        frontier.update_url(connection, a.id, NOW, state=CrawlState.DONE, status=200)
        frontier.release_host(connection, a.host.host, NOW, next_fetch_at=NOW + timedelta(seconds=5))
    run(database, finish)
    assert run(database, frontier.claim, "c2", NOW, 10, LEASE) == []  # host a waits out its delay
    later = run(database, frontier.claim, "c2", NOW + timedelta(seconds=5), 10, LEASE)
    assert [c.url for c in later] == ["http://a.example/1"]
    assert states(database)["http://a.example/2"] == CrawlState.DONE


@pytest.mark.parametrize("db_url", BACKENDS, indirect=True)
def test_expired_lease_makes_work_claimable_again(database):
    run(database, frontier.add_urls, [url("/1")], NOW)
    (first,) = run(database, frontier.claim, "dead", NOW, 1, LEASE)
    assert run(database, frontier.claim, "c2", NOW + LEASE - timedelta(seconds=1), 1, LEASE) == []
    (again,) = run(database, frontier.claim, "c2", NOW + LEASE, 1, LEASE)
    assert again.id == first.id


@pytest.mark.parametrize("db_url", BACKENDS, indirect=True)
def test_release_all_and_release_one_crawler(database):
    run(database, frontier.add_urls, [url("/1"), url("/2", "http://b.example"), url("/3", "http://c.example")], NOW)
    first = run(database, frontier.claim, "c1", NOW, 2, LEASE)

    def archive(connection):  # c1 fetched /1 and is extracting it
        frontier.update_url(connection, first[0].id, NOW, state=CrawlState.FETCHED)
        frontier.release_host(connection, first[0].host.host, NOW)
    run(database, archive)
    assert run(database, frontier.claim_fetched, "c1", NOW, 5, LEASE)[0].id == first[0].id
    run(database, frontier.claim, "c2", NOW, 1, LEASE)
    run(database, frontier.release_claims, NOW, "c1")
    assert Counter(states(database).values()) == {CrawlState.QUEUED: 1, CrawlState.CLAIMED: 1, CrawlState.FETCHED: 1}
    assert run(database, frontier.claim_fetched, "c3", NOW, 5, LEASE) == []  # still c1's to extract
    run(database, frontier.release_all, NOW)
    assert Counter(states(database).values()) == {CrawlState.QUEUED: 2, CrawlState.FETCHED: 1}
    assert len(run(database, frontier.claim, "c3", NOW, 3, LEASE)) == 2
    assert [p.id for p in run(database, frontier.claim_fetched, "c3", NOW, 5, LEASE)] == [first[0].id]


@pytest.mark.postgres
@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
def test_concurrent_claimers_skip_each_others_rows(database):
    """A claim in an open transaction holds its host rows; a second claimer passes over them
    at once (SKIP LOCKED) instead of waiting or taking the same host."""
    run(database, frontier.add_urls, [url("/1"), url("/2"), url("/x", "http://b.example")], NOW)
    with database.engine.connect() as one, database.engine.connect() as two:
        with one.begin():
            first = frontier.claim(one, "c1", NOW, 1, LEASE)
            with two.begin():
                two.execute(text("SET LOCAL lock_timeout = '2s'"))  # a claimer that waited would fail here
                one_hosts = {c.host.host for c in first}
                second = frontier.claim(two, "c2", NOW, 2, LEASE)
            assert len(first) == len(second) == 1
            assert one_hosts.isdisjoint(c.host.host for c in second)


@pytest.mark.parametrize("db_url", BACKENDS, indirect=True)
def test_next_wake(database):
    assert run(database, frontier.next_wake, "c1", NOW).at is None
    run(database, frontier.add_urls, [url("/1"), url("/2", "http://b.example")], NOW)
    assert run(database, frontier.next_wake, "c1", NOW).at == NOW
    claims = run(database, frontier.claim, "c1", NOW, 2, LEASE)

    def delay_both(connection):
        for c in claims:
            frontier.update_url(connection, c.id, NOW, state=CrawlState.QUEUED, not_before=NOW + timedelta(seconds=9))
            frontier.release_host(connection, c.host.host, NOW, next_fetch_at=NOW + timedelta(seconds=3))
    run(database, delay_both)
    wake = run(database, frontier.next_wake, "c1", NOW)
    assert (wake.at, wake.waiting_hosts, wake.longest_wait) == (NOW + timedelta(seconds=9), 2, 9.0)


@pytest.mark.parametrize("db_url", BACKENDS, indirect=True)
def test_live_claims_of_another_crawler_keep_the_crawl_going(database):
    run(database, frontier.add_urls, [url("/1")], NOW)
    run(database, frontier.claim, "other", NOW, 1, LEASE)
    assert run(database, frontier.next_wake, "me", NOW).at is not None
    assert run(database, frontier.next_wake, "other", NOW).at is None


@pytest.mark.parametrize("db_url", BACKENDS, indirect=True)
def test_requeue_for_recrawl_and_same_bytes(database):
    run(database, frontier.add_urls, [url("/feed", kind=CrawlKind.FEED), url("/1"), url("/2"),
                                      url("/z", "http://b.example", kind=CrawlKind.FEED)], NOW)
    ids = {}

    def finish_all(connection):
        for r in connection.execute(select(frontier.URLS.c.id, frontier.URLS.c.url)):
            ids[r.url] = r.id
            frontier.update_url(connection, r.id, NOW, state=CrawlState.DONE, raw_sha256="ab" * 32, etag='"e"')
    run(database, finish_all)
    assert run(database, frontier.same_bytes, "ab" * 32, ids["http://a.example/2"]) == "http://a.example/feed"
    assert run(database, frontier.requeue, NOW, ["http://a.example"], [CrawlKind.FEED], ["http://a.example/1"]) == 2
    assert {u for u, s in states(database).items() if s == CrawlState.QUEUED} == {"http://a.example/feed",
                                                                                  "http://a.example/1"}
    assert run(database, frontier.requeue, NOW, ["http://a.example"]) == 1
    (claim,) = run(database, frontier.claim, "c", NOW, 1, LEASE)
    assert claim.etag == '"e"'


@pytest.mark.parametrize("db_url", BACKENDS, indirect=True)
def test_fingerprints_find_near_copies(database):
    from db import store
    from tests.dbrecords import extraction

    text = "Shares rose sharply on Tuesday after inflation in the euro area slowed more than economists expected."
    document_id = store(database, extraction()).document_id  # a stored document for the fingerprint to belong to
    signature = neardup.signature(text)
    run(database, frontier.add_fingerprint, document_id, signature, neardup.bands(signature), "http://a.example/1", NOW)
    run(database, frontier.add_fingerprint, document_id, signature, neardup.bands(signature), "http://a.example/2", NOW)
    copy = neardup.signature("(Wire) " + text)
    (found,) = run(database, frontier.near_candidates, neardup.bands(copy))
    assert (found[0], found[2]) == (document_id, "http://a.example/1")
    assert neardup.similarity(copy, found[1]) >= 0.8
    other = neardup.signature("The port reopened after a strike that lasted nine days and stranded ships.")
    assert run(database, frontier.near_candidates, neardup.bands(other)) == []
