"""JSON-LD blocks of a page, flattened to their objects.

Publishers state their structured metadata (type, publication date, language) in
<script type="application/ld+json">. A block that is not valid JSON is the page's fault
and says nothing, so it is left out (and logged), while the other blocks still count.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterator
from typing import Any

from lxml import html as lxml_html

LOG = logging.getLogger(__name__)
_WRAPPER = re.compile(r"^\s*(?:<!--|<!\[CDATA\[|//\s*<!\[CDATA\[)|(?:-->|\]\]>|//\s*\]\]>)\s*$")
_NESTED_KEYS = ("@graph", "mainEntity", "mainEntityOfPage", "itemListElement", "hasPart")


def _walk(node: Any, depth: int = 0) -> Iterator[dict[str, Any]]:
    if depth > 6:
        return
    if isinstance(node, list):
        for item in node:
            yield from _walk(item, depth + 1)
    elif isinstance(node, dict):
        yield node
        for key in _NESTED_KEYS:
            if key in node:
                yield from _walk(node[key], depth + 1)


def objects(tree: lxml_html.HtmlElement) -> list[dict[str, Any]]:
    """Every JSON-LD object on the page, top-level first, @graph and list members included."""
    found: list[dict[str, Any]] = []
    for script in tree.iterfind('.//script[@type="application/ld+json"]'):
        source = _WRAPPER.sub("", script.text or "").strip()
        if not source:
            continue
        try:
            data = json.loads(source, strict=False)
        except json.JSONDecodeError as exc:
            LOG.debug("invalid JSON-LD block left out: %s", exc)
            continue
        found.extend(_walk(data))
    return found


def types(obj: dict[str, Any]) -> set[str]:
    """The object's @type names without a vocabulary prefix ("schema:NewsArticle" -> "NewsArticle")."""
    raw = obj.get("@type")
    names = raw if isinstance(raw, list) else [raw]
    return {str(n).rsplit("/", 1)[-1].rsplit(":", 1)[-1] for n in names if isinstance(n, str) and n}
