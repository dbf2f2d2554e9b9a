"""The crawl loop: claim ready hosts' URLs from the frontier, fetch them concurrently (one
request at a time per host, many hosts at once), archive every exchange, record what
happened, and leave pages for the Processor.

asyncio runs the fetches. The frontier's database work runs on one dedicated thread in
short transactions, so the event loop never waits on the database; cleaning, extraction
and storage run in the Processor's thread or worker processes. Each claim ends in one
transaction that records the URL's outcome, queues what it led to and sets when its host
may be asked again, so a crawler killed at any point leaves a frontier to resume from.
"""

from __future__ import annotations

import asyncio
import os
import socket
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta
from functools import partial
from typing import Any

from sqlalchemy import Connection, select

from db import frontier, sqlite
from db.engine import Database
from db.frontier import Claim, HostState, LogEntry
from db.models import CrawlEvent, CrawlKind, CrawlState
from pipeline.crawl import robots as robots_txt
from pipeline.crawl.config import CrawlPlan, Recrawl
from pipeline.crawl.errors import RefusedAddress
from pipeline.crawl.fetcher import Fetcher
from pipeline.crawl.lock import sqlite_crawler_lock
from pipeline.crawl.outcomes import Completion, Outcomes
from pipeline.crawl.progress import CrawlStats, CrawlSummary
from pipeline.crawl.robots import Robots
from pipeline.crawl.urls import canonical, host_key
from pipeline.crawl.warcfiles import WarcArchive
from pipeline.errors import FetchError
from pipeline.settings import Settings
from pipeline.sources.provenance import utc_now

POLL_S = 0.5  # longest sleep before looking at the frontier again
_MIN_SLEEP_S = 0.02
_COUNTS_EVERY_S = 1.0
_REDIRECTS = (301, 302, 303, 307, 308)


