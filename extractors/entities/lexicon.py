"""Rule data of the entities extractor: gazetteer patterns (JSONL) and name lexicons (JSON),
loaded and validated once. Data lives in files beside the code so that it can grow without
touching Python, and so that its hash is part of the extractor version.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from extractors.ruledata import RuleDataError, read_json, read_jsonl, require_strings

HERE = Path(__file__).parent
GAZETTEER_FILES = ("places.jsonl", "organizations.jsonl", "companies.jsonl", "materials.jsonl")
NAMES_FILE = "names.json"
COMMODITIES_FILE = "commodities.json"
# Labels the gazetteer may assign: the model's name-like labels plus our MATERIAL.
# The `id` of a pattern whose canonical name is the matched text itself.
SELF_ID = "*"
GAZETTEER_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "PRODUCT", "EVENT", "LAW",
                              "WORK_OF_ART", "LANGUAGE", "MATERIAL"})


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
    not_places: frozenset[str]  # as written, without dots ("AI", "CEO")
    # Every leading and trailing piece of a title ("vice ", "e president"), so a scan over the
    # tokens stops as soon as no title can come of them (mentions.title_length, after_title).
    title_prefixes: frozenset[str] = frozenset()
    title_suffixes: frozenset[str] = frozenset()


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
        not_places=frozenset(w.replace(".", "") for w in require_strings(path, data, "not_places")),
        title_prefixes=frozenset(t[:n] for t in titles for n in range(1, len(t) + 1)),
        title_suffixes=frozenset(t[n:] for t in titles for n in range(len(t))),
    )


@dataclass(frozen=True, slots=True)
class Commodities:
    """commodities.json: materials that are everyday words too, and the context that makes them
    commodities (all lower-case)."""

    ambiguous: frozenset[str]  # gazetteer ids of MATERIAL patterns ("gold", "lead")
    context: frozenset[str]  # words next to a material that make it a commodity ("prices", "ore")
    coordinators: frozenset[str]  # what may join materials into one list ("gold, silver and copper")


@cache
def commodities(path: Path = HERE / COMMODITIES_FILE,
                material_files: tuple[str, ...] = GAZETTEER_FILES) -> Commodities:
    data = read_json(path)
    if not isinstance(data, dict):
        raise RuleDataError(path, "must be a JSON object")
    ambiguous = frozenset(require_strings(path, data, "ambiguous", lower=True))
    known = {p["id"] for p in gazetteer_patterns(material_files) if p["label"] == "MATERIAL"}
    unknown = sorted(ambiguous - known)
    if unknown:
        raise RuleDataError(path, f"'ambiguous' names materials no gazetteer pattern has: {unknown}")
    return Commodities(
        ambiguous=ambiguous,
        context=frozenset(require_strings(path, data, "context", lower=True)),
        coordinators=frozenset(require_strings(path, data, "coordinators", lower=True)),
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
