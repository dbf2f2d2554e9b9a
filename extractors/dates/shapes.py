"""Single words whose shape says what they are: 12/03/2019, 2019-03-12, 5–7, FY1990, Q3,
10:35, the 1980s, '98. `read_shape` fills the reading and says how many words it used."""

from __future__ import annotations

import re
from collections.abc import Sequence

from extractors.dates.numbers import YEAR, pivot

NUMDATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})$")
RANGE = re.compile(r"^(\d+(?:\.\d+)?)[–-](\d+(?:\.\d+)?)$")
FISCAL_YEAR = re.compile(r"^fy'?(\d\d|\d{4})$")
PERIOD_CODE = re.compile(r"^([qh])([1-4])$")
CLOCK = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")
DECADE = re.compile(r"^'?(\d{2}|\d{4})0?s$")
TWO_DIGIT_YEAR = re.compile(r"^'(\d\d)$")
_TWO_DIGITS = re.compile(r"^\d\d$")


def decade_of(two_digits: int) -> int:
    """'80s -> 198; '00s, '10s, '20s -> 200, 201, 202."""
    return (200 if two_digits < 30 else 190) + two_digits // 10


def iso_date(words: Sequence[str], i: int) -> tuple[int, int, int] | None:
    """2019-03-12, which spaCy splits at the hyphens."""
    w = words[i:i + 5]
    if len(w) == 5 and YEAR.match(w[0]) and w[1] == "-" and w[3] == "-" and _TWO_DIGITS.match(w[2]) \
            and _TWO_DIGITS.match(w[4]) and 1 <= int(w[2]) <= 12 and 1 <= int(w[4]) <= 31:
        return int(w[0]), int(w[2]), int(w[4])
    return None


def read_shape(words: Sequence[str], i: int, r) -> int:
    """Fill `r` (a Reading) from the shaped word at i; the number of words read, -1 for a
    count range ("5–7"), 0 when the word has no telling shape."""
    word = words[i]
    iso = iso_date(words, i)
    if iso:
        r.year, r.month, r.day = iso
        return 5
    if m := NUMDATE.match(word):
        month, day, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
        if month > 12 >= day:
            month, day = day, month  # 25/12/2019 can only be day first
        r.month, r.day, r.year = month, day, year if year > 99 else pivot(year)
        return 1
    if RANGE.match(word):
        r.ranged = True
        return -1
    if m := FISCAL_YEAR.match(word):
        r.fiscal, r.year = True, int(m.group(1)) if len(m.group(1)) == 4 else pivot(int(m.group(1)))
        return 1
    if m := PERIOD_CODE.match(word):
        setattr(r, "quarter" if m.group(1) == "q" else "half", int(m.group(2)))
        return 1
    if m := CLOCK.match(word):
        r.clock = f"{int(m.group(1)):02d}:{m.group(2)}"
        return 1
    if (m := DECADE.match(word)) and not YEAR.match(word):
        digits = m.group(1)
        r.decade = int(digits[:3]) if len(digits) == 4 else decade_of(int(digits))
        return 1
    if m := TWO_DIGIT_YEAR.match(word):
        r.year = pivot(int(m.group(1)))
        return 1
    if word == "'" and i + 1 < len(words) and re.match(r"^\d0s$", words[i + 1]):
        return 1
    return 0
