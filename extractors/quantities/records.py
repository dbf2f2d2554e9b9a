"""The typed records of the quantities rule data: units, their surface forms, number words and
the modifier words around numbers."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Unit:
    """A canonical unit: `value * factor + offset` is the value in `base` (None: not convertible)."""

    name: str
    kind: str
    factor: float | None
    offset: float = 0.0
    base: str | None = None
    minor: str | None = None  # a currency's subunit name ("cent")


@dataclass(frozen=True, slots=True)
class Surface:
    """One way a unit is written. `prefix`: may stand before the number ('$', 'US$', 'EUR')."""

    text: str
    unit: Unit
    case_sensitive: bool
    glued: bool = False  # must touch the number: '5t', '20C'
    guarded: bool = False  # refused when a word follows: '2 in april'
    prefix: bool = False
    suffix: bool = True
    spaced: bool = False  # 'us $': letters and symbol may be apart, any case


@dataclass(frozen=True, slots=True)
class Bound:
    side: str  # "low" | "high"
    inclusive: bool
    not_before: frozenset[str]


@dataclass(frozen=True, slots=True)
class NumberWords:
    ones: dict[str, float]
    tens: dict[str, float]
    hundred: dict[str, float]
    scales: dict[str, float]
    scale_abbrevs: dict[str, float]
    multiples: dict[str, float]
    fractions: dict[str, float]
    unicode_fractions: dict[str, float]
    articles: frozenset[str]
    negatives: frozenset[str]


@dataclass(frozen=True, slots=True)
class Modifiers:
    approximate: frozenset[str]
    bounds: dict[str, Bound]
    between: tuple[tuple[str, str], ...]
    range_joiners: tuple[str, ...]
    shared_unit_joiners: frozenset[str]
    change_openers: frozenset[str]  # range openers that after a change word start two values
    change_words: frozenset[str]  # 'rose', 'fell', 'increase': 'fell from 10% to 5%' is two values
    bound_joiners: tuple[str, ...]
    relative_time: tuple[str, ...]
    age: tuple[str, ...]
    ratio_guard_surfaces: frozenset[str]
    ratio_guard_words: frozenset[str]
    ratio_guard_tags: frozenset[str]
    ratio_verbs: dict[str, float]
    time_of_day: frozenset[str]
    months: frozenset[str]
    currency_senses: tuple[dict[str, Any], ...]


def norm(text: str) -> str:
    """Lookup key of a case-insensitive surface: 'Square-Mile' and 'square  mile' are one."""
    return re.sub(r"[\s-]+", " ", text.lower()).strip()


def plural(word: str) -> str:
    """Regular English plural of the last word of `word` ('metric ton' -> 'metric tons')."""
    if re.search(r"(s|x|z|ch|sh)$", word):
        return word + "es"
    if re.search(r"[^aeiou]y$", word):
        return word[:-1] + "ies"
    return word + "s"
