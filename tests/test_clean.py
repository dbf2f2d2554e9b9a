"""Clean: RawDocument -> Article | Problem, on small pages built here (real trafilatura, real files)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from lxml import etree

from pipeline.clean import clean, layout
from schemas.digest import sha256_hex
from pipeline.clean.language import detect
from pipeline.clean.published import from_url, parse_date
from schemas import Article, Origin, Outcome, Problem, RawDocument, RawFormat, SourceKind

PROSE = [
    "The city council approved the budget for the new harbour bridge on Tuesday after a debate that "
    "lasted well into the night, ending months of argument over the cost of the project.",
    "Engineers told the council that construction could begin in the spring, although they warned that "
    "the price of steel had risen sharply since the first estimates were drawn up last year.",
    "Residents who live near the old crossing said they welcomed the decision, but several of them asked "
    "the council to publish a detailed timetable so that they could plan for the disruption.",
    "The mayor said the bridge would carry both cars and trams, and that a cycle lane would be added at "
    "the request of the transport committee, which had pressed for it since the spring.",
]
GERMAN = [
    "Der Stadtrat hat am Dienstag den Haushalt für die neue Hafenbrücke beschlossen, nachdem die Debatte "
    "bis tief in die Nacht gedauert hatte und die Kosten des Projekts monatelang umstritten waren.",
    "Die Ingenieure sagten dem Rat, dass der Bau im Frühjahr beginnen könnte, warnten aber, dass der Preis "
    "für Stahl seit den ersten Schätzungen im vergangenen Jahr stark gestiegen sei.",
    "Anwohner, die in der Nähe der alten Brücke wohnen, begrüßten die Entscheidung, baten den Rat aber um "
    "einen genauen Zeitplan, damit sie sich auf die Arbeiten einstellen können.",
]
TITLE = "Council approves harbour bridge budget"


def page(body: str, head: str = "", lang: str | None = "en", title: str = TITLE) -> str:
    """A news page: the article between a site's navigation, sidebar and footer."""
    lang_attr = f' lang="{lang}"' if lang else ""
    return f"""<!DOCTYPE html><html{lang_attr}><head><meta charset="utf-8">
<title>{title} | The Harbour Gazette</title>{head}</head><body>
<header><nav><ul><li><a href="/">Home</a></li><li><a href="/news/">News</a></li>
<li><a href="/sport/">Sport</a></li><li><a href="/contact/">Contact</a></li></ul></nav></header>
<main>{body}</main>
<aside class="related"><h2>Most read</h2><ul><li><a href="/news/a">Storm closes ferry route</a></li>
<li><a href="/news/b">School wins robotics prize</a></li></ul></aside>
<footer><p>© 2025 The Harbour Gazette. All rights reserved.</p></footer></body></html>"""


def article_html(extra: str = "", headline: str = TITLE) -> str:
    paragraphs = "".join(f"<p>{p}</p>" for p in PROSE)
    return f"<article><h1>{headline}</h1>{paragraphs}{extra}</article>"


def raw(html: str, url: str | None = None, fmt: RawFormat = RawFormat.HTML, **hints) -> RawDocument:
    origin = Origin(SourceKind.FILE, "test-page.html", "0" * 64, url=url, path="test-page.html")
    return RawDocument(origin, html, fmt, **hints)


def cleaned(settings, html: str, **kw) -> Article:
    result = clean(raw(html, **kw), settings)
    assert isinstance(result, Article), result
    return result


def kinds(article: Article) -> dict[str, str]:
    return {article.text[b.start:b.end]: str(b.kind) for b in article.blocks}


# --- layout -----------------------------------------------------------------------------------

def test_block_kinds(settings):
    extra = """<h2>What the council decided</h2>
<ul><li>A budget of 40 million for the bridge itself</li><li>A new cycle lane on the eastern side</li></ul>
<blockquote><p>"This bridge will serve the city for a hundred years," the mayor told reporters.</p></blockquote>
<table><caption>Votes by party</caption><tr><th>Party</th><th>For</th><th>Against</th></tr>
<tr><td>Harbour Alliance</td><td>12</td><td>3</td></tr><tr><td>Green List</td><td>5</td><td>4</td></tr></table>
<p>The vote was the largest majority for a public works project in a decade, the clerk said afterwards.</p>"""
    article = cleaned(settings, page(article_html(extra)))
    k = kinds(article)
    assert k["What the council decided"] == "heading"
    assert k["A budget of 40 million for the bridge itself"] == "list_item"
    assert k['"This bridge will serve the city for a hundred years," the mayor told reporters.'] == "quote"
    assert k["Votes by party"] == "caption"
    assert k["Harbour Alliance"] == k["12"] == k["Against"] == "table_cell"
    assert k[PROSE[0]] == "paragraph"
    assert "Harbour Alliance | 12 | 3" in article.text.split("\n")
    for b in article.blocks:  # blocks lie inside the text, in order, one line each
        assert "\n" not in article.text[b.start:b.end] and b.start < b.end <= len(article.text)
    assert [b.start for b in article.blocks] == sorted(b.start for b in article.blocks)
    assert "Most read" not in article.text and "All rights reserved" not in article.text


