"""Article bodies split into several containers.

Some sites close the body's <div class="article__body"> at every ad break and open a new
one after it; extractors settle on the first part. When the paragraphs that trafilatura
kept sit in a container whose tag and class (and its parent's) recur elsewhere on the page
around more unseen paragraphs, the parts are gathered, in page order, into one page for a
second extraction.
"""

from __future__ import annotations

from collections import Counter
from copy import deepcopy

from lxml import html as lxml_html

MIN_PARAGRAPH_WORDS = 8  # shorter paragraphs are too common to identify a container
MIN_NEW_WORDS = 30  # the other parts must add at least this much paragraph text


def _text(el: lxml_html.HtmlElement) -> str:
    return " ".join(el.text_content().split())


def _paragraphs(el: lxml_html.HtmlElement) -> list[str]:
    return [t for p in el.iter("p") if len((t := _text(p)).split()) >= MIN_PARAGRAPH_WORDS]


def _signature(el: lxml_html.HtmlElement) -> tuple[str, ...]:
    """Tag and class of the element and of its parent: parts of one body look alike at both levels."""
    parent = el.getparent()
    pair = (el, parent) if parent is not None else (el,)
    return tuple(f"{e.tag}.{' '.join(e.get('class', '').split())}" for e in pair)


def parts(tree: lxml_html.HtmlElement, extracted: str) -> list[lxml_html.HtmlElement] | None:
    """The containers of a split body in page order, or None when the body is not split."""
    seen = " ".join(extracted.split())
    homes = Counter(p.getparent() for p in tree.iter("p")
                    if len((t := _text(p)).split()) >= MIN_PARAGRAPH_WORDS and t in seen)
    if not homes:
        return None
    home = homes.most_common(1)[0][0]
    if home is None or not home.get("class", "").strip():
        return None
    signature = _signature(home)
    same = [el for el in tree.iter(home.tag) if _signature(el) == signature]
    # keep the outermost of nested look-alikes
    same = [el for el in same if not any(other is not el and other in el.iterancestors() for other in same)]
    if len(same) < 2:
        return None
    new_words = sum(len(t.split()) for el in same if el is not home for t in _paragraphs(el) if t not in seen)
    return same if new_words >= MIN_NEW_WORDS else None


def joined_page(tree: lxml_html.HtmlElement, containers: list[lxml_html.HtmlElement]) -> lxml_html.HtmlElement:
    """A page with the original <head> and the containers, in order, as one <article>."""
    page = lxml_html.Element("html")
    head = tree.find("head")
    if head is not None:
        page.append(deepcopy(head))
    body = lxml_html.Element("body")
    article = lxml_html.Element("article")
    for el in containers:
        article.append(deepcopy(el))
    body.append(article)
    page.append(body)
    return page
