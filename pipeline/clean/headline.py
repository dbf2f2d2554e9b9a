"""The headline is the title, not body text.

Pages repeat their headline at the top of the article body; readers (and the articles
benchmark's ground truth) take it as the title. It is the first <h1> among the first
LEADING_BLOCKS blocks of trafilatura's XML body, else a first block that says what the
title says: a heading much like it, or a paragraph repeating it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import islice

from lxml import etree

LEADING_BLOCKS = 4
HEADING_SIMILARITY = 0.5
PARAGRAPH_SIMILARITY = 0.9

_SPACE = re.compile(r"\s+")
_WORD = re.compile(r"\w+")
_BLOCKS = frozenset({"p", "head", "item", "cell", "code", "quote"})


def _words(text: str) -> list[str]:
    return _WORD.findall(text.casefold())


def similar_to_title(text: str, title: str, threshold: float = 0.5) -> bool:
    """True when a line says about what the title says: the Dice overlap of their word sets
    reaches `threshold` (case, punctuation, word order and a site suffix aside)."""
    a, b = set(_words(text)), set(_words(title))
    return bool(a and b) and 2 * len(a & b) / (len(a) + len(b)) >= threshold


def _leading_blocks(body: etree._Element) -> Iterator[etree._Element]:
    for el in body.iter():
        if (el is not body and isinstance(el.tag, str) and el.tag in _BLOCKS
                and _SPACE.sub(" ", "".join(el.itertext())).strip()):
            yield el


def _remove(el: etree._Element) -> None:
    """Remove `el` from its tree, keeping its tail text."""
    parent = el.getparent()
    if el.tail and el.tail.strip():
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)


def drop_headline(body: etree._Element, titles: list[str]) -> etree._Element | None:
    """Remove the headline from the top of the body and return it (None when there is none)."""
    leading = list(islice(_leading_blocks(body), LEADING_BLOCKS))
    text = {el: _SPACE.sub(" ", "".join(el.itertext())).strip() for el in leading}
    heads = [el for el in leading if el.tag == "head"]
    found = next((el for el in heads if el.get("rend") == "h1"), None)
    if found is None and leading:
        first = leading[0]
        threshold = {"head": HEADING_SIMILARITY, "p": PARAGRAPH_SIMILARITY}.get(first.tag)
        if threshold and any(similar_to_title(text[first], t, threshold) for t in titles):
            found = first
    if found is not None:
        _remove(found)
    return found
