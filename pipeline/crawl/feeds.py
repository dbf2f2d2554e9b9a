"""RSS, Atom, RDF and JSON feeds -> the page URLs of their entries (feedparser).

The body is always handed to feedparser as bytes, so it never fetches anything itself;
relative entry links resolve against the feed's own URL.
"""

from __future__ import annotations

import feedparser

from pipeline.crawl.urls import canonical


def feed_links(data: bytes, url: str) -> list[str] | None:
    """Canonical entry links in feed order, or None when `data` is not a feed."""
    parsed = feedparser.parse(data, response_headers={"content-location": url})
    if not parsed.get("version"):
        return None
    found: dict[str, None] = {}
    for entry in parsed.entries:
        link = entry.get("link")
        if isinstance(link, str) and (c := canonical(link, url)):
            found[c] = None
    return list(found)
