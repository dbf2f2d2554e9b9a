"""The crawler's rule data (rules.json): which links to skip, which look like articles or
index pages, how many teasers make an index page, fetch priorities, and the content types
each kind of response may have.

Loaded and checked once per process; a broken file is a ValueError naming the key.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources


@dataclass(frozen=True, slots=True)
class Rules:
    skip_extensions: frozenset[str]
    skip_patterns: tuple[re.Pattern[str], ...]
    index_patterns: tuple[re.Pattern[str], ...]
    article_patterns: tuple[re.Pattern[str], ...]
    index_min_teasers: int  # a page with this many linked headlines and no article type is an index
    priority: dict[str, int]
    content_types: dict[str, frozenset[str]]


_PRIORITIES = {"feed", "sitemap", "article", "page", "index"}
_TYPE_GROUPS = {"html", "xml", "json", "text", "gzip"}


def _patterns(data: dict, key: str) -> tuple[re.Pattern[str], ...]:
    try:
        return tuple(re.compile(p, re.IGNORECASE) for p in data[key])
    except re.error as exc:
        raise ValueError(f"rules.json: {key}: bad pattern {exc.pattern!r}: {exc}") from exc


@cache
def rules() -> Rules:
    data = json.loads(resources.files("pipeline.crawl").joinpath("rules.json").read_text("utf-8"))
    if set(data["priority"]) != _PRIORITIES:
        raise ValueError(f"rules.json: priority must name exactly {sorted(_PRIORITIES)}")
    if set(data["content_types"]) != _TYPE_GROUPS:
        raise ValueError(f"rules.json: content_types must name exactly {sorted(_TYPE_GROUPS)}")
    if not all(e.startswith(".") and e == e.lower() for e in data["skip_extensions"]):
        raise ValueError("rules.json: skip_extensions must be lower-case and start with '.'")
    return Rules(
        skip_extensions=frozenset(data["skip_extensions"]),
        skip_patterns=_patterns(data, "skip_patterns"),
        index_patterns=_patterns(data, "index_patterns"),
        article_patterns=_patterns(data, "article_patterns"),
        index_min_teasers=int(data["index_min_teasers"]),
        priority={k: int(v) for k, v in data["priority"].items()},
        content_types={k: frozenset(v) for k, v in data["content_types"].items()},
    )
