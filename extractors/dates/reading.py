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

from extractors.dates.numbers import DIGITS, FRACTION, YEAR, number_at
from extractors.dates.shapes import read_shape
from extractors.dates.words import HYPHENS, WordTable

_ORDINAL = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)$")
_SKIP = frozenset({"the", "of", ",", "'s", "'", "in", "at", "on", "and", "a", "an", "o'clock", "."})


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
    def bare_time(self) -> bool:
        """A clock time with no day of its own ("10:35 a.m.", "noon")."""
        return self.clock is not None and not any(
            v is not None for v in (self.year, self.month, self.day, self.weekday, self.deictic, self.relative,
                                    self.holiday))

    @property
    def names_day(self) -> bool:
        """Names one day and no time of day ("Friday", "Aug. 1", "yesterday")."""
        return self.kind == "point" and self.clock is None and self.part is None and (
            self.weekday is not None or self.deictic is not None or (self.day is not None and self.month is not None))

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
                or (self.plural and not self.latest and not self.demonstrative and not self.anaphoric)):
            return "duration"
        return "point"


class _Reader:
    def __init__(self, words: Sequence[str], table: WordTable) -> None:
        self.w = list(words)
        self.t = table
        self.r = Reading(words=tuple(words))
        self.numbers: list[tuple[int, float]] = []  # (word index, value) of the counts read
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
        n = read_shape(w, i, r)
        if n:
            if n < 0:  # a count range such as "5–7"
                r.starts_with_count = r.starts_with_count or i == self._first_content()
                return i + 1
            return i + n
        m = YEAR.match(word)
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
        if "decade_word" in kinds:
            r.decade = 190 + self.value(i, "decade_word")  # "the nineties": the 1990s
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
        run = number_at(self.w, i, self.t)
        if run and not ("vague" in kinds and word not in ("a", "an")):
            n, value, year = run
            if i == self._first_content() or (r.mod and r.prefix_attach):
                r.starts_with_count = True
            if year is not None and r.unit is None and (not self._unit_follows(i + n) or (
                    n == 1 and self._singular_unit_next(i + 1))):
                r.year = year  # "1990", "nineteen ninety-six", "the 1988 quarter"
            elif r.unit == "Y" and w[i - 1:i] == ["year"] and year is not None:
                r.year, r.unit = year, None
            else:
                self.numbers.append((i, value))
            return i + n
        if "unit" in kinds:
            return self.unit(i)
        if "part" in kinds:
            r.part = self.value(i, "part")
            if word.endswith("s") and word != "overnight" and r.weekday is not None:
                r.weekdays = r.weekday  # "Tuesday nights": every Tuesday night
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
        if word == "long" and i > 0 and w[i - 1] in HYPHENS and r.unit is not None:
            r.adjectival = True
            return i + 1
        if word in ("or", "to", "through", "until", "till"):
            self._conjunction(i)
            return i + 1
        if word in ("so", "now", "more", "year") and i > 0:
            return i + 1
        if word == "ahead" and i > 0 and r.plural and not self.numbers and i == len(w) - 1:
            return i + 1  # "the weeks ahead": the coming weeks ("two weeks ahead of" stays out)
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
        while j < len(self.w) and (self.w[j] in HYPHENS or "number" in self.kinds(j) or DIGITS.match(self.w[j])
                                   or FRACTION.match(self.w[j])):
            j += 1
        return j < len(self.w) and "unit" in self.kinds(j)

    def _singular_unit_next(self, j: int) -> bool:
        unit = self.value(j, "unit")
        return unit is not None and not unit[1]

    def _after_unit_word(self, i: int) -> bool:
        """True for the "earlier" of "year-earlier" (a hyphen after a bare "year")."""
        return i >= 2 and self.w[i - 1] in HYPHENS and self.w[i - 2] == "year" and not self.numbers

    def _is_relative_use(self, i: int) -> bool:
        """"first"/"next"... followed by a count ("the first nine months") is relative, not ordinal."""
        j = i + 1
        return j < len(self.w) and ("number" in self.kinds(j) or DIGITS.match(self.w[j]) is not None
                                    or "vague" in self.kinds(j)) and self.w[j] not in ("a", "an", "half")

    def _ordinal_use(self, i: int) -> bool:
        j = self.next_content(i)
        if j < len(self.w) and (self.w[j] in ("quarter", "half") or self.w[j] == "century" and self.w[i] != "last"):
            return True  # "the last quarter" is the fourth; "last century" is the one before this
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
        if code == "Q" and self.w[i + 1:i + 2] and self.w[i + 1] in HYPHENS and self.value(i + 2, "unit"):
            if self.numbers and self.numbers[-1][0] == i - 1 and self.w[i - 1] in ("a", "an"):
                self.numbers.pop()  # "a quarter-century" counts one quarter
            self.numbers.append((i, 0.25))  # "a quarter-century": a quarter of the unit that follows
            return i + 1
        if r.unit is not None and r.year_ago:
            r.unit, r.plural = code, plural  # "the year-earlier quarter": the period named last
            return i + 1
        if code == "Y" and r.unit in ("Q", "M", "W") and not plural and self.numbers \
                and self.numbers[-1] == (i - 1, 1) and self.w[i + 1:i + 2] in (["ago"], ["earlier"]):
            self.numbers.pop()  # "the quarter a year ago": the period named, one year back
            r.year_ago = True
            return i + 2
        if r.unit is not None and r.unit != code:
            if r.unit == "Y" and r.relative == -1 and code == "Q" and self.w[i - 1:i] in (["'s"], ["’s"]):
                r.unit, r.relative, r.year_ago = code, None, True  # "last year's quarter": a year before it
                return i + 1
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
        elif "spanning" in self.kinds(i) and (self.value(i + 1, "unit") or ("",))[0] in ("DE", "CE") \
                and not self.value(i + 1, "unit")[1]:
            self.numbers.append((i, 1.0))  # "the past decade": the ten years up to now
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
            _, value = self.numbers.pop()
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
        if before and i + 1 < len(self.w) and number_at(self.w, i + 1, self.t):
            r.ranged = True
        elif self.w[i] in ("and", "or", "to", "through", "until", "till") and not self._and_a_half(i):
            r.conjunction = r.conjunction or self._two_expressions(i)

    def _and_a_half(self, i: int) -> bool:
        return self.w[i:i + 3] == ["and", "a", "half"]

    def _two_expressions(self, i: int) -> bool:
        left = [w for w in self.w[:i] if w not in _SKIP]
        right = [w for w in self.w[i + 1:] if w not in _SKIP]
        return bool(left) and bool(right)

    # --- after the loop ------------------------------------------------------------------
    def finish(self) -> None:
        r = self.r
        numbers = self.numbers
        self._vague_span_reference()
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
        if r.number is None and r.unit is not None and not r.ranged and not r.vague and (
                r.year_ago or (r.adjectival and not r.plural)):
            r.number = 1  # "year-earlier", "day-long": one unit
        if r.clock is None and r.part and r.unit is None and r.number is not None and r.day is None \
                and r.number == int(r.number) and 1 <= r.number <= 12:
            hour = int(r.number) % 12 + (12 if r.part in ("AF", "EV", "NI") and r.number < 12 else 0)
            r.clock, r.number, r.part = f"{hour:02d}:00", None, None
        if r.clock and r.part is None and r.clock in ("12", "24"):
            r.clock = f"{r.clock}:00" if r.clock == "12" else "24:00"

    def _vague_span_reference(self) -> None:
        """"recent years", "the past several quarters", "coming quarters": a vague span of
        these units pointing back or ahead is a past or future reference (no count, no range)."""
        r = self.r
        if r.unit is None or not r.plural or self.numbers or r.ranged or r.calendar or r.offset is not None \
                or r.mod is not None:
            return
        refs = next((self.value(i, "span_reference") for i in range(len(self.w)) if "span_reference" in self.kinds(i)),
                    None)
        direction = next((self.value(i, "span_direction") for i in range(len(self.w))
                          if "span_direction" in self.kinds(i)), None)
        if refs and direction in refs:
            r.reference, r.unit, r.plural, r.vague = refs[direction], None, False, False


def read(words: Sequence[str], table: WordTable) -> Reading:
    return _Reader(words, table).run()
