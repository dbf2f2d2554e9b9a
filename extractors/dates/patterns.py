"""Token patterns for time expressions, read from `patterns_<lang>.jsonl` and
`tokens_<lang>.json` and compiled into spaCy matchers.

A pattern is a list of token specs written compactly: ``"@MONTH"`` is a token macro
(``"@MONTH?"``, ``"@NUM*"``, ``"@NUM+"`` add an operator; ``"@WEEKDAY|DEICTIC"`` unites two
word-list macros), ``"the?"`` or ``"past|last|next"`` is a lower-case word (list), and a
JSON object is a spaCy token spec as is. Inside macros, ``"@name"`` in an ``IN`` list or a
``REGEX`` string expands to the lexicon word list `name`. Patterns with ``"veto": true``
mark text that is never a time expression (ages, "month-over-month"). Each line carries an
``example`` sentence that its pattern must match (checked by the tests).
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc
from spacy.vocab import Vocab

from extractors.dates.lexicon import HERE, Lexicon
from extractors.ruledata import RuleDataError, read_json

_OPS = "?*+"
REFERENCE = "reference"
HOLIDAY = "holiday"


@dataclass(frozen=True, slots=True)
class PatternRule:
    id: str
    pattern: tuple[dict[str, Any], ...]
    example: str
    veto: bool = False


@dataclass(frozen=True, slots=True)
class Rules:
    """Compiled matchers: `timexes` (key = pattern id), `vetoes`, and `phrases`
    (lexicon phrases: keys REFERENCE and HOLIDAY)."""

    timexes: Matcher
    vetoes: Matcher
    phrases: PhraseMatcher
    rules: tuple[PatternRule, ...]
    triggers: frozenset[str]  # words one of which every pattern match holds (besides digits)
    multipliers: frozenset[str]  # "hundred", "dozen": "a hundred years" keeps its "a"
    months: frozenset[str]  # "the Aug. 7, 1998 bombing": the article stays out


def _expand_lists(spec: Any, lexicon: Lexicon, where: str) -> Any:
    """Replace "@name" word-list references inside a token spec (IN lists, REGEX strings)."""
    if isinstance(spec, dict):
        out = {}
        for key, value in spec.items():
            if key == "IN" and isinstance(value, str) and value.startswith("@"):
                out[key] = sorted(set(_word_class(lexicon, value[1:], where)))
            elif key == "REGEX" and isinstance(value, str):
                out[key] = re.sub(r"@(\w+)", lambda m: "|".join(
                    re.escape(w) for w in sorted(_word_class(lexicon, m.group(1), where), key=len, reverse=True)),
                    value)
            else:
                out[key] = _expand_lists(value, lexicon, where)
        return out
    return spec


def _word_class(lexicon: Lexicon, name: str, where: str) -> tuple[str, ...]:
    try:
        return lexicon.word_class(name)
    except (AttributeError, KeyError) as exc:
        raise RuleDataError(where, f"unknown word list @{name}") from exc


def load_macros(lexicon: Lexicon, lang: str = "en") -> dict[str, dict[str, Any]]:
    path = HERE / f"tokens_{lang}.json"
    data = read_json(path)
    if not isinstance(data, dict):
        raise RuleDataError(path, "expected an object of token macros")
    macros = {}
    for name, spec in data.items():
        if name.startswith("_"):
            continue
        if not isinstance(spec, dict) or "OP" in spec:
            raise RuleDataError(path, f"macro {name}: expected one token spec without OP")
        macros[name] = _expand_lists(spec, lexicon, f"{path}: {name}")
    return macros


def _macro(name: str, macros: dict[str, dict[str, Any]], where: str) -> dict[str, Any]:
    names = name.split("|")
    unknown = [n for n in names if n not in macros]
    if unknown:
        raise RuleDataError(where, f"unknown token macro @{unknown[0]}")
    if len(names) == 1:
        return copy.deepcopy(macros[name])
    words: set[str] = set()
    for n in names:
        spec = macros[n]
        if set(spec) != {"LOWER"} or set(spec["LOWER"]) != {"IN"}:
            raise RuleDataError(where, f"@{name}: only LOWER-IN macros can be united, not @{n}")
        words.update(spec["LOWER"]["IN"])
    return {"LOWER": {"IN": sorted(words)}}


def expand_token(item: Any, macros: dict[str, dict[str, Any]], lexicon: Lexicon, where: str) -> dict[str, Any]:
    """One compact pattern item -> one spaCy token spec."""
    if isinstance(item, dict):
        return _expand_lists(item, lexicon, where)
    if not isinstance(item, str) or not item.strip(_OPS):
        raise RuleDataError(where, f"bad pattern item {item!r}")
    op = item[-1] if item[-1] in _OPS else None
    body = item[:-1] if op else item
    if body.startswith("@"):
        spec = _macro(body[1:], macros, where)
    else:
        words = body.split("|")
        spec = {"LOWER": words[0]} if len(words) == 1 else {"LOWER": {"IN": words}}
    if op:
        spec["OP"] = op
    return spec


def load_rules(lexicon: Lexicon, lang: str = "en") -> tuple[PatternRule, ...]:
    macros = load_macros(lexicon, lang)
    path = HERE / f"patterns_{lang}.jsonl"
    try:
        lines = path.read_text("utf-8").splitlines()
    except OSError as exc:
        raise RuleDataError(path, f"cannot read rule data ({exc.strerror or exc})") from exc
    rules, seen = [], set()
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise RuleDataError(where, f"not valid JSON ({exc})") from exc
        if not isinstance(row, dict) or not isinstance(row.get("id"), str) or not isinstance(row.get("pattern"), list):
            raise RuleDataError(where, "expected {id, pattern: [...], example}")
        if row["id"] in seen:
            raise RuleDataError(where, f"duplicate pattern id {row['id']!r}")
        if not isinstance(row.get("example"), str):
            raise RuleDataError(where, f"pattern {row['id']}: needs an example sentence")
        seen.add(row["id"])
        tokens = tuple(expand_token(item, macros, lexicon, where) for item in row["pattern"])
        rules.append(PatternRule(row["id"], tokens, row["example"], bool(row.get("veto", False))))
    return tuple(rules)


def compile_rules(vocab: Vocab, make_doc: Callable[[str], Doc], lexicon: Lexicon, lang: str = "en") -> Rules:
    """Build the matchers; spaCy validates every token spec here, naming the pattern on error."""
    rules = load_rules(lexicon, lang)
    timexes, vetoes = Matcher(vocab, validate=True), Matcher(vocab, validate=True)
    for rule in rules:
        try:
            (vetoes if rule.veto else timexes).add(rule.id, [list(rule.pattern)], greedy="LONGEST")
        except (ValueError, KeyError) as exc:
            raise RuleDataError(HERE / f"patterns_{lang}.jsonl", f"pattern {rule.id}: {exc}") from exc
    phrases = PhraseMatcher(vocab, attr="LOWER")
    phrases.add(REFERENCE, list(_docs(make_doc, lexicon.references)))
    phrases.add(HOLIDAY, list(_docs(make_doc, lexicon.holidays)))
    return Rules(timexes, vetoes, phrases, rules, trigger_words(lexicon), frozenset(lexicon.multipliers),
                 frozenset(lexicon.months))


# Word lists one of which (or a digit) every timex pattern contains; see spans.windows.
TRIGGER_LISTS = ("months", "weekdays", "weekdays_plural", "seasons", "parts_of_day", "units_singular",
                 "units_plural", "deictic_days", "set_words", "clock_words", "meridiems", "decade_words", "holidays")


def trigger_words(lexicon: Lexicon) -> frozenset[str]:
    words = {w for name in TRIGGER_LISTS for w in lexicon.word_class(name)}
    return frozenset(words | {w.rstrip(".") for w in words} | {"half", "period"})


def _docs(make_doc: Callable[[str], Doc], phrases: Iterable[str]) -> Iterable[Doc]:
    return (make_doc(p) for p in phrases)
