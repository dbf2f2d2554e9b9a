"""One crawl run's plan (seeds, scope, switches) and the checks on the crawl settings.

Scope: links are followed within the seeds' sites (host and port, "www." aside); include
and exclude patterns (regular expressions searched in the URL) narrow the pages found by
links, feeds and sitemaps, never the seeds themselves. A bad seed, pattern or setting is a
ConfigError, raised before anything is fetched.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from pipeline.crawl.urls import canonical, site
from pipeline.errors import ConfigError
from pipeline.settings import Settings

# Smallest allowed value of each crawl setting.
_MINIMUM = {"crawl_delay": 0.0, "crawl_concurrency": 1, "crawl_max_depth": 0, "crawl_max_pages": 0,
            "crawl_retries": 0, "crawl_backoff": 0.0, "crawl_max_wait": 0.0, "robots_ttl": 0.0,
            "warc_max_bytes": 1}
# A contact site operators can reach: a web address or an e-mail address.
_CONTACT = re.compile(r"https?://[^\s;)]+|[\w.+-]+@[\w-]+(\.[\w-]+)+")


class Recrawl(StrEnum):
    """What a run queues again besides new URLs (the re-fetch is conditional)."""

    NONE = "none"
    FEEDS = "feeds"  # feeds, sitemaps and the seeds: where new articles show up
    ALL = "all"  # every URL crawled before


@dataclass(frozen=True)
class CrawlPlan:
    seeds: tuple[str, ...]
    include: tuple[re.Pattern[str], ...] = ()
    exclude: tuple[re.Pattern[str], ...] = ()
    allow_private: bool = False  # a per-run switch only: never read from a config file or the environment
    extract: bool = True  # False: fetch and archive only; `ingest` the WARCs or crawl again to extract
    recrawl: Recrawl = Recrawl.NONE

    @property
    def sites(self) -> frozenset[str]:
        return frozenset(site(s) for s in self.seeds)

    def in_scope(self, url: str) -> bool:
        return site(url) in self.sites

    def wanted(self, url: str) -> bool:
        """Whether the include/exclude patterns let a found page in."""
        if self.include and not any(p.search(url) for p in self.include):
            return False
        return not any(p.search(url) for p in self.exclude)


def _compile(patterns: tuple[str, ...], flag: str) -> tuple[re.Pattern[str], ...]:
    try:
        return tuple(re.compile(p) for p in patterns)
    except re.error as exc:
        raise ConfigError(f"{flag} {exc.pattern!r}: not a regular expression ({exc})") from exc


def make_plan(seeds: tuple[str, ...] | list[str], *, include: tuple[str, ...] = (), exclude: tuple[str, ...] = (),
              allow_private: bool = False, extract: bool = True, recrawl: Recrawl = Recrawl.NONE) -> CrawlPlan:
    if not seeds:
        raise ConfigError("crawl: give at least one seed URL")
    found = []
    for seed in seeds:
        url = canonical(seed)
        if url is None:
            raise ConfigError(f"seed {seed!r}: not an http(s) URL")
        found.append(url)
    return CrawlPlan(tuple(dict.fromkeys(found)), _compile(tuple(include), "--include"),
                     _compile(tuple(exclude), "--exclude"), allow_private, extract, Recrawl(recrawl))


def check_settings(settings: Settings) -> Settings:
    for name, minimum in _MINIMUM.items():
        if getattr(settings, name) < minimum:
            raise ConfigError(f"setting {name}: must be at least {minimum:g}, got {getattr(settings, name):g}")
    if not 0 < settings.near_duplicate <= 1:
        raise ConfigError(f"setting near_duplicate: must lie in (0, 1], got {settings.near_duplicate:g}")
    agent = settings.crawl_user_agent
    if not agent.strip() or not _CONTACT.search(agent):
        raise ConfigError(f"setting crawl_user_agent: must name the crawler and a contact (a URL or an e-mail "
                          f"address), got {agent!r}")
    return settings
