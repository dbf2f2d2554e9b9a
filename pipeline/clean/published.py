"""Publication date of a page, and which source stated it.

Structured statements win over heuristics: a caller-given date ("input"), then JSON-LD
datePublished ("json-ld"), meta tags such as article:published_time ("meta"), a <time>
element marked as the publication time ("time-element"), htmldate's heuristic search
("htmldate"), and last a date in the URL path ("url"). The sources' names and patterns
live in published_sources.json.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime
from email.utils import parsedate_to_datetime
from functools import cache
from importlib import resources
from typing import Any

from dateutil import parser as dateutil_parser
from lxml import html as lxml_html

from pipeline.clean import jsonld

_ISO = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})(?:$|[T\s_])")
_COMPACT = re.compile(r"^\s*(\d{4})(\d{2})(\d{2})(?:$|T)")
_EPOCH = re.compile(r"^\s*(\d{10}|\d{13})\s*$")
_HAS_YEAR = re.compile(r"(?:^|\D)(?:1[89]|20)\d\d(?:\D|$)")
EARLIEST_YEAR = 1900
_DEFAULTS = (datetime(1901, 1, 1), datetime(1902, 2, 2))


@dataclass(frozen=True, slots=True)
class Rules:
    article_types: frozenset[str]
    date_keys: tuple[str, ...]
    meta_names: tuple[str, ...]
    time_itemprops: frozenset[str]
    time_classes: tuple[str, ...]
    url_patterns: tuple[re.Pattern[str], ...]


def _strings(data: dict[str, Any], key: str) -> list[str]:
    value = data.get(key)
    if not isinstance(value, list) or not value or not all(isinstance(v, str) and v for v in value):
        raise ValueError(f"published_sources.json: {key!r} must be a non-empty list of strings")
    return value


@cache
def rules() -> Rules:
    """Load and check published_sources.json (once per process)."""
    data = json.loads(resources.files("pipeline.clean").joinpath("published_sources.json").read_text("utf-8"))
    time_attrs = data.get("time_attributes")
    if not isinstance(time_attrs, dict):
        raise ValueError("published_sources.json: 'time_attributes' must be an object")
    return Rules(
        article_types=frozenset(_strings(data, "json_ld_article_types")),
        date_keys=tuple(_strings(data, "json_ld_date_keys")),
        meta_names=tuple(n.lower() for n in _strings(data, "meta_names")),
        time_itemprops=frozenset(_strings(time_attrs, "itemprop")),
        time_classes=tuple(_strings(time_attrs, "class_contains")),
        url_patterns=tuple(re.compile(p) for p in _strings(data, "url_patterns")),
    )


def _valid(y: int, m: int, d: int) -> date | None:
    if y < EARLIEST_YEAR:
        return None
    try:
        return date(y, m, d)
    except ValueError:
        return None


def parse_date(value: Any) -> date | None:
    """The calendar date a stated timestamp names (as written, not shifted to UTC), or None
    when `value` is not a recognisable full date."""
    if not isinstance(value, str | int) or isinstance(value, bool):
        return None
    text = str(value).strip()
    if m := _ISO.match(text) or _COMPACT.match(text):
        return _valid(int(m[1]), int(m[2]), int(m[3]))
    if m := _EPOCH.match(text):
        seconds = int(m[1]) / (1000 if len(m[1]) == 13 else 1)
        return datetime.fromtimestamp(seconds, UTC).date()
    if not _HAS_YEAR.search(text):
        return None  # "5 hours ago", "Tuesday": no full date to read
    try:
        return parsedate_to_datetime(text).date()  # RFC 2822, as in RSS and HTTP
    except (TypeError, ValueError, IndexError):
        pass
    try:
        # parsed twice with different defaults: a field that changes was not in the text
        first, second = (dateutil_parser.parse(text, default=d, ignoretz=True) for d in _DEFAULTS)
    except (ValueError, OverflowError):
        return None
    if first.date() != second.date():
        return None  # "August 2025", "2025": not a full date
    return _valid(first.year, first.month, first.day)


def from_json_ld(objects: list[dict[str, Any]]) -> date | None:
    """datePublished of the page's article object, else of any object that states one."""
    r = rules()
    ranked = sorted(objects, key=lambda o: 0 if jsonld.types(o) & r.article_types else 1)
    for obj in ranked:
        for key in r.date_keys:
            if found := parse_date(obj.get(key)):
                return found
    return None


def from_meta(tree: lxml_html.HtmlElement) -> date | None:
    """The strongest meta tag (by the order in meta_names) that holds a full date."""
    r = rules()
    stated: dict[str, str] = {}
    for meta in tree.iterfind(".//meta"):
        content = meta.get("content")
        if not content:
            continue
        for attr in ("property", "name", "itemprop", "http-equiv"):
            key = (meta.get(attr) or "").strip().lower()
            if key:
                stated.setdefault(key, content)
    for name in r.meta_names:
        if name in stated and (found := parse_date(stated[name])):
            return found
    return None


def _single_article(tree: lxml_html.HtmlElement) -> lxml_html.HtmlElement | None:
    articles = [a for a in tree.iter("article") if a.find(".//article") is None]
    return articles[0] if len(articles) == 1 else None


def from_time_element(tree: lxml_html.HtmlElement) -> date | None:
    """A <time> marked as the publication time (pubdate, itemprop, a "published" class),
    else the first <time datetime> of the page's only <article>."""
    r = rules()
    times = [t for t in tree.iter("time") if t.get("datetime")]
    for t in times:
        cls = (t.get("class") or "").lower()
        marked = (t.get("pubdate") is not None or t.get("itemprop") in r.time_itemprops
                  or any(c in cls for c in r.time_classes))
        if marked and (found := parse_date(t.get("datetime"))):
            return found
    article = _single_article(tree)
    if article is not None:
        for t in article.iter("time"):
            if found := parse_date(t.get("datetime")):
                return found
    return None


def from_url(url: str | None) -> date | None:
    """A full date in the URL path (/2025/08/04/, -2025-08-04-, _20250804)."""
    if not url:
        return None
    path = re.sub(r"^[a-z][a-z0-9+.-]*://[^/]+", "", url, flags=re.I)
    for pattern in rules().url_patterns:
        if (m := pattern.search(path)) and (found := _valid(int(m["y"]), int(m["m"]), int(m["d"]))):
            return found
    return None


def published_date(tree: lxml_html.HtmlElement, objects: list[dict[str, Any]], url: str | None,
                   heuristic: str | None) -> tuple[date | None, str | None]:
    """(date, source) from the page; `heuristic` is htmldate's finding (an ISO date or None)."""
    for source, find in (("json-ld", lambda: from_json_ld(objects)), ("meta", lambda: from_meta(tree)),
                         ("time-element", lambda: from_time_element(tree))):
        if found := find():
            return found, source
    in_url = from_url(url)
    guessed = parse_date(heuristic) if heuristic else None
    if guessed and guessed != in_url:
        return guessed, "htmldate"
    if in_url:
        return in_url, "url"  # htmldate read it from the URL too, or found nothing
    return None, None
