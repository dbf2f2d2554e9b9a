"""Canonical URLs, hosts, and what a link looks like (article, index page, not worth a fetch).

A URL is made canonical once, when it is found: resolved against its page, fragment and
dot segments dropped, then courlan's normalize_url (lower-case host, default port dropped,
tracking parameters removed, query sorted). Two spellings of one page are one frontier row.
The rules for classifying links live in rules.json.
"""

from __future__ import annotations

import posixpath
from enum import StrEnum
from urllib.parse import urldefrag, urljoin, urlsplit, urlunsplit

import courlan

from pipeline.crawl.rules import rules


class LinkKind(StrEnum):
    ARTICLE = "article"
    INDEX = "index"
    PAGE = "page"  # neither pattern says
    SKIP = "skip"  # a file type or an action link we never fetch


def _dot_segments(path: str) -> str:
    """"/a/../b/" -> "/b/" (RFC 3986 remove_dot_segments), keeping a trailing slash."""
    if "/." not in path:
        return path or "/"
    resolved = posixpath.normpath(path)
    resolved = "/" + resolved.lstrip("/") if resolved != "." else "/"
    return resolved + "/" if path.endswith(("/", "/.", "/..")) and resolved != "/" else resolved


def canonical(href: str, base: str | None = None) -> str | None:
    """The canonical form of `href` (resolved against `base`), or None when it is not a
    usable http(s) URL (mailto:, javascript:, no host, unparseable)."""
    href = href.strip()
    if not href:
        return None
    try:
        url, _ = urldefrag(urljoin(base, href) if base else href)
        parts = urlsplit(url)
        if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
            return None
        parts.port  # noqa: B018 - raises ValueError for a port out of range
        url = urlunsplit((parts.scheme, parts.netloc, _dot_segments(parts.path), parts.query, ""))
        return courlan.normalize_url(url)
    except ValueError:
        return None


def host_key(url: str) -> str:
    """"scheme://host[:port]" of a canonical URL: the unit of politeness and of robots.txt."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def site(url: str) -> str:
    """The site a URL belongs to for same-site link following: its host and port, without "www."."""
    return urlsplit(url).netloc.lower().removeprefix("www.")


def classify(url: str) -> LinkKind:
    """What a link looks like from its URL alone (pages are checked again once cleaned)."""
    r = rules()
    parts = urlsplit(url)
    path = parts.path
    if posixpath.splitext(path)[1].lower() in r.skip_extensions:
        return LinkKind.SKIP
    target = path + (f"?{parts.query}" if parts.query else "")
    if any(p.search(target) for p in r.skip_patterns):
        return LinkKind.SKIP
    if any(p.search(target) for p in r.index_patterns):
        return LinkKind.INDEX
    if any(p.search(path) for p in r.article_patterns):
        return LinkKind.ARTICLE
    return LinkKind.PAGE
