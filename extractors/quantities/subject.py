"""What a quantity measures, read from the dependency parse.

    '353 tons of rare earth magnets'                  -> 'rare earth magnets'   (of-phrase)
    'a 10-gallon water cooler'                        -> 'water cooler'         (modified noun)
    'spot prices for certain elements increasing 30%' -> 'spot prices for certain elements'
    'Sales rose 5%'                                   -> 'Sales'                (the verb's subject)
    'a 5% increase in sales'                          -> 'sales'                (what the change is in)

None when the parse does not say (a pronoun subject, a quantity that is itself the subject).
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from extractors.quantities.direction import change_head

NOUNS = frozenset({"NOUN", "PROPN"})
MODIFIER_DEPS = frozenset({"nummod", "compound", "amod", "quantmod", "nmod"})
OBJECT_DEPS = frozenset({"dobj", "attr", "npadvmod", "oprd", "pobj", "advmod", "acomp", "appos", "conj"})
SUBJECT_DEPS = ("nsubj", "nsubjpass", "csubj")
CLAUSE_DEPS = frozenset({"acl", "relcl", "advcl", "xcomp", "ccomp", "conj"})
# Prepositions that keep a noun phrase about one thing: 'prices for elements', 'shares of Nvidia'.
KEEP_PREPS = frozenset({"of", "for"})
# Prepositions after a change noun that name what changed: 'an increase in sales'.
CHANGE_PREPS = frozenset({"in", "of"})
TIME_ENTS = frozenset({"DATE", "TIME"})
DROP_LEADING = frozenset({"DET", "PRON", "PUNCT", "CCONJ", "ADP"})
MAX_TOKENS = 10  # a subject is a short noun phrase: at most this many tokens


def _phrase(noun: Token, exclude: set[int], nested: bool = False, budget: int = MAX_TOKENS) -> str | None:
    """The noun with its nearest left modifiers and (once) an of/for phrase, minus the
    quantity's tokens, in at most `budget` tokens: 'spot prices for certain elements', not the
    clauses hanging from them."""
    if noun.pos_ == "PRON" or noun.i in exclude:
        return None
    doc = noun.doc
    left = [t for t in doc[noun.left_edge.i:noun.i] if t.i not in exclude][-(budget - 1):] if budget > 1 else []
    while left and left[0].pos_ in DROP_LEADING:
        left.pop(0)
    text = "".join(t.text_with_ws for t in left) + noun.text
    used = len(left) + 1
    if not nested and used + 2 <= budget:
        for child in noun.rights:
            if child.dep_ == "prep" and child.lower_ in KEEP_PREPS and child.i not in exclude:
                pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
                inner = _phrase(pobj, exclude, nested=True, budget=budget - used - 1) if pobj is not None else None
                if inner:
                    text = f"{text} {child.text} {inner}"
                break
    return text.strip() or None


def _of_phrase(span: Span) -> Token | None:
    """The object of an 'of' right after the quantity: '85% of global reserves'."""
    doc = span.doc
    if span.end < len(doc) and doc[span.end].lower_ == "of":
        return next((c for c in doc[span.end].children if c.dep_ == "pobj"), None)
    return None


def _clause_subject(head: Token) -> Token | None:
    """The subject of the verb a quantity hangs from, or the noun that verb describes."""
    for _ in range(3):
        subj = next((c for c in head.children if c.dep_ in SUBJECT_DEPS), None)
        if subj is not None:
            return subj
        if head.dep_ in ("acl", "relcl") and head.head.pos_ in NOUNS:
            noun = head.head
            if noun.dep_ == "pobj" and noun.head.lower_ in KEEP_PREPS and noun.head.head.pos_ in NOUNS:
                noun = noun.head.head  # 'spot prices for certain elements increasing 30%'
            return noun
        if head.dep_ in CLAUSE_DEPS and head.head is not head:
            head = head.head
            continue
        return None
    return None


def subject_of(span: Span, change_words: frozenset[str] = frozenset()) -> str | None:
    """What the quantity in `span` measures, or None when the parse does not say.
    `change_words`: nouns of change; a quantity modifying one measures what changed ('a 5%
    increase in sales' -> 'sales'; 'Exports saw a 668% increase' -> 'Exports')."""
    exclude = {t.i for t in span}
    pobj = _of_phrase(span)
    if pobj is not None:
        return _phrase(pobj, exclude)
    root = span.root
    change = change_head(root, change_words) if change_words else None
    if change is not None and change.pos_ in NOUNS:
        what = next((c for c in change.rights if c.dep_ == "prep" and c.lower_ in CHANGE_PREPS), None)
        pobj = next((c for c in what.children if c.dep_ == "pobj"), None) if what is not None else None
        if pobj is not None and pobj.ent_type_ not in TIME_ENTS:  # not 'an increase in June'
            return _phrase(pobj, exclude)
        return _subject_from(change, exclude | {change.i})
    return _subject_from(root, exclude)


def _subject_from(root: Token, exclude: set[int]) -> str | None:
    """The subject read from the token standing for the quantity (or for the change it is)."""
    if root.pos_ == "VERB":  # 'Sales doubled'
        subj = next((c for c in root.children if c.dep_ in SUBJECT_DEPS), None)
        return _phrase(subj, exclude) if subj is not None else None
    head = root.head
    if head.i in exclude:
        return None
    if head.pos_ == "ADJ" and root.dep_ in ("npadvmod", "advmod", "quantmod"):  # '20 times stronger'
        if head.dep_ == "amod" and head.head.pos_ in NOUNS:
            return _phrase(head.head, exclude)
        if head.dep_ in ("acomp", "attr", "oprd", "advmod"):  # 'is 20 times stronger', 'closed 5% higher'
            subj = _clause_subject(head.head)
            return _phrase(subj, exclude) if subj is not None else None
        return None
    if root.dep_ in MODIFIER_DEPS and head.pos_ in NOUNS and head.i > root.i:
        return _phrase(head, exclude)
    if root.dep_ in SUBJECT_DEPS:
        return None
    if root.dep_ == "pobj" and head.dep_ == "prep":
        head = head.head
    if root.dep_ in OBJECT_DEPS or head.pos_ in ("VERB", "AUX"):
        if head.pos_ in ("VERB", "AUX") or head.dep_ in CLAUSE_DEPS:
            subj = _clause_subject(head)
            return _phrase(subj, exclude) if subj is not None else None
    return None
