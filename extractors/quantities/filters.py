"""Context checks that keep false quantities out: dates and times of day next to a number,
durations that are points in time ('four months ago'), ages ('29 years old'), and the
comparative a 'times' ratio needs ('20 times stronger', not 'called 3 times')."""

from __future__ import annotations

import re
from bisect import bisect_left

from spacy.tokens import Doc

from extractors.quantities.lexicon import SP, Modifiers
from extractors.quantities.numbers import Number

_WORD_AFTER = re.compile(rf"{SP}*(?:-{SP}*)?([A-Za-z][A-Za-z.']*)")
_WORD_BEFORE = re.compile(rf"([A-Za-z]+)\.?{SP}*$")
_CLOCK = re.compile(r"\d{1,2}:\d{2}")
YEARS = (1000, 2100)
# Web addresses and e-mail addresses: their digits ('%20', 'issn%280024') are not quantities.
# Linear time on any text: an e-mail address is tried only where a run of non-spaces starts and
# its parts cannot hold '@' (a pattern like \S+@\S+ backtracks over a long unbroken run).
_ADDRESS = re.compile(r"(?i)\b(?:https?://|ftp://|www\.)\S+|(?<!\S)[^\s@]+@[^\s@]+\.\w+")


def address_spans(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in _ADDRESS.finditer(text)]


def _phrase_after(text: str, pos: int, phrases: tuple[str, ...] | frozenset[str]) -> int | None:
    """End of the first of `phrases` written right after `pos` (spaces allowed), else None."""
    at = re.compile(f"{SP}*").match(text, pos).end()
    low = text[at:at + 40].lower()
    for p in sorted(phrases, key=len, reverse=True):
        if low.startswith(p) and not (len(low) > len(p) and p[-1].isalpha() and low[len(p)].isalnum()):
            return at + len(p)
    return None


def relative_time_after(text: str, end: int, mods: Modifiers) -> bool:
    """'four months ago', 'three years later': a point in time, not an amount of time."""
    return _phrase_after(text, end, mods.relative_time) is not None


def age_after(text: str, end: int, mods: Modifiers) -> int:
    """Extend a duration over an age word: '29 years old', '90-day-old', '18 months of age'."""
    hyphen = text[end:end + 1] == "-"
    found = _phrase_after(text, end + 1 if hyphen else end, mods.age)
    return found if found is not None else end


def looks_like_date_or_time(text: str, number: Number, mods: Modifiers) -> bool:
    """A unitless number that is a year, a day of a month or a clock time: not a quantity."""
    if number.plain_integer and YEARS[0] <= number.value <= YEARS[1]:
        return True
    after = _WORD_AFTER.match(text, number.end)
    if after:
        word = after.group(1).lower()
        if word in mods.time_of_day or word.rstrip(".") in mods.months or word.rstrip(".") in mods.time_of_day:
            return True
    before = _WORD_BEFORE.search(text, 0, number.start)
    if before and before.group(1).lower() in mods.months:
        return True
    return bool(_CLOCK.match(text, max(0, number.start - 3)) or _CLOCK.match(text, number.start))


def token_offsets(doc: Doc) -> list[int]:
    """Every token's character offset: build it once per doc and pass it to comparative_follows."""
    return [t.idx for t in doc]


def comparative_follows(doc: Doc, char: int, mods: Modifiers, offsets: list[int] | None = None) -> bool:
    """True when the token at or after `char` is a comparative or a word that makes 'N times'
    a ratio ('20 times stronger', 'three times as many', 'five times the size').
    `offsets`: token_offsets(doc), when checking many quantities of one doc."""
    i = bisect_left(offsets if offsets is not None else token_offsets(doc), char)
    while i < len(doc) and doc[i].is_space:
        i += 1
    if i >= len(doc):
        return False
    token = doc[i]
    return token.tag_ in mods.ratio_guard_tags or token.lower_ in mods.ratio_guard_words
