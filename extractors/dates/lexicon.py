"""The dates word lists (months, units, modifiers, ...) loaded from `lexicon_<lang>.json`
and checked, so a typo in the data fails at start-up with the file and key named instead of
silently producing wrong TIMEX3 values.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

from extractors.ruledata import RuleDataError, read_json, string_list

HERE = Path(__file__).resolve().parent
UNIT_CODES = ("S", "MIN", "H", "D", "WE", "W", "M", "Q", "Y", "DE", "CE", "ML")
MODS = ("START", "MID", "END", "APPROX", "MORE_THAN", "LESS_THAN", "EQUAL_OR_MORE", "EQUAL_OR_LESS",
        "ON_OR_AFTER", "ON_OR_BEFORE", "BEFORE", "AFTER")
ATTACH = ("count", "count_or_exact", "point", "relative_point")
REFS = ("PRESENT_REF", "PAST_REF", "FUTURE_REF")
_SET_VALUE = re.compile(r"^P(T?\d+(?:[YMWDHS]|DE|CE))$")


def _strs(name: str, raw: Any) -> tuple[str, ...]:
    return string_list(raw, name, lower=True)


def _periods(name: str, raw: Any) -> tuple[str, ...]:
    """A list of TimeML periods ("P9M"), kept as written: they are compared with values."""
    if not isinstance(raw, list) or not all(isinstance(v, str) and _SET_VALUE.match(v) for v in raw):
        raise ValueError(f"{name}: expected a list of TimeML periods such as \"P9M\"")
    return tuple(raw)


def _mapping(name: str, raw: Any, check: Callable[[Any], bool], what: str) -> Mapping[str, Any]:
    if not isinstance(raw, dict):
        raise ValueError(f"{name}: expected an object")
    bad = [k for k, v in raw.items() if not check(v)]
    if bad:
        raise ValueError(f"{name}: {', '.join(map(repr, bad[:5]))} must map to {what}")
    return MappingProxyType({k.lower(): v for k, v in raw.items()})


def _ints(lo: int, hi: int) -> Callable[[Any], bool]:
    return lambda v: isinstance(v, int) and not isinstance(v, bool) and lo <= v <= hi


def _number(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool) and v >= 0


def _one_of(options: tuple[str, ...]) -> Callable[[Any], bool]:
    return lambda v: v in options


def _prefix(v: Any) -> bool:
    return isinstance(v, dict) and v.get("mod") in MODS and v.get("before") in ATTACH


def _direction(v: Any) -> bool:
    return isinstance(v, dict) and v.get("sign") in (-1, 1) and v.get("base") in ("anchor", "reference")


def _holiday(v: Any) -> bool:
    if not isinstance(v, dict):
        return False
    if set(v) == {"month", "day"}:
        return _ints(1, 12)(v["month"]) and _ints(1, 31)(v["day"])
    if {"month", "weekday", "nth"} <= set(v) <= {"month", "weekday", "nth", "offset"}:
        return _ints(1, 12)(v["month"]) and _ints(1, 7)(v["weekday"]) and v["nth"] in (-1, 1, 2, 3, 4) \
            and _ints(-7, 7)(v.get("offset", 0))
    return set(v) == {"easter"} and _ints(-60, 60)(v["easter"])


def _span_references(v: Any) -> bool:
    return isinstance(v, dict) and bool(v) and set(v) <= {"back", "ahead"} and all(x in REFS for x in v.values())


def _units(name: str, raw: Any) -> Mapping[str, tuple[str, bool]]:
    """{code: {singular: [...], plural: [...]}} -> {word: (code, plural)}."""
    if not isinstance(raw, dict) or set(raw) - set(UNIT_CODES):
        raise ValueError(f"{name}: expected an object keyed by unit codes {', '.join(UNIT_CODES)}")
    out: dict[str, tuple[str, bool]] = {}
    for code, forms in raw.items():
        if not isinstance(forms, dict) or set(forms) != {"singular", "plural"}:
            raise ValueError(f"{name}.{code}: expected {{'singular': [...], 'plural': [...]}}")
        for plural in (False, True):
            for word in _strs(f"{name}.{code}", forms["plural" if plural else "singular"]):
                out[word] = (code, plural)
    return MappingProxyType(out)


@dataclass(frozen=True, slots=True)
class Lexicon:
    """Every word list the dates extractor reads; keys are lower-case (phrases space-separated)."""

    path: str
    months: Mapping[str, int]
    months_need_support: tuple[str, ...]
    month_homograph_tags: Mapping[str, list[str]]
    weekdays: Mapping[str, int]
    weekdays_plural: Mapping[str, int]
    seasons: Mapping[str, str]
    parts_of_day: Mapping[str, str]
    units: Mapping[str, tuple[str, bool]]
    numbers: Mapping[str, float]
    multipliers: Mapping[str, int]
    vague_numbers: tuple[str, ...]
    ordinals: Mapping[str, int]
    decade_words: Mapping[str, int]
    position_mods: Mapping[str, str]
    prefix_mods: Mapping[str, Mapping[str, str]]
    suffix_mods: Mapping[str, str]
    relative: Mapping[str, int]
    anaphoric_relative: tuple[str, ...]
    spanning_relative: tuple[str, ...]
    offset_directions: Mapping[str, Mapping[str, Any]]
    deictic_days: Mapping[str, int]
    deictic_parts: Mapping[str, str]
    references: Mapping[str, str]
    vague_span_references: Mapping[str, Mapping[str, str]]
    span_directions: Mapping[str, str]
    set_words: Mapping[str, str]
    set_quantifiers: Mapping[str, str]
    clock_words: Mapping[str, int]
    meridiems: Mapping[str, str]
    timezones: tuple[str, ...]
    fiscal_words: tuple[str, ...]
    holidays: Mapping[str, Mapping[str, int]]
    temporal_prepositions: tuple[str, ...]
    generic_words: tuple[str, ...]
    period_end_words: tuple[str, ...]
    time_day_links: tuple[str, ...]
    day_pair_links: tuple[str, ...]
    year_to_date_durations: tuple[str, ...]

    def word_class(self, name: str) -> tuple[str, ...]:
        """A named list of single words for the token patterns (`@name` in tokens_<lang>.json)."""
        if name.startswith("units_"):
            plural = name == "units_plural"
            if name not in ("units_plural", "units_singular"):
                raise KeyError(name)
            return tuple(w for w, (_, p) in self.units.items() if p is plural and " " not in w)
        value = getattr(self, name)
        words = value.keys() if isinstance(value, Mapping) else value
        return tuple(w for w in words if " " not in w)


_SECTIONS: dict[str, Callable[[str, Any], Any]] = {
    "months": lambda n, r: _mapping(n, r, _ints(1, 12), "a month number 1-12"),
    "months_need_support": _strs,
    "month_homograph_tags": lambda n, r: _mapping(n, r, lambda v: bool(_strs(n, v)), "a list of POS tags"),
    "weekdays": lambda n, r: _mapping(n, r, _ints(1, 7), "an ISO weekday 1-7"),
    "weekdays_plural": lambda n, r: _mapping(n, r, _ints(1, 7), "an ISO weekday 1-7"),
    "seasons": lambda n, r: _mapping(n, r, _one_of(("SP", "SU", "FA", "WI")), "SP|SU|FA|WI"),
    "parts_of_day": lambda n, r: _mapping(n, r, _one_of(("MO", "MI", "AF", "EV", "NI", "DT")), "MO|MI|AF|EV|NI|DT"),
    "units": _units,
    "numbers": lambda n, r: _mapping(n, r, _number, "a non-negative number"),
    "multipliers": lambda n, r: _mapping(n, r, _ints(2, 10**9), "an integer multiplier"),
    "vague_numbers": _strs,
    "ordinals": lambda n, r: _mapping(n, r, lambda v: _ints(-1, 31)(v) and v != 0, "an ordinal 1-31 or -1 (last)"),
    "decade_words": lambda n, r: _mapping(n, r, _ints(0, 9), "a decade digit 0-9"),
    "position_mods": lambda n, r: _mapping(n, r, _one_of(("START", "MID", "END")), "START|MID|END"),
    "prefix_mods": lambda n, r: _mapping(n, r, _prefix, f"{{mod: one of {MODS}, before: one of {ATTACH}}}"),
    "suffix_mods": lambda n, r: _mapping(n, r, _one_of(MODS), f"one of {MODS}"),
    "relative": lambda n, r: _mapping(n, r, _ints(-1, 1), "-1, 0 or 1"),
    "anaphoric_relative": _strs,
    "spanning_relative": _strs,
    "offset_directions": lambda n, r: _mapping(n, r, _direction, "{sign: -1|1, base: anchor|reference}"),
    "deictic_days": lambda n, r: _mapping(n, r, _ints(-2, 2), "a day offset -2..2"),
    "deictic_parts": lambda n, r: _mapping(n, r, _one_of(("MO", "AF", "EV", "NI")), "MO|AF|EV|NI"),
    "references": lambda n, r: _mapping(n, r, _one_of(REFS), f"one of {REFS}"),
    "vague_span_references": lambda n, r: _mapping(n, r, _span_references, f"{{back|ahead: one of {REFS}}}"),
    "span_directions": lambda n, r: _mapping(n, r, _one_of(("back", "ahead")), "back|ahead"),
    "set_words": lambda n, r: _mapping(n, r, lambda v: isinstance(v, str) and bool(_SET_VALUE.match(v)),
                                       "a TimeML period such as P1D"),
    "set_quantifiers": lambda n, r: _mapping(n, r, lambda v: isinstance(v, str), "a string"),
    "clock_words": lambda n, r: _mapping(n, r, _ints(0, 24), "an hour 0-24"),
    "meridiems": lambda n, r: _mapping(n, r, _one_of(("am", "pm")), "am|pm"),
    "timezones": _strs,
    "fiscal_words": _strs,
    "holidays": lambda n, r: _mapping(n, r, _holiday, "{month, day} | {month, weekday, nth, offset?} | {easter}"),
    "temporal_prepositions": _strs,
    "generic_words": _strs,
    "period_end_words": _strs,
    "time_day_links": _strs,
    "day_pair_links": _strs,
    "year_to_date_durations": _periods,
}


def _check_sections(data: Any, sections: Iterable[str], path: Path | str) -> None:
    """`data` is a JSON object with exactly these sections (keys starting with "_" are comments)."""
    if not isinstance(data, dict):
        raise RuleDataError(path, "expected a JSON object")
    missing = [name for name in sections if name not in data]
    unknown = [name for name in data if name not in sections and not name.startswith("_")]
    if missing or unknown:
        raise RuleDataError(path, f"missing sections {missing}, unknown sections {unknown}")


def parse_lexicon(data: Any, path: Path | str) -> Lexicon:
    """Check `data` (the decoded JSON) section by section and build the Lexicon."""
    _check_sections(data, _SECTIONS, path)
    values = {}
    for name, check in _SECTIONS.items():
        try:
            values[name] = check(name, data[name])
        except ValueError as exc:
            raise RuleDataError(path, str(exc)) from exc
    return Lexicon(path=str(path), **values)


@cache
def load_lexicon(lang: str = "en") -> Lexicon:
    path = HERE / f"lexicon_{lang}.json"
    return parse_lexicon(read_json(path), path)


@dataclass(frozen=True, slots=True)
class TenseWords:
    """The words tense.py reads to place a clause in time (tense_<lang>.json); lower-case."""

    path: str
    future_aux: frozenset[str]
    modals: frozenset[str]
    modal_perfect: frozenset[str]
    future_heads: frozenset[str]
    future_heads_alone: frozenset[str]
    future_heads_in_past: frozenset[str]
    past_perfect_aux: frozenset[str]
    perfect_aux: frozenset[str]
    progressive_perfect_aux: frozenset[str]
    same_past: frozenset[str]
    since: frozenset[str]
    deadline_prepositions: frozenset[str]
    deadline_heads: frozenset[str]
    effective: frozenset[str]


_TENSE_SECTIONS = tuple(f for f in TenseWords.__slots__ if f != "path")


def parse_tense_words(data: Any, path: Path | str) -> TenseWords:
    """Check `data` (the decoded tense_<lang>.json): every section a list of words, and the
    subsets of the future heads inside them."""
    _check_sections(data, _TENSE_SECTIONS, path)
    try:
        values = {name: frozenset(_strs(name, data[name])) for name in _TENSE_SECTIONS}
    except ValueError as exc:
        raise RuleDataError(path, str(exc)) from exc
    for subset in ("future_heads_alone", "future_heads_in_past"):
        stray = sorted(values[subset] - values["future_heads"])
        if stray:
            raise RuleDataError(path, f"{subset}: {stray} are not in future_heads")
    return TenseWords(path=str(path), **values)


@cache
def load_tense_words(lang: str = "en") -> TenseWords:
    path = HERE / f"tense_{lang}.json"
    return parse_tense_words(read_json(path), path)
