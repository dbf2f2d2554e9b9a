"""The quantities lexicon for one language: the rule data (<stem>_<lang>.json beside this
module, read and checked by loaders.py) plus the regexes the scanner matches units, currency
prefixes and modifier words with.

The rules live in JSON beside the code so that adding a unit, a currency or a bound word is a
data change, not a code change.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

from extractors.quantities.loaders import (Source, SurfaceTable, load_currencies, load_modifiers, load_numbers,
                                           load_units)
from extractors.quantities.records import Bound, Modifiers, NumberWords, Surface, Unit, norm, plural
from extractors.ruledata import RuleDataError

__all__ = ["SP", "Bound", "Lexicon", "Modifiers", "NumberWords", "RuleDataError", "Surface", "Unit", "load",
           "plural", "prefix_key"]

DATA_PACKAGE = "extractors.quantities"
# Whitespace inside one expression: never a line break (a line is a block of its own).
SP = r"[^\S\n]"
_SLASH = re.compile(r"\s*/\s*")


@dataclass(frozen=True)
class Lexicon:
    """Everything the scanner needs for one language, with compiled surface regexes."""

    lang: str
    units: dict[str, Unit]
    surfaces: dict[str, list[Surface]]  # key: text (case-sensitive) or text.lower()
    numbers: NumberWords
    modifiers: Modifiers
    kinds: dict[str, str]
    prefixes: dict[str, Surface] = field(repr=False)  # compact text (lower case if spaced) -> surface
    unit_ci: re.Pattern[str] = field(repr=False)
    unit_cs: re.Pattern[str] = field(repr=False)
    prefix_re: re.Pattern[str] = field(repr=False)
    modifier_re: re.Pattern[str] = field(repr=False)
    ratio_verb_re: re.Pattern[str] = field(repr=False)
    ratio_unit: Unit | None = None  # the unit of 'doubled', 'threefold': times

    def lookup(self, text: str, case_sensitive: bool) -> list[Surface]:
        key = _SLASH.sub("/", text) if case_sensitive else norm(text)
        return [s for s in self.surfaces.get(key, ()) if s.case_sensitive == case_sensitive]


def _surface_pattern(text: str, spaced: bool = False) -> str:
    """Regex for one surface: inner spaces match any run of spaces; a word-final surface
    must end at a word edge ('m' does not match the start of 'miles')."""
    parts = [re.escape(p).replace("/", f"{SP}*/{SP}*") for p in text.split()]  # 'km/h', 'km / h'
    body = f"(?:{SP}*-{SP}*|{SP}+)".join(parts)  # 'square mile' also as in 'a 5-square-mile area', 'square - mile'
    if spaced:
        body = f"{SP}*".join(parts)
    if text[-1].isalnum():
        body += r"(?![^\W_])"
    return body


def _alternation(texts: list[str], spaced: set[str] = frozenset()) -> str:
    ordered = sorted(set(texts), key=lambda t: (-len(t), t))
    return "|".join(_surface_pattern(t, t in spaced) for t in ordered) or r"(?!x)x"


def _compile(surfaces: dict[str, list[Surface]], modifiers: Modifiers) -> dict[str, re.Pattern[str]]:
    flat = [s for group in surfaces.values() for s in group]
    ci = [s.text for s in flat if s.suffix and not s.case_sensitive]
    cs = [s.text for s in flat if s.suffix and s.case_sensitive]
    prefixes = [s for s in flat if s.prefix]
    prefix_alt = "|".join(
        f"(?:{_surface_pattern(s.text, s.spaced)})" if not s.spaced else f"(?i:{_surface_pattern(s.text, True)})"
        for s in sorted(prefixes, key=lambda s: (-len(s.text), s.text))
    )
    words = list(modifiers.approximate) + list(modifiers.bounds) + [b[0] for b in modifiers.between]
    return {
        "unit_ci": re.compile(f"(?:{_alternation(ci)})", re.IGNORECASE),
        "unit_cs": re.compile(f"(?:{_alternation(cs)})"),
        # A currency prefix that ends where the number starts (searched on the text before it).
        "prefix_re": re.compile(f"(?<![^\\W\\d_])(?:{prefix_alt}){SP}*$"),
        # A modifier word that ends where the quantity starts; a symbol may touch a letter ('x>=30').
        "modifier_re": re.compile(
            f"(?:(?<![\\w~])|(?=[^\\w\\s~]))(?P<mod>{_alternation(words)}){SP}*$", re.IGNORECASE),
        "ratio_verb_re": re.compile(rf"(?<![^\W\d_])(?:{_alternation(list(modifiers.ratio_verbs))})", re.IGNORECASE),
    }


@cache
def load(lang: str = "en", root: Path | None = None) -> Lexicon:
    """The validated lexicon for `lang` from the *_<lang>.json files beside this module (or in `root`,
    for checking other rule data); cached: built once per process."""
    folder: Traversable = root if root is not None else resources.files(DATA_PACKAGE)
    source = Source(folder, lang)
    if not source.file("units").is_file():
        raise RuleDataError(str(source.file("units")), f"no quantities rule data for language {lang!r}")
    table = SurfaceTable("")
    units, kinds = load_units(source, table)
    load_currencies(source, units, table)
    numbers = load_numbers(source)
    modifiers = load_modifiers(source, units, kinds)
    unknown = {s.context for group in table.by_key.values() for s in group if s.context} - set(modifiers.cues)
    if unknown:
        raise RuleDataError(str(source.file("modifiers")), f"in_context names unknown cue sets {sorted(unknown)}")
    compiled = _compile(table.by_key, modifiers)
    prefixes = {prefix_key(s.text, s.spaced): s for group in table.by_key.values() for s in group if s.prefix}
    ratio_unit = next((u for u in units.values() if u.kind == "ratio"), None)
    return Lexicon(lang, units, table.by_key, numbers, modifiers, kinds, prefixes, **compiled, ratio_unit=ratio_unit)


def prefix_key(written: str, spaced: bool) -> str:
    """How a currency prefix is looked up: without spaces; lower case for the spaced forms."""
    compact = re.sub(r"\s+", "", written)
    return compact.lower() if spaced else compact
