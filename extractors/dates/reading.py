"""Read the words of a candidate span into a `Reading`: the calendar fields, counts, units,
relations and modifiers it states, before any anchoring. Pure: words in, Reading out.

"approximately four months ago" -> number 4, unit M, offset (-1, anchor), mod APPROX;
"July last year" -> month 7, relative -1, unit Y. Words the lexicon does not know are kept
in `unknown`, so a span that is not wholly temporal can be refused.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from extractors.dates.words import HYPHENS, WordTable

_DIGITS = re.compile(r"^\d+(?:,\d{3})*(?:\.\d+)?$")
_FRACTION = re.compile(r"^(\d+)/(\d+)$")
_NUMDATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})$")
_RANGE = re.compile(r"^(\d+(?:\.\d+)?)[–-](\d+(?:\.\d+)?)$")
_YEAR = re.compile(r"^(1\d{3}|20\d\d)$")
_ORDINAL = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)$")
_DECADE = re.compile(r"^'?(\d{2}|\d{4})0?s$")
_CLOCK = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")
_QUARTER = re.compile(r"^([qh])([1-4])$")
_FISCAL_YEAR = re.compile(r"^fy'?(\d\d|\d{4})$")
_TWO_DIGIT_YEAR = re.compile(r"^'(\d\d)$")
_SKIP = frozenset({"the", "of", ",", "'s", "'", "in", "at", "on", "and", "a", "an", "o'clock", "."})
_LONG = frozenset({"long"})


@dataclass(slots=True)
class Reading:
    """What a span states. Calendar fields are None when not stated."""

    words: tuple[str, ...] = ()
    year: int | None = None
    month: int | None = None
    day: int | None = None
    weekday: int | None = None
    season: str | None = None
    quarter: int | None = None
    half: int | None = None
    decade: int | None = None  # 198 for the 1980s
    century: int | None = None  # 19 for the 20th century
    part: str | None = None  # part of day: MO, AF, EV, NI
    clock: str | None = None  # "10:35", "24"
    holiday: Mapping[str, int] | None = None
    fiscal: bool = False
    period: bool = False
    number: float | None = None
    vague: bool = False
    ranged: bool = False
    unit: str | None = None
    plural: bool = False
    adjectival: bool = False
    relative: int | None = None
    anaphoric: bool = False
    latest: bool = False
    definite: bool = False
    demonstrative: bool = False
    offset: Mapping[str, Any] | None = None
    year_ago: bool = False  # "year-earlier", "year-ago": one year before the reference
    deictic: int | None = None
    reference: str | None = None
    every: bool = False
    weekdays: int | None = None  # "Mondays"
    set_value: str | None = None
    mod: str | None = None
    prefix_attach: str | None = None  # the attachment rule of the prefix modifier read
    conjunction: bool = False
    starts_with_count: bool = False
    unknown: list[str] = field(default_factory=list)

    @property
    def calendar(self) -> bool:
        """States a calendar position of its own (not only a count of units)."""
        return any(v is not None for v in (self.year, self.month, self.day, self.weekday, self.season,
                                           self.quarter, self.half, self.decade, self.century, self.holiday,
                                           self.clock, self.deictic))

    @property
    def kind(self) -> str:
        """ref | set | offset | duration | point."""
        if self.every or self.set_value or self.weekdays is not None:
            return "set"
        if self.reference and not self.calendar and self.unit is None:
            return "ref"
        if self.offset is not None or self.year_ago:
            return "offset"
        if self.unit and not self.calendar and (
                self.number is not None or self.vague or self.ranged or self.adjectival
                or (self.plural and self.relative is None and not self.latest and not self.demonstrative)):
            return "duration"
        return "point"


class _Reader:
    def __init__(self, words: Sequence[str], table: WordTable) -> None:
        self.w = list(words)
        self.t = table
        self.r = Reading(words=tuple(words))
        self.numbers: list[tuple[int, float, str]] = []  # (index, value, how: digits|words|ordinal)
        self.plus_half = False

    # --- helpers -------------------------------------------------------------------------
    def kinds(self, i: int) -> set[str]:
        return self.t.kinds(self.w[i]) if 0 <= i < len(self.w) else set()

    def value(self, i: int, kind: str) -> Any:
        return self.t.value(self.w[i], kind) if 0 <= i < len(self.w) else None

    def next_content(self, i: int) -> int:
        """Index of the next word after i that is not a hyphen, "of" or "the"."""
        j = i + 1
        while j < len(self.w) and (self.w[j] in HYPHENS or self.w[j] in ("of", "the", "'s")):
            j += 1
        return j

    def set_mod(self, mod: str, attach: str | None = None) -> None:
        if self.r.mod is None:
            self.r.mod = mod
            self.r.prefix_attach = attach

    # --- numbers -------------------------------------------------------------------------
    def number_run(self, i: int) -> tuple[int, float, int | None] | None:
        """Parse number words/digits starting at i: (words consumed, value, the year it
        would be when no unit follows: "nineteen ninety-six" -> 1996, "two thousand" -> 2000)."""
        w = self.w
        total, current, j, parts = 0.0, 0.0, i, []
        while j < len(w):
            word = w[j]
            if _DIGITS.match(word) and not parts:
                current = float(word.replace(",", ""))
                parts.append(current)
                j += 1
                continue
            frac = _FRACTION.match(word)
            if frac and int(frac.group(2)):
                current += int(frac.group(1)) / int(frac.group(2))
                parts.append(0)
                j += 1
                continue
            if word in ("a", "an") and parts:
                break
            if word in ("a", "an"):
                after = w[j + 1] if j + 1 < len(w) else ""
                if "multiplier" in self.t.kinds(after) or after == "half":
                    current, j = 1.0, j + 1
                    parts.append(1)
                    continue
                if "unit" in self.t.kinds(after) or (after in HYPHENS):
                    current, j = 1.0, j + 1
                    parts.append(1)
                    break
                return None
            if word == "couple" and not parts:
                current, j = 2.0, j + 1
                parts.append(2)
                if j < len(w) and w[j] == "of":
                    j += 1
                break
            if word == "half" and (not parts or w[j - 1] in ("a", "an")):
                current = current * 0.5 if parts and current else 0.5
                parts.append(0.5)
                j += 1
                if j < len(w) and w[j] in ("a", "an"):
                    j += 1
                break
            mult = self.t.value(word, "multiplier")
            if mult and parts:
                current = (current or 1) * mult
                if mult >= 1000:
                    total, current = total + current, 0.0
                parts.append(mult)
                j += 1
                continue
            num = self.t.value(word, "number")
            if num is not None and word not in ("a", "an", "couple", "half") and isinstance(num, (int, float)):
                if parts and j > i and w[j - 1] not in HYPHENS and not _words_number(w[j - 1], self.t):
                    break
                current += num
                parts.append(num)
                j += 1
                ones = self.t.value(w[j + 1], "number") if j + 1 < len(w) and w[j] in HYPHENS else None
                if ones is not None and 20 <= num <= 90 and num % 10 == 0 and 1 <= ones < 10:
                    current += ones
                    parts.append(ones)
                    j += 2
                continue
            break
        if not parts:
            return None
        value = total + current
        year = None
        if len(parts) >= 2 and 10 <= parts[0] <= 20 and all(p < 100 for p in parts) and 1 <= sum(parts[1:]) <= 99:
            year = int(parts[0] * 100 + sum(parts[1:]))
        elif 1000 <= value <= 2099 and value == int(value):
            year = int(value)
        return j - i, value, year

    # --- main loop -----------------------------------------------------------------------
    def run(self) -> Reading:
        w, r = self.w, self.r
        if w and w[0] == "the":
            r.definite = True
        i = 0
        while i < len(w):
            i = self.step(i)
        self.finish()
        return r

    def step(self, i: int) -> int:
        w, r, t = self.w, self.r, self.t
        word = w[i]
        # whole-span references ("the past", "these days") and multi-word phrases
        whole = t.phrase_at(w, i, ("reference",))
        if whole and i + whole[0] == len(w) and not self._has_content_before(i):
            r.reference = whole[1].value
            return len(w)
        phrase = t.phrase_at(w, i, ("prefix", "suffix", "direction", "holiday", "deictic"))
        if phrase:
            n, sense = phrase
            if sense.kind == "prefix":
                self.set_mod(sense.value["mod"], sense.value["before"])
            elif sense.kind == "suffix":
                self.set_mod(sense.value)
            elif sense.kind == "direction":
                r.offset = sense.value
            elif sense.kind == "holiday":
                r.holiday = sense.value
            return i + n
        kinds = t.kinds(word)
        if "holiday" in kinds:
            r.holiday = self.value(i, "holiday")
            return i + 1
        if word in HYPHENS:
            return i + 1
        # shapes
        m = _NUMDATE.match(word)
        if m:
            month, day, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
            r.month, r.day, r.year = month, day, year if year > 99 else _pivot(year)
            return i + 1
        m = _RANGE.match(word)
        if m:
            r.ranged, r.starts_with_count = True, r.starts_with_count or i == self._first_content()
            return i + 1
        m = _FISCAL_YEAR.match(word)
        if m:
            r.fiscal, r.year = True, int(m.group(1)) if len(m.group(1)) == 4 else _pivot(int(m.group(1)))
            return i + 1
        m = _QUARTER.match(word)
        if m:
            setattr(r, "quarter" if m.group(1) == "q" else "half", int(m.group(2)))
            return i + 1
        m = _CLOCK.match(word)
        if m:
            r.clock = f"{int(m.group(1)):02d}:{m.group(2)}"
            return i + 1
        m = _DECADE.match(word)
        if m and not _YEAR.match(word):
            digits = m.group(1)
            r.decade = int(digits[:3]) if len(digits) == 4 else _decade_of(int(digits))
            return i + 1
        m = _TWO_DIGIT_YEAR.match(word)
        if m:
            r.year = _pivot(int(m.group(1)))
            return i + 1
        if word in ("'",) and i + 1 < len(w) and re.match(r"^\d0s$", w[i + 1]):
            return i + 1
        m = _YEAR.match(word)
        if m and not self._unit_follows(i + 1):
            if r.year is not None and r.year != int(word):
                r.conjunction = True
            r.year = int(word)
            return i + 1
        if "ordinal" in kinds and self._is_relative_use(i):
            return i + 1  # "the first nine months", "the last two years"
        m = _ORDINAL.match(word)
        if m or ("ordinal" in kinds and word not in ("last", "second") and not self._is_relative_use(i)) \
                or (word in ("last", "second") and self._ordinal_use(i)):
            value = int(m.group(1)) if m else self.value(i, "ordinal")
            return self.ordinal(i, value)
        if "month" in kinds:
            if r.month is not None and r.month != self.value(i, "month"):
                r.conjunction = True
            r.month = self.value(i, "month")
            return i + 1
        if "weekday" in kinds:
            r.weekday = self.value(i, "weekday")
            return i + 1
        if "weekdays" in kinds:
            r.weekdays = self.value(i, "weekdays")
            return i + 1
        if "season" in kinds:
            r.season = self.value(i, "season")
            return i + 1
        if "deictic" in kinds:
            r.deictic = self.value(i, "deictic")
            r.part = self.value(i, "deictic_part") or r.part
            return i + 1
        if "clock_word" in kinds:
            r.clock = f"{self.value(i, 'clock_word'):02d}"
            return i + 1
        if "meridiem" in kinds:
            self.meridiem(self.value(i, "meridiem"))
            return i + 1
        if "timezone" in kinds:
            return i + 1
        if "set_word" in kinds:
            r.set_value = self.value(i, "set_word")
            return i + 1
        if "every" in kinds and i == self._first_content():
            r.every = True
            return i + 1
        run = self.number_run(i)
        if run and not ("vague" in kinds and word not in ("a", "an")):
            n, value, year = run
            if i == self._first_content() or (r.mod and r.prefix_attach):
                r.starts_with_count = True
            if year is not None and not self._unit_follows(i + n) and r.unit is None:
                r.year = year
            elif r.unit == "Y" and w[i - 1:i] == ["year"] and year is not None:
                r.year, r.unit = year, None
            else:
                self.numbers.append((i, value, "words"))
            return i + n
        if "unit" in kinds:
            return self.unit(i)
        if "part" in kinds:
            r.part = self.value(i, "part")
            return i + 1
        if word in ("earlier", "later", "ago") and self._after_unit_word(i):
            r.year_ago = True  # "year-earlier", "year-ago": an adjective, one year before the reference
            return i + 1
        if "direction" in kinds and (r.unit is not None or self.numbers or r.vague):
            r.offset = self.value(i, "direction")
            return i + 1
        if "position" in kinds:
            self.set_mod(self.value(i, "position"), "point")
            return i + 1
        if "prefix" in kinds:
            sense = self.value(i, "prefix")
            self.set_mod(sense["mod"], sense["before"])
            return i + 1
        if "relative" in kinds or word in ("same", "latest", "most-recent", "that", "comparable"):
            return self.relative(i)
        if "vague" in kinds:
            r.vague = True
            if i == self._first_content():
                r.starts_with_count = False
            return i + 1
        if "reference" in kinds:
            r.reference = self.value(i, "reference")
            return i + 1
        if "fiscal" in kinds:
            r.fiscal = True
            return i + 1
        if word == "and" and self._and_a_half(i):
            self.plus_half = True
            return i + 3
        if word == "period":
            r.period = True  # "the latest period", "the year-ago period": the period in focus
            return i + 1
        if word in _SKIP or "generic" in kinds:
            if word in ("and", "or", "to") and i > 0:
                self._conjunction(i)
            return i + 1
        if word in _LONG and i > 0 and w[i - 1] in HYPHENS and r.unit is not None:
            r.adjectival = True
            return i + 1
        if word in ("or", "to"):
            self._conjunction(i)
            return i + 1
        if word in ("so", "now", "more", "year") and i > 0:
            return i + 1
        r.unknown.append(word)
        return i + 1

    # --- pieces --------------------------------------------------------------------------
    def _first_content(self) -> int:
        j = 0
        while j < len(self.w) and (self.w[j] in ("the",) or "prefix" in self.kinds(j) and not
                                   ({"number", "relative"} & self.kinds(j))):
            j += 1
        return j

    def _has_content_before(self, i: int) -> bool:
        return any(self.w[j] not in _SKIP and "prefix" not in self.kinds(j) for j in range(i))

    def _unit_follows(self, j: int) -> bool:
        while j < len(self.w) and (self.w[j] in HYPHENS or "number" in self.kinds(j) or _DIGITS.match(self.w[j])
                                   or _FRACTION.match(self.w[j])):
            j += 1
        return j < len(self.w) and "unit" in self.kinds(j)

    def _after_unit_word(self, i: int) -> bool:
        """True for the "earlier" of "year-earlier" (a hyphen after a bare "year")."""
        return i >= 2 and self.w[i - 1] in HYPHENS and self.w[i - 2] == "year" and not self.numbers

    def _is_relative_use(self, i: int) -> bool:
        """"first"/"next"... followed by a count ("the first nine months") is relative, not ordinal."""
        j = i + 1
        return j < len(self.w) and ("number" in self.kinds(j) or _DIGITS.match(self.w[j]) is not None
                                    or "vague" in self.kinds(j)) and self.w[j] not in ("a", "an", "half")

    def _ordinal_use(self, i: int) -> bool:
        j = self.next_content(i)
        if j < len(self.w) and self.w[j] in ("quarter", "half", "century"):
            return True
        return self.w[i] == "second" and j < len(self.w) and "month" in self.kinds(j)

    def ordinal(self, i: int, value: int) -> int:
        r = self.r
        j = self.next_content(i)
        nxt = self.w[j] if j < len(self.w) else ""
        if nxt == "quarter" or (nxt in ("fiscal",) and self.w[j + 1:j + 2] == ["quarter"]):
            r.quarter = 4 if value == -1 else value
            return (j + 1) if nxt == "quarter" else j + 2
        if nxt == "half":
            r.half = 2 if value == -1 else value
            return j + 1
        if nxt == "century":
            r.century = value - 1
            return j + 1
        if value > 0 and (r.month is not None or "month" in self.kinds(j)):
            r.day = value
            return i + 1
        r.unknown.append(self.w[i])
        return i + 1

    def unit(self, i: int) -> int:
        r = self.r
        code, plural = self.value(i, "unit")
        if r.unit is not None and r.year_ago:
            r.unit, r.plural = code, plural  # "the year-earlier quarter": the period named last
            return i + 1
        if r.unit is not None and r.unit != code:
            if r.unit == "Y" and r.relative is not None and code in ("Q", "H"):
                r.unit = code
                return i + 1
            r.conjunction = r.conjunction or self._between_has_conjunction(i)
            if not r.conjunction and code in ("Q", "M", "W", "D"):
                r.unit, r.plural = code, plural
            return i + 1
        r.unit, r.plural = code, plural
        if i + 1 < len(self.w) and self.w[i + 1] in HYPHENS and self.w[i + 2:i + 3] == ["long"]:
            r.adjectival = True
        if i > 0 and self.w[i - 1] in HYPHENS and (self.numbers or r.ranged):
            r.adjectival = True
        return i + 1

    def _between_has_conjunction(self, i: int) -> bool:
        return any(w in ("and", "or", "to") for w in self.w[:i])

    def relative(self, i: int) -> int:
        r, word = self.r, self.w[i]
        if word == "that":
            r.demonstrative = True
        elif word == "same":
            r.anaphoric, r.relative = True, 0
        elif word in ("latest", "most-recent"):
            r.latest = True
        elif word == "comparable":
            pass
        else:
            r.relative = self.value(i, "relative")
            if "anaphoric" in self.kinds(i) or (word == "next" and r.definite and not self._is_relative_use(i)
                                                and self._day_unit_follows(i)):
                r.anaphoric = True
        return i + 1

    def _day_unit_follows(self, i: int) -> bool:
        j = i + 1
        return j < len(self.w) and (self.value(j, "unit") or ("",))[0] in ("D",) or "part" in self.kinds(j)

    def meridiem(self, which: str) -> None:
        r = self.r
        if r.clock is None and self.numbers:
            idx, value, _ = self.numbers.pop()
            if value == int(value) and 1 <= value <= 12:
                r.clock = f"{int(value):02d}:00"
        if r.clock:
            hour, _, minute = r.clock.partition(":")
            h = int(hour) % 12 + (12 if which == "pm" else 0)
            r.clock = f"{h:02d}:{minute or '00'}"

    def _conjunction(self, i: int) -> None:
        r = self.r
        if self._and_a_half(i):
            return
        before = [n for n in self.numbers if n[0] < i]
        if before and i + 1 < len(self.w) and self.number_run(i + 1):
            r.ranged = True
        elif any(w in ("and", "or") for w in self.w[i:i + 1]) and not self._and_a_half(i):
            r.conjunction = r.conjunction or self._two_expressions(i)

    def _and_a_half(self, i: int) -> bool:
        return self.w[i:i + 3] == ["and", "a", "half"]

    def _two_expressions(self, i: int) -> bool:
        left = [w for w in self.w[:i] if w not in _SKIP]
        right = [w for w in self.w[i + 1:] if w not in _SKIP]
        return bool(left) and bool(right)

    # --- after the loop ------------------------------------------------------------------
    def finish(self) -> None:
        r, w = self.r, self.w
        numbers = self.numbers
        if r.ranged:
            r.number = None
        elif numbers:
            if r.month is not None and r.day is None and len(numbers) == 1 and r.unit is None \
                    and numbers[0][1] == int(numbers[0][1]) and 1 <= numbers[0][1] <= 31:
                r.day = int(numbers[0][1])
            elif len(numbers) >= 2 and r.unit is not None and not r.ranged:
                r.ranged = True
            else:
                r.number = numbers[0][1]
        if r.number is not None and self.plus_half:
            r.number += 0.5
        if r.number is None and r.unit is not None and not r.ranged and not r.vague and r.year_ago:
            r.number = 1
        if r.clock is None and r.part and r.unit is None and r.number is not None and r.day is None \
                and r.number == int(r.number) and 1 <= r.number <= 12:
            hour = int(r.number) % 12 + (12 if r.part in ("AF", "EV", "NI") and r.number < 12 else 0)
            r.clock, r.number, r.part = f"{hour:02d}:00", None, None
        if r.clock and r.part is None and r.clock in ("12", "24"):
            r.clock = f"{r.clock}:00" if r.clock == "12" else "24:00"


def _pivot(two_digits: int) -> int:
    return 2000 + two_digits if two_digits < 30 else 1900 + two_digits


def _decade_of(two_digits: int) -> int:
    """'80s -> 198; '00s and '10s and '20s -> 200, 201, 202."""
    return (200 if two_digits < 30 else 190) + two_digits // 10


def _words_number(word: str, table: WordTable) -> bool:
    return table.value(word, "number") is not None or table.value(word, "multiplier") is not None


def read(words: Sequence[str], table: WordTable) -> Reading:
    return _Reader(words, table).run()
