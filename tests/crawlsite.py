"""A small news site for the crawler tests, served by tests.servers.Server on 127.0.0.1.

Homepage, two sections, a tag page, five articles (one found only through the RSS feed,
one only through the news sitemap, which the sitemap index named in robots.txt lists),
robots.txt with a disallowed path, a crawl-delay and a Sitemap line, and the awkward
cases: a page answering 429 with Retry-After before it answers, one answering 500 then
200, a redirect loop, an oversized page, a page slower than any timeout, a PDF, a PDF
link the crawler must not even request, a wire copy of an article with other boilerplate,
a print copy naming the original as rel=canonical, an exact copy of another article's
bytes under a second URL, and the original again under a tracking parameter.
`NewsSite.routes()` is the route table; absolute URLs are built from each request's Host
header, so the same site serves on any port.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field

from tests.servers import Reply, Request

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@dataclass(frozen=True)
class Story:
    path: str
    title: str
    published: str
    paragraphs: tuple[str, ...]


RARE_EARTHS = Story("/2025/08/04/rare-earth-export-talks.html", "Rare earth export talks resume in Geneva",
                    "2025-08-04", (
    "Trade negotiators from China and the United States resumed talks in Geneva on Monday over export "
    "licences for rare earth magnets, which carmakers say they cannot do without.",
    "China shipped 353 tons of magnets to American buyers in June, a fraction of the volume before the "
    "licence rules took effect, according to customs figures released last week.",
    "\"We expect a framework by the end of the month,\" said Maria Lindqvist, a trade adviser who follows "
    "the talks. Industry groups warned that assembly lines in Ohio and Michigan could slow in September "
    "if no agreement is reached.",
))
PORT_STRIKE = Story("/2025/08/04/port-strike-ends.html", "Dock workers end nine-day strike at Rotterdam port",
                    "2025-08-04", (
    "Dock workers at the port of Rotterdam returned to work on Tuesday after a nine-day strike that left "
    "more than 40 container ships waiting at anchor in the North Sea.",
    "The union accepted a wage rise of 6.5 percent over two years, the port authority said in a statement, "
    "and a review of night shift rules that started the dispute in late July.",
    "Shipping lines expect the backlog to clear within two weeks, although freight forwarders cautioned that "
    "rail connections to Germany remain congested after the stoppage.",
))
MARKETS = Story("/2025/08/05/markets-rally.html", "Stocks rally as inflation cools more than expected",
                "2025-08-05", (
    "Shares in Frankfurt, Paris and London rose sharply on Tuesday after figures showed inflation in the "
    "euro area slowing to 2.1 percent in July, lower than economists had forecast.",
    "The benchmark index in Frankfurt gained 1.8 percent by the close, led by banks and carmakers, while "
    "government bond yields fell to their lowest level since the spring.",
    "\"The data give the central bank room to cut rates again in September,\" said Tomas Berger, chief "
    "economist at a Vienna brokerage. Traders now price a quarter point cut at the next meeting.",
))
DROUGHT = Story("/2025/08/06/drought-harvest-outlook.html", "Drought trims wheat harvest outlook across the plains",
                "2025-08-06", (
    "A dry summer across the southern plains has cut the expected wheat harvest by about 12 percent, the "
    "agriculture department said on Wednesday in its monthly crop report.",
    "Farmers in Kansas and Oklahoma reported yields of 38 bushels an acre, down from 44 bushels last year, "
    "as temperatures stayed above 35 degrees Celsius for most of July.",
    "Grain prices in Chicago climbed 3 percent after the report, and exporters warned that shipments to "
    "North Africa could fall short of contracts signed in the spring.",
))
RATES = Story("/2025/08/07/central-bank-holds-rates.html", "Central bank holds rates and signals patience",
              "2025-08-07", (
    "The central bank left its main interest rate unchanged at 4.25 percent on Thursday, saying it wanted "
    "more evidence that wage growth was slowing before it eased policy further.",
    "Governor Helen Marsh told reporters that the committee had voted seven to two to hold, with the two "
    "dissenters preferring an immediate cut of a quarter point.",
    "Mortgage lenders said fixed rates were unlikely to move much before the autumn, while the currency "
    "rose half a cent against the dollar after the decision was announced.",
))
BUSY = Story("/status/busy-desk", "Ferry services restored after the storm", "2025-08-05", (
    "Ferry operators restored all crossings between the mainland and the northern islands on Tuesday after "
    "a storm with winds above 90 kilometres an hour cancelled sailings for two days.",
    "The harbour master said 14 vessels had been checked for damage and that timetables would return to "
    "normal by Wednesday morning, with extra sailings for stranded travellers.",
))
FLAKY = Story("/status/flaky-desk", "Library reopens after two years of repairs", "2025-08-05", (
    "The city library reopened its doors on Tuesday after a two year renovation that replaced the roof, "
    "added a reading garden and cost 18 million euros, the council said.",
    "Visitors queued from early morning, and the head librarian said more than 2,000 people had registered "
    "for new cards on the first day alone, four times the usual number for a month.",
))
STORIES = (RARE_EARTHS, PORT_STRIKE, MARKETS, DROUGHT, RATES, BUSY, FLAKY)

WIRE_COPY = "/wire/markets-rally"  # the same story with another site's furniture and a wire credit
PRINT_COPY = "/print/markets-rally"  # names the original as rel=canonical
MIRROR = "/amp" + RARE_EARTHS.path  # byte for byte the page at RARE_EARTHS.path
TRACKED = MARKETS.path + "?utm_source=homepage&utm_medium=link"  # the original under a tracking parameter
LOOP = "/loop"
PDF_PAGE = "/downloads/annual-report"  # served as application/pdf
PDF_FILE = "/downloads/annual-report.pdf"  # never requested: the extension says it is not a page
HUGE = "/galleries/huge-gallery"
SLOW = "/live/slow-briefing"
PRIVATE = "/private/embargoed-report"
SECTIONS = {"/world/": (RARE_EARTHS, PORT_STRIKE, BUSY), "/business/": (MARKETS, FLAKY, BUSY)}
TAG = "/tag/trade"


def _page(title: str, body: str, head: str = "", nav: str | None = None) -> str:
    """A page of the site; `nav` replaces the navigation bar ("" for none)."""
    if nav is None:
        nav = ('<nav><a href="/">Home</a> <a href="/world/">World</a> <a href="/business/">Business</a> '
               f'<a href="{TAG}">Trade</a></nav>')
    return (f"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{title}</title>{head}</head>"
            f"<body><header><p>The Loopback Courier</p>{nav}</header>{body}"
            "<footer><p>Copyright 2025 The Loopback Courier. All rights reserved.</p></footer></body></html>")


def article_html(story: Story, *, canonical: str | None = None, furniture: str = "", credit: str = "",
                 nav: str | None = None) -> str:
    meta = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": story.title,
            "datePublished": story.published}
    head = (f'<meta property="og:type" content="article"><script type="application/ld+json">{json.dumps(meta)}'
            "</script>" + (f'<link rel="canonical" href="{canonical}">' if canonical else ""))
    paragraphs = "".join(f"<p>{p}</p>" for p in story.paragraphs)
    body = (f"<main><article><h1>{story.title}</h1><p class=\"byline\">By staff reporters</p>{credit}"
            f"{paragraphs}</article>{furniture}</main>")
    return _page(story.title, body, head, nav)


def index_html(title: str, stories: tuple[Story, ...], extra_links: tuple[str, ...] = (), head: str = "") -> str:
    teasers = "".join(f'<div class="teaser"><h2><a href="{s.path}">{s.title}</a></h2>'
                      f"<p>{s.paragraphs[0][:90]}</p></div>" for s in stories)
    links = "".join(f'<li><a href="{href}">{href}</a></li>' for href in extra_links)
    return _page(title, f"<main><h1>{title}</h1>{teasers}<ul>{links}</ul></main>", head)


@dataclass
class NewsSite:
    """The site's routes and the state of its awkward pages.

    `crawl_delay` goes into robots.txt; the 429 page sends `retry_after` seconds first; the
    slow page answers after `slow` seconds (more than the crawler's timeout); `huge` is the
    size of the oversized page.
    """

    crawl_delay: float = 0.2
    retry_after: int = 1
    slow: float = 5.0
    huge: int = 300_000
    _seen: dict[str, int] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def _count(self, path: str) -> int:
        with self._lock:
            self._seen[path] = self._seen.get(path, 0) + 1
            return self._seen[path]

    @staticmethod
    def _base(request: Request) -> str:
        return f"http://{request.headers.get('Host', '127.0.0.1')}"

    def robots(self, request: Request) -> Reply:
        text = (f"User-agent: *\nDisallow: /private/\nCrawl-delay: {self.crawl_delay}\n\n"
                f"Sitemap: {self._base(request)}/sitemap_index.xml\n")
        return Reply.typed(text, "text/plain")

    def sitemap_index(self, request: Request) -> Reply:
        xml = ('<?xml version="1.0" encoding="UTF-8"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
               f"<sitemap><loc>{self._base(request)}/sitemap-news.xml</loc></sitemap></sitemapindex>")
        return Reply.typed(xml, "application/xml")

    def news_sitemap(self, request: Request) -> Reply:
        entries = "".join(f"<url><loc>{self._base(request)}{s.path}</loc><news:news><news:publication_date>"
                          f"{s.published}</news:publication_date><news:title>{s.title}</news:title></news:news></url>"
                          for s in (RATES, PORT_STRIKE))
        xml = ('<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
               f'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">{entries}</urlset>')
        return Reply.typed(xml, "application/xml")

    def feed(self, request: Request) -> Reply:
        items = "".join(f"<item><title>{s.title}</title><link>{self._base(request)}{path}</link></item>"
                        for s, path in ((DROUGHT, DROUGHT.path), (MARKETS, MARKETS.path + "?utm_source=rss"),
                                        (RARE_EARTHS, RARE_EARTHS.path)))
        xml = f'<?xml version="1.0"?><rss version="2.0"><channel><title>Courier</title>{items}</channel></rss>'
        return Reply.typed(xml, "application/rss+xml")

    def busy(self, request: Request) -> Reply:
        if self._count(BUSY.path) == 1:
            return Reply.html("<h1>Too many requests</h1>", status=429,
                              headers=(("Retry-After", str(self.retry_after)),))
        return Reply.html(article_html(BUSY))

    def flaky(self, request: Request) -> Reply:
        if self._count(FLAKY.path) == 1:
            return Reply.html("<h1>Internal error</h1>", status=500)
        return Reply.html(article_html(FLAKY))

    def routes(self) -> dict:
        homepage = index_html("The Loopback Courier", (RARE_EARTHS, MARKETS), (
            "/world/", "/business/", TAG, PRIVATE, BUSY.path, FLAKY.path, LOOP, PDF_PAGE, PDF_FILE, HUGE, SLOW,
            WIRE_COPY, PRINT_COPY, MIRROR, TRACKED,
        ), head='<link rel="alternate" type="application/rss+xml" href="/feed.xml">')
        wire = article_html(MARKETS, credit="<p>(Wire service) Reporting from Frankfurt.</p>",
                            furniture="<aside><h3>More from the wire</h3><p>Sign up for the briefing.</p></aside>")
        routes = {
            "/robots.txt": self.robots,
            "/": Reply.html(homepage),
            TAG: Reply.html(index_html("Trade", (RARE_EARTHS, PORT_STRIKE, MARKETS))),
            "/feed.xml": self.feed,
            "/sitemap_index.xml": self.sitemap_index,
            "/sitemap-news.xml": self.news_sitemap,
            BUSY.path: self.busy,
            FLAKY.path: self.flaky,
            LOOP: Reply.redirect(LOOP),
            PDF_PAGE: Reply.typed(PDF, "application/pdf"),
            PDF_FILE: Reply.typed(PDF, "application/pdf"),
            HUGE: Reply.html("<html><body>" + "<p>A photo caption that goes on.</p>" * (self.huge // 30) + "</body></html>"),
            SLOW: Reply.html(article_html(RATES), delay=self.slow),
            WIRE_COPY: Reply.html(wire),
            PRINT_COPY: Reply.html(article_html(MARKETS, canonical=MARKETS.path)),
            PRIVATE: Reply.html(article_html(RATES)),
        }
        routes |= {path: Reply.html(index_html(path.strip("/").title(), stories)) for path, stories in SECTIONS.items()}
        routes |= {s.path: Reply.html(article_html(s)) for s in (RARE_EARTHS, PORT_STRIKE, MARKETS, DROUGHT, RATES)}
        routes[MIRROR] = routes[RARE_EARTHS.path]
        return routes
