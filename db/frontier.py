"""The crawl frontier in the database: queue URLs, claim work, record what happened.

Crawler processes share a frontier without fetching a URL twice or one host twice at once:
a claim takes a *host* whose politeness delay has passed and whose lease has run out,
together with its best queued URL, and leases both (`lease_until`). On PostgreSQL the host
and URL rows are taken with SELECT ... FOR UPDATE SKIP LOCKED, so concurrent claimers pass
over each other's rows instead of waiting. On SQLite the claim runs in a BEGIN IMMEDIATE
transaction, which serialises claimers, but SQLite serves one crawler process at a time:
it starts by releasing every lease (`release_all`), a killed predecessor's included. On
PostgreSQL a killed crawler's leases simply run out and its work becomes claimable again.

Every function runs inside the caller's transaction on `connection`; times are aware UTC.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, and_, case, exists, func, or_, select, update

from db.models import (CrawlEvent, CrawlFingerprint, CrawlFingerprintBand, CrawlHost, CrawlKind, CrawlLog,
                       CrawlState, CrawlUrl)
from db.rows import utc
from db.upsert import insert_ignore

URLS = CrawlUrl.__table__
HOSTS = CrawlHost.__table__
LOG = CrawlLog.__table__
PRINTS = CrawlFingerprint.__table__
BANDS = CrawlFingerprintBand.__table__
FINISHED = (CrawlState.DONE, CrawlState.DUPLICATE, CrawlState.REDIRECTED, CrawlState.SKIPPED, CrawlState.FAILED)


@dataclass(frozen=True, slots=True)
class NewUrl:
    url: str
    host: str
    kind: CrawlKind
    depth: int
    priority: int
    page_kind: str | None = None
    discovered_from: str | None = None
    redirects: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class HostState:
    host: str
    robots_status: int | None
    robots_txt: str | None
    robots_fetched_at: datetime | None
    robots_failures: int
    crawl_delay: float | None
    slowdown: float


@dataclass(frozen=True, slots=True)
class Claim:
    """A URL leased to one crawler, with its host's state."""

    id: int
    url: str
    kind: CrawlKind
    depth: int
    attempts: int
    etag: str | None
    last_modified: str | None
    redirects: tuple[str, ...]
    host: HostState


@dataclass(frozen=True, slots=True)
class FetchedPage:
    """An archived page waiting for clean -> extract -> store."""

    id: int
    url: str
    warc_path: str
    warc_offset: int
    redirects: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class LogEntry:
    host: str
    url: str
    event: CrawlEvent
    status: int | None = None
    detail: str | None = None
    elapsed: float | None = None


@dataclass(frozen=True, slots=True)
class Wake:
    """When new work can next be claimed (None: the frontier is empty) and how many hosts
    with queued URLs are waiting on their delay, the longest for how many seconds."""

    at: datetime | None
    waiting_hosts: int = 0
    longest_wait: float = 0.0


def _host_state(row: Any) -> HostState:
    return HostState(row.host, row.robots_status, row.robots_txt, utc(row.robots_fetched_at), row.robots_failures,
                     row.crawl_delay, row.slowdown)


def add_urls(connection: Connection, urls: Iterable[NewUrl], now: datetime) -> int:
    """Queue the URLs not in the frontier yet (and their hosts); how many were new."""
    rows, hosts = {}, {}
    for u in urls:
        rows.setdefault(u.url, {
            "url": u.url, "host": u.host, "kind": u.kind, "depth": u.depth, "priority": u.priority,
            "state": CrawlState.QUEUED, "page_kind": u.page_kind, "attempts": 0, "discovered_from": u.discovered_from,
            "redirects": list(u.redirects), "created_at": now, "updated_at": now,
        })
        hosts.setdefault(u.host, {"host": u.host, "robots_failures": 0, "slowdown": 1.0, "created_at": now,
                                  "updated_at": now})
    if not rows:
        return 0
    insert_ignore(connection, HOSTS, list(hosts.values()), ["host"])
    return insert_ignore(connection, URLS, list(rows.values()), ["url"])


def _claimable(now: datetime):
    """Queued URLs whose retry wait is over, and URLs whose claimer's lease ran out."""
    return and_(
        or_(URLS.c.state == CrawlState.QUEUED, and_(URLS.c.state == CrawlState.CLAIMED, URLS.c.lease_until <= now)),
        or_(URLS.c.not_before.is_(None), URLS.c.not_before <= now),
    )


