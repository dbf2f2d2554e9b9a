"""From rule findings and quotes to claims: a content that lies inside a quotation becomes the
whole quotation (all its sentences, its continuation after '"…," he said.' and over
paragraphs); quotations that no cue claims become unattributed direct quotes; each claim
gets its kind, its speaker's canonical name, and its sentence offsets."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Sequence

from spacy.tokens import Doc

from extractors.blocks import block_at, in_prose, sentence_bounds
from extractors.claims.quotes import Quote
from extractors.claims.speakers import SpeakerResolver
from extractors.claims.spans import Found, chars
from schemas import BlockKind, Claim, ClaimKind, Speaker, TextSpan

Char = tuple[int, int]
_JOINER = re.compile(r"[\s,.;:!?\-–—]*[“\"]?\s*")  # what may stand between a quote's halves and its cue
_WORD = re.compile(r"\w")


def _words_inside(text: str, pieces: Iterable[Char], quotes: Sequence[Quote]) -> bool:
    """Every word character of `pieces` lies inside some quotation."""
    for s, e in pieces:
        for m in _WORD.finditer(text, s, e):
            if not any(q.inside(m.start()) for q in quotes):
                return False
    return True


def _overlapping(pieces: Iterable[Char], quotes: Sequence[Quote]) -> list[Quote]:
    return [q for q in quotes if any(s < qe and qs < e for s, e in pieces for qs, qe in q.fragments)]


def _strip(text: str, span: Char) -> Char | None:
    s, e = span
    while s < e and (text[s].isspace() or text[s] in ",;:—–"):
        s += 1
    while e > s and (text[e - 1].isspace() or text[e - 1] in ",;:—–"):
        e -= 1
    return (s, e) if e > s else None


def _continuation(text: str, found: Found, doc: Doc, last: Quote, quotes: Sequence[Quote],
                  claimed: set[Quote]) -> Quote | None:
    """The second half of '"…," he said. "…"': a quotation right after the speaker and cue."""
    parts = [r for r in (found.cue, found.speaker) if r]
    if not parts:
        return None
    first = min(chars(doc, r)[0] for r in parts)
    after = max(chars(doc, r)[1] for r in parts)
    if last.end > first:
        return None
    for q in quotes:
        if q.start > after and q not in claimed:
            gap = text[after:q.start - 1] if q.start > 0 else ""
            return q if _JOINER.fullmatch(gap) and "\n" not in gap else None
    return None


def resolve_quotes(text: str, doc: Doc, found: list[Found], quotes: Sequence[Quote]) -> list[Quote]:
    """Set `chars` on each finding; return the quotations no finding claimed."""
    claimed: set[Quote] = set()
    for f in found:
        f.chars = [chars(doc, r) for r in f.content]
    for f in sorted(found, key=lambda f: f.rule != "verb"):  # verbs claim quotations first
        hits = _overlapping(f.chars, quotes)
        if not hits or f.noun_phrase_content or f.kind is ClaimKind.ACCORDING_TO:
            if hits and f.kind is None:
                f.kind = ClaimKind.PARTIAL_QUOTE
            claimed.update(hits)
            continue
        if _words_inside(text, f.chars, hits):
            pieces = [frag for q in hits for frag in q.fragments]
            more = _continuation(text, f, doc, hits[-1], quotes, claimed)
            if more is not None:
                hits.append(more)
                pieces.extend(more.fragments)
            f.chars = pieces
            f.kind = ClaimKind.DIRECT_QUOTE
        else:
            f.kind = ClaimKind.PARTIAL_QUOTE
        claimed.update(hits)
    return [q for q in quotes if q not in claimed]


def _standalone(text: str, doc: Doc, q: Quote) -> bool:
    """A quotation that opens its paragraph and reads as sentences, not a quoted phrase."""
    body = " ".join(text[s:e] for s, e in q.fragments)
    block = block_at(doc, q.start)
    opens_block = block is None or not text[block.start:q.start].strip(" “\"«")
    return opens_block and len(body.split()) >= 4 and body.rstrip().rstrip("”\"").rstrip()[-1:] in ".!?,"


def _previous_quote(text: str, doc: Doc, found: Sequence[Found], q: Quote) -> Found | None:
    """The direct quote just before a cue-less quoted paragraph, when it ends in the previous
    paragraph: news continues a speaker's quote that way, and it is one attribution."""
    block = block_at(doc, q.start)
    if block is None or block.kind is BlockKind.QUOTE:
        return None
    before = [f for f in found if f.chars and max(e for _, e in f.chars) <= q.start]
    if not before:
        return None
    last = max(before, key=lambda f: max(e for _, e in f.chars))
    between = text[max(e for _, e in last.chars):q.start]
    if last.kind is ClaimKind.DIRECT_QUOTE and last.speaker is not None and between.count("\n") == 1:
        return last
    return None


