"""The attribution cues of cues.json (reporting verbs and where their content sits, prepositional
and nominal cues, "according to" phrases, hedges, pronouns), loaded and validated once."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from spacy.tokens import Token

from extractors.ruledata import RuleDataError, read_json, require_strings

CUES_FILE = Path(__file__).parent / "cues.json"
CONTENT_RELATIONS = frozenset({"ccomp", "parataxis", "xcomp", "dobj", "prep", "quote", "as", "oprd", "raise"})
# Who may be the subject of a verb class, most permissive first.
SUBJECT_RULES = ("any", "source", "person")


@dataclass(frozen=True, slots=True)
class Cues:
    relations: Mapping[str, frozenset[str]]  # verb lemma -> content relations it allows
    subject_rule: Mapping[str, str]  # verb lemma -> "any" | "source" | "person" (SUBJECT_RULES)
    object_preps: frozenset[str]  # prepositions of phrases that complete an object ("accused X of Y")
    addressee_verbs: frozenset[str]  # lemmas whose person object is the addressee ("told reporters")
    prep_cues: Mapping[str, frozenset[str]]
    according_to: tuple[tuple[str, ...], ...]  # lower-case token sequences, longest first
    hedges: frozenset[str]  # adverbs that attribute to no one ("reportedly")
    hedge_words: frozenset[str]  # what marks a claim as hedged or a forecast (hedging.py)
    hedge_words_before_to: frozenset[str]
    hedge_modals: frozenset[str]
    hedge_verbs: frozenset[str]
    hedge_phrases: tuple[tuple[str, ...], ...]
    hedge_prefilter: re.Pattern[str]  # matches every text a hedge could be in (hedging.py)
    pronouns: Mapping[str, frozenset[str]]  # pronoun -> labels it may refer to
    person_pronouns: frozenset[str]
    person_nouns: frozenset[str]
    agent_suffixes: tuple[str, ...]
    artifact_nouns: frozenset[str]
    quantifier_nouns: frozenset[str]
    anaphoric_nouns: frozenset[str]
    expletives: frozenset[str]
    nominal_cues: frozenset[str]
    nominal_preps: frozenset[str]  # prepositions that join a cue noun to its content ("calls for")
    colon_labels: frozenset[str]  # paragraph labels before a colon that name no speaker ("Note", "Q")
    forms: Mapping[str, str]  # inflected form -> cue lemma ("hopes" -> "hope")

    def lemma_of(self, tok: Token) -> str | None:
        """The cue lemma of a token, or None. The rule lemmatizer misreads some regular forms
        ("hopes" -> "hop"), so a form the lexicon's lemmas inflect to counts as well."""
        lemma = tok.lemma_.lower()
        return lemma if lemma in self.relations else self.forms.get(tok.lower_)

    def is_person_noun(self, word: str) -> bool:
        return word in self.person_nouns or word.endswith(self.agent_suffixes)


_SIBILANT_ENDS = ("s", "sh", "ch", "x", "z", "o")


def inflections(lemma: str) -> set[str]:
    """Regular English verb forms of `lemma` (3rd person, past, -ing), doubling a final
    consonant as well as not ("plan" -> "planned", "planed"): over-generation is harmless,
    since a form only counts when the lemmatizer gave no cue lemma."""
    if " " in lemma or not lemma.isalpha():
        return set()
    stems = {lemma}
    if len(lemma) >= 3 and lemma[-1] not in "aeiouwxy" and lemma[-2] in "aeiou" and lemma[-3] not in "aeiou":
        stems.add(lemma + lemma[-1])
    out = {lemma + ("es" if lemma.endswith(_SIBILANT_ENDS) else "s")}
    if lemma.endswith("y") and lemma[-2:-1] not in ("a", "e", "i", "o", "u"):
        out |= {lemma[:-1] + "ies", lemma[:-1] + "ied", lemma + "ing"}
    elif lemma.endswith("e"):
        out |= {lemma + "d", lemma[:-1] + "ing" if not lemma.endswith("ee") else lemma + "ing"}
    else:
        out |= {stem + suffix for stem in stems for suffix in ("ed", "ing")}
    return out


