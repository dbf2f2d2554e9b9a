"""Attributions cued by a phrase rather than a reporting verb: "according to X" (and the other
phrases in cues.json), hedges with no source ("has reportedly secured"), and nominal cues
with a possessor ("his claim that ...")."""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Doc, Span, Token

from extractors.claims.lexicon import Cues
from extractors.claims.spans import Found, minus, subtree, trim, trim_all
from schemas import ClaimKind


def _clause_head(tok: Token) -> Token:
    """The verb whose clause a phrase modifies (the phrase's head, climbing nouns and preps)."""
    head = tok.head
    while head.pos_ not in {"VERB", "AUX"} and head.head.i != head.i:
        head = head.head
    return head


def _match_phrase(sent: Span, start: int, phrase: tuple[str, ...]) -> bool:
    doc = sent.doc
    return start + len(phrase) <= sent.end and all(doc[start + k].lower_ == w for k, w in enumerate(phrase))


def according_to(doc: Doc, cues: Cues) -> Iterator[Found]:
    for sent in doc.sents:
        i = sent.start
        while i < sent.end:
            phrase = next((p for p in cues.according_to if _match_phrase(sent, i, p)), None)
            if phrase is None:
                i += 1
                continue
            last = doc[i + len(phrase) - 1]
            source = next((c for c in last.children if c.dep_ in {"pobj", "pcomp"}), None)
            if source is None:
                source = next((t for t in doc[i + len(phrase):sent.end] if t.dep_ == "pobj"), None)
            if source is not None:
                cue = (i, i + len(phrase))
                speaker = (i + len(phrase), source.right_edge.i + 1)
                head = _clause_head(doc[i])
                outer = subtree(head) if head.pos_ in {"VERB", "AUX"} else (sent.start, sent.end)
                if not (outer[0] <= i < outer[1]):
                    outer = (sent.start, sent.end)
                content = trim_all(doc, minus(outer, (cue[0], speaker[1])))
                if content:
                    yield Found(cue=cue, speaker=trim(doc, speaker), content=content,
                                kind=ClaimKind.ACCORDING_TO, rule="according_to")
            i += len(phrase)


def hedges(doc: Doc, cues: Cues) -> Iterator[Found]:
    """"X has reportedly secured Y": the clause, attributed to no one."""
    for tok in doc:
        if tok.lower_ in cues.hedges and tok.dep_ == "advmod" and tok.head.pos_ in {"VERB", "AUX"}:
            content = trim_all(doc, minus(subtree(tok.head), (tok.i, tok.i + 1)))
            if content:
                yield Found(cue=(tok.i, tok.i + 1), speaker=None, content=content, rule="hedge")


def nominal(doc: Doc, cues: Cues) -> Iterator[Found]:
    """"his claim that ...", "Greer's warning that ...": a cue noun with a possessor and a
    that-clause."""
    for tok in doc:
        if tok.lower_ not in cues.nominal_cues or tok.pos_ != "NOUN":
            continue
        poss = next((c for c in tok.children if c.dep_ == "poss"), None)
        clause = next((c for c in tok.children if c.dep_ in {"acl", "ccomp", "appos"}
                       and any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children)), None)
        if poss is None or clause is None:
            continue
        content = trim(doc, subtree(clause))
        if content:
            yield Found(cue=(tok.i, tok.i + 1), speaker=trim(doc, subtree(poss)), content=[content],
                        rule="nominal")
