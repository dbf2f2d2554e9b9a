"""An HTML page as the crawler sees it: the links to follow, its rel=canonical, the feeds it
announces, and whether it is an article or an index page.

URLs come back canonical (urls.canonical), resolved against the page's <base href> when it
has one, in page order without repeats; rel="nofollow" anchors are left out. The verdict,
first match wins: a declared article type (JSON-LD or og:type) makes an article, a declared
listing type an index; then the URL's look (urls.classify); then a page with at least
rules.index_min_teasers linked headlines (section fronts, tag pages) is an index. Anything
else is left to the clean stage, which skips pages that hold no article.
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree
from lxml import html as lxml_html
from trafilatura.utils import load_html

from pipeline.clean import jsonld, pagekind
from pipeline.clean.published import rules as published_rules
from pipeline.crawl.rules import rules
from pipeline.crawl.urls import LinkKind, canonical, classify
from pipeline.sources.http import media_type


@dataclass(frozen=True, slots=True)
class PageView:
    links: tuple[str, ...]
    canonical: str | None
    feeds: tuple[str, ...]
    kind: LinkKind  # ARTICLE, INDEX or PAGE (not known before cleaning)
    why: str  # what the verdict rests on, for the frontier's reason column


def _rels(element: etree._Element) -> set[str]:
    return set((element.get("rel") or "").lower().split())


def _verdict(tree: etree._Element, url: str) -> tuple[LinkKind, str]:
    objects = jsonld.objects(tree)
    declared = set().union(*(jsonld.types(o) for o in objects)) if objects else set()
    og_type = next((m.get("content", "").strip().lower() for m in tree.iter("meta")
                    if m.get("property") == "og:type"), "")
    if declared & published_rules().article_types or og_type == "article":
        return LinkKind.ARTICLE, "declares an article type"
    if listing := pagekind.listing_type(objects):
        return LinkKind.INDEX, f"declares {listing}"
    by_url = classify(url)
    if by_url in (LinkKind.ARTICLE, LinkKind.INDEX):
        return by_url, f"its URL looks like an {by_url} page's"
    teasers = len(pagekind.teasers(tree))
    if teasers >= rules().index_min_teasers:
        return LinkKind.INDEX, f"{teasers} linked headlines"
    return LinkKind.PAGE, "no sign either way"


def _tree(html: str) -> etree._Element | None:
    """trafilatura's parse, or lxml's for a fragment trafilatura refuses (links still count)."""
    tree = load_html(html)
    if tree is None and html.strip():
        try:
            tree = lxml_html.document_fromstring(html.encode("utf-8"))
        except (etree.ParserError, ValueError):
            return None
    return tree


def read_page(html: str, url: str) -> PageView:
    """The page at `url`; an unparseable page has no links and is left to the clean stage."""
    tree = _tree(html)
    if tree is None:
        return PageView((), None, (), LinkKind.PAGE, "not parseable as HTML")
    base = url
    for element in tree.iter("base"):
        if element.get("href"):
            base = canonical(element.get("href"), url) or url
            break
    links = dict.fromkeys(c for a in tree.iter("a", "area") if a.get("href") and "nofollow" not in _rels(a)
                          and (c := canonical(a.get("href"), base)))
    found_canonical, feeds = None, {}
    feed_types = rules().content_types["xml"] | rules().content_types["json"]
    for link in tree.iter("link"):
        rel, href = _rels(link), link.get("href")
        if not href:
            continue
        if "canonical" in rel and found_canonical is None:
            found_canonical = canonical(href, base)
        elif "alternate" in rel and media_type(link.get("type")) in feed_types:
            if c := canonical(href, base):
                feeds[c] = None
    kind, why = _verdict(tree, url)
    return PageView(tuple(links), found_canonical, tuple(feeds), kind, why)