def test_layout_keeps_text_between_blocks_and_line_breaks():
    body = etree.fromstring(
        "<body><head rend='h2'>Deal one</head>Loose text after a heading.<p>First line<lb/>second line</p>"
        "<list><item>outer <list><item>inner</item></list></item></list>"
        "<code><code>x = 1\ny = 2</code></code></body>")
    text, blocks = layout(body)
    assert text.split("\n") == ["Deal one", "Loose text after a heading.", "First line", "second line",
                                "outer", "inner", "x = 1", "y = 2"]
    assert [str(b.kind) for b in blocks] == ["heading", "paragraph", "paragraph", "paragraph",
                                             "list_item", "list_item", "code", "code"]


def test_title_heading_dropped_section_heading_kept(settings):
    article = cleaned(settings, page(article_html("<h2>Reaction from residents</h2><p>" + PROSE[2] + "</p>")))
    assert article.title == TITLE
    assert article.text.startswith(PROSE[0])
    assert TITLE not in article.text
    assert kinds(article)["Reaction from residents"] == "heading"


def test_headline_that_rephrases_title_is_dropped(settings):
    body = "<article><h2>Harbour bridge budget approved by council</h2>" + "".join(f"<p>{p}</p>" for p in PROSE)
    article = cleaned(settings, page(body + "</article>"))
    assert article.text.startswith(PROSE[0])


# --- metadata ---------------------------------------------------------------------------------

JSON_LD = ('<script type="application/ld+json">{"@context": "https://schema.org", "@graph": ['
           '{"@type": "WebPage", "datePublished": "2020-01-01"},'
           '{"@type": "NewsArticle", "headline": "x", "datePublished": "2025-03-14T08:00:00-05:00"}]}</script>')
META = '<meta property="article:published_time" content="2025-03-15T10:00:00Z">'
TIME = '<time datetime="2025-03-16T09:00:00+01:00" pubdate>16 March 2025</time>'


@pytest.mark.parametrize(("head", "body_extra", "url", "published", "source"), [
    (JSON_LD + META, TIME, None, date(2025, 3, 14), "json-ld"),
    (META, TIME, None, date(2025, 3, 15), "meta"),
    ("", TIME, None, date(2025, 3, 16), "time-element"),
    ("", "", "https://gazette.example/news/2025/03/17/bridge-budget", date(2025, 3, 17), "url"),
    ("", "", "https://gazette.example/news/bridge-budget", None, None),
])
def test_published_and_its_source(settings, head, body_extra, url, published, source):
    html = page(article_html().replace("</h1>", f"</h1><div class='byline'>{body_extra}</div>"), head=head)
    article = cleaned(settings, html, url=url)
    assert (article.published, article.published_source) == (published, source)


def test_caller_given_date_wins(settings):
    article = cleaned(settings, page(article_html(), head=JSON_LD), published=date(2024, 1, 2))
    assert (article.published, article.published_source) == (date(2024, 1, 2), "input")


def test_canonical_author_sitename(settings):
    head = ('<link rel="canonical" href="/news/bridge-budget/"><meta property="og:site_name" content="The Harbour '
            'Gazette"><meta name="author" content="Ada Byrne">')
    article = cleaned(settings, page(article_html(), head=head), url="https://gazette.example/news/bridge-budget/?utm=x")
    assert article.canonical_url == "https://gazette.example/news/bridge-budget/"
    assert article.url == "https://gazette.example/news/bridge-budget/?utm=x"
    assert article.author == "Ada Byrne" and article.sitename == "The Harbour Gazette"
    og_only = cleaned(settings, page(article_html(), head='<meta property="og:url" content="https://g.example/a">'))
    assert og_only.canonical_url == "https://g.example/a"
    assert cleaned(settings, page(article_html())).canonical_url is None


