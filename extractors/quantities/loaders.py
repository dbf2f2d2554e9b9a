"""Read and validate the rule data files (units, currencies, numbers, modifiers) into records.

Every entry is checked; a bad file fails loudly with a RuleDataError naming the file and the
entry, never with a half-built table. Derived units (square and cubic forms, speeds) are
generated here from the length units so the data files stay short.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from importlib.resources.abc import Traversable
from typing import Any

from extractors.quantities.records import (Bound, Modifiers, NumberWords, Sense, Surface, Unit, UnitBefore, norm,
                                           plural)
from extractors.ruledata import RuleDataError, read_json, strings


@dataclass(frozen=True, slots=True)
class Source:
    """Where one language's rule files live: <folder>/<stem>_<lang>.json."""

    folder: Traversable
    lang: str

    def file(self, stem: str) -> Traversable:
        return self.folder.joinpath(f"{stem}_{self.lang}.json")


def _read(source: Source, stem: str) -> tuple[str, Any]:
    file = source.file(stem)
    return str(file), read_json(file)


def _strings(path: str, where: str, value: Any) -> list[str]:
    """An optional word list (absent: empty), checked by the shared rule-data check."""
    return list(strings(path, where, value, optional=True))


def _number_map(path: str, where: str, value: Any) -> dict[str, float]:
    if not isinstance(value, dict) or not all(
        isinstance(k, str) and isinstance(v, (int, float)) and not isinstance(v, bool) for k, v in value.items()
    ):
        raise RuleDataError(path, f"{where}: expected an object of word -> number")
    return {k: float(v) for k, v in value.items()}


def _factor(path: str, where: str, entry: dict[str, Any], key: str = "factor") -> float | None:
    value = entry.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
        raise RuleDataError(path, f"{where}: {key} must be a positive number or null, got {value!r}")
    return float(value)


