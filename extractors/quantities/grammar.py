"""Assemble quantities from numbers, units and the words around them.

    [unit word ('aged')] [approximator | bound | range opener] [currency] NUMBER [scale] [unit]
        [joiner [currency] NUMBER [scale] [unit] | NUMBER minor unit ('5 ft 2 in', '$3 and 10 cents')]
        [below zero] [bound after ('or more')] [age]

Two open bounds in a row make a range where they leave numbers between them ('more than 20 but
less than 30', '30 < x < 50'); otherwise they stay two ('less than 10 or more than 30').

Pure functions over one sentence of text: `scan(text, lexicon)` returns `Candidate`s with
offsets into that text. A number with no unit and no bound or range is a bare count ('two
largest economies') and is not a quantity in this version; two plain numbers joined as a
range are one ('20 to 30 people'), unless they are a date, a score, a time or a phone number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from extractors.quantities import filters
from extractors.quantities.lexicon import SP, Lexicon, Modifiers, Unit
from extractors.quantities.numbers import Number, find_numbers
from extractors.quantities.records import UnitBefore
from extractors.quantities.units import UnitMatch, prefix_before, resolve_sense, scale_abbrev_after, unit_after

_SPACES = re.compile(f"{SP}*")
_MODIFIER_WINDOW = 48
_AND = re.compile(rf"{SP}+(?:and{SP}+)?", re.IGNORECASE)
_NUMBER_NEXT = re.compile(rf"{SP}*[\d.]")
_CLAUSE_WORDS = re.compile(r"[^\W\d_]+")
_FOLLOWING_WORD = re.compile(rf"{SP}+([^\W\d_][\w.']*)")
_AT_CLAUSE_END = re.compile(rf"{SP}*(?:[;:,.!?)\]]|$)")
_CLAUSE_END = re.compile(r"[;:,.!?()]")
_OF_A = re.compile(rf"{SP}+(?:of{SP}+)?an?(?={SP})", re.IGNORECASE)
_CHAIN = re.compile(rf"(?<![\w.,])(?P<num>-?\d[\d,]*(?:\.\d+)?){SP}*(?P<sym><=|=<|>=|=>|[<>≤≥⩽⩾]){SP}*"
                    rf"[^\W\d_]\w{{0,2}}{SP}*$")  # '30 < x ' before the second symbol
_VARIABLE_AT_END = re.compile(r"(?<=\s)[^\W\d_]\w{0,2}$")  # 'and x': not 'and' alone
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
    scale: float = 1.0  # the scale word or abbreviation already in `value` ('5 million', '2bn')


def _read_part(text: str, numbers: list[Number], idx: int, lex: Lexicon, money: bool = False) -> _Part | None:
    """A number with its currency prefix, sign, scale abbreviation and unit; None for a code.
    `money`: the number is the second end of a range whose first end is money ('$1.5-2bn')."""
    n = numbers[idx]
    prefix = prefix_before(text, n.start, lex)
    if n.after_letter and prefix is None:
        return None  # 'H20', 'SCP-173', 'mid-2025'
    start, value = n.start, n.value
    if prefix is not None:
        start = prefix.start
    elif n.sign_at is not None:
        start, value = n.sign_at, -value
    part = _Part(start, n.end, n, value, prefix=prefix, scale=n.scale)
    pos = n.end
    abbrev = scale_abbrev_after(text, pos, lex) if not n.words else None
    if abbrev is not None:
        after_abbrev = unit_after(text, abbrev[0], lex)
        if after_abbrev is not None and _NUMBER_NEXT.match(text, after_abbrev.end):
            after_abbrev = None  # '$1.5bn-$2bn': that '$' is the next number's currency
        if after_abbrev is None and (money or (prefix is not None and prefix.unit.kind == "currency")):
            part.value, part.end, part.scale = value * abbrev[1], abbrev[0], n.scale * abbrev[1]
            return part
        if after_abbrev is not None and prefix is None:  # '1.8M dollars', '2.3 mln tonnes'
            part.value, part.scale, pos = value * abbrev[1], n.scale * abbrev[1], abbrev[0]
    if prefix is None:
        unit = unit_after(text, pos, lex)
        if unit is None and n.words and 0 < n.value < 1:  # 'a quarter of a percentage point', 'half an hour'
            bridge = _OF_A.match(text, pos)
            unit = unit_after(text, bridge.end(), lex) if bridge else None
        if unit is not None:
            part.unit = resolve_sense(unit, text, lex)
            if part.unit is not None:
                part.end = unit.end
    if part.unit is None and abbrev is not None and part.end == n.end and text[n.end].isalpha():  # '10k', '2bn'
        part.value, part.scale, part.end = value * abbrev[1], n.scale * abbrev[1], abbrev[0]
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
            explicit: bool, change: bool, lex: Lexicon) -> tuple[_Part, int] | None:
    """The other end of a range after `first`: '30-50%', '3 to 5 years', '$3-$5', '$1.5-2bn',
    '20 to 30 people'. `change`: a change word stands before `first` ('rose $2 to $85' is two values)."""
    mods = lex.modifiers
    joined = _joined(text, first.end, joiners)
    if joined is None:
        return None
    word, at = joined
    j = _next_number(numbers, idx, at)
    if j is None:
        return None
    n2 = numbers[j]
    prefix2 = prefix_before(text, n2.start, lex)
    if at not in (prefix2.start if prefix2 else n2.start, n2.start, n2.sign_at):  # '3 to 5', 'to $5', 'to -5'
        return None
    u1 = _unit_of(first)
    second = _read_part(text, numbers, j, lex, money=first.prefix is not None and u1 is not None
                        and u1.kind == "currency")
    if second is None:
        return None
    if second.prefix is None and second.start < at:  # the joiner read as a sign: '3 - 5' is not 3 and -5
        second.start, second.value = n2.start, -second.value
    u2 = _unit_of(second)
    if u1 is None and second.prefix is not None:
        return None  # '500 or ₹ 500': the currency written before the second number is its own
    shared = word in mods.shared_unit_joiners and not explicit
    if u1 is not None and u2 is not None:
        if u1.name != u2.name or (shared and change):
            return None  # 'rose 5% to 7%', 'rose $2 to $85': the change, then the new level
    elif u1 is not None and not (first.prefix is not None and word not in mods.shared_unit_joiners):
        return None
    elif u1 is None and u2 is None and not explicit and not _plain_range(text, first, second, word, mods):
        return None
    return second, j


def _plain_range(text: str, first: _Part, second: _Part, word: str, mods: Modifiers) -> bool:
    """Two numbers with no unit make a range with a range joiner, unless a word after them
    makes them a score or a time, or they are a date or a phone number: '20 to 30 people',
    '100 to 1000', not 'won 1-3 at home', '3-4 pm', 'March 3-5', '1995 to 2000' (both years),
    '555-1234', '1-800-555-0199'."""
    if word not in mods.unitless_range_joiners:
        return False
    if any(filters.next_to_date_or_time(text, p.number, mods) for p in (first, second)):
        return False
    if all(filters.is_year(p.number) for p in (first, second)):
        return False
    if filters.phone_shaped(text, first.number, second.number):
        return False
    follow = _FOLLOWING_WORD.match(text, second.end)
    return follow is None or follow.group(1).lower() not in mods.unitless_range_not_before


def _range(first: _Part, second: _Part) -> tuple[float, float]:
    low, high = first.value, second.value
    if first.scale == 1.0 and second.scale != 1.0 and first.unit is None:
        low *= second.scale  # '3 to 5 million', '$3-5 billion', '$1.5-2bn'
    return low, high


def _modifier_before(text: str, start: int, lex: Lexicon) -> tuple[str, int] | None:
    m = lex.modifier_re.search(text, max(0, start - _MODIFIER_WINDOW), start)
    if not m:
        return None
    return re.sub(r"\s+", " ", m.group("mod").lower()), m.start("mod")


@dataclass(slots=True)
class _Reading:
    """A quantity being assembled around its first number: the span and what it says so far."""

    start: int
    end: int
    value: float | None
    unit: Unit | None
    low: float | None = None
    high: float | None = None
    approximate: bool = False
    bounded: bool = False
    counted: bool = False  # bounded by a word that counts ('more than 2000'), not a date bound ('within 2020')
    exact: bool = False  # stated as equal ('equal to 20'): a bound after it may still open it ('or more')

    def bound(self, side: str, counts: bool) -> None:
        """The value becomes the open end on `side` ('low': 'more than 30'); 'exact' keeps it
        ('equal to 30')."""
        self.exact = side == "exact"
        if side != "exact":
            self.low, self.high = (self.value, None) if side == "low" else (None, self.value)
            self.value = None
        self.bounded, self.counted = True, counts


def _quantity_at(text: str, numbers: list[Number], idx: int, lex: Lexicon) -> Candidate | None:
    first = _read_part(text, numbers, idx, lex)
    if first is None:
        return None
    mods = lex.modifiers
    q = _Reading(first.start, first.end, first.value, _unit_of(first))
    # A two-sided range: 'between 3 and 5 years', 'from 46 tons to 353 tons'. After a change
    # word ('fell from 10% to 5%', 'rose $2 to $85') or from high to low ('10-5%') the two numbers
    # are two values: this one (with the unit the pair shares) now, the other when the scan reaches it.
    opener = _modifier_before(text, q.start, lex)
    joiners = tuple(j for o, j in mods.between if opener and o == opener[0])
    change = opener is not None and opener[0] in mods.change_openers and _change_before(text, opener[1], lex)
    ranged = None
    if joiners:
        ranged = _second(text, numbers, idx, first, joiners, True, False, lex)
    opened = ranged is not None  # the opener word is part of the range
    if ranged is None and not change:
        ranged = _second(text, numbers, idx, first, mods.range_joiners, False,
                         _change_before(text, q.start, lex), lex)
    second = ranged[0] if ranged is not None else None
    if second is not None:
        low, high = _range(first, second)
        q.unit = q.unit or _unit_of(second)
        if change or low >= high:
            q.value, second = low, None
        else:
            q.value, q.low, q.high, q.end = None, low, high, second.end
            if opened and opener is not None:
                q.start = opener[1]
    if second is None and q.unit is not None and q.unit.minor and first.scale == 1.0:
        q.end, q.value = _minor_after(text, numbers, idx, first, q.unit, lex, q.end, q.value)
    if q.unit is None or q.unit.kind == "temperature":
        _below_zero(text, q, lex)
    _bounds_before(text, q, lex)
    if q.bounded and " ".join(text[q.start:q.end].lower().split()) in mods.below_zero:
        return None  # 'fell below zero': an idiom, no quantity
    if (not q.bounded or q.exact) and second is None:
        _bound_after(text, q, lex)  # '20 or more', 'equal to 20 or more'
    if q.unit is not None and q.unit.kind == "duration":
        if filters.relative_time_after(text, q.end, mods):
            return None  # 'four months ago', 'five or more years ago' are dates
        q.end = filters.age_after(text, q.end, mods)
    if q.unit is None and (before := _unit_before(text, q.start, q.end, mods)) is not None:
        q.unit, q.start = lex.units[before[0].unit], before[1]
    if q.unit is None and not (q.bounded or second is not None):
        return None  # a bare count
    if q.unit is None and _date_like(text, first, second, q.counted, mods):
        return None
    ratio_at = None
    for part in (first, second):
        if part is not None and part.unit is not None and _written(text, part.unit) in mods.ratio_guard_surfaces:
            ratio_at = q.end
    return Candidate(q.start, q.end, q.value, q.low, q.high, q.unit, q.approximate, first.number.start,
                     first.end, ratio_at)


def _date_like(text: str, first: _Part, second: _Part | None, counted: bool, mods: Modifiers) -> bool:
    """A plain number or pair that is a date or a time: a year ('in 2020'), both ends years
    ('between 1995 and 2000', not 'from 100 to 1000'), or next to a month or a clock word."""
    if second is None:
        return filters.looks_like_date_or_time(text, first.number, mods, counted)
    parts = (first.number, second.number)
    if any(filters.next_to_date_or_time(text, n, mods) for n in parts):
        return True
    return not counted and all(filters.is_year(n) for n in parts)


def _below_zero(text: str, q: _Reading, lex: Lexicon) -> None:
    """'10 degrees below zero' is -10 degrees; '5 to 10 degrees below zero' is -10 to -5;
    '10 below zero' is -10 degrees."""
    mods = lex.modifiers
    end = filters.phrase_after(text, q.end, mods.below_zero)
    if end is None:
        return
    q.end = end
    if q.unit is None:
        q.unit = lex.units[mods.below_zero_unit]
    if q.value is not None:
        q.value = -q.value
    elif q.low is not None and q.high is not None:
        q.low, q.high = -q.high, -q.low


def _bounds_before(text: str, q: _Reading, lex: Lexicon) -> None:
    """Approximators and open bounds before the quantity: 'approximately 85%', 'up to 20 times',
    'more than 2000', 'equal to 30'."""
    mods = lex.modifiers
    for _ in range(2):
        mod = _modifier_before(text, q.start, lex)
        if mod is None:
            return
        word, at = mod
        if word in mods.approximate:
            q.approximate, q.start = True, at
            continue
        bound = mods.bounds.get(word)
        if bound is None or q.bounded or q.value is None:
            return
        if q.unit is not None and q.unit.kind in bound.not_before:
            return
        q.bound(bound.side, word not in mods.date_bounds)
        q.start = at
        _chained_bound(text, q, bound.side, lex)


def _chained_bound(text: str, q: _Reading, side: str, lex: Lexicon) -> None:
    """The other end of a bound written as a chained comparison: '30 < x < 50' is [30, 50],
    '50 >= x >= 30' is [30, 50] (the number before the variable bounds it the other way)."""
    m = _CHAIN.search(text, max(0, q.start - _MODIFIER_WINDOW), q.start)
    if m is None or q.unit is not None:
        return
    before = lex.modifiers.bounds.get(m.group("sym"))
    if before is None or before.side != side:  # '30 < x > 50' says nothing of one interval
        return
    try:
        value = float(m.group("num").replace(",", ""))
    except ValueError:
        return
    low, high = (value, q.high) if side == "high" else (q.low, value)
    if low is not None and high is not None and low < high:
        q.low, q.high, q.start = low, high, m.start()


def _bound_after(text: str, q: _Reading, lex: Lexicon) -> None:
    """An open bound written after the number: '20 or more', '500+', 'five or more years'."""
    found = filters.postfix_bound_after(text, q.end, lex.modifiers)
    if found is None or q.value is None:
        return
    side, q.end = found
    q.bound(side, True)
    if q.unit is None:
        unit = unit_after(text, q.end, lex)
        if unit is not None and (unit := resolve_sense(unit, text, lex)) is not None:
            q.unit, q.end = unit.unit, unit.end


def _unit_before(text: str, start: int, end: int, mods: Modifiers) -> tuple[UnitBefore, int] | None:
    """The unit a phrase right before the quantity at text[start:end] gives its plain number
    ('aged 7', 'percents of twenty') and where the phrase starts."""
    window = max(0, start - _MODIFIER_WINDOW)
    head = text[window:start].rstrip()
    for phrase, rule in mods.units_before.items():
        at = window + len(head) - len(phrase)
        if at < window or head[at - window:].lower() != phrase or (at > 0 and text[at - 1].isalnum()):
            continue
        if rule.clause_end and not _AT_CLAUSE_END.match(text, end):
            continue
        return rule, at
    return None


def _change_before(text: str, at: int, lex: Lexicon) -> bool:
    """A change word ('rose', 'fell', 'increase') among the last words of the clause before `at`."""
    clause = _CLAUSE_END.split(text[max(0, at - _MODIFIER_WINDOW):at])[-1]
    words = _CLAUSE_WORDS.findall(clause)[-_CHANGE_REACH:]
    return any(w.lower() in lex.modifiers.change_words for w in words)


def _written(text: str, match: UnitMatch) -> str:
    return text[match.start:match.end].lower()


def _minor_after(text: str, numbers: list[Number], idx: int, first: _Part, unit: Unit, lex: Lexicon,
                 end: int, value: float) -> tuple[int, float]:
    """A major unit and its minor one, added: '5 feet 2 inches' -> 5.1667 feet;
    'thirteen dollars and forty-five cents', '$3 and 10 cents', '15 euros and 50 cents' (the
    minor written by its short name) -> 13.45, 3.10, 15.50; with no minor unit written, words
    after words ('fifteen dollars fifty') or two digits closing the clause ('1 pound 20')."""
    m = _AND.match(text, end)
    if not m:
        return end, value
    j = _next_number(numbers, idx, m.end())
    if j is None or numbers[j].start != m.end():
        return end, value
    n2 = numbers[j]
    if n2.scale != 1.0 or n2.sign_at is not None:
        return end, value
    minor_unit = lex.units[unit.minor]
    minor = unit_after(text, n2.end, lex, guard=unit.kind == "currency")  # '5 ft 2 in tall'
    if (minor is not None and unit.factor and minor_unit.factor
            and minor.unit.name in (minor_unit.name, minor_unit.name.split()[-1])):
        return minor.end, value + n2.value * minor_unit.factor / unit.factor
    if unit.kind != "currency":
        return end, value  # '5 feet 2 inches' needs its minor unit written
    if minor is None and first.number.words and n2.words and 0 < n2.value < 100:
        return n2.end, value + n2.value / 100
    if (minor is None and first.unit is not None and not first.number.words and "and" not in m.group().lower()
            and n2.end - n2.start == 2 and n2.plain_integer and _AT_CLAUSE_END.match(text, n2.end)):
        return n2.end, value + n2.value / 100
    return end, value


def _ratio_verbs(text: str, lex: Lexicon, taken: list[Candidate]) -> list[Candidate]:
    """'doubled', 'halved': a ratio stated by a verb."""
    times = lex.ratio_unit
    out = []
    for m in lex.ratio_verb_re.finditer(text):
        factor = lex.modifiers.ratio_verbs[m.group().lower()]
        if times is None or any(c.start <= m.start() < c.end for c in taken):
            continue
        out.append(Candidate(m.start(), m.end(), factor, None, None, times, False, m.start(), m.end()))
    return out


def _merge_bounds(text: str, found: list[Candidate], lex: Lexicon) -> list[Candidate]:
    """'more than twenty and less than thirty' -> one range [20, 30]; bounds that leave no
    number between them ('less than 10 and more than 30') stay two quantities."""
    out: list[Candidate] = []
    for c in found:
        prev = out[-1] if out else None
        if (prev is not None and prev.value is None and c.value is None
                and (prev.low is None) != (prev.high is None) and (c.low is None) != (c.high is None)
                and (prev.low is None) != (c.low is None)
                and (prev.unit is None or c.unit is None or prev.unit.name == c.unit.name)):
            gap = re.sub(r"\s+", " ", text[prev.end:c.start].strip().lower())
            var = _VARIABLE_AT_END.search(gap)
            if var and not text[c.start].isalnum() and re.search(
                    rf"(?<!\w){re.escape(var.group())}$", text[:prev.start].rstrip().lower()):
                gap = gap[:var.start()].rstrip()  # 'x > 5 and x < 10': one variable, bound on both sides
            low = prev.low if prev.low is not None else c.low
            high = prev.high if prev.high is not None else c.high
            if gap in lex.modifiers.bound_joiners and low < high:  # 'below 10 and above 30': no interval
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
