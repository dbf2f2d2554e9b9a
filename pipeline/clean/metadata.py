"""Page metadata beside the main text: canonical URL, title, author, site name.

trafilatura reads title, author and site name (meta tags, JSON-LD, visible bylines); the
canonical URL is only what the page itself declares (rel=canonical, og:url), resolved
against the page URL, so a document's fetch URL and its canonical URL stay distinct.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from lxml import html as lxml_html


@dataclass(frozen=True, slots=True)
class PageMeta:
    title: str | None
    author: str | None
    sitename: str | None
    canonical_url: str | None


def _absolute(href: str | None, base: str | None) -> str | None:
    href = (href or "").strip()
    if not href:
        return None
    url = urljoin(base, href) if base else href
    parts = urlsplit(url)
    return url if parts.scheme in ("http", "https") and parts.netloc else None


def canonical_url(tree: lxml_html.HtmlElement, page_url: str | None) -> str | None:
    """The URL the page names as its own: <link rel="canonical">, else og:url."""
    for link in tree.iterfind(".//link[@rel]"):
        if "canonical" in link.get("rel", "").lower().split() and (url := _absolute(link.get("href"), page_url)):
            return url
    for meta in tree.iterfind(".//meta"):
        if (meta.get("property") or meta.get("name") or "").lower() == "og:url" and (
                url := _absolute(meta.get("content"), page_url)):
            return url
    return None


def _clean(value: object) -> str | None:
    text = " ".join(str(value).split()) if value else ""
    return text or None


def page_meta(tree: lxml_html.HtmlElement, page_url: str | None, found: object) -> PageMeta:
    """Combine trafilatura's metadata (`found`, a trafilatura Document) with the declared canonical URL."""
    return PageMeta(title=_clean(getattr(found, "title", None)), author=_clean(getattr(found, "author", None)),
                    sitename=_clean(getattr(found, "sitename", None)),
                    canonical_url=canonical_url(tree, page_url))
