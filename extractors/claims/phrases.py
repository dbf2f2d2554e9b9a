"""Attributions cued by a phrase rather than a reporting verb: "according to X" (and the other
phrases in cues.json), hedges with no source ("has reportedly secured"), and nominal cues
with a possessor ("his claim that ...")."""

from __future__ import annotations

from collections.abc import Iterator

from spacy.attrs import LEMMA, LOWER
from spacy.tokens import Doc, Span, Token

from extractors.claims import verbs
from extractors.claims.lexicon import Cues
from extractors.claims.spans import Found, Range, minus, subtree, token_indices, trim, trim_all
from schemas import ClaimKind


def _clause_head(tok: Token) -> Token:
    """The verb whose clause a phrase modifies (the phrase's head, climbing nouns and preps)."""
    head = tok.head
    while head.pos_ not in {"VERB", "AUX"} and head.head.i != head.i:
        head = head.head
    return head


def _match_phrase(doc: Doc, start: int, phrase: tuple[str, ...]) -> bool:
    """`phrase` at token `start`, inside one sentence."""
    return start + len(phrase) <= len(doc) and all(
        doc[start + k].lower_ == w and (k == 0 or not doc[start + k].is_sent_start) for k, w in enumerate(phrase))


def according_to(doc: Doc, cues: Cues) -> Iterator[Found]:
    next_free = 0
    for i in token_indices(doc, LOWER, {p[0] for p in cues.according_to}):
        if i < next_free:
            continue
        tok = doc[i]
        phrase = next((p for p in cues.according_to if _match_phrase(doc, i, p)), None)
        if phrase is not None:
            next_free = i + len(phrase)
            found = _according_to_at(doc, tok.sent, i, phrase)
            if found is not None:
                yield found


def _according_to_at(doc: Doc, sent: Span, i: int, phrase: tuple[str, ...]) -> Found | None:
    last = doc[i + len(phrase) - 1]
    source = next((c for c in last.children if c.dep_ in {"pobj", "pcomp"}), None)
    if source is None:
        source = next((t for t in doc[i + len(phrase):sent.end] if t.dep_ == "pobj"), None)
    if source is None:
        return None
    cue = (i, i + len(phrase))
    speaker = (i + len(phrase), source.right_edge.i + 1)
    head = _clause_head(doc[i])
    outer = subtree(head) if head.pos_ in {"VERB", "AUX"} else (sent.start, sent.end)
    if not (outer[0] <= i < outer[1]):
        outer = (sent.start, sent.end)
    content = trim_all(doc, minus(outer, (cue[0], speaker[1])))
    if not content:
        return None
    return Found(cue=cue, speaker=trim(doc, speaker), content=content, kind=ClaimKind.ACCORDING_TO,
                 rule="according_to")


def hedges(doc: Doc, cues: Cues) -> Iterator[Found]:
    """"X has reportedly secured Y": the clause, attributed to no one."""
    for i in token_indices(doc, LOWER, cues.hedges):
        tok = doc[i]
        if tok.dep_ == "advmod" and tok.head.pos_ in {"VERB", "AUX"}:
            content = trim_all(doc, minus(subtree(tok.head), (tok.i, tok.i + 1)))
            if content:
                yield Found(cue=(tok.i, tok.i + 1), speaker=None, content=content, rule="hedge")


def _noun_content(tok: Token, cues: Cues) -> Token | None:
    """The complement that says what a cue noun holds: a that-clause ("claim that ..."), a
    to-infinitive ("plan to deport ..."), or a phrase with a content preposition ("calls for
    ...", "remarks about ...") whose object is no person (in "the views of voters" they hold
    the view)."""
    for child in tok.rights:
        if child.dep_ in {"acl", "ccomp", "appos", "relcl"} and any(
                (m.dep_ == "mark" and m.lower_ == "that") or (m.dep_ == "aux" and m.lower_ == "to")
                for m in child.children):
            return child
        if child.dep_ == "prep" and child.lower_ in cues.nominal_preps:
            pobj = next((c for c in child.children if c.dep_ in {"pobj", "pcomp"}), None)
            if pobj is not None and pobj.ent_type_ not in {"DATE", "TIME"} \
                    and not (child.lower_ == "of" and verbs.person_like(pobj, cues)):
                return child
    return None


def _holder(doc: Doc, tok: Token, cues: Cues) -> tuple[Range | None, Range]:
    """(source, cue) of a cue noun: its possessor ("Trump's plan"), its "by" phrase ("calls by
    Democrats for"), or the subject of the verb it is the object of ("Clinton made a promise
    to ..."; the cue runs from that verb to the noun); (None, the noun) when none."""
    cue = (tok.i, tok.i + 1)
    poss = next((c for c in tok.children if c.dep_ == "poss"), None)
    if poss is not None:
        return subtree(poss), cue
    by = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ == "by"), None)
    agent = next((c for c in by.children if c.dep_ == "pobj"), None) if by is not None else None
    if agent is not None and verbs.person_like(agent, cues):
        return subtree(agent), cue
    verb = tok.head
    if tok.dep_ in {"dobj", "attr"} and verb.pos_ in {"VERB", "AUX"} and verb.i < tok.i:
        subj = verbs.subject(verb)
        if subj is not None and verbs.person_like(subj, cues):
            return verbs.noun_phrase(subj), (verb.i, tok.i + 1)
    host = verb.head  # "X said in a statement that ...": the noun is the object of the verb's preposition
    if tok.dep_ == "pobj" and verb.dep_ == "prep" and host.pos_ in {"VERB", "AUX"} and host.i < tok.i:
        subj = verbs.subject(host)
        if subj is not None and verbs.person_like(subj, cues):
            return verbs.noun_phrase(subj), (host.i, tok.i + 1)
    return None, cue


def nominal(doc: Doc, cues: Cues) -> Iterator[Found]:
    """"his claim that ...", "Trump's plan to ...", "her remarks about ...", "Democrats made a
    call for ...": a cue noun, its holder as the source and its complement as the content. A
    noun with no holder counts only with a that-clause ("concerns that ...")."""
    words = cues.nominal_cues | {w.capitalize() for w in cues.nominal_cues}  # a lemma keeps its case
    for i in sorted(set(token_indices(doc, LOWER, cues.nominal_cues)) | set(token_indices(doc, LEMMA, words))):
        tok = doc[i]
        if tok.pos_ != "NOUN" or (tok.lower_ not in cues.nominal_cues and tok.lemma_.lower() not in cues.nominal_cues):
            continue
        comp = _noun_content(tok, cues)
        if comp is None:
            continue
        source, cue = _holder(doc, tok, cues)
        if source is None and not any(m.dep_ == "mark" and m.lower_ == "that" for m in comp.children):
            continue
        if comp.dep_ == "prep":
            cue = (cue[0], comp.i + 1)  # "calls for", "remarks about": the preposition joins the cue
            comp_range = (comp.i + 1, comp.right_edge.i + 1)
        else:
            comp_range = subtree(comp)
        content = trim(doc, comp_range)
        if content:
            yield Found(cue=cue, speaker=trim(doc, source) if source else None, content=[content], rule="nominal")
