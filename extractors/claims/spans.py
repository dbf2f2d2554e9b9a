"""Token-range helpers for attributions: subtrees as ranges, cutting one range out of another,
trimming edge punctuation, and the `Found` record each rule yields before quotes are joined."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy

from spacy.tokens import Doc, Token

from extractors.claims.quotes import QUOTE_MARKS
from schemas import ClaimKind

Range = tuple[int, int]  # token indices, end exclusive


@dataclass(slots=True)
class Found:
    """One attribution as token ranges; `kind` is fixed by the rule (according_to) or None
    (decided from the quotes in the content)."""

    cue: Range | None
    speaker: Range | None
    content: list[Range]
    kind: ClaimKind | None = None
    rule: str = "verb"
    noun_phrase_content: bool = False  # content is a noun phrase ('"adjacent supply chain" mentioned by')
    relation: str = ""  # the dependency relation that carries a verb's content ("ccomp", "xcomp", ...)
    antecedent: Range | None = None  # what a relative-pronoun speaker stands for ("officials" of "who")
    chars: list[tuple[int, int]] = field(default_factory=list)  # content as char spans, once resolved


def token_indices(doc: Doc, attr: int, values: Iterable[str | int]) -> list[int]:
    """Indices of the tokens whose `attr` (spacy.attrs LOWER, LEMMA, POS ...) is one of
    `values` (strings, or ids such as spacy.parts_of_speech.VERB), found over the doc's
    attribute array: the rules look at these few tokens instead of making a Token of each."""
    ids = [v if isinstance(v, int) else doc.vocab.strings[v] for v in values]
    if not ids or not len(doc):
        return []
    return numpy.flatnonzero(numpy.isin(doc.to_array(attr), numpy.asarray(ids, dtype="uint64"))).tolist()


def subtree(tok: Token) -> Range:
    return tok.left_edge.i, tok.right_edge.i + 1


def minus(outer: Range, *holes: Range) -> list[Range]:
    """`outer` without the `holes`, as ranges in order."""
    pieces = [outer]
    for hs, he in sorted(holes):
        nxt = []
        for s, e in pieces:
            if he <= s or hs >= e:
                nxt.append((s, e))
                continue
            if s < hs:
                nxt.append((s, hs))
            if he < e:
                nxt.append((he, e))
        pieces = nxt
    return pieces


def _edge_junk(tok: Token) -> bool:
    return tok.is_space or (tok.is_punct and tok.text not in QUOTE_MARKS) or tok.lower_ in {"--", "—", "–"}


def trim(doc: Doc, rng: Range) -> Range | None:
    """Without edge spaces and punctuation (quotation marks stay if balanced inside)."""
    s, e = rng
    while s < e and _edge_junk(doc[s]):
        s += 1
    while e > s and _edge_junk(doc[e - 1]):
        e -= 1
    while s < e and doc[s].text in QUOTE_MARKS and doc[s:e].text.count(doc[s].text) % 2 and \
            sum(doc[s:e].text.count(q) for q in QUOTE_MARKS) % 2:
        s += 1
    while e > s and doc[e - 1].text in QUOTE_MARKS and sum(doc[s:e].text.count(q) for q in QUOTE_MARKS) % 2:
        e -= 1
    while s < e and _edge_junk(doc[s]):
        s += 1
    while e > s and _edge_junk(doc[e - 1]):
        e -= 1
    return (s, e) if e > s else None


def trim_all(doc: Doc, ranges: list[Range]) -> list[Range]:
    return [r for r in (trim(doc, x) for x in ranges) if r is not None]


def chars(doc: Doc, rng: Range) -> tuple[int, int]:
    return doc[rng[0]].idx, doc[rng[1] - 1].idx + len(doc[rng[1] - 1])
