"""Whether a quantity is the amount of a change, and which way: 'fell 5%' (down), 'a 668%
increase' (up), 'rose by a further $2' (up), 'doubled' (up), 'halved' (down).

A change word governs the amount when it stands right before it with only filler words or
adverbs between ('rose by 5%', 'up 12%', 'an increase of 5%'), when the amount modifies it in
the parse ('a 5% rise', 'a 668% month-over-month increase', 'closed 5% higher'), or when the
amount is its 'by' phrase ('cut interest rates by 25 basis points'). A level reached or left
('rose to 5%', 'from 4%') is no change amount: its direction stays None.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from extractors.quantities.records import Modifiers

UP, DOWN = "up", "down"
_REACH_BEFORE = 5  # filler words or adverbs between a change word and its amount: 'rose by an average of 5%'
_REACH_UP = 4  # heads to climb from the amount to the noun it modifies: '668% month-over-month increase'
_MODIFIER_DEPS = frozenset({"nummod", "compound", "amod", "npadvmod", "nmod", "quantmod", "advmod"})
_NOUNISH = frozenset({"NOUN", "PROPN", "ADJ", "ADV", "NUM", "PUNCT"})


def _way(word: str, mods: Modifiers) -> str | None:
    if word in mods.change_up:
        return UP
    if word in mods.change_down:
        return DOWN
    return None


def _word_before(span: Span, mods: Modifiers) -> str | None:
    """The change word right before the amount, skipping fillers and adverbs."""
    doc = span.doc
    stop = span.sent.start if doc.has_annotation("SENT_START") else 0
    i = span.start - 1
    for _ in range(_REACH_BEFORE + 1):
        if i < stop:
            return None
        token = doc[i]
        word = token.lower_
        if word in mods.change_up or word in mods.change_down:
            return word
        if word not in mods.change_fillers and not (token.pos_ == "ADV" and word not in mods.change_words):
            return None
        i -= 1
    return None


def change_head(root: Token, words: frozenset[str]) -> Token | None:
    """The change noun (or comparative) that the amount modifies: 'a 5% *rise*', '5% *higher*'."""
    token = root
    for _ in range(_REACH_UP):
        head = token.head
        if head is token or head.i < root.i or token.dep_ not in _MODIFIER_DEPS or head.pos_ not in _NOUNISH:
            return None
        if head.lower_ in words:
            return head
        token = head
    return None


def _by_phrase_head(root: Token) -> Token | None:
    """The word a 'by' phrase holding the amount hangs from: 'cut rates *by* 25 basis points'."""
    if root.dep_ == "pobj" and root.head.lower_ == "by":
        return root.head.head
    return None


def direction_of(span: Span, mods: Modifiers) -> str | None:
    """'up', 'down' or None (no change, or a change with no direction: 'revised 5%')."""
    written = span.text.lower()
    if written in mods.ratio_verbs:  # 'doubled', 'halved'
        return UP if mods.ratio_verbs[written] > 1 else DOWN
    word = _word_before(span, mods)
    if word is not None:
        return _way(word, mods)
    head = change_head(span.root, mods.change_words) or _by_phrase_head(span.root)
    return _way(head.lower_, mods) if head is not None else None
