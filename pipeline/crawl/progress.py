"""What a crawl has done so far, for a progress line and the closing summary."""

from __future__ import annotations

from dataclasses import dataclass, field

from db.frontier import HostReport


@dataclass
class CrawlStats:
    """Counts for this run (this process). `queued`, `waiting_hosts` and `longest_wait`
    are refreshed from the frontier as the crawl goes."""

    requests: int = 0  # every request made, robots.txt included
    fetched: int = 0  # frontier URLs fetched
    stored: int = 0  # pages stored as documents
    duplicates: int = 0
    skipped: int = 0
    failed: int = 0
    retries: int = 0
    errors: int = 0  # requests without a usable answer
    queued: int = 0
    waiting_hosts: int = 0
    longest_wait: float = 0.0

    def line(self) -> str:
        """One line for a terminal progress bar."""
        wait = f", {self.waiting_hosts} host(s) waiting (longest {self.longest_wait:.1f}s)" if self.waiting_hosts else ""
        return (f"fetched {self.fetched}, stored {self.stored}, queued {self.queued}{wait}, "
                f"retries {self.retries}, errors {self.errors}")


@dataclass
class CrawlSummary:
    stats: CrawlStats
    frontier: dict[str, int]  # rows by state, whole frontier
    hosts: list[HostReport] = field(default_factory=list)
    warc_files: list[str] = field(default_factory=list)
    failed_seeds: list[str] = field(default_factory=list)

    def render(self) -> str:
        s = self.stats
        lines = [f"crawl: {s.fetched} fetched ({s.requests} requests), {s.stored} stored, {s.duplicates} duplicates, "
                 f"{s.skipped} skipped, {s.failed} failed, {s.retries} retries",
                 "frontier: " + (", ".join(f"{n} {state}" for state, n in sorted(self.frontier.items())) or "empty")]
        for h in self.hosts:
            statuses = ", ".join(f"{status}×{n}" for status, n in h.statuses.items()) or "none"
            lines.append(f"  {h.host}: {h.requests} requests ({statuses}), {h.retries} retries, "
                         f"{h.blocked} blocked, {h.errors} errors")
        if self.warc_files:
            lines.append("archive: " + ", ".join(self.warc_files))
        return "\n".join(lines)
