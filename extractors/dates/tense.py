"""The tense of the clause a time expression sits in, from the dependency parse: it picks
the year of "in May" and the week of "on Friday" when the text does not say."""

from __future__ import annotations

from spacy.tokens import Span, Token

_FUTURE_AUX = frozenset({"will", "'ll", "shall", "wo"})
_FUTURE_HEADS = frozenset({"expect", "plan", "schedule", "set", "due", "intend", "aim", "hope", "go", "prepare",
                           "propose", "seek", "want", "need"})
_MODALS = frozenset({"would", "could", "should", "must", "may", "might", "can", "'d"})
_VERBS = frozenset({"VERB", "AUX"})


def _governing_verb(span: Span) -> Token | None:
    tok = span.root
    for _ in range(8):
        if tok.pos_ in _VERBS and tok not in span:
            return tok
        if tok.head is tok:
            return tok if tok.pos_ in _VERBS else None
        tok = tok.head
    return None


def tense(span: Span) -> str | None:
    """past | present | future | None (no verb, or a modal that says nothing)."""
    verb = _governing_verb(span)
    if verb is None:
        return None
    for _ in range(3):
        aux = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
        if any(a.lower_ in _FUTURE_AUX for a in aux):
            return "future"
        if any(a.lower_ in _MODALS for a in aux) and not any(a.lower_ == "have" for a in aux):
            return "future"  # "must be returned by Jan. 14", "said Iraq would retaliate"
        if verb.lemma_ in _FUTURE_HEADS and verb.lemma_ not in ("go", "need", "want", "hope", "set"):
            return "future"  # "planned a rally on Saturday"
        if verb.tag_ == "VBN" and not aux and verb.dep_ in ("acl", "advcl", "relcl"):
            return "past"  # "terms announced Friday"
        if any(a.tag_ == "VBD" for a in aux) or verb.tag_ == "VBD":
            return "past"
        if any(a.lower_ in ("has", "have", "'ve") for a in aux) and verb.tag_ == "VBN":
            return "past"
        head = verb.head
        if verb.dep_ == "xcomp" and head.lemma_ in _FUTURE_HEADS:
            if head.tag_ == "VBD" and head.lemma_ not in ("expect", "schedule", "set", "due", "plan"):
                return "past"
            return "future"
        if verb.tag_ in ("VBZ", "VBP"):
            return "present"
        if verb.tag_ in ("VB", "VBG", "VBN") and verb.dep_ in ("xcomp", "ccomp", "advcl", "conj", "relcl") \
                and head is not verb and head.pos_ in _VERBS:
            verb = head
            continue
        if verb.tag_ == "VBG":
            return "present"
        return None
    return None
