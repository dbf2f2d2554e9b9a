"""What became of one claimed URL, as the rows to write: the URL's new state, the URLs it
led to, the host's next allowed time, and the per-host log entries.

Pure decisions over a claim and what the fetch returned; the crawler writes each
Completion in one transaction. Statuses: 2xx is read by content type (HTML page, feed,
sitemap); 304 is "not modified" and costs nothing more; a redirect queues its target (the
chain travels with it, so loops and over-long chains are caught); 429 and 503 wait for
Retry-After (or the backoff, whichever is longer) and slow the host down; other 5xx and
lost connections retry with backoff; anything else fails.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from db.frontier import Claim, LogEntry, NewUrl
from db.models import CrawlEvent, CrawlKind, CrawlState
from pipeline.crawl import politeness
from pipeline.crawl.config import CrawlPlan
from pipeline.crawl.errors import RefusedAddress, RetryableFetch
from pipeline.crawl.feeds import feed_links
from pipeline.crawl.fetcher import Exchange
from pipeline.crawl.links import read_page
from pipeline.crawl.robots import Robots, Verdict
from pipeline.crawl.rules import rules
from pipeline.crawl.sitemaps import TooLarge, gunzip, parse_sitemap
from pipeline.crawl.urls import LinkKind, canonical, classify, host_key
from pipeline.crawl.warcfiles import Archived
from pipeline.errors import FetchError, InputError
from pipeline.settings import Settings
from pipeline.sources.decode import decode_html
from pipeline.sources.http import status_text
from schemas.digest import sha256_hex


@dataclass
class Completion:
    state: CrawlState
    url_values: dict[str, Any]
    new_urls: list[NewUrl] = field(default_factory=list)
    host_values: dict[str, Any] = field(default_factory=dict)
    log: list[LogEntry] = field(default_factory=list)


def _seconds(value: float) -> timedelta:
    return timedelta(seconds=value)


class Outcomes:
    """Decides completions for one crawl run (its settings and plan)."""

    def __init__(self, settings: Settings, plan: CrawlPlan) -> None:
        self.settings = settings
        self.plan = plan
        self.ua = settings.crawl_user_agent

    # -- discovered URLs ---------------------------------------------------------------

    def page(self, url: str, depth: int, parent: str | None) -> NewUrl | None:
        """A found page worth queueing: in scope, within depth, not a file, wanted."""
        if depth > self.settings.crawl_max_depth or not self.plan.in_scope(url) or not self.plan.wanted(url):
            return None
        kind = classify(url)
        if kind is LinkKind.SKIP:
            return None
        page_kind = str(kind) if kind in (LinkKind.ARTICLE, LinkKind.INDEX) else None
        return NewUrl(url, host_key(url), CrawlKind.PAGE, depth, rules().priority[str(kind)], page_kind, parent)

    def listing(self, url: str, kind: CrawlKind, depth: int, parent: str | None) -> NewUrl | None:
        """A found feed or sitemap: only the scope applies."""
        if not self.plan.in_scope(url):
            return None
        return NewUrl(url, host_key(url), kind, depth, rules().priority[str(kind)], None, parent)

    def seeds(self) -> list[NewUrl]:
        found = []
        for url in self.plan.seeds:
            path = url.lower()
            kind = (CrawlKind.SITEMAP if "sitemap" in path else
                    CrawlKind.FEED if any(w in path for w in ("rss", "feed", "atom")) else CrawlKind.PAGE)
            found.append(NewUrl(url, host_key(url), kind, 0, rules().priority["feed" if kind is not CrawlKind.PAGE
                                                                                 else "page"]))
        return found

    # -- host timing -------------------------------------------------------------------

    def delay(self, claim: Claim, slowdown: float | None = None) -> float:
        host = claim.host
        return politeness.host_delay(self.settings.crawl_delay, host.crawl_delay,
                                     host.slowdown if slowdown is None else slowdown)

    def _after_request(self, claim: Claim, now: datetime, wait: float = 0.0, **host: Any) -> dict[str, Any]:
        delay = self.delay(claim, host.get("slowdown"))
        return {"next_fetch_at": now + _seconds(max(delay, wait)), **host}

    # -- robots.txt ----------------------------------------------------------------------

    def robots(self, claim: Claim, status: int | None, body: bytes, error: str | None, now: datetime) -> Completion:
        """robots.txt answered `status` (None: no answer, `error` says why). The claimed URL
        goes back to the queue either way; it is judged against the rules on its next claim."""
        host, url = claim.host, f"{claim.host.host}/robots.txt"
        back = {"state": CrawlState.QUEUED}
        failures = host.robots_failures + 1
        said = error or status_text(status or 0)
        text = body.decode("utf-8", "replace")
        robots = Robots(status, text)
        if robots.verdict is Verdict.UNAVAILABLE and failures <= self.settings.crawl_retries:
            wait = politeness.backoff(failures, self.settings.crawl_backoff, self.settings.crawl_max_wait)
            entry = LogEntry(host.host, url, CrawlEvent.ROBOTS, status, f"unavailable ({said}); asking again in {wait:.1f}s")
            return Completion(CrawlState.QUEUED, back, [], self._after_request(claim, now, wait, robots_failures=failures),
                              [entry])
        delay = robots.delay(self.ua)
        values = {"robots_status": status or 0, "robots_txt": text if robots.verdict is Verdict.RULES else None, "robots_fetched_at": now, "crawl_delay": delay,
                  "robots_failures": 0 if robots.verdict is not Verdict.UNAVAILABLE else failures}
        detail = robots.describe(self.ua) if robots.verdict is not Verdict.UNAVAILABLE else \
            f"unavailable ({said}) after {failures} tries: nothing is fetched from this host for now"
        found = [n for s in robots.sitemaps() if (c := canonical(s, url))
                 and (n := self.listing(c, CrawlKind.SITEMAP, 0, url))]
        host_values = {"next_fetch_at": now + _seconds(politeness.host_delay(self.settings.crawl_delay, delay,
                                                                              host.slowdown)), **values}
        return Completion(CrawlState.QUEUED, back, found, host_values,
                          [LogEntry(host.host, url, CrawlEvent.ROBOTS, status, detail)])

    def disallowed(self, claim: Claim, robots: Robots) -> Completion:
        reason = ("disallowed by robots.txt" if robots.verdict is Verdict.RULES
                  else "robots.txt unavailable: the host is not crawled for now")
        return Completion(CrawlState.SKIPPED, {"state": CrawlState.SKIPPED, "reason": reason},
                          log=[LogEntry(claim.host.host, claim.url, CrawlEvent.BLOCKED, None, reason)])

    # -- failures without a response -------------------------------------------------------

    def no_response(self, claim: Claim, error: FetchError, now: datetime) -> Completion:
        """A request that got no usable answer: retried (RetryableFetch) or failed for good."""
        refused = isinstance(error, RefusedAddress)
        entry = LogEntry(claim.host.host, claim.url, CrawlEvent.BLOCKED if refused else CrawlEvent.ERROR, None,
                         error.reason)
        if isinstance(error, RetryableFetch):
            return self._retry(claim, None, error.reason, now, [entry])
        return Completion(CrawlState.FAILED, {"state": CrawlState.FAILED, "reason": error.reason},
                          host_values=self._after_request(claim, now), log=[entry])

    def _retry(self, claim: Claim, status: int | None, reason: str, now: datetime, log: list[LogEntry],
               server_wait: float | None = None, slow: bool = False) -> Completion:
        attempts = claim.attempts + 1
        slowdown = politeness.slowed(claim.host.slowdown) if slow else claim.host.slowdown
        if attempts > self.settings.crawl_retries:
            values = {"state": CrawlState.FAILED, "status": status, "attempts": attempts,
                      "reason": f"{reason} (after {attempts} attempts)"}
            return Completion(CrawlState.FAILED, values, host_values=self._after_request(
                claim, now, server_wait or 0.0, slowdown=slowdown), log=log)
        wait = politeness.backoff(attempts, self.settings.crawl_backoff, self.settings.crawl_max_wait)
        wait = min(self.settings.crawl_max_wait, max(wait, server_wait or 0.0))
        values = {"state": CrawlState.QUEUED, "status": status, "attempts": attempts, "reason": reason,
                  "not_before": now + _seconds(wait)}
        log = [*log, LogEntry(claim.host.host, claim.url, CrawlEvent.RETRY, status,
                              f"{reason}: retry {attempts} of {self.settings.crawl_retries} in {wait:.1f}s")]
        host_wait = wait if slow else 0.0  # a 429/503 holds the whole host back
        return Completion(CrawlState.QUEUED, values,
                          host_values=self._after_request(claim, now, host_wait, slowdown=slowdown), log=log)

    # -- responses ----------------------------------------------------------------------

    def response(self, claim: Claim, exchange: Exchange, archived: Archived, now: datetime) -> Completion:
        """A response, archived in `archived`."""
        status = exchange.status
        entry = LogEntry(claim.host.host, claim.url, CrawlEvent.FETCH, status,
                         f"truncated ({exchange.truncated})" if exchange.truncated else None, exchange.elapsed)
        said = status_text(status, exchange.reason)
        archive = {"status": status, "content_type": exchange.header("content-type"), "fetched_at": now,
                   "warc_path": archived.path, "warc_offset": archived.offset, "warc_record_id": archived.record_id}
        if status in (429, 503) or 500 <= status < 600:
            wait = politeness.retry_after(exchange.header("retry-after"), now) if status in (429, 503) else None
            done = self._retry(claim, status, said, now, [entry], server_wait=wait, slow=status in (429, 503))
            done.url_values.update(archive)
            return done
        host = self._after_request(claim, now, slowdown=politeness.recovered(claim.host.slowdown))
        if status == 304:
            return Completion(CrawlState.DONE, {"state": CrawlState.DONE, **archive, "reason": "not modified",
                                                "status": status}, host_values=host, log=[entry])
        if status in (301, 302, 303, 307, 308):
            done = self._redirect(claim, exchange)
            done.url_values.update(archive)
            done.host_values, done.log = host, [entry]
            return done
        if not 200 <= status < 300:
            return Completion(CrawlState.FAILED, {"state": CrawlState.FAILED, **archive, "reason": said},
                              host_values=host, log=[entry])
        done = self._success(claim, exchange, archived)
        done.url_values = {**archive, "etag": exchange.header("etag"),
                           "last_modified": exchange.header("last-modified"), **done.url_values}
        done.host_values, done.log = host, [entry]
        return done

    def _redirect(self, claim: Claim, exchange: Exchange) -> Completion:
        location = exchange.header("location")
        target = canonical(location, claim.url) if location else None
        chain = (*claim.redirects, claim.url)
        if target is None:
            return self._end(CrawlState.FAILED, "redirect without a usable Location")
        if target in chain:
            return self._end(CrawlState.FAILED, "redirect loop: " + " -> ".join((*chain, target)))
        if len(chain) > self.settings.max_redirects:
            return self._end(CrawlState.FAILED, f"too many redirects (more than {self.settings.max_redirects})")
        if not self.plan.in_scope(target):
            return self._end(CrawlState.SKIPPED, f"redirects out of the crawl's scope, to {target}")
        follow = NewUrl(target, host_key(target), claim.kind, claim.depth,
                        rules().priority[str(claim.kind) if claim.kind is not CrawlKind.PAGE else "page"],
                        None, claim.url, chain)
        return Completion(CrawlState.REDIRECTED, {"state": CrawlState.REDIRECTED, "reason": f"-> {target}"}, [follow])

    @staticmethod
    def _end(state: CrawlState, reason: str, **values: Any) -> Completion:
        return Completion(state, {"state": state, "reason": reason, **values})

    def _success(self, claim: Claim, exchange: Exchange, archived: Archived) -> Completion:
        limit = self.settings.max_bytes
        if exchange.truncated == "unspecified":
            return self._end(CrawlState.SKIPPED, f"content type not crawled ({exchange.media_type or 'none given'})")
        if exchange.truncated == "length":
            return self._end(CrawlState.SKIPPED, f"response larger than {limit} bytes")
        if exchange.truncated == "time":
            return self._end(CrawlState.SKIPPED, f"response body not complete after {self.settings.fetch_timeout:g}s")
        try:
            data = archived.payload(limit)
        except (zlib.error, OSError, EOFError) as exc:
            return self._end(CrawlState.FAILED, f"cannot decode the response body: {exc}")
        if len(data) > limit:
            return self._end(CrawlState.SKIPPED, f"response larger than {limit} bytes once decoded")
        groups = rules().content_types
        media = exchange.media_type
        if media in groups["html"]:
            return self._page(claim, exchange, data)
        if media in groups["gzip"]:
            try:
                data = gunzip(data, limit)
            except (TooLarge, zlib.error) as exc:
                return self._end(CrawlState.SKIPPED, f"gzipped body: {exc}")
        return self._listing(claim, data, media)

    def _page(self, claim: Claim, exchange: Exchange, data: bytes) -> Completion:
        base = {"kind": CrawlKind.PAGE, "raw_sha256": sha256_hex(data)}
        try:
            html = decode_html(data, claim.url, declared=exchange.header("content-type"), noun="response")
        except InputError as exc:
            return self._end(CrawlState.FAILED, exc.reason, **base)
        page = read_page(html, claim.url)
        if page.canonical and page.canonical != claim.url and self.plan.in_scope(page.canonical):
            follow = self.page(page.canonical, claim.depth, claim.url)
            done = self._end(CrawlState.DUPLICATE, f"rel=canonical names {page.canonical}",
                             duplicate_of=page.canonical, duplicate_kind="canonical", **base)
            done.new_urls = [follow] if follow else []
            return done
        found = [n for link in page.links if (n := self.page(link, claim.depth + 1, claim.url))]
        found += [n for feed in page.feeds if (n := self.listing(feed, CrawlKind.FEED, claim.depth, claim.url))]
        if page.kind is LinkKind.INDEX:  # its links are what it is for; nothing to extract
            done = self._end(CrawlState.DONE, f"index page ({page.why})", page_kind="index", **base)
        else:
            page_kind = "article" if page.kind is LinkKind.ARTICLE else None
            done = self._end(CrawlState.FETCHED, None, page_kind=page_kind, **base)
        done.new_urls = found
        return done

    @staticmethod
    def same_bytes(done: Completion, original: str) -> Completion:
        """A fetched page whose bytes an earlier URL served: a copy, whose links that URL gave."""
        values = {**done.url_values, "state": CrawlState.DUPLICATE, "reason": f"same bytes as {original}",
                  "duplicate_of": original, "duplicate_kind": "exact"}
        return Completion(CrawlState.DUPLICATE, values, [], done.host_values, done.log)

    def _listing(self, claim: Claim, data: bytes, media: str) -> Completion:
        sitemap = parse_sitemap(data, claim.url, text=claim.kind is CrawlKind.SITEMAP)
        if sitemap is not None:
            found = [n for s in sitemap.sitemaps if (n := self.listing(s, CrawlKind.SITEMAP, claim.depth, claim.url))]
            found += [n for p in sitemap.pages if (n := self.page(p, claim.depth, claim.url))]
            done = self._end(CrawlState.DONE, f"sitemap: {len(sitemap.sitemaps)} sitemaps, {len(sitemap.pages)} pages",
                             kind=CrawlKind.SITEMAP)
        else:
            entries = feed_links(data, claim.url)
            if entries is None:
                return self._end(CrawlState.SKIPPED, f"neither a page, a feed nor a sitemap ({media})")
            found = [n for p in entries if (n := self.page(p, claim.depth, claim.url))]
            done = self._end(CrawlState.DONE, f"feed: {len(entries)} entries", kind=CrawlKind.FEED)
        done.new_urls = found
        return done