def test_parse_date_needs_a_full_date():
    assert parse_date("2025-08-04T09:30:00+10:00") == date(2025, 8, 4)  # the date as written, not UTC
    assert parse_date("Mon, 04 Aug 2025 10:00:00 GMT") == date(2025, 8, 4)
    assert parse_date("August 4, 2025") == date(2025, 8, 4)
    assert parse_date("20250804") == date(2025, 8, 4)
    for vague in ("August 2025", "2025", "5 hours ago", "", None, "2025-02-30"):
        assert parse_date(vague) is None, vague
    assert from_url("https://x.example/2019/11/05/story") == date(2019, 11, 5)
    assert from_url("https://x.example/story-20191105.html") == date(2019, 11, 5)
    assert from_url("https://x.example/story/12345") is None


# --- language ---------------------------------------------------------------------------------

def test_language_from_lang_attribute_and_text(settings):
    assert cleaned(settings, page(article_html(), lang="en-GB")).language == "en"
    german = "<article><h1>Stadtrat beschließt Brücke</h1>" + "".join(f"<p>{p}</p>" for p in GERMAN) + "</article>"
    # a site-wide lang="en" over a German article: the text decides
    result = clean(raw(page(german, lang="en", title="Stadtrat beschließt Brücke")), settings)
    assert isinstance(result, Problem) and result.outcome is Outcome.SKIPPED
    assert result.reason == "language de not handled (settings.languages = en)"
    anything = cleaned(replace(settings, languages=("*",)), page(german, lang=None, title="Stadtrat"))
    assert anything.language == "de"
    assert cleaned(replace(settings, languages=("en", "de")), page(german, title="Stadtrat")).language == "de"


def test_detect():
    assert detect(" ".join(PROSE)) == "en"
    assert detect(" ".join(GERMAN)) == "de"
    assert detect("서울 시의회는 화요일 새 다리 건설 예산을 승인했다. 시장은 공사가 봄에 시작된다고 말했다.") == "ko"
    assert detect("The council met.") is None  # too short to tell
    # English that an earlier stopword-list detector read as Finnish: never skip English prose
    assert detect("for the 20 most expensive restaurants in the city , the price of a dinner rose from "
                  "$ 63.45 , also an 8 percent increase .") in ("en", None)
    assert detect("") is None


# --- not articles -----------------------------------------------------------------------------

def _skipped(settings, html: str) -> str:
    result = clean(raw(html), settings)
    assert isinstance(result, Problem), result.text[:200]
    assert result.outcome is Outcome.SKIPPED and result.locator == "test-page.html"
    return result.reason


def test_index_page_of_teasers_is_skipped(settings):
    teasers = "".join(
        f'<article class="card"><h2><a href="/news/story-{i}">Story number {i} about the harbour</a></h2>'
        f'<p>{PROSE[i % 4]}</p><span>By Staff</span></article>' for i in range(10))
    reason = _skipped(settings, page(f"<h1>Local news</h1>{teasers}", title="Local news"))
    assert reason.startswith("index page (10 teasers")


def test_index_page_of_links_is_skipped(settings):
    links = "".join(f'<li><a href="/news/{i}">Harbour council story number {i} with a longer headline text</a></li>'
                    for i in range(30))
    assert _skipped(settings, page(f"<h1>Archive</h1><ul>{links}</ul>", title="Archive")).startswith("index page")


def test_declared_listing_page_is_skipped(settings):
    head = '<script type="application/ld+json">{"@type": "CollectionPage", "name": "News"}</script>'
    reason = _skipped(settings, page(article_html(), head=head))
    assert reason == "index page (JSON-LD declares a CollectionPage, no article)"


def test_article_with_related_teasers_is_kept(settings):
    related = "".join(f'<div class="teaser"><h3><a href="/news/r{i}">Related story {i}</a></h3></div>'
                      for i in range(6))
    article = cleaned(settings, page(article_html() + f"<section>{related}</section>"))
    assert article.text.startswith(PROSE[0])


def test_empty_and_stub_pages_are_skipped(settings):
    assert _skipped(settings, "") == "empty page"
    assert _skipped(settings, "<html><body><div></div></body></html>") == "no main text found (not an article page)"
    assert _skipped(settings, page("")).startswith("too little text for an article")
    stub = page("<article><h1>Bridge</h1><p>The council met on Tuesday to vote on the budget.</p></article>")
    reason = _skipped(settings, stub)
    assert reason.startswith("too little text") or reason.startswith("no main text")


