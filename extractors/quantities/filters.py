"""Context checks that keep false quantities out: dates and times of day next to a number,
durations that are points in time ('four months ago'), ages ('29 years old'), and the
comparative a 'times' ratio needs ('20 times stronger', not 'called 3 times')."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable

from spacy.tokens import Doc

from extractors.quantities.lexicon import SP, Modifiers
from extractors.quantities.numbers import Number

_WORD_AFTER = re.compile(rf"{SP}*(?:-{SP}*)?([A-Za-z][A-Za-z.']*)")
_WORD_BEFORE = re.compile(rf"([A-Za-z]+)\.?{SP}*$")
_CLOCK = re.compile(r"\d{1,2}:\d{2}")
_SPACES = re.compile(f"{SP}*")
_HYPHEN_GAP = re.compile(rf"{SP}*(?:-{SP}*)?")
_HYPHEN_DIGIT = re.compile(r"-\d")
_THAN_NEXT = re.compile(rf"{SP}+th[ae]n\b", re.IGNORECASE)
_DIGIT_NEXT = re.compile(rf"{SP}*\d")
YEARS = (1000, 2100)
# Web addresses and e-mail addresses: their digits ('%20', 'issn%280024') are not quantities.
# Linear time on any text: an e-mail address is tried only where a run of non-spaces starts and
# its parts cannot hold '@' (a pattern like \S+@\S+ backtracks over a long unbroken run).
_ADDRESS = re.compile(r"(?i)\b(?:https?://|ftp://|www\.)\S+|(?<!\S)[^\s@]+@[^\s@]+\.\w+")


def address_spans(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in _ADDRESS.finditer(text)]


def phrase_after(text: str, pos: int, phrases: Iterable[str]) -> int | None:
    """End of the first of `phrases` (the rule data lists them longest first) written right
    after `pos` (spaces allowed), else None."""
    at = _SPACES.match(text, pos).end()
    low = text[at:at + 40].lower()
    for p in phrases:
        if low.startswith(p) and not (len(low) > len(p) and p[-1].isalpha() and low[len(p)].isalnum()):
            return at + len(p)
    return None


def relative_time_after(text: str, end: int, mods: Modifiers) -> bool:
    """'four months ago', 'three years later': a point in time, not an amount of time."""
    return phrase_after(text, end, mods.relative_time) is not None


def age_after(text: str, end: int, mods: Modifiers) -> int:
    """Extend a duration over an age word: '29 years old', '90-day-old', '5 - year - old',
    '18 months of age'."""
    found = phrase_after(text, _HYPHEN_GAP.match(text, end).end(), mods.age)
    return found if found is not None else end


def postfix_bound_after(text: str, end: int, mods: Modifiers) -> tuple[str, int] | None:
    """('low' | 'high', new end) for an open bound written after a number: '20 or more', '65 and
    over', '500+', '20-plus'. A symbol must touch the number and not start another ('10+5')."""
    found = phrase_after(text, end, mods.postfix_bounds)
    if found is None:
        return None
    phrase = re.sub(r"\s+", " ", text[end:found].strip().lower())
    if not phrase[0].isalpha() and (text[end:end + 1].isspace() or _DIGIT_NEXT.match(text, found)):
        return None
    if _THAN_NEXT.match(text, found):
        return None  # '20 or more than 30' is two numbers
    return mods.postfix_bounds[phrase], found


def phone_shaped(text: str, first: Number, second: Number) -> bool:
    """Two plain numbers that are part of a phone number or a code, not a range: '555-1234'
    (three digits, a hyphen, four digits) or a chain of hyphenated groups ('1-800-555-0199')."""
    if not (first.plain_integer and second.plain_integer and text[first.end:second.start] == "-"):
        return False
    if first.end - first.start == 3 and second.end - second.start == 4:
        return True
    return bool(_HYPHEN_DIGIT.match(text, second.end)) or (
        first.start > 1 and text[first.start - 1] == "-" and text[first.start - 2].isdigit())


def looks_like_date_or_time(text: str, number: Number, mods: Modifiers, counted: bool = False) -> bool:
    """A unitless number that is a year, a day of a month or a clock time: not a quantity.
    `counted`: a bound that counts stands next to it ('more than 2000 people', '1500 or more'),
    so a number in the range of years is a count."""
    if is_year(number) and not counted:
        return True
    return next_to_date_or_time(text, number, mods)


def is_year(number: Number) -> bool:
    """Digits only, in the range of years: '2025', not '2,025' or '2025.5'."""
    return number.plain_integer and YEARS[0] <= number.value <= YEARS[1]


def next_to_date_or_time(text: str, number: Number, mods: Modifiers) -> bool:
    """A number written as a day of a month or a clock time ('March 3', '3 pm', '10:30')."""
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