def _mapping_of_lists(path: Path, data: dict, key: str) -> dict[str, frozenset[str]]:
    value = data.get(key)
    if not isinstance(value, dict):
        raise RuleDataError(path, f"{key!r} must be an object")
    return {k.lower(): frozenset(require_strings(path, value, k, lower=True)) for k in value}


def _verb_classes(path: Path, classes: object) -> tuple[dict[str, set[str]], dict[str, str]]:
    """Lemma -> content relations (merged over its classes) and -> its most permissive subject rule."""
    if not isinstance(classes, dict):
        raise RuleDataError(path, "must be an object with 'verb_classes'")
    relations: dict[str, set[str]] = {}
    subject: dict[str, str] = {}
    for name, cls in classes.items():
        if not isinstance(cls, dict):
            raise RuleDataError(path, f"verb class {name!r} must be an object")
        rels = set(require_strings(path, cls, "content"))
        unknown = rels - CONTENT_RELATIONS
        if unknown:
            raise RuleDataError(path, f"verb class {name!r}: unknown content relation(s) {sorted(unknown)}")
        rule = cls.get("subject")
        if rule not in SUBJECT_RULES:
            raise RuleDataError(path, f"verb class {name!r}: 'subject' must be one of {list(SUBJECT_RULES)}")
        for lemma in require_strings(path, cls, "lemmas", lower=True):
            relations.setdefault(lemma, set()).update(rels)
            subject[lemma] = min(subject.get(lemma, rule), rule, key=SUBJECT_RULES.index)
    return relations, subject


def _hedge_prefilter(data: dict, path: Path) -> re.Pattern[str]:
    """A regex that finds the start of every hedge word in a text: the words as written,
    and the verbs by their stem ("suggest" in "suggested", "estimat" in "estimates")."""
    words = [re.escape(w) for key in ("hedge_words", "hedge_words_before_to", "hedge_modals")
             for w in require_strings(path, data, key, lower=True)]
    phrases = require_strings(path, data, "hedge_phrases", lower=True)
    words += [r"\s+".join(re.escape(w) for w in p.split()) for p in phrases]
    stems = [v[:-1] if v.endswith("e") else v for v in require_strings(path, data, "hedge_verbs", lower=True)]
    alternatives = sorted({w + r"\b" for w in words} | {re.escape(v) for v in stems}, key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(alternatives) + ")", re.IGNORECASE)


@cache
def cues(path: Path = CUES_FILE) -> Cues:
    data = read_json(path)
    if not isinstance(data, dict):
        raise RuleDataError(path, "must be an object with 'verb_classes'")
    relations, subject = _verb_classes(path, data.get("verb_classes"))
    according = require_strings(path, data, "according_to", lower=True)
    forms: dict[str, str] = {}
    for lemma in sorted(relations):
        for form in inflections(lemma):
            forms.setdefault(form, lemma)

    def words(key: str) -> frozenset[str]:
        return frozenset(require_strings(path, data, key, lower=True))

    return Cues(
        relations={k: frozenset(v) for k, v in relations.items()},
        subject_rule=subject,
        object_preps=words("object_preps"),
        addressee_verbs=words("addressee_verbs"),
        prep_cues=_mapping_of_lists(path, data, "prep_cues"),
        according_to=tuple(sorted((tuple(a.split()) for a in according), key=len, reverse=True)),
        hedges=words("hedges"),
        hedge_words=words("hedge_words"),
        hedge_words_before_to=words("hedge_words_before_to"),
        hedge_modals=words("hedge_modals"),
        hedge_verbs=words("hedge_verbs"),
        hedge_phrases=tuple(tuple(p.split()) for p in require_strings(path, data, "hedge_phrases", lower=True)),
        hedge_prefilter=_hedge_prefilter(data, path),
        pronouns={k: frozenset(v.upper() for v in vs)
                  for k, vs in _mapping_of_lists(path, data, "pronouns").items()},
        person_pronouns=words("person_pronouns"),
        person_nouns=words("person_nouns"),
        agent_suffixes=require_strings(path, data, "agent_suffixes", lower=True),
        artifact_nouns=words("artifact_nouns"),
        quantifier_nouns=words("quantifier_nouns"),
        anaphoric_nouns=words("anaphoric_nouns"),
        expletives=words("expletives"),
        nominal_cues=words("nominal_cues"),
        nominal_preps=words("nominal_preps"),
        colon_labels=words("colon_labels"),
        forms=forms,
    )
