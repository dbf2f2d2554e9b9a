"""Finding URLs: an HTML page's links and verdict, RSS/Atom feeds, sitemaps of every kind."""

from __future__ import annotations

import gzip
import json

import pytest

from pipeline.crawl.feeds import feed_links
from pipeline.crawl.links import read_page
from pipeline.crawl.sitemaps import TooLarge, gunzip, parse_sitemap
from pipeline.crawl.urls import LinkKind

BASE = "http://news.example/section/page.html"


def html(body: str, head: str = "") -> str:
    return f"<html><head>{head}</head><body>{body}</body></html>"


def test_links_are_canonical_in_order_without_repeats_or_nofollow():
    page = read_page(html('<a href="/a?utm_source=x">a</a> <a href="b.html#c">b</a> <a href="/a">again</a>'
                          '<a rel="nofollow" href="/paid">p</a> <a href="mailto:x@y">m</a> <area href="/map">'),
                     BASE)
    assert page.links == ("http://news.example/a", "http://news.example/section/b.html", "http://news.example/map")


def test_base_href_canonical_and_feeds():
    head = ('<base href="http://news.example/other/"><link rel="canonical" href="/original">'
            '<link rel="alternate" type="application/rss+xml" href="feed.xml">'
            '<link rel="alternate" type="application/atom+xml; charset=utf-8" href="/atom">'
            '<link rel="alternate" hreflang="de" href="/de/">')
    page = read_page(html('<a href="x">x</a>', head), BASE)
    assert page.links == ("http://news.example/other/x",)
    assert page.canonical == "http://news.example/original"
    assert page.feeds == ("http://news.example/other/feed.xml", "http://news.example/atom")


def teasers(n: int) -> str:
    return "".join(f'<div><h2><a href="/s{i}">Headline number {i}</a></h2><p>Summary {i}.</p></div>' for i in range(n))


@pytest.mark.parametrize("url, head, body, kind", [
    # A declared article wins over a listing-like body and an index-like URL.
    ("http://n.example/", '<meta property="og:type" content="article">', teasers(5), LinkKind.ARTICLE),
    ("http://n.example/x", '<script type="application/ld+json">' + json.dumps({"@type": "NewsArticle"}) + "</script>",
     "", LinkKind.ARTICLE),
    ("http://n.example/x", '<script type="application/ld+json">' + json.dumps({"@type": "CollectionPage"})
     + "</script>", "", LinkKind.INDEX),
    ("http://n.example/tag/rates", "", "<p>text</p>", LinkKind.INDEX),
    ("http://n.example/2025/08/05/a-story.html", "", teasers(5), LinkKind.ARTICLE),
    ("http://n.example/world/", "", teasers(3), LinkKind.INDEX),
    ("http://n.example/world/", "", teasers(2), LinkKind.PAGE),
])
def test_page_verdict(url, head, body, kind):
    assert read_page(html(body, head), url).kind is kind


def test_unparseable_page_has_no_links():
    page = read_page("", BASE)
    assert (page.links, page.canonical, page.kind) == ((), None, LinkKind.PAGE)


RSS = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><link>http://news.example/</link>
<item><title>a</title><link>/2025/a.html?utm_source=rss</link></item>
<item><title>b</title><link>http://news.example/2025/b.html</link></item>
<item><title>again</title><link>/2025/a.html</link></item></channel></rss>"""
ATOM = b"""<feed xmlns="http://www.w3.org/2005/Atom"><title>x</title><link rel="self" href="/atom.xml"/>
<entry><title>e</title><link rel="alternate" href="/2025/e.html"/><id>urn:e</id></entry></feed>"""


def test_feed_entries_not_the_channel_link():
    assert feed_links(RSS, "http://news.example/feed.xml") == ["http://news.example/2025/a.html",
                                                               "http://news.example/2025/b.html"]
    assert feed_links(ATOM, "http://news.example/atom.xml") == ["http://news.example/2025/e.html"]


def test_a_page_is_not_a_feed():
    assert feed_links(b"<html><body><a href='/x'>x</a></body></html>", BASE) is None


URLSET = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
<url><loc>http://news.example/2025/a.html</loc><news:news><news:publication_date>2025-08-05</news:publication_date>
</news:news></url><url><loc> http://news.example/2025/b.html </loc><lastmod>2025-08-06</lastmod></url></urlset>"""
INDEX = b"""<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>/sitemap-1.xml</loc></sitemap><sitemap><loc>http://news.example/sitemap-2.xml.gz</loc></sitemap>
</sitemapindex>"""


def test_news_sitemap_and_sitemap_index():
    found = parse_sitemap(URLSET, "http://news.example/sitemap.xml")
    assert found.pages == ("http://news.example/2025/a.html", "http://news.example/2025/b.html")
    assert found.sitemaps == ()
    index = parse_sitemap(INDEX, "http://news.example/sitemap_index.xml")
    assert index.sitemaps == ("http://news.example/sitemap-1.xml", "http://news.example/sitemap-2.xml.gz")


def test_text_sitemap_only_where_a_sitemap_is_expected():
    body = b"http://news.example/a\n\nhttp://news.example/b\nnot a url\n"
    assert parse_sitemap(body, "http://news.example/sitemap.txt", text=True).pages == (
        "http://news.example/a", "http://news.example/b")
    assert parse_sitemap(body, "http://news.example/notes.txt") is None


def test_other_xml_is_not_a_sitemap_and_entities_are_not_expanded(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOPSECRET", "utf-8")
    evil = (f'<!DOCTYPE u [<!ENTITY e SYSTEM "file://{secret}">]>'
            '<urlset><url><loc>http://news.example/&e;</loc></url></urlset>').encode()
    assert "TOPSECRET" not in " ".join(parse_sitemap(evil, "http://news.example/s.xml").pages)
    assert parse_sitemap(RSS, "http://news.example/feed.xml") is None


def test_gunzip_is_bounded():
    assert gunzip(gzip.compress(URLSET), 10_000) == URLSET
    with pytest.raises(TooLarge):
        gunzip(gzip.compress(b"<" * 100_000), 1000)
