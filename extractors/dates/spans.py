"""Candidate spans for time expressions and the choice among them.

Candidates come from our token patterns, the lexicon phrases (references, holidays) and
the model's DATE/TIME entities. Each is read; a model entity is kept only when every word
is temporal. Vetoed text (ages, "month-over-month") is dropped, overlaps go to the longest
span, and a kept span takes in an adjacent modifier ("approximately", "early", "or so")
when the modifier fits its kind, giving TimeML extents.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from spacy.tokens import Doc, Span

from extractors.dates.lexicon import Lexicon
from extractors.dates.patterns import Rules
from extractors.dates.reading import Reading
from extractors.dates.words import HYPHENS, WordTable, span_words

MODEL_LABELS = frozenset({"DATE", "TIME"})
_TRIM_LEFT = frozenset({"ADP", "PUNCT", "CCONJ", "SCONJ", "PART"})
_TRIM_RIGHT = frozenset({"'s", "’s", "'", ",", ".", ";", ":", "(", ")", "-", "–", "—", '"', "''", "``"})


@dataclass(frozen=True, slots=True)
class Candidate:
    start: int  # token indices, end exclusive
    end: int
    source: str  # pattern id, "phrase:<key>" or "model:<label>"
    reading: Reading

    @property
    def from_model(self) -> bool:
        return self.source.startswith("model:")

    def overlaps(self, start: int, end: int) -> bool:
        return self.start < end and start < self.end


Reader = Callable[[Span], Reading]


def _trim(doc: Doc, start: int, end: int) -> tuple[int, int]:
    while start < end and (doc[start].pos_ in _TRIM_LEFT and doc[start].lower_ not in ("about", "around", "over",
                                                                                        "under", "within", "up")
                           or doc[start].is_space):
        start += 1
    while end > start and (doc[end - 1].text in _TRIM_RIGHT or doc[end - 1].is_space):
        end -= 1
    return start, end


def candidates(doc: Doc, rules: Rules, read: Reader) -> tuple[list[Candidate], list[tuple[int, int]]]:
    """All candidates (read) and the vetoed token ranges."""
    strings = doc.vocab.strings
    found: dict[tuple[int, int], str] = {}
    for match_id, start, end in rules.timexes(doc):
        found.setdefault((start, end), strings[match_id])
    for match_id, start, end in rules.phrases(doc):
        found.setdefault((start, end), f"phrase:{strings[match_id]}")
    for ent in doc.ents:
        if ent.label_ in MODEL_LABELS:
            start, end = _trim(doc, ent.start, ent.end)
            if start < end:
                found.setdefault((start, end), f"model:{ent.label_}")
    vetoes = [(start, end) for _, start, end in rules.vetoes(doc)]
    out = [Candidate(start, end, source, read(doc[start:end])) for (start, end), source in found.items()]
    return out, vetoes


def usable(c: Candidate) -> bool:
    """A model entity must read as one time expression made only of temporal words."""
    r = c.reading
    if c.from_model:
        return not r.unknown and not r.conjunction
    return not r.conjunction or r.kind == "duration"


def choose(cands: list[Candidate], vetoes: list[tuple[int, int]]) -> list[Candidate]:
    """Non-overlapping candidates, longest first (patterns before the model on ties)."""
    kept: list[Candidate] = []
    for c in sorted(cands, key=lambda c: (-(c.end - c.start), c.from_model, c.start)):
        if any(c.overlaps(s, e) for s, e in vetoes):
            continue
        if any(c.overlaps(k.start, k.end) for k in kept):
            continue
        kept.append(c)
    return sorted(kept, key=lambda c: c.start)


def _fits(attach: str, r: Reading) -> bool:
    kind = r.kind
    if r.mod is not None:
        return False
    if attach == "count":
        return r.starts_with_count and kind in ("duration", "offset")
    if attach == "count_or_exact":
        return (r.starts_with_count and kind in ("duration", "offset")) or (
            kind == "point" and (r.clock is not None or r.day is not None))
    if attach == "point":
        return kind == "point" and r.clock is None
    if attach == "relative_point":
        return kind == "point" and (r.relative is not None or r.deictic is not None or r.weekday is not None)
    return False


def extend(doc: Doc, c: Candidate, table: WordTable, read: Reader, lo: int, hi: int) -> Candidate:
    """Take in one modifier before (or else after) the span, within tokens lo..hi."""
    best = None
    for n in range(min(table.longest, 4), 0, -1):
        start = c.start - n
        gap = 1 if start - 1 >= lo and doc[c.start - 1].text in HYPHENS else 0
        for s in (start, start - gap) if gap else (start,):
            if s < lo:
                continue
            words = tuple(span_words(doc[s:s + n]))
            sense = next((x for x in table.entries.get(words, []) if x.kind == "prefix"), None)
            if sense is not None and _fits(sense.value["before"], c.reading):
                best = s
                break
        if best is not None:
            break
    if best is not None:
        return Candidate(best, c.end, c.source, read(doc[best:c.end]))
    for n in range(min(table.longest, 3), 1, -1):
        end = c.end + n
        if end > hi:
            continue
        words = tuple(span_words(doc[c.end:end]))
        if any(x.kind == "suffix" for x in table.entries.get(words, [])) and c.reading.mod is None \
                and c.reading.kind in ("point", "duration"):
            return Candidate(c.start, end, c.source, read(doc[c.start:end]))
    return c
