"""`newsfacts crawl`: discover articles, fetch them politely, archive every exchange in
WARC files, resume after a crash, and store what the pages say through the same
clean -> extract -> store path as `ingest`.

    crawl(make_plan(["https://example.org/"]), settings, open_database(url)) -> CrawlSummary

The frontier lives in the database (db/frontier.py); crawler.py runs the loop, outcomes.py
decides what each answer means, processing.py extracts and stores archived pages.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from db.engine import Database
from pipeline.crawl.config import CrawlPlan, Recrawl, check_settings, make_plan
from pipeline.crawl.progress import CrawlStats, CrawlSummary
from pipeline.settings import Settings

__all__ = ["CrawlPlan", "CrawlStats", "CrawlSummary", "Recrawl", "crawl", "make_plan"]


def crawl(plan: CrawlPlan, settings: Settings, database: Database, *, extractor: Any = None,
          on_progress: Callable[[CrawlStats], None] | None = None) -> CrawlSummary:
    """Crawl until the frontier holds nothing claimable (or settings.crawl_max_pages URLs
    were fetched), then extract what is left; `extractor` reuses a loaded pipeline."""
    from pipeline.crawl.crawler import Crawler

    check_settings(settings)
    if plan.extract and extractor is None:  # a missing model or broken rule data fails here, before any fetch
        from extractors.pipeline import model_name
        from pipeline.process import Extractor

        if settings.workers == 1:
            extractor = Extractor(settings)
        else:
            model_name(settings)  # each worker process loads its own pipeline
    return Crawler(plan, settings, database, extractor=extractor, on_progress=on_progress).run()
