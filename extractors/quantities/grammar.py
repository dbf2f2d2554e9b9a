"""Assemble quantities from numbers, units and the words around them.

    [approximator | bound | range opener] [currency] NUMBER [scale] [unit] [age]
        [joiner [currency] NUMBER [scale] [unit]]

Pure functions over one sentence of text: `scan(text, lexicon)` returns `Candidate`s with
offsets into that text. A number with no unit and no bound or range word is a bare count
('two largest economies') and is not a quantity in this version.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from extractors.quantities import filters
from extractors.quantities.lexicon import SP, Lexicon, Unit
from extractors.quantities.numbers import Number, find_numbers
from extractors.quantities.units import UnitMatch, prefix_before, resolve_sense, scale_abbrev_after, unit_after

_SPACES = re.compile(f"{SP}*")
_MODIFIER_WINDOW = 48
_AND = re.compile(rf"{SP}+(?:and{SP}+)?", re.IGNORECASE)
_NUMBER_NEXT = re.compile(rf"{SP}*[\d.]")
_CLAUSE_WORDS = re.compile(r"[^\W\d_]+")
_CLAUSE_END = re.compile(r"[;:,.!?()]")
_CHANGE_REACH = 3  # words before a range opener that may hold the change word: 'fell sharply from'



@dataclass(frozen=True, slots=True)
class Candidate:
    """A quantity found in one sentence; `value` is None for a range or an open bound."""

    start: int
    end: int
    value: float | None
    low: float | None
    high: float | None
    unit: Unit | None
    approximate: bool
    number_start: int  # where the first number starts (for the parse: what it measures)
    number_end: int
    ratio_check_at: int | None = None  # 'times' is a ratio only before a comparative here

    @property
    def kind(self) -> str:
        return self.unit.kind if self.unit else "number"


@dataclass(slots=True)
class _Part:
    """One side of a quantity while it is being read."""

    start: int
    end: int
    number: Number
    value: float
    unit: UnitMatch | None = None
    prefix: UnitMatch | None = None


def _read_part(text: str, numbers: list[Number], idx: int, lex: Lexicon) -> _Part | None:
    """A number with its currency prefix, sign, scale abbreviation and unit; None for a code."""
    n = numbers[idx]
    prefix = prefix_before(text, n.start, lex)
    if n.after_letter and prefix is None:
        return None  # 'H20', 'SCP-173', 'mid-2025'
    start, value = n.start, n.value
    if prefix is not None:
        start = prefix.start
    elif n.sign_at is not None:
        start, value = n.sign_at, -value
    part = _Part(start, n.end, n, value, prefix=prefix)
    pos = n.end
    abbrev = scale_abbrev_after(text, pos, lex) if not n.words else None
    if abbrev is not None:
        after_abbrev = unit_after(text, abbrev[0], lex)
        if after_abbrev is not None and _NUMBER_NEXT.match(text, after_abbrev.end):
            after_abbrev = None  # '$1.5bn-$2bn': that '$' is the next number's currency
        if prefix is not None and prefix.unit.kind == "currency" and after_abbrev is None:
            part.value, part.end, pos = value * abbrev[1], abbrev[0], abbrev[0]
            return part
        if after_abbrev is not None and after_abbrev.unit.kind == "currency" and prefix is None:
            part.value, pos = value * abbrev[1], abbrev[0]
    if prefix is None:
        unit = unit_after(text, pos, lex)
        if unit is not None:
            part.unit = resolve_sense(unit, text, lex)
            part.end = unit.end
    if part.unit is None and n.end < len(text) and text[n.end].isalpha() and part.end == n.end:
        return None  # glued to letters that are no unit: '3rd', '1980s', '6pm', '24703m212'
    return part


def _unit_of(part: _Part) -> Unit | None:
    if part.prefix is not None:
        return part.prefix.unit
    return part.unit.unit if part.unit is not None else None


def _next_number(numbers: list[Number], idx: int, pos: int) -> int | None:
    """Index of the number (or its currency/sign) starting right at `pos`, if any."""
    for j in range(idx + 1, len(numbers)):
        if numbers[j].start >= pos:
            return j
    return None


def _joined(text: str, pos: int, joiners: tuple[str, ...]) -> tuple[str, int] | None:
    """The joiner word written at `pos` (after spaces) and where what follows it starts."""
    at = _SPACES.match(text, pos).end()
    for j in sorted(joiners, key=len, reverse=True):
        if text[at:at + len(j)].lower() == j:
            after = at + len(j)
            if j[-1].isalpha() and after < len(text) and (text[after].isalnum()):
                continue
            return j, _SPACES.match(text, after).end()
    return None


def _second(text: str, numbers: list[Number], idx: int, first: _Part, joiners: tuple[str, ...],
            explicit: bool, lex: Lexicon) -> tuple[_Part, int] | None:
    """The other end of a range after `first`: '30-50%', '3 to 5 years', '$3-$5'."""
    joined = _joined(text, first.end, joiners)
    if joined is None:
        return None
    word, at = joined
    j = _next_number(numbers, idx, at)
    if j is None:
        return None
    n2 = numbers[j]
    prefix2 = prefix_before(text, n2.start, lex)
    if (prefix2.start if prefix2 else n2.start) != at and n2.start != at:
        return None
    second = _read_part(text, numbers, j, lex)
    if second is None:
        return None
    if second.prefix is None and second.start < at:  # the joiner read as a sign: '3 - 5' is not 3 and -5
        second.start, second.value = n2.start, n2.value
    u1, u2 = _unit_of(first), _unit_of(second)
    if u1 is not None and u2 is not None:
        if u1.name != u2.name or (word in lex.modifiers.shared_unit_joiners and not explicit
                                  and first.prefix is None):
            return None
    elif u1 is not None and not (first.prefix is not None and word not in lex.modifiers.shared_unit_joiners):
        return None
    elif u1 is None and u2 is None and not explicit:
        return None
    return second, j


def _range(first: _Part, second: _Part) -> tuple[float, float]:
    low, high = first.value, second.value
    if first.number.scale == 1.0 and second.number.scale != 1.0 and first.unit is None:
        low *= second.number.scale  # '3 to 5 million', '$3-5 billion'
    return low, high


def _modifier_before(text: str, start: int, lex: Lexicon) -> tuple[str, int] | None:
    m = lex.modifier_re.search(text, max(0, start - _MODIFIER_WINDOW), start)
    if not m:
        return None
    return re.sub(r"\s+", " ", m.group("mod").lower()), m.start("mod")


def _quantity_at(text: str, numbers: list[Number], idx: int, lex: Lexicon) -> Candidate | None:
    first = _read_part(text, numbers, idx, lex)
    if first is None:
        return None
    mods = lex.modifiers
    start, end = first.start, first.end
    low = high = None
    value: float | None = first.value
    unit = _unit_of(first)
    approximate = False
    bounded = False
    # A two-sided range: 'between 3 and 5 years', 'from 46 tons to 353 tons'. After a change
    # word ('fell from 10% to 5%') or from high to low ('10-5%') the two numbers are two values:
    # this one (with the unit the pair shares) now, the other when the scan reaches it.
    opener = _modifier_before(text, start, lex)
    joiners = tuple(j for o, j in mods.between if opener and o == opener[0])
    change = opener is not None and opener[0] in mods.change_openers and _change_before(text, opener[1], lex)
    ranged = None
    if joiners:
        ranged = _second(text, numbers, idx, first, joiners, True, lex)
    opened = ranged is not None  # the opener word is part of the range
    if ranged is None and not change:
        ranged = _second(text, numbers, idx, first, mods.range_joiners, False, lex)
    if ranged is not None:
        second, _ = ranged
        low, high = _range(first, second)
        unit = unit or _unit_of(second)
        if change or low >= high:
            value, low, high, ranged = low, None, None, None
        else:
            value, end = None, second.end
            if opened and opener is not None:
                start = opener[1]
    if ranged is None and first.unit is not None and unit is not None and unit.minor:
        end, value = _minor_after(text, numbers, idx, first, unit, lex, end, value)
    if unit is not None and unit.kind == "duration":
        if filters.relative_time_after(text, end, mods):
            return None  # 'four months ago' is a date
        end = filters.age_after(text, end, mods)
    # Approximators and open bounds before it: 'approximately 85%', 'up to 20 times'.
    for _ in range(2):
        mod = _modifier_before(text, start, lex)
        if mod is None:
            break
        word, at = mod
        if word in mods.approximate:
            approximate, start = True, at
            continue
        bound = mods.bounds.get(word)
        if bound is None or bounded or value is None:
            break
        if unit is not None and unit.kind in bound.not_before:
            break
        low, high = (value, None) if bound.side == "low" else (None, value)
        value, start, bounded = None, at, True
    if unit is None and not (bounded or ranged):
        return None  # a bare count
    if unit is None and filters.looks_like_date_or_time(text, first.number, mods):
        return None
    ratio_at = end if first.unit is not None and _written(text, first.unit) in mods.ratio_guard_surfaces else None
    if ranged is not None and second.unit is not None and _written(text, second.unit) in mods.ratio_guard_surfaces:
        ratio_at = end
    return Candidate(start, end, value, low, high, unit, approximate, first.number.start, first.end, ratio_at)


def _change_before(text: str, at: int, lex: Lexicon) -> bool:
    """A change word ('rose', 'fell', 'increase') among the last words of the clause before `at`."""
    clause = _CLAUSE_END.split(text[max(0, at - _MODIFIER_WINDOW):at])[-1]
    words = _CLAUSE_WORDS.findall(clause)[-_CHANGE_REACH:]
    return any(w.lower() in lex.modifiers.change_words for w in words)


def _written(text: str, match: UnitMatch) -> str:
    return text[match.start:match.end].lower()


def _minor_after(text: str, numbers: list[Number], idx: int, first: _Part, unit: Unit, lex: Lexicon,
                 end: int, value: float) -> tuple[int, float]:
    """'thirteen dollars and forty-five cents' -> 13.45 dollars."""
    m = _AND.match(text, end)
    if not m:
        return end, value
    j = _next_number(numbers, idx, m.end())
    if j is None or numbers[j].start != m.end():
        return end, value
    n2 = numbers[j]
    minor = unit_after(text, n2.end, lex)
    minor_unit = lex.units[unit.minor]
    if minor is not None and minor.unit.name == minor_unit.name and unit.factor and minor_unit.factor:
        return minor.end, value + n2.value * minor_unit.factor / unit.factor
    if minor is None and first.number.words and n2.words and 0 < n2.value < 100 and n2.scale == 1.0:
        return n2.end, value + n2.value / 100
    return end, value


def _ratio_verbs(text: str, lex: Lexicon, taken: list[Candidate]) -> list[Candidate]:
    times = next((u for u in lex.units.values() if u.kind == "ratio"), None)
    out = []
    for m in re.finditer(r"[A-Za-z]+", text):
        factor = lex.modifiers.ratio_verbs.get(m.group().lower())
        if factor is None or times is None or any(c.start <= m.start() < c.end for c in taken):
            continue
        out.append(Candidate(m.start(), m.end(), factor, None, None, times, False, m.start(), m.end()))
    return out


def _merge_bounds(text: str, found: list[Candidate], lex: Lexicon) -> list[Candidate]:
    """'more than twenty and less than thirty' -> one range [20, 30]."""
    out: list[Candidate] = []
    for c in found:
        prev = out[-1] if out else None
        if (prev is not None and prev.value is None and c.value is None
                and (prev.low is None) != (prev.high is None) and (c.low is None) != (c.high is None)
                and (prev.low is None) != (c.low is None)
                and (prev.unit is None or c.unit is None or prev.unit.name == c.unit.name)):
            gap = re.sub(r"\s+", " ", text[prev.end:c.start].strip().lower())
            if gap in lex.modifiers.bound_joiners:
                low = prev.low if prev.low is not None else c.low
                high = prev.high if prev.high is not None else c.high
                out[-1] = replace(prev, end=c.end, low=low, high=high, unit=prev.unit or c.unit,
                                  approximate=prev.approximate or c.approximate)
                continue
        out.append(c)
    return out


def scan(text: str, lex: Lexicon) -> list[Candidate]:
    """Every quantity in `text` (one sentence), left to right, not overlapping."""
    addresses = filters.address_spans(text)
    numbers = [n for n in find_numbers(text, lex.numbers) if not any(s <= n.start < e for s, e in addresses)]
    found: list[Candidate] = []
    taken_until = -1
    for idx, n in enumerate(numbers):
        if n.start < taken_until:
            continue
        cand = _quantity_at(text, numbers, idx, lex)
        if cand is None or (found and cand.start < found[-1].end):
            continue
        found.append(cand)
        taken_until = cand.end
    found.extend(_ratio_verbs(text, lex, found))
    found.sort(key=lambda c: c.start)
    return _merge_bounds(text, found, lex)
