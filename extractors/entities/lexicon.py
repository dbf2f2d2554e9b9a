"""Rule data for the extractors: JSON lexicons and JSONL patterns, loaded and validated once.

Data lives in files beside the code so that linguists can extend it without touching
Python, and so that its hash is part of the extractor version. A file that breaks its
expected shape raises `RuleDataError` naming the file (and line), never a silent default.
The generic readers here are shared with the claims extractor.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from pipeline.errors import ConfigError

HERE = Path(__file__).parent
GAZETTEER_FILES = ("places.jsonl", "organizations.jsonl", "companies.jsonl", "materials.jsonl")
NAMES_FILE = "names.json"
# Labels the gazetteer may assign: the model's name-like labels plus our MATERIAL.
# The `id` of a pattern whose canonical name is the matched text itself.
SELF_ID = "*"
GAZETTEER_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "PRODUCT", "EVENT", "LAW",
                              "WORK_OF_ART", "LANGUAGE", "MATERIAL"})


class RuleDataError(ConfigError):
    """A rule data file is missing or malformed; `path` (and `line`, for JSONL) say where."""

    def __init__(self, path: Path | str, reason: str, line: int | None = None) -> None:
        where = f"{path}:{line}" if line is not None else str(path)
        super().__init__(f"rule data {where}: {reason}")
        self.path = str(path)
        self.line = line
        self.reason = reason


def read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text("utf-8"))
    except OSError as exc:
        raise RuleDataError(path, exc.strerror or str(exc)) from exc
    except json.JSONDecodeError as exc:
        raise RuleDataError(path, f"not valid JSON ({exc})") from exc


def read_jsonl(path: Path) -> Iterable[tuple[int, Any]]:
    """Yield (line number, object) for each non-blank line."""
    try:
        lines = path.read_text("utf-8").splitlines()
    except OSError as exc:
        raise RuleDataError(path, exc.strerror or str(exc)) from exc
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            yield n, json.loads(line)
        except json.JSONDecodeError as exc:
            raise RuleDataError(path, f"not valid JSON ({exc})", n) from exc


def require_strings(path: Path, data: Mapping[str, Any], key: str, *, lower: bool = False) -> tuple[str, ...]:
    """`data[key]` as a tuple of non-empty strings (lower-cased if asked), or RuleDataError."""
    value = data.get(key)
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise RuleDataError(path, f"{key!r} must be a list of non-empty strings")
    return tuple(v.lower() if lower else v for v in value)


def _check_pattern(path: Path, n: int, obj: Any) -> dict[str, Any]:
    if not isinstance(obj, dict):
        raise RuleDataError(path, "a pattern line must be a JSON object", n)
    label, pattern, ent_id = obj.get("label"), obj.get("pattern"), obj.get("id")
    if label not in GAZETTEER_LABELS:
        raise RuleDataError(path, f"unknown label {label!r}", n)
    if not isinstance(ent_id, str) or not ent_id.strip():
        raise RuleDataError(path, "every pattern needs an 'id' (its canonical name)", n)
    if isinstance(pattern, str):
        if not pattern.strip():
            raise RuleDataError(path, "empty phrase pattern", n)
    elif not (isinstance(pattern, list) and pattern and all(isinstance(t, dict) and t for t in pattern)):
        raise RuleDataError(path, "'pattern' must be a phrase or a list of token objects", n)
    return {"label": label, "pattern": pattern, "id": ent_id}


@dataclass(frozen=True, slots=True)
class Names:
    """The name lexicons of names.json (all lower-case)."""

    titles: frozenset[str]  # compared with a span's lower-cased text
    longest_title: int  # in whitespace-separated words
    title_modifiers: frozenset[str]
    name_suffixes: frozenset[str]
    legal_suffixes: frozenset[str]
    determiners: frozenset[str]
    acronym_skip: frozenset[str]


@cache
def names(path: Path = HERE / NAMES_FILE) -> Names:
    data = read_json(path)
    if not isinstance(data, dict):
        raise RuleDataError(path, "must be a JSON object")
    titles = frozenset(" ".join(t.split()) for t in require_strings(path, data, "titles", lower=True))
    return Names(
        titles=titles,
        longest_title=max(len(t.split()) for t in titles),
        title_modifiers=frozenset(require_strings(path, data, "title_modifiers", lower=True)),
        name_suffixes=frozenset(require_strings(path, data, "name_suffixes", lower=True)),
        legal_suffixes=frozenset(require_strings(path, data, "legal_suffixes", lower=True)),
        determiners=frozenset(require_strings(path, data, "determiners", lower=True)),
        acronym_skip=frozenset(require_strings(path, data, "acronym_skip", lower=True)),
    )


def legal_suffix_pattern(lex: Names) -> dict[str, Any]:
    """Token pattern for a company named by its legal form: capitalised words + Inc/Corp/Group/..."""
    stop = sorted(lex.determiners | lex.acronym_skip)
    suffixes = sorted({s for s in lex.legal_suffixes} | {s.capitalize() for s in lex.legal_suffixes}
                      | {s.upper() for s in lex.legal_suffixes})
    return {"label": "ORG", "id": SELF_ID, "pattern": [
        {"IS_TITLE": True, "POS": "PROPN", "LOWER": {"NOT_IN": stop}},
        {"IS_TITLE": True, "LOWER": {"NOT_IN": stop}, "OP": "*"},
        {"ORTH": {"IN": suffixes}},
    ]}


@cache
def gazetteer_patterns(files: tuple[str, ...] = GAZETTEER_FILES) -> tuple[dict[str, Any], ...]:
    """All EntityRuler patterns of the gazetteer files, validated."""
    out = []
    for name in files:
        path = HERE / name
        out.extend(_check_pattern(path, n, obj) for n, obj in read_jsonl(path))
    return tuple(out)


@cache
def aliases(files: tuple[str, ...] = GAZETTEER_FILES) -> Mapping[str, tuple[str, str]]:
    """Lower-cased phrase -> (label, canonical name), from the gazetteer's phrase patterns:
    the same data that lets the ruler find "U.S." lets consolidation map a model's "U.S." to
    "United States"."""
    table: dict[str, tuple[str, str]] = {}
    for p in gazetteer_patterns(files):
        if isinstance(p["pattern"], str):
            table.setdefault(p["pattern"].lower(), (p["label"], p["id"]))
        elif all(set(t) <= {"LOWER", "ORTH", "POS"} for t in p["pattern"]):
            words = [t.get("LOWER") or t.get("ORTH") for t in p["pattern"]]
            if all(isinstance(w, str) for w in words):
                table.setdefault(" ".join(words).lower().replace(" - ", "-"), (p["label"], p["id"]))
    return table
