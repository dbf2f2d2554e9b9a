"""Hedges and forecasts: the word that makes a claim less than a flat statement of fact
("likely", "may", "suggests", "expected to", "on track to"), looked for in the claim's cue and
content. The words are data (cues.json: hedge_words, hedge_words_before_to, hedge_modals,
hedge_verbs, hedge_phrases)."""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Doc, Token

from extractors.claims.lexicon import Cues

Range = tuple[int, int]  # token indices, end exclusive


def _to_after(doc: Doc, i: int) -> bool:
    return i + 1 < len(doc) and doc[i + 1].lower_ == "to"


def _hedge_at(doc: Doc, tok: Token, cues: Cues) -> Range | None:
    """The hedge starting at `tok`, as a token range, or None."""
    i, word = tok.i, tok.lower_
    for phrase in cues.hedge_phrases:
        if i + len(phrase) <= len(doc) and all(doc[i + k].lower_ == w for k, w in enumerate(phrase)):
            return i, i + len(phrase)
    if word in cues.hedge_words_before_to and _to_after(doc, i):
        return i, i + 2
    if word in cues.hedge_words:
        return (i, i + 2) if _to_after(doc, i) else (i, i + 1)
    if word in cues.hedge_modals and tok.tag_ == "MD":
        return i, i + 1
    if tok.pos_ in {"VERB", "AUX"} and tok.lemma_.lower() in cues.hedge_verbs:
        return (i, i + 2) if _to_after(doc, i) else (i, i + 1)
    return None


def find_hedge(doc: Doc, ranges: Iterable[Range], cues: Cues) -> Range | None:
    """The first hedge that starts inside the token `ranges` (a claim's cue and content), or
    None; a "to" right after the cue joins it ("expected" + "to")."""
    for start, end in sorted(ranges):
        for tok in doc[start:end]:
            hit = _hedge_at(doc, tok, cues)
            if hit is not None:
                return hit
    return None
