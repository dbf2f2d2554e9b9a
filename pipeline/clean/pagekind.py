"""Is a cleaned page an article? Index pages, empty bodies, consent walls and stubs are not.

trafilatura returns *some* text for almost any page, so the verdict looks at where that
text came from: an index (section, tag, search) page declares a listing type in JSON-LD,
or its text is the summaries of many teasers (units holding one linked headline each), or
mostly link texts; a consent wall's text is the banner's action phrases. The cues live in
page_cues.json.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from lxml import etree
from lxml import html as lxml_html

from pipeline.clean import jsonld
from pipeline.clean.published import rules as published_rules
from pipeline.settings import Settings

_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
TEASER_MAX_WORDS = 120  # a teaser is a headline and a short summary, never a whole article


@dataclass(frozen=True, slots=True)
class Rules:
    listing_types: frozenset[str]
    consent_phrases: tuple[str, ...]
    consent_min_phrases: int
    consent_max_words: int
    consent_min_share: float
    index_min_teasers: int
    index_min_teaser_share: float
    index_min_link_share: float


@cache
def rules() -> Rules:
    """Load and check page_cues.json (once per process)."""
    data = json.loads(resources.files("pipeline.clean").joinpath("page_cues.json").read_text("utf-8"))
    phrases = data["consent_phrases"]
    if not isinstance(phrases, dict) or not all(isinstance(v, list) and v for v in phrases.values()):
        raise ValueError("page_cues.json: 'consent_phrases' must map languages to lists of phrases")
    r = Rules(
        listing_types=frozenset(data["listing_types"]),
        consent_phrases=tuple(sorted({p.lower() for v in phrases.values() for p in v})),
        consent_min_phrases=int(data["consent_min_phrases"]),
        consent_max_words=int(data["consent_max_words"]),
        consent_min_share=float(data["consent_min_share"]),
        index_min_teasers=int(data["index_min_teasers"]),
        index_min_teaser_share=float(data["index_min_teaser_share"]),
        index_min_link_share=float(data["index_min_link_share"]),
    )
    if not all(0 < s <= 1 for s in (r.consent_min_share, r.index_min_teaser_share, r.index_min_link_share)):
        raise ValueError("page_cues.json: shares must lie in (0, 1]")
    return r


def _norm(text: str) -> str:
    return " ".join(text.split())


def _lines(text: str) -> list[str]:
    return [line for raw in text.split("\n") if (line := _norm(raw))]


def _share(lines: list[str], hit) -> float:
    total = sum(len(line.split()) for line in lines)
    return sum(len(line.split()) for line in lines if hit(line)) / total if total else 0.0


def consent_wall(text: str) -> bool:
    """True when the text is a cookie or consent banner rather than an article."""
    r = rules()
    lines = _lines(text.lower())
    if sum(len(line.split()) for line in lines) > r.consent_max_words:
        return False
    found = {p for p in r.consent_phrases if p in text.lower()}
    if len(found) < r.consent_min_phrases:
        return False
    return _share(lines, lambda line: "cookie" in line or any(p in line for p in found)) >= r.consent_min_share


def listing_type(objects: list[dict[str, Any]]) -> str | None:
    """The listing type the page declares in JSON-LD, when it declares no article type."""
    declared = set().union(*(jsonld.types(o) for o in objects)) if objects else set()
    if declared & published_rules().article_types:
        return None
    return next(iter(sorted(declared & rules().listing_types)), None)


def _linked(heading: lxml_html.HtmlElement) -> bool:
    text = _norm(heading.text_content())
    if not text:
        return False
    if any(a.tag == "a" and a.get("href") for a in heading.iterancestors()):
        return True
    linked = sum(len(_norm(a.text_content())) for a in heading.iter("a") if a.get("href"))
    return linked >= 0.8 * len(text)


def teasers(tree: lxml_html.HtmlElement) -> list[str]:
    """Texts of the page's teasers: the largest element around each linked headline that
    holds no other linked headline, when it is short enough to be a summary."""
    heads = [h for h in tree.iter(*_HEADINGS) if _linked(h)]
    count: Counter[etree._Element] = Counter()
    for h in heads:
        for ancestor in h.iterancestors():
            count[ancestor] += 1
    texts = []
    for h in heads:
        unit = h
        for ancestor in h.iterancestors():
            if count[ancestor] > 1 or ancestor.tag in ("body", "html"):
                break
            unit = ancestor
        text = _norm(unit.text_content())
        if len(text.split()) <= TEASER_MAX_WORDS:
            texts.append(text)
    return texts


def index_page(text: str, tree: lxml_html.HtmlElement) -> str | None:
    """Why the text looks like an index page's, or None."""
    r = rules()
    lines = _lines(text)
    units = teasers(tree)
    if len(units) >= r.index_min_teasers:
        joined = "\n".join(units)
        share = _share(lines, lambda line: line in joined)
        if share >= r.index_min_teaser_share:
            return f"index page ({len(units)} teasers; {share:.0%} of the text is their summaries)"
    anchors = {t for a in tree.iter("a") if a.get("href") and (t := _norm(a.text_content()))}
    share = _share(lines, lambda line: line in anchors)
    if share >= r.index_min_link_share:
        return f"index page ({share:.0%} of the text is link texts)"
    return None


def not_article(text: str, tree: lxml_html.HtmlElement, objects: list[dict[str, Any]],
                settings: Settings) -> str | None:
    """Why the cleaned page is not an article, or None when it is one."""
    words = len(text.split())
    if not words:
        return "no main text found (not an article page)"
    if words < settings.min_words:
        return f"too little text for an article ({words} words < settings.min_words = {settings.min_words})"
    if consent_wall(text):
        return "cookie or consent wall, not an article"
    if kind := listing_type(objects):
        return f"index page (JSON-LD declares a {kind}, no article)"
    return index_page(text, tree)
