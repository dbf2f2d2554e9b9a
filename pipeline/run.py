"""Run the stages over inputs: sources -> clean -> extract, in one process or several.

Results come back in input order whatever the worker count, so output is stable. Workers
are separate processes (each loads the spaCy pipeline once); at most `2 * workers` batches
are in flight, so a large WARC is streamed rather than read into memory.
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from itertools import islice
from typing import BinaryIO

from extractors.pipeline import model_name
from pipeline.clean import clean
from pipeline.process import Extractor
from pipeline.settings import Settings
from pipeline.sources import iter_inputs
from schemas import Article, Extraction, Outcome, Problem, RawDocument

Result = Extraction | Problem


@dataclass
class Tally:
    """Counts for the closing summary: done, skipped, failed."""

    done: int = 0
    skipped: int = 0
    failed: int = 0

    def add(self, result: Result) -> None:
        if isinstance(result, Extraction):
            self.done += 1
        elif result.outcome is Outcome.SKIPPED:
            self.skipped += 1
        else:
            self.failed += 1

    def __str__(self) -> str:
        return f"done {self.done}, skipped {self.skipped}, failed {self.failed}"


def _clean(raw: RawDocument, settings: Settings) -> Article | Problem:
    try:
        return clean(raw, settings)
    except Exception as exc:  # noqa: BLE001 - one page that breaks the cleaner must not stop the batch
        return Problem(raw.origin.locator, f"cleaning error: {type(exc).__name__}: {exc}", Outcome.FAILED)


def process_batch(extractor: Extractor, batch: Sequence[RawDocument | Problem]) -> list[Result]:
    """Clean and extract one batch, keeping its order; problems pass through."""
    cleaned = [item if isinstance(item, Problem) else _clean(item, extractor.settings) for item in batch]
    extracted = iter(extractor.extract_many([a for a in cleaned if isinstance(a, Article)]))
    return [next(extracted) if isinstance(item, Article) else item for item in cleaned]


def _batches(items: Iterable[RawDocument | Problem], size: int) -> Iterator[list[RawDocument | Problem]]:
    it = iter(items)
    while batch := list(islice(it, size)):
        yield batch


_worker_extractor: Extractor | None = None


def _init_worker(settings: Settings) -> None:
    global _worker_extractor
    _worker_extractor = Extractor(settings)


def work_on_batch(batch: list[RawDocument | Problem]) -> list[Result]:
    """Extract one batch in a worker of `worker_pool` (a picklable top-level function)."""
    assert _worker_extractor is not None, "worker not initialised"
    return process_batch(_worker_extractor, batch)


def worker_pool(settings: Settings, workers: int) -> ProcessPoolExecutor:
    """Processes that each hold one Extractor. forkserver: workers never inherit the parent's
    open database connections or threads."""
    return ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("forkserver"),
                               initializer=_init_worker, initargs=(settings,))


def run(inputs: Sequence[str], settings: Settings, stdin: BinaryIO | None = None,
        extractor: Extractor | None = None) -> Iterator[Result]:
    """Yield one Extraction or Problem per input document, in input order."""
    batches = _batches(iter_inputs(inputs, settings, stdin), settings.batch_size)
    if settings.workers == 1:
        extractor = extractor or Extractor(settings)
        for batch in batches:
            yield from process_batch(extractor, batch)
        return
    model_name(settings)  # a missing model is a clear error here, not a broken worker pool
    with worker_pool(settings, settings.workers) as pool:
        pending: deque[Future[list[Result]]] = deque()
        for batch in batches:
            pending.append(pool.submit(work_on_batch, batch))
            if len(pending) >= 2 * settings.workers:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()
