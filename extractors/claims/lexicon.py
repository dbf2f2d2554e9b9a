"""The attribution cues of cues.json (reporting verbs and where their content sits, prepositional
and nominal cues, "according to" phrases, hedges, pronouns), loaded and validated once."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from extractors.ruledata import RuleDataError, read_json, require_strings

CUES_FILE = Path(__file__).parent / "cues.json"
CONTENT_RELATIONS = frozenset({"ccomp", "parataxis", "xcomp", "dobj", "prep", "quote", "as", "oprd"})


@dataclass(frozen=True, slots=True)
class Cues:
    relations: Mapping[str, frozenset[str]]  # verb lemma -> content relations it allows
    person_only: frozenset[str]  # lemmas whose every class needs a person-like subject
    prep_cues: Mapping[str, frozenset[str]]
    according_to: tuple[tuple[str, ...], ...]  # lower-case token sequences, longest first
    hedges: frozenset[str]
    pronouns: Mapping[str, frozenset[str]]  # pronoun -> labels it may refer to
    anaphoric_nouns: frozenset[str]
    expletives: frozenset[str]
    nominal_cues: frozenset[str]

    def is_cue_verb(self, lemma: str) -> bool:
        return lemma in self.relations


def _mapping_of_lists(path: Path, data: dict, key: str) -> dict[str, frozenset[str]]:
    value = data.get(key)
    if not isinstance(value, dict):
        raise RuleDataError(path, f"{key!r} must be an object")
    return {k.lower(): frozenset(require_strings(path, value, k, lower=True)) for k in value}


@cache
def cues(path: Path = CUES_FILE) -> Cues:
    data = read_json(path)
    if not isinstance(data, dict) or not isinstance(data.get("verb_classes"), dict):
        raise RuleDataError(path, "must be an object with 'verb_classes'")
    relations: dict[str, set[str]] = {}
    person_classes: dict[str, list[bool]] = {}
    for name, cls in data["verb_classes"].items():
        if not isinstance(cls, dict):
            raise RuleDataError(path, f"verb class {name!r} must be an object")
        rels = set(require_strings(path, cls, "content"))
        unknown = rels - CONTENT_RELATIONS
        if unknown:
            raise RuleDataError(path, f"verb class {name!r}: unknown content relation(s) {sorted(unknown)}")
        if not isinstance(cls.get("subject_person_only"), bool):
            raise RuleDataError(path, f"verb class {name!r}: 'subject_person_only' must be true or false")
        for lemma in require_strings(path, cls, "lemmas", lower=True):
            relations.setdefault(lemma, set()).update(rels)
            person_classes.setdefault(lemma, []).append(cls["subject_person_only"])
    according = require_strings(path, data, "according_to", lower=True)
    return Cues(
        relations={k: frozenset(v) for k, v in relations.items()},
        person_only=frozenset(k for k, flags in person_classes.items() if all(flags)),
        prep_cues=_mapping_of_lists(path, data, "prep_cues"),
        according_to=tuple(sorted((tuple(a.split()) for a in according), key=len, reverse=True)),
        hedges=frozenset(require_strings(path, data, "hedges", lower=True)),
        pronouns={k: frozenset(v.upper() for v in vs)
                  for k, vs in _mapping_of_lists(path, data, "pronouns").items()},
        anaphoric_nouns=frozenset(require_strings(path, data, "anaphoric_nouns", lower=True)),
        expletives=frozenset(require_strings(path, data, "expletives", lower=True)),
        nominal_cues=frozenset(require_strings(path, data, "nominal_cues", lower=True)),
    )