class Crawler:
    """One crawler process's run over the shared frontier; `run()` once."""

    def __init__(self, plan: CrawlPlan, settings: Settings, database: Database, *, extractor: Any = None,
                 on_progress: Callable[[CrawlStats], None] | None = None) -> None:
        self.plan = plan
        self.settings = settings
        self.database = database
        self.extractor = extractor
        self.on_progress = on_progress
        self.crawler = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self.stats = CrawlStats()
        self.outcomes = Outcomes(settings, plan)
        # A claim covers one request, robots.txt with its redirects included, plus the bookkeeping.
        self.lease = timedelta(seconds=(robots_txt.MAX_REDIRECTS + 1) * settings.fetch_timeout + 60)
        self._robots: dict[str, tuple[datetime | None, Robots]] = {}
        self._db_thread = ThreadPoolExecutor(1, thread_name_prefix="newsfacts-frontier")
        self._connection: Connection | None = None
        self._counted_at = 0.0
        self._processor: Any = None

    # -- the database thread ----------------------------------------------------------

    def _transaction(self, work: Callable[..., Any], *args: Any) -> Any:
        if self._connection is None:
            self._connection = self.database.engine.connect().execution_options(**sqlite.WRITE)
        with self._connection.begin():
            return work(self._connection, *args)

    async def _db(self, work: Callable[..., Any], *args: Any) -> Any:
        return await asyncio.get_running_loop().run_in_executor(self._db_thread, partial(self._transaction, work, *args))

    def _start(self, connection: Connection) -> None:
        now = utc_now()
        if connection.dialect.name == "sqlite":  # one crawler per SQLite frontier: every lease is a dead one's
            frontier.release_all(connection, now)
        frontier.add_urls(connection, self.outcomes.seeds(), now)
        hosts = {host_key(s) for s in self.plan.seeds}
        if self.plan.recrawl is Recrawl.FEEDS:
            frontier.requeue(connection, now, hosts, (CrawlKind.FEED, CrawlKind.SITEMAP), self.plan.seeds)
        elif self.plan.recrawl is Recrawl.ALL:
            frontier.requeue(connection, now, hosts)

    def _commit(self, connection: Connection, claim: Claim, done: Completion) -> Completion:
        now = utc_now()
        sha = done.url_values.get("raw_sha256")
        if done.state is CrawlState.FETCHED and sha and (original := frontier.same_bytes(connection, sha, claim.id)):
            done = Outcomes.same_bytes(done, original)
        frontier.update_url(connection, claim.id, now, **done.url_values)
        frontier.add_urls(connection, done.new_urls, now)
        frontier.release_host(connection, claim.host.host, now, **done.host_values)
        frontier.write_log(connection, self.crawler, done.log, now)
        return done

    def _summary(self, connection: Connection, files: list[str]) -> CrawlSummary:
        counts = frontier.counts(connection)
        hosts = frontier.host_reports(connection, self.crawler)
        urls = frontier.URLS
        failed = connection.execute(select(urls.c.url).where(urls.c.url.in_(self.plan.seeds),
                                                             urls.c.state == CrawlState.FAILED)).scalars().all()
        return CrawlSummary(self.stats, counts, hosts, files, list(failed))

    # -- one claim ----------------------------------------------------------------------

    def _rules_for(self, host: HostState) -> Robots | None:
        """The host's robots.txt rules, or None when they must be fetched (first time, expired)."""
        fetched = host.robots_fetched_at
        if fetched is None or (utc_now() - fetched).total_seconds() > self.settings.robots_ttl:
            return None
        cached = self._robots.get(host.host)
        if cached is None or cached[0] != fetched:
            cached = (fetched, Robots(host.robots_status, host.robots_txt))
            self._robots[host.host] = cached
        return cached[1]

    async def _get(self, fetcher: Fetcher, archive: WarcArchive, url: str, log: list[LogEntry], host: str,
                   **kwargs: Any):
        """One request, archived and logged: (exchange, archived)."""
        self.stats.requests += 1
        exchange = await fetcher.get(url, **kwargs)
        archived = await asyncio.to_thread(archive.write, exchange)
        log.append(LogEntry(host, url, CrawlEvent.FETCH, exchange.status,
                            f"truncated ({exchange.truncated})" if exchange.truncated else None, exchange.elapsed))
        return exchange, archived

    async def _fetch_robots(self, claim: Claim, fetcher: Fetcher, archive: WarcArchive) -> Completion:
        url, log = f"{claim.host.host}/robots.txt", []
        status, body, error = None, b"", None
        for _hop in range(robots_txt.MAX_REDIRECTS + 1):
            try:
                exchange, archived = await self._get(fetcher, archive, url, log, claim.host.host, any_type=True)
            except RefusedAddress as exc:
                return self.outcomes.no_response(claim, exc, utc_now())
            except FetchError as exc:
                self.stats.errors += 1
                error = exc.reason
                log.append(LogEntry(claim.host.host, url, CrawlEvent.ERROR, None, exc.reason))
                break
            status = exchange.status
            target = canonical(exchange.header("location") or "", url) if status in _REDIRECTS else None
            if target is None:
                if 200 <= status < 300:
                    body = archived.payload(robots_txt.MAX_BYTES)[:robots_txt.MAX_BYTES]
                break
            url = target
        else:
            status, error = None, f"more than {robots_txt.MAX_REDIRECTS} redirects"
        done = self.outcomes.robots(claim, status, body, error, utc_now())
        done.log = log + done.log
        return done

    async def _fetch(self, claim: Claim, fetcher: Fetcher, archive: WarcArchive) -> Completion:
        headers = {}
        if claim.etag:
            headers["If-None-Match"] = claim.etag
        if claim.last_modified:
            headers["If-Modified-Since"] = claim.last_modified
        log: list[LogEntry] = []
        try:
            exchange, archived = await self._get(fetcher, archive, claim.url, log, claim.host.host, headers=headers)
        except FetchError as exc:
            self.stats.errors += 1
            return self.outcomes.no_response(claim, exc, utc_now())
        return self.outcomes.response(claim, exchange, archived, utc_now())

    async def _handle(self, claim: Claim, fetcher: Fetcher, archive: WarcArchive) -> None:
        rules = self._rules_for(claim.host)
        fetching = rules is not None and rules.allows(claim.url, self.settings.crawl_user_agent)
        if rules is None:
            done = await self._fetch_robots(claim, fetcher, archive)
        elif not fetching:
            done = self.outcomes.disallowed(claim, rules)
        else:
            done = await self._fetch(claim, fetcher, archive)
        done = await self._db(self._commit, claim, done)
        self._count(done, fetching)
        if done.state is CrawlState.FETCHED and self._processor is not None:
            self._processor.notify()

    def _count(self, done: Completion, fetched: bool) -> None:
        s = self.stats
        s.fetched += fetched
        s.retries += sum(e.event is CrawlEvent.RETRY for e in done.log)
        if done.state is CrawlState.DUPLICATE:
            s.duplicates += 1
        elif done.state is CrawlState.SKIPPED:
            s.skipped += 1
        elif done.state is CrawlState.FAILED:
            s.failed += 1

    # -- the loop -----------------------------------------------------------------------

    async def _progress(self, wake: frontier.Wake) -> None:
        self.stats.waiting_hosts, self.stats.longest_wait = wake.waiting_hosts, wake.longest_wait
        loop = asyncio.get_running_loop()
        if loop.time() - self._counted_at >= _COUNTS_EVERY_S:
            self._counted_at = loop.time()
            self.stats.queued = (await self._db(frontier.counts)).get(str(CrawlState.QUEUED), 0)
        if self.on_progress is not None:
            self.on_progress(self.stats)

    def _room(self, in_flight: int) -> int:
        room = self.settings.crawl_concurrency - in_flight
        if self.settings.crawl_max_pages:
            room = min(room, self.settings.crawl_max_pages - self.stats.fetched - in_flight)
        return room

    async def _loop(self, fetcher: Fetcher, archive: WarcArchive) -> None:
        in_flight: set[asyncio.Task] = set()
        try:
            while True:
                if self._processor is not None and self._processor.error is not None:
                    raise self._processor.error
                room = self._room(len(in_flight))
                claims = await self._db(frontier.claim, self.crawler, utc_now(), room, self.lease) if room > 0 else []
                in_flight |= {asyncio.create_task(self._handle(c, fetcher, archive)) for c in claims}
                wake = await self._db(frontier.next_wake, self.crawler, utc_now())
                await self._progress(wake)
                if not in_flight and (wake.at is None or self._room(0) <= 0):
                    return
                timeout = POLL_S if wake.at is None else (wake.at - utc_now()).total_seconds()
                timeout = min(POLL_S, max(_MIN_SLEEP_S, timeout))
                if not in_flight:
                    await asyncio.sleep(timeout)
                    continue
                done, _ = await asyncio.wait(in_flight, timeout=timeout, return_when=asyncio.FIRST_COMPLETED)
                for task in done:
                    in_flight.discard(task)
                    task.result()
        finally:
            for task in in_flight:
                task.cancel()
            await asyncio.gather(*in_flight, return_exceptions=True)

    async def _run(self) -> CrawlSummary:
        await self._db(self._start)
        if self.plan.extract:
            from pipeline.crawl.processing import Processor  # spaCy loads only when pages are extracted

            self._processor = Processor(self.database, self.settings, self.crawler, self.stats, self.extractor)
            self._processor.start()
        archive = WarcArchive(self.settings.warc_dir, self.settings.warc_max_bytes, self.settings.crawl_user_agent)
        finished = False
        try:
            async with Fetcher(self.settings, allow_private=self.plan.allow_private) as fetcher:
                await self._loop(fetcher, archive)
            finished = True
        finally:
            archive.close()
            await self._db(frontier.release_claims, utc_now(), self.crawler)
            if self._processor is not None:  # interrupted: stop after the batch at hand
                await asyncio.get_running_loop().run_in_executor(None, partial(self._processor.finish, finished))
        return await self._db(self._summary, archive.files)

    def run(self) -> CrawlSummary:
        try:
            with sqlite_crawler_lock(self.database.url):
                return asyncio.run(self._run())
        finally:
            self._db_thread.submit(self._close).result()
            self._db_thread.shutdown()

    def _close(self) -> None:
        if self._connection is not None:
            self._connection.close()
