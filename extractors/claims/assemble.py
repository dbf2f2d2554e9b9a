"""From rule findings and quotes to claims: a content that lies inside a quotation becomes the
whole quotation (all its sentences, its continuation after '"…," he said.' and over
paragraphs); quotations that no cue claims become unattributed direct quotes; each claim
gets its kind, its speaker's canonical name, and its sentence offsets."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Iterator, Sequence

from spacy.tokens import Doc

from extractors.blocks import SentenceIndex, block_at, in_prose
from extractors.claims.hedging import find_hedge
from extractors.claims.quotes import Quote
from extractors.claims.speakers import SpeakerResolver
from extractors.claims.spans import Found, chars
from schemas import BlockKind, Claim, ClaimKind, Speaker, TextSpan

Char = tuple[int, int]
_JOINER = re.compile(r"[\s,.;:!?\-–—”“\"'»«]*")  # what may stand between the halves of a quote
_MAX_GAP = 200  # characters between a speaker's sentence and the quote that continues it
_WORD = re.compile(r"\w")


def _words_inside(text: str, pieces: Iterable[Char], quotes: Sequence[Quote]) -> bool:
    """Every word character of `pieces` lies inside some quotation."""
    for s, e in pieces:
        for m in _WORD.finditer(text, s, e):
            if not any(q.inside(m.start()) for q in quotes):
                return False
    return True


class QuoteIndex:
    """The quotations of a doc by position, so each finding looks up only the quotations near
    it (a scan of every quotation per finding is quadratic on long documents)."""

    def __init__(self, quotes: Sequence[Quote]) -> None:
        self.quotes = list(quotes)
        self._frags = sorted((s, e, k) for k, q in enumerate(self.quotes) for s, e in q.fragments)
        reach, self._reach = -1, []  # the furthest fragment end up to each fragment
        for _, e, _ in self._frags:
            reach = max(reach, e)
            self._reach.append(reach)
        self._order = sorted(range(len(self.quotes)), key=lambda k: (self.quotes[k].start, k))
        self._starts = [self.quotes[k].start for k in self._order]

    def overlapping(self, pieces: Iterable[Char]) -> list[Quote]:
        """The quotations (in their order) with a fragment overlapping one of `pieces`."""
        hit: set[int] = set()
        for s, e in pieces:
            i = bisect_right(self._reach, s)
            while i < len(self._frags) and self._frags[i][0] < e:
                if self._frags[i][1] > s:
                    hit.add(self._frags[i][2])
                i += 1
        return [self.quotes[k] for k in sorted(hit)]

    def starting_after(self, pos: int) -> Iterator[Quote]:
        """The quotations that start after `pos`, by start."""
        for i in range(bisect_right(self._starts, pos), len(self._order)):
            yield self.quotes[self._order[i]]


def _strip(text: str, span: Char) -> Char | None:
    s, e = span
    while s < e and (text[s].isspace() or text[s] in ",;:—–"):
        s += 1
    while e > s and (text[e - 1].isspace() or text[e - 1] in ",;:—–"):
        e -= 1
    return (s, e) if e > s else None


def _continuation(text: str, found: Found, doc: Doc, last: Quote, quotes: QuoteIndex,
                  taken: Callable[[Quote], bool], cue_between: Callable[[int, int], bool]) -> list[Quote]:
    """The quotations that continue a direct quote in its paragraph: '"…," he said. "…"',
    '"…," said X, a professor at Y, in an interview. "…" "…"'. The first may follow the
    speaker's sentence when no other cue stands in between; each further one must follow the
    last with nothing but punctuation between. A quotation that is another cue's content
    ('"…," he said. "…," she replied.') ends the run."""
    parts = [chars(doc, r) for r in (found.cue, found.speaker) if r]
    if not parts:
        return []
    first, after = min(s for s, _ in parts), max(e for _, e in parts)
    if last.end <= first:
        pos, lenient = after, True
    elif last.start >= after:
        pos, lenient = last.end, False
    else:
        return []
    out: list[Quote] = []
    for q in quotes.starting_after(pos):
        gap = text[pos:q.start].rstrip("“\"«'")
        if taken(q) or "\n" in gap:
            break
        if not (_JOINER.fullmatch(gap) or (lenient and len(gap) <= _MAX_GAP and gap.rstrip()[-1:] in ".!?:"
                                           and not cue_between(pos, q.start))):
            break
        out.append(q)
        pos, lenient = q.end, False
    return out


def resolve_quotes(text: str, doc: Doc, found: list[Found], quotes: Sequence[Quote]) -> list[Quote]:
    """Set `chars` on each finding; return the quotations no finding claimed."""
    claimed: set[Quote] = set()
    index = QuoteIndex(quotes)
    for f in found:
        f.chars = [chars(doc, r) for r in f.content]
    hits_of = [index.overlapping(f.chars) for f in found]
    cue_starts = sorted(chars(doc, f.cue)[0] for f in found if f.cue is not None)

    def cue_between(start: int, end: int) -> bool:
        i = bisect_left(cue_starts, start)
        return i < len(cue_starts) and cue_starts[i] < end

    owners: dict[Quote, set[int]] = {}
    for n, hits in enumerate(hits_of):
        for q in hits:
            owners.setdefault(q, set()).add(n)
    for n in sorted(range(len(found)), key=lambda n: found[n].rule != "verb"):  # verbs claim quotations first
        f, hits = found[n], hits_of[n]
        if hits and f.rule == "punctuation" and f.kind is None:
            # "WALLACE: …" opening a paragraph of a quoted transcript: the label's own paragraph
            # is its content, though the quotation runs on into the next speaker's turn
            f.kind = ClaimKind.DIRECT_QUOTE
            claimed.update(hits)
            continue
        if not hits or f.noun_phrase_content or f.kind is ClaimKind.ACCORDING_TO:
            if hits and f.kind is None:
                f.kind = ClaimKind.PARTIAL_QUOTE
            claimed.update(hits)
            continue
        if _words_inside(text, f.chars, hits):
            pieces = [frag for q in hits for frag in q.fragments]
            more = _continuation(text, f, doc, hits[-1], index,
                                 lambda q, n=n: q in claimed or bool(owners.get(q, set()) - {n}), cue_between)
            hits.extend(more)
            pieces.extend(frag for q in more for frag in q.fragments)
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
    opens_block = block is None or not text[block.start:q.start].strip(" “\"«'")
    return opens_block and len(body.split()) >= 4 and body.rstrip().rstrip("”\"'»").rstrip()[-1:] in ".!?,"


def _end(f: Found) -> int:
    return max(e for _, e in f.chars)


def _continues(text: str, doc: Doc, last: Found, q: Quote) -> bool:
    """`q`, a cue-less quoted paragraph, continues `last`, the claim that ends just before it:
    a speaker's direct quote that ends in the previous paragraph. News continues a quote that
    way, and it is one attribution."""
    if last.kind is not ClaimKind.DIRECT_QUOTE or last.speaker is None:
        return False
    block = block_at(doc, q.start)
    if block is None or block.kind is BlockKind.QUOTE:
        return False
    start = _end(last)
    first = text.find("\n", start, q.start)  # exactly one line break between them
    return first != -1 and text.find("\n", first + 1, q.start) == -1


def unattributed(text: str, doc: Doc, quotes: Sequence[Quote], found: Sequence[Found] = ()) -> list[Found]:
    """Quoted paragraphs with no cue: the continuation of the direct quote just before them
    (joined to it as fragments), else direct quotes without a speaker."""
    out: list[Found] = []
    # The claim that ends last before each quotation (the earliest listed on a tie), found
    # in one pass over the findings by end: `quotes` are in text order.
    ends = sorted((_end(f), n) for n, f in enumerate(found) if f.chars)
    i, last, last_end, last_n = 0, None, -1, -1
    for q in quotes:
        if not (_standalone(text, doc, q) and all(in_prose(doc, s) for s, _ in q.fragments)):
            continue
        while i < len(ends) and ends[i][0] <= q.start:
            end, n = ends[i]
            if end > last_end or (end == last_end and n < last_n):
                last, last_end, last_n = found[n], end, n
            i += 1
        if last is not None and _continues(text, doc, last, q):
            last.chars = [*last.chars, *q.fragments]
        else:
            f = Found(cue=None, speaker=None, content=[], kind=ClaimKind.DIRECT_QUOTE, rule="quote")
            f.chars = list(q.fragments)
            out.append(f)
            last, last_n = f, len(found) + len(out) - 1
        last_end = q.end
    return out


class ClaimBuilder:
    def __init__(self, doc: Doc, resolver: SpeakerResolver, text: str | None = None) -> None:
        self.doc = doc
        self.text = doc.text if text is None else text
        self.resolver = resolver
        self.sentences = SentenceIndex(doc)

    def hedge(self, cue: tuple[int, int] | None, content: TextSpan) -> TextSpan | None:
        """The hedge or forecast word in the cue (token range) or the content, as a span."""
        prefilter = self.resolver.cues.hedge_prefilter
        pieces = [p for p in content.fragments or (content,) if prefilter.search(p.text)]
        cue_hit = cue is not None and prefilter.search(self.doc[cue[0]:cue[1]].text)
        if not pieces and not cue_hit:  # most claims hold no hedge word: skip the token scan
            return None
        ranges = [cue] if cue is not None else []
        for piece in pieces:
            span = self.doc.char_span(piece.start, piece.end, alignment_mode="expand")
            if span is not None:
                ranges.append((span.start, span.end))
        hit = find_hedge(self.doc, ranges, self.resolver.cues)
        if hit is None:
            return None
        s, e = chars(self.doc, hit)
        return TextSpan(s, e, self.text[s:e])

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
            named = f.antecedent or f.speaker  # "who" is named by whom it stands for
            speaker = Speaker(s, e, self.text[s:e], self.resolver.canonical(self.doc[named[0]:named[1]]))
        kind = f.kind or ClaimKind.INDIRECT
        edges = [content.start, content.end] + [x for r in (cue, speaker) if r for x in (r.start, r.end)]
        start, end = min(edges), max(edges)
        sent_start, sent_end = self.sentences.bounds(start, end)
        return Claim(start=start, end=end, kind=kind, speaker=speaker, cue=cue, content=content,
                     sentence_start=sent_start, sentence_end=sent_end, hedge=self.hedge(f.cue, content))