def claim(connection: Connection, crawler: str, now: datetime, limit: int, lease: timedelta) -> list[Claim]:
    """Lease up to `limit` URLs, each of a different ready host, to `crawler`."""
    if limit <= 0:
        return []
    ready = select(HOSTS).where(
        or_(HOSTS.c.next_fetch_at.is_(None), HOSTS.c.next_fetch_at <= now),
        or_(HOSTS.c.lease_until.is_(None), HOSTS.c.lease_until <= now),
        exists().where(URLS.c.host == HOSTS.c.host, _claimable(now)),
    ).order_by(HOSTS.c.next_fetch_at.nulls_first(), HOSTS.c.host).limit(limit).with_for_update(skip_locked=True)
    until = now + lease
    claims = []
    for host in connection.execute(ready).all():
        url = connection.execute(
            select(URLS).where(URLS.c.host == host.host, _claimable(now))
            .order_by(URLS.c.priority, URLS.c.id).limit(1).with_for_update(skip_locked=True)
        ).first()
        if url is None:
            continue
        leased = {"claimed_by": crawler, "lease_until": until, "updated_at": now}
        connection.execute(update(URLS).where(URLS.c.id == url.id).values(state=CrawlState.CLAIMED, **leased))
        connection.execute(update(HOSTS).where(HOSTS.c.host == host.host).values(**leased))
        claims.append(Claim(url.id, url.url, CrawlKind(url.kind), url.depth, url.attempts, url.etag,
                            url.last_modified, tuple(url.redirects or ()), _host_state(host)))
    return claims


def update_url(connection: Connection, url_id: int, now: datetime, **values: Any) -> None:
    """Record what became of a URL; its lease ends unless `values` sets a new one."""
    values = {"claimed_by": None, "lease_until": None, **values, "updated_at": now}
    connection.execute(update(URLS).where(URLS.c.id == url_id).values(**values))


def release_host(connection: Connection, host: str, now: datetime, **values: Any) -> None:
    """End a host's lease; `values` sets next_fetch_at, robots state, slowdown."""
    connection.execute(update(HOSTS).where(HOSTS.c.host == host)
                       .values(claimed_by=None, lease_until=None, updated_at=now, **values))


def write_log(connection: Connection, crawler: str, entries: Sequence[LogEntry], now: datetime) -> None:
    if entries:
        connection.execute(LOG.insert(), [{"at": now, "crawler": crawler, "host": e.host, "url": e.url,
                                           "event": e.event, "status": e.status, "detail": e.detail,
                                           "elapsed": e.elapsed} for e in entries])


def release_all(connection: Connection, now: datetime) -> None:
    """Give back every lease: a SQLite crawler at its start, when any lease is a dead crawler's."""
    connection.execute(update(URLS).where(URLS.c.state == CrawlState.CLAIMED)
                       .values(state=CrawlState.QUEUED, claimed_by=None, lease_until=None, updated_at=now))
    connection.execute(update(URLS).where(URLS.c.state == CrawlState.FETCHED, URLS.c.lease_until.is_not(None))
                       .values(claimed_by=None, lease_until=None, updated_at=now))
    connection.execute(update(HOSTS).where(HOSTS.c.lease_until.is_not(None))
                       .values(claimed_by=None, lease_until=None, updated_at=now))


def release_claims(connection: Connection, now: datetime, crawler: str) -> None:
    """Give back one crawler's fetch claims and host leases (when it stops, Ctrl-C included);
    pages it is extracting stay leased to it."""
    connection.execute(update(URLS).where(URLS.c.claimed_by == crawler, URLS.c.state == CrawlState.CLAIMED)
                       .values(state=CrawlState.QUEUED, claimed_by=None, lease_until=None, updated_at=now))
    connection.execute(update(HOSTS).where(HOSTS.c.claimed_by == crawler)
                       .values(claimed_by=None, lease_until=None, updated_at=now))


def claim_fetched(connection: Connection, crawler: str, now: datetime, limit: int,
                  lease: timedelta) -> list[FetchedPage]:
    """Lease archived pages that no live crawler is processing (a killed crawler's, or an
    archive-only run's) for clean -> extract -> store."""
    rows = connection.execute(
        select(URLS.c.id, URLS.c.url, URLS.c.warc_path, URLS.c.warc_offset, URLS.c.redirects)
        .where(URLS.c.state == CrawlState.FETCHED, or_(URLS.c.lease_until.is_(None), URLS.c.lease_until <= now))
        .order_by(URLS.c.id).limit(limit).with_for_update(skip_locked=True)
    ).all()
    if rows:
        connection.execute(update(URLS).where(URLS.c.id.in_([r.id for r in rows]))
                           .values(claimed_by=crawler, lease_until=now + lease, updated_at=now))
    return [FetchedPage(r.id, r.url, r.warc_path, r.warc_offset, tuple(r.redirects or ())) for r in rows]


def requeue(connection: Connection, now: datetime, hosts: Iterable[str], kinds: Iterable[CrawlKind] | None = None,
            urls: Iterable[str] = ()) -> int:
    """Queue finished URLs of `hosts` again for a re-crawl: those of `kinds` (None: every
    kind) and the `urls` named; their ETag and Last-Modified stay, so the re-fetch is
    conditional."""
    where = [URLS.c.state.in_(FINISHED), URLS.c.host.in_(list(hosts))]
    if kinds is not None:
        where.append(or_(URLS.c.kind.in_(list(kinds)), URLS.c.url.in_(list(urls))))
    result = connection.execute(update(URLS).where(*where)
                                .values(state=CrawlState.QUEUED, attempts=0, not_before=None, updated_at=now))
    return result.rowcount