def unattributed(text: str, doc: Doc, quotes: Sequence[Quote], found: Sequence[Found] = ()) -> list[Found]:
    """Quoted paragraphs with no cue: the continuation of the direct quote just before them
    (joined to it as fragments), else direct quotes without a speaker."""
    out = []
    for q in quotes:
        if _standalone(text, doc, q) and all(in_prose(doc, s) for s, _ in q.fragments):
            previous = _previous_quote(text, doc, [*found, *out], q)
            if previous is not None:
                previous.chars = [*previous.chars, *q.fragments]
                continue
            f = Found(cue=None, speaker=None, content=[], kind=ClaimKind.DIRECT_QUOTE, rule="quote")
            f.chars = list(q.fragments)
            out.append(f)
    return out


class ClaimBuilder:
    def __init__(self, doc: Doc, resolver: SpeakerResolver, text: str | None = None) -> None:
        self.doc = doc
        self.text = doc.text if text is None else text
        self.resolver = resolver
        self.sent_starts = [s.start_char for s in doc.sents]
        self.sent_ends = [sentence_bounds(s)[1] for s in doc.sents]

    def _sentence(self, start: int, end: int) -> tuple[int, int]:
        i = max(bisect_right(self.sent_starts, start) - 1, 0)
        j = max(bisect_right(self.sent_starts, max(end - 1, start)) - 1, i)
        return self.sent_starts[i], self.sent_ends[j]

    def _span(self, pieces: list[Char]) -> TextSpan | None:
        pieces = sorted(p for p in (_strip(self.text, c) for c in pieces) if p)
        merged: list[Char] = []
        for s, e in pieces:
            if merged and (s <= merged[-1][1] or not self.text[merged[-1][1]:s].strip(" ,;:—–-")):
                merged[-1] = (merged[-1][0], max(e, merged[-1][1]))
            else:
                merged.append((s, e))
        if not merged:
            return None
        s, e = merged[0][0], merged[-1][1]
        frags = tuple(TextSpan(a, b, self.text[a:b]) for a, b in merged) if len(merged) > 1 else ()
        return TextSpan(s, e, self.text[s:e], frags)

    def build(self, f: Found) -> Claim | None:
        content = self._span(f.chars)
        if content is None:
            return None
        cue = speaker = None
        if f.cue is not None:
            s, e = chars(self.doc, f.cue)
            cue = TextSpan(s, e, self.text[s:e])
        if f.speaker is not None:
            s, e = chars(self.doc, f.speaker)
            speaker = Speaker(s, e, self.text[s:e], self.resolver.canonical(self.doc[f.speaker[0]:f.speaker[1]]))
        kind = f.kind or ClaimKind.INDIRECT
        edges = [content.start, content.end] + [x for r in (cue, speaker) if r for x in (r.start, r.end)]
        start, end = min(edges), max(edges)
        sent_start, sent_end = self._sentence(start, end)
        return Claim(start=start, end=end, kind=kind, speaker=speaker, cue=cue, content=content,
                     sentence_start=sent_start, sentence_end=sent_end)
