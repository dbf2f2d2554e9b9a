"""The typed records of the quantities rule data: units, their surface forms, number words and
the modifier words around numbers."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Unit:
    """A canonical unit: `value * factor + offset` is the value in `base` (None: not convertible)."""

    name: str
    kind: str
    factor: float | None
    offset: float = 0.0
    base: str | None = None
    minor: str | None = None  # the smaller unit that may follow and add to it ("cent", "inch")


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
    context: str | None = None  # a unit only where the clause holds a cue of this set ('1.8 billion marks': money)
    unpaired: bool = False  # a quotation mark: a unit only where it closes no quotation ('a 10" pen')


@dataclass(frozen=True, slots=True)
class Bound:
    side: str  # "low" | "high" | "exact" ('equal to 30')
    inclusive: bool
    not_before: frozenset[str]


@dataclass(frozen=True, slots=True)
class Sense:
    """Surfaces that mean `unit` where their clause holds one of `cues` ('pounds' -> money)."""

    surfaces: frozenset[str]
    unit: str
    cues: frozenset[str]
    not_followed_by: frozenset[str]


@dataclass(frozen=True, slots=True)
class UnitBefore:
    """A phrase before a plain number that gives it a unit: 'aged 7' (year), 'percents of twenty'."""

    unit: str
    clause_end: bool  # only when the number ends its clause: not 'a percentage of 20 firms'


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
    points: frozenset[str]  # the word before spoken decimals: 'one point five'
    starters: frozenset[str]  # every word a number in words may start with ('forty', 'a', 'half')


@dataclass(frozen=True, slots=True)
class Modifiers:
    approximate: frozenset[str]
    bounds: dict[str, Bound]
    date_bounds: frozenset[str]  # bound words after which a number like a year stays a year ('within 2020')
    between: tuple[tuple[str, str], ...]
    range_joiners: tuple[str, ...]
    shared_unit_joiners: frozenset[str]
    change_openers: frozenset[str]  # range openers that after a change word start two values
    change_words: frozenset[str]  # 'rose', 'fell', 'increase': 'fell from 10% to 5%' is two values
    change_up: frozenset[str]  # change words with a direction: 'rose 5%' is a change up
    change_down: frozenset[str]
    change_fillers: frozenset[str]  # words between a change word and its amount: 'rose by 5%'
    postfix_bounds: dict[str, str]  # phrase after a number -> bound side: '20 or more' -> 'low'
    unitless_range_joiners: frozenset[str]  # joiners that make a range of two plain numbers ('20 to 30 people')
    unitless_range_not_before: frozenset[str]  # words after such a pair that make it no range ('won 1-3 at home')
    below_zero: tuple[str, ...]  # after a temperature: its value is negative ('10 degrees below zero')
    below_zero_unit: str  # the unit of a plain number before them ('10 below zero': degree)
    units_before: dict[str, UnitBefore]  # phrase (longest first) -> the unit it gives the number after it
    bound_joiners: tuple[str, ...]
    relative_time: tuple[str, ...]
    age: tuple[str, ...]
    ratio_guard_surfaces: frozenset[str]
    ratio_guard_words: frozenset[str]
    ratio_guard_tags: frozenset[str]
    ratio_verbs: dict[str, float]
    time_of_day: frozenset[str]
    months: frozenset[str]
    cues: dict[str, frozenset[str]]  # cue set name -> words that make a clause speak of it (money, temperature)
    senses: tuple[Sense, ...]


def norm(text: str) -> str:
    """Lookup key of a case-insensitive surface: 'Square-Mile' and 'square  mile' are one,
    and so are 'km/h' and 'km / h'."""
    return re.sub(r"\s*/\s*", "/", re.sub(r"[\s-]+", " ", text.lower())).strip()


def plural(word: str) -> str:
    """Regular English plural of the last word of `word` ('metric ton' -> 'metric tons')."""
    if re.search(r"(s|x|z|ch|sh)$", word):
        return word + "es"
    if re.search(r"[^aeiou]y$", word):
        return word[:-1] + "ies"
    return word + "s"
