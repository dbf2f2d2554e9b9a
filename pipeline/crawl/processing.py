"""Clean -> extract -> store for archived pages: the same path as `ingest`, off the event loop.

A background thread claims archived pages from the frontier (state `fetched`, whichever
crawler fetched them), reads each back from its WARC record with pipeline.sources.warc's
reader, so the stored fetch row is the one `ingest` of that WARC would write (kind "warc":
file, offset, record id, and the SHA-256 of the payload) and `trace` leads to the exact
bytes. process_batch cleans and extracts (in the thread, or in worker processes when
settings.workers > 1); a document whose MinHash similarity to one stored from another URL
reaches settings.near_duplicate is recorded as a near duplicate and not stored; the rest go
through the Writer. Pages come from the database, not from memory, so a page archived
before a crash is extracted after it.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import replace
from datetime import timedelta

from db import Writer, frontier, sqlite
from db.engine import Database
from db.frontier import FetchedPage
from db.models import CrawlState
from pipeline.crawl import neardup
from pipeline.crawl.progress import CrawlStats
from pipeline.errors import StoreError
from pipeline.process import Extractor
from pipeline.run import Result, process_batch, work_on_batch, worker_pool
from pipeline.settings import Settings
from pipeline.sources.provenance import utc_now
from pipeline.sources.warc import read_record
from schemas import Extraction, Outcome, Problem, RawDocument

# How long a claimed page stays this crawler's before another may take it over.
PROCESS_LEASE = timedelta(minutes=30)
_IDLE_WAIT_S = 0.5

class Processor:
    """Runs in its own thread between start() and finish(); notify() says a page is waiting."""

    def __init__(self, database: Database, settings: Settings, crawler: str, stats: CrawlStats,
                 extractor: Extractor | None = None) -> None:
        self.database = database
        self.settings = settings
        self.crawler = crawler
        self.stats = stats
        self._extractor = extractor
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._abandon = threading.Event()  # leave the rest leased: a later run takes it over
        self.error: BaseException | None = None
        self._thread = threading.Thread(target=self._main, name="newsfacts-extract", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def notify(self) -> None:
        self._wake.set()

    def finish(self, drain: bool = True) -> None:
        """Process what is left (or, with drain=False, only the batch at hand: the crawl was
        interrupted), stop, and raise what broke the thread, if anything did."""
        if not drain:
            self._abandon.set()
        self._stop.set()
        self._wake.set()
        self._thread.join()
        if self.error is not None:
            raise self.error

    def _main(self) -> None:
        try:
            self._loop()
        except BaseException as exc:  # noqa: BLE001 - handed to finish(), which raises it in the caller
            self.error = exc

    def _submitter(self, pool: ProcessPoolExecutor | None) -> Callable[[list], Future]:
        if pool is not None:
            return lambda batch: pool.submit(work_on_batch, batch)

        def inline(batch: list) -> Future:
            if self._extractor is None:
                self._extractor = Extractor(self.settings)
            future: Future = Future()
            future.set_result(process_batch(self._extractor, batch))
            return future

        return inline

    def _loop(self) -> None:
        workers = self.settings.workers
        pool = worker_pool(self.settings, workers) if workers > 1 else None
        submit = self._submitter(pool)
        pending: deque[tuple[list[FetchedPage], Future]] = deque()
        try:
            with Writer(self.database) as writer, \
                    self.database.engine.connect().execution_options(**sqlite.WRITE) as connection:
                while not self._abandon.is_set():
                    stopping = self._stop.is_set()
                    pages = self._claim(connection) if len(pending) < 2 * workers else []
                    if pages:
                        pending.append((pages, submit([self._read(p) for p in pages])))
                    elif not pending:
                        if stopping:
                            return
                        self._wake.wait(_IDLE_WAIT_S)
                        self._wake.clear()
                        continue
                    if pending and (not pages or len(pending) >= 2 * workers or pending[0][1].done()):
                        done, future = pending.popleft()
                        for page, result in zip(done, future.result(), strict=True):
                            self._record(connection, writer, page, result)
        finally:
            if pool is not None:
                pool.shutdown(cancel_futures=True)

    def _claim(self, connection) -> list[FetchedPage]:
        with connection.begin():
            return frontier.claim_fetched(connection, self.crawler, utc_now(), self.settings.batch_size,
                                          PROCESS_LEASE)

    def _read(self, page: FetchedPage) -> RawDocument | Problem:
        raw = read_record(page.warc_path, page.warc_offset, self.settings)
        if isinstance(raw, RawDocument) and page.redirects:
            raw = replace(raw, origin=replace(raw.origin, redirects=page.redirects))
        return raw

    def _set(self, connection, page: FetchedPage, state: CrawlState, **values) -> None:
        with connection.begin():
            frontier.update_url(connection, page.id, utc_now(), state=state, **values)

    def _record(self, connection, writer: Writer, page: FetchedPage, result: Result) -> None:
        if isinstance(result, Problem):
            skipped = result.outcome is Outcome.SKIPPED
            self._set(connection, page, CrawlState.SKIPPED if skipped else CrawlState.FAILED, reason=result.reason,
                      page_kind="index" if result.reason.startswith("index page") else None)
            if skipped:
                self.stats.skipped += 1
            else:
                self.stats.failed += 1
            return
        self._store(connection, writer, page, result)

    def _near_copy(self, connection, page: FetchedPage, document_id: str,
                   signature: tuple[int, ...]) -> tuple[str, float] | None:
        """(URL, similarity) of the closest document stored from another URL whose text is a
        near copy of this one (a page of the same URL that changed is a new version, not a copy)."""
        with connection.begin():
            candidates = frontier.near_candidates(connection, neardup.bands(signature))
        close = sorted(((similar, url) for doc, other, url in candidates if doc != document_id and url != page.url
                        and (similar := neardup.similarity(signature, other)) >= self.settings.near_duplicate),
                       reverse=True)
        return (close[0][1], close[0][0]) if close else None

    def _store(self, connection, writer: Writer, page: FetchedPage, extraction: Extraction) -> None:
        document_id = extraction.article.sha256
        signature = neardup.signature(extraction.article.text)
        near = self._near_copy(connection, page, document_id, signature)
        if near is not None:
            url, similar = near
            self._set(connection, page, CrawlState.DUPLICATE, duplicate_of=url, duplicate_kind="near",
                      page_kind="article", reason=f"near duplicate of {url} (MinHash similarity {similar:.2f})")
            self.stats.duplicates += 1
            return
        try:
            stored = writer.store(extraction)
        except StoreError as exc:
            self._set(connection, page, CrawlState.FAILED, reason=f"not stored: {exc.reason}")
            self.stats.failed += 1
            return
        now = utc_now()
        with connection.begin():
            frontier.add_fingerprint(connection, document_id, signature, neardup.bands(signature), page.url, now)
            other = frontier.url_of_document(connection, document_id, page.id)
            frontier.update_url(connection, page.id, now, state=CrawlState.DONE, document_id=document_id,
                                page_kind="article", reason=f"stored ({stored.status})", duplicate_of=other,
                                duplicate_kind="text" if other else None)
        self.stats.stored += 1
