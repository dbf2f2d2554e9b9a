"""Only the outermost attribution counts: a cue inside what someone else is reported to have
said ("I think" inside a quotation, "Lamport" in "Reardon criticized Lamport for saying that
...") is part of that content, not a claim of its own (the PolNeAR guidelines' "no nested
attributions")."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence

from spacy.tokens import Doc

from extractors.claims.quotes import Quote
from extractors.claims.spans import Found, chars

PLANS = frozenset({"xcomp"})  # relations whose content is an intended action


def outside_quotes(doc: Doc, found: Sequence[Found], quotes: Sequence[Quote]) -> list[Found]:
    """`found` without the findings whose cue stands inside a quotation: the quoted speaker's
    "I think" is part of what is quoted. A speaker label opening a paragraph ('"PENCE: ...' in a
    transcript whose paragraphs open with a quote mark) stays: it frames the quote."""
    spans = sorted(frag for q in quotes for frag in q.fragments)
    starts = [s for s, _ in spans]

    def quoted(pos: int) -> bool:
        i = bisect_right(starts, pos) - 1
        return i >= 0 and pos < spans[i][1]

    return [f for f in found if f.cue is None or f.rule == "punctuation" or not quoted(chars(doc, f.cue)[0])]


def _size(f: Found) -> int:
    return sum(e - s for s, e in f.chars)


def outermost(doc: Doc, found: Sequence[Found]) -> list[Found]:
    """`found` without the findings whose cue lies inside another finding's content. Two
    findings inside each other's content (a misparse) keep the one with more content. An
    intention ("agreed to extend the truce after what officials described as ...") holds a
    plan, not words: what is reported inside it stands on its own."""
    pieces = sorted((s, e, n) for n, f in enumerate(found) if f.relation not in PLANS for s, e in f.chars)
    reach, reaches = -1, []  # the furthest piece end up to each piece
    for _, e, _ in pieces:
        reach = max(reach, e)
        reaches.append(reach)
    cues = [chars(doc, f.cue)[0] if f.cue is not None else None for f in found]

    def holders(pos: int) -> set[int]:
        """The findings with a content piece holding character `pos`."""
        out, i = set(), bisect_right(reaches, pos)
        while i < len(pieces) and pieces[i][0] <= pos:
            if pos < pieces[i][1]:
                out.add(pieces[i][2])
            i += 1
        return out

    kept = []
    for n, f in enumerate(found):
        outer = holders(cues[n]) - {n} if cues[n] is not None else set()
        if all(cues[m] is not None and n in holders(cues[m]) and (_size(f), -n) > (_size(found[m]), -m)
               for m in outer):
            kept.append(f)
    return kept
