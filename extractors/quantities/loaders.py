"""Read and validate the rule data files (units, currencies, numbers, modifiers) into records.

Every entry is checked; a bad file fails loudly with a RuleDataError naming the file and the
entry, never with a half-built table. Derived units (square and cubic forms, speeds) are
generated here from the length units so the data files stay short.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib.resources.abc import Traversable
from typing import Any

from extractors.quantities.records import Bound, Modifiers, NumberWords, Surface, Unit, norm, plural
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
    for text in dict.fromkeys(words + plural_forms + abbrevs):
        table.add(Surface(text, unit, False, glued=text in glued, guarded=text in guarded))
    for text in symbols:
        table.add(Surface(text, unit, True, glued=text in glued, guarded=text in guarded))
    unknown = (glued | guarded) - set(words + plural_forms + abbrevs + symbols)
    if unknown:
        raise RuleDataError(path, f"{where}: glued/guarded surfaces {sorted(unknown)} are not among its surfaces")
    return {"words": words, "plurals": plural_forms, "abbrevs": abbrevs, "symbols": symbols}


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
        unit = Unit(name, kind, factor, float(offset), base if factor is not None else None)
        units[name] = unit
        forms[name] = _unit_surfaces(path, entry, unit, table)
        if not any(forms[name].values()):
            raise RuleDataError(path, f"unit {name!r} has no surface forms")
    _derive_powers(path, data.get("powers", {}), raw_units, units, forms, table)
    _derive_speeds(path, data.get("speed"), raw_units, units, forms, table)
    return units, kinds


def _derived(units: dict[str, Unit], name: str, kind: str, factor: float | None, base: str | None) -> Unit:
    if name not in units:
        units[name] = Unit(name, kind, factor, 0.0, base if factor is not None else None)
    return units[name]


def _derive_powers(path, powers, raw_units, units, forms, table) -> None:
    """'square kilometer', 'sq km', 'km2', 'km²', 'cubic feet' ... from the length units."""
    kinds_base = {"area": "square meter", "volume": "liter"}
    for prefix_name, spec in powers.items():
        exp = spec.get("exponent")
        if spec.get("kind") not in kinds_base or exp not in (2, 3):
            raise RuleDataError(path, f"powers.{prefix_name}: needs kind area|volume and exponent 2|3")
        to_base = float(spec.get("to_base", 1))
        words = _strings(path, f"powers.{prefix_name}.words", spec.get("words"))
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
    for name, minor in minors:
        if minor not in units or units[minor].kind != "currency":
            raise RuleDataError(path, f"currency {name!r}: minor unit {minor!r} is not a listed currency")


# ------------------------------------------------------------------ numbers and modifiers
def load_numbers(source: Source) -> NumberWords:
    path, data = _read(source, "numbers")
    maps = {k: _number_map(path, k, data.get(k)) for k in
            ("ones", "tens", "hundred", "scales", "scale_abbrevs", "multiples", "fractions", "unicode_fractions")}
    return NumberWords(**maps, articles=frozenset(_strings(path, "articles", data.get("articles"))),
                       negatives=frozenset(_strings(path, "negatives", data.get("negatives"))))


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
    guard = data.get("ratio_guard", {})
    senses = data.get("currency_senses", [])
    for sense in senses:
        if sense.get("unit") not in units:
            raise RuleDataError(path, f"currency_senses: unknown unit {sense.get('unit')!r}")
        _strings(path, "currency_senses.surfaces", sense.get("surfaces"))
        _strings(path, "currency_senses.cues", sense.get("cues"))
    return Modifiers(
        approximate=frozenset(_strings(path, "approximate", data.get("approximate"))),
        bounds=bounds,
        between=tuple(between),
        range_joiners=joiners,
        shared_unit_joiners=shared,
        change_openers=change_openers,
        change_words=frozenset(strings(path, "changes.words", changes.get("words"), lower=True)),
        bound_joiners=tuple(_strings(path, "bound_joiners", data.get("bound_joiners"))),
        relative_time=tuple(_strings(path, "relative_time", data.get("relative_time"))),
        age=tuple(_strings(path, "age", data.get("age"))),
        ratio_guard_surfaces=frozenset(_strings(path, "ratio_guard.surfaces", guard.get("surfaces"))),
        ratio_guard_words=frozenset(_strings(path, "ratio_guard.after_words", guard.get("after_words"))),
        ratio_guard_tags=frozenset(_strings(path, "ratio_guard.after_tags", guard.get("after_tags"))),
        ratio_verbs=_number_map(path, "ratio_verbs", data.get("ratio_verbs", {})),
        time_of_day=frozenset(w.lower() for w in _strings(path, "time_of_day", data.get("time_of_day"))),
        months=frozenset(w.lower() for w in _strings(path, "months", data.get("months"))),
        currency_senses=tuple(senses),
    )
