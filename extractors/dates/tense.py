"""The tense of the clause a time expression sits in, from the dependency parse: it picks
the year of "in May" and the week of "on Friday" when the text does not say."""

from __future__ import annotations

from spacy.tokens import Span, Token

from extractors.dates.lexicon import load_tense_words

_VERBS = frozenset({"VERB", "AUX"})
_NOUN_MODIFIER = frozenset({"poss", "compound", "nmod"})
_SINGULAR_SUBJECT_TAGS = frozenset({"NN", "NNP"})
# The words (auxiliaries, modals, verbs that look ahead, deadlines) are rule data: tense_en.json.
WORDS = load_tense_words("en")


def _governing_verb(span: Span) -> Token | None:
    tok = span.root
    for _ in range(8):
        if tok.pos_ in _VERBS and tok not in span:
            return tok
        if tok.head is tok:
            return tok if tok.pos_ in _VERBS else None
        tok = tok.head
    return None


def _after_since(span: Span) -> bool:
    """"since Oct. 23", "since shortly after the Oct. 23 slaying": a time before now."""
    tok = span.root
    for _ in range(4):
        if tok.head is tok or tok.pos_ in _VERBS and tok not in span:
            return False
        tok = tok.head
        if tok.lower_ in WORDS.since:
            return True
    return False


def _deadline(span: Span) -> bool:
    """"gave them until 9 a.m. Tuesday", "postponed until Tuesday", "extended loans through
    January": a deadline set or moved lies ahead, whatever the tense of the verb that set it."""
    tok = span.root
    for _ in range(3):
        if tok.head is tok:
            return False
        tok = tok.head
        if tok.lower_ in WORDS.deadline_prepositions:
            return tok.head.lemma_.lower() in WORDS.deadline_heads
        if tok.pos_ in _VERBS and tok not in span:
            return False
    return False


def _effective(span: Span) -> bool:
    """"effective Feb. 1": the day a change takes effect, which the clause's tense does not place."""
    head = span.root.head
    return head is not span.root and head.lower_ in WORDS.effective and head not in span


def tense(span: Span) -> str | None:
    """past | present | future | None (no verb, or a modal that says nothing). A time that
    modifies a noun ("follows Friday's purchases") is not in the present of its clause; one
    after "since" is past; a deadline set or moved ("until Tuesday") is future."""
    if _after_since(span):
        return "past"
    if _deadline(span):
        return "future"
    if _effective(span):
        return None  # "created an office, effective Feb. 1": the nearest Feb. 1
    found = _clause_tense(span)
    if found == "present" and span.root.dep_ in _NOUN_MODIFIER:
        return None
    return found


def _past_perfect(verb: Token) -> bool:
    """"had expired", and up an xcomp chain: "had been due to expire"."""
    for _ in range(3):
        if any(c.dep_ in ("aux", "auxpass") and c.lower_ in WORDS.past_perfect_aux and c.tag_ == "VBD"
               for c in verb.children):
            return True
        if verb.dep_ not in ("xcomp", "acomp") or verb.head is verb:
            return False
        verb = verb.head
    return False


def _clause_tense(span: Span) -> str | None:
    verb = _governing_verb(span)
    if verb is None:
        return None
    for _ in range(3):
        aux = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
        if any(a.lower_ in WORDS.future_aux for a in aux):
            return "future"
        if _past_perfect(verb):
            return "past"  # "had been due to expire Friday"
        if any(a.lower_ in WORDS.modals for a in aux) and not any(a.lower_ in WORDS.modal_perfect for a in aux):
            return "future"  # "must be returned by Jan. 14", "said Iraq would retaliate"
        if verb.lemma_ in WORDS.future_heads_alone:
            return "future"  # "planned a rally on Saturday"
        if verb.tag_ == "VBN" and not aux and verb.dep_ in ("acl", "advcl", "relcl"):
            return "past"  # "terms announced Friday"
        if any(a.tag_ == "VBD" for a in aux) or verb.tag_ == "VBD":
            return "past"
        if any(a.lower_ in WORDS.perfect_aux for a in aux) and (verb.tag_ == "VBN" or verb.tag_ == "VBG" and any(
                a.lower_ in WORDS.progressive_perfect_aux for a in aux)):
            return "past"  # "has closed", "have been searching"
        head = verb.head
        if verb.dep_ == "xcomp" and head.lemma_ in WORDS.future_heads:
            if head.tag_ == "VBD" and head.lemma_ not in WORDS.future_heads_in_past:
                return "past"
            return "future"
        if verb.tag_ == "VBP" and _past_in_disguise(verb):
            return "past"
        if verb.tag_ in ("VBZ", "VBP"):
            return "present"
        above = _verb_above_preposition(verb)
        if above is not None:
            verb = above  # "After touring Dar es Salaam Thursday, he said": the clause's verb
            continue
        if verb.tag_ in ("VB", "VBG", "VBN") and verb.dep_ in ("xcomp", "ccomp", "advcl", "conj", "relcl") \
                and head is not verb and head.pos_ in _VERBS:
            verb = head
            continue
        if verb.tag_ == "VBG":
            return "present"
        return None
    return None


def _past_in_disguise(verb: Token) -> bool:
    """"Weakness in big technology stocks hurt the index": VBP, yet past, because a singular
    subject would make the present "hurts"."""
    if verb.lower_ not in WORDS.same_past or any(c.dep_ in ("aux", "auxpass") for c in verb.children):
        return False
    return any(c.dep_ == "nsubj" and c.tag_ in _SINGULAR_SUBJECT_TAGS for c in verb.children)


def _verb_above_preposition(verb: Token) -> Token | None:
    """The verb a gerund after a preposition depends on: "after touring X Thursday, he said"."""
    if verb.tag_ not in ("VBG", "VBN", "VB") or verb.dep_ != "pcomp":
        return None
    prep = verb.head
    head = prep.head
    return head if prep is not verb and head is not prep and head.pos_ in _VERBS else None