def test_cookie_wall_is_skipped(settings):
    wall = """<div class="consent"><h2>We value your privacy</h2>
<p>We use cookies and similar technologies on our website. By continuing to browse you agree to our use of cookies and
to the processing of your data by our partners for personalised ads and content.</p>
<p>You can change your choice at any time in the cookie settings. Read our cookie policy to learn more.</p>
<button>Accept all</button><button>Reject all</button><button>Manage preferences</button></div>"""
    assert _skipped(settings, page(wall)) == "cookie or consent wall, not an article"


def test_article_mentioning_cookies_is_kept(settings):
    extra = "<p>The council's website now asks visitors to accept all cookies, which critics called intrusive.</p>"
    assert cleaned(settings, page(article_html(extra))).text.startswith(PROSE[0])


def test_body_split_by_ad_breaks_is_joined(settings):
    rail = ('<div class="aside"><ul>' + "".join(f'<li><a href="/p{i}">Popular story {i}</a></li>' for i in range(6))
            + "</ul></div>")
    more = [p.replace("council", "committee").replace("bridge", "tunnel") for p in PROSE]
    parts = "".join(
        f'<div class="grid"><div class="body article-body">{"".join(f"<p>{p}</p>" for p in ps)}</div>{rail}</div>'
        '<div class="row"><div class="ad"><span>Advertisement</span></div></div>'
        for ps in (PROSE, more, [p.replace("harbour", "river") for p in PROSE]))
    article = cleaned(settings, page(f"<article><h1>{TITLE}</h1><div>{parts}</div></article>"))
    for p in PROSE + more:
        assert p in article.text
    assert PROSE[0].replace("harbour", "river") in article.text
    assert "Advertisement" not in article.text and "Popular story" not in article.text


def test_look_alike_containers_elsewhere_are_not_body_parts():
    from lxml import html as lxml_html

    from pipeline.clean import continuation

    comments = "".join(f"<p>{p.replace('council', 'reader')}</p>" for p in PROSE)
    tree = lxml_html.fromstring(
        f'<html><body><div class="main"><div class="text">{"".join(f"<p>{p}</p>" for p in PROSE)}</div></div>'
        f'<div class="comments"><div class="text">{comments}</div></div></body></html>')
    assert continuation.parts(tree, "\n".join(PROSE)) is None  # same class, different parent: not a part
    twin = tree.find('.//div[@class="comments"]')
    twin.set("class", "main")
    found = continuation.parts(tree, "\n".join(PROSE))
    assert found is not None and [el.getparent().get("class") for el in found] == ["main", "main"]
    joined = continuation.joined_page(tree, found)
    assert joined.find("body/article") is not None and len(joined.findall(".//p")) == 8
    assert len(tree.findall(".//p")) == 8  # the page itself is left as it was


# --- text input -------------------------------------------------------------------------------

def test_text_input_unchanged(settings, tmp_path):
    text = "  Greer said on Monday that talks were \"about halfway there\".\r\n\n\tPrices rose 5% in May.  \n"
    path = tmp_path / "note.txt"
    path.write_text(text, "utf-8", newline="")
    content = path.read_bytes().decode("utf-8")
    article = cleaned(settings, content, fmt=RawFormat.TEXT, doc_id="n1", published=date(2025, 6, 2))
    assert article.text == text and article.text.encode() == path.read_bytes()
    assert article.id == "n1" and article.sha256 == sha256_hex(text)
    assert (article.published, article.published_source) == (date(2025, 6, 2), "input")
    assert [article.text[b.start:b.end] for b in article.blocks] == [
        "Greer said on Monday that talks were \"about halfway there\".", "Prices rose 5% in May."]
    empty = clean(raw("  \n ", fmt=RawFormat.TEXT), settings)
    assert isinstance(empty, Problem) and empty.outcome is Outcome.SKIPPED


def test_text_input_in_another_language_is_skipped(settings):
    result = clean(raw("\n".join(GERMAN), fmt=RawFormat.TEXT), settings)
    assert isinstance(result, Problem) and result.reason.startswith("language de not handled")


def test_rule_files_load_and_validate():
    from pipeline.clean import language, pagekind, published

    for loader in (published.rules, language.rules, pagekind.rules):
        loader.cache_clear()
        assert loader()