def next_wake(connection: Connection, crawler: str, now: datetime) -> Wake:
    """When a claim can next succeed; None when nothing is queued and no other crawler holds
    a live claim (whose page may still add links). A leased host is busy, not waiting."""
    pending = or_(URLS.c.state == CrawlState.QUEUED,
                  and_(URLS.c.state == CrawlState.CLAIMED, URLS.c.lease_until <= now))
    rows = connection.execute(
        select(HOSTS.c.next_fetch_at, HOSTS.c.lease_until, func.min(URLS.c.not_before).label("not_before"),
               func.sum(case((URLS.c.not_before.is_(None), 1), else_=0)).label("unwaited"))
        .join(URLS, URLS.c.host == HOSTS.c.host).where(pending)
        .group_by(HOSTS.c.host, HOSTS.c.next_fetch_at, HOSTS.c.lease_until)
    ).all()
    ready_times, waits = [], []
    for row in rows:
        lease = utc(row.lease_until)
        url_ready = None if row.unwaited else utc(row.not_before)
        ready = max((t for t in (utc(row.next_fetch_at), url_ready) if t), default=now)
        if lease and lease > now:
            ready = max(ready, lease)
        elif ready > now:
            waits.append((ready - now).total_seconds())
        ready_times.append(ready)
    if not ready_times:
        others = connection.execute(select(func.count()).select_from(URLS).where(
            URLS.c.state == CrawlState.CLAIMED, URLS.c.lease_until > now, URLS.c.claimed_by != crawler)).scalar_one()
        return Wake(None) if not others else Wake(now + timedelta(seconds=0.5))
    return Wake(min(ready_times), len(waits), max(waits, default=0.0))


def counts(connection: Connection) -> dict[str, int]:
    """Frontier rows by state."""
    return {str(s): n for s, n in connection.execute(select(URLS.c.state, func.count()).group_by(URLS.c.state))}


def same_bytes(connection: Connection, raw_sha256: str, url_id: int) -> str | None:
    """The URL of an earlier page that served exactly these bytes."""
    return connection.execute(
        select(URLS.c.url).where(URLS.c.raw_sha256 == raw_sha256, URLS.c.id != url_id,
                                 URLS.c.state.in_((CrawlState.FETCHED, CrawlState.DONE)))
        .order_by(URLS.c.id).limit(1)
    ).scalar()


def url_of_document(connection: Connection, document_id: str, url_id: int) -> str | None:
    """Another crawled URL whose page produced this document."""
    return connection.execute(select(URLS.c.url).where(URLS.c.document_id == document_id, URLS.c.id != url_id)
                              .order_by(URLS.c.id).limit(1)).scalar()


def near_candidates(connection: Connection, band_keys: Sequence[int]) -> list[tuple[str, list[int], str]]:
    """(document id, MinHash signature, URL) of stored documents sharing an LSH band with `band_keys`."""
    match = or_(*(and_(BANDS.c.band == i, BANDS.c.value == key) for i, key in enumerate(band_keys)))
    rows = connection.execute(select(PRINTS.c.document_id, PRINTS.c.signature, PRINTS.c.url)
                              .where(PRINTS.c.document_id.in_(select(BANDS.c.document_id).where(match))))
    return [(r.document_id, list(r.signature), r.url) for r in rows]


def add_fingerprint(connection: Connection, document_id: str, signature: Sequence[int], band_keys: Sequence[int],
                    url: str, now: datetime) -> None:
    """Remember a stored document's signature (the first URL it was crawled from keeps it)."""
    row = {"document_id": document_id, "signature": list(signature), "url": url, "created_at": now}
    if insert_ignore(connection, PRINTS, [row], ["document_id"]):
        connection.execute(BANDS.insert(), [{"document_id": document_id, "band": i, "value": key}
                                            for i, key in enumerate(band_keys)])


@dataclass(frozen=True, slots=True)
class HostReport:
    host: str
    requests: int
    statuses: dict[int, int]
    retries: int
    blocked: int
    errors: int


def host_reports(connection: Connection, crawler: str) -> list[HostReport]:
    """What one crawler did per host, from the log: requests by status, retries, blocked, errors."""
    rows = connection.execute(select(LOG.c.host, LOG.c.event, LOG.c.status, func.count())
                              .where(LOG.c.crawler == crawler).group_by(LOG.c.host, LOG.c.event, LOG.c.status)).all()
    found: dict[str, dict[str, Any]] = {}
    for host, event, status, n in rows:
        entry = found.setdefault(host, {"statuses": {}, "retry": 0, "blocked": 0, "error": 0})
        if event in (CrawlEvent.FETCH, CrawlEvent.ROBOTS) and status is not None:
            entry["statuses"][status] = entry["statuses"].get(status, 0) + n
        elif event in ("retry", "blocked", "error"):
            entry[str(event)] += n
    return [HostReport(host, sum(e["statuses"].values()), dict(sorted(e["statuses"].items())), e["retry"],
                       e["blocked"], e["error"]) for host, e in sorted(found.items())]
