"""Statistics: assertions a fact-checker would check though no one is quoted. A prose sentence
that states a quantity ("June 2025 saw 353 tons of magnets flow ...") or a dated event in the
past ("Beijing launched export controls in early April 2025") as fact, and that no
attribution covers, becomes a claim of kind `statistic`. Its speaker is the data source that
the sentence before it in the same paragraph cites ("Recent customs data reveals ..."), else
none. An attribution whose source is a data source ("customs data reveals that ...",
"according to customs figures") and whose content holds a quantity is a statistic too.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import replace

from spacy.tokens import Doc, Span

from extractors.blocks import block_at, in_prose, sentence_bounds, sentences
from extractors.claims.lexicon import Cues
from schemas import Claim, ClaimKind, Quantity, Speaker, TextSpan

# A date value that names a day, month or year (not "PAST_REF", "PRESENT_REF", "198" for a decade).
_SPECIFIC_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")
_PERFECT = frozenset({"has", "have", "had"})
# Claim kinds that a data source as speaker turns into a statistic.
_RECOUNTED = frozenset({ClaimKind.INDIRECT, ClaimKind.ACCORDING_TO})


def _sentence_of(starts: list[int], offset: int) -> int:
    return max(bisect_right(starts, offset) - 1, 0)


def _past(sent: Span) -> bool:
    """The sentence's main verb tells of the past: "launched", "has agreed", "were positioned"."""
    root = sent.root
    if root.tag_ == "VBD":
        return True
    return root.tag_ == "VBN" and any(c.dep_ in {"aux", "auxpass"} and (c.tag_ == "VBD" or c.lower_ in _PERFECT)
                                      for c in root.children)


def _finite(sent: Span) -> bool:
    """A statement with a finite main verb (a list item "Price volatility, with prices up 30%"
    or a heading has none)."""
    root = sent.root
    return root.pos_ in {"VERB", "AUX"} and (root.tag_ in {"VBD", "VBZ", "VBP", "MD"} or any(
        c.dep_ in {"aux", "auxpass"} and c.tag_ in {"VBD", "VBZ", "VBP", "MD"} for c in root.children))


def is_data_source(speaker: Speaker | None, cues: Cues) -> bool:
    """A speaker that is a body of data, not a person or body ("Recent customs data",
    "official figures"): its head noun is an artefact and it names no entity."""
    if speaker is None or speaker.canonical is not None:
        return False
    words = speaker.text.lower().split()
    return bool(words) and words[-1] in cues.artifact_nouns


def _holds(claim: Claim, start: int, end: int) -> bool:
    return any(p.start <= start and end <= p.end for p in (claim.content.fragments or (claim.content,)))


def recount(claims: Sequence[Claim], quantities: Sequence[Quantity], cues: Cues) -> list[Claim]:
    """`claims` with those a data source makes about a quantity as statistics."""
    out = []
    for c in claims:
        if c.kind in _RECOUNTED and is_data_source(c.speaker, cues) and any(
                _holds(c, q.start, q.end) for q in quantities):
            c = replace(c, kind=ClaimKind.STATISTIC)
        out.append(c)
    return out


def statistics(doc: Doc, claims: Sequence[Claim], cues: Cues, hedge: Callable[[TextSpan], TextSpan | None],
               text: str | None = None) -> list[Claim]:
    """Statistic claims for the prose sentences with a quantity or a dated past event that no
    claim in `claims` touches. `hedge(content)` gives a claim's hedge span; `text` is doc.text."""
    sents = sentences(doc)
    if not sents:
        return []
    starts = [s.start_char for s in sents]
    covered: set[int] = set()
    by_sentence: dict[int, list[Claim]] = {}
    for c in claims:
        first, last = _sentence_of(starts, c.start), _sentence_of(starts, max(c.end - 1, c.start))
        covered.update(range(first, last + 1))
        by_sentence.setdefault(last, []).append(c)
    counted = {_sentence_of(starts, q.start) for q in doc._.nf_quantities}
    dated = {_sentence_of(starts, d.start) for d in doc._.nf_dates
             if d.type == "DATE" and d.value and _SPECIFIC_DATE.fullmatch(d.value)}
    text = doc.text if text is None else text
    out = []
    for i in sorted((counted | dated) - covered):
        sent = sents[i]
        start, end = sentence_bounds(sent)
        body = text[start:end]
        if not body or body.endswith("?") or not in_prose(doc, start) or not _finite(sent):
            continue
        if i not in counted and not _past(sent):
            continue
        speaker = _cited_source(doc, text, by_sentence.get(i - 1, ()), start, cues)
        content = TextSpan(start, end, body)
        claim_start = speaker.start if speaker is not None else start
        out.append(Claim(start=claim_start, end=end, kind=ClaimKind.STATISTIC, speaker=speaker, cue=None,
                         content=content, sentence_start=starts[_sentence_of(starts, claim_start)],
                         sentence_end=end, hedge=hedge(content)))
    return out


def _cited_source(doc: Doc, text: str, previous: Sequence[Claim], start: int, cues: Cues) -> Speaker | None:
    """The data source an attribution in the sentence before cites ("customs data reveals"),
    when that sentence is in the same paragraph as `start`."""
    here = block_at(doc, start) if doc._.nf_blocks else None
    for c in reversed(previous):
        if not is_data_source(c.speaker, cues):
            continue
        same = block_at(doc, c.speaker.start) == here if doc._.nf_blocks else "\n" not in text[c.speaker.end:start]
        if same:
            return c.speaker
    return None
