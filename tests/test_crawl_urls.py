"""Canonical URLs, link classification, and a crawl plan's scope and patterns."""

from __future__ import annotations

import re

import pytest

from pipeline.crawl.config import Recrawl, check_settings, make_plan
from pipeline.crawl.urls import LinkKind, canonical, classify, host_key, site
from pipeline.errors import ConfigError
from pipeline.settings import Settings


@pytest.mark.parametrize("href, base, expected", [
    ("HTTP://WWW.Example.COM:80/a/../b/?utm_source=x&b=2&a=1#part", None, "http://www.example.com/b/?a=1&b=2"),
    ("../next.html#top", "https://example.com/news/2025/story.html", "https://example.com/news/next.html"),
    ("//cdn.example.org/x", "https://example.com/", "https://cdn.example.org/x"),
    ("/./a/./b/.", "http://h/", "http://h/a/b/"),
    ("https://example.com:443/", None, "https://example.com/"),
])
def test_canonical_spellings_of_one_page_agree(href, base, expected):
    assert canonical(href, base) == expected


@pytest.mark.parametrize("href", ["mailto:desk@example.com", "javascript:void(0)", "ftp://example.com/x",
                                  "http://example.com:99999/", "http:///nohost", "   "])
def test_canonical_refuses_what_cannot_be_fetched(href):
    assert canonical(href, "https://example.com/") is None


def test_host_key_and_site():
    assert host_key("http://127.0.0.1:8080/a?b=1") == "http://127.0.0.1:8080"
    assert site("https://www.example.com/a") == site("http://example.com/b") == "example.com"
    assert site("http://127.0.0.1:8080/") != site("http://127.0.0.1:8081/")


@pytest.mark.parametrize("url, kind", [
    ("https://example.com/2025/08/05/markets-rally.html", LinkKind.ARTICLE),
    ("https://example.com/news/us-china-rare-earth-talks", LinkKind.ARTICLE),
    ("https://example.com/world/story-1234567", LinkKind.ARTICLE),
    ("https://example.com/", LinkKind.INDEX),
    ("https://example.com/tag/trade", LinkKind.INDEX),
    ("https://example.com/world/page/3", LinkKind.INDEX),
    ("https://example.com/search?q=rates", LinkKind.INDEX),
    ("https://example.com/world/", LinkKind.PAGE),
    ("https://example.com/files/report.PDF", LinkKind.SKIP),
    ("https://example.com/img/photo.jpg", LinkKind.SKIP),
    ("https://example.com/login", LinkKind.SKIP),
    ("https://example.com/story?share=twitter", LinkKind.SKIP),
])
def test_classify_by_url(url, kind):
    assert classify(url) is kind


def test_plan_scope_is_the_seeds_sites_and_patterns_narrow_found_pages():
    plan = make_plan(["https://www.example.com/", "http://127.0.0.1:8080/feed.xml"],
                     include=[r"/20\d\d/"], exclude=[r"/2024/"])
    assert plan.seeds == ("https://www.example.com/", "http://127.0.0.1:8080/feed.xml")
    assert plan.in_scope("http://example.com/2025/a") and plan.in_scope("http://127.0.0.1:8080/x")
    assert not plan.in_scope("http://127.0.0.1:8081/x") and not plan.in_scope("https://other.org/")
    assert plan.wanted("https://example.com/2025/05/a") and not plan.wanted("https://example.com/2024/05/a")
    assert not plan.wanted("https://example.com/about")
    assert make_plan(["http://h/"]).recrawl is Recrawl.NONE and not make_plan(["http://h/"]).allow_private


@pytest.mark.parametrize("seeds, include, message", [
    ([], [], "at least one seed"),
    (["example.com"], [], "not an http(s) URL"),
    (["http://h/"], ["(unclosed"], "--include '(unclosed'"),
])
def test_plan_mistakes_are_config_errors(seeds, include, message):
    with pytest.raises(ConfigError, match=re.escape(message)):
        make_plan(seeds, include=include)


@pytest.mark.parametrize("field, value", [("crawl_concurrency", 0), ("crawl_delay", -1.0), ("near_duplicate", 0.0),
                                          ("near_duplicate", 1.5), ("crawl_user_agent", " "),
                                          ("crawl_user_agent", "newsfacts/0.1 (research crawler)")])
def test_crawl_settings_are_checked(field, value):
    with pytest.raises(ConfigError, match=field):
        check_settings(Settings(**{field: value}))


def test_default_user_agent_names_the_project_and_a_contact():
    agent = Settings().crawl_user_agent
    assert agent.startswith("newsfacts/") and "contact:" in agent
    assert check_settings(Settings()) == Settings()
    for contact in ("mybot/1.0 (+https://lab.example.edu/crawler)", "mybot/1.0 (contact: desk@lab.example.edu)"):
        assert check_settings(Settings(crawl_user_agent=contact)).crawl_user_agent == contact