# ------------------------------------------------------------------ units and currencies
class SurfaceTable:
    """Collects surfaces and refuses one text meaning two units in the same position."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.by_key: dict[str, list[Surface]] = {}

    def add(self, surface: Surface) -> None:
        key = surface.text if surface.case_sensitive else norm(surface.text)
        same = self.by_key.setdefault(key, [])
        for other in same:
            if other.case_sensitive == surface.case_sensitive and other.prefix == surface.prefix:
                if other.unit.name != surface.unit.name:
                    raise RuleDataError(self.path, f"surface {surface.text!r} means both "
                                                   f"{other.unit.name!r} and {surface.unit.name!r}")
                return
        same.append(surface)


def _unit_surfaces(path: str, entry: dict[str, Any], unit: Unit, table: SurfaceTable) -> dict[str, list[str]]:
    where = f"unit {unit.name!r}"
    words = _strings(path, f"{where} words", entry.get("words"))
    plurals = entry.get("plurals")
    plural_forms = _strings(path, f"{where} plurals", plurals) if plurals is not None else [plural(w) for w in words]
    abbrevs = _strings(path, f"{where} abbrevs", entry.get("abbrevs"))
    symbols = _strings(path, f"{where} symbols", entry.get("symbols"))
    glued = set(_strings(path, f"{where} glued", entry.get("glued")))
    guarded = set(_strings(path, f"{where} guarded", entry.get("guarded")))
    unpaired = set(_strings(path, f"{where} unpaired", entry.get("unpaired")))
    for text in dict.fromkeys(words + plural_forms + abbrevs):
        table.add(Surface(text, unit, False, glued=text in glued, guarded=text in guarded))
    for text in symbols:
        table.add(Surface(text, unit, True, glued=text in glued, guarded=text in guarded, unpaired=text in unpaired))
    _contextual(path, where, entry, unit, table)
    unknown = (glued | guarded) - set(words + plural_forms + abbrevs + symbols) | unpaired - set(symbols)
    if unknown:
        raise RuleDataError(path, f"{where}: glued/guarded/unpaired surfaces {sorted(unknown)} are not among its "
                                  f"surfaces (unpaired: its symbols)")
    return {"words": words, "plurals": plural_forms, "abbrevs": abbrevs, "symbols": symbols}


def _contextual(path: str, where: str, entry: dict[str, Any], unit: Unit, table: SurfaceTable) -> None:
    """'in_context': {cue set: [surfaces]}: surfaces that mean the unit only where their clause
    holds a cue of that set ('75 f' in a clause about temperature; '20 marks' about money)."""
    spec = entry.get("in_context", {})
    if not isinstance(spec, dict):
        raise RuleDataError(path, f"{where}: in_context must map a cue set to its surfaces")
    for context, texts in spec.items():
        for text in _strings(path, f"{where} in_context.{context}", texts):
            table.add(Surface(text, unit, False, context=context))


def load_units(source: Source, table: SurfaceTable) -> tuple[dict[str, Unit], dict[str, str]]:
    path, data = _read(source, "units")
    table.path = path
    kinds = data.get("kinds")
    if not isinstance(kinds, dict) or not kinds:
        raise RuleDataError(path, "'kinds' must map each kind to its base unit")
    units: dict[str, Unit] = {}
    forms: dict[str, dict[str, list[str]]] = {}
    raw_units = data.get("units")
    if not isinstance(raw_units, list):
        raise RuleDataError(path, "'units' must be a list")
    for i, entry in enumerate(raw_units):
        if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
            raise RuleDataError(path, f"units[{i}]: needs a string 'name'")
        name, kind = entry["name"], entry.get("kind")
        if kind not in kinds:
            raise RuleDataError(path, f"unit {name!r}: unknown kind {kind!r}")
        if name in units:
            raise RuleDataError(path, f"unit {name!r} is listed twice")
        factor = _factor(path, f"unit {name!r}", entry)
        offset = entry.get("offset", 0.0)
        if isinstance(offset, bool) or not isinstance(offset, (int, float)):
            raise RuleDataError(path, f"unit {name!r}: offset must be a number")
        base = entry.get("base", kinds[kind])
        minor = entry.get("minor")
        unit = Unit(name, kind, factor, float(offset), base if factor is not None else None, minor)
        units[name] = unit
        forms[name] = _unit_surfaces(path, entry, unit, table)
        if not any(forms[name].values()):
            raise RuleDataError(path, f"unit {name!r} has no surface forms")
    for unit in units.values():  # 'minor': the smaller unit that may follow it ('5 feet 2 inches')
        if unit.minor is not None and (unit.minor not in units or units[unit.minor].kind != unit.kind
                                       or unit.factor is None or units[unit.minor].factor is None):
            raise RuleDataError(path, f"unit {unit.name!r}: minor unit {unit.minor!r} is not a convertible unit of "
                                      f"its kind")
    _derive_powers(path, data.get("powers", {}), raw_units, units, forms, table)
    _derive_speeds(path, data.get("speed"), raw_units, units, forms, table)
    return units, kinds


def _derived(units: dict[str, Unit], name: str, kind: str, factor: float | None, base: str | None) -> Unit:
    if name not in units:
        units[name] = Unit(name, kind, factor, 0.0, base if factor is not None else None)
    return units[name]


def _derive_powers(path, powers, raw_units, units, forms, table) -> None:
    """'square kilometer', 'sq km', 'sqft', 'km2', 'km²', 'km^2', 'cubic feet' ... from the length units."""
    kinds_base = {"area": "square meter", "volume": "liter"}
    for prefix_name, spec in powers.items():
        exp = spec.get("exponent")
        if spec.get("kind") not in kinds_base or exp not in (2, 3):
            raise RuleDataError(path, f"powers.{prefix_name}: needs kind area|volume and exponent 2|3")
        to_base = float(spec.get("to_base", 1))
        words = _strings(path, f"powers.{prefix_name}.words", spec.get("words"))
        glued = _strings(path, f"powers.{prefix_name}.glued_words", spec.get("glued_words"))
        suffixes = _strings(path, f"powers.{prefix_name}.suffixes", spec.get("suffixes"))
        for entry in raw_units:
            if not entry.get("powers"):
                continue
            length = units[entry["name"]]
            factor = None if length.factor is None else length.factor ** exp * to_base
            unit = _derived(units, f"{prefix_name} {length.name}", spec["kind"], factor, kinds_base[spec["kind"]])
            f = forms[length.name]
            for w in words:
                for text in f["words"] + f["plurals"] + f["abbrevs"] + f["symbols"]:
                    table.add(Surface(f"{w} {text}", unit, text in f["symbols"]))
            for w in glued:  # 'sqft', 'sq.ft.', 'sqm'
                for text in f["abbrevs"] + f["symbols"]:
                    table.add(Surface(f"{w}{text}", unit, False))
            for text in f["abbrevs"] + f["symbols"]:
                if text[-1].isalpha():
                    for s in suffixes:
                        table.add(Surface(f"{text}{s}", unit, text in f["symbols"]))


def _derive_speeds(path, spec, raw_units, units, forms, table) -> None:
    """'miles per hour', 'kilometres an hour', 'km/h' ... from the length units marked 'speed'."""
    if spec is None:
        return
    per = spec.get("per")
    if not isinstance(per, dict):
        raise RuleDataError(path, "speed.per must map time units to their phrases")
    for time_name, time_spec in per.items():
        seconds = _factor(path, f"speed.per.{time_name}", time_spec)
        words = _strings(path, f"speed.per.{time_name}.words", time_spec.get("words"))
        suffixes = _strings(path, f"speed.per.{time_name}.abbrev_suffixes", time_spec.get("abbrev_suffixes"))
        for entry in raw_units:
            if not entry.get("speed"):
                continue
            length = units[entry["name"]]
            factor = None if length.factor is None or seconds is None else length.factor / seconds
            unit = _derived(units, f"{length.name} per {time_name}", spec.get("kind", "speed"), factor,
                            "meter per second")
            f = forms[length.name]
            for text in f["words"] + f["plurals"]:
                for w in words:
                    table.add(Surface(f"{text} {w}", unit, False))
            for text in f["abbrevs"] + f["symbols"]:
                for s in suffixes:
                    table.add(Surface(f"{text}{s}", unit, text in f["symbols"]))
                for w in words:
                    if w.startswith("per "):  # 'km per hour', 'cm per millisecond'
                        table.add(Surface(f"{text} {w}", unit, text in f["symbols"]))


def load_currencies(source: Source, units: dict[str, Unit], table: SurfaceTable) -> None:
    path, data = _read(source, "currencies")
    table.path = path
    entries = data.get("currencies")
    if not isinstance(entries, list):
        raise RuleDataError(path, "'currencies' must be a list")
    minors: list[tuple[str, str]] = []
    for i, entry in enumerate(entries):
        if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
            raise RuleDataError(path, f"currencies[{i}]: needs a string 'name'")
        name = entry["name"]
        where = f"currency {name!r}"
        if name in units:
            raise RuleDataError(path, f"{where} is listed twice")
        code = entry.get("code")
        if code is not None and not (isinstance(code, str) and re.fullmatch(r"[A-Z]{3}", code)):
            raise RuleDataError(path, f"{where}: code must be three capital letters or null, got {code!r}")
        factor = _factor(path, where, entry) or 1.0
        unit = Unit(name, "currency", factor if code else None, 0.0, code, entry.get("minor"))
        units[name] = unit
        if unit.minor:
            minors.append((name, unit.minor))
        words = _strings(path, f"{where} words", entry.get("words"))
        plurals = entry.get("plurals")
        plural_forms = (_strings(path, f"{where} plurals", plurals) if plurals is not None
                        else [plural(w) for w in words])
        glued = set(_strings(path, f"{where} glued", entry.get("glued")))
        for text in dict.fromkeys(words + plural_forms + _strings(path, f"{where} abbrevs", entry.get("abbrevs"))):
            table.add(Surface(text, unit, False))
        for text in _strings(path, f"{where} codes", entry.get("codes")):
            table.add(Surface(text, unit, True))
            table.add(Surface(text, unit, True, prefix=True, suffix=False))
        for text in _strings(path, f"{where} symbols", entry.get("symbols")):
            table.add(Surface(text, unit, True, glued=text in glued))
            if text not in glued:
                table.add(Surface(text, unit, True, prefix=True, suffix=False))
        for text in _strings(path, f"{where} spaced", entry.get("spaced")):
            table.add(Surface(text, unit, False, prefix=True, suffix=False, spaced=True))
        _contextual(path, where, entry, unit, table)
    for name, minor in minors:
        if minor not in units or units[minor].kind != "currency":
            raise RuleDataError(path, f"currency {name!r}: minor unit {minor!r} is not a listed currency")


# ------------------------------------------------------------------ numbers and modifiers
def _longest_first(phrases: Iterable[str]) -> tuple[str, ...]:
    """Phrases in the order filters.phrase_after tries them: the longest match wins."""
    return tuple(sorted(dict.fromkeys(phrases), key=len, reverse=True))


def load_numbers(source: Source) -> NumberWords:
    path, data = _read(source, "numbers")
    maps = {k: _number_map(path, k, data.get(k)) for k in
            ("ones", "tens", "hundred", "scales", "scale_abbrevs", "multiples", "fractions", "unicode_fractions")}
    articles = frozenset(_strings(path, "articles", data.get("articles")))
    return NumberWords(**maps, articles=articles, negatives=frozenset(_strings(path, "negatives", data.get("negatives"))),
                       points=frozenset(_strings(path, "points", data.get("points"))),
                       starters=frozenset(maps["ones"]) | frozenset(maps["tens"]) | articles | {"half"})


FORMS = ("exclusive", "inclusive", "negated", "postfix")


def _comparative_bounds(path: str, spec: Any) -> tuple[list[tuple[str, str, bool]], dict[str, str]]:
    """(phrase, side, inclusive) for every comparative in every form before the number: 'more
    than' (low, exclusive), 'greater than or equal to' (low, inclusive), 'no more than' (high,
    inclusive); and phrase -> side for the forms after it ('20 or more': low)."""
    if not isinstance(spec, dict):
        raise RuleDataError(path, "'comparatives' must be an object")
    forms = {key: strings(path, f"comparatives.{key}", spec.get(key)) for key in FORMS}
    if not all("{c}" in form for group in forms.values() for form in group):
        raise RuleDataError(path, "comparatives: every form must hold {c}, where the comparative goes")
    out: list[tuple[str, str, bool]] = []
    after: dict[str, str] = {}
    for side, other in (("low", "high"), ("high", "low")):
        for word in strings(path, f"comparatives.{side}", spec.get(side), lower=True):
            out += [(form.replace("{c}", word), side, False) for form in forms["exclusive"]]
            out += [(form.replace("{c}", word), side, True) for form in forms["inclusive"]]
            out += [(form.replace("{c}", word), other, True) for form in forms["negated"]]
            after.update((form.replace("{c}", word), side) for form in forms["postfix"])
    return out, after


def load_modifiers(source: Source, units: dict[str, Unit], kinds: dict[str, str]) -> Modifiers:
    path, data = _read(source, "modifiers")
    known_kinds = set(kinds) | {"currency"}
    not_before = data.get("not_before", {})
    for word, ks in not_before.items():
        bad = set(_strings(path, f"not_before.{word}", ks)) - known_kinds
        if bad:
            raise RuleDataError(path, f"not_before.{word}: unknown kinds {sorted(bad)}")
    bounds: dict[str, Bound] = {}
    for side, key in (("low", "lower"), ("high", "upper")):
        groups = data.get(key)
        if not isinstance(groups, list):
            raise RuleDataError(path, f"'{key}' must be a list of word groups")
        for group in groups:
            inclusive = group.get("inclusive")
            if not isinstance(inclusive, bool):
                raise RuleDataError(path, f"{key}: every group needs a boolean 'inclusive'")
            for word in _strings(path, f"{key}.words", group.get("words")):
                if word in bounds:
                    raise RuleDataError(path, f"bound word {word!r} is listed twice")
                bounds[word] = Bound(side, inclusive, frozenset(not_before.get(word, ())))
    before, postfix_comparatives = _comparative_bounds(path, data.get("comparatives"))
    for word in strings(path, "equal", data.get("equal"), lower=True):
        before.append((word, "exact", True))
    for word, side, inclusive in before:
        if word in bounds:
            raise RuleDataError(path, f"bound word {word!r} is listed twice (comparatives make it)")
        bounds[word] = Bound(side, inclusive, frozenset(not_before.get(word, ())))
    unknown = set(strings(path, "date_bounds", data.get("date_bounds"), lower=True)) - set(bounds)
    if unknown:
        raise RuleDataError(path, f"date_bounds: not bound words: {sorted(unknown)}")
    between = []
    for pair in data.get("between", []):
        if not (isinstance(pair, list) and len(pair) == 2 and all(isinstance(p, str) for p in pair)):
            raise RuleDataError(path, f"between: expected [opener, joiner] pairs, got {pair!r}")
        between.append((pair[0], pair[1]))
    joiners = tuple(_strings(path, "range_joiners", data.get("range_joiners")))
    shared = frozenset(_strings(path, "range_joiners_need_shared_unit", data.get("range_joiners_need_shared_unit")))
    if not shared <= set(joiners):
        raise RuleDataError(path, "range_joiners_need_shared_unit must be a subset of range_joiners")
    changes = data.get("changes")
    if not isinstance(changes, dict):
        raise RuleDataError(path, "'changes' must be an object with 'openers' and 'words'")
    change_openers = frozenset(strings(path, "changes.openers", changes.get("openers"), lower=True))
    unknown = change_openers - {opener for opener, _ in between}
    if unknown:
        raise RuleDataError(path, f"changes.openers: not 'between' openers: {sorted(unknown)}")
    up, down, other = (frozenset(strings(path, f"changes.{k}", changes.get(k), lower=True))
                       for k in ("up", "down", "other"))
    both = up & down
    if both:
        raise RuleDataError(path, f"changes: words both up and down: {sorted(both)}")
    postfix = data.get("postfix_bounds")
    if not isinstance(postfix, dict) or set(postfix) != {"low", "high"}:
        raise RuleDataError(path, "'postfix_bounds' must be an object with 'low' and 'high' phrase lists")
    postfix_bounds = {p: side for side in ("low", "high")
                      for p in strings(path, f"postfix_bounds.{side}", postfix[side], lower=True)}
    postfix_bounds.update(postfix_comparatives)
    postfix_bounds = {p: postfix_bounds[p] for p in _longest_first(postfix_bounds)}
    below_zero = data.get("below_zero")
    if not isinstance(below_zero, dict) or units.get(below_zero.get("unit")) is None:
        raise RuleDataError(path, "'below_zero' must be an object with 'phrases' and a known 'unit'")
    units_before: dict[str, UnitBefore] = {}
    for i, rule in enumerate(data.get("units_before", [])):
        if not isinstance(rule, dict) or rule.get("unit") not in units or not isinstance(rule.get("clause_end"), bool):
            raise RuleDataError(path, f"units_before[{i}]: needs 'words', a known 'unit' and a boolean 'clause_end'")
        for phrase in strings(path, f"units_before[{i}].words", rule.get("words"), lower=True):
            units_before[phrase] = UnitBefore(rule["unit"], rule["clause_end"])
    unitless = data.get("unitless_ranges")
    if not isinstance(unitless, dict):
        raise RuleDataError(path, "'unitless_ranges' must be an object with 'joiners' and 'not_before'")
    unitless_joiners = frozenset(strings(path, "unitless_ranges.joiners", unitless.get("joiners")))
    if not unitless_joiners <= set(joiners):
        raise RuleDataError(path, "unitless_ranges.joiners must be a subset of range_joiners")
    guard = data.get("ratio_guard", {})
    cue_sets = data.get("cues")
    if not isinstance(cue_sets, dict) or not cue_sets:
        raise RuleDataError(path, "'cues' must map each cue set name to its words")
    cues = {name: frozenset(strings(path, f"cues.{name}", words, lower=True)) for name, words in cue_sets.items()}
    senses = []
    for i, sense in enumerate(data.get("senses", [])):
        if not isinstance(sense, dict) or sense.get("unit") not in units or sense.get("cues") not in cues:
            raise RuleDataError(path, f"senses[{i}]: needs a known 'unit' and the name of a cue set")
        senses.append(Sense(
            frozenset(strings(path, f"senses[{i}].surfaces", sense.get("surfaces"), lower=True)), sense["unit"],
            cues[sense["cues"]],
            frozenset(strings(path, f"senses[{i}].not_followed_by", sense.get("not_followed_by"), lower=True,
                              optional=True))))
    return Modifiers(
        approximate=frozenset(_strings(path, "approximate", data.get("approximate"))),
        bounds=bounds,
        date_bounds=frozenset(strings(path, "date_bounds", data.get("date_bounds"), lower=True)),
        between=tuple(between),
        range_joiners=joiners,
        shared_unit_joiners=shared,
        change_openers=change_openers,
        change_words=up | down | other,
        change_up=up,
        change_down=down,
        change_fillers=frozenset(strings(path, "changes.fillers", changes.get("fillers"), lower=True)),
        postfix_bounds=postfix_bounds,
        unitless_range_joiners=unitless_joiners,
        unitless_range_not_before=frozenset(strings(path, "unitless_ranges.not_before", unitless.get("not_before"),
                                                    lower=True)),
        below_zero=_longest_first(strings(path, "below_zero.phrases", below_zero.get("phrases"), lower=True)),
        below_zero_unit=below_zero["unit"],
        units_before={p: units_before[p] for p in _longest_first(units_before)},
        bound_joiners=tuple(_strings(path, "bound_joiners", data.get("bound_joiners"))),
        relative_time=_longest_first(_strings(path, "relative_time", data.get("relative_time"))),
        age=_longest_first(_strings(path, "age", data.get("age"))),
        ratio_guard_surfaces=frozenset(_strings(path, "ratio_guard.surfaces", guard.get("surfaces"))),
        ratio_guard_words=frozenset(_strings(path, "ratio_guard.after_words", guard.get("after_words"))),
        ratio_guard_tags=frozenset(_strings(path, "ratio_guard.after_tags", guard.get("after_tags"))),
        ratio_verbs=_number_map(path, "ratio_verbs", data.get("ratio_verbs", {})),
        time_of_day=frozenset(w.lower() for w in _strings(path, "time_of_day", data.get("time_of_day"))),
        months=frozenset(w.lower() for w in _strings(path, "months", data.get("months"))),
        cues=cues,
        senses=tuple(senses),
    )
